"""A large draw.io diagram is read with progress and stops at Cancel, not only once it is all read.

50,000 groups nested in one another (and a card in each) take one to seven seconds to read, on the
worker thread: the bar stood still and Cancel waited for the end, since the reading never reported.
"""

from __future__ import annotations

import time

import pytest
from dialogguard import no_native_dialogs  # noqa: F401  (autouse: no native dialog in these tests)
from importkit import DrawioDialog

import cxdesigner
from cxdesigner.exchange import drawio
from cxdesigner.exchange.common import ImportCancelledError
from cxdesigner.qtcommands import UndoStack


def nested_groups(n: int) -> bytes:
    """``n`` groups each inside the one before, a card in each."""
    cells = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>']
    parent = "1"
    for i in range(n):
        cells.append(f'<mxCell id="g{i}" style="group" vertex="1" connectable="0" parent="{parent}">'
                     '<mxGeometry x="1" y="1" width="100" height="100" as="geometry"/></mxCell>')
        cells.append(f'<mxCell id="c{i}" value="Card {i}" style="rounded=1" vertex="1" parent="g{i}">'
                     '<mxGeometry x="1" y="1" width="80" height="40" as="geometry"/></mxCell>')
        parent = f"g{i}"
    model = f'<mxGraphModel><root>{"".join(cells)}</root></mxGraphModel>'
    return f'<mxfile><diagram name="P" id="d">{model}</diagram></mxfile>'.encode()


def test_reading_reports_its_progress_on_one_bar_from_start_to_end():
    seen: list[tuple[int, int]] = []
    read = drawio.parse_drawio(nested_groups(6000), "deep.drawio", lambda done, total: seen.append((done, total)))
    assert len(read.project.touchpoints(read.project.journeys()[0].id)) == 6000
    assert len(seen) >= 4 and {total for _done, total in seen} == {1000}
    done = [d for d, _total in seen]
    assert done == sorted(done) and done[0] < 500 <= done[-1] <= 1000


@pytest.mark.parametrize("stop_at", [1, 3])  # in the XML, in the cells
def test_cancel_stops_the_reading_where_it_is(stop_at):
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < stop_at

    with pytest.raises(ImportCancelledError):
        drawio.parse_drawio(nested_groups(6000), "deep.drawio", progress)
    assert len(calls) == stop_at


def test_the_dialogs_cancel_reaches_the_reading(qtbot, tmp_path, monkeypatch):
    doc = cxdesigner.new_project(None, template="hotel")
    stack = UndoStack(doc)
    path = tmp_path / "deep.drawio"
    path.write_bytes(nested_groups(10))
    from cxdesigner.dialogs.background import JobProgressDialog

    real_exec = JobProgressDialog.exec
    monkeypatch.setattr(JobProgressDialog, "exec", lambda self: (self.cancel(), real_exec(self))[1])
    real_read = drawio.read_drawio

    def read_once_cancelled(source, progress=None):  # type: ignore[no-untyped-def]
        # Waits for the dialog's Cancel (bounded: a progress never given, or never cancelled, fails).
        for _ in range(10_000):
            if not progress(0, 1):
                break
            time.sleep(0.001)
        return real_read(source, progress)

    monkeypatch.setattr(drawio, "read_drawio", read_once_cancelled)
    try:
        dlg = DrawioDialog(doc, stack, path)
        qtbot.addWidget(dlg)
        assert not dlg.loaded and dlg.load_error == ""
        assert dlg.run() is None and not dlg.__dict__.get("errors_shown") and stack.count() == 0
    finally:
        stack.clear()
        doc.close()
