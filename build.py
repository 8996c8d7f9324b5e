#!/usr/bin/env python3
"""`python build.py` builds every site; `python build.py <command> ...` runs any glocal command."""

import sys
from pathlib import Path

try:
    from glocal.cli import run_and_exit
except ImportError:  # not installed: run from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    from glocal.cli import run_and_exit

if __name__ == "__main__":
    run_and_exit()  # main(sys.argv[1:]), then exit with its code
