#!/usr/bin/env python3
"""Benchmark: `glocal build` against plain MkDocs building the same staged sites, in one run.

Every site Glocal builds is staged as a plain MkDocs project (`.glocal/build/<region>/<lang>/
mkdocs.yml`). The reference is what anyone would do without Glocal: `mkdocs build -f` on each of
those files, one after another (the N sequential builds). Runs are interleaved (Glocal cold,
then the N MkDocs builds, then Glocal with nothing changed), repeated, and the medians compared.

Then the incremental cases: one region's overlay edited, one language's catalog edited, one core
module edited: which sites each build rebuilt, and whether any other output file was rewritten.
Then the size of the downloads, the zip level (time and size at levels 1, 6 and 9 on the built
sites), and whether the output is byte-identical with 1 worker and with all cores.

    python bench/build_speed.py [--project DIR] [--runs 3] [--jobs N]

The project defaults to the sample programme in this repository (10 sites).
Targets (issue 9): cold build <= 0.45x the N sequential MkDocs builds; nothing changed <= 0.1x the
cold build, with no output file rewritten.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("curriculum", "toolkits", "locales", "mkdocs.yml")


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)
    return target


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout + done.stderr


def glocal(project: Path, *args: str, env: dict | None = None) -> tuple[float, str]:
    return run([sys.executable, "-m", "glocal", "-C", str(project), "build", *args], env=env)


def staged_configs(project: Path) -> list[Path]:
    return sorted((project / ".glocal" / "build").glob("*/*/mkdocs.yml"))


def mkdocs_all(configs: list[Path], out: Path) -> float:
    total = 0.0
    for config in configs:
        site = out / config.parent.parent.name / config.parent.name
        elapsed, _ = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)])
        total += elapsed
    return total


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def rewritten(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after[name])


def built_sites(output: str) -> list[str]:
    return re.findall(r"^built .*/site/([^/]+/[^/]+)/index\.html", output, re.M)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_translation(catalog: Path) -> None:
    """Change the first non-empty translation of a catalog (not the header)."""
    text = catalog.read_text(encoding="utf-8")
    match = re.search(r'\nmsgstr "(?=[^"])', text)
    assert match, catalog
    catalog.write_text(text[: match.end()] + "Redigeret: " + text[match.end() :], encoding="utf-8")


def incremental(project: Path, jobs: list[str]) -> None:
    print("\nincremental builds (what each edit rebuilds):")
    glocal(project, *jobs)
    overlay = sorted((project / "toolkits" / "regions" / "nordics").glob("*.md"))[0]
    catalog = sorted((project / "locales" / "da" / "curriculum" / "modules").glob("*.po"))[0]
    module = sorted((project / "curriculum" / "modules").glob("*.md"))[0]
    cases = [
        ("nothing changed", None),
        (f"overlay {overlay.relative_to(project)}", lambda: edit(overlay, "\n\n", "\n\nEdited for the benchmark.\n\n")),
        (f"catalog {catalog.relative_to(project)}", lambda: edit_translation(catalog)),
        (f"core module {module.relative_to(project)}", lambda: edit(module, "\n\n", "\n\nEdited for the benchmark.\n\n")),
    ]
    for label, change in cases:
        before = snapshot(project / "site")
        if change:
            change()
        elapsed, output = glocal(project, *jobs)
        after = snapshot(project / "site")
        changed = rewritten(before, after)
        sites = built_sites(output)
        print(f"  {label}: {elapsed:.2f} s, rebuilt {len(sites)} site(s) {sites}, {len(changed)} output file(s) rewritten")
        for line in output.splitlines():
            if line.startswith(("built ", "skipped ")) and ("changed" in line or "previous" in line):
                print("     ", line.replace(str(project) + "/", ""))


def downloads(site: Path) -> None:
    """What the build wrote to downloads/: each zip holds its whole region (issue 12, item 10)."""
    zips = sorted((site / "downloads").glob("*.zip"))
    total = sum(z.stat().st_size for z in zips)
    print(f"\ndownloads: {len(zips)} zips, {total / 1e6:.2f} MB in all (each holds its whole region)")


def zip_levels(site: Path) -> None:
    print("\nzip level (all sites' downloads, one after another):")
    folders = [p.parent for p in sorted(site.glob("*/*/index.html"))]
    files = [(f, p) for f in folders for p in sorted(f.rglob("*")) if p.is_file()]
    data = [(str(p.relative_to(site)), p.read_bytes()) for _, p in files]
    for level in (1, 6, 9):
        start = time.perf_counter()
        size = 0
        with tempfile.TemporaryFile() as handle:
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
                for name, content in data:
                    archive.writestr(name, content)
            size = handle.tell()
        print(f"  zlib (zipfile) level {level}: {time.perf_counter() - start:.2f} s, {size / 1e6:.2f} MB")
    from zlib_ng import zlib_ng  # what Glocal deflates with (glocal.fsutil)

    for level in (1, 6, 9):
        start = time.perf_counter()
        size = 0
        for _, content in data:
            packer = zlib_ng.compressobj(level, zlib_ng.DEFLATED, -15)
            size += len(packer.compress(content) + packer.flush())
        print(f"  zlib-ng level {level}: {time.perf_counter() - start:.2f} s, {size / 1e6:.2f} MB of members")


def identical_with_workers(project: Path, jobs: int) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    outputs = []
    for workers in (1, jobs):
        shutil.rmtree(project / ".glocal", ignore_errors=True)
        out = project.parent / f"out-j{workers}"
        glocal(project, "-j", str(workers), "--out", str(out), env=env)
        outputs.append(out)
    comparison = filecmp.dircmp(outputs[0], outputs[1])
    differ = _differences(comparison)
    print(f"\noutput with -j 1 and -j {jobs}: " + ("byte-identical" if not differ else f"DIFFERENT: {differ[:5]}"))


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = list(comparison.left_only) + list(comparison.right_only)
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    jobs = ["-j", str(args.jobs)]
    with tempfile.TemporaryDirectory(prefix="glocal-bench-") as tmp:
        project = copy_project(args.project.resolve(), Path(tmp) / "project")
        glocal(project, *jobs)  # warms the OS file cache and stages every site
        configs = staged_configs(project)
        print(f"{len(configs)} sites; {os.cpu_count()} cores; glocal -j {args.jobs}")
        cold, reference, noop = [], [], []
        for index in range(args.runs):
            shutil.rmtree(project / ".glocal", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            cold.append(glocal(project, *jobs)[0])
            reference.append(mkdocs_all(configs, Path(tmp) / f"mkdocs-{index}"))
            before = snapshot(project / "site")
            noop.append(glocal(project, *jobs)[0])
            assert not rewritten(before, snapshot(project / "site")), "a no-op build rewrote output files"
            print(f"  run {index + 1}: glocal cold {cold[-1]:.2f} s, {len(configs)} x mkdocs build {reference[-1]:.2f} s, "
                  f"glocal nothing changed {noop[-1]:.2f} s")
        c, r, n = statistics.median(cold), statistics.median(reference), statistics.median(noop)
        print(f"\nmedian cold glocal build: {c:.2f} s; {len(configs)} sequential `mkdocs build -f`: {r:.2f} s; "
              f"ratio {c / r:.2f} (target <= 0.45)")
        print(f"median build with nothing changed: {n:.2f} s; ratio to cold {n / c:.3f} (target <= 0.1); "
              "output files rewritten: 0")
        downloads(project / "site")
        incremental(project, jobs)
        zip_levels(project / "site")
        identical_with_workers(project, args.jobs)


if __name__ == "__main__":
    main()
