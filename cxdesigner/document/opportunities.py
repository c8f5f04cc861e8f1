"""Document commands for opportunities and solutions: add, link, unlink, delete (each one undo step)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import _, ngettext, number
from ..model import Change, Opportunity, OpportunityLink, Project, Solution, SolutionLink, ValidationError, new_id
from .commands import ChangeCommand, named

_PLAN_TYPES: dict[str, type[Opportunity] | type[Solution]] = {"opportunity": Opportunity, "solution": Solution}


def _end_position(project: Project, kind: str) -> int:
    return max((e.position for e in project.tables[kind].values()), default=-1) + 1


def _card_links(project: Project, opportunity_id: str, touchpoint_ids: Sequence[str], pain_point: str) -> list[Change]:
    """New links from an opportunity to cards (or one pain point of them), skipping those it already has."""
    have = {(k.touchpoint_id, k.pain_point) for k in project.opportunity_links(opportunity_id)}
    out = []
    for tid in dict.fromkeys(touchpoint_ids):
        project.get("touchpoint", tid)  # a clear message for a card that is gone
        if (tid, pain_point) in have:
            continue
        link = OpportunityLink(id=new_id("ol"), opportunity_id=opportunity_id, touchpoint_id=tid, pain_point=pain_point)
        out.append(Change("opportunity_link", link.id, None, link))
    return out


def _solution_links(project: Project, solution_id: str, opportunity_ids: Sequence[str]) -> list[Change]:
    have = {k.opportunity_id for k in project.solution_links(solution_id)}
    out = []
    for oid in dict.fromkeys(opportunity_ids):
        project.get("opportunity", oid)
        if oid not in have:
            link = SolutionLink(id=new_id("sl"), solution_id=solution_id, opportunity_id=oid)
            out.append(Change("solution_link", link.id, None, link))
    return out


class AddOpportunityCommand(ChangeCommand):
    """Add an opportunity at the end of the board, linked to cards (the selection) at once."""

    def __init__(self, title: str, touchpoint_ids: Sequence[str] = (), pain_point: str = "", **fields: Any) -> None:
        super().__init__(named(_("Add opportunity “{title}”"), _("Add opportunity"), title=title))
        self.opportunity_id = fields.pop("id", None) or new_id("op")
        self.title, self.fields = title, fields
        self.touchpoint_ids, self.pain_point = list(touchpoint_ids), pain_point

    def build(self, project: Project) -> list[Change]:
        opp = Opportunity(
            id=self.opportunity_id, title=self.title, position=_end_position(project, "opportunity"), **self.fields
        )
        changes = [Change("opportunity", opp.id, None, opp)]
        for tid in dict.fromkeys(self.touchpoint_ids):
            project.get("touchpoint", tid)
            link = OpportunityLink(
                id=new_id("ol"), opportunity_id=opp.id, touchpoint_id=tid, pain_point=self.pain_point
            )
            changes.append(Change("opportunity_link", link.id, None, link))
        return changes


class AddSolutionCommand(ChangeCommand):
    """Add a solution that delivers the given opportunities."""

    def __init__(self, title: str, opportunity_ids: Sequence[str] = (), **fields: Any) -> None:
        super().__init__(named(_("Add solution “{title}”"), _("Add solution"), title=title))
        self.solution_id = fields.pop("id", None) or new_id("so")
        self.title, self.fields, self.opportunity_ids = title, fields, list(opportunity_ids)

    def build(self, project: Project) -> list[Change]:
        sol = Solution(
            id=self.solution_id, title=self.title, position=_end_position(project, "solution"), **self.fields
        )
        changes = [Change("solution", sol.id, None, sol)]
        for oid in dict.fromkeys(self.opportunity_ids):
            project.get("opportunity", oid)
            link = SolutionLink(id=new_id("sl"), solution_id=sol.id, opportunity_id=oid)
            changes.append(Change("solution_link", link.id, None, link))
        return changes


class LinkCardsCommand(ChangeCommand):
    """Link an opportunity to cards, or to one pain point of a card (``pain_point`` as the card words it)."""

    def __init__(self, opportunity_id: str, touchpoint_ids: Sequence[str], pain_point: str = "") -> None:
        n = len(touchpoint_ids)
        super().__init__(
            ngettext("Link {n} card to an opportunity", "Link {n} cards to an opportunity", n).format(n=number(n))
        )
        self.opportunity_id, self.touchpoint_ids, self.pain_point = opportunity_id, list(touchpoint_ids), pain_point

    def build(self, project: Project) -> list[Change]:
        project.get("opportunity", self.opportunity_id)
        if self.pain_point:
            for tid in self.touchpoint_ids:
                if self.pain_point not in project.get("touchpoint", tid).pain_points:
                    raise ValidationError(_("That pain point is not on the card"))
        return _card_links(project, self.opportunity_id, self.touchpoint_ids, self.pain_point)


class LinkOpportunitiesCommand(ChangeCommand):
    """Link a solution to opportunities it delivers."""

    def __init__(self, solution_id: str, opportunity_ids: Sequence[str]) -> None:
        super().__init__(_("Link a solution to opportunities"))
        self.solution_id, self.opportunity_ids = solution_id, list(opportunity_ids)

    def build(self, project: Project) -> list[Change]:
        project.get("solution", self.solution_id)
        return _solution_links(project, self.solution_id, self.opportunity_ids)


class UnlinkCommand(ChangeCommand):
    """Remove links (``opportunity_link`` or ``solution_link``); the things they joined stay."""

    def __init__(self, kind: str, ids: Sequence[str]) -> None:
        if kind not in ("opportunity_link", "solution_link"):
            raise ValidationError(f"{kind} is not a kind of link")
        super().__init__(_("Remove links"))
        self.kind, self.ids = kind, list(dict.fromkeys(ids))

    def build(self, project: Project) -> list[Change]:
        return [Change(self.kind, i, project.get(self.kind, i), None) for i in self.ids]


class DeletePlansCommand(ChangeCommand):
    """Delete opportunities or solutions with their links; undo brings all back."""

    def __init__(self, kind: str, ids: Sequence[str]) -> None:
        if kind not in _PLAN_TYPES:
            raise ValidationError(f"{kind} is neither an opportunity nor a solution")
        n = len(ids)
        text = (
            ngettext("Delete {n} opportunity", "Delete {n} opportunities", n)
            if kind == "opportunity"
            else ngettext("Delete {n} solution", "Delete {n} solutions", n)
        )
        super().__init__(text.format(n=number(n)))
        self.kind, self.ids = kind, list(dict.fromkeys(ids))

    def build(self, project: Project) -> list[Change]:
        changes: list[Change] = []
        for id_ in self.ids:
            if self.kind == "opportunity":
                links: list[Any] = project.opportunity_links(id_) + project.opportunity_solution_links(id_)
            else:
                links = project.solution_links(id_)
            changes += [Change(k.KIND, k.id, k, None) for k in links]
        changes += [Change(self.kind, i, project.get(self.kind, i), None) for i in self.ids]
        return changes


__all__ = [
    "AddOpportunityCommand",
    "AddSolutionCommand",
    "DeletePlansCommand",
    "LinkCardsCommand",
    "LinkOpportunitiesCommand",
    "UnlinkCommand",
]
