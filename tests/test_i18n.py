"""One gettext catalogue for every layer: complete, up to date with the code, plural-aware, locale-aware numbers."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import re
import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from cxdesigner import i18n, resources

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "resources" / "translations" / "es.po"
PLACEHOLDER = re.compile(r"\{\w*\}")
needs_source = pytest.mark.skipif(not PO.is_file(), reason="needs the source tree")


def _catalogue_tool():
    """tools/catalogue.py (the same extraction as `make translations`), loaded from the checkout."""
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "tools" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f, locale="es" if path.suffix == ".po" else None)


def entries(catalog):
    """(message, msgids, translations) of every real entry; one msgid and one form unless it is a plural."""
    for m in catalog:
        if m.id:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            yield m, ids, m.string if isinstance(m.string, tuple) else (m.string,)


def _key(message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


@pytest.fixture(scope="module")
def spanish():
    return _read(PO)


# -- the catalogue against the code ----------------------------------------------------------------------


@needs_source
def test_the_catalogue_matches_the_code(tmp_path, spanish):
    """Extract the code's messages afresh: none missing from es.po, none left there that the code dropped."""
    pot = _catalogue_tool().extract(tmp_path / "fresh.pot")
    template = _read(pot)
    wanted = {_key(m): m for m in template if m.id}
    have = {_key(m): m for m in spanish if m.id}
    missing = sorted(set(wanted) - set(have), key=str)
    obsolete = sorted(set(have) - set(wanted), key=str)
    assert missing == [], "run `make translations` and translate these in es.po"
    assert obsolete == [], "run `make translations`: the code no longer uses these"
    changed_plural = [k for k in wanted if isinstance(wanted[k].id, tuple) != isinstance(have[k].id, tuple)]
    assert changed_plural == []
    assert len(wanted) > 600
    assert not spanish.obsolete, "obsolete (#~) entries: run `make translations`"


@needs_source
def test_every_spanish_entry_is_translated_and_none_is_fuzzy(spanish):
    problems = []
    for m, _ids, forms in entries(spanish):
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        elif isinstance(m.id, tuple) and len(forms) != 2:
            problems.append(f"needs a singular and a plural: {m.id!r}")
        elif not all(f.strip() for f in forms):
            problems.append(f"untranslated: {m.id!r}")
    assert problems == []


@needs_source
def test_spanish_plural_header(spanish):
    assert spanish.num_plurals == 2
    assert spanish.plural_expr.replace(" ", "") == "(n!=1)"
    assert spanish.locale_identifier == "es"


@needs_source
def test_placeholders_accelerators_and_ellipses_are_kept(spanish):
    problems = []
    for _m, ids, forms in entries(spanish):
        for source, form in zip(ids, forms):
            # A singular may leave out the count ("every minute"); it never adds a name the code does not fill.
            if not set(PLACEHOLDER.findall(form)) <= set(PLACEHOLDER.findall(ids[-1])):
                problems.append(f"unknown placeholder: {form!r}")
            if form is forms[-1] and Counter(PLACEHOLDER.findall(form)) != Counter(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {source!r} → {form!r}")
            if "&" in source.replace("&&", "") and len(re.findall(r"(?<!&)&[^&\s]", form)) != 1:
                problems.append(f"needs exactly one '&' before a letter: {form!r}")
            if source.endswith("…") and not form.endswith("…"):
                problems.append(f"lost the ellipsis: {form!r}")
    assert problems == []


def _accelerator(text: str) -> str | None:
    match = re.search(r"(?<!&)&([^&\s])", text)
    return match.group(1).lower() if match else None


# Menu entries shown side by side; an accelerator letter should open exactly one of them.
SIBLINGS = {
    "menu bar": ["&File", "&Edit", "&View"],
    "File menu": ["&New", "New &Window", "New from &template", "&Open…", "Open &Recent", "&Save", "Save &As…",
                  "&Close", "&Import", "&Export", "S&hare a Copy…", "Revert to &Backup…", "Save &Journey as Template…",
                  "&Quit"],
    "File ▸ Import": ["&Touchpoints from CSV or Excel…", "&Survey answers…", "&Journeys from another project…",
                      "&Mermaid journey…"],
    "File ▸ Export": ["&Map (PNG, SVG, PDF)…", "Workshop &report (PDF)…", "&CSV…", "&JSON…", "&GraphML…",
                      "M&ermaid…"],
    "Edit menu": ["&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Dup&licate", "&Delete", "Select &all cards",
                  "C&onnect selected cards", "&Find cards…", "Auto-arran&ge", "Add &stage…", "Add la&ne…"],
    "Export map dialog": ["&Format:", "The &whole journey", "&Resolution:", "&Transparent background", "&Page:",
                          "S&mallest card title:", "Hide empty la&nes", "Hide empty st&ages",
                          "Print pain points and &opportunities on the cards", "Emotion &curve labels:",
                          "&Journey:", "&Language:", "C&hoose…", "&Save to:"],
}  # fmt: skip


@needs_source
@pytest.mark.parametrize("group", sorted(SIBLINGS))
def test_sibling_accelerators_differ_in_spanish(group, spanish):
    letters = Counter(_accelerator(spanish.get(msgid).string) for msgid in SIBLINGS[group])
    assert [k for k, n in letters.items() if n > 1] == [], f"{group}: {letters}"


# -- how the code marks strings -----------------------------------------------------------------------------

CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_", "NP_"}


def _sources() -> list[Path]:
    return sorted((ROOT / "cxdesigner").rglob("*.py"))


@needs_source
def test_no_qt_translation_calls_remain():
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _sources()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bself\.tr\(|QCoreApplication\.translate|\.tr\(\"|QTranslator\(", line)
        and p.name != "qti18n.py"
    ]
    assert found == []


@needs_source
def test_messages_are_literal_and_translated_when_shown():
    """A msgid is a literal (user text is formatted in after translating), and nothing is translated at import."""
    problems = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, in_function: bool, in_fstring: bool = False, where: Path = path) -> None:
            for child in ast.iter_child_nodes(node):
                inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                if isinstance(child, ast.Call):
                    name = child.func.id if isinstance(child.func, ast.Name) else getattr(child.func, "attr", "")
                    if name in CALLS and child.args:
                        literal = [a for a in child.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                        if any(isinstance(a, ast.JoinedStr) for a in child.args):
                            problems.append(f"{where.name}:{child.lineno} an f-string as msgid")
                        if in_fstring:
                            # Python 3.11's tokenizer hides it from the extractor: the catalogue would lack it.
                            problems.append(f"{where.name}:{child.lineno} a message inside an f-string")
                        if name in ("N_", "NP_") and len(literal) != len(child.args):
                            problems.append(f"{where.name}:{child.lineno} {name} of a non-literal")
                        if name in ("_", "ngettext", "pgettext") and not in_function:
                            problems.append(f"{where.name}:{child.lineno} translated at import time")
                visit(child, inside, in_fstring or isinstance(child, ast.JoinedStr))

        visit(tree, False)
    assert problems == []


def test_i18n_imports_nothing_of_ours_and_no_qt():
    text = Path(i18n.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*from \.|^\s*import (cxdesigner|PySide6)|^\s*from (cxdesigner|PySide6)", text, re.M)


# -- translators, plurals, numbers, dates -----------------------------------------------------------------


def test_plural_forms_in_both_languages():
    en, es = i18n.translation("en"), i18n.translation("es")
    cases = ((0, "0 journeys", "0 viajes"), (1, "1 journey", "1 viaje"), (2, "2 journeys", "2 viajes"))
    for n, english, spanish in cases:
        assert en.ngettext("{n} journey", "{n} journeys", n).format(n=n) == english
        assert es.ngettext("{n} journey", "{n} journeys", n).format(n=n) == spanish
    more = "Path {path} falls to {emotion} at {title} (and {more} more path)"
    more_pl = "Path {path} falls to {emotion} at {title} (and {more} more paths)"
    assert es.ngettext(more, more_pl, 1).endswith("(y {more} recorrido más)")
    assert es.ngettext(more, more_pl, 3).endswith("(y {more} recorridos más)")


def test_numbers_follow_the_language_with_a_true_minus():
    en, es = i18n.translation("en"), i18n.translation("es")
    assert en.number(-0.9) == "−0.9" and es.number(-0.9) == "−0,9"
    assert en.signed(2) == "+2" and es.signed(-1.5) == "−1,5" and es.signed(0) == "0"
    assert en.number(12345.67) == "12,345.7" and es.number(12345.67) == "12.345,7"
    assert en.number(-0.04) == "0.0"  # no "−0.0"
    assert en.number(None) == es.number(None) == "–"
    assert en.percent(0.4) == "40%" and es.percent(0.4) == "40\u00a0%"


def test_dates_follow_the_language():
    moment = dt.datetime(2026, 5, 10, 14, 30)
    assert i18n.translation("en").date(moment.date()) == "May 10, 2026"
    assert i18n.translation("es").datetime(moment) == "10 may 2026, 14:30"


def test_contexts_tell_apart_one_english_word():
    from cxdesigner.model import vocab

    assert vocab.label(vocab.CHANNELS, "other", "es") == "Otro"
    assert vocab.label(vocab.CATEGORIES, "other", "es") == "Otra"
    assert vocab.label(vocab.CATEGORIES, "other", "en") == "Other"


def test_languages_fall_back_and_resolve(monkeypatch):
    assert i18n.supported("es_MX") == "es" and i18n.supported("fr") == "en" and i18n.supported(None) == "en"
    monkeypatch.delenv("CXDESIGNER_LANG", raising=False)
    assert i18n.resolve("es") == "es"
    assert i18n.resolve("", system="es_AR") == "es"
    monkeypatch.setenv("CXDESIGNER_LANG", "en")
    assert i18n.resolve("es") == "en"


def test_each_thread_asks_for_its_own_language_without_switching_the_interface():
    """The analysis runs on a worker in the language asked for while the interface speaks another."""
    from cxdesigner.analysis import analyze, format_text
    from cxdesigner.api import template_project

    project = template_project("hotel", "en")
    journey = project.journeys()[0].id
    results: dict[str, str] = {}

    def work(lang: str) -> None:
        for _ in range(3):
            results[lang] = format_text(analyze(project, journey, lang=lang), lang)

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ("es", "en", "es", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert i18n.language() == "en"
    assert results["es"].startswith("Análisis del viaje") and "Hallazgos" in results["es"]
    assert results["en"].startswith("Analysis of journey") and "Findings" in results["en"]


# -- where the catalogue comes from ---------------------------------------------------------------------------


def test_the_catalogue_is_where_the_resources_are():
    assert i18n.catalogue_dir() == resources.resource_path("translations")


@needs_source
def test_a_checkout_without_mo_compiles_the_po_in_memory(tmp_path, monkeypatch):
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy(PO, folder / "es.po")
    monkeypatch.setattr(i18n, "catalogue_dir", lambda: folder)
    i18n.reload()
    try:
        assert i18n.translation("es").gettext("&File") == "&Archivo"
        # A .mo older than its .po is stale: the .po wins.
        stale = folder / "es.mo"
        stale.write_bytes(b"not a catalogue")
        old = (folder / "es.po").stat().st_mtime - 60
        import os

        os.utime(stale, (old, old))
        i18n.reload()
        assert i18n.translation("es").gettext("&Edit") == "&Edición"
    finally:
        monkeypatch.undo()
        i18n.reload()


def test_a_missing_catalogue_shows_english_and_says_so(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(i18n, "catalogue_dir", lambda: tmp_path)
    i18n.reload()
    try:
        assert i18n.translation("es").gettext("&File") == "&File"
        assert "No es translation" in caplog.text
    finally:
        monkeypatch.undo()
        i18n.reload()


def test_a_renamed_label_still_imports_under_its_earlier_name():
    """Spanish showed "Comercio electrónico / web" (too long for a card's chip); old spreadsheets still read."""
    from cxdesigner.exchange.common import fold, vocab_lookup
    from cxdesigner.model import vocab

    lookup = vocab_lookup(vocab.CHANNELS)
    assert vocab.label(vocab.CHANNELS, "web", "es") == "Tienda online"
    assert lookup[fold("Comercio electrónico / web")] == lookup[fold("Tienda online")] == "web"


@settings(max_examples=60)
@given(st.integers(-10**7, 10**7), st.sampled_from(["en", "es"]))
def test_whole_numbers_kept_once_written_read_as_babel_writes_them(value, lang):
    from babel import numbers as babel_numbers

    t = i18n.translation(lang)
    expected = babel_numbers.format_decimal(value, format="#,##0", locale=lang).replace("-", i18n.MINUS)
    assert t.number(value) == t.number(value) == t.number(float(value)) == expected
    assert t.signed(value) == (f"+{expected}" if value > 0 else expected)
