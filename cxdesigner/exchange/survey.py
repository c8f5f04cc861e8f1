"""Survey responses from a spreadsheet, matched to a journey's touchpoints by title."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document.commands import AddEntitiesCommand, short_name
from ..i18n import N_, _, ngettext, number, pgettext, translation
from ..model import Project, ValidationError, new_id, vocab
from ..model.entities import SURVEY_RANGES, Response
from .columns import normalize_header
from .common import ROW_FIELD, Progress, RowError, fold, quoted, tick
from .tables import Table
from .touchpoints import InvalidRowsError
from .values import BadValueError, cell_text, parse_int

SURVEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "touchpoint": ("touchpoint", "punto de contacto", "title", "título", "touchpoint title", "card", "tarjeta", "step"),
    "measure": ("measure", "medida", "metric", "métrica", "indicator", "indicador", "type", "tipo", "question"),
    "score": ("score", "puntuación", "puntaje", "value", "valor", "rating", "nota", "answer", "respuesta"),
    "date": ("date", "fecha", "when", "cuándo"),
    "comment": ("comment", "comentario", "comments", "comentarios", "verbatim", "text", "texto", "feedback"),
}
SURVEY_HEADERS = (N_("Touchpoint"), N_("Measure"), N_("Score"), N_("Date"), N_("Comment"))


def survey_headers(lang: str) -> tuple[str, ...]:
    """The headers of a survey spreadsheet in ``lang``, in the order the dialog shows them."""
    t = translation(lang)
    return tuple(t.gettext(h) for h in SURVEY_HEADERS)


_MEASURES: dict[str, str] = {}
for _key, _term in vocab.SURVEY_MEASURES.items():
    for _name in (_key, *_term.labels()):
        _MEASURES[normalize_header(_name)] = _key
_MEASURES.update(
    {
        "effort": "ces",
        "esfuerzo": "ces",
        "customer effort": "ces",
        "net promoter score": "nps",
        "satisfaction": "csat",
        "satisfaccion": "csat",
        "emocion": "emotion",
        "feeling": "emotion",
    }
)


# Distinct titles or measures remembered at most while checking a survey's rows.
_CACHED = 10_000


def guess_survey_mapping(headers: list[str]) -> dict[int, str]:
    index = {normalize_header(a): f for f, aliases in SURVEY_COLUMNS.items() for a in aliases}
    mapping: dict[int, str] = {}
    for i, h in enumerate(headers):
        f = index.get(normalize_header(h))
        if f and f not in mapping.values():
            mapping[i] = f
    return mapping


@dataclass
class SurveyImport:
    """Responses read and matched, and the rows that could not be."""

    responses: list[Response] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    journey: str = ""  # the name of the journey the answers were matched in, for the undo step

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def command(self, skip_invalid: bool = False, source: str = "") -> AddEntitiesCommand:
        if self.errors and not skip_invalid:
            raise InvalidRowsError(self.errors)
        if not self.responses:
            raise ValidationError(_("There are no valid survey responses to import"))
        n = len(self.responses)
        return AddEntitiesCommand(self.responses, self._text(n, source))

    def _text(self, n: int, source: str) -> str:
        """The undo step names the file and the journey, quoted: "Import 12 survey responses from notes.csv"."""
        names = {"n": number(n), "source": short_name(source), "journey": short_name(self.journey)}
        if source and self.journey:
            return ngettext(
                "Import {n} survey response from “{source}” into “{journey}”",
                "Import {n} survey responses from “{source}” into “{journey}”",
                n,
            ).format(**names)
        if source:
            return ngettext(
                "Import {n} survey response from “{source}”", "Import {n} survey responses from “{source}”", n
            ).format(**names)
        return ngettext("Import {n} survey response", "Import {n} survey responses", n).format(**names)


def check_survey(
    project: Project,
    journey_id: str,
    table: Table,
    mapping: dict[int, str] | None = None,
    progress: Progress | None = None,
) -> SurveyImport:
    """Read each row, check measure and score range, and find its touchpoint by title."""
    mapping = dict(guess_survey_mapping(table.headers) if mapping is None else mapping)
    missing = [f for f in ("touchpoint", "measure", "score") if f not in mapping.values()]
    if missing:
        heads = ", ".join(quoted(h) for h in table.headers if h) or _("none")
        # The columns by their names in the interface language: a header may say either language's.
        columns = _(" or ").join(pgettext(ROW_FIELD, f) for f in missing)
        raise ValidationError(
            _(
                "{source}: no {columns} column found (headers: {headers}); "
                "survey files need touchpoint, measure and score columns (date and comment are optional)"
            ).format(source=table.source or _("The spreadsheet"), columns=columns, headers=heads)
        )
    by_title: dict[str, list[str]] = {}
    for tp in project.touchpoints(journey_id):
        by_title.setdefault(fold(tp.title), []).append(tp.id)
    journey = project.get("journey", journey_id)
    out = SurveyImport(
        unknown_columns=[h for i, h in enumerate(table.headers) if i not in mapping and h.strip()], journey=journey.name
    )
    total = len(table.rows)
    # A survey names a few cards and four measures a million times: each text is folded once, not per
    # row (folding was two thirds of the check). Bounded, for a file whose every title differs.
    titles: dict[str, list[str]] = {}
    measures: dict[str, str | None] = {}
    for k, (rownum, cells) in enumerate(table.rows):
        if k % 1000 == 0:
            tick(progress, k, total)
            if len(titles) > _CACHED or len(measures) > _CACHED:
                titles.clear()
                measures.clear()
        v: dict[str, Any] = {f: (cells[i] if i < len(cells) else None) for i, f in mapping.items()}
        errs: list[RowError] = []
        title = cell_text(v.get("touchpoint"))
        ids = titles.get(title)
        if ids is None:
            ids = titles[title] = by_title.get(fold(title), [])
        if not title:
            errs.append(RowError(rownum, "touchpoint", _("the touchpoint title is empty")))
        elif not ids:
            errs.append(
                RowError(
                    rownum,
                    "touchpoint",
                    _("no touchpoint titled {title} in journey {journey}").format(
                        title=quoted(title), journey=quoted(journey.name)
                    ),
                )
            )
        elif len(ids) > 1:
            errs.append(
                RowError(
                    rownum,
                    "touchpoint",
                    _("{n} touchpoints are titled {title}; rename them to tell apart").format(
                        n=number(len(ids)), title=quoted(title)
                    ),
                )
            )
        measure_text = cell_text(v.get("measure"))
        if measure_text in measures:
            measure = measures[measure_text]
        else:
            measure = measures[measure_text] = _MEASURES.get(normalize_header(measure_text))
        if measure is None:
            refusal = _("{value} is not one of: nps, csat, ces, emotion").format(value=quoted(measure_text))
            errs.append(RowError(rownum, "measure", refusal))
        score = None
        if measure is not None:
            lo, hi = SURVEY_RANGES[measure]
            try:
                score = parse_int(v.get("score"), lo, hi)
                if score is None:
                    errs.append(RowError(rownum, "score", _("the score is empty")))
            except BadValueError as exc:
                errs.append(RowError(rownum, "score", _("{error} for {measure}").format(error=exc, measure=measure)))
        if errs:
            out.errors.extend(errs)
            continue
        try:
            out.responses.append(
                Response(
                    id=new_id("rs"),
                    touchpoint_id=ids[0],
                    measure=measure,  # type: ignore[arg-type]
                    score=score,  # type: ignore[arg-type]
                    date=cell_text(v.get("date"))[:100],
                    comment=cell_text(v.get("comment")),
                )
            )
        except ValidationError as exc:
            out.errors.append(RowError(rownum, "", str(exc)))
    tick(progress, total, total)
    return out


__all__ = ["SURVEY_COLUMNS", "SURVEY_HEADERS", "SurveyImport", "check_survey", "guess_survey_mapping", "survey_headers"]
