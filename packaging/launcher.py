"""The bundle's entry point: cxdesigner/__main__.py imports its package relatively, so it cannot be the script."""

import sys

from cxdesigner.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
