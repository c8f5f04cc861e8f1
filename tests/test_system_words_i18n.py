"""No failure reaches the user in the system's English or Python's words: the rarer reasons of the operating
system, a picture Qt cannot write, a PNG zlib cannot compress, a checkpoint Python cannot read, an error no
message of ours caught, a read-only data folder; and a read-only disk with little room is not called full."""

from __future__ import annotations

import errno
import os
import re
import socket
import zlib

import pytest
from messagekit import english_after
from PySide6.QtGui import QImage

import cxdesigner
from cxdesigner import app, i18n
from cxdesigner.document import states
from cxdesigner.exchange import images, mapexport, png
from cxdesigner.model import ValidationError
from cxdesigner.storage import DiskFullError, StorageError, session


@pytest.fixture
def in_lang():
    yield from english_after()


def test_every_errno_is_said_in_the_language(in_lang):
    in_lang("es")
    english = {}
    for code in sorted(errno.errorcode):
        said = i18n.os_reason(OSError(code, os.strerror(code)))
        if os.strerror(code) in said:
            english[errno.errorcode[code]] = said
    assert english == {}
    # A rarer one names the system's code for whoever helps, in a Spanish sentence.
    assert i18n.os_reason(OSError(errno.ENOLINK, os.strerror(errno.ENOLINK))) == "el sistema lo rechazó (error ENOLINK)"
    assert i18n.os_reason(OSError(errno.ENETUNREACH, "Network is unreachable")) == "no hay red"
    assert i18n.os_reason(socket.gaierror(-2, "Name or service not known")) == "el sistema lo rechazó"


def test_the_unexpected_error_box_says_a_disk_failure_in_the_language(in_lang):
    in_lang("es")
    full = app.unexpected_text(OSError(errno.ENOSPC, "No space left on device", "/media/usb/taller.cxd"))
    assert full == "Algo salió mal con /media/usb/taller.cxd: el disco está lleno. Revise ese disco o esa carpeta y " \
                   "vuelva a intentarlo."  # fmt: skip
    assert "No space" not in app.unexpected_text(OSError(errno.ENOSPC, "No space left on device"))
    assert app.unexpected_text(MemoryError()).startswith("No hay memoria suficiente")
    bug = app.unexpected_text(KeyError("journey_id"))
    assert bug == "Algo salió mal dentro de CX Designer (KeyError)." and "journey_id" not in bug


def test_a_picture_qt_cannot_write_is_said_without_qts_words(in_lang, qapp):
    in_lang("es")
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    with pytest.raises(images.ImageError) as told:
        images._encode(image, "xyz", 85)  # a format no writer knows: Qt says "Unsupported image format"
    assert "Unsupported" not in str(told.value) and "guárdela antes como PNG" in str(told.value), told.value


def test_a_png_zlib_cannot_compress_is_said_without_zlibs_words(in_lang, qapp, monkeypatch):
    in_lang("es")

    def broken(*args, **kwargs):
        raise zlib.error("Error -4 while compressing data")

    monkeypatch.setattr(png, "encode", broken)
    with pytest.raises(ValidationError) as told:
        side = int(mapexport.OUR_PNG_FROM**0.5) + 1  # large enough for our writer, not for Qt's
        mapexport._png(QImage(side, side, QImage.Format.Format_ARGB32))
    assert "Error -4" not in str(told.value) and "elija una resolución menor" in str(told.value), told.value


def test_a_checkpoint_python_cannot_read_is_said_without_pythons_words(in_lang, monkeypatch):
    in_lang("es")

    def broken(text):
        raise KeyError("stage_id")

    monkeypatch.setattr(states.jsonformat, "loads", broken)
    with pytest.raises(states.CheckpointError) as told:
        states.decode_checkpoint(zlib.compress(b"{}"))
    assert "stage_id" not in str(told.value) and str(told.value).endswith("elimínelo."), told.value


def test_a_read_only_disk_with_little_room_is_not_called_full(tmp_path, monkeypatch):
    doc = cxdesigner.new_project(None, template="hotel")
    real = os.statvfs

    def little(path, read_only):
        found = real(path)
        flags = found.f_flag | (os.ST_RDONLY if read_only else 0)
        # 512 KB free: less than the project and a megabyte to spare.
        return os.statvfs_result((found.f_bsize, 1024, found.f_blocks, 512, 512, *found[5:8], flags, found[9]))

    try:
        monkeypatch.setattr(session.os, "statvfs", lambda path: little(path, False))
        with pytest.raises(DiskFullError) as full:
            doc.save_as(tmp_path / "a.cxd")
        said = re.findall(r"\(([\d,]+) KB free, ([\d,]+) KB needed", str(full.value))[0]
        free, needed = (int(n.replace(",", "")) for n in said)
        assert free < needed, full.value  # it said "1,024 KB free, 260 KB needed" on a 1 MB disk
        # Read-only: the write says so itself (here the folder is writable, so the save goes through).
        monkeypatch.setattr(session.os, "statvfs", lambda path: little(path, True))
        doc.save_as(tmp_path / "b.cxd")
        assert (tmp_path / "b.cxd").exists()
    finally:
        doc.close()


def test_a_read_only_data_folder_is_named_with_what_to_do(monkeypatch):
    real = session.Path.mkdir

    def refused(self, *args, **kwargs):
        if self.parent.name == "sessions":
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(session.Path, "mkdir", refused)
    with pytest.raises(StorageError) as told:
        cxdesigner.new_project(None, template="hotel")
    text = str(told.value)
    assert str(session.data_dir()) in text and "sessions" not in text and "CXDESIGNER_DATA_DIR" in text, text
    assert "Read-only file" not in text and "the disk is read-only" in text


def test_the_command_lines_unexpected_error_names_no_pythons_words(in_lang, capsys):
    """The app shows this line when an export it runs as a child fails."""
    import argparse

    from cxdesigner.cli.base import IO_ERROR, run_guarded

    in_lang("es")

    def bug(args):
        raise AttributeError("'NoneType' object has no attribute 'journey_id'")

    assert run_guarded(bug, argparse.Namespace()) == IO_ERROR
    line = capsys.readouterr().err.strip()
    assert line.startswith("cxdesigner: error inesperado dentro de CX Designer (AttributeError); los detalles están")
    assert "NoneType" not in line and "\n" not in line, line
