"""An import-linter contract for a rule the built-in ones cannot state: no import of part of an outside package.

import-linter knows an outside package only by its top name ("PySide6"), but our rule is finer:
the command line and the headless formats may use QtCore (the file lock is a QLockFile) and
must never load QtWidgets. The import graph still keeps the source line of every import, so
this contract finds the modules whose lines import the forbidden part and reports every
source module that reaches one of them, directly or through other modules of ours.

Registered in pyproject.toml under ``contract_types``; lint-imports runs from the repository
root, which it puts on ``sys.path``, so ``tools.import_contracts`` is importable there.
"""

from __future__ import annotations

import re
from typing import Any

from grimp import ImportGraph
from importlinter.application import contract_utils, output
from importlinter.application.contract_utils import AlertLevel
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck
from importlinter.domain.helpers import module_expressions_to_modules


def _importing_line(submodule: str) -> re.Pattern[str]:
    """Source lines that import ``submodule`` (``PySide6.QtWidgets``) or something inside it."""
    top, _, rest = submodule.rpartition(".")
    full = re.escape(submodule)
    return re.compile(
        rf"^\s*(from\s+{full}(\.|\s)|import\s+{full}\b"
        rf"|from\s+{re.escape(top)}\s+import\s+.*\b{re.escape(rest)}\b)"
    )


class ForbiddenSubmoduleContract(Contract):
    """The source modules do not import any of ``forbidden_submodules``, directly or indirectly.

    Options: ``source_modules`` (ours, wildcards allowed), ``forbidden_submodules`` (dotted names
    inside an outside package, e.g. ``PySide6.QtWidgets``) and ``ignore_imports`` (import
    expressions taken out of the graph first, as in the built-in contracts).
    """

    type_name = "forbidden_submodule"

    source_modules = fields.SetField(subfield=fields.ModuleExpressionField())
    forbidden_submodules = fields.SetField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        sources = sorted(m.name for m in module_expressions_to_modules(graph, self.source_modules))  # type: ignore[arg-type]
        for name in sources:
            if name not in graph.modules:
                raise ValueError(f"Module '{name}' does not exist.")
        broken: list[dict[str, Any]] = []
        for submodule in sorted(self.forbidden_submodules):  # type: ignore[attr-defined]
            top = submodule.split(".")[0]
            if top not in graph.modules:
                continue
            pattern = _importing_line(submodule)
            offenders: dict[str, list[int]] = {}
            for importer in graph.find_modules_that_directly_import(top):
                lines = [
                    d["line_number"]
                    for d in graph.get_import_details(importer=importer, imported=top)
                    if pattern.search(d["line_contents"])
                ]
                if lines:
                    offenders[importer] = sorted(lines)
            output.verbose_print(verbose, f"Modules importing {submodule}: {', '.join(sorted(offenders)) or 'none'}")
            for source in sources:
                inside = {source} | graph.find_descendants(source)
                # Every module of the source that imports it itself, and the shortest way in from outside.
                for offender in sorted(inside & offenders.keys()):
                    broken.append(
                        {"source": source, "submodule": submodule, "chain": (offender,), "lines": offenders[offender]}
                    )
                chains = [
                    chain
                    for offender in sorted(graph.find_upstream_modules(source, as_package=True) & offenders.keys())
                    if offender not in inside
                    and (chain := graph.find_shortest_chain(importer=source, imported=offender, as_packages=True))
                ]
                if chains:
                    chain = min(chains, key=len)
                    broken.append(
                        {"source": source, "submodule": submodule, "chain": chain, "lines": offenders[chain[-1]]}
                    )
        return ContractCheck(
            kept=not broken,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"broken": broken},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            output.print_error(f"{item['source']} is not allowed to import {item['submodule']}:")
            output.new_line()
            chain = item["chain"]
            lines = ", ".join(f"l.{n}" for n in item["lines"])
            output.print_error(f"-   {' -> '.join(chain)} -> {item['submodule']} ({lines})", bold=False)
            output.new_line()
