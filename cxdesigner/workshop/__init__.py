"""The facilitator's tools: presentation on a projector, dot-voting sessions, the exercise timer, the ideas inbox.

A Qt layer beside the views (DESIGN.md: ``workshop -> qtcommands, document, model``): it never
imports the canvas; the main window hands it the map editor through ``protocols``.
"""

from .controller import Workshop
from .presentation import PresentationModel, PresentationWindow, choose_screen
from .timer import ExerciseTimer, TimerOverlay
from .voting import VotingController, VotingInteraction

__all__ = [
    "ExerciseTimer",
    "PresentationModel",
    "PresentationWindow",
    "TimerOverlay",
    "VotingController",
    "VotingInteraction",
    "Workshop",
    "choose_screen",
]
