"""The import dialogs as the tests drive them: their message boxes recorded instead of shown."""

from __future__ import annotations

from cxdesigner.dialogs import (
    ImportDrawioDialog,
    ImportJourneysDialog,
    ImportMermaidDialog,
    ImportSurveyDialog,
    ImportTouchpointsDialog,
)


class Quiet:
    """Message boxes recorded instead of shown (mixed in before a dialog class)."""

    def show_error(self, title: str, message: str) -> None:
        self.__dict__.setdefault("errors_shown", []).append(message)

    def show_info(self, title: str, message: str) -> None:
        self.__dict__.setdefault("infos_shown", []).append(message)


class TouchpointsDialog(Quiet, ImportTouchpointsDialog):
    pass


class SurveyDialog(Quiet, ImportSurveyDialog):
    pass


class JourneysDialog(Quiet, ImportJourneysDialog):
    pass


class MermaidDialog(Quiet, ImportMermaidDialog):
    pass


class DrawioDialog(Quiet, ImportDrawioDialog):
    pass
