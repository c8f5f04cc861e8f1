"""A picture of the map does each piece of its work once: what its paint skips must not change a pixel.

Exports build a print scene, paint it once and drop it (the export figure of ``bench/suite.py``).
These tests hold the print scene to the work it was relieved of (a card's pixmap cache set up and
taken down, four recordings looked up per card, a label box per connection, the painter asked for
its hints after every item) and to the same picture as before.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem
from svgpaint import svg_bytes

import cxdesigner
from cxdesigner.canvas import items, render, style
from cxdesigner.canvas.items import CardItem, ConnectionItem
from cxdesigner.canvas.scene import JourneyScene


@pytest.fixture
def hotel(qapp):  # type: ignore[no-untyped-def]
    doc = cxdesigner.new_project(None, template="hotel")
    try:
        yield doc
    finally:
        doc.close()


def _print_scene(doc: Any, **kw: Any) -> JourneyScene:
    return render.render_journey(doc.project, doc.project.journeys()[0].id, "en", **kw)


def _cards_svg(scene: JourneyScene) -> bytes:
    """Every card of ``scene`` painted on its own place of one SVG, as a run paints them."""
    cards = list(scene.card_items().values())
    option = QStyleOptionGraphicsItem()
    rect = scene.full_rect()

    def paint(painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for item in cards:
            painter.setWorldTransform(item.sceneTransform())
            item.paint(painter, option, None)

    return svg_bytes(QSize(int(rect.right()) + 1, int(rect.bottom()) + 1), paint)


def test_a_pictures_cards_are_made_without_hover_or_a_pixmap_cache(hotel, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(CardItem, "setCacheMode", lambda self, mode: calls.append("cache"), raising=False)
    monkeypatch.setattr(CardItem, "setAcceptHoverEvents", lambda self, on: calls.append("hover"), raising=False)
    scene = _print_scene(hotel)
    assert scene.card_items() and not calls  # a new item's own: no cache and no hover, set up and taken down
    on_screen = JourneyScene(hotel.project, "en", follow=False)
    on_screen.set_journey(hotel.project.journeys()[0].id)
    assert calls.count("cache") == calls.count("hover") == len(on_screen.card_items())


def test_cards_drawn_from_their_recordings_are_the_cards_drawn_afresh(hotel, monkeypatch):
    scene = _print_scene(hotel, card_notes=True, curve_labels="numbers")
    first, again = _cards_svg(scene), _cards_svg(scene)
    assert first == again  # the second pass plays what the first recorded

    class Forgetful(dict):  # type: ignore[type-arg]
        def __setitem__(self, key: Any, value: Any) -> None:
            pass  # every drawing recorded and played afresh, every time

    monkeypatch.setattr(scene.fonts, "drawings", Forgetful())
    assert _cards_svg(scene) == first


def test_a_card_finds_its_top_row_and_its_badges_in_one_recording_each(hotel, monkeypatch):
    scene = _print_scene(hotel)
    _cards_svg(scene)  # records
    asked: list[tuple[Any, ...]] = []
    real = style.drawing
    monkeypatch.setattr(style, "drawing", lambda fonts, key, draw: asked.append(key) or real(fonts, key, draw))
    drawings = scene.fonts.drawings
    looked: list[Any] = []

    class Counting(dict):  # type: ignore[type-arg]
        def get(self, key: Any, default: Any = None) -> Any:
            looked.append(key)
            return super().get(key, default)

    monkeypatch.setattr(scene.fonts, "drawings", Counting(drawings))
    _cards_svg(scene)
    cards = len(scene.card_items())
    assert not asked  # nothing recorded or looked up through the slow way again
    assert {key[0] for key in looked} == {"card head", "badges"}
    assert len(looked) <= 2 * cards  # glyph, chip, channel name and each badge were a lookup each


def test_a_top_rows_tile_number_and_name_are_recorded_once_whatever_rows_show_them(hotel, monkeypatch):
    # A map's top rows are its channels times its scores (and step numbers): each row's recording took the
    # channel's tile, the score's number and the channel's name from recordings of their own, not drawn again.
    drawn: dict[str, int] = {"glyph": 0, "chip text": 0, "channel name": 0}

    def counting(kind: str, real: Any) -> Any:
        def spy(*args: Any) -> Any:
            drawn[kind] += 1
            return real(*args)

        return spy

    monkeypatch.setattr(style, "_draw_channel_glyph", counting("glyph", style._draw_channel_glyph))
    monkeypatch.setattr(items, "_chip_text", counting("chip text", items._chip_text))
    monkeypatch.setattr(items, "_draw_channel_name", counting("channel name", items._draw_channel_name))
    scene = _print_scene(hotel)
    _cards_svg(scene)
    kinds = [key[0] for key in scene.fonts.drawings]
    assert drawn["glyph"] < kinds.count("card head")  # the hotel's channels show several scores each
    for kind, times in drawn.items():
        assert times == kinds.count(kind) > 0  # once per channel and place, per score, per name and room


def test_unlabelled_connections_make_no_label_box_in_a_picture(hotel, monkeypatch):
    scene = _print_scene(hotel)
    conns = scene.connection_items()
    labelled = sum(1 for item in conns.values() if item.route is not None and item.route.label is not None)
    assert 0 < labelled < len(conns)
    made: list[str] = []
    real = ConnectionItem.label_rect
    monkeypatch.setattr(ConnectionItem, "label_rect", lambda self: made.append(self.conn_id) or real(self))
    rect = scene.full_rect()
    svg = svg_bytes(QSize(int(rect.width()) + 1, int(rect.height()) + 1), lambda p: render.paint_map(scene, p))
    assert len(made) == labelled  # one box a label, none for a connection without one
    monkeypatch.undo()
    assert svg == svg_bytes(QSize(int(rect.width()) + 1, int(rect.height()) + 1), lambda p: render.paint_map(scene, p))


def test_a_run_asks_for_the_hints_only_of_items_that_may_change_them(qapp):
    on = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
    assert render._keeps(CardItem, on)  # a card only turns antialiasing on: already on, nothing changes
    assert not render._keeps(CardItem, QPainter.RenderHint.TextAntialiasing)  # then a card changes them
    assert render._keeps(ConnectionItem, QPainter.RenderHint(0))
    assert not render._keeps(items.LegendItem, on)  # says nothing: asked after each, as before


def test_the_counts_a_card_shows_are_the_models(hotel):
    doc = hotel
    project = doc.project
    cards = project.touchpoints(project.journeys()[0].id)
    doc.add_opportunity("Faster check-in", [cards[0].id, cards[1].id])
    doc.add_opportunity("Mobile key", [cards[0].id])
    for tp in cards:
        links = project.card_opportunity_links(tp.id)
        assert project.linked_opportunity_count(tp.id) == len({k.opportunity_id for k in links})
        sessions = project.tables["vote_session"]
        shown = sum(v.dots for v in project.votes_on(tp.id) if sessions[v.session_id].shows_counts)
        assert project.shown_votes(tp.id) == shown
    assert project.linked_opportunity_count(cards[0].id) == 2
    assert project.linked_opportunity_count(cards[1].id) == 1


def test_a_one_picture_svg_leaves_its_dropped_scene_as_the_runs_made_it(hotel, monkeypatch):
    from cxdesigner.exchange import mapexport

    journey = hotel.project.journeys()[0].id
    options = mapexport.MapOptions(dpi=96)
    undone: list[object] = []
    real = render._Run.undo
    with monkeypatch.context() as m:
        m.setattr(render._Run, "undo", lambda run: undone.append(run) or real(run))
        svg = mapexport.svg_bytes(hotel.project, journey, options)
        assert not undone  # its scene goes with the picture: no item given its contents back for nothing
        scene = _print_scene(hotel)
        rect = scene.full_rect()
        kept = svg_bytes(QSize(int(rect.width()) + 1, int(rect.height()) + 1), lambda p: render.paint_map(scene, p))
        assert len(undone) == 2  # a scene that stays is left as it was (cards, then connections)
    # The same picture as a paint that undoes its runs.
    paint = render.paint_map
    monkeypatch.setattr(render, "paint_map", lambda *a, last=False, **k: paint(*a, **k))
    assert mapexport.svg_bytes(hotel.project, journey, options) == svg
    assert kept
