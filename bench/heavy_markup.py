#!/usr/bin/env python3
"""Benchmark: a build whose sources hold Markdown too heavy to render (GL124) against a clean one.

Python-Markdown, which MkDocs renders every page with, takes time quadratic in a paragraph's
unmatched `[` and `<` (Python-Markdown issue #798). The script:

1. renders one paragraph of N `[` with Python-Markdown and MkDocs' extensions alone, for N up to
   --brackets, to show what one page showing it would cost;
2. builds a copy of the sample cold, and a copy with that paragraph appended to one module,
   interleaved, and prints both times and their ratio. With the paragraph, the build must report
   GL124 and publish no site (target: no slower than the clean build; without the bound it took
   492 s against 9 s on 2026-12-06 and published every site).

    python bench/heavy_markup.py [--runs 3] [--brackets 10000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import markdown

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import copy_project, glocal  # noqa: E402

MODULE = "curriculum/modules/shared-vision.md"
EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables", "footnotes", "admonition", "pymdownx.superfences"]


def render_seconds(brackets: int) -> float:
    start = time.perf_counter()
    markdown.markdown("A paragraph " + "[" * brackets + "\n", extensions=EXTENSIONS)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--brackets", type=int, default=10_000)
    args = parser.parse_args()

    print("Python-Markdown, one paragraph of N '[' (what each page showing it would cost):")
    n = 500
    while n <= args.brackets:
        print(f"  N = {n:>6,}: {render_seconds(n):6.2f} s")
        n *= 2

    tmp = Path(tempfile.mkdtemp(prefix="glocal-heavy-"))
    try:
        clean, heavy = [], []
        for run in range(1, args.runs + 1):
            for name, times in (("clean", clean), ("heavy", heavy)):
                project = copy_project(REPO, tmp / f"{name}-{run}")
                if name == "heavy":
                    path = project / MODULE
                    path.write_text(
                        path.read_text(encoding="utf-8") + "\nA paragraph " + "[" * args.brackets + "\n",
                        encoding="utf-8",
                    )
                seconds, out = glocal(project)
                times.append(seconds)
                built = sorted(p.parent.name for p in (project / "site").glob("*/*/index.html"))
                if name == "heavy" and ("GL124" not in out or built):
                    sys.exit(f"the heavy build did not refuse: GL124 {'GL124' in out}, built {built}")
                if name == "clean" and len(built) < 2:
                    sys.exit("the clean build published no site")
                shutil.rmtree(project)
            print(f"  run {run}: clean build {clean[-1]:.2f} s, with the heavy paragraph {heavy[-1]:.2f} s")
        c, h = statistics.median(clean), statistics.median(heavy)
        print(f"\nmedian: clean {c:.2f} s, heavy {h:.2f} s (GL124, no site published)", end="")
        print(f", ratio {h / c:.2f} (target <= 1)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
