"""A change of the interface language builds the map's editor again, over the map it already had."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cxdesigner import i18n
from cxdesigner.canvas import scene as scene_module
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.document import commands as dc
from cxdesigner.mainwindow import MainWindow
from cxdesigner.qtcommands import push


def _generated(path: Path, cards: int) -> Path:
    generate = Path(__file__).parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("cx_bench_generate", generate)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write(path, cards=cards, journeys=1)


@pytest.fixture
def window(qtbot, own_settings):
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.resize(1200, 800)
    w.show()
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()


def _map(scene: JourneyScene) -> dict[str, object]:
    scene.finish_labels()
    return {
        cid: (item.route.points, item.route.label, item.zValue()) if item.route is not None else None
        for cid, item in scene.connection_items().items()
    } | {tid: item.sceneBoundingRect().getRect() for tid, item in scene.card_items().items()}


def _fresh(window: MainWindow) -> dict[str, object]:
    scene = JourneyScene(window.doc.project, window.doc.lang)
    scene.set_journey(window.editor.journey_id)
    return _map(scene)


def test_a_change_of_language_plans_no_route_again_and_shows_the_map_a_fresh_one_shows(
    window, qtbot, tmp_path, monkeypatch
):
    # Planning and placing 5,000 cards' routes again was two thirds of the switch (0.36 s of UI thread).
    assert window.open_path(_generated(tmp_path / "big.cxd", 120))
    qtbot.waitUntil(lambda: not window.editor.scene.labels_pending() and not window.editor.scene.items_pending())
    old = window.editor.scene
    planned: list[object] = []
    real = scene_module.place_routes
    monkeypatch.setattr(scene_module, "place_routes", lambda *a, **k: (planned.append(a), real(*a, **k))[1])
    try:
        window.choose_language("es")
        assert i18n.language() == "es"
        assert window.editor.scene is not old
        assert planned == []  # the old map, taken over
        assert _map(window.editor.scene) == _fresh(window)
        # The next edit plans from the map taken over, as the old scene would have: the same as afresh.
        project = window.doc.project
        jid = window.editor.journey_id
        card = project.touchpoints(jid)[0]
        stage = project.stages(jid)[-1]
        push(window.undo_stack, window.doc, dc.MoveTouchpointsCommand([card.id], stage.id, card.lane_id))
        assert planned
        assert _map(window.editor.scene) == _fresh(window)
        window.undo_stack.undo()
        assert _map(window.editor.scene) == _fresh(window)
        assert not old._maps  # the old scene keeps nothing of it
    finally:
        window.choose_language("en")


def test_a_change_of_language_before_the_labels_are_all_placed_shows_them_all(window, qtbot, tmp_path):
    assert window.open_path(_generated(tmp_path / "big.cxd", 300))
    assert window.editor.scene.labels_pending()  # the change comes before the label slices' turns
    try:
        window.choose_language("es")
        assert _map(window.editor.scene) == _fresh(window)
        qtbot.waitUntil(lambda: not window.editor.scene.labels_pending() and not window.editor.scene.items_pending())
        assert _map(window.editor.scene) == _fresh(window)
    finally:
        window.choose_language("en")
