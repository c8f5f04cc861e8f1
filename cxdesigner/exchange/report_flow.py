"""The report's text pages: blocks of HTML stacked onto pages, a block never cut by a page break.

QTextDocument paginates one long document between any two lines, and Qt's rich text has no
``page-break-inside: avoid``: a card's "Opportunities" row could land on the page after its card.
So every block (a card, a table row, a finding) is laid out as a document of its own and the
flow moves a block that would not fit to the next page, keeps headings with what follows and
repeats a table's head on the page its rows continue on. Only a block taller than a whole page
is cut, between lines, by QTextDocument's own pagination.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .report_sections import Block


@dataclass
class Piece:
    """A part of a laid-out block on a page: ``height`` of the document from ``top``, drawn at ``y``."""

    doc: Any  # QTextDocument
    y: float
    top: float
    height: float
    tag: str


class Flow:
    """Lays out blocks at one width on pages of one height (device units) and paints the pages."""

    def __init__(self, device: Any, css: str, font: Any, width: float, page_height: float, pt: float) -> None:
        self.device, self.css, self.font = device, css, font
        self.width, self.page_height, self.pt = width, page_height, pt

    def document(self, html: str, paginate: bool = False) -> Any:
        from PySide6.QtCore import QSizeF
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        # Measured on the writer itself, so what fits here fits on the page.
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDefaultFont(self.font)
        doc.setDefaultStyleSheet(self.css)
        doc.setDocumentMargin(0)
        if paginate:
            doc.setPageSize(QSizeF(self.width, self.page_height))
        else:
            doc.setTextWidth(self.width)
        doc.setHtml(html)
        return doc

    def pages(self, blocks: Sequence[Block]) -> list[list[Piece]]:
        """The pages of ``blocks``, each a list of pieces from top to bottom."""
        docs: dict[int, Any] = {}

        def laid(b: Block) -> tuple[Any, float]:
            if id(b) not in docs:
                doc = self.document(b.html)
                docs[id(b)] = (doc, doc.size().height())
            return docs[id(b)]

        pages: list[list[Piece]] = [[]]
        leading: list[tuple[Block, Piece]] = []  # the with_next blocks just placed, waiting for theirs
        y = 0.0
        room = self.page_height

        def new_page() -> None:
            nonlocal y
            pages.append([])
            y = 0.0

        for i, b in enumerate(blocks):
            doc, h = laid(b)
            space = b.space * self.pt if y > 0 else 0.0
            need = space + h
            j = i  # a heading, a table's head, the first row: a chain that starts on one page
            while blocks[j].with_next and j + 1 < len(blocks):
                j += 1
                need += blocks[j].space * self.pt + laid(blocks[j])[1]
            # A section that opens a page does so only when less than a third of this one is left: after a short
            # section it left two thirds of a page empty (a small journey's findings, then its touchpoints).
            if (b.tag == "page" and y > room * 2 / 3) or (y > 0 and y + need > room and h <= room):
                new_page()
                space = 0.0
            if y == 0 and b.header is not None:  # a table's rows go on: its head first
                head_doc, head_h = laid(b.header)
                pages[-1].append(Piece(head_doc, y, 0.0, head_h, "head"))
                y += head_h
            if y + space + h <= room + 0.01:
                pages[-1].append(Piece(doc, y + space, 0.0, h, b.tag))
                leading = [*leading, (b, pages[-1][-1])] if b.with_next else []
                y += space + h
                continue
            # Taller than a page: cut between lines by the document's own pagination, with the
            # headings placed just before it taken along so they do not end a page alone.
            html = b.html
            while leading and pages[-1] and pages[-1][-1] is leading[-1][1]:
                head, _piece = leading.pop()
                pages[-1].pop()
                html = head.html + html
            if pages[-1]:
                new_page()
            tall = self.document(html, paginate=True)
            count = tall.pageCount()
            for n in range(count):
                if n:
                    new_page()
                top = n * self.page_height
                pages[-1].append(Piece(tall, 0.0, top, self.page_height, b.tag))
            last = tall.documentLayout().blockBoundingRect(tall.lastBlock()).bottom()
            y = max(0.0, last - (count - 1) * self.page_height)
            leading = []
        return [p for p in pages if p] or [[]]

    def paint(self, painter: Any, page: Sequence[Piece], x: float, y: float) -> None:
        from PySide6.QtCore import QRectF

        for piece in page:
            painter.save()
            painter.translate(x, y + piece.y - piece.top)
            piece.doc.drawContents(painter, QRectF(0, piece.top, self.width, piece.height))
            painter.restore()


__all__ = ["Flow", "Piece"]
