"""The templates a project can start from, named in the interface language: one list for the menu and the start page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import api, resources
from ..i18n import N_, _

# Built-in templates by file name; the names are translated when shown.
BUILTIN_NAMES = {
    "hotel": N_("Hotel stay"),
    "online-purchase": N_("Online purchase"),
    "support-call": N_("Support call"),
    "dental-clinic": N_("Dental clinic visit"),
    "bank-account": N_("Opening a bank account"),
    "telecom-outage": N_("Telecom outage"),
    "city-permit": N_("City permit"),
    "saas-trial": N_("SaaS trial to paid"),
    "retail-store": N_("Retail store visit"),
}


@dataclass(frozen=True)
class TemplateEntry:
    """One template: ``key`` is what ``new_project(template=...)`` takes (a bundled name or a file path)."""

    key: str
    user: bool = False

    @property
    def label(self) -> str:
        """The template's name in the interface language (a user template keeps the name it was saved under)."""
        if self.user:
            return Path(self.key).stem
        return _(BUILTIN_NAMES[self.key]) if self.key in BUILTIN_NAMES else self.key


def builtin_templates() -> list[TemplateEntry]:
    """The bundled templates, in the order of :data:`BUILTIN_NAMES` (the best known first), then any others."""
    names = resources.template_names()
    ordered = [n for n in BUILTIN_NAMES if n in names] + [n for n in names if n not in BUILTIN_NAMES]
    return [TemplateEntry(n) for n in ordered]


def user_templates() -> list[TemplateEntry]:
    """The journeys the user saved as templates (File ▸ Save Journey as Template), by name."""
    folder = api.user_templates_dir()
    if not folder.is_dir():
        return []
    return [TemplateEntry(str(p), user=True) for p in sorted(folder.glob("*.json"), key=lambda p: p.stem.lower())]


def template_label(key: str) -> str:
    """The shown name of a bundled template (or of a user template's file)."""
    return TemplateEntry(key, user=Path(key).suffix == ".json").label


__all__ = ["BUILTIN_NAMES", "TemplateEntry", "builtin_templates", "template_label", "user_templates"]
