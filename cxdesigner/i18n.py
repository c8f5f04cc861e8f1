"""Strings shown to people: one gettext catalogue per language, plural forms, numbers and dates (no Qt).

The sources are ``resources/translations/<lang>.po`` (Poedit, Qt Linguist and Babel open them); the
compiled ``<lang>.mo`` is made when the package is installed. A source checkout without one compiles
the ``.po`` in memory at start-up, so nothing compiled is ever committed.

Two ways to translate, both safe from any thread:

- ``_()``, ``ngettext()``, ``pgettext()`` use the interface language (``set_language``);
- ``translation(lang)`` gives a cached ``Translator`` for one language, for code that makes
  something in a language of its own (a report in Spanish from an English window, the analysis
  on a worker thread). Nothing ever switches the interface language around a call.

Never format user text into a msgid: translate the msgid, then ``.format()`` named values into it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import errno
import gettext
import io
import logging
import os
import threading
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

log = logging.getLogger(__name__)

DOMAIN = "cxdesigner"
LANGUAGES = {"en": "English", "es": "Español"}
SOURCE_LANGUAGE = "en"
MINUS = "\u2212"  # a true minus sign: "−0.9" reads better than "-0.9" on a slide or in a report
MISSING = "–"  # what a number that has no value shows

# The number symbols of the languages we ship as babel's CLDR data has them: decimal mark, group
# separator and what follows a percentage. babel reads them from its locale data, which costs about
# 10 ms to load (root and language merged) at the first number a process writes: `analyze` pays it
# for a handful of numbers. tests/test_i18n_numbers.py checks every formatter below against babel,
# so a babel whose data differs fails there, not in a report.
_SYMBOLS = {"en": (".", ",", "%"), "es": (",", ".", "\u00a0%")}
# Beyond this babel's Decimal arithmetic (28 digits) would round or raise: such values go to babel itself.
_FAST_LIMIT = 10**15
_QUANTA = {d: decimal.Decimal(1).scaleb(-d) for d in range(7)}


def _grouped(digits: str, group: str) -> str:
    """Digits with ``group`` between thousands, as babel's ``#,##0`` writes them (groups of three)."""
    head = len(digits) % 3 or 3
    return group.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _fast_decimal(value: float, decimals: int, symbols: tuple[str, str, str]) -> str:
    """``format_decimal(value, "#,##0.0…")`` with ``decimals`` zeros, babel's steps without its locale data.

    babel goes through the Decimal of ``str(value)``, rounds half to even in the current context and
    writes a minus for any signed value (so ``-0.04`` is ``-0.0``): the same here.
    """
    number = decimal.Decimal(str(value))
    negative = number.is_signed()
    whole, _, fraction = f"{abs(number).normalize().quantize(_QUANTA[decimals]):f}".partition(".")
    return ("-" if negative else "") + _grouped(whole, symbols[1]) + symbols[0] + fraction


def _fast_percent(share: float, symbols: tuple[str, str, str]) -> str:
    """``format_percent(share)``: babel's ``#,##0%`` pattern of the language, without its locale data."""
    number = decimal.Decimal(str(share)).scaleb(2)
    negative = number.is_signed()
    whole = f"{abs(number).normalize().quantize(_QUANTA[0]):f}"
    return ("-" if negative else "") + _grouped(whole, symbols[1]) + symbols[2]


def N_(message: str) -> str:
    """Mark a module-level string for the catalogue; translate it where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a module-level string that needs a context (``pgettext``) where it is shown."""
    return message


def catalogue_dir() -> Path:
    """Where the ``.po`` and ``.mo`` files are: in the package (wheel, bundle) or beside it (checkout).

    The same places as ``cxdesigner.resources`` looks in; this module imports nothing of ours.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "_resources" / "translations", here.parent / "resources" / "translations"):
        if folder.is_dir():
            return folder
    return here.parent / "resources" / "translations"


def _load(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``: its ``.mo`` when up to date, else its ``.po`` compiled in memory."""
    folder = catalogue_dir()
    po, mo = folder / f"{lang}.po", folder / f"{lang}.mo"
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as f:
                return gettext.GNUTranslations(f)
        if po.is_file():
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with po.open("rb") as f:
                catalog = read_po(f, locale=lang, domain=DOMAIN)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    except (OSError, ValueError) as exc:
        log.error("The %s translation could not be read (%s): showing English", lang, exc)
        return gettext.NullTranslations()
    if lang != SOURCE_LANGUAGE:
        log.error("No %s translation in %s: showing English", lang, folder)
    return gettext.NullTranslations()


class Translator:
    """The strings, numbers and dates of one language; read-only once made, so threads can share it."""

    def __init__(self, lang: str, catalogue: gettext.NullTranslations) -> None:
        self.lang = lang
        self._catalogue = catalogue
        # babel (about 10 ms to import) is loaded by the first number or date it writes, not with every
        # start: the window maps before any is written, and _SYMBOLS writes the common ones without it.
        self._babel_locale: Locale | None = None
        self._symbols = _SYMBOLS.get(lang)
        # Whole numbers already written: babel takes about 50 µs a number, and an analysis
        # writes the same few (emotions −3…3, counts) hundreds of times.
        self._whole: dict[int, str] = {}

    def gettext(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` (the caller fills in ``{n}``: ``.format(n=...)``)."""
        return self._catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._catalogue.npgettext(context, singular, plural, n)

    # -- numbers and dates ----------------------------------------------------------------
    @property
    def _locale(self) -> Locale:
        # Two threads may both parse it the first time: the same value either way.
        if self._babel_locale is None:
            from babel import Locale

            self._babel_locale = Locale.parse(self.lang)
        return self._babel_locale

    def number(self, value: float | None, decimals: int = 1) -> str:
        """``value`` as this language writes it: ``−0.9`` / ``−0,9``; whole numbers without decimals."""
        if value is None:
            return MISSING
        if isinstance(value, int) or float(value).is_integer():
            whole = int(value)
            text = self._whole.get(whole)
            if text is None:
                if self._symbols is not None and -_FAST_LIMIT < whole < _FAST_LIMIT:
                    text = ("-" if whole < 0 else "") + _grouped(str(abs(whole)), self._symbols[1])
                else:
                    from babel import numbers as babel_numbers

                    text = babel_numbers.format_decimal(whole, format="#,##0", locale=self._locale)
                text = text.replace("-", MINUS)
                if len(self._whole) < 1000:
                    self._whole[whole] = text
            return text
        return self.fixed(value, decimals)

    def fixed(self, value: float, decimals: int = 1) -> str:
        """``value`` with exactly ``decimals`` decimals, as a size in a message shows it: ``999.0`` / ``999,0``."""
        if self._symbols is not None and 0 < decimals < len(_QUANTA) and -_FAST_LIMIT < value < _FAST_LIMIT:
            text = _fast_decimal(float(value), decimals, self._symbols)
        else:
            from babel import numbers as babel_numbers

            text = babel_numbers.format_decimal(value, format="#,##0." + "0" * decimals, locale=self._locale)
        # A value that rounds to zero is zero, not "−0.0".
        if text.lstrip("-").strip("0.,") == "":
            text = text.lstrip("-")
        return text.replace("-", MINUS)

    def quote(self, text: str) -> str:
        """``text`` in this language's quotation marks: “Lobby” / «Lobby» (the catalogue says which), as
        :func:`name_in_text` shows a name in a sentence."""
        return self.pgettext("quotation marks", "“{text}”").format(text=name_in_text(text))

    def signed(self, value: float | None, decimals: int = 1) -> str:
        """A number with its sign: ``+2``, ``−3``, ``0``, ``−1,5``."""
        text = self.number(value, decimals)
        return "+" + text if value is not None and value > 0 and text.strip("0.,") else text

    def percent(self, share: float) -> str:
        """``share`` (0 … 1) as a whole percentage: ``40%`` / ``40 %``."""
        if self._symbols is not None and -_FAST_LIMIT < share < _FAST_LIMIT:
            return _fast_percent(share, self._symbols)
        from babel import numbers as babel_numbers

        return babel_numbers.format_percent(share, locale=self._locale)

    def date(self, value: dt.date) -> str:
        """A day as this language writes it in running text: ``May 10, 2026`` / ``10 may 2026``."""
        from babel import dates as babel_dates

        return babel_dates.format_skeleton("yMMMd", value, locale=self._locale)

    def datetime(self, value: dt.datetime, seconds: bool = False) -> str:
        """A moment in this language's clock: ``May 10, 2026, 2:30 PM`` / ``10 may 2026, 14:30``."""
        from babel import dates as babel_dates

        day = self.date(value)
        clock = babel_dates.format_time(value, "medium" if seconds else "short", locale=self._locale)
        return str(self._locale.datetime_formats["medium"]).format(clock, day)


_cache: dict[str, Translator] = {}
_cache_lock = threading.Lock()


def supported(lang: str | None) -> str:
    """The supported language closest to ``lang`` (``es_MX`` → ``es``); English when unknown."""
    code = (lang or "").replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def translation(lang: str | None = None) -> Translator:
    """The translator of ``lang`` (the interface language when None), made once and shared."""
    code = supported(lang) if lang is not None else _current[0].lang
    found = _cache.get(code)
    if found is not None:
        return found
    with _cache_lock:
        if code not in _cache:
            _cache[code] = Translator(code, _load(code))
        return _cache[code]


def reload() -> None:
    """Forget the loaded catalogues (after a translator edited a ``.po``, and in tests)."""
    with _cache_lock:
        _cache.clear()
    _current[0] = translation(_current[0].lang)


# The interface language: one translator, swapped whole, so a reader on another thread sees either.
_current: list[Translator] = [Translator(SOURCE_LANGUAGE, gettext.NullTranslations())]


def set_language(lang: str) -> str:
    """Make ``lang`` the interface language; returns the code in use."""
    _current[0] = translation(supported(lang))
    return _current[0].lang


def language() -> str:
    """The interface language's code."""
    return _current[0].lang


def _(message: str) -> str:
    """``message`` in the interface language."""
    return _current[0].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` in the interface language; fill in ``{n}`` with ``.format(n=...)``."""
    return _current[0].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the interface language where the English word alone is ambiguous."""
    return _current[0].pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _current[0].npgettext(context, singular, plural, n)


# The operating system's reasons for a failed read or write, by errno: ``strerror`` is the C
# library's English whatever the interface language, so the ones a person meets are said here.
_OS_REASONS = {
    errno.ENOENT: N_("the file or folder does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("the operation is not permitted"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBUSY: N_("it is in use"),
    errno.EIO: N_("input/output error: the disk or the network did not answer"),
    errno.EADDRINUSE: N_("the address is already in use"),
    errno.EADDRNOTAVAIL: N_("the address is not available on this computer"),
    errno.EDQUOT: N_("your disk quota is used up"),
    errno.EFBIG: N_("the file is larger than the disk allows"),
    errno.EMFILE: N_("too many files are open"),
    errno.ENFILE: N_("too many files are open"),
    errno.ETXTBSY: N_("it is in use"),
    errno.ELOOP: N_("the path loops through links"),
    errno.ENODEV: N_("the disk or device is not there any more"),
    errno.ENXIO: N_("the disk or device is not there any more"),
    errno.ENETUNREACH: N_("there is no network"),
    errno.ENETDOWN: N_("the network is down"),
    errno.EHOSTUNREACH: N_("the other computer cannot be reached"),
    errno.ECONNREFUSED: N_("the other computer refused the connection"),
    errno.ECONNRESET: N_("the connection was cut"),
    errno.ETIMEDOUT: N_("the disk or the network did not answer in time"),
    errno.ENOMEM: N_("there is not enough memory"),
    errno.EAGAIN: N_("the system is busy"),
    errno.EINTR: N_("it was interrupted"),
    errno.ENOTSUP: N_("the disk or the system does not support it"),
    errno.EXDEV: N_("it would move between two disks"),
    errno.ENOTEMPTY: N_("the folder is not empty"),
    errno.EINVAL: N_("the system refused the request"),
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in the interface language, for every errno.

    A rarer one gave the C library's English ("Network is unreachable", "Operation not supported") in a
    Spanish message; now it is said in the language, with the system's code for whoever helps
    ("the system refused it (error ENOLINK)").
    """
    message = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if message is not None:
        return _(message)
    code = errno.errorcode.get(exc.errno, str(exc.errno)) if isinstance(exc.errno, int) and exc.errno > 0 else ""
    if code:
        return _("the system refused it (error {code})").format(code=code)
    # No errno: a name lookup's (socket.gaierror, negative codes) or an error of our own without one.
    return _("the system refused it")


def number(value: float | None, decimals: int = 1) -> str:
    """A count or a value in a message, as the interface language writes it: ``10,000`` / ``10.000``."""
    return translation().number(value, decimals)


def signed(value: float | None, decimals: int = 1) -> str:
    """A score with its sign in the interface language: ``+2``, ``0``, ``−1`` (a real minus), ``+1.5`` / ``+1,5``.

    The one way every view writes an emotion, a gap or a change, as the report and the charts do.
    """
    return translation().signed(value, decimals)


def fixed(value: float, decimals: int = 1) -> str:
    """A size with its decimals in a message, in the interface language: ``12.0`` / ``12,0``."""
    return translation().fixed(value, decimals)


# Control characters (but tab and line feed), DEL and the C1 controls, which fonts draw as empty boxes: written
# as their codes, as the command line prints them (the symbols ␇ and ␛ are in no font Debian installs by default).
# The two direction overrides too: they have no use in a name but to disguise it ("invoice\u202efdp.exe" drew as
# "invoiceexe.pdf"), where embeddings and isolates shape right-to-left text as written.
_CONTROLS = {c: f"\\u{c:04x}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x202D, 0x202E] if c not in (0x09, 0x0A)}
# What can make a name reorder the text after it: right-to-left letters, embeddings, overrides, isolates.
_BIDI = frozenset(("R", "AL", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI", "AN"))


def visible_controls(text: str) -> str:
    """``text`` with each control character but tab and line feed, and each direction override, written as its
    code (``\\u0007``)."""
    return text if text.isprintable() else text.translate(_CONTROLS)


_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: each is closed by a PDI (U+2069)


def _isolated(text: str) -> str:
    """``text`` in a first-strong isolate whose isolates inside are balanced: a PDI with nothing to close is shown
    as its code and one left open is closed, so the name can neither end the isolate early nor carry it past."""
    depth, out = 0, []
    for ch in text:
        if ch in _ISOLATES:
            depth += 1
        elif ch == "\u2069":
            if not depth:
                out.append("\\u2069")
                continue
            depth -= 1
        out.append(ch)
    return "\u2068" + "".join(out) + "\u2069" * depth + "\u2069"


def shown_text(text: str) -> str:
    """``text`` from a file or a phone as the window shows it, so it is read as what it is.

    Each control character and direction override is shown as its code (``\\u0007`` for BEL, ``\\u202e``
    for RIGHT-TO-LEFT OVERRIDE) instead of an empty box or a disguise, and a text with right-to-left letters
    or direction controls is set in a first-strong isolate (U+2068 … U+2069), so it never turns the words,
    numbers or file name shown after it. The text as stored is unchanged.
    """
    if text.isascii() and text.isprintable():
        return text  # almost every name: nothing to look at twice
    text = visible_controls(text)
    if _one_isolate(text):
        return text  # already shown so (a name cut for an undo step, then put into it): once is enough
    if any(unicodedata.bidirectional(ch) in _BIDI for ch in text if not ch.isascii()):
        return _isolated(text)
    return text


def _one_isolate(text: str) -> bool:
    """Whether ``text`` is one first-strong isolate that its last character closes, nothing outside it."""
    if not (text.startswith("\u2068") and text.endswith("\u2069")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        if ch in _ISOLATES:
            depth += 1
        elif ch == "\u2069":
            depth -= 1
            if depth == 0:
                return i == len(text) - 1
    return False


def name_in_text(name: str, limit: int | None = None) -> str:
    """A name from a file or a phone as every sentence shows it (a message, an undo step, the status bar, the
    title bar): on one line, cut to ``limit`` characters with "…" (between words unless that leaves less than
    half), and as :func:`shown_text` shows it.

    The one way a name goes into a sentence: "Rename “…” to “…”" with a right-to-left override in the old name
    read backwards to its end, the new name and the Edit menu's "Undo" with it.
    """
    one_line = " ".join(visible_controls(name).split())
    if limit is not None and len(one_line) > limit:
        head = one_line[: limit - 1]
        space = head.rfind(" ")
        one_line = (head[:space] if space > limit // 2 else head).rstrip(" ,;:.-–—") + "…"
    return shown_text(one_line)


def quote(text: str) -> str:
    """``text`` in the interface language's quotation marks: “Lobby” / «Lobby»."""
    return translation().quote(text)


def system_language() -> str:
    """The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), English by default."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX"):
            return supported(value.split(":")[0])
    return SOURCE_LANGUAGE


def forced_language() -> str:
    """The language $CXDESIGNER_LANG imposes over the user's choice; "" when it imposes none."""
    forced = os.environ.get("CXDESIGNER_LANG", "")
    return forced if forced in LANGUAGES else ""


def resolve(preference: str, system: str | None = None) -> str:
    """The language to use: $CXDESIGNER_LANG, else the setting, else the system's."""
    forced = forced_language()
    if forced:
        return forced
    if preference in LANGUAGES:
        return preference
    return supported(system) if system else system_language()


