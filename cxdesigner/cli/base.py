"""What every subcommand shares: one-line errors, exit codes, logging of the unexpected."""

from __future__ import annotations

import argparse
import logging
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..i18n import _
from ..model import CXError, ValidationError
from ..storage import StorageError, log_file
from ..storage.store import as_storage_error

OK, IO_ERROR, BAD_INPUT, LOCKED = 0, 1, 2, 3


# An error may quote what it refused (a row, a title): one line stays readable, not megabytes.
MAX_MESSAGE = 500


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """``message`` on one line, cut to ``limit`` characters."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# What a terminal acts on rather than shows: the C0 controls but tab and line feed, DEL and the C1 controls
# (ESC and CSI begin the sequences that clear the screen, retitle the window or set the clipboard), and
# the bidirectional embeddings, overrides and isolates, which reorder the text that follows them.
_ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` with each character a terminal would act on written as its code, ``\\u001b``.

    That is also how JSON writes such a character inside a string (and JSON has none outside one),
    so JSON output stays the same JSON.
    """
    if _ACTING.search(text) is None:
        return text
    return _ACTING.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ShownStream:
    """A text stream whose text goes out through :func:`shown`: names from a file are printed, never obeyed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(shown(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def counted(n: int, one: str, many: str) -> str:
    """``n`` and the noun: "1 persona", "3 personas" (the command line's summaries are English)."""
    return f"{n} {one if n == 1 else many}"


def fail(message: str) -> None:
    print(f"cxdesigner: {one_line(message)}", file=sys.stderr)


def log_path() -> Path:
    return log_file()


def run_guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a subcommand; every error becomes one line on stderr and an exit code from docs/cli.md."""
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (``| head``): like any filter, stop without a word.
        _silence_stdout()
        return 141
    except StorageError as exc:
        fail(str(exc))
        return exc.exit_code
    except ValidationError as exc:
        fail(str(exc))
        return BAD_INPUT
    except CXError as exc:
        fail(str(exc))
        return BAD_INPUT
    except OSError as exc:
        err = as_storage_error(exc, getattr(exc, "filename", None))
        fail(str(err))
        return err.exit_code
    except KeyboardInterrupt:
        fail(_("interrupted"))
        return 130
    except MemoryError:
        # A fact about the input and the computer, not a bug: the app's exports run this command too
        # and show this line, so it says what to do rather than pointing at a log.
        fail(
            _(
                "there is not enough memory for this; close other programs and try again, "
                "or work on a smaller file or on one journey"
            )
        )
        return IO_ERROR
    except Exception as exc:
        where = _log_unexpected(exc)
        # A fault of ours, by its kind only: Python's words ("'NoneType' object has no attribute 'id'") are
        # English whatever the language, and the app shows this line when an export it runs fails.
        fail(_("unexpected error inside CX Designer ({kind}); the details are in {where}").format(
            kind=exc.__class__.__name__, where=where
        ))
        return IO_ERROR


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _log_unexpected(exc: BaseException) -> Path:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=path, level=logging.INFO)
        logging.getLogger("cxdesigner").error("".join(traceback.format_exception(exc)))
    except OSError:
        pass
    return path


def add_journey_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--journey", metavar="NAME", help="the journey, by name (default: the first)")


def add_linked_arg(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--linked",
        action="store_true",
        help=f"{what} the journeys the journey's cards open too (sub-journeys, depth-first, each once)",
    )
