"""Helpers every format shares: name matching, unique names, journey lookup, row errors."""

from __future__ import annotations

import errno
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..i18n import N_, NP_, _, name_in_text, number, os_reason, pgettext, quote, translation
from ..model import Project, ValidationError, vocab
from ..model.entities import Journey

# progress(done, total); returning False asks the work to stop (the dialogs' Cancel button).
Progress = Callable[[int, int], object]


class ImportCancelledError(ValidationError):
    """The user stopped a long import; nothing was changed."""


class ExportCancelledError(Exception):
    """The user stopped a long export (its ``progress`` returned False); no file was written."""


# Delimiters a person knows by name: "not a semicolon" reads better than "not ';'" in any language.
_DELIMITER_NAMES = {
    ",": N_("a comma"),
    ";": N_("a semicolon"),
    "\t": N_("a tab"),
    " ": N_("a space"),
    "|": N_("a vertical bar"),
}


def quoted(text: str, most: int = 40) -> str:
    """A value from a file in the interface language's quotation marks, on one line and at most ``most``
    characters: an invisible character is written as its code (``\\x00``), as nothing else shows it."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text[:most]
    )
    return quote(shown + ("…" if len(text) > most else ""))


def delimiter_name(delimiter: str) -> str:
    """A CSV delimiter as a message names it: ``a semicolon``, ``a tab``, or the character in quotation marks."""
    name = _DELIMITER_NAMES.get(delimiter)
    return _(name) if name is not None else quoted(delimiter)


def check_delimiter(delimiter: str) -> None:
    """Refuse a CSV delimiter the exports do not write, naming in words the three they do."""
    if delimiter not in (",", ";", "\t"):
        raise ValidationError(
            _("The delimiter must be a comma, a semicolon or a tab, not {delimiter}").format(
                delimiter=delimiter_name(delimiter)
            )
        )


_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def reading_failure(exc: BaseException, name: str) -> ValidationError | None:
    """What a failure while reading or checking the file ``name`` means to its reader, and what to do.

    A worker that reads a file the user chose ends in more than our refusals: the memory runs out on a
    file too large for this computer, the disk or network share goes away mid-read (EIO), the permission
    is taken back, a library meets bytes no encoding fits or nesting deeper than Python's stack. Each
    became "unexpected error" with a traceback; each is a fact about the file or the computer, said
    here with the next step. None for anything else (a bug in our code, to be logged as one).
    """
    told = _reading_failure(exc, f"{name}: " if name else "")
    if told is None or name:
        return told
    text = str(told)  # about no file (checking rows already read): a sentence of its own
    return ValidationError(text[:1].upper() + text[1:])


def _reading_failure(exc: BaseException, where: str) -> ValidationError | None:
    if isinstance(exc, MemoryError):
        return ValidationError(
            where + _("there is not enough memory to read it; close other programs and try again, "
                      "or split the file into smaller ones")
        )
    if isinstance(exc, RecursionError):
        return ValidationError(
            where + _("it is nested too deeply to read (groups within groups, or brackets within brackets); "
                      "save it again with fewer levels from the program that made it")
        )
    if isinstance(exc, UnicodeError):
        return ValidationError(
            where + _("its text is not in an encoding CX Designer reads; save it again as UTF-8 and try again")
        )
    if isinstance(exc, OSError):
        reason = os_reason(exc)
        if exc.errno in _FULL:
            return ValidationError(where + _("{reason}; free some space and try again").format(reason=reason))
        if exc.errno in (errno.EACCES, errno.EPERM):
            return ValidationError(
                where + _("it cannot be read ({reason}); copy it to a folder of yours, or ask its owner for "
                          "access, then try again").format(reason=reason)
            )
        return ValidationError(
            where + _("reading it failed ({reason}); if it is on a USB stick or a network folder, check it is "
                      "still there, or copy the file to this computer, then try again").format(reason=reason)
        )
    return None


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form for matching names typed by people."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s_]+", " ", bare.casefold()).strip()


class Names:
    """Names already taken (compared case- and accent-insensitively), handing out free ones as it goes.

    One instance per import keeps naming thousands of journeys linear: the folded names are kept,
    and the next free number of each base is remembered.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._used = {fold(t) for t in taken}
        self._next: dict[str, int] = {}

    def take(self, name: str) -> str:
        """``name``, or ``name (2)``, ``name (3)``… whichever is free; it is taken from now on."""
        folded = fold(name)
        if folded not in self._used:
            self._used.add(folded)
            return name
        base = re.sub(r" \(\d+\)$", "", name)
        key = fold(base)
        n = self._next.get(key, 2)
        while fold(f"{base} ({n})") in self._used:
            n += 1
        self._next[key] = n + 1
        self._used.add(fold(f"{base} ({n})"))
        return f"{base} ({n})"


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… whichever is free (compared case-insensitively)."""
    return Names(taken).take(name)


def find_journey(project: Project, name: str | None) -> Journey | None:
    """The journey named ``name`` (exact, then folded), or the first journey when ``name`` is None."""
    journeys = project.journeys()
    if name is None:
        return journeys[0] if journeys else None
    by_id = project.tables["journey"].get(name)
    if by_id is not None:
        return by_id
    exact = project.journey_by_name(name)
    if exact is not None:
        return exact
    folded = [j for j in journeys if fold(j.name) == fold(name)]
    return folded[0] if len(folded) == 1 else None


def require_journey(project: Project, name: str | None) -> Journey:
    j = find_journey(project, name)
    if j is None:
        if name is None:
            raise ValidationError(_("The project has no journey"))
        names = ", ".join(quoted(x.name) for x in project.journeys())
        asked = name_in_text(name)
        if not names:
            raise ValidationError(_("There is no journey named “{name}” (journeys: none)").format(name=asked))
        raise ValidationError(
            _("There is no journey named “{name}” (journeys: {names})").format(name=asked, names=names)
        )
    return j


def vocab_lookup(terms: dict[str, vocab.Term]) -> dict[str, str]:
    """Folded key and label in every language → key, so people may type any of them."""
    out: dict[str, str] = {}
    for term in terms.values():
        for text in (term.key, term.key.replace("_", " "), *term.labels()):
            out.setdefault(fold(text), term.key)
    return out


def persona_name(project: Project, journey: Journey) -> str:
    persona = project.tables["persona"].get(journey.persona_id) if journey.persona_id else None
    return persona.name if persona else ""


# The context of a field's name inside a row error ("row 14, emotion: …") or a draw.io property's
# refusal: lower case in running text, unlike the column headers, so English reads as it always has.
ROW_FIELD = "field named in a row error"
# Every name a row error may give (the spreadsheet columns' fields, the survey's, and a drawn shape's), for
# the catalogue.
ROW_FIELD_NAMES = (
    NP_("field named in a row error", "title"),
    NP_("field named in a row error", "stage"),
    NP_("field named in a row error", "phase"),
    NP_("field named in a row error", "lane"),
    NP_("field named in a row error", "channel"),
    NP_("field named in a row error", "description"),
    NP_("field named in a row error", "expectation"),
    NP_("field named in a row error", "experience"),
    NP_("field named in a row error", "emotion"),
    NP_("field named in a row error", "emotion words"),
    NP_("field named in a row error", "importance"),
    NP_("field named in a row error", "satisfaction"),
    NP_("field named in a row error", "pain points"),
    NP_("field named in a row error", "opportunities"),
    NP_("field named in a row error", "category"),
    NP_("field named in a row error", "contact"),
    NP_("field named in a row error", "ownership"),
    NP_("field named in a row error", "owner team"),
    NP_("field named in a row error", "emotional weight"),
    NP_("field named in a row error", "csat"),
    NP_("field named in a row error", "nps"),
    NP_("field named in a row error", "effort"),
    NP_("field named in a row error", "moment of truth"),
    NP_("field named in a row error", "votes"),
    NP_("field named in a row error", "tags"),
    NP_("field named in a row error", "notes"),
    NP_("field named in a row error", "evidence"),
    NP_("field named in a row error", "inbox"),
    NP_("field named in a row error", "touchpoint"),
    NP_("field named in a row error", "measure"),
    NP_("field named in a row error", "score"),
    # A drawn draw.io shape's properties may name these card fields too, which no column has.
    NP_("field named in a row error", "origin"),
    NP_("field named in a row error", "sub journey"),
)


@dataclass(frozen=True)
class RowError:
    """One invalid value, reported as ``row 14, emotion: 'muy mal' is not a number from −3 to 3``.

    ``field`` is the English name (marked with ``NP_(ROW_FIELD, …)`` in :mod:`.columns`) and
    ``message`` is already in the interface language; both are put together when shown.
    """

    row: int
    field: str
    message: str
    unit: str = "row"

    def __str__(self) -> str:
        field = pgettext(ROW_FIELD, self.field) if self.field else ""
        if self.unit == "line":
            if field:
                return _("line {n}, {field}: {message}").format(n=self.row, field=field, message=self.message)
            return _("line {n}: {message}").format(n=number(self.row), message=self.message)
        if field:
            return _("row {n}, {field}: {message}").format(n=number(self.row), field=field, message=self.message)
        return _("row {n}: {message}").format(n=number(self.row), message=self.message)


def summarize_errors(errors: list[RowError], limit: int = 5) -> str:
    """One line for a terminal or a message box: the first few errors and how many more."""
    shown = "; ".join(str(e) for e in errors[:limit])
    more = len(errors) - limit
    return shown + (_("; and {n} more").format(n=number(more)) if more > 0 else "")


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Text without the control characters XML 1.0 cannot carry (they would make the file unreadable)."""
    return _XML_BAD.sub("", text)


def shown_name(name: str, limit: int = 200) -> str:
    """A name as an export's own text shows it to a person (an SVG's title and description, a PDF's title): as the
    window shows it, its controls and direction overrides written as codes and isolated (i18n.name_in_text).

    The SVG's title dropped a control character, and kept an override that turned the title around, where the
    map in it and the window showed "\\u0007"; docs/file-format.md ("Text in exports") has the rule for each format.
    """
    return xml_safe(name_in_text(name, limit))


def tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ImportCancelledError(_("The import was cancelled; nothing was changed"))


# Names Windows keeps for devices, with any extension ("con.cxd" opens the console, not a file).
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{kind}{n}" for kind in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}
_NAME_BYTES = 150  # of UTF-8: room under the common 255-byte limit for a suffix and " (2)"


def safe_file_name(name: str, fallback: str | None = None) -> str:
    """A file name made from a title (without its suffix): one that every desktop system accepts.

    No path separators, characters Windows refuses, control or invisible formatting characters
    (a right-to-left override could disguise the suffix), leading or trailing dots and spaces, or
    device names such as CON; at most 80 characters and 150 bytes. ``fallback`` when nothing is left
    (by default the interface language's word for a journey).
    """
    kept = "".join(
        "" if unicodedata.category(ch) == "Cf"  # invisible: dropped, so "a\u200bb" stays one word
        else " " if ch in '\\/:*?"<>|' or unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        else ch
        for ch in unicodedata.normalize("NFC", name)
    )
    whole = " ".join(kept.split()).strip(" .")
    cleaned = whole[:80]
    while len(cleaned.encode("utf-8")) > _NAME_BYTES:
        cleaned = cleaned[:-1]
    if len(cleaned) < len(whole) and whole[len(cleaned)] != " " and " " in cleaned[len(cleaned) // 2 :]:
        # Shortened inside a word: the name ends at the word before ("… y acaba", not "… y acaba llama").
        cleaned = cleaned[: cleaned.rindex(" ")]
    cleaned = cleaned.rstrip(" .")
    if not cleaned:
        # A word in the interface's language, as a name typed in it would be.
        return fallback if fallback is not None else pgettext("a file name", "journey")
    if cleaned.split(".")[0].rstrip(" ").upper() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned


__all__ = [
    "ROW_FIELD",
    "ROW_FIELD_NAMES",
    "ExportCancelledError",
    "ImportCancelledError",
    "Names",
    "Progress",
    "RowError",
    "find_journey",
    "fold",
    "persona_name",
    "reading_failure",
    "require_journey",
    "safe_file_name",
    "shown_name",
    "summarize_errors",
    "unique_name",
    "vocab_lookup",
    "xml_safe",
]


def imported_journey_name(lang: str | None = None) -> str:
    """The name of a journey an import makes when the file names none: in ``lang``, the project's language (its
    other names are in it), or the interface's when there is no project yet."""
    return translation(lang).gettext("Imported journey")
