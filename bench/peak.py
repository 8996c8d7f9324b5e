#!/usr/bin/env python3
"""Run a command; print its output, then `peak-rss-kib N` (the largest resident set of the command
or of any process it waited for) on stderr. Exits with the command's code.

    python bench/peak.py COMMAND [ARGS...]
"""

import resource
import subprocess
import sys

if __name__ == "__main__":
    code = subprocess.call(sys.argv[1:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak-rss-kib {peak}", file=sys.stderr)
    sys.exit(code)
