"""Comparing journeys (current vs future state, checkpoint vs now), future states and checkpoints as commands."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import projects

from cxdesigner.analysis.compare import CARD_FIELDS, card_marks, compare
from cxdesigner.document.commands import DeleteJourneyCommand
from cxdesigner.document.document import Document
from cxdesigner.document.states import (
    CheckpointError,
    CreateCheckpointCommand,
    CreateFutureStateCommand,
    DeleteCheckpointCommand,
    RestoreCheckpointCommand,
    SetFutureOfCommand,
    current_state,
    decode_checkpoint,
    encode_checkpoint,
)
from cxdesigner.model import Change, Journey, Lane, LaneCell, Project, Stage, Touchpoint, jsonformat


def _hotel() -> Project:
    p = Project()
    es: list = [Journey(id="jr-1", name="Stay")]
    for i, key in enumerate(("awareness", "purchase", "use")):
        es.append(Stage(id=f"st-{i}", journey_id="jr-1", position=i, key=key))
    es.append(Lane(id="ln-0", journey_id="jr-1"))
    es += [
        Touchpoint(id="tp-a", journey_id="jr-1", stage_id="st-0", lane_id="ln-0", title="Search", emotion=1),
        Touchpoint(
            id="tp-b",
            journey_id="jr-1",
            stage_id="st-1",
            lane_id="ln-0",
            title="Pay",
            emotion=-2,
            importance=5,
            satisfaction=2,
            pain_points=("Card refused",),
        ),
        Touchpoint(
            id="tp-c", journey_id="jr-1", stage_id="st-2", lane_id="ln-0", position=0, title="Check in", emotion=-1
        ),
    ]
    p.apply([Change(e.KIND, e.id, None, e) for e in es])
    return p


def test_a_journey_compared_with_itself_has_no_differences():
    p = _hotel()
    r = compare(p, "jr-1", p, "jr-1")
    assert r["same"] and not r["added"] and not r["removed"] and not r["changed"]
    assert [s["change"] for s in r["stages"]] == [0, 0, 0]


def test_a_future_state_pairs_its_cards_by_origin_and_shows_what_got_better():
    p = _hotel()
    doc = Document.new(p)
    try:
        cmd = CreateFutureStateCommand(p, "jr-1")
        doc.execute(cmd)
        fut = p.get("journey", cmd.journey_id)
        assert fut.name == "Stay (future)" and fut.future_of == "jr-1"
        cards = {tp.origin: tp for tp in p.touchpoints(fut.id)}
        assert set(cards) == {"tp-a", "tp-b", "tp-c"}
        assert compare(p, "jr-1", p, fut.id)["same"]
        doc.update_touchpoint(cards["tp-b"].id, title="Pay by phone", satisfaction=4, emotion=1, pain_points=())
        doc.delete_touchpoints([cards["tp-c"].id])
        new = doc.add_touchpoint(fut.id, fut and p.stages(fut.id)[2].id, p.lanes(fut.id)[0].id, title="Key by phone")
        r = compare(p, "jr-1", p, fut.id)
        assert [c["title"] for c in r["added"]] == ["Key by phone"] and r["added"][0]["id"] == new
        assert [c["id"] for c in r["removed"]] == ["tp-c"]
        (ch,) = r["changed"]
        assert ch["before"] == "tp-b" and set(ch["fields"]) == {"title", "satisfaction", "emotion", "pain_points"}
        assert r["gaps_closed"] == [
            {"before": "tp-b", "after": cards["tp-b"].id, "title": "Pay by phone", "gap_before": 3, "gap_after": 1}
        ]
        assert [g["pain_point"] for g in r["pain_points_gone"]] == ["Card refused"]
        assert [s["change"] for s in r["stages"]] == [0, 3, None]
        before, after = card_marks(r)
        assert before == {"tp-b": "changed", "tp-c": "removed"} and after[new] == "added"
        # One undo removes the whole future state.
        doc.undo(), doc.undo(), doc.undo(), doc.undo()
        assert [j.id for j in p.journeys()] == ["jr-1"]
    finally:
        doc.close()


def test_a_future_state_takes_each_lane_cell_once():
    p = _hotel()
    text = Lane(id="ln-text", journey_id="jr-1", position=1, kind="text")
    cell = LaneCell(id="lc-1", journey_id="jr-1", lane_id="ln-text", stage_id="st-0", text="Will it be quiet?")
    p.apply([Change("lane", text.id, None, text), Change("lane_cell", cell.id, None, cell)])
    doc = Document.new(p)
    try:
        cmd = CreateFutureStateCommand(p, "jr-1")
        doc.execute(cmd)
        (copied,) = p.lane_cells(cmd.journey_id)
        assert copied.text == "Will it be quiet?" and copied.id != "lc-1"
    finally:
        doc.close()


def test_the_future_of_mark_is_a_command_and_a_deleted_current_state_is_no_crash():
    p = _hotel()
    doc = Document.new(p)
    try:
        other = doc.add_journey("Other")
        doc.execute(SetFutureOfCommand(other, "jr-1"))
        assert p.future_states("jr-1")[0].id == other
        doc.execute(DeleteJourneyCommand("jr-1"))
        assert current_state(p, other) == ("jr-1", None)
        doc.undo()
        doc.execute(SetFutureOfCommand(other, None))
        assert current_state(p, other) == (None, None)
    finally:
        doc.close()


def test_stages_pair_by_key_then_name_then_position():
    p = _hotel()
    q = jsonformat.with_new_ids(p)
    jq = q.journeys()[0].id
    r = compare(p, "jr-1", q, jq)
    assert r["same"]  # titles within paired stages pair the cards
    renamed = q.stages(jq)[1]
    q.apply([Change("stage", renamed.id, renamed, renamed.evolve(key="", name="Pay up"))])
    r = compare(p, "jr-1", q, jq)
    assert [(s["before"], s["after"] is not None) for s in r["stages"]] == [
        ("st-0", True),
        ("st-1", True),
        ("st-2", True),
    ]


def test_a_checkpoint_round_trips_and_compares_by_id(tmp_path):
    p = _hotel()
    doc = Document.new(p)
    try:
        cmd = CreateCheckpointCommand(p, "jr-1", "Before the workshop", author="Ana")
        doc.execute(cmd)
        (ck,) = p.checkpoints()
        assert ck.label == "Before the workshop" and ck.author == "Ana" and ck.size == len(ck.data)
        held, j = decode_checkpoint(ck.data)
        assert compare(held, j.id, p, "jr-1")["same"]
        doc.update_touchpoint("tp-a", title="Search the web")
        r = compare(held, j.id, p, "jr-1")
        assert [c["fields"] for c in r["changed"]] == [["title"]]
        restore = RestoreCheckpointCommand(p, ck.id)
        doc.execute(restore)
        new = p.get("journey", restore.journey_id)
        assert new.id != "jr-1" and "Before the workshop" in new.name
        assert [tp.title for tp in p.touchpoints(new.id)] == ["Search", "Pay", "Check in"]
        assert p.get("touchpoint", "tp-a").title == "Search the web"  # the current one is untouched
        doc.undo()
        assert len(p.journeys()) == 1
        doc.execute(DeleteCheckpointCommand(ck.id))
        assert not p.checkpoints()
        doc.undo()
        assert p.checkpoints() == [ck]
    finally:
        doc.close()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not zlib", "damaged"),
        (zlib.compress(b"{"), "cannot be read"),
        (zlib.compress(b"x" * 2_000_000), "expands to more than"),
        (zlib.compress(b'{"a": 1}')[:-3], "cut short"),
        (zlib.compress(b"\xff\xfe"), "damaged"),
    ],
)
def test_a_broken_checkpoint_gives_one_line(data, message):
    with pytest.raises(CheckpointError, match=message) as info:
        decode_checkpoint(data, limit=1_000_000)
    assert "\n" not in str(info.value)


def test_checkpoints_over_the_limits_are_refused_with_what_to_do(monkeypatch):
    p = _hotel()
    from cxdesigner.model import limits

    monkeypatch.setattr(limits, "MAX_CHECKPOINTS", 0)
    with pytest.raises(CheckpointError, match="delete old ones"):
        CreateCheckpointCommand(p, "jr-1", "x")


_EDITS = {
    "title": lambda tp: tp.title + "!",
    "emotion": lambda tp: 3 if tp.emotion != 3 else -3,
    "notes": lambda tp: tp.notes + " more",
    "moment_of_truth": lambda tp: not tp.moment_of_truth,
}


@given(project=projects(max_journeys=2), data=st.data())
def test_compare_with_an_edited_copy_finds_exactly_the_edits(project, data):
    journeys = [j for j in project.journeys() if project.touchpoints(j.id)]
    if not journeys:
        assert all(compare(project, j.id, project, j.id)["same"] for j in project.journeys())
        return
    jid = data.draw(st.sampled_from([j.id for j in journeys]))
    assert compare(project, jid, project, jid)["same"]
    copy = project.detached_copy()
    cards = copy.touchpoints(jid)
    chosen = data.draw(st.lists(st.sampled_from([tp.id for tp in cards]), unique=True))
    removed = set(data.draw(st.lists(st.sampled_from(chosen), unique=True))) if chosen else set()
    edits: dict[str, set[str]] = {}
    for tid in chosen:
        if tid in removed:
            continue
        fields = set(data.draw(st.lists(st.sampled_from(sorted(_EDITS)), min_size=1, unique=True)))
        old = copy.get("touchpoint", tid)
        copy.apply([Change("touchpoint", tid, old, old.evolve(**{f: _EDITS[f](old) for f in fields}))])
        edits[tid] = fields
    gone = [c for c in copy.connections(jid) if c.source_id in removed or c.target_id in removed]
    changes = [Change("connection", c.id, c, None) for c in gone]
    for tid in sorted(removed):
        tp = copy.get("touchpoint", tid)
        changes += [Change("response", r.id, r, None) for r in copy.responses(tid)]
        changes += [Change("opportunity_link", ol.id, ol, None) for ol in copy.card_opportunity_links(tid)]
        changes += [Change("vote", v.id, v, None) for v in copy.votes_on(tid)]
        changes.append(Change("touchpoint", tid, tp, None))
    copy.apply(changes)
    r = compare(project, jid, copy, jid)
    assert {c["id"] for c in r["removed"]} == removed
    assert r["added"] == []
    assert {c["after"]: set(c["fields"]) for c in r["changed"]} == edits
    assert all(set(c["fields"]) <= set(CARD_FIELDS) for c in r["changed"])
    assert len(r["connections_removed"]) == len({(c.source_id, c.target_id, c.kind) for c in gone})
    # Listed by the steps they join, not by their ids: a comparison reads the same every time.
    listed = r["connections_removed"]
    assert listed == sorted(listed, key=lambda c: (c["source"], c["target"], c["kind"]))
    assert r["same"] == (not removed and not edits)


@given(project=projects(max_journeys=2))
def test_a_checkpoint_of_any_journey_decodes_to_the_same_journey(project):
    for j in project.journeys():
        held, hj = decode_checkpoint(encode_checkpoint(project, j.id))
        assert hj == j
        assert held.touchpoints(j.id) == project.touchpoints(j.id)
        assert compare(held, j.id, project, j.id)["same"]


def test_cli_compare_journeys_and_a_checkpoint(tmp_path, capsys):
    import json

    from cxdesigner.cli import main

    path, names = _hotel_with_future_state(tmp_path, title="Faster", note_on_second=True)
    capsys.readouterr()
    assert main(["compare", str(path), names[0], names[1], "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    r = json.loads(out)
    assert sorted((c["title"] == "Faster", c["fields"]) for c in r["changed"]) == [
        (False, ["notes"]),
        (True, ["title"]),
    ]
    assert main(["compare", str(path), "--checkpoint", "Workshop 1", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert [c["fields"] for c in r["changed"]] == [["notes"]] and r["checkpoint"]["author"] == "Ana"
    assert main(["compare", str(path), names[0], names[1], "--lang", "es"]) == 0
    assert "Tarjetas cambiadas (2)" in capsys.readouterr().out
    assert main(["compare", str(path), "--checkpoint", "nope"]) == 2
    assert main(["compare", str(path), names[0]]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "checkpoint" in err


def test_share_and_json_leave_checkpoints_out_unless_asked(tmp_path, capsys, qtbot):
    import json

    from cxdesigner import api
    from cxdesigner.cli import main

    path = tmp_path / "hotel.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    doc = api.open_project(path)
    try:
        doc.execute(CreateCheckpointCommand(doc.project, doc.journeys()[0].id, "Workshop 1"))
        doc.save()
    finally:
        doc.close()
    for flag, kept in (([], 0), (["--with-checkpoints"], 1)):
        out = tmp_path / f"share{len(flag)}.cxd"
        assert main(["export", str(path), "--format", "cxd", *flag, "-o", str(out)]) == 0
        copy = api.open_project(out, read_only=True)
        try:
            assert len(copy.project.checkpoints()) == kept
        finally:
            copy.close()
        out = tmp_path / f"p{len(flag)}.json"
        assert main(["export", str(path), "--format", "json", *flag, "-o", str(out)]) == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data.get("checkpoints", [])) == kept
        if kept:
            assert jsonformat.loads(out.read_text(encoding="utf-8")).checkpoints()[0].label == "Workshop 1"


def test_the_report_has_a_current_and_future_section_only_with_a_future_state():
    from cxdesigner.exchange.report_future import future_blocks

    p = _hotel()
    assert future_blocks(p, "jr-1", "en") == []
    doc = Document.new(p)
    try:
        cmd = CreateFutureStateCommand(p, "jr-1")
        doc.execute(cmd)
        card = next(tp for tp in p.touchpoints(cmd.journey_id) if tp.origin == "tp-b")
        doc.update_touchpoint(card.id, title="Pay <b>by phone</b>", satisfaction=5)
        for jid in ("jr-1", cmd.journey_id):
            html = "".join(b.html for b in future_blocks(p, jid, "es"))
            assert "Estado actual y futuro" in html and "Pay &lt;b&gt;by phone&lt;/b&gt;" in html
            assert "Cambiadas: 1" in html and "3 → 0" in html
    finally:
        doc.close()


def _hotel_with_future_state(
    tmp_path, title: str = "Faster check-in", note_on_second: bool = False
) -> tuple[Path, list[str]]:
    """The hotel template saved with a checkpoint "Workshop 1" (by Ana) and a future state whose first
    card is retitled; ``note_on_second`` then also gives the current state's second card a note."""
    from cxdesigner import api
    from cxdesigner.cli import main

    path = tmp_path / "hotel.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    doc = api.open_project(path)
    try:
        jid = doc.journeys()[0].id
        doc.execute(CreateCheckpointCommand(doc.project, jid, "Workshop 1", author="Ana"))
        fut = CreateFutureStateCommand(doc.project, jid)
        doc.execute(fut)
        doc.update_touchpoint(doc.project.touchpoints(fut.journey_id)[0].id, title=title)
        if note_on_second:
            doc.update_touchpoint(doc.project.touchpoints(jid)[1].id, notes="seen")
        doc.save()
        return path, [j.name for j in doc.journeys()]
    finally:
        doc.close()


@pytest.mark.parametrize("suffix", ["svg", "pdf", "png"])
def test_cli_compare_draws_both_maps_into_a_picture(tmp_path, capsys, suffix):
    from cxdesigner.cli import main

    path, names = _hotel_with_future_state(tmp_path)
    out = tmp_path / f"compared.{suffix}"
    capsys.readouterr()
    assert main(["compare", str(path), names[0], names[1], "--json", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)  # standard output stays one line of JSON; the note goes to the errors
    assert f"Wrote {out}" in captured.err
    data = out.read_bytes()
    assert data[:5] in (b"<?xml", b"%PDF-", b"\x89PNG\r")
    if suffix == "svg":
        text = data.decode("utf-8")
        # Both maps drawn as text (vector), the retitled card in the one after, the marks' key above.
        assert "Faster check-in" in text and names[1] in text and "changed" in text


def test_cli_compare_draws_a_checkpoint_in_spanish_and_refuses_what_it_cannot_write(tmp_path, capsys):
    from cxdesigner.cli import main

    path, _ = _hotel_with_future_state(tmp_path)
    out = tmp_path / "checkpoint.svg"
    assert main(["compare", str(path), "--checkpoint", "Workshop 1", "--lang", "es", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "en el punto de control Workshop 1" in text and "añadida" in text  # the title and the marks' key
    capsys.readouterr()
    for bad in ("-", str(tmp_path / "compared.gif")):
        assert main(["compare", str(path), "--checkpoint", "Workshop 1", "-o", bad]) == 2
        assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "compared.gif").exists()


def test_the_report_draws_both_maps_on_a_page_of_the_current_and_future_section(tmp_path, qtbot):
    from test_exchange_pdftext import pdf_pages, squeeze

    from cxdesigner import api
    from cxdesigner.exchange import report

    path, names = _hotel_with_future_state(tmp_path)
    doc = api.open_project(path, read_only=True)
    try:
        project = doc.project
        current, future = (j.id for j in doc.journeys())
        pages = {}
        for jid in (current, future):
            out = tmp_path / f"{jid}.pdf"
            report.write_report(project, jid, out, "en")
            pages[jid] = [squeeze(p) for p in pdf_pages(out.read_bytes())]
    finally:
        doc.close()
    hotel = api.template_project("hotel")
    report.write_report(hotel, hotel.journeys()[0].id, tmp_path / "alone.pdf", "en")
    alone = [squeeze(p) for p in pdf_pages((tmp_path / "alone.pdf").read_bytes())]
    for jid in (current, future):
        # The picture is read from either side: the current state on the left, the future on the right.
        drawn = [p for p in pages[jid] if squeeze(f"Current: {names[0]}") in p]
        assert len(drawn) == 1
        assert squeeze(f"Future: {names[1]}") in drawn[0] and "Fastercheck-in" in drawn[0]
        assert squeeze("Current and future state") in drawn[0]
    # Without a future state, neither the picture's page nor the section.
    assert len(alone) < len(pages[current]) and not any(squeeze("Current and future") in p for p in alone)
