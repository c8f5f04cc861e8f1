"""The interface language in the app: switched at once over the open project, and one word per idea in Spanish."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from matplotlib.text import Text
from PySide6.QtWidgets import QDockWidget, QMessageBox
from test_exchange_pdftext import pdf_text, squeeze
from test_i18n import entries

from cxdesigner import api, i18n, qti18n, resources
from cxdesigner.mainwindow import MainWindow
from cxdesigner.qtcommands import push
from cxdesigner.window.startpage import StartPage

PERSONA_WORD = re.compile(r"\bpersonas?\b", re.I)


@pytest.fixture
def english():
    """Every test here starts and ends with the interface in English, whatever it switched to."""
    qti18n.apply("en")
    yield
    qti18n.apply("en")


@pytest.fixture
def window(qtbot, english):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show_error = lambda title, message: pytest.fail(f"{title}: {message}")
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    yield w
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    w.close()


def _dock_layout(window: MainWindow) -> dict[str, tuple]:
    """Where each dock is, whether it floats or shows, and which docks share its tabs (longer words may widen one)."""
    return {
        d.objectName(): (
            window.dockWidgetArea(d),
            d.isFloating(),
            d.isVisible(),
            sorted(t.objectName() for t in window.tabifiedDockWidgets(d)),
        )
        for d in window.findChildren(QDockWidget)
    }


def _dock_sizes(window: MainWindow) -> dict[str, int]:
    """The width of the map and of every dock on screen."""
    shown = {d.objectName(): d.width() for d in window.findChildren(QDockWidget) if d.isVisible()}
    return {**shown, "map": window.centralWidget().width()}


def _kept_sizes(window: MainWindow, before: dict[str, int]) -> bool:
    """Each dock as wide as before unless longer words need more; the map loses no more than that."""
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget) if d.isVisible()}
    if set(docks) | {"map"} != set(before):
        return False
    wanted = {name: max(before[name], d.minimumSizeHint().width()) for name, d in docks.items()}
    grown = sum(wanted[name] - before[name] for name in docks)
    close = all(abs(d.width() - wanted[name]) <= 20 for name, d in docks.items())
    return close and window.centralWidget().width() >= before["map"] - grown - 20


def _titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_switching_the_language_applies_at_once_and_keeps_the_work(window, qtbot, tmp_path):
    path = tmp_path / "hotel.cxd"
    api.new_project(path, template="hotel").close()
    assert window.open_path(path)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    doc, stack = window.doc, window.undo_stack
    journey = window.selection.journey_id
    cards = [tp.id for tp in doc.project.touchpoints(journey)]
    from cxdesigner.document import commands as c

    push(stack, doc, c.UpdateCommand("touchpoint", cards[0], title="Renamed <b>x</b>"))
    window.selection.select(cards[:2], source=None)
    window.editor.set_zoom(1.5)
    layout = _dock_layout(window)
    sizes = _dock_sizes(window)
    undo_text = window.act_undo.text()
    assert _titles(window)[:3] == ["&File", "&Edit", "&View"]
    assert undo_text.startswith("&Undo ")

    window.choose_language("es")

    assert i18n.language() == "es" and window.ui_lang == "es" and doc.lang == "es"
    assert _titles(window)[:3] == ["&Archivo", "&Edición", "&Ver"]
    assert window.dock_personas.windowTitle() == "Tipos de cliente"
    assert window.dock_personas.toggleViewAction().text() == "Tipos de cliente"
    assert window.toolbar.windowTitle() == "Mapa"
    assert window.act_undo.text().startswith("&Deshacer")
    assert window.act_undo.iconText() == "Deshacer"
    # The same document, undo history, selection, zoom and dock layout.
    assert window.doc is doc and window.undo_stack is stack and stack.count() == 1
    assert window.selection.journey_id == journey and window.selection.touchpoint_ids == tuple(cards[:2])
    assert sorted(window.editor.selected_card_ids()) == sorted(cards[:2])
    assert window.editor.zoom() == pytest.approx(1.5)
    assert _dock_layout(window) == layout
    # Once laid out, the docks are as wide as they were: the map keeps its room.
    qtbot.waitUntil(lambda: _kept_sizes(window, sizes), timeout=3000)
    # The rebuilt views speak Spanish: the map's phases, the inspector, the status bar's zoom.
    assert window.editor.scene.lang == "es"
    assert "Zoom 150" in window._zoom_label.text()
    assert [a.data() for a in window.language_menu.actions() if a.isChecked()] == ["es"]

    stack.undo()
    assert doc.project.get("touchpoint", cards[0]).title != "Renamed <b>x</b>"
    window.choose_language("en")
    assert _titles(window)[:3] == ["&File", "&Edit", "&View"]
    assert window.act_undo.text() == "&Undo" and window.act_redo.text().startswith("&Redo ")


def test_switching_without_a_project_translates_the_empty_window(window):
    assert isinstance(window.centralWidget(), StartPage)
    assert window.centralWidget().btn_blank.text() == "&New blank journey"
    window.choose_language("es")
    # The start page is made again in Spanish, words and template names alike.
    page = window.centralWidget()
    assert isinstance(page, StartPage) and page.lang == "es"
    assert page.title.text() == "Le damos la bienvenida a CX Designer"
    assert page.btn_blank.text() == "&Nuevo viaje en blanco"
    assert page.btn_open.text() == "Abrir un pr&oyecto…"
    assert page.recent_heading.text() == "Proyectos &recientes"
    names = [page.templates.items.item(i).text() for i in range(page.templates.items.rowCount())]
    assert names[:2] == ["Viaje en blanco", "Estancia en un hotel"]
    assert window.dock_project.widget().text() == "Ningún proyecto abierto"


def test_a_new_project_in_spanish_is_named_in_spanish(window):
    window.choose_language("es")
    assert window.new_project()
    assert [j.name for j in window.doc.project.journeys()] == ["Viaje del cliente"]
    assert window.doc.project.info.lang == "es"
    english = api.new_project(lang="en")
    try:
        assert english.project.journeys()[0].name == "Customer journey"
    finally:
        english.close()


# -- one word for an idea -----------------------------------------------------------------------------------


def _spanish_catalogue():
    with resources.resource_path("translations", "es.po").open("rb") as f:
        return read_po(f, locale="es")


def test_persona_is_tipo_de_cliente_everywhere_in_spanish():
    """The interface, the map, the charts and the report say "tipo de cliente", never "persona"."""
    problems = []
    for m, ids, forms in entries(_spanish_catalogue()):
        if any(PERSONA_WORD.search(i) for i in ids):
            for form in forms:
                if PERSONA_WORD.search(form) or "tipo" not in form.lower():
                    problems.append(f"{m.id!r} → {form!r}")
    assert problems == []


def test_persona_word_in_map_report_and_analysis(qapp):
    from cxdesigner.analysis import analyze, format_text
    from cxdesigner.canvas import style
    from cxdesigner.exchange import drawio, mapexport

    assert style.map_label("persona", "es") == "Tipo de cliente"
    project = api.template_project("hotel", "es")
    journey = project.journeys()[0].id
    svg = mapexport.svg_bytes(project, journey, mapexport.MapOptions(lang="es")).decode("utf-8")
    assert "Tipo de cliente:" in svg and "Persona:" not in svg
    xml = drawio.drawio_xml(project, journey, "es")
    assert "Tipo de cliente:" in xml and "Persona:" not in xml
    assert "\nTipo de cliente: " in format_text(analyze(project, journey, lang="es"), "es")


def test_the_report_cover_and_the_chart_agree_on_experiencia_neta(qapp, tmp_path):
    from cxdesigner.charts import figures
    from cxdesigner.exchange import report

    project = api.template_project("hotel", "es")
    journey = project.journeys()[0].id
    path = tmp_path / "informe.pdf"
    report.write_report(project, journey, path, "es")
    text = squeeze(pdf_text(path.read_bytes()))
    assert squeeze("Experiencia neta") in text and "Satisfacción neta" not in text
    assert squeeze("Tipo de cliente:") in text
    fig = figures.emotion_curve(project, journey, lang="es")
    assert any("experiencia neta" in t.get_text() for t in fig.findobj(Text))
    assert not any("Satisfacción neta" in (m.string if isinstance(m.string, str) else "") for m in _spanish_catalogue())
