"""Entry point: no argument or a file opens the app; a subcommand runs headless."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from .cli import SUBCOMMANDS

    if args and (args[0] in SUBCOMMANDS or args[0] in ("-h", "--help", "--version")):
        from .cli import main as cli_main

        return cli_main(args)
    from .app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
