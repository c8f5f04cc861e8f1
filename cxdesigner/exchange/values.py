"""Cell values in and out of spreadsheets: numbers with decimal commas, yes/no, lists, formula guards."""

from __future__ import annotations

import math
import re
from typing import Any

from ..i18n import _, number, quote
from .columns import LIST_SEPARATOR

# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"

_INT = re.compile(r"^[+-]?\d+$")
_WHOLE_DECIMAL = re.compile(r"^([+-]?\d+)[.,]0+$")
_DECIMAL = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([.,])\d{3}(\1\d{3})*$")  # 1.000 / 12,500 / 1.250.000

TRUE_WORDS = {
    "yes",
    "y",
    "true",
    "1",
    "x",
    "si",
    "sí",
    "s",
    "verdadero",
    "✓",
    "✔",
    "moment of truth",
    "momento de la verdad",
}
FALSE_WORDS = {"no", "n", "false", "0", "falso", "-", ""}


class BadValueError(ValueError):
    """A cell that cannot be read; the text is the end of a row error (after the field name)."""


def neutralize(text: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows the text instead of running it as a formula.

    Text already starting with the apostrophe gets one more, so :func:`unguard` restores it exactly.
    """
    if text and (text.startswith(FORMULA_STARTS) or text.startswith(GUARD)):
        return GUARD + text
    return text


def unguard(text: str) -> str:
    """Undo :func:`neutralize` (only where we added the apostrophe)."""
    if text.startswith(GUARD) and len(text) > 1 and (text[1:].startswith(FORMULA_STARTS) or text[1] == GUARD):
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    """A cell as trimmed text, with our formula guard removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unguard(str(value).strip())


def shown(value: Any, limit: int = 40) -> str:
    """A cell as an error message quotes it: one line, cut short (a cell can hold megabytes)."""
    text = " ".join(cell_text(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bound(v: float) -> str:
    """A number in a refusal as the interface language writes it (``0.5`` / ``0,5``), with the decimals it has."""
    text = f"{v:g}"
    if not math.isfinite(v) or "e" in text:
        return text.replace("-", "−")
    return number(v, len(text.partition(".")[2]))


# Whole sentences with the range in them (translated when raised): a translation may order them its own way.
def _not_a_number(value: str, lo: float, hi: float) -> BadValueError:
    return BadValueError(
        _("{value} is not a number from {lo} to {hi}").format(value=quote(value), lo=_bound(lo), hi=_bound(hi))
    )


def _not_whole(value: str, lo: float, hi: float) -> BadValueError:
    return BadValueError(
        _("{value} is not a whole number from {lo} to {hi}").format(
            value=quote(value), lo=_bound(lo), hi=_bound(hi)
        )
    )


def _out_of_range(value: str, lo: float, hi: float) -> BadValueError:
    return BadValueError(
        _("{value} is out of range: it must be from {lo} to {hi}").format(value=value, lo=_bound(lo), hi=_bound(hi))
    )


def _grouped(text: str, value: str, lo: int, hi: int) -> int:
    """A whole number written with thousands separators ("1.000", "12,500"), as the column's range allows.

    "1.000" is a thousand in Spanish and 1.0 in English: where both fit the range, the cell is refused
    rather than read one way silently; where one fits, it is the one meant ("2,000" for a 1–5 score is 2).
    """
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    thousands = sign * int(re.sub(r"[.,]", "", digits))
    readings = [thousands] if lo <= thousands <= hi else []
    parts = re.split(r"[.,]", digits)
    if len(parts) == 2 and parts[1] == "000":  # one separator, zero decimals: also 1.0 in English
        decimal = sign * int(parts[0])
        if lo <= decimal <= hi:
            readings.append(decimal)
    if len(readings) == 2:
        raise BadValueError(
            # Digits only: "1.000" in Spanish would be the very cell that is ambiguous.
            _("{value} could be {a} or {b}: write the number without a separator").format(
                value=quote(value), a=str(readings[1]).replace("-", "−"), b=str(readings[0]).replace("-", "−")
            )
        )
    if readings:
        return readings[0]
    raise _out_of_range(str(thousands).replace("-", "−"), lo, hi)


def parse_int(value: Any, lo: int, hi: int) -> int | None:
    """A whole number in [lo, hi]; ``2,0`` and ``2.0`` read as 2, ``2,5`` is refused. Empty → None."""
    if isinstance(value, bool):
        raise _not_a_number(str(value), lo, hi)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            raise _not_whole(_bound(value), lo, hi)
        n = int(value)
    else:
        text = cell_text(value).replace("−", "-").replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        digits = text.lstrip("+-")
        if _INT.match(text) and len(digits.lstrip("0")) > 18:
            # int() refuses thousands of digits (and would be slow): a number this long is out of range anyway.
            raise _out_of_range(quote(shown(value)), lo, hi)
        if _INT.match(text):
            n = int(text)
        elif _GROUPED.match(text):
            n = _grouped(text, shown(value), lo, hi)
        elif (m := _WHOLE_DECIMAL.match(text)) and len(m.group(1).lstrip("+-").lstrip("0")) <= 18:
            n = int(m.group(1))
        elif _DECIMAL.match(text):
            raise _not_whole(shown(value), lo, hi)
        else:
            raise _not_a_number(shown(value), lo, hi)
    if not lo <= n <= hi:
        raise _out_of_range(str(n).replace("-", "−"), lo, hi)
    return n


def parse_float(value: Any, lo: float, hi: float) -> float | None:
    """A number in [lo, hi] with a decimal point or comma. Empty → None."""
    if isinstance(value, bool):
        raise _not_a_number(str(value), lo, hi)
    if isinstance(value, (int, float)):
        x = float(value)
    else:
        text = cell_text(value).replace("−", "-").replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if not _DECIMAL.match(text):
            raise _not_a_number(shown(value), lo, hi)
        x = float(text.replace(",", "."))
    if math.isnan(x) or not lo <= x <= hi:
        raise _out_of_range(_bound(x), lo, hi)
    return x


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise BadValueError(_("{value} is not yes or no").format(value=quote(shown(value))))


def parse_list(value: Any) -> tuple[str, ...]:
    """Items one per line in the cell (blank lines dropped, each item trimmed)."""
    text = cell_text(value)
    if not text:
        return ()
    return tuple(item.strip() for item in text.replace("\r\n", "\n").split(LIST_SEPARATOR) if item.strip())


def format_number(value: float, decimal_comma: bool) -> str:
    text = repr(float(value)) if not float(value).is_integer() else str(int(value))
    return text.replace(".", ",") if decimal_comma else text


__all__ = [
    "FORMULA_STARTS",
    "BadValueError",
    "cell_text",
    "format_number",
    "neutralize",
    "parse_bool",
    "parse_float",
    "parse_int",
    "parse_list",
    "unguard",
]
