"""Light and dark: the map, charts and panels follow the screen's scheme; every picture stays on white paper.

The offscreen platform reports no colour scheme (QStyleHints.setColorScheme does nothing there),
so these tests switch the application palette, which the app follows when the system says nothing.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from cxdesigner import api
from cxdesigner.canvas import style
from cxdesigner.canvas.scene import JourneyScene
from cxdesigner.charts.dock import ChartsWidget
from cxdesigner.exchange import mapexport
from cxdesigner.panels.widgets import error_label
from cxdesigner.window import theme


@pytest.fixture
def hotel(qapp):
    d = api.new_project(template="hotel")
    yield d
    d.close()


@pytest.fixture
def dark(qapp):
    """The application in a dark palette for the test, the style's own palette again after it."""
    before = QApplication.palette()
    QApplication.setPalette(theme.dark_palette())
    yield
    QApplication.setPalette(before)


def _screen_scene(doc) -> JourneyScene:
    scene = JourneyScene(doc.project, doc.lang)
    scene.set_journey(doc.journeys()[0].id)
    return scene


def _picture(scene: JourneyScene, rect: QRectF) -> QImage:
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ff00ff"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


# -- the colours themselves ---------------------------------------------------------------------


@pytest.mark.parametrize("colours", [style.LIGHT, style.DARK], ids=lambda c: c.name)
def test_map_text_reads_at_4_5_to_1_on_what_it_sits_on(colours):
    c = colours
    pairs = {
        "ink on card": (c.ink, c.card),
        "ink on paper": (c.ink, c.paper),
        "ink on cell": (c.ink, c.cell_fill),
        "ink on alternate cell": (c.ink, c.cell_fill_alt),
        "muted ink on card": (c.muted_ink, c.card),
        "muted ink on paper": (c.muted_ink, c.paper),
        "header ink on header": (c.header_ink, c.header_fill),
        **{f"header ink on phase {k}": (c.header_ink, QColor(v)) for k, v in c.phase_fills.items()},
        **{f"{k} badge count on card": (getattr(c, k), c.card) for k in ("pain", "opportunity", "votes", "linked")},
    }
    low = {name: round(style.contrast(a, b), 2) for name, (a, b) in pairs.items() if style.contrast(a, b) < 4.5}
    assert not low


@pytest.mark.parametrize("colours", [style.LIGHT, style.DARK], ids=lambda c: c.name)
def test_marks_and_lines_stand_out_from_the_map(colours):
    c = colours
    # Non-text marks need 3:1 (WCAG 1.4.11): connection lines on the cells, selection on paper and cells.
    for name, _pen, _w in c.connections.values():
        assert style.contrast(QColor(name), c.cell_fill) >= 3.0, name
    for back in (c.paper, c.card, c.cell_fill):
        assert style.contrast(c.selection, back) >= 3.0
    assert c.pain_mark != c.pain


def test_emotion_chip_text_reads_in_both_schemes():
    for value in range(-3, 4):
        fill = style.emotion_colour(value)
        assert style.contrast(style.ink_on(fill), fill) >= 4.5, value


def test_dark_window_palette_reads():
    pal = theme.dark_palette()
    role = QPalette.ColorRole
    for text, back in [
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.Text, role.AlternateBase),
        (role.ButtonText, role.Button),
        (role.HighlightedText, role.Highlight),
        (role.ToolTipText, role.ToolTipBase),
        (role.Link, role.Base),
    ]:
        assert style.contrast(pal.color(text), pal.color(back)) >= 4.5, (text, back)
    assert theme.is_dark(pal)


# -- the map on screen follows, pictures do not ---------------------------------------------------


def test_screen_map_follows_the_palette_at_once(hotel, qapp):
    before = QApplication.palette()
    scene = _screen_scene(hotel)
    try:
        assert scene.colours is style.LIGHT
        QApplication.setPalette(theme.dark_palette())
        # No event loop turn needed: the switch repaints at once.
        assert scene.colours is style.DARK
        assert scene.backgroundBrush().color() == style.DARK.paper
        card = next(iter(scene.card_items().values()))
        inside = card.mapRectToScene(QRectF(40, card.card_rect().height() - 3, 4, 1))
        pixel = _picture(scene, inside).pixelColor(1, 0)
        assert pixel == style.DARK.card
        QApplication.setPalette(before)
        assert scene.colours is style.LIGHT
        assert _picture(scene, inside).pixelColor(1, 0) == style.LIGHT.card
    finally:
        QApplication.setPalette(before)
        scene.detach()


def test_a_screen_map_opened_in_the_dark_is_dark(hotel, dark):
    scene = _screen_scene(hotel)
    assert scene.colours is style.DARK
    scene.detach()


def test_pictures_stay_on_white_paper_in_the_dark(hotel, qapp):
    project = hotel.project
    jid = hotel.journeys()[0].id
    options = mapexport.MapOptions(dpi=96)
    light_png, _ = mapexport.png_bytes(project, jid, options)
    light_svg = mapexport.svg_bytes(project, jid, options)
    before = QApplication.palette()
    QApplication.setPalette(theme.dark_palette())
    try:
        dark_png, _ = mapexport.png_bytes(project, jid, options)
        dark_svg = mapexport.svg_bytes(project, jid, options)
    finally:
        QApplication.setPalette(before)
    assert dark_png == light_png
    assert dark_svg == light_svg
    image = QImage.fromData(dark_png)
    assert image.pixelColor(2, 2) == QColor("#ffffff")


def test_print_mode_scene_never_follows_the_screen(hotel, dark):
    from cxdesigner.canvas.render import render_journey

    scene = render_journey(hotel, hotel.journeys()[0].id)
    assert scene.colours is style.LIGHT
    scene.follow_colour_scheme()
    assert scene.colours is style.LIGHT


# -- panels and charts ------------------------------------------------------------------------------


def test_error_line_reads_on_light_and_dark(qtbot, qapp):
    label = error_label()
    qtbot.addWidget(label)
    before = QApplication.palette()

    def ratio() -> float:
        window = label.palette().color(QPalette.ColorRole.Window)
        return style.contrast(label.palette().color(QPalette.ColorRole.WindowText), window)

    assert ratio() >= 4.5
    QApplication.setPalette(theme.dark_palette())
    qapp.processEvents()  # widgets hear of the application's palette by a posted event
    try:
        assert ratio() >= 4.5
        assert label.palette().color(QPalette.ColorRole.Window).lightness() < 128
    finally:
        QApplication.setPalette(before)
        qapp.processEvents()
    assert ratio() >= 4.5
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor("#b00020")


def test_charts_follow_the_window_but_save_light(hotel, qtbot, tmp_path, dark):
    from cxdesigner.analysis import analyze
    from cxdesigner.analysis.outcome import JourneyAnalysis

    widget = ChartsWidget()
    qtbot.addWidget(widget)
    assert widget._theme() == "dark"
    jid = hotel.journeys()[0].id
    project = hotel.project
    widget.show_analysis(JourneyAnalysis(project.detached_copy(), jid, "en", analyze(project, jid, lang="en")))
    shown = widget.build_figure(figsize=(4, 3))
    assert QColor.fromRgbF(*shown.get_facecolor()).lightness() < 128
    path = widget.save(tmp_path / "chart.png")
    image = QImage(str(path))
    assert image.pixelColor(1, 1) == QColor("#ffffff")


def test_follow_system_is_installed_once_and_leaves_an_unknown_scheme_alone(qapp):
    before = QApplication.palette()
    first = theme.follow_system(qapp)
    assert theme.follow_system(qapp) is first
    if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Unknown:
        assert not first.patched
        assert QApplication.palette() == before


def test_main_window_map_is_dark_under_a_dark_palette(qtbot, dark):
    from PySide6.QtWidgets import QMessageBox

    from cxdesigner.mainwindow import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.new_project(template="hotel")
    assert w.editor is not None
    assert w.editor.scene.colours is style.DARK
    # The window's text on its background, as the style paints it.
    pal = w.palette()
    assert style.contrast(pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Window)) >= 4.5
    w.close()
