"""CPU time of the inspector with nothing selected on a large map: made 20 times, then 1,000 edits of a card.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python bench/bench_inspector_empty.py [--cards 5000]

Every card typed in a row is an edit made with nothing selected; the inspector's empty page must not
read the map at each of them (the first version of the page's hint did: 2.0 s for 1,000 edits of a
5,000-card map against 0.15 s). Run it against an older checkout (PYTHONPATH) in turns with this one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])

    import generate  # bench/generate.py, seeded

    import cxdesigner
    from cxdesigner.document import Selection
    from cxdesigner.panels.inspector import InspectorWidget
    from cxdesigner.qtcommands import UndoStack

    with tempfile.TemporaryDirectory(prefix="cxd-bench-inspector-") as folder:
        path = generate.write(Path(folder) / "big.cxd", cards=args.cards)
        doc = cxdesigner.open_project(path)
        stack, selection = UndoStack(doc), Selection()
        journey = doc.project.journeys()[0].id
        selection.set_journey(journey)
        card = doc.project.touchpoints(journey)[0]
        start = time.process_time()
        for _ in range(20):
            widget = InspectorWidget(doc, stack, selection)
            widget.show()
            app.processEvents()
            widget.close()
            widget.deleteLater()
            # Gone now, not at the end: processEvents never deletes, and 20 live widgets would each take the edits.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        made = time.process_time() - start
        widget = InspectorWidget(doc, stack, selection)
        start = time.process_time()
        for i in range(args.edits):
            doc.update_touchpoint(card.id, title=f"t{i}")
        edits = time.process_time() - start
        print(f"made 20 times: {1000 * made:.1f} ms CPU; {args.edits} edits: {1000 * edits:.1f} ms CPU")
        widget.deleteLater()
        doc.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
