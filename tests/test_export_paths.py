"""The export's faster helpers draw what their plain versions drew (issue 14, exports third pass)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QLineF, QPointF
from PySide6.QtGui import QPainterPath

from cxdesigner.canvas.items import rounded_polyline
from cxdesigner.exchange import mapexport


def reference_rounded_polyline(points: list[tuple[float, float]], radius: float) -> QPainterPath:
    """The rounded polyline as it was built with QLineF before (the definition the fast one must keep)."""
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 1):
        p0, p1, p2 = (QPointF(*points[i - 1]), QPointF(*points[i]), QPointF(*points[i + 1]))
        l1, l2 = QLineF(p1, p0), QLineF(p1, p2)
        r = min(radius, l1.length() / 2, l2.length() / 2)
        if r <= 0.5:
            path.lineTo(p1)
            continue
        path.lineTo(l1.pointAt(r / l1.length()))
        path.quadTo(p1, l2.pointAt(r / l2.length()))
    path.lineTo(QPointF(*points[-1]))
    return path


def elements(path: QPainterPath) -> list[tuple[int, float, float]]:
    return [(int(e.type.value), e.x, e.y) for e in (path.elementAt(i) for i in range(path.elementCount()))]


coordinate = st.one_of(st.integers(-3000, 3000).map(float), st.floats(-3000, 3000, allow_nan=False))


@settings(max_examples=300)
@given(st.lists(st.tuples(coordinate, coordinate), min_size=2, max_size=8), st.sampled_from([5.0, 14.0]))
def test_rounded_polyline_is_the_qlinef_construction(points, radius):
    ours, ref = elements(rounded_polyline(points, radius)), elements(reference_rounded_polyline(points, radius))
    assert [e[0] for e in ours] == [e[0] for e in ref]
    for (_t, x, y), (_r, rx, ry) in zip(ours, ref, strict=True):
        # math.hypot and Qt's may differ in the last bit of a length: nothing a picture shows.
        assert x == pytest.approx(rx, abs=1e-9) and y == pytest.approx(ry, abs=1e-9)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (b"<svg><text>plain</text></svg>", b"<svg><text>plain</text></svg>"),
        ("<text>café ★ 東京</text>".encode(), "<text>café ★ 東京</text>".encode()),
        (b"<text>a\x00b\x1bc\x0bd</text>", b"<text>abcd</text>"),
        ("<text>x\ufffey\uffffz</text>".encode(), b"<text>xyz</text>"),
        ("<text>é\x07</text>".encode(), "<text>é</text>".encode()),
        (b"<text>bad \xff utf-8</text>", "<text>bad \ufffd utf-8</text>".encode()),
        (b"tab\tnewline\nreturn\r", b"tab\tnewline\nreturn\r"),
    ],
)
def test_svg_text_drops_what_xml_cannot_carry_and_keeps_the_rest(raw, clean):
    assert mapexport._svg_text(QByteArray(raw)) == clean


@pytest.mark.parametrize("bad", [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
def test_svg_text_finds_each_control_byte_alone_and_among_text(bad):
    # The check looks for each byte on its own: every one of the 29 must be found, in ASCII and in UTF-8 text.
    for text in ("<text>a{}b</text>", "<text>é{}★</text>"):
        raw = text.format(chr(bad)).encode()
        assert mapexport._svg_text(QByteArray(raw)) == text.format("").encode()
