#!/usr/bin/env python3
"""Benchmark: `glocal i18n merge` against GNU msgmerge on the same 20,000-message catalog.

A translated catalog of N messages is generated, then 5% of the source messages are edited
(a word changed, as an author does), giving a new template. Both tools merge the old catalog
with the new template, each run as a whole command (process start-up included), several
times; the best times and their ratio are printed. Target: glocal <= 2x msgmerge.

    python bench/merge_vs_msgmerge.py [--messages 20000] [--edited 0.05] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

WORDS = ("partner training programme business results learning culture strategy facilitator module region "
         "local core slot charter pillar review feedback coach manager skills scan competence map quarterly").split()


def sentence(rng: random.Random, index: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize() + f" (paragraph {index})."


def make(folder: Path, messages: int, edited: float, seed: int = 7) -> tuple[Path, Path, int]:
    rng = random.Random(seed)
    old = polib.POFile(wrapwidth=0)
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "da",
                    "Plural-Forms": "nplurals=2; plural=(n != 1);", "MIME-Version": "1.0",
                    "Content-Transfer-Encoding": "8bit", "Project-Id-Version": "bench 1.0"}
    template = polib.POFile(wrapwidth=0)
    template.metadata = dict(old.metadata)
    changed = set(rng.sample(range(messages), int(messages * edited)))
    for index in range(messages):
        text = sentence(rng, index)
        ref = [("curriculum/modules/bench.md", str(index + 1))]
        old.append(polib.POEntry(msgid=text, msgstr="da: " + text, occurrences=ref, comment="paragraph"))
        if index in changed:
            words = text.split()
            words[rng.randrange(len(words) - 1)] = rng.choice(WORDS)
            text = " ".join(words) + " Edited."
        template.append(polib.POEntry(msgid=text, msgstr="", occurrences=ref, comment="paragraph"))
    old_path, pot_path = folder / "old.po", folder / "new.pot"
    old.save(str(old_path))
    template.save(str(pot_path))
    return old_path, pot_path, len(changed)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--edited", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("msgmerge"):
        print("GNU msgmerge is not installed (apt-get install gettext)", file=sys.stderr)
        return 2
    glocal = [sys.executable, "-m", "glocal", "i18n", "merge"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old, pot, changed = make(folder, args.messages, args.edited)
        ours = min(timed(glocal + [str(old), str(pot), "-o", str(folder / "glocal.po")]) for _ in range(args.runs))
        theirs = min(timed(["msgmerge", "--quiet", "--no-wrap", "-o", str(folder / "msgmerge.po"), str(old), str(pot)])
                     for _ in range(args.runs))
        merged = polib.pofile(str(folder / "glocal.po"))
        reference = polib.pofile(str(folder / "msgmerge.po"))
        fuzzy = len(merged.fuzzy_entries())
        print(f"catalog: {args.messages} messages, {changed} edited ({args.edited:.0%})")
        print(f"glocal i18n merge: {ours:.2f} s   fuzzy {fuzzy}, translated {len(merged.translated_entries())}, obsolete {len(merged.obsolete_entries())}")
        print(f"GNU msgmerge:      {theirs:.2f} s   fuzzy {len(reference.fuzzy_entries())}, translated {len(reference.translated_entries())}, obsolete {len(reference.obsolete_entries())}")
        ratio = ours / theirs
        print(f"ratio glocal/msgmerge: {ratio:.2f} (target <= 2.00): {'OK' if ratio <= 2 else 'TOO SLOW'}")
        return 0 if ratio <= 2 and fuzzy == changed else 1


if __name__ == "__main__":
    sys.exit(main())
