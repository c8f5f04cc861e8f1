"""The `analyze` subcommand: compact JSON unless --pretty, and no networkx for the other subcommands."""

from __future__ import annotations

import gc
import io
import json
import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from cxdesigner.analysis.outcome import path_cards
from cxdesigner.cli import main
from cxdesigner.cli.analyze_cmd import write_compact


def test_json_is_one_line_unless_pretty(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--json"]) == 0
    compact = capsys.readouterr().out
    data = json.loads(compact)
    assert compact == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert main(["analyze", str(path), "--pretty"]) == 0  # --pretty implies --json
    pretty = capsys.readouterr().out
    assert pretty.startswith('{\n  "format": "cxdesigner-analysis",\n')
    assert json.loads(pretty) == data
    assert data["version"] == 5 and len(data["graph"]["returns"]) == 2 and data["graph"]["loops"]["total"] == 0
    assert "“" in compact  # text stays as typed, not \u escapes
    assert gc.isenabled()  # switched off for the analysis only


def test_a_negative_limit_is_refused_in_one_line_before_the_file_is_read(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    capsys.readouterr()
    for flag in ("--max-paths", "--max-critical"):
        assert main(["analyze", str(path), "--json", flag, "-1"]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err == f"cxdesigner: {flag} -1 is out of range: use 0 or more\n"
    assert main(["analyze", str(tmp_path / "missing.cxd"), "--max-paths", "-3"]) == 2
    assert "--max-paths -3 is out of range" in capsys.readouterr().err
    assert main(["analyze", str(path), "--json", "--max-paths", "0", "--max-critical", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["paths"]["items"] == [] and data["critical"]["items"] == [] and data["critical"]["count"] > 0


def test_paths_list_their_new_cards_unless_asked_for_in_full(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--json"]) == 0
    compact = json.loads(capsys.readouterr().out)
    assert main(["analyze", str(path), "--paths"]) == 0  # --paths implies --json
    full = json.loads(capsys.readouterr().out)
    assert not compact["settings"]["full_paths"] and full["settings"]["full_paths"]
    items, full_items = compact["paths"]["items"], full["paths"]["items"]
    assert len(items) == len(full_items) > 1
    assert all("cards" not in p and "emotions" not in p for p in items)
    for i, p in enumerate(full_items):
        assert path_cards(compact["paths"], i) == p["cards"] and p["cards"][p["prefix"]:] == p["tail"]
        assert len(p["emotions"]) == p["length"] == len(p["cards"])
    # Later paths share their start with the one before: their tails are shorter than the paths.
    assert sum(len(p["tail"]) for p in items) < sum(p["length"] for p in items)


def test_critical_steps_list_the_highest_unless_asked_for_all(tmp_path, capsys):
    # Format 5: the critical steps are cut at --max-critical, highest priority first, as paths are
    # at --max-paths; the count says how many there are, and --critical lists them all.
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--critical"]) == 0  # --critical implies --json
    every = json.loads(capsys.readouterr().out)
    assert main(["analyze", str(path), "--json", "--max-critical", "2"]) == 0
    cut = json.loads(capsys.readouterr().out)
    assert main(["analyze", str(path), "--json"]) == 0
    default = json.loads(capsys.readouterr().out)
    whole = every["critical"]
    assert whole["limit"] is None and every["settings"]["max_critical"] is None and not whole["truncated"]
    assert whole["count"] == len(whole["items"]) > 2
    assert cut["critical"]["items"] == whole["items"][:2] and cut["critical"]["count"] == whole["count"]
    assert cut["critical"]["limit"] == 2 and cut["critical"]["truncated"]
    assert default["critical"] == {**whole, "limit": 1000}
    # The findings name the same critical steps whatever the listing's limit.
    assert cut["insights"] == every["insights"] == default["insights"]


def test_names_are_said_once_and_every_card_resolves_them(tmp_path, capsys):
    path = tmp_path / "p.cxd"
    assert main(["new", str(path), "--template", "hotel"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--json", "--lang", "es"]) == 0
    data = json.loads(capsys.readouterr().out)
    stages = {s["id"]: s["name"] for s in data["stages"]}
    lanes = {ln["id"]: ln["name"] for ln in data["lanes"]}
    channels = {c["key"]: c["name"] for c in data["coverage"]["channels"]}
    assert [ln["position"] for ln in data["lanes"]] == list(range(len(lanes)))
    for card in data["cards"]:
        assert not {"order", "stage", "lane", "channel_name"} & set(card)
        assert stages[card["stage_id"]] and lanes[card["lane_id"]] and channels[card["channel"]]
    assert "Compra" in stages.values()  # in the language asked for
    # The gap ranking lists card ids, the largest weighted gap (importance × gap) first.
    rows = {c["id"]: c for c in data["cards"]}
    ranked = data["gaps"]["items"]
    assert ranked and all(isinstance(v, str) for v in ranked)
    assert set(ranked) | set(data["gaps"]["unrated"]) == set(rows)
    weighted = [rows[v]["importance"] * rows[v]["gap"] for v in ranked]
    assert weighted == sorted(weighted, reverse=True)


def test_info_and_analyze_do_not_import_networkx(tmp_path, data_dir):
    path = tmp_path / "p.cxd"
    code = (
        "import sys\nfrom cxdesigner.cli import main\n"
        f"assert main(['new', {str(path)!r}, '--template', 'hotel']) == 0\n"
        f"assert main(['info', {str(path)!r}, '--json']) == 0\n"
        "assert 'networkx' not in sys.modules\n"
        f"assert main(['analyze', {str(path)!r}, '--json']) == 0\n"
        # The analysis has its own graph algorithms: networkx's import alone cost more than they take.
        "assert 'networkx' not in sys.modules\nprint('clean')\n"
    )
    env = {**os.environ, "CXDESIGNER_DATA_DIR": str(data_dir)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.stdout.strip().endswith("clean"), proc.stderr


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(
    st.text(),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    ),
    max_size=6,
), st.integers(1, 3))
def test_the_json_written_a_piece_at_a_time_is_json_dumps_to_the_byte(data, chunk):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    out = io.StringIO()
    write_compact(data, out)
    assert out.getvalue() == text
    out = io.StringIO()
    write_compact(data, out, chunk=chunk)  # long lists, and the dicts holding them, written in pieces
    assert out.getvalue() == text
