"""Packages whose names load their module on first use (PEP 562): heavy parts stay out of start-up."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

_PUBLIC = "_lazy_public_names"


class _LazyPackage(types.ModuleType):
    """A package whose public names win over its submodules of the same name.

    Importing ``pkg.sub`` binds ``pkg.sub`` to the module once it has run. Where ``sub`` is also a public
    name (``dialogs.export_map``, the function), that binding hid the function: the Preferences dialog imports
    ``dialogs.export_map`` for its limits, and File ▸ Export ▸ Map then called a module. The binding is
    dropped, so the name is found as it was eagerly: by ``__getattr__``, then directly.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if (
            isinstance(value, types.ModuleType)
            and name in self.__dict__.get(_PUBLIC, ())
            and value.__name__ == f"{self.__name__}.{name}"
        ):
            return
        super().__setattr__(name, value)


def lazy_names(package: str, where: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``where`` maps each public name to its submodule."""
    namespace[_PUBLIC] = frozenset(where)
    sys.modules[package].__class__ = _LazyPackage

    def load(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value  # found directly from now on
        return value

    return load
