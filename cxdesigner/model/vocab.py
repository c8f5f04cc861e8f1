"""Built-in vocabularies: stable keys stored in files, with English and Spanish labels."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable key and its display labels."""

    key: str
    en: str
    es: str

    def label(self, lang: str = "en") -> str:
        return self.es if lang == "es" else self.en


def _vocab(*terms: Term) -> dict[str, Term]:
    return {t.key: t for t in terms}


PHASES = _vocab(
    Term("before", "Before purchase", "Antes de la compra"),
    Term("during", "During purchase", "Durante la compra"),
    Term("after", "After purchase", "Después de la compra"),
)

# The six default stages of DESIGN.md, each with the phase it belongs to.
DEFAULT_STAGES: tuple[tuple[Term, str], ...] = (
    (Term("awareness", "Awareness", "Reconocimiento"), "before"),
    (Term("consideration", "Consideration", "Consideración"), "before"),
    (Term("purchase", "Purchase", "Compra"), "during"),
    (Term("use", "Use", "Uso"), "after"),
    (Term("support", "Support", "Soporte / postventa"), "after"),
    (Term("advocacy", "Advocacy", "Recomendación"), "after"),
)
STAGE_NAMES = {t.key: t for t, _ in DEFAULT_STAGES}

LANE_KINDS = _vocab(
    Term("customer_actions", "Customer actions", "Acciones del cliente"),
    Term("touchpoints", "Touchpoints", "Puntos de contacto"),
    Term("frontstage", "Frontstage staff", "Personal de primera línea"),
    Term("backstage", "Backstage", "Trastienda"),
    Term("support_processes", "Support processes", "Procesos de soporte"),
    Term("notes", "Notes", "Notas"),
)
DEFAULT_LANES = ("customer_actions", "touchpoints", "frontstage", "backstage", "support_processes")

CHANNELS = _vocab(
    Term("phone", "Phone", "Teléfono"),
    Term("email", "E-mail", "Correo electrónico"),
    Term("live_chat", "Live chat", "Chat en vivo"),
    Term("store", "Physical store", "Tienda física"),
    Term("web", "E-commerce / web", "Comercio electrónico / web"),
    Term("app", "App", "Aplicación"),
    Term("advertising", "Advertising", "Publicidad"),
    Term("social", "Social media", "Redes sociales"),
    Term("promo_email", "Promotional e-mail", "Correo promocional"),
    Term("documentation", "Documentation", "Documentación"),
    Term("staff", "Staff", "Personal"),
    Term("packaging", "Packaging", "Empaque"),
    Term("word_of_mouth", "Word of mouth", "Boca a boca"),
    Term("search", "Search", "Buscador"),
    Term("other", "Other", "Otro"),
)

CATEGORIES = _vocab(
    Term("customer_service", "Customer service", "Atención al cliente"),
    Term("sales", "Sales", "Ventas"),
    Term("marketing", "Marketing", "Marketing"),
    Term("product", "Product", "Producto"),
    Term("other", "Other", "Otra"),
)

CONTACT_TYPES = _vocab(
    Term("direct", "Direct", "Directo"),
    Term("indirect", "Indirect", "Indirecto"),
)

OWNERSHIP = _vocab(
    Term("own", "Own", "Propio"),
    Term("partner", "Partner", "Socio"),
    Term("third_party", "Third party", "Tercero"),
    Term("earned", "Earned", "Ganado"),
)

EVIDENCE = _vocab(
    Term("observed", "Observed", "Observado"),
    Term("assumed", "Assumed", "Supuesto"),
    Term("proposed", "Proposed", "Propuesto"),
)

CONNECTION_KINDS = _vocab(
    Term("normal", "Normal", "Normal"),
    Term("alternative", "Alternative", "Alternativa"),
    Term("failure", "Failure", "Fallo"),
    Term("loop_back", "Loop back", "Vuelta atrás"),
)

# Plutchik's eight primary emotions, each with its milder and stronger form.
EMOTION_WORDS = _vocab(
    Term("serenity", "Serenity", "Serenidad"),
    Term("joy", "Joy", "Alegría"),
    Term("ecstasy", "Ecstasy", "Éxtasis"),
    Term("acceptance", "Acceptance", "Aceptación"),
    Term("trust", "Trust", "Confianza"),
    Term("admiration", "Admiration", "Admiración"),
    Term("apprehension", "Apprehension", "Inquietud"),
    Term("fear", "Fear", "Miedo"),
    Term("terror", "Terror", "Terror"),
    Term("distraction", "Distraction", "Distracción"),
    Term("surprise", "Surprise", "Sorpresa"),
    Term("amazement", "Amazement", "Asombro"),
    Term("pensiveness", "Pensiveness", "Melancolía"),
    Term("sadness", "Sadness", "Tristeza"),
    Term("grief", "Grief", "Pena"),
    Term("boredom", "Boredom", "Aburrimiento"),
    Term("disgust", "Disgust", "Disgusto"),
    Term("loathing", "Loathing", "Aversión"),
    Term("annoyance", "Annoyance", "Molestia"),
    Term("anger", "Anger", "Enfado"),
    Term("rage", "Rage", "Ira"),
    Term("interest", "Interest", "Interés"),
    Term("anticipation", "Anticipation", "Anticipación"),
    Term("vigilance", "Vigilance", "Vigilancia"),
)

SURVEY_MEASURES = _vocab(
    Term("nps", "NPS (0-10)", "NPS (0-10)"),
    Term("csat", "CSAT (1-5)", "CSAT (1-5)"),
    Term("ces", "Effort (1-7)", "Esfuerzo (1-7)"),
    Term("emotion", "Emotion (-3..+3)", "Emoción (-3..+3)"),
)


def label(vocab: dict[str, Term], key: str, lang: str = "en") -> str:
    """Display label of a key, or the key itself when the vocabulary lacks it."""
    term = vocab.get(key)
    return term.label(lang) if term else key
