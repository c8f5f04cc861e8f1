"""Names from files and phones are shown as what they are: controls visible, and isolated so they cannot reorder.

hostile43: a title holding BEL or ESC drew as empty boxes on the map, and a name with a right-to-left override
(U+202E) disguised it ("invoice exe.pdf") and, as right-to-left letters do, could turn around the file name
and "CX Designer" after it in the window's title bar.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout

import cxdesigner
from cxdesigner.canvas.items import elided, wrap_text
from cxdesigner.i18n import shown_text
from cxdesigner.window.naming import shown_name, window_title

OVERRIDE = "invoice \u202efdp.exe"  # drew as "invoice exe.pdf"
HEBREW = "קבלה 3"  # "Reception 3": a number after right-to-left letters joins them


def _left_to_right(text: str, start: int) -> bool:
    """Whether the characters from ``start`` on are laid out from left to right, as Qt draws ``text``."""
    layout = QTextLayout(text, QFont("DejaVu Sans", 12))
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    xs = [line.cursorToX(i)[0] for i in range(start, len(text) + 1)]
    return xs == sorted(xs) and xs[0] < xs[-1]


def test_controls_are_shown_as_symbols_and_plain_names_are_left_alone():
    assert shown_text("Calls\x07 the\x1b[2J shop\x7f\x85") == "Calls\\u0007 the\\u001b[2J shop\\u007f\\u0085"
    assert shown_text("Two\tcolumns\nand lines") == "Two\tcolumns\nand lines"
    for plain in ("Lobby", "Café <b>x</b> $x$ &amp;", "Recepción 🙂"):
        assert shown_text(plain) == plain


def test_a_direction_override_is_shown_and_right_to_left_text_cannot_turn_what_follows_it(qapp):
    assert shown_text(OVERRIDE) == "invoice \\u202efdp.exe"  # the disguise is shown, not obeyed
    tail = " — 12 votes"
    assert not _left_to_right(OVERRIDE + tail, len(OVERRIDE)), "the override turned the text after it"
    assert _left_to_right(shown_text(OVERRIDE) + tail, len(shown_text(OVERRIDE)))
    name = shown_text(HEBREW)
    assert name == "\u2068" + HEBREW + "\u2069"  # isolated: shaped right to left inside, alone
    assert not _left_to_right(HEBREW + tail, len(HEBREW)), "right-to-left letters took the text after them"
    assert _left_to_right(name + tail, len(name))


def test_the_window_title_keeps_its_file_name_and_the_app_after_a_hostile_name(qapp, tmp_path):
    path = tmp_path / "p.cxd"
    doc = cxdesigner.new_project(path)
    try:
        doc.project.info = doc.project.info.evolve(name=HEBREW + "\x07")
        title = window_title(doc)
        assert title == "\u2068" + HEBREW + "\\u0007\u2069 — p.cxd[*] — CX Designer"
        assert _left_to_right(title, title.index("\u2069") + 1)
        doc.project.info = doc.project.info.evolve(name=OVERRIDE)
        assert window_title(doc) == "invoice \\u202efdp.exe — p.cxd[*] — CX Designer"
        assert shown_name("a\x1bb") == "a\\u001bb"
    finally:
        doc.close()


def test_the_map_draws_a_control_character_as_its_code_not_a_box(qapp):
    font = QFont("DejaVu Sans", 10)
    lines = wrap_text("Call\x07 back\x1b", font, 400, 2)
    assert lines == ["Call\\u0007 back\\u001b"]
    assert wrap_text("One\x07\nTwo", font, 400) == ["One\\u0007", "Two"]
    assert elided("Bell\x07", font, 400) == "Bell\\u0007"


def _pdf_title(data: bytes) -> str:
    """The Title of a PDF's information dictionary, as Qt writes it: a literal string of UTF-16 with a BOM."""
    start = data.index(b"/Title (") + len(b"/Title (")
    out, i = bytearray(), start
    while data[i : i + 1] != b")":
        if data[i : i + 1] == b"\\":
            i += 1
        out += data[i : i + 1]
        i += 1
    return out.decode("utf-16")


def test_an_exports_own_title_shows_controls_and_overrides_as_the_window_does_and_json_keeps_them(qapp, tmp_path):
    """names44: the SVG's <title> and <desc> and the PDFs' Title dropped ESC and BEL and kept the override that turned
    them around, where the map drawn in them showed the codes; the JSON, read back, keeps every character."""
    from cxdesigner.document import commands as dc
    from cxdesigner.exchange import mapexport, projectjson
    from cxdesigner.model import jsonformat

    doc = cxdesigner.new_project(tmp_path / "p.cxd", template="hotel")
    try:
        jid = doc.project.journeys()[0].id
        doc.execute(dc.UpdateCommand("project", "project", name="Proj\x07ect"))
        doc.execute(dc.UpdateCommand("journey", jid, name="Jour\x1bney " + OVERRIDE))
        journey = "Jour\\u001bney invoice \\u202efdp.exe"
        svg = mapexport.svg_bytes(doc.project, jid).decode("utf-8")
        assert f"<title>{journey}</title>" in svg and "<desc>Proj\\u0007ect — CX Designer</desc>" in svg
        pdf, _warnings = mapexport.pdf_bytes(doc.project, jid)
        assert _pdf_title(pdf) == f"{journey} — Proj\\u0007ect"
        # Read back, a round-trip format gives the name as typed. (The report's Title takes the same
        # exchange.common.shown_name; a whole report is too slow to write here.)
        again = jsonformat.loads(projectjson.project_json(doc.project))
        assert [j.name for j in again.journeys()] == ["Jour\x1bney " + OVERRIDE]
    finally:
        doc.close()
