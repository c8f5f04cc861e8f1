"""The phone page's words, in one place: marked for the gettext catalogue, served to the page as JSON.

Translators work in ``resources/translations/es.po`` as for the rest of the app; the server
turns this table into ``strings.json`` (every language at once, a few kilobytes) and the page
picks the phone's language. Placeholders in braces are filled in by the page.
"""

from __future__ import annotations

from ..i18n import LANGUAGES, N_, NP_, translation

PHONE_STRINGS: dict[str, str] = {
    "page_title": N_("Workshop room"),
    "join_heading": N_("Join the workshop"),
    "join_intro": N_("Type your name and the room code shown on the screen."),
    "name": N_("Your name"),
    "code": N_("Room code"),
    "join": N_("Join"),
    "joining": N_("Joining…"),
    "no_token": N_("Scan the QR code on the screen, or type the whole address shown under it."),
    "you_are": N_("You are {name}"),
    "online": N_("Connected"),
    "offline": N_("Reconnecting…"),
    "paused": N_("The facilitator has paused input for a moment."),
    "now": N_("Now"),
    "no_stage": N_("The whole journey"),
    "time_left": N_("Time left"),
    # A paused countdown: "Time left" over still digits read as a clock that had stopped working.
    "time_paused": N_("Timer paused"),
    # The tabs name what people do there ("Votar", not the noun "Voto").
    "tab_ideas": NP_("phone tab", "Ideas"),
    "tab_vote": NP_("phone tab", "Vote"),
    "tab_rate": NP_("phone tab", "Rate"),
    "follow": N_("Follow the screen: the facilitator will open the next exercise."),
    "idea_heading": N_("Add an idea"),
    "idea_title": N_("Idea"),
    "idea_title_hint": N_("What happens, or what could be better?"),
    "idea_empty": N_("Type your idea first, then tap Add."),
    "idea_long": N_("{n} characters at most: the rest can go in the note."),
    "idea_stage": N_("Stage"),
    "any_stage": N_("Not sure"),
    "stage_unsure": N_("Stage: not sure"),
    "idea_emotion": N_("How does the customer feel?"),
    "no_emotion": N_("Skip"),
    "idea_note": N_("Note"),
    "optional": N_("optional"),
    "add": N_("Add"),
    "added": N_("Added."),
    "queued": N_("Saved on this phone: it is sent as soon as the connection is back."),
    "my_ideas": N_("Your ideas"),
    "all_ideas": N_("Everyone's ideas"),
    "private_note": N_("Silent brainstorming: only you see your ideas until the facilitator reveals them."),
    # The Vote tab with no session open: before the first one, or after the one the phones were in ended. "No
    # voting session is open right now" after a vote read as an error, as if the phone had lost it.
    "no_vote": N_("Voting has not started yet: the facilitator opens it on the screen."),
    "vote_ended": N_("Voting on “{title}” has ended. Thank you!"),
    "vote_results": N_("The results are on the screen."),
    "no_dots": N_("You have placed all your dots. To move one, take it back with −."),
    "dots_left_one": N_("{n} dot left"),
    "dots_left_other": N_("{n} dots left"),
    "vote_ideas": N_("New ideas, not on the map yet"),
    "take_back": N_("Take back a dot"),
    "double_tap": N_("A double tap places one dot. For another on this card, tap again."),
    "double_tap_back": N_("A double tap takes back one dot. To take back another, tap again."),
    "dots_on_card_one": N_("{n} of your dots is on “{title}”."),
    "dots_on_card_other": N_("{n} of your dots are on “{title}”."),
    "your_dots": N_("your dots: {n}"),
    "all_dots": N_("all: {n}"),
    "rate_heading": N_("Rate this step"),
    "no_step": N_("The facilitator has not picked a step to rate yet."),
    "emotion": N_("Emotion"),
    "emotion_low": N_("very negative"),
    "emotion_high": N_("very positive"),
    "importance": N_("Importance to the customer"),
    "importance_low": N_("not important"),
    "importance_high": N_("essential"),
    "satisfaction": N_("Satisfaction"),
    "satisfaction_low": N_("very poor"),
    "satisfaction_high": N_("excellent"),
    "send_rating": N_("Send rating"),
    "rating_saved": N_("Thank you: your rating is in. You can change it while this step is shown."),
    # Why the room said no (the server sends the key after "refused_").
    "refused_code": N_("That room code is not the one on the screen."),
    "refused_blocked": N_("Too many wrong codes: wait a minute, then try again."),
    "refused_full": N_("The room is full."),
    "refused_removed": N_("The facilitator has taken you out of the room."),
    "refused_closed": N_("The room is closed. Thank you for taking part!"),
    "refused_unknown": N_("This phone's place in the room has ended: join again."),
    "refused_paused": N_("Input is paused: try again in a moment."),
    "refused_not_open": N_("That is not open right now."),
    "refused_too_fast": N_("Slow down a little, then try again."),
    "refused_no_dots": N_("You have no dots left."),
    "refused_per_card": N_("This card already has as many of your dots as it may."),
    "refused_ended": N_("This voting session has ended."),
    "refused_too_many": N_("You have added as many ideas as one person may in this session."),
    "refused_gone": N_("That card is no longer in the session."),
    "refused_step": N_("The screen shows another step now."),
    "refused_failed": N_("That could not be saved on the facilitator's laptop."),
}


CONTEXTS = {"tab_ideas": "phone tab", "tab_vote": "phone tab", "tab_rate": "phone tab"}


def phone_strings() -> dict[str, dict[str, str]]:
    """Every phone string in every interface language: ``{"en": {...}, "es": {...}}``."""
    out = {}
    for lang in LANGUAGES:
        t = translation(lang)
        out[lang] = {
            key: t.pgettext(CONTEXTS[key], msgid) if key in CONTEXTS else t.gettext(msgid)
            for key, msgid in PHONE_STRINGS.items()
        }
    return out


__all__ = ["PHONE_STRINGS", "phone_strings"]
