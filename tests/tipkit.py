"""Tooltips as a person reads them: the words Qt shows, whatever markup keeps them literal."""

from __future__ import annotations

from PySide6.QtGui import QTextDocumentFragment


def tip_text(tip: str) -> str:
    """The text a tooltip shows: plain text as it is, the markup ``qttext.plain_tooltip`` makes read back."""
    if not tip.startswith("<p"):
        return tip
    return QTextDocumentFragment.fromHtml(tip).toPlainText()
