#!/usr/bin/env python3
"""Benchmark at scale: a programme of 500 modules x 10 regions x 3 languages (30 sites).

The programme is generated from the sample's real material: the sample's 11 modules, their
Train-the-Trainer guides, regional overlays and catalogs are cloned (`<module>-<n>`) until there
are `--modules` of them, and the sample's regions are cloned into `--regions` regions of three
languages each. Each clone's title changes, so its catalogs are partial (the title, and a quarter
of the clones have no catalog at all), as in a programme under translation.

Reported, each against its reference measured in the same run:

- `glocal check`: cold (no cache; on every core, and in one process) and warm (nothing changed).
  Targets: <= 10 s, <= 2 s.
- one site built cold by Glocal against plain `mkdocs build -f` on the same staged site
  (seconds per site), and the peak memory of that build (target: under 1 GB for 1,500 pages).
- a `glocal build` of every site with nothing changed against the cold build (target <= 0.02x).
- bytes per module page at 50 and at `--modules` modules (must not grow with the module count).
- `--full`: also the cold build of all the sites (long: about a minute per site on 2 cores).

    python bench/scale.py [--modules 500] [--regions 10] [--runs 3] [--full] [--keep DIR] [--check-only]

`--check-only` stops after the `check` figures (a few minutes less; with `--keep DIR`, the
programme generated once is reused).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = {  # sample region → the three languages its clones are taught in
    "nordics": ["da", "nb", "en"],
    "benelux": ["nl", "en", "da"],
    "vietnam": ["vi", "en", "nl"],
}
LOCALES = {"da": "da_DK", "nb": "nb_NO", "en": "en_GB", "nl": "nl_NL", "vi": "vi_VN"}


def sample_modules() -> list[str]:
    program = (REPO / "curriculum" / "program.yml").read_text(encoding="utf-8")
    block = program.split("\nmodules:\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  - ([a-z0-9-]+)$", block, re.M)


def generate(root: Path, modules: int, regions: int) -> Path:
    """Write the generated programme under `root` and return it."""
    originals = sample_modules()
    shutil.copytree(REPO / "curriculum" / "assets", root / "curriculum" / "assets")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "curriculum" / "modules").mkdir(parents=True)
    (root / "toolkits" / "ttt").mkdir(parents=True)
    shutil.copy2(REPO / "toolkits" / "ttt" / "certification.yml", root / "toolkits" / "ttt" / "certification.yml")
    ids = []
    for index in range(modules):
        source = originals[index % len(originals)]
        new = source if index < len(originals) else f"{source}-{index:03d}"
        ids.append((source, new, index))
        text = (REPO / "curriculum" / "modules" / f"{source}.md").read_text(encoding="utf-8")
        if new != source:
            text = text.replace(f"id: {source}\n", f"id: {new}\n", 1)
            text = re.sub(r"^title: (.*)$", lambda m: f"title: {_retitle(m.group(1), index)}", text, count=1, flags=re.M)
        (root / "curriculum" / "modules" / f"{new}.md").write_text(text, encoding="utf-8")
        guide = REPO / "toolkits" / "ttt" / f"{source}.md"
        if guide.is_file():
            shutil.copy2(guide, root / "toolkits" / "ttt" / f"{new}.md")
    program = (REPO / "curriculum" / "program.yml").read_text(encoding="utf-8")
    head = program.split("\nmodules:\n", 1)[0]
    tail = "\nglocal:" + program.split("\nglocal:", 1)[1]
    listing = "".join(f"  - {new}\n" for _, new, _ in ids)
    days = "".join(
        "  - [" + ", {break: 15}, ".join(new for _, new, _ in ids[i : i + 4]) + "]\n" for i in range(0, len(ids), 4)
    )
    (root / "curriculum" / "program.yml").write_text(f"{head}\nmodules:\n{listing}\ndays:\n{days}{tail}", encoding="utf-8")
    templates = list(TEMPLATES)
    for number in range(regions):
        template = templates[number % len(templates)]
        region = f"{template}-{number + 1:02d}"
        languages = TEMPLATES[template]
        folder = root / "toolkits" / "regions" / region
        folder.mkdir(parents=True)
        text = (REPO / "toolkits" / "regions" / template / "region.yml").read_text(encoding="utf-8")
        text = re.sub(r"^id: .*$", f"id: {region}", text, count=1, flags=re.M)
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} {number + 1}", text, count=1, flags=re.M)
        text = re.sub(r"^languages: .*$", f"languages: [{', '.join(languages)}]", text, count=1, flags=re.M)
        locales = ", ".join(f"{lang}: {LOCALES[lang]}" for lang in languages)
        text = re.sub(r"^locales: .*$", f"locales: {{{locales}}}", text, count=1, flags=re.M)
        (folder / "region.yml").write_text(text, encoding="utf-8")
        for source, new, _ in ids:
            overlay = REPO / "toolkits" / "regions" / template / f"{source}.md"
            if overlay.is_file():
                shutil.copy2(overlay, folder / f"{new}.md")
        for language in languages:
            catalogs = REPO / "locales" / language / "toolkits" / "regions" / template
            target = root / "locales" / language / "toolkits" / "regions" / region
            if catalogs.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(catalogs / "region.po", target / "region.po") if (catalogs / "region.po").is_file() else None
                for source, new, _ in ids:
                    if (catalogs / f"{source}.po").is_file():
                        shutil.copy2(catalogs / f"{source}.po", target / f"{new}.po")
    for language in LOCALES:
        base = REPO / "locales" / language
        if not base.is_dir():
            continue
        for part in ("curriculum/program.po", "toolkits/ttt/certification.po"):
            if (base / part).is_file():
                (root / "locales" / language / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(base / part, root / "locales" / language / part)
        for source, new, index in ids:
            if index >= len(originals) and index % 4 == 3:
                continue  # a quarter of the clones are not translated yet
            for kind in ("curriculum/modules", "toolkits/ttt"):
                catalog = base / kind / f"{source}.po"
                if catalog.is_file():
                    (root / "locales" / language / kind).mkdir(parents=True, exist_ok=True)
                    shutil.copy2(catalog, root / "locales" / language / kind / f"{new}.po")
    return root


def _retitle(title: str, index: int) -> str:
    quoted = title.startswith('"')
    bare = title.strip('"')
    return f'"{bare} ({index})"' if quoted else f"{bare} ({index})"


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Seconds, peak memory of the command (MiB) and its output."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "peak.py"), *command], cwd=cwd, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    match = re.search(r"^peak-rss-kib (\d+)$", done.stderr, re.M)
    if done.returncode not in (0, 1) or not match:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return elapsed, int(match.group(1)) // 1024, done.stdout + done.stderr


def glocal(project: Path, *args: str) -> tuple[float, int, str]:
    return timed([sys.executable, "-m", "glocal", "-C", str(project), *args])


def page_bytes(site: Path) -> float:
    pages = [p for p in (site / "modules").glob("*.html")]
    return sum(p.stat().st_size for p in pages) / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--regions", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="also build every site cold (long)")
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    parser.add_argument("--check-only", action="store_true", help="stop after the check figures")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="glocal-scale-"))
    try:
        project = args.keep or tmp / "project"
        if not (project / "curriculum").is_dir():
            generate(project, args.modules, args.regions)
        sites = sorted(p.parent.name + "/" + lang for p in (project / "toolkits" / "regions").glob("*/region.yml")
                       for lang in re.findall(r"[a-z]{2}", (p.parent / "region.yml").read_text().split("languages:")[1].split("]")[0]))
        print(f"{args.modules} modules x {args.regions} regions x 3 languages: {len(sites)} sites")

        cold, warm, single = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(project / ".glocal", ignore_errors=True)
            cold.append(glocal(project, "check")[:2])
            warm.append(glocal(project, "check")[:2])
            shutil.rmtree(project / ".glocal", ignore_errors=True)
            single.append(glocal(project, "check", "-j", "1")[:2])
        c, w = statistics.median(t for t, _ in cold), statistics.median(t for t, _ in warm)
        one = statistics.median(t for t, _ in single)
        print(f"check cold: {c:.1f} s on {os.cpu_count()} cores (peak {max(m for _, m in cold)} MiB "
              f"per process; target <= 10 s); in one process (-j 1): {one:.1f} s")
        print(f"check with nothing changed: {w:.2f} s (target <= 2 s)")
        if args.check_only:
            return

        site = sites[0]
        ours, ref = [], []
        peak = 0
        for _ in range(args.runs):
            shutil.rmtree(project / ".glocal" / "build", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            shutil.rmtree(project / ".glocal" / "cache", ignore_errors=True)
            seconds, memory, _ = glocal(project, "build", "-j", "1", site)
            ours.append(seconds)
            peak = max(peak, memory)
            config = project / ".glocal" / "build" / site / "mkdocs.yml"
            seconds, _, _ = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp / "plain")])
            ref.append(seconds)
        o, r = statistics.median(ours), statistics.median(ref)
        pages = len(list((project / "site" / site).rglob("*.html")))
        print(f"one site ({site}, {pages} pages) cold: glocal {o:.1f} s, plain mkdocs build {r:.1f} s, ratio {o / r:.2f}")
        print(f"peak memory building it: {peak} MiB (target < 1024)")
        print(f"bytes per module page: {page_bytes(project / 'site' / site) / 1024:.0f} KiB at {args.modules} modules")

        if args.full:
            shutil.rmtree(project / ".glocal", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            full, _, _ = glocal(project, "build")
            print(f"cold build of all {len(sites)} sites: {full:.0f} s ({full / len(sites):.1f} s per site)")
        else:
            full = o * len(sites) / 2  # a lower bound for the cold build on 2 cores, from one site
        if not (project / "site" / "index.html").is_file() or args.full is False:
            glocal(project, "build")  # every site, so the next build has nothing to do
        noop = statistics.median(glocal(project, "build")[0] for _ in range(args.runs))
        label = "cold build" if args.full else "estimated cold build (one site x sites / 2 cores)"
        print(f"build with nothing changed: {noop:.2f} s; ratio to the {label}: {noop / full:.4f} (target <= 0.02)")

        small = generate(tmp / "small", 50, 1)
        glocal(small, "build", "-j", "1", sorted(p.parent.name for p in (small / "toolkits" / "regions").glob("*/region.yml"))[0] + "/en")
        small_site = next((small / "site").glob("*/en"))
        print(f"bytes per module page: {page_bytes(small_site) / 1024:.0f} KiB at 50 modules")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
