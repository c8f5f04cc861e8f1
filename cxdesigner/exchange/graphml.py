"""A journey as a GraphML graph (networkx): touchpoints are nodes, connections are edges."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..model import Project, vocab
from ..storage import atomic
from .common import persona_name, xml_safe

# Empty values are left out (GraphML has no null); lists become JSON text, e.g. ["slow", "noisy"].
_SKIP = {"id", "journey_id", "stage_id", "lane_id", "position"}


def _value(v: Any) -> Any:
    if isinstance(v, (tuple, list)):
        return xml_safe(json.dumps(list(v), ensure_ascii=False))
    if isinstance(v, str):
        return xml_safe(v)
    return v


def journey_graph(project: Project, journey_id: str, lang: str = "en") -> nx.MultiDiGraph:
    """The journey as a directed multigraph keyed by model ids, with every field as an attribute."""
    j = project.get("journey", journey_id)
    stages = project.stages(journey_id)
    lanes = project.lanes(journey_id)
    stage_index = {s.id: i for i, s in enumerate(stages)}
    lane_index = {ln.id: i for i, ln in enumerate(lanes)}
    stage_of = {s.id: s for s in stages}
    lane_of = {ln.id: ln for ln in lanes}
    g = nx.MultiDiGraph(
        name=xml_safe(j.name),
        project=xml_safe(project.info.name),
        persona=xml_safe(persona_name(project, j)),
        stages=_value([s.display_name(lang) for s in stages]),
        lanes=_value([ln.display_name(lang) for ln in lanes]),
    )
    for tp in project.touchpoints(journey_id):
        st = stage_of[tp.stage_id]
        attrs: dict[str, Any] = {
            "label": xml_safe(tp.title),
            "stage": xml_safe(st.display_name(lang)),
            "stage_index": stage_index[tp.stage_id],
            "phase": st.phase,
            "lane": xml_safe(lane_of[tp.lane_id].display_name(lang)),
            "lane_index": lane_index[tp.lane_id],
            "cell_position": tp.position,
        }
        for k, v in tp.to_dict().items():
            if k in _SKIP or v is None or v == "" or v == []:
                continue
            attrs[k] = _value(v)
        if tp.channel:
            attrs["channel_name"] = xml_safe(project.channel_name(tp.channel, lang))
        if tp.gap is not None:
            attrs["gap"] = tp.gap
        g.add_node(tp.id, **attrs)
    for c in project.connections(journey_id):
        attrs = {"label": c.label, "kind": c.kind, "kind_name": vocab.label(vocab.CONNECTION_KINDS, c.kind, lang)}
        if c.share is not None:
            attrs["share"] = float(c.share)
        g.add_edge(c.source_id, c.target_id, key=c.id, **{k: _value(v) for k, v in attrs.items()})
    return g


def graphml_bytes(project: Project, journey_id: str, lang: str = "en") -> bytes:
    """GraphML that networkx, yEd and Gephi read; edge ids are the connection ids."""
    buf = io.BytesIO()
    nx.write_graphml(journey_graph(project, journey_id, lang), buf, encoding="utf-8", named_key_ids=True)
    return buf.getvalue()


def write_graphml(project: Project, journey_id: str, path: Path | str, lang: str = "en") -> None:
    atomic.write_bytes(path, graphml_bytes(project, journey_id, lang))


__all__ = ["graphml_bytes", "journey_graph", "write_graphml"]
