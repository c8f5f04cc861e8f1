"""Sub-journeys through the window's parts: the map's mark, open and Back, the inspector, the project panel,
the report dialog, and --linked on the command line."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from PySide6.QtCore import Qt

import cxdesigner
from cxdesigner.canvas.editor import JourneyEditor
from cxdesigner.canvas.items import LegendItem, sub_badge_rect
from cxdesigner.canvas.render import render_image, render_journey
from cxdesigner.cli import main
from cxdesigner.dialogs.export_report import ExportReportDialog
from cxdesigner.dialogs.export_text import text_command
from cxdesigner.document import Selection
from cxdesigner.document import commands as c
from cxdesigner.document.lanes import SetLaneCellCommand
from cxdesigner.document.subjourney import LinkSubJourneyCommand, NewSubJourneyCommand
from cxdesigner.panels.inspector import InspectorWidget
from cxdesigner.panels.project_dock import ProjectDock
from cxdesigner.qtcommands import UndoStack


@pytest.fixture
def env(qtbot):
    """The hotel template with its check-in card opening a new 'Check-in' journey."""
    doc = cxdesigner.new_project(None, template="hotel")
    stack = UndoStack(doc)
    parent = doc.journeys()[0]
    card = doc.project.touchpoints(parent.id)[3]
    sub = doc.execute(NewSubJourneyCommand(card.id, name="Check-in")).journey_id
    doc.stack.clear()
    yield doc, stack, parent.id, card.id, sub
    stack.clear()
    doc.close()


@pytest.fixture
def editor(qtbot, env):
    doc, stack = env[0], env[1]
    ed = JourneyEditor(doc, stack, Selection())
    qtbot.addWidget(ed)
    ed.resize(1200, 800)
    ed.show()
    yield ed
    ed.detach()


def test_open_shows_the_breadcrumb_and_back_returns_to_the_card(qtbot, env, editor):
    doc, _stack, parent, card, sub = env
    editor.view.horizontalScrollBar().setValue(120)
    editor.select_cards([card])
    assert not editor.breadcrumb.isVisible()
    editor.action("open_sub").trigger()  # Alt+Down
    assert editor.journey_id == sub
    assert editor.breadcrumb.isVisible()
    assert editor.breadcrumb.path_label.text() == f"{doc.project.get('journey', parent).name} › Check-in"
    editor.select_cards([])
    editor.breadcrumb.back_button.click()
    assert editor.journey_id == parent and not editor.breadcrumb.isVisible()
    assert editor.selected_card_ids() == [card]
    assert editor.view.horizontalScrollBar().value() == 120


def test_double_click_on_the_mark_opens_the_journey(qtbot, env, editor):
    _doc, _stack, _parent, card, sub = env
    item = editor.scene.card_item(card)
    r = item.card_rect()
    spot = item.mapToScene(sub_badge_rect(r.width(), r.height()).center())
    editor.view.centerOn(spot)
    qtbot.mouseDClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=editor.view.mapFromScene(spot))
    assert editor.journey_id == sub
    editor.action("back").trigger()  # Alt+Left


def test_a_broken_link_only_says_so(qtbot, env, editor):
    doc, stack, parent, card, sub = env
    doc.execute(c.DeleteJourneyCommand(sub))
    with qtbot.waitSignal(editor.message_posted) as said:
        assert not editor.open_sub_journey(card)
    assert said.args == ["The journey this card opened was deleted"]
    assert editor.journey_id == parent and not editor.breadcrumb.isVisible()
    assert "deleted" in editor.scene.card_tooltip(card)


def test_switching_journey_elsewhere_ends_the_trail(qtbot, env, editor):
    _doc, _stack, parent, card, _sub = env
    editor.open_sub_journey(card)
    editor.set_journey(parent)
    assert editor.trail == [] and not editor.breadcrumb.isVisible()
    assert not editor.back_to_parent()


def test_the_mark_and_its_key_are_printed(qapp, env):
    doc, _stack, parent, card, sub = env
    scene = render_journey(doc, parent)
    assert [k for k in LegendItem()._badges(scene) if k.startswith("sub")] == ["sub"]
    assert not render_image(scene, 0.5).isNull()
    doc.execute(c.DeleteJourneyCommand(sub))
    assert [k for k in LegendItem()._badges(render_journey(doc, parent)) if k.startswith("sub")] == ["sub_broken"]


def test_inspector_links_unlinks_and_makes_a_sub_journey(qtbot, env):
    doc, stack, parent, card, sub = env
    sel = Selection()
    w = InspectorWidget(doc, stack, sel)
    qtbot.addWidget(w)
    w.set_touchpoints([card])
    combo = w.fields["sub_journey"]
    assert combo.currentData() == sub
    assert combo.findData(parent) == -1  # never its own journey
    combo.activated.emit(0)  # None
    assert doc.project.get("touchpoint", card).sub_journey is None
    stack.undo()
    assert doc.project.get("touchpoint", card).sub_journey == sub
    other = doc.project.touchpoints(parent)[0].id
    w.set_touchpoints([other])
    assert w.new_sub_button.isEnabled()
    w.new_sub_button.click()
    made = doc.project.get("touchpoint", other).sub_journey
    assert made and doc.project.get("journey", made).name == doc.project.get("touchpoint", other).title
    stack.undo()
    assert doc.project.get("touchpoint", other).sub_journey is None and made not in doc.project.tables["journey"]
    w.set_touchpoints([card])
    doc.execute(c.DeleteJourneyCommand(sub))
    assert combo.currentText() == "(deleted journey: link broken)"


def test_project_panel_shows_the_hierarchy_and_survives_a_cycle(qtbot, env):
    doc, stack, parent, card, sub = env
    sel = Selection()
    sel.set_journey(parent)
    dock = ProjectDock(doc, stack, sel)
    qtbot.addWidget(dock)
    tree = dock.journey_list
    top = tree.topLevelItem(0)
    assert top.data(0, Qt.ItemDataRole.UserRole + 1) == parent
    assert top.child(0).text(0) == "Check-in"
    # Check-in opens the parent back: a cycle, listed once each.
    st_, ln = doc.project.stages(sub), doc.project.lanes(sub)
    back = doc.add_touchpoint(sub, st_[0].id, ln[0].id, "Back to the stay")
    doc.execute(LinkSubJourneyCommand(back, parent))
    assert sorted(dock.journey_ids()) == sorted(j.id for j in doc.journeys())
    doc.execute(LinkSubJourneyCommand(card, None))  # now only Check-in opens the stay
    assert tree.topLevelItem(0).text(0) == "Check-in" and tree.topLevelItem(0).child(0).text(0) != ""
    doc.execute(LinkSubJourneyCommand(back, None))
    assert tree.topLevelItemCount() == len(doc.journeys()) == 2


def test_report_dialog_checkbox_adds_linked(qtbot, env, tmp_path):
    doc, _stack, parent, _card, _sub = env
    dlg = ExportReportDialog(doc, parent)
    qtbot.addWidget(dlg)
    assert dlg.linked_check.isEnabled() and not dlg.linked_check.isChecked()
    assert "--linked" not in dlg.command(tmp_path / "p.cxd", tmp_path / "r.pdf")
    dlg.linked_check.setChecked(True)
    assert dlg.command(tmp_path / "p.cxd", tmp_path / "r.pdf")[-1] == "--linked"
    assert text_command(tmp_path / "p.cxd", parent, "csv", tmp_path / "a.csv", ",", "en", True)[-1] == "--linked"


def test_cli_linked_analysis_and_csv(tmp_path, capsys, env):
    doc, _stack, parent, card, sub = env
    st_, ln = doc.project.stages(sub), doc.project.lanes(sub)
    doc.add_touchpoint(sub, st_[0].id, ln[0].id, "Key card")
    doc.add_touchpoint(sub, st_[0].id, ln[0].id, "Back", sub_journey=parent)  # a cycle
    path = tmp_path / "p.cxd"
    doc.save_as(path)
    name = doc.project.get("journey", parent).name
    assert main(["analyze", str(path), "--journey", name, "--linked", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["journey"]["name"] for r in data["journeys"]] == [name, "Check-in"]
    assert main(["analyze", str(path), "--journey", name]) == 0
    assert "Check-in" not in capsys.readouterr().out.splitlines()[0]
    out = tmp_path / "t.csv"
    assert main(["export", str(path), "--journey", name, "--linked", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows[0][0] == "Journey" and {r[0] for r in rows[1:]} == {name, "Check-in"}
    out_json = tmp_path / "t.json"
    assert main(["export", str(path), "--journey", "Check-in", "--linked", "-o", str(out_json)]) == 0
    names = {j["name"] for j in json.loads(out_json.read_text("utf-8"))["journeys"]}
    assert names == {name, "Check-in"}
    capsys.readouterr()


def test_cli_linked_maps_write_a_file_per_journey_and_other_formats_say_why_not(tmp_path, capsys, env):
    doc, _stack, parent, _card, sub = env
    st_, ln = doc.project.stages(sub), doc.project.lanes(sub)
    doc.add_touchpoint(sub, st_[0].id, ln[0].id, "Key card")
    doc.execute(SetLaneCellCommand(st_[0].id, doc.add_lane(sub, "Notes", "text"), text="Where is the lift?"))
    path = tmp_path / "p.cxd"
    doc.save_as(path)
    name = doc.project.get("journey", parent).name
    for fmt in ("mermaid", "graphml", "drawio", "svg"):
        out = tmp_path / f"map.{fmt if fmt != 'mermaid' else 'mmd'}"
        assert main(["export", str(path), "--journey", name, "--linked", "--format", fmt, "-o", str(out)]) == 0
        beside = out.with_name(f"map - Check-in{out.suffix}")
        assert out.is_file() and beside.is_file(), fmt
        assert capsys.readouterr().out.splitlines() == [f"Wrote {out}", f"Wrote {beside}"]
        assert b"Key card" in beside.read_bytes() and b"Key card" not in out.read_bytes()
    # Without --linked, one file as before.
    alone = tmp_path / "alone.mmd"
    assert main(["export", str(path), "--journey", name, "-o", str(alone)]) == 0
    assert [p.name for p in tmp_path.glob("alone*")] == ["alone.mmd"]
    capsys.readouterr()
    lanes = tmp_path / "lanes.csv"
    assert main(["export", str(path), "--journey", name, "--linked", "--format", "lanes", "-o", str(lanes)]) == 0
    rows = list(csv.reader(io.StringIO(lanes.read_text("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {name, "Check-in"}
    assert "Where is the lift?" in [r[4] for r in rows if r[0] == "Check-in"]
    capsys.readouterr()
    for fmt, target in (("opportunities", "o.csv"), ("cxd", "copy.cxd"), ("mermaid", "-")):
        to = str(tmp_path / target) if target != "-" else "-"
        args = ["export", str(path), "--linked", "--format", fmt, "-o", to]
        assert main(args) == 2, fmt
        err = capsys.readouterr().err.strip()
        assert err.startswith("cxdesigner: --linked") and "\n" not in err, err
    assert not (tmp_path / "o.csv").exists() and not (tmp_path / "copy.cxd").exists()


def test_cli_report_linked(tmp_path, env):
    doc, _stack, parent, _card, _sub = env
    path = tmp_path / "p.cxd"
    doc.save_as(path)
    one, both = tmp_path / "one.pdf", tmp_path / "both.pdf"
    name = doc.project.get("journey", parent).name
    assert main(["report", str(path), "--journey", name, "-o", str(one)]) == 0
    assert main(["report", str(path), "--journey", name, "--linked", "-o", str(both)]) == 0
    pages = [len(re.findall(rb"/Type\s*/Page(?!s)", f.read_bytes())) for f in (one, both)]
    assert pages[0] > 0 and pages[1] > pages[0]  # the sub-journey's cover, map and sections follow
