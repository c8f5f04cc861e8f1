"""What every subcommand shares: one-line errors, exit codes, logging of the unexpected."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

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
