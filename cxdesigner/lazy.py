"""Packages whose names load their module on first use (PEP 562): heavy parts stay out of start-up."""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, where: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``where`` maps each public name to its submodule."""

    def load(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value  # found directly from now on
        # Importing a submodule sets the package attribute of its name (``analysis.insights``):
        # where a public name is also a submodule's, the public name must win, as it did eagerly.
        for other, home in where.items():
            current = namespace.get(other)
            if isinstance(current, types.ModuleType) and current.__name__ == f"{package}.{other}":
                namespace[other] = getattr(importlib.import_module(f".{home}", package), other)
        return value

    return load
