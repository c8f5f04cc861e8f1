"""The touchpoint columns of spreadsheets: headers in English and Spanish, value types, aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import vocab
from .common import fold


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: the model field it fills, its headers and the kind of value."""

    field: str
    en: str
    es: str
    kind: str  # text, int, float, bool, list, vocab, words, stage, phase, lane, channel
    aliases: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None

    def header(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


# Export order: what a workshop fills in first comes first.
COLUMNS: tuple[Column, ...] = (
    Column(
        "title", "Title", "Título", "text", ("name", "nombre", "touchpoint", "punto de contacto", "card", "tarjeta")
    ),
    Column("stage", "Stage", "Etapa", "stage", ("step", "paso", "columna")),
    Column("phase", "Phase", "Fase", "phase", ("purchase phase", "fase de compra", "momento")),
    Column("lane", "Lane", "Carril", "lane", ("swimlane", "row", "fila")),
    Column("channel", "Channel", "Canal", "channel", ("medium", "medio")),
    Column("description", "Description", "Descripción", "text", ("detail", "detalle")),
    Column("expectation", "Expectation", "Expectativa", "text", ("expectations", "expectativas", "expects", "espera")),
    Column(
        "experience", "Experience", "Experiencia", "text", ("experiences", "experiencias", "perception", "percepción")
    ),
    Column("emotion", "Emotion", "Emoción", "int", ("emotion score", "feeling", "sentimiento", "emocion"), -3, 3),
    Column("emotion_words", "Emotion words", "Palabras de emoción", "words", ("emotions", "emociones", "feelings")),
    Column("importance", "Importance", "Importancia", "int", (), 1, 5),
    Column("satisfaction", "Satisfaction", "Satisfacción", "int", ("performance", "desempeño", "rendimiento"), 1, 5),
    Column(
        "pain_points",
        "Pain points",
        "Puntos de dolor",
        "list",
        ("pain point", "punto de dolor", "pains", "dolores", "problems", "problemas"),
    ),
    Column(
        "opportunities", "Opportunities", "Oportunidades", "list", ("opportunity", "oportunidad", "ideas", "mejoras")
    ),
    Column("category", "Category", "Categoría", "vocab", ()),
    Column(
        "contact",
        "Contact",
        "Contacto",
        "vocab",
        ("contact type", "tipo de contacto", "direct or indirect", "directo o indirecto"),
    ),
    Column("ownership", "Ownership", "Propiedad", "vocab", ("owned", "owned by", "titularidad")),
    Column("owner_team", "Owner team", "Equipo responsable", "text", ("owner", "team", "equipo", "responsable")),
    Column(
        "emotional_weight",
        "Emotional weight",
        "Peso emocional",
        "int",
        ("rational vs emotional", "racional vs emocional"),
        0,
        100,
    ),
    Column("csat", "CSAT", "CSAT", "float", (), 0, 100),
    Column("nps", "NPS", "NPS", "int", (), -100, 100),
    Column("effort", "Effort", "Esfuerzo", "int", ("ces", "customer effort"), 1, 7),
    Column("moment_of_truth", "Moment of truth", "Momento de la verdad", "bool", ("mot", "momento de verdad")),
    Column("votes", "Votes", "Votos", "int", ("dots", "dot votes", "puntos de voto"), 0, 1_000_000),
    Column("tags", "Tags", "Etiquetas", "list", ("tag", "etiqueta")),
    Column("notes", "Notes", "Notas", "text", ("note", "nota", "comments", "comentarios")),
    Column("evidence", "Evidence", "Evidencia", "vocab", ()),
)

BY_FIELD = {c.field: c for c in COLUMNS}

VOCABS: dict[str, dict[str, vocab.Term]] = {
    "category": vocab.CATEGORIES,
    "contact": vocab.CONTACT_TYPES,
    "ownership": vocab.OWNERSHIP,
    "evidence": vocab.EVIDENCE,
    "emotion_words": vocab.EMOTION_WORDS,
    "phase": vocab.PHASES,
}

# Line breaks inside a cell separate the items of a list (Alt+Enter in Excel), documented in docs/cli.md.
LIST_SEPARATOR = "\n"


def normalize_header(text: str) -> str:
    """Fold a header and drop what people add around names: units in brackets, colons, stars."""
    text = re.sub(r"[(\[{].*?[)\]}]", " ", str(text))
    return fold(re.sub(r"[^\w\s/]+", " ", text))


def _header_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for col in COLUMNS:
        for name in (col.field, col.en, col.es, *col.aliases):
            out.setdefault(normalize_header(name), col.field)
    return out


HEADER_INDEX = _header_index()


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index → field for the headers we recognise; the first column claiming a field wins."""
    mapping: dict[int, str] = {}
    claimed: set[str] = set()
    for i, h in enumerate(headers):
        field = HEADER_INDEX.get(normalize_header(h))
        if field and field not in claimed:
            mapping[i] = field
            claimed.add(field)
    return mapping


__all__ = [
    "BY_FIELD",
    "COLUMNS",
    "HEADER_INDEX",
    "LIST_SEPARATOR",
    "VOCABS",
    "Column",
    "guess_mapping",
    "normalize_header",
]
