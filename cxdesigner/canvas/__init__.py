"""The journey map canvas: scene, items, view, interactions and the JourneyEditor widget."""

from .editor import JourneyEditor
from .render import journey_rect, paint_map, render_image, render_journey
from .scene import JourneyScene, PrintMode
from .view import JourneyView

__all__ = [
    "JourneyEditor",
    "JourneyScene",
    "JourneyView",
    "PrintMode",
    "journey_rect",
    "paint_map",
    "render_image",
    "render_journey",
]
