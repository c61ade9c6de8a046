"""The command line from a checkout: `python3 cli.py ...` is `vn-tasks ...` (extractor/cli.py)."""

import sys

from extractor.cli import main

if __name__ == "__main__":
    sys.exit(main())
