"""Interface translations read straight from Qt Linguist .ts sources."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cxdesigner import i18n

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context><name>MainWindow</name>
<message><source>&amp;File</source><translation>&amp;Archivo</translation></message>
<message><source>Not done</source><translation type="unfinished">A medias</translation></message>
<message numerus="yes"><source>%n card(s)</source><translation>
<numerusform>%n tarjeta</numerusform><numerusform>%n tarjetas</numerusform></translation></message>
</context>
</TS>
"""


def test_ts_translator(tmp_path, qapp):
    path = tmp_path / "t.ts"
    path.write_text(TS, encoding="utf-8")
    tr = i18n.TsTranslator(path)
    qapp.installTranslator(tr)
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "&Archivo"
        assert QCoreApplication.translate("MainWindow", "Not done") == "Not done"
        assert QCoreApplication.translate("MainWindow", "%n card(s)", None, 1) == "1 tarjeta"
        assert QCoreApplication.translate("MainWindow", "%n card(s)", None, 3) == "3 tarjetas"
        assert QCoreApplication.translate("Other", "&File") == "&File"
    finally:
        qapp.removeTranslator(tr)


def test_english_plurals(qapp):
    tr = i18n.EnglishPlurals()
    qapp.installTranslator(tr)
    try:
        assert QCoreApplication.translate("X", "%n card(s)", None, 1) == "1 card"
        assert QCoreApplication.translate("X", "%n card(s)", None, 2) == "2 cards"
        assert QCoreApplication.translate("X", "Plain") == "Plain"
    finally:
        qapp.removeTranslator(tr)


def test_resolve_prefers_the_setting():
    assert i18n.resolve("es") == "es"
    assert i18n.resolve("en") == "en"
    assert i18n.resolve("") in ("en", "es")
