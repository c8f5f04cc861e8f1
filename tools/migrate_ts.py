# ruff: noqa: E501  (the table of new Spanish reads best one message per line)
"""One-off migration: the Spanish of cxdesigner_es.ts and of the in-code tables → resources/translations/es.po.

Run once from the repository root after the code was converted to gettext (needs git, Babel and the
branch `main` from before the conversion):  python tools/migrate_ts.py
Placeholders are renamed by position (Qt's %1, %n and {0} become the new named ones); messages it
cannot match are listed for a person to translate.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools import catalogue

OLD = "main"
TOKEN = re.compile(r"%\d|%n|\{\w*\}")


# Messages new with the catalogue (plural pairs, named placeholders), and two fixes of mixed words.
MANUAL = {
 ('Path {path} falls to {emotion} at {title} (and {more} more path)', 'Path {path} falls to {emotion} at {title} (and {more} more paths)'):
   ("El recorrido {path} cae a {emotion} en {title} (y {more} recorrido más)", "El recorrido {path} cae a {emotion} en {title} (y {more} recorridos más)"),
 "Critical touchpoint: {title} is on {share} of paths (priority {priority})":
   "Punto de contacto crítico: {title} está en el {share} de los recorridos (prioridad {priority})",
 ('(and {n} more loop through the same step back)', '(and {n} more loops through the same step back)'):
   ("(y {n} bucle más con la misma vuelta atrás)", "(y {n} bucles más con la misma vuelta atrás)"),
 ('{n} card to concentrate on (high importance, low satisfaction; {crosshair})', '{n} cards to concentrate on (high importance, low satisfaction; {crosshair})'):
   ("{n} tarjeta en la que concentrarse (importancia alta, satisfacción baja; {crosshair})", "{n} tarjetas en las que concentrarse (importancia alta, satisfacción baja; {crosshair})"),
 ('More negative than positive steps: net experience {net} over {rated} rated card', 'More negative than positive steps: net experience {net} over {rated} rated cards'):
   ("Más pasos negativos que positivos: experiencia neta {net} en {rated} tarjeta con emoción", "Más pasos negativos que positivos: experiencia neta {net} en {rated} tarjetas con emoción"),
 ('Detractors outnumber promoters at {title} (NPS {nps}, {n} answer)', 'Detractors outnumber promoters at {title} (NPS {nps}, {n} answers)'):
   ("Hay más detractores que promotores en {title} (NPS {nps}, {n} respuesta)", "Hay más detractores que promotores en {title} (NPS {nps}, {n} respuestas)"),
 ('The path search stopped early ({n} path found) because the journey has many loops', 'The path search stopped early ({n} paths found) because the journey has many loops'):
   ("La búsqueda de recorridos se detuvo antes de tiempo ({n} recorrido) porque el viaje tiene muchos bucles", "La búsqueda de recorridos se detuvo antes de tiempo ({n} recorridos) porque el viaje tiene muchos bucles"),
 ('Only the first {n} path was analysed; raise the path limit to see more', 'Only the first {n} paths were analysed; raise the path limit to see more'):
   ("Solo se analizó el primer recorrido ({n}); aumente el límite para ver más", "Solo se analizaron los primeros {n} recorridos; aumente el límite para ver más"),
 ('Only the first {n} loop is listed', 'Only the first {n} loops are listed'):
   ("Solo se lista el primer bucle ({n})", "Solo se listan los primeros {n} bucles"),
 ('{n} card', '{n} cards'): ("{n} tarjeta", "{n} tarjetas"),
 ('{n} connection', '{n} connections'): ("{n} conexión", "{n} conexiones"),
 ('{n} path (stopped at the limit)', '{n} paths (stopped at the limit)'): ("{n} recorrido (detenido en el límite)", "{n} recorridos (detenido en el límite)"),
 ('{n} path', '{n} paths'): ("{n} recorrido", "{n} recorridos"),
 ('{stage}: {count} card, net {net}, mean emotion {mean}, mean gap {gap}', '{stage}: {count} cards, net {net}, mean emotion {mean}, mean gap {gap}'):
   ("{stage}: {count} tarjeta, neta {net}, emoción media {mean}, brecha media {gap}", "{stage}: {count} tarjetas, neta {net}, emoción media {mean}, brecha media {gap}"),
 "{title}: priority {priority}, on {share} of paths, centrality {centrality}":
   "{title}: prioridad {priority}, en el {share} de los recorridos, centralidad {centrality}",
 "CX Designer: unexpected error": "CX Designer: error inesperado",
 "Something went wrong: {kind}: {error}": "Algo salió mal: {kind}: {error}",
 "Your work is kept in the working copy and can be saved. Details are in the log: {path}":
   "Su trabajo se conserva en la copia de trabajo y se puede guardar. Los detalles están en el registro: {path}",
 ('Path {n}: {first} → {last} ({steps} step)', 'Path {n}: {first} → {last} ({steps} steps)'):
   ("Recorrido {n}: {first} → {last} ({steps} paso)", "Recorrido {n}: {first} → {last} ({steps} pasos)"),
 ('net experience {net} · mean {mean} · {n} card in journey order', 'net experience {net} · mean {mean} · {n} cards in journey order'):
   ("experiencia neta {net} · media {mean} · {n} tarjeta en orden del viaje", "experiencia neta {net} · media {mean} · {n} tarjetas en orden del viaje"),
 ('{n} more card not shown', '{n} more cards not shown'): ("{n} tarjeta más sin mostrar", "{n} tarjetas más sin mostrar"),
 ('Only the &selected card ({n})', 'Only the &selected cards ({n})'): ("Solo la tarjeta &seleccionada ({n})", "Solo las tarjetas &seleccionadas ({n})"),
 ('Import {n} journey', 'Import {n} journeys'): ("Importar {n} viaje", "Importar {n} viajes"),
 ('{n} task', '{n} tasks'): ("{n} tarea", "{n} tareas"),
 ('actor: {names}', 'actors: {names}'): ("actor: {names}", "actores: {names}"),
 ('{n} answer is ready to import', '{n} answers are ready to import'): ("{n} respuesta lista para importar", "{n} respuestas listas para importar"),
 ('{n} touchpoint is ready to import', '{n} touchpoints are ready to import'): ("{n} punto de contacto listo para importar", "{n} puntos de contacto listos para importar"),
 ('{n} row is ready to import', '{n} rows are ready to import'): ("{n} fila lista para importar", "{n} filas listas para importar"),
 ('{n} row', '{n} rows'): ("{n} fila", "{n} filas"),
 ('{n} row has problems and will be skipped unless you fix the file', '{n} rows have problems and will be skipped unless you fix the file'):
   ("{n} fila tiene problemas y se omitirá si no corrige el archivo", "{n} filas tienen problemas y se omitirán si no corrige el archivo"),
 ('{n} vote', '{n} votes'): ("{n} voto", "{n} votos"),
 ('{n} stage', '{n} stages'): ("{n} etapa", "{n} etapas"),
 "Zoom {percent}": "Zoom {percent}",
 ('{shown} of {n} touchpoint', '{shown} of {n} touchpoints'): ("{shown} de {n} punto de contacto", "{shown} de {n} puntos de contacto"),
 ('Backups are made every minute while the project changes.', 'Backups are made every {n} minutes while the project changes.'):
   ("Se hace una copia de seguridad cada minuto mientras el proyecto cambia.", "Se hacen copias de seguridad cada {n} minutos mientras el proyecto cambia."),
 ('{n} journey', '{n} journeys'): ("{n} viaje", "{n} viajes"),
 # the mixed-language fixes: one word for persona, "experiencia neta" on the report as on the chart
 "Net experience {net} (positive minus negative touchpoints); mean emotion {mean}":
   "Experiencia neta {net} (puntos de contacto positivos menos negativos); emoción media {mean}",
 "Persona comparison by stage": "Comparación de tipos de cliente por etapa",
}


def git_show(path: str) -> str:
    return subprocess.run(["git", "show", f"{OLD}:{path}"], capture_output=True, text=True, check=True).stdout


def shape(text: str) -> str:
    return TOKEN.sub("{}", text)


def rename(source: str, translation: str, target: str) -> str:
    """``translation`` of ``source`` with its placeholders renamed to those of ``target``, by position."""
    old, new = TOKEN.findall(source), TOKEN.findall(target)
    mapping = dict(zip(old, new))
    return TOKEN.sub(lambda m: mapping.get(m.group(0), m.group(0)), translation)


def memory() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str, str]]]:
    """shape → (source, translation) for single messages; shape of the singular → (source, singular, plural)."""
    single: dict[str, tuple[str, str]] = {}
    plural: dict[str, tuple[str, str, str]] = {}
    # The tables first, so the interface's .ts wins where both have a word ("Persona" → "Tipo de cliente").
    tables = {
        "cxdesigner/analysis/text.py": ("STRINGS", "KIND_NAMES"),
        "cxdesigner/charts/words.py": ("_WORDS",),
        "cxdesigner/exchange/report.py": ("WORDS",),
        "cxdesigner/exchange/maprender.py": ("LABELS",),
        "cxdesigner/canvas/style.py": ("_MAP_LABELS",),
        "cxdesigner/exchange/survey.py": ("SURVEY_HEADERS",),
    }
    for path, names in tables.items():
        for node in ast.walk(ast.parse(git_show(path))):
            target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
            if isinstance(target, ast.Name) and target.id in names:
                value = ast.literal_eval(node.value)
                if set(value) == {"en", "es"} and isinstance(value["en"], dict):
                    pairs = [(value["en"][k], value["es"][k]) for k in value["en"] if k in value["es"]]
                elif set(value) == {"en", "es"}:
                    pairs = list(zip(value["en"], value["es"]))
                else:
                    pairs = list(value.values())
                for en, es in pairs:
                    single[shape(en)] = (en, es)
    for path, call in (("cxdesigner/model/vocab.py", "Term"), ("cxdesigner/exchange/columns.py", "Column")):
        for node in ast.walk(ast.parse(git_show(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == call:
                args = [a.value for a in node.args[:3] if isinstance(a, ast.Constant)]
                if len(args) == 3 and args[0] != "other":
                    single[shape(args[1])] = (args[1], args[2])
    for en, es in (("yes", "sí"), ("no", "no"), ("Customer journey", "Viaje del cliente"),
                   ("CX Designer sample", "Muestra de CX Designer")):  # fmt: skip
        single[en] = (en, es)
    root = ET.fromstring(git_show("resources/translations/cxdesigner_es.ts"))
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        tr = message.find("translation")
        if tr is None:
            continue
        if message.get("numerus") == "yes":
            forms = [f.text or "" for f in tr.iter("numerusform")]
            sg = shape(source.replace("(s)", ""))
            plural[sg] = (source, forms[0], forms[-1])
            plural[shape(source.replace("(s)", "s"))] = (source, forms[0], forms[-1])
        elif tr.text:
            single[shape(source)] = (source, tr.text)
    return single, plural


def main() -> int:
    single, plural = memory()
    pot = catalogue.extract(catalogue.ROOT / "build" / "migrate.pot")
    with pot.open("rb") as f:
        cat = read_po(f, locale="es", domain=catalogue.DOMAIN)
    contexts = {("channel", "Other"): "Otro", ("category", "Other"): "Otra"}
    missing = []
    for msg in cat:
        if not msg.id:
            continue
        if isinstance(msg.id, tuple):
            sg, pl = msg.id
            hit = plural.get(shape(sg)) or plural.get(shape(pl))
            if hit:
                source, one, many = hit
                msg.string = (rename(source, one, sg), rename(source, many, pl))
                continue
            one_hit, many_hit = single.get(shape(sg)), single.get(shape(pl))
            if one_hit and many_hit:
                msg.string = (rename(one_hit[0], one_hit[1], sg), rename(many_hit[0], many_hit[1], pl))
                continue
            missing.append(msg.id)
            continue
        if (msg.context, msg.id) in contexts:
            msg.string = contexts[(msg.context, msg.id)]
            continue
        hit = single.get(shape(msg.id))
        if hit:
            msg.string = rename(hit[0], hit[1], msg.id)
        else:
            missing.append(msg.id)
    for msg in cat:
        if msg.id in MANUAL:
            msg.string = MANUAL[msg.id]
            if msg.id in missing:
                missing.remove(msg.id)
    cat.fuzzy = False
    # Spanish has one singular (n == 1) and one plural; CLDR's third form (millions) is not used here.
    cat._num_plurals, cat._plural_expr = 2, "(n != 1)"
    cat.last_translator = "CX Designer <translations@cxdesigner.invalid>"
    cat.language_team = "Spanish"
    out = io.BytesIO()
    write_po(out, cat, width=76, include_previous=False)
    (catalogue.SOURCES / "es.po").write_bytes(out.getvalue())
    for m in missing:
        print("MISSING", m)
    print(f"{len(cat) - len(missing)} translated, {len(missing)} to translate by hand", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
