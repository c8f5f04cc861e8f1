"""What people read for a kind of record and for its fields: one table of labels, translated when shown.

The undo menu, the comparison of two journeys and the model's refusals name fields from here.
A refusal in English keeps the words it has always used ("Touchpoint importance 99 is out of
range…", "a touchpoint holds an invalid value…"): scripts and tests read them, and the command line
never sets a language. In any other language it names the field by the label the Inspector shows
("Importancia") and the record with its article ("una tarjeta").
"""

from __future__ import annotations

from ..i18n import N_, NP_, SOURCE_LANGUAGE, _, language, pgettext

# Each field's label, by attribute name, as the Inspector, the table and the undo menu show it.
FIELD_LABELS = {
    "title": N_("Title"), "description": N_("Description"), "channel": N_("Channel"), "category": N_("Category"),
    "contact": N_("Contact"), "ownership": N_("Ownership"), "owner_team": N_("Owner team"),
    "expectation": N_("Expectation"), "experience": N_("Experience"), "emotion": N_("Emotion"),
    "emotion_words": N_("Emotion words"), "emotional_weight": N_("Emotional weight"), "importance": N_("Importance"),
    "satisfaction": N_("Satisfaction"), "effort": N_("Effort"), "pain_points": N_("Pain points"),
    "opportunities": N_("Opportunities"), "moment_of_truth": N_("Moment of truth"),
    "tags": N_("Tags"), "notes": N_("Notes"), "evidence": N_("Evidence"), "name": N_("Name"), "phase": N_("Phase"),
    "segment": N_("Segment"), "goals": N_("Goals"), "needs": N_("Needs"), "frustrations": N_("Frustrations"),
    "quote": N_("Quote"), "colour": N_("Colour"), "label": N_("Label"), "kind": N_("Kind"),
    "persona_id": N_("Persona"), "stage_id": N_("Stage"), "lane_id": N_("Lane"),
    "journey_id": N_("Journey"), "touchpoint_id": N_("Card"), "opportunity_id": N_("Opportunity"),
    "solution_id": N_("Solution"), "session_id": N_("Voting session"), "participant_id": N_("Participant"),
    "source_id": N_("From card"), "target_id": N_("To card"), "id": N_("Identifier"),
    "position": N_("Position in the list"), "csat": N_("CSAT"), "nps": N_("NPS"), "inbox": N_("In the ideas inbox"),
    "stage_unsure": N_("Stage not chosen yet"), "origin": N_("Card it came from"), "sub_journey": N_("Sub-journey"),
    "share": N_("Share of customers"),
    "key": N_("Built-in name"), "chart": N_("Chart"), "overlay": N_("Overlaid journeys"),
    "lang": N_("Project language"), "created": N_("Created on"), "source": N_("Source"),
    "measure": N_("Measure"), "score": N_("Score"), "date": N_("Date"), "comment": N_("Comment"),
    "dots": N_("Dots"), "max_per_card": N_("Dots per card"), "anonymous": N_("Anonymous"),
    "hidden": N_("Counts hidden"), "revealed": N_("Counts revealed"), "state": N_("Session state"),
    "scope": N_("What is voted on"), "scope_ids": N_("Stage or cards voted on"),
    "participant_ids": N_("Participants"), "status": N_("Status"), "owner": N_("Owner"), "impact": N_("Impact"),
    "pain_point": N_("Pain point"), "text": N_("Text"), "value": N_("Value"), "unit": N_("Unit"),
    "period": N_("Period"), "image": N_("Image"), "image_type": N_("Image type"), "author": N_("Author"),
    "journey_name": N_("Journey name"), "data": N_("Checkpoint data"), "size": N_("Size"),
    "phase_before": N_("Name of the phase before"), "phase_during": N_("Name of the phase during"),
    "phase_after": N_("Name of the phase after"),
}  # fmt: skip

# Where one kind's field means something else than the same name elsewhere.
KIND_FIELD_LABELS = {
    ("vote_session", "dots"): N_("Dots per participant"),
    ("journey", "future_of"): N_("Current state it is the future of"),
    ("response", "touchpoint_id"): N_("Card answered about"),
}

# The words English refusals have always used for each kind ("Voting session title is …").
ENGLISH = {
    "project": "Project", "persona": "Persona", "journey": "Journey", "stage": "Stage", "lane": "Lane",
    "channel": "Channel", "touchpoint": "Touchpoint", "connection": "Connection", "response": "Response",
    "participant": "Participant", "vote_session": "Voting session", "vote": "Vote", "opportunity": "Opportunity",
    "solution": "Solution", "opportunity_link": "Opportunity link", "solution_link": "Solution link",
    "lane_cell": "Lane cell", "checkpoint": "Checkpoint",
}  # fmt: skip

# Each kind's name on its own («Tarjeta» no tiene el campo …).
KIND_LABELS = {
    "project": N_("Project"), "persona": N_("Persona"), "journey": N_("Journey"), "stage": N_("Stage"),
    "lane": N_("Lane"), "channel": N_("Channel"), "touchpoint": N_("Card"), "connection": N_("Connection"),
    "response": N_("Survey answer"), "participant": N_("Participant"), "vote_session": N_("Voting session"),
    "vote": NP_("a participant's dots on a card", "Vote"), "opportunity": N_("Opportunity"),
    "solution": N_("Solution"), "opportunity_link": N_("Link from an opportunity to a card"),
    "solution_link": N_("Link from a solution to an opportunity"), "lane_cell": N_("Lane cell"),
    "checkpoint": N_("Checkpoint"),
}  # fmt: skip
_KIND_CONTEXTS = {"vote": "a participant's dots on a card"}

# One record of each kind as the subject of a sentence, with its article (Spanish needs the gender).
CONTEXT_A = "one record, the subject of a sentence"
A_KIND = {
    "project": NP_("one record, the subject of a sentence", "a project"),
    "persona": NP_("one record, the subject of a sentence", "a persona"),
    "journey": NP_("one record, the subject of a sentence", "a journey"),
    "stage": NP_("one record, the subject of a sentence", "a stage"),
    "lane": NP_("one record, the subject of a sentence", "a lane"),
    "channel": NP_("one record, the subject of a sentence", "a channel"),
    "touchpoint": NP_("one record, the subject of a sentence", "a card"),
    "connection": NP_("one record, the subject of a sentence", "a connection"),
    "response": NP_("one record, the subject of a sentence", "a survey answer"),
    "participant": NP_("one record, the subject of a sentence", "a participant"),
    "vote_session": NP_("one record, the subject of a sentence", "a voting session"),
    "vote": NP_("one record, the subject of a sentence", "a vote"),
    "opportunity": NP_("one record, the subject of a sentence", "an opportunity"),
    "solution": NP_("one record, the subject of a sentence", "a solution"),
    "opportunity_link": NP_("one record, the subject of a sentence", "a link from an opportunity to a card"),
    "solution_link": NP_("one record, the subject of a sentence", "a link from a solution to an opportunity"),
    "lane_cell": NP_("one record, the subject of a sentence", "a lane cell"),
    "checkpoint": NP_("one record, the subject of a sentence", "a checkpoint"),
}


def _in_english() -> bool:
    """Whether refusals keep their English wording (the interface, or a script, speaks English)."""
    return language() == SOURCE_LANGUAGE


def field_label(kind: str, key: str) -> str | None:
    """The untranslated label of ``kind``'s field ``key``, or None when it has none."""
    return KIND_FIELD_LABELS.get((kind, key)) or FIELD_LABELS.get(key)


def field(kind: str, name: str, key: str = "") -> str:
    """How a refusal names ``kind``'s field ``key`` (``name`` as English wrote it, spaces for underscores).

    ``"Touchpoint importance"`` in English, ``"Importancia"`` in Spanish; a kind or field without a label
    (the room's messages) keeps its English words.
    """
    english = f"{ENGLISH.get(kind, kind)} {name}"
    label = field_label(kind, key or name.replace(" ", "_").lower())
    return english if label is None or _in_english() else _(label)


def id_field(kind: str, name: str = "", key: str = "") -> str:
    """How a refusal names an id: ``"Touchpoint stage_id id"`` in English, the field's label otherwise."""
    english = " ".join(filter(None, (ENGLISH.get(kind, kind), name, "id")))
    label = field_label(kind, key or name or "id")
    return english if label is None or _in_english() else _(label)


def bare_field(kind: str, key: str) -> str:
    """A field named without its kind: ``"emotion words"`` in English, ``"Palabras de emoción"`` in Spanish."""
    label = field_label(kind, key)
    return key.replace("_", " ") if label is None or _in_english() else _(label)


def kind_name(kind: str, english: str | None = None) -> str:
    """A kind on its own: ``english`` (the key when None) in English, its translated label otherwise."""
    label = KIND_LABELS.get(kind)
    if label is None or _in_english():
        return kind if english is None else english
    context = _KIND_CONTEXTS.get(kind)
    return pgettext(context, label) if context else _(label)


def a_record(kind: str) -> str:
    """One record of ``kind`` as a sentence's subject: ``"a touchpoint"`` in English, ``"una tarjeta"`` in Spanish."""
    phrase = A_KIND.get(kind)
    if phrase is None or _in_english():
        return f"a {kind}"
    return pgettext(CONTEXT_A, phrase)
