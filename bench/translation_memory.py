#!/usr/bin/env python3
"""Benchmark: what translation memory adds to `glocal i18n update` at 20,000 messages.

A programme of `--modules` modules holding `--messages` paragraphs in all (the sentences of
bench/merge_vs_msgmerge.py) is taught in Danish; every catalog is created by `glocal i18n update`
and then fully translated. Then 5% of the paragraphs change: half edited (a word changed, as an
author does: a fuzzy match from the same catalog) and half replaced by a paragraph of another
module (an exact match the memory finds); a second scenario only edits, so the memory is built and
asked but finds nothing (its pure cost). `glocal i18n update` then runs on a fresh copy of the
project with the memory and with `--no-memory`, interleaved, each a whole command (process
start-up included); the medians of wall-clock and of CPU time (user + system) and their ratios are
printed. Target: memory adds < 10% of CPU time; CPU time is the verdict because wall-clock time
on a machine others share varies far more between runs than the difference measured.

    python bench/translation_memory.py [--messages 20000] [--modules 40] [--edited 0.05] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from merge_vs_msgmerge import WORDS, sentence  # noqa: E402  (the same generated sentences)

REGION = (
    "id: north\nname: North\nlanguages: [en, da]\nlocales: {en: en_DK, da: da_DK}\n"
    'timezone: Europe/Copenhagen\nday_start: "09:00"\n'
)


def write_module(root: Path, module_id: str, paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    front = f"---\nid: {module_id}\ntitle: Module {module_id}\nduration: 30\n---\n\n"
    text = f"{front}# Module {module_id}\n\n{body}\n"
    (root / "curriculum" / "modules" / f"{module_id}.md").write_text(text, encoding="utf-8")


def glocal(project: Path, *args: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the command and what it ran) of one update."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "glocal", "-C", str(project), "i18n", "update", *args],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"glocal i18n update {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def make(
    root: Path, messages: int, modules: int, edited: float, copies: bool, seed: int = 7
) -> tuple[int, int]:
    """The translated project under `root`, its sources then changed; returns (edited, copied)."""
    rng = random.Random(seed)
    (root / "curriculum" / "modules").mkdir(parents=True)
    (root / "toolkits" / "regions" / "north").mkdir(parents=True)
    (root / "toolkits" / "regions" / "north" / "region.yml").write_text(REGION, encoding="utf-8")
    ids = [f"m{n:03d}" for n in range(modules)]
    (root / "curriculum" / "program.yml").write_text(
        "id: bench\ntitle: Bench\nsource_language: en\nmodules:\n" + "".join(f"  - {i}\n" for i in ids),
        encoding="utf-8",
    )
    per = max(messages // modules - 1, 1)  # each module's title (its heading too) is one more message
    texts = {i: [sentence(rng, n * per + k) for k in range(per)] for n, i in enumerate(ids)}
    for module_id, paragraphs in texts.items():
        write_module(root, module_id, paragraphs)
    glocal(root)
    for path in sorted((root / "locales" / "da").rglob("*.po")):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            entry.msgstr = "da: " + entry.msgid
        po.save()
    changes = rng.sample([(i, k) for i in ids for k in range(per)], int(modules * per * edited))
    copied = 0
    for number, (module_id, k) in enumerate(changes):
        if number % 2 or not copies:  # an edit: a word changed
            words = texts[module_id][k].split()
            words[rng.randrange(len(words) - 1)] = rng.choice(WORDS)
            texts[module_id][k] = " ".join(words) + " Edited."
        else:  # a paragraph of another module, translated there
            other = rng.choice([i for i in ids if i != module_id])
            texts[module_id][k] = texts[other][rng.randrange(per)]
            copied += 1
    for module_id, paragraphs in texts.items():
        write_module(root, module_id, paragraphs)
    return len(changes) - copied, copied


def remembered(project: Path) -> int:
    return sum(
        1
        for path in (project / "locales" / "da").rglob("*.po")
        for entry in polib.pofile(str(path))
        if entry.tcomment.startswith("glocal: from translation memory")
    )


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--modules", type=int, default=40)
    parser.add_argument("--edited", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ratios = [scenario(args, copies) for copies in (True, False)]
    return 0 if all(r < 1.10 for r in ratios) else 1


def scenario(args: argparse.Namespace, copies: bool) -> float:
    """The ratio of the medians with and without memory, after the source changes `make` makes."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        edited, copied = make(base, args.messages, args.modules, args.edited, copies)
        times: dict[str, list[tuple[float, float]]] = {"memory": [], "no-memory": []}
        for run in range(args.runs):
            for name in times if run % 2 == 0 else reversed(list(times)):
                project = Path(tmp) / f"{name}-{run}"
                shutil.copytree(base, project)
                times[name].append(glocal(project, *(["--no-memory"] if name == "no-memory" else [])))
        filled = remembered(Path(tmp) / "memory-0")
        unfilled = remembered(Path(tmp) / "no-memory-0")
        print(
            f"project: {args.modules} modules, {args.messages} messages in Danish, fully translated; "
            f"{edited} paragraphs edited, {copied} replaced by another module's"
        )
        medians = {}
        for name, found in times.items():
            wall, cpu = (statistics.median(t[i] for t in found) for i in (0, 1))
            medians[name] = (wall, cpu)
            runs = ", ".join(f"{w:.2f}/{c:.2f}" for w, c in found)
            label = "with memory" if name == "memory" else "--no-memory"
            print(f"i18n update {label}: median wall {wall:.2f} s, CPU {cpu:.2f} s (runs, wall/CPU: {runs})")
        print(f"filled from memory: {filled} with it, {unfilled} without")
        wall_ratio = medians["memory"][0] / medians["no-memory"][0]
        ratio = medians["memory"][1] / medians["no-memory"][1]
        verdict = "OK" if ratio < 1.10 else "TOO SLOW"
        print(f"ratio memory/no-memory: CPU {ratio:.3f} (target < 1.10): {verdict}; wall {wall_ratio:.3f}\n")
        if unfilled or bool(filled) != copies:
            sys.exit("the memory filled what it should not have, or missed what it should have filled")
        return ratio


if __name__ == "__main__":
    sys.exit(main())
