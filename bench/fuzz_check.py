#!/usr/bin/env python3
"""Fuzz `glocal check` with seeded mutations of the sample project and report what escaped.

Each case copies the sample (two regions, four sites), applies one to three mutations to its YAML,
Markdown and PO files (lines deleted or repeated, characters swapped, `:::` fences, 5,000-digit
numbers, nesting 3,000 deep, alias bombs, non-UTF-8 bytes, templates that loop, symbolic links out
of the project...), runs `check` in-process and records any exception that escapes, any
diagnostic without a known code or a path, and any text from outside the project that comes back.

    python bench/fuzz_check.py [--cases 2000] [--seed 1] [--no-catalog-links] [--full-sample]

Prints cases tried, tracebacks found (target 0), malformed diagnostics and leaks (target 0),
and the slowest cases. Exits 1 when anything was found.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "fuzz")]

from fuzzing import make_outside, run_case, trimmed_sample  # noqa: E402

from conftest import copy_sample  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-catalog-links", action="store_true", help="never link a PO file out")
    parser.add_argument("--full-sample", action="store_true", help="every region of the sample (slower)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="glocal-fuzz-") as scratch:
        folder = Path(scratch)
        if args.full_sample:
            pristine = copy_sample(folder / "pristine")
        else:
            pristine = trimmed_sample(copy_sample, folder / "pristine")
        outside = make_outside(folder / "outside")
        start = time.monotonic()
        tracebacks: Counter[str] = Counter()
        examples: dict[str, str] = {}
        malformed = leaked = 0
        slowest: list[tuple[float, int, list[str]]] = []
        for case in range(args.cases):
            outcome = run_case(pristine, folder / "work", outside, args.seed, case, not args.no_catalog_links)
            slowest = sorted([*slowest, (outcome.seconds, case, outcome.mutations)], reverse=True)[:5]
            if outcome.error:
                last = outcome.error.strip().splitlines()[-1]
                tracebacks[last] += 1
                if last not in examples:
                    examples[last] = f"case {case} {outcome.mutations}\n{outcome.error}"
                    print(examples[last], file=sys.stderr)
            if outcome.malformed:
                malformed += 1
                print(f"case {case} {outcome.mutations}: malformed {outcome.malformed}", file=sys.stderr)
            if outcome.leaked:
                leaked += 1
                print(f"case {case} {outcome.mutations}: leaked {outcome.leaked}", file=sys.stderr)
            if (case + 1) % 100 == 0:
                print(f"... {case + 1} cases, {sum(tracebacks.values())} tracebacks", file=sys.stderr)
        elapsed = time.monotonic() - start
    print(f"cases tried: {args.cases} (seed {args.seed}) in {elapsed:.0f} s")
    print(f"tracebacks found: {sum(tracebacks.values())} ({len(tracebacks)} distinct)")
    for last, count in tracebacks.most_common():
        print(f"  {count} x {last}")
    print(f"cases with malformed diagnostics: {malformed}")
    print(f"cases where outside text came back (leaks): {leaked}")
    print("slowest cases:")
    for seconds, case, mutations in slowest:
        print(f"  {seconds:.1f} s  case {case}: {mutations}")
    return 1 if tracebacks or malformed or leaked else 0


if __name__ == "__main__":
    sys.exit(main())
