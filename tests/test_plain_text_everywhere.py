"""Text from a file or a phone is shown as typed wherever a widget could read it as rich text.

names44: a real window on a project whose every name is markup is walked, widget by widget, item by item: each
tooltip, status tip and label that Qt would take for rich text must not hold the name's markup unescaped. The
compare marks' tooltips (canvas.render.mark_cards) were set as they came.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QWidget

from cxdesigner import qti18n
from cxdesigner.canvas import render
from cxdesigner.document import commands as dc
from cxdesigner.mainwindow import MainWindow

MARKUP = "<img src=x.png><b>Bold</b>"  # what a phone or a file might send as a name


def _rich(text: str) -> bool:
    """Whether Qt, guessing, draws ``text`` as rich text and so obeys the name's markup."""
    return bool(text) and "<img src=x.png>" in text and GuiQt.mightBeRichText(text)


def _model_tips(view: QAbstractItemView) -> list[str]:
    model, out = view.model(), []
    if model is None:
        return out

    def walk(parent: QModelIndex, depth: int) -> None:
        try:
            columns = model.columnCount(parent)
        except TypeError:  # a list model's is private: one column
            columns = 1
        for row in range(min(model.rowCount(parent), 200)):
            for column in range(min(columns, 40)):
                index = model.index(row, column, parent)
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    out.append(tip)
            if depth < 3:
                walk(model.index(row, 0, parent), depth + 1)

    walk(QModelIndex(), 0)
    return out


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_widget_item_or_action_of_a_window_obeys_markup_in_a_name(qtbot, own_settings, lang):
    qti18n.apply(lang)
    w = MainWindow(ui_lang=lang)
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.new_project(template="hotel", lang=lang)
    doc = w.doc
    jid = w.editor.journey_id
    project = doc.project
    steps = [dc.UpdateCommand("project", "project", name="Project " + MARKUP),
             dc.UpdateCommand("journey", jid, name="Journey " + MARKUP)]
    steps += [dc.UpdateCommand("touchpoint", tp.id, title=f"Card {i} {MARKUP}")
              for i, tp in enumerate(project.touchpoints(jid)[:6])]
    steps += [dc.UpdateCommand("stage", s.id, name="Stage " + MARKUP) for s in project.stages(jid)[:2]]
    steps += [dc.UpdateCommand("lane", ln.id, name="Lane " + MARKUP) for ln in project.lanes(jid)[:2]]
    steps += [dc.UpdateCommand("persona", p.id, name="Persona " + MARKUP) for p in project.personas()[:1]]
    for step in steps:
        w.undo_stack.push(step)
    w.show()
    for dock in w.findChildren(type(w.dock_project)):
        dock.show()
    qtbot.wait(50)
    QApplication.processEvents()

    obeyed = []
    for widget in [w, *w.findChildren(QWidget)]:
        for what, text in (("tooltip", widget.toolTip()), ("status tip", widget.statusTip())):
            if _rich(text):
                obeyed.append(f"{type(widget).__name__} {widget.objectName()} {what}: {text[:80]}")
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText and _rich(widget.text()):
            obeyed.append(f"QLabel {widget.objectName()}: {widget.text()[:80]}")
        if isinstance(widget, QAbstractItemView):
            obeyed += [f"{type(widget).__name__} item tooltip: {t[:80]}" for t in _model_tips(widget) if _rich(t)]
    for action in w.findChildren(QAction):
        for what, text in (("tooltip", action.toolTip()), ("status tip", action.statusTip())):
            if _rich(text):
                obeyed.append(f"action {action.text()!r} {what}: {text[:80]}")
    scene = w.editor.scene
    obeyed += [f"map item {type(i).__name__}: {i.toolTip()[:80]}" for i in scene.items() if _rich(i.toolTip())]
    obeyed += [f"map tooltip_for {type(i).__name__}" for i in scene.items() if _rich(scene.tooltip_for(i) or "")]
    # What Undo names (the last rename, of a persona, with its markup) is in the Edit menu and its tooltip.
    assert "<img src=x.png>" in w.undo_stack.undo_text()
    assert obeyed == []


def test_the_compare_marks_tooltips_are_shown_as_written(qtbot, own_settings):
    w = MainWindow()
    qtbot.addWidget(w)
    w.ask_unsaved = lambda name: QMessageBox.StandardButton.Discard
    assert w.new_project(template="hotel")
    scene = w.editor.scene
    card = next(iter(scene.card_items()))
    before = set(scene.items())
    render.mark_cards(scene, {card: "added"}, {"added": MARKUP})
    outline = next(i for i in scene.items() if i not in before)
    assert not _rich(outline.toolTip()) and outline.toolTip()


def test_no_message_box_guesses_rich_text():
    """QMessageBox's static warning(), information(), critical() and question() guess rich text, so an error naming a
    checkpoint "<b>v2</b>" or a file showed it in bold: the package makes its boxes itself, in plain text."""
    import ast
    from pathlib import Path

    import cxdesigner

    package = Path(cxdesigner.__file__).resolve().parent
    guessing = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "QMessageBox" not in text:
            continue  # most of the package: parsed for nothing
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "QMessageBox"
                and node.func.attr in {"warning", "information", "critical", "question", "about"}
            ):
                guessing.append(f"{path.relative_to(package)}:{node.lineno}")
        # A box made by hand is told its text is plain in the same function.
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            inner = [n for n in ast.walk(func) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
            if any(n.func.id == "QMessageBox" for n in inner) and "PlainText" not in (
                ast.get_source_segment(text, func) or ""
            ):
                guessing.append(f"{path.relative_to(package)}:{func.lineno} {func.name}")
    assert guessing == []
