"""Sub-journeys: link a card to the journey it opens, or make that journey from the card in one step."""

from __future__ import annotations

from ..i18n import _
from ..model import Change, Journey, Project, ValidationError, limits
from .commands import ChangeCommand, UpdateTouchpointCommand, _next_position, blank_journey_entities


class LinkSubJourneyCommand(UpdateTouchpointCommand):
    """Set (or clear, with None) the journey a card opens."""

    def __init__(self, touchpoint_id: str, journey_id: str | None) -> None:
        text = _("Open journey from card") if journey_id else _("Unlink sub-journey")
        super().__init__(touchpoint_id, undo_text=text, sub_journey=journey_id)

    def build(self, project: Project) -> list[Change]:
        target = self.fields["sub_journey"]
        if target is not None:
            project.get("journey", target)  # a link made now names a journey that exists
        return super().build(project)

    def merge_key(self) -> None:
        return None  # each link is its own undo step (the inspector's typing merges; a choice does not)


class NewSubJourneyCommand(ChangeCommand):
    """A journey named after the card, with the default stages and lanes, which the card then opens."""

    def __init__(self, touchpoint_id: str, name: str | None = None, lang: str = "en") -> None:
        super().__init__(_("New sub-journey from card"))
        self.touchpoint_id = touchpoint_id
        self.name = name
        self.lang = lang
        self.journey_id: str | None = None

    def build(self, project: Project) -> list[Change]:
        card = project.get("touchpoint", self.touchpoint_id)
        name = (self.name if self.name is not None else card.title).strip() or _("Sub-journey")
        parent = project.get("journey", card.journey_id)
        entities = blank_journey_entities(name[: limits.MAX_NAME], self.lang, parent.persona_id)
        out = []
        for e in entities:
            if isinstance(e, Journey):
                e = e.evolve(position=_next_position(project.journeys()))
                self.journey_id = e.id
            out.append(Change(e.KIND, e.id, None, e))
        if self.journey_id is None:  # pragma: no cover - blank_journey_entities always makes one
            raise ValidationError("no journey made")
        out.append(Change("touchpoint", card.id, card, card.evolve(sub_journey=self.journey_id)))
        return out
