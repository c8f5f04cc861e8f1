"""The touchpoint columns of spreadsheets: headers in English and Spanish, value types, aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import LANGUAGES, N_, translation
from ..model import vocab
from .common import fold


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: the model field it fills, its headers and the kind of value."""

    field: str
    en: str  # the English header, a msgid of the catalogue
    kind: str  # text, int, float, bool, list, vocab, words, stage, phase, lane, channel
    aliases: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None

    def header(self, lang: str) -> str:
        return translation(lang).gettext(self.en)

    def headers(self) -> tuple[str, ...]:
        """The header in every language (what an imported spreadsheet may call the column)."""
        return tuple(dict.fromkeys(translation(lang).gettext(self.en) for lang in LANGUAGES))


# Export order: what a workshop fills in first comes first.
COLUMNS: tuple[Column, ...] = (
    Column(
        "title", N_("Title"), "text", ("name", "nombre", "touchpoint", "punto de contacto", "card", "tarjeta")
    ),
    Column("stage", N_("Stage"), "stage", ("step", "paso", "columna")),
    Column("phase", N_("Phase"), "phase", ("purchase phase", "fase de compra", "momento")),
    Column("lane", N_("Lane"), "lane", ("swimlane", "row", "fila")),
    Column("channel", N_("Channel"), "channel", ("medium", "medio")),
    Column("description", N_("Description"), "text", ("detail", "detalle")),
    Column("expectation", N_("Expectation"), "text", ("expectations", "expectativas", "expects", "espera")),
    Column(
        "experience", N_("Experience"), "text", ("experiences", "experiencias", "perception", "percepción")
    ),
    Column("emotion", N_("Emotion"), "int", ("emotion score", "feeling", "sentimiento", "emocion"), -3, 3),
    Column("emotion_words", N_("Emotion words"), "words", ("emotions", "emociones", "feelings")),
    Column("importance", N_("Importance"), "int", (), 1, 5),
    Column("satisfaction", N_("Satisfaction"), "int", ("performance", "desempeño", "rendimiento"), 1, 5),
    Column(
        "pain_points",
        N_("Pain points"),
        "list",
        ("pain point", "punto de dolor", "pains", "dolores", "problems", "problemas"),
    ),
    Column(
        "opportunities", N_("Opportunities"), "list", ("opportunity", "oportunidad", "ideas", "mejoras")
    ),
    Column("category", N_("Category"), "vocab", ()),
    Column(
        "contact",
        N_("Contact"),
        "vocab",
        ("contact type", "tipo de contacto", "direct or indirect", "directo o indirecto"),
    ),
    Column("ownership", N_("Ownership"), "vocab", ("owned", "owned by", "titularidad")),
    Column("owner_team", N_("Owner team"), "text", ("owner", "team", "equipo", "responsable")),
    Column(
        "emotional_weight",
        N_("Emotional weight"),
        "int",
        ("rational vs emotional", "racional vs emocional"),
        0,
        100,
    ),
    Column("csat", N_("CSAT"), "float", (), 0, 100),
    Column("nps", N_("NPS"), "int", (), -100, 100),
    Column("effort", N_("Effort"), "int", ("ces", "customer effort"), 1, 7),
    Column("moment_of_truth", N_("Moment of truth"), "bool", ("mot", "momento de verdad")),
    Column("votes", N_("Votes"), "int", ("dots", "dot votes", "puntos de voto"), 0, 1_000_000),
    Column("tags", N_("Tags"), "list", ("tag", "etiqueta")),
    Column("notes", N_("Notes"), "text", ("note", "nota", "comments", "comentarios")),
    Column("evidence", N_("Evidence"), "vocab", ()),
    # Last, so older spreadsheets keep their columns where they were: "yes" for an idea waiting in the inbox.
    Column("inbox", N_("Unplaced"), "bool", ("inbox", "ideas inbox", "not placed", "sin colocar", "no colocada",
                                              "bandeja de ideas")),
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
        for name in (col.field, *col.headers(), *col.aliases):
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
