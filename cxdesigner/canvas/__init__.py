"""The journey map canvas: scene, items, view, interactions and the JourneyEditor widget."""

from .editor import JourneyEditor
from .render import journey_rect, render_image, render_journey
from .scene import JourneyScene
from .view import JourneyView

__all__ = [
    "JourneyEditor",
    "JourneyScene",
    "JourneyView",
    "journey_rect",
    "render_image",
    "render_journey",
]
