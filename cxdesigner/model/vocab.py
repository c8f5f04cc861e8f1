"""Built-in vocabularies: stable keys stored in files, labelled through the gettext catalogue for display."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import LANGUAGES as _LANGUAGES
from ..i18n import N_, NP_, translation

LANGUAGES = tuple(_LANGUAGES)


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable key and its English label (the msgid), with a context if ambiguous."""

    key: str
    en: str
    context: str = ""
    # Labels an earlier version showed, so spreadsheets it exported still import.
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        t = translation(lang)
        return t.pgettext(self.context, self.en) if self.context else t.gettext(self.en)

    def labels(self) -> tuple[str, ...]:
        """The label in every language (what an imported spreadsheet may call it)."""
        return tuple(dict.fromkeys([*(self.label(lang) for lang in LANGUAGES), *self.aliases]))


def _vocab(*terms: Term) -> dict[str, Term]:
    return {t.key: t for t in terms}


PHASES = _vocab(
    Term("before", N_("Before purchase")),
    Term("during", N_("During purchase")),
    Term("after", N_("After purchase")),
)

VOTE_STATES = _vocab(
    Term("open", N_("Voting")),
    Term("ended", N_("Ended")),
)
# Where an opportunity or a solution stands (TheyDo's planning states).
PLAN_STATUSES = _vocab(
    Term("idea", NP_("plan status", "Idea"), "plan status"),
    Term("planned", NP_("plan status", "Planned"), "plan status"),
    Term("in_progress", NP_("plan status", "In progress"), "plan status"),
    Term("done", NP_("plan status", "Done"), "plan status"),
    Term("dropped", NP_("plan status", "Dropped"), "plan status"),
)
VOTE_SCOPES = _vocab(
    Term("journey", N_("The whole journey")),
    Term("stage", N_("One stage")),
    Term("cards", N_("Chosen cards")),
)

# The six default stages of DESIGN.md, each with the phase it belongs to.
DEFAULT_STAGES: tuple[tuple[Term, str], ...] = (
    (Term("awareness", N_("Awareness")), "before"),
    (Term("consideration", N_("Consideration")), "before"),
    (Term("purchase", N_("Purchase")), "during"),
    (Term("use", N_("Use")), "after"),
    (Term("support", N_("Support")), "after"),
    (Term("advocacy", N_("Advocacy")), "after"),
)
STAGE_NAMES = {t.key: t for t, _ in DEFAULT_STAGES}

LANE_KINDS = _vocab(
    Term("customer_actions", N_("Customer actions")),
    Term("touchpoints", N_("Touchpoints")),
    Term("frontstage", N_("Frontstage staff")),
    Term("backstage", N_("Backstage")),
    Term("support_processes", N_("Support processes")),
    Term("notes", N_("Notes")),
    # Format 4: lanes that hold one cell a stage, or are computed, instead of cards.
    Term("text", N_("Text")),
    Term("metric", N_("Figures")),
    Term("channels", N_("Channels")),
    Term("storyboard", N_("Storyboard")),
    Term("emotion", N_("Emotion by persona")),
)
# Lanes without cards: text, metric and storyboard lanes hold a cell a stage; channels and emotion are computed.
CONTENT_LANE_KINDS = ("text", "metric", "channels", "storyboard", "emotion")
CELL_LANE_KINDS = ("text", "metric", "storyboard")
CARD_LANE_KINDS = {k: t for k, t in LANE_KINDS.items() if k not in CONTENT_LANE_KINDS}
LANE_CHARTS = _vocab(
    Term("bar", N_("Bars")),
    Term("sparkline", N_("Sparkline")),
)
DEFAULT_LANES = ("customer_actions", "touchpoints", "frontstage", "backstage", "support_processes")

CHANNELS = _vocab(
    Term("phone", N_("Phone")),
    Term("email", N_("E-mail")),
    Term("live_chat", N_("Live chat")),
    Term("store", N_("Physical store")),
    Term("web", N_("E-commerce / web"), aliases=("Comercio electrónico / web",)),
    Term("app", N_("App")),
    Term("advertising", N_("Advertising")),
    Term("social", N_("Social media")),
    Term("promo_email", N_("Promotional e-mail")),
    Term("documentation", N_("Documentation")),
    Term("staff", N_("Staff")),
    Term("packaging", N_("Packaging")),
    Term("word_of_mouth", N_("Word of mouth")),
    Term("search", N_("Search")),
    Term("other", NP_("channel", "Other"), "channel"),
)

CATEGORIES = _vocab(
    Term("customer_service", N_("Customer service")),
    Term("sales", N_("Sales")),
    Term("marketing", N_("Marketing")),
    Term("product", N_("Product")),
    Term("other", NP_("category", "Other"), "category"),
)

CONTACT_TYPES = _vocab(
    Term("direct", N_("Direct")),
    Term("indirect", N_("Indirect")),
)

OWNERSHIP = _vocab(
    Term("own", N_("Own")),
    Term("partner", N_("Partner")),
    Term("third_party", N_("Third party")),
    Term("earned", N_("Earned")),
)

EVIDENCE = _vocab(
    Term("observed", N_("Observed")),
    Term("assumed", N_("Assumed")),
    Term("proposed", N_("Proposed")),
)

CONNECTION_KINDS = _vocab(
    Term("normal", N_("Normal")),
    Term("alternative", N_("Alternative")),
    Term("failure", N_("Failure")),
    Term("loop_back", N_("Loop back")),
)

# Plutchik's eight primary emotions, each with its milder and stronger form.
EMOTION_WORDS = _vocab(
    Term("serenity", N_("Serenity")),
    Term("joy", N_("Joy")),
    Term("ecstasy", N_("Ecstasy")),
    Term("acceptance", N_("Acceptance")),
    Term("trust", N_("Trust")),
    Term("admiration", N_("Admiration")),
    Term("apprehension", N_("Apprehension")),
    Term("fear", N_("Fear")),
    Term("terror", N_("Terror")),
    Term("distraction", N_("Distraction")),
    Term("surprise", N_("Surprise")),
    Term("amazement", N_("Amazement")),
    Term("pensiveness", N_("Pensiveness")),
    Term("sadness", N_("Sadness")),
    Term("grief", N_("Grief")),
    Term("boredom", N_("Boredom")),
    Term("disgust", N_("Disgust")),
    Term("loathing", N_("Loathing")),
    Term("annoyance", N_("Annoyance")),
    Term("anger", N_("Anger")),
    Term("rage", N_("Rage")),
    Term("interest", N_("Interest")),
    Term("anticipation", N_("Anticipation")),
    Term("vigilance", N_("Vigilance")),
)

SURVEY_MEASURES = _vocab(
    Term("nps", N_("NPS (0-10)")),
    Term("csat", N_("CSAT (1-5)")),
    Term("ces", N_("Effort (1-7)")),
    Term("emotion", N_("Emotion (-3..+3)")),
    # A step's importance and satisfaction as the room rates them (room sessions), 1..5 like the card's own.
    Term("importance", N_("Importance (1-5)")),
    Term("satisfaction", N_("Satisfaction (1-5)")),
)

# The steps of the emotion scale −3..+3, in order (feminine in Spanish: they qualify "emoción").
EMOTION_SCALE = (
    N_("Very negative"),
    N_("Negative"),
    N_("Slightly negative"),
    N_("Neutral"),
    N_("Slightly positive"),
    N_("Positive"),
    N_("Very positive"),
)

# The user's own names for the steps (setting ui/emotion_labels), like the interface language a
# choice of the whole process: the window sets them, every view reads them through emotion_label.
_emotion_names: list[str] = [""] * len(EMOTION_SCALE)


def set_emotion_names(names: Sequence[str]) -> None:
    """Name the steps −3..+3 (seven names; an empty one keeps the built-in name; anything else resets all)."""
    names = [str(n).strip() for n in names]
    _emotion_names[:] = names if len(names) == len(EMOTION_SCALE) else [""] * len(EMOTION_SCALE)


def emotion_names() -> tuple[str, ...]:
    """The user's names of the steps −3..+3 as set (empty where the built-in one is used)."""
    return tuple(_emotion_names)


def emotion_label(value: int, lang: str = "en") -> str:
    """The name of emotion score ``value`` (−3..+3): the user's own, else the built-in one in ``lang``."""
    index = max(-3, min(3, int(value))) + 3
    return _emotion_names[index] or translation(lang).gettext(EMOTION_SCALE[index])


def label(vocab: dict[str, Term], key: str, lang: str = "en") -> str:
    """Display label of a key, or the key itself when the vocabulary lacks it."""
    term = vocab.get(key)
    return term.label(lang) if term else key
