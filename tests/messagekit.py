"""Helpers for the tests of refusals in the interface language: what the window would show."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cxdesigner import i18n, safety_ui
from cxdesigner.model import ValidationError

ADVICE_EN = "Ask the sender for the original file, or open a backup."


class Told(safety_ui.Prompts):
    """Records what the window would show; answers the lock question with Cancel."""

    def __init__(self) -> None:
        super().__init__()
        self.told: list[tuple[str, str]] = []

    def tell(self, parent, title, text, warning=False):
        self.told.append((title, text))

    def ask_lock_conflict(self, parent, path, holder):
        return safety_ui.CANCEL


MARKERS = {"_", "ngettext", "pgettext", "npgettext"}


def is_marked(node: ast.AST, names: dict[str, ast.AST], seen: frozenset[str] = frozenset()) -> bool:
    """Whether a message comes from the catalogue: a call of ``_()``… (maybe ``.format()``-ed), a helper that
    returns one, or an f-string that only joins such parts (``f"{where}: {exc}"``, the reason translated already).

    A name is followed to what it was last given in the function; one given nothing there (an exception
    caught, a parameter) is a message made elsewhere.
    """
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return is_marked(func.value, names, seen)
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in MARKERS or name.startswith("_") or name in ("over_limit", "growth_problem")
    if isinstance(node, ast.JoinedStr):
        words = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return re.search(r"[A-Za-z]{2,}", words) is None
    if isinstance(node, ast.BoolOp):
        return all(is_marked(v, names, seen) for v in node.values)
    if isinstance(node, ast.Name):
        value = names.get(node.id)
        return value is None or node.id in seen or is_marked(value, names, seen | {node.id})
    return False


def raises_in(folder: Path) -> Iterator[tuple[Path, ast.Raise, ast.Call, dict[str, ast.AST]]]:
    """Every ``raise Something(argument, …)`` in a function of ``folder``'s modules, with the values the
    function's local names were given (for :func:`is_marked` to follow)."""
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            names = {t.id: n.value for n in ast.walk(fn) if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name)}  # fmt: skip
            for node in ast.walk(fn):
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                    yield path, node, node.exc, names


def english_after() -> Iterator[Callable[[str], None]]:
    """Gives the test a way to set the interface language; English again after it (the ``in_lang`` fixture)."""
    yield i18n.set_language
    i18n.set_language("en")


def refusal(call: Callable[[], object], exc_type: type[Exception] = ValidationError) -> str:
    """The message of the refusal ``call`` raises."""
    with pytest.raises(exc_type) as caught:
        call()
    return str(caught.value)
