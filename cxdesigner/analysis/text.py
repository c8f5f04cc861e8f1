"""Words of the analysis in English and Spanish, and helpers that quote project text safely."""

from __future__ import annotations

from typing import Any

MINUS = "\u2212"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "untitled": "(untitled)",
        "no_channel": "(no channel)",
        "stage_n": "Stage {n}",
        "q_concentrate": "Concentrate here",
        "q_keep_up": "Keep up the good work",
        "q_low_priority": "Low priority",
        "q_overkill": "Possible overkill",
        "crosshair_mean": "crosshair at the means",
        "crosshair_midpoint": "crosshair at the scale midpoint (3)",
        # insights
        "nothing_after_purchase": (
            "Nothing after the purchase: no card in an after-purchase stage, so the experience "
            "stops at the sale"
        ),
        "dead_end": "Dead end: {title} has no next step before the last stage; customers fall out here",
        "path_valley": "Path {path} falls to {emotion} at {title}",
        "path_valley_more": "Path {path} falls to {emotion} at {title} (and {more} more paths)",
        "moment_of_truth": "Moment of truth feels negative: {title} ({emotion})",
        "largest_gap": "Largest gap: {title} (importance {importance}, satisfaction {satisfaction})",
        "gap": "Gap: {title} (importance {importance}, satisfaction {satisfaction})",
        "critical": "Critical touchpoint: {title} is on {share}% of paths (priority {priority})",
        "unreachable": "Unreachable: no path from an entry leads to {title}",
        "loop": "Loop: {cycle} (the step back is not marked “{kind}”)",
        "concentrate": "{n} cards to concentrate on (high importance, low satisfaction; {crosshair})",
        "concentrate_one": "1 card to concentrate on (high importance, low satisfaction; {crosshair}): {title}",
        "negative_net": "More negative than positive steps: net experience {net} over {rated} rated cards",
        "detractors": "Detractors outnumber promoters at {title} (NPS {nps}, {n} answers)",
        "isolated": "Not connected: {title} has no connection to the rest of the journey",
        "empty_stage": "No card in stage {stage}",
        "empty_phase_before": "No card before the purchase",
        "empty_phase_during": "No card during the purchase",
        "truncated_paths": "Only the first {n} paths were analysed; raise the path limit to see more",
        "truncated_steps": "The path search stopped early ({n} paths found) because the journey has many loops",
        "truncated_loops": "Only the first {n} of {total} loops are listed",
        "more": "… and {n} more: {what}",
        # text report
        "report_title": "Analysis of journey {name}",
        "persona": "Persona",
        "cards_connections": "{cards} cards, {connections} connections",
        "sec_structure": "Structure",
        "entries": "Entries",
        "exits": "Exits",
        "dead_ends": "Dead ends",
        "unreachable_h": "Unreachable",
        "isolated_h": "Not connected",
        "loops": "Loops",
        "returns": "Marked loop backs",
        "none": "none",
        "sec_paths": "Paths",
        "paths_count": "{n} paths",
        "paths_truncated": "{n} paths (stopped at the limit)",
        "worst_path": "Worst path",
        "path_line": "Path {n}: peak-end {pe}, net {net}, mean {mean}, valley {valley}, end {end}",
        "sec_emotion": "Emotion",
        "emotion_line": "net experience {net} ({pos} positive, {neg} negative, {unrated} without emotion), mean {mean}",
        "stage_line": "{stage}: {count} cards, net {net}, mean emotion {mean}, mean gap {gap}",
        "sec_gaps": "Largest gaps (weighted by importance)",
        "gap_line": "{rank}. {title}: importance {importance}, satisfaction {satisfaction}, gap {gap}",
        "sec_quadrants": "Importance–performance quadrants ({crosshair}: satisfaction {x}, importance {y})",
        "sec_critical": "Critical touchpoints (priority)",
        "critical_line": "{title}: priority {priority}, on {share}% of paths, centrality {centrality}",
        "sec_coverage": "Coverage",
        "empty_stages": "Stages with no card",
        "empty_phases": "Phases with no card",
        "moments": "Moments of truth",
        "sec_survey": "Survey",
        "sec_insights": "Findings",
        "sev_3": "high",
        "sev_2": "medium",
        "sev_1": "low",
        "sev_0": "note",
        "phase_before": "before the purchase",
        "phase_during": "during the purchase",
        "phase_after": "after the purchase",
    },
    "es": {
        "untitled": "(sin título)",
        "no_channel": "(sin canal)",
        "stage_n": "Etapa {n}",
        "q_concentrate": "Concentrarse aquí",
        "q_keep_up": "Mantener el buen trabajo",
        "q_low_priority": "Baja prioridad",
        "q_overkill": "Posible exceso",
        "crosshair_mean": "cruce en las medias",
        "crosshair_midpoint": "cruce en el punto medio de la escala (3)",
        "nothing_after_purchase": (
            "Nada después de la compra: ninguna tarjeta está en una etapa posterior a la "
            "compra, así que la experiencia termina con la venta"
        ),
        "dead_end": (
            "Callejón sin salida: {title} no tiene siguiente paso antes de la última etapa; aquí se pierden "
            "los clientes"
        ),
        "path_valley": "El recorrido {path} cae a {emotion} en {title}",
        "path_valley_more": "El recorrido {path} cae a {emotion} en {title} (y {more} recorridos más)",
        "moment_of_truth": "Momento de la verdad con emoción negativa: {title} ({emotion})",
        "largest_gap": "Mayor brecha: {title} (importancia {importance}, satisfacción {satisfaction})",
        "gap": "Brecha: {title} (importancia {importance}, satisfacción {satisfaction})",
        "critical": "Punto de contacto crítico: {title} está en el {share} % de los recorridos (prioridad {priority})",
        "unreachable": "Inalcanzable: ningún recorrido desde una entrada llega a {title}",
        "loop": "Bucle: {cycle} (la vuelta no está marcada como “{kind}”)",
        "concentrate": "{n} tarjetas en las que concentrarse (importancia alta, satisfacción baja; {crosshair})",
        "concentrate_one": (
            "1 tarjeta en la que concentrarse (importancia alta, satisfacción baja; {crosshair}): "
            "{title}"
        ),
        "negative_net": "Más pasos negativos que positivos: experiencia neta {net} en {rated} tarjetas con emoción",
        "detractors": "Hay más detractores que promotores en {title} (NPS {nps}, {n} respuestas)",
        "isolated": "Sin conectar: {title} no tiene ninguna conexión con el resto del viaje",
        "empty_stage": "Ninguna tarjeta en la etapa {stage}",
        "empty_phase_before": "Ninguna tarjeta antes de la compra",
        "empty_phase_during": "Ninguna tarjeta durante la compra",
        "truncated_paths": "Solo se analizaron los primeros {n} recorridos; aumente el límite para ver más",
        "truncated_steps": (
            "La búsqueda de recorridos se detuvo antes de tiempo ({n} recorridos) porque el viaje "
            "tiene muchos bucles"
        ),
        "truncated_loops": "Solo se listan los primeros {n} de {total} bucles",
        "more": "… y {n} más: {what}",
        "report_title": "Análisis del viaje {name}",
        "persona": "Tipo de cliente",
        "cards_connections": "{cards} tarjetas, {connections} conexiones",
        "sec_structure": "Estructura",
        "entries": "Entradas",
        "exits": "Salidas",
        "dead_ends": "Callejones sin salida",
        "unreachable_h": "Inalcanzables",
        "isolated_h": "Sin conectar",
        "loops": "Bucles",
        "returns": "Vueltas atrás marcadas",
        "none": "ninguno",
        "sec_paths": "Recorridos",
        "paths_count": "{n} recorridos",
        "paths_truncated": "{n} recorridos (detenido en el límite)",
        "worst_path": "Peor recorrido",
        "path_line": "Recorrido {n}: pico-final {pe}, neta {net}, media {mean}, valle {valley}, final {end}",
        "sec_emotion": "Emoción",
        "emotion_line": (
            "experiencia neta {net} ({pos} positivas, {neg} negativas, {unrated} sin emoción), media "
            "{mean}"
        ),
        "stage_line": "{stage}: {count} tarjetas, neta {net}, emoción media {mean}, brecha media {gap}",
        "sec_gaps": "Mayores brechas (ponderadas por importancia)",
        "gap_line": "{rank}. {title}: importancia {importance}, satisfacción {satisfaction}, brecha {gap}",
        "sec_quadrants": "Cuadrantes importancia–desempeño ({crosshair}: satisfacción {x}, importancia {y})",
        "sec_critical": "Puntos de contacto críticos (prioridad)",
        "critical_line": "{title}: prioridad {priority}, en el {share} % de los recorridos, centralidad {centrality}",
        "sec_coverage": "Cobertura",
        "empty_stages": "Etapas sin tarjetas",
        "empty_phases": "Fases sin tarjetas",
        "moments": "Momentos de la verdad",
        "sec_survey": "Encuestas",
        "sec_insights": "Hallazgos",
        "sev_3": "alta",
        "sev_2": "media",
        "sev_1": "baja",
        "sev_0": "nota",
        "phase_before": "antes de la compra",
        "phase_during": "durante la compra",
        "phase_after": "después de la compra",
    },
}

# What the "more" finding groups, by kind.
KIND_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "dead_end": "dead ends",
        "path_valley": "cards where paths fall",
        "moment_of_truth": "negative moments of truth",
        "gap": "gaps",
        "unreachable": "unreachable cards",
        "loop": "loops",
        "detractors": "cards with more detractors",
        "isolated": "cards not connected",
        "empty_stage": "empty stages",
    },
    "es": {
        "dead_end": "callejones sin salida",
        "path_valley": "tarjetas donde caen recorridos",
        "moment_of_truth": "momentos de la verdad negativos",
        "gap": "brechas",
        "unreachable": "tarjetas inalcanzables",
        "loop": "bucles",
        "detractors": "tarjetas con más detractores",
        "isolated": "tarjetas sin conectar",
        "empty_stage": "etapas vacías",
    },
}


def lang_of(lang: str) -> str:
    """The supported language closest to ``lang`` (English when unknown)."""
    return lang if lang in STRINGS else "en"


def tr(lang: str, key: str, **values: Any) -> str:
    """The string ``key`` in ``lang`` with ``values`` filled in."""
    text = STRINGS[lang_of(lang)].get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


def signed(value: float | int | None, decimals: int = 1) -> str:
    """A number with its sign, using a true minus sign: ``+2``, ``−3``, ``0``, ``−1.5``."""
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        number = f"{abs(int(value))}"
    else:
        number = f"{abs(value):.{decimals}f}"
    if value > 0:
        return "+" + number
    if value < 0:
        return MINUS + number
    return number


def number(value: float | int | None, decimals: int = 1) -> str:
    """A plain number for reports (``–`` when missing), minus signs as true minus."""
    if value is None:
        return "–"
    text = f"{value:.{decimals}f}" if isinstance(value, float) else str(value)
    return text.replace("-", MINUS)


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (new lines, tabs) made one space."""
    return " ".join(text.split())


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = one_line(text)
    if len(text) > limit:
        return text[: max(1, limit - 1)].rstrip() + "…"
    return text


def quoted(title: str, lang: str, limit: int = 60) -> str:
    """A card title as it appears inside a finding: one line, shortened, in quotes."""
    text = short(title, limit) or tr(lang, "untitled")
    return f"“{text}”"
