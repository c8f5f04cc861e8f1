"""SIGTERM and SIGHUP (a laptop shutting down, a kill) end the app as Quit does, asking nothing, losing nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtWidgets import QMessageBox

import cxdesigner
from cxdesigner import filelock
from cxdesigner.mainwindow import MainWindow

# The app of a real child process, with an edit made and a card half typed, then waiting to be ended.
CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from cxdesigner import app
    from cxdesigner.mainwindow import MainWindow

    qapp = app.application([sys.argv[0]])

    def edit():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        window.doc.add_stage(window.doc.journeys()[0].id, "Unsaved stage")
        window.editor.start_capture("Half typed")
        # A question open when the signal comes: nobody is there to answer it.
        QTimer.singleShot(0, lambda: print("ready", flush=True))
        window.ask_unsaved("x")

    QTimer.singleShot(0, edit)
    sys.exit(app.main([sys.argv[1]]))
    """
)


# A start that finds that work and asks about it: ended by the system while asking.
CHILD_AT_START = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from cxdesigner import app

    qapp = app.application([sys.argv[0]])
    QTimer.singleShot(0, lambda: print("ready", flush=True))  # the first turn of a loop: the question's
    sys.exit(app.main([]))
    """
)


def _end_child(code: str, args: list[str], env: dict[str, str], sig: int, before=None) -> tuple[int, str]:
    """Run ``code`` in a child, send it ``sig`` once it prints "ready"; its exit code and error output."""
    with subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        try:
            ready = child.stdout.readline().strip()  # type: ignore[union-attr]
            if ready == "ready":
                if before is not None:
                    before()
                child.send_signal(sig)
            _out, err = child.communicate(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate()
    assert ready == "ready", err
    return child.returncode, err


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_closes_the_app_keeping_the_work_and_releasing_the_lock(qtbot, tmp_path, data_dir, sig):
    path = tmp_path / "hotel.cxd"
    cxdesigner.new_project(path, template="hotel").close()
    env = {
        **os.environ,
        "CXDESIGNER_DATA_DIR": str(data_dir),
        "QT_QPA_PLATFORM": "offscreen",
        # Its window's place and layout are remembered on the way out: in this test's folder, not the user's.
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }

    def locked() -> None:
        assert filelock.lock_path(path).exists()

    code, err = _end_child(CHILD, [str(path)], env, sig, before=locked)
    # Ended as on Quit (not killed by the signal), and no lock left beside the project.
    assert code == 0, err
    assert not filelock.lock_path(path).exists()
    # The next start, ended while it asks about that work: it ends too, and the work waits.
    code, err = _end_child(CHILD_AT_START, [], env, sig)
    assert code == 0, err
    assert not filelock.lock_path(path).exists()
    # The next start offers the unsaved work back, the half-typed card included.
    w = MainWindow()
    qtbot.addWidget(w)
    w.safety.prompts.ask_recovery = lambda parent, orphan: "restore"
    docs = w.safety.recover_at_start()
    assert len(docs) == 1
    w.set_document(docs[0])
    project, journey = w.doc.project, w.doc.journeys()[0].id
    assert "Unsaved stage" in [s.name for s in project.stages(journey)]
    assert "Half typed" in [t.title for t in project.touchpoints(journey)]
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()
