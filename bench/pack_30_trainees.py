#!/usr/bin/env python3
"""Benchmark: `glocal pack` for a 30-trainee cohort of the sample's vietnam/vi site.

Runs the whole command (process start-up, check, PDFs, signing, zip) on a copy of the sample
with a generated 30-row roster and a fresh key, and prints the time. Target: under 20 s here.
Each run packs twice, interleaved: with the PDFs rendered on every core (the default) and in
one process (`-j 1`, the reference); the medians and their ratio are printed, and the two packs
must be the same bytes (SOURCE_DATE_EPOCH is fixed).

    python bench/pack_30_trainees.py [--trainees 30] [--runs 1]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Thị Hồng Nhung", "Minh Khoa", "Thu Hà", "Quốc Bảo", "Lan Anh", "Hoàng Long", "Ngọc Trâm", "Đức Thắng", "Bảo Châu", "Gia Huy"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--site", default="vietnam/vi")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "sample"
        project.mkdir()
        for part in ("curriculum", "toolkits", "locales", "mkdocs.yml"):
            source = REPO / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
        roster = Path(tmp) / "cohort-30.csv"
        with roster.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "name", "email", "attended", "knowledge_check", "teach_back", "observed_deliveries"])
            for index in range(args.trainees):
                name = f"{FAMILY[index % 10]} {GIVEN[(index * 3) % 10]}"
                writer.writerow([f"t{index + 1:02d}", name, f"t{index + 1:02d}@example.vn", "all",
                                 70 + (index * 7) % 30, 2.5 + (index % 4) * 0.5, index % 3])
        glocal = [sys.executable, "-m", "glocal", "-C", str(project)]
        subprocess.run(glocal + ["keygen"], check=True, stdout=subprocess.DEVNULL)
        times: dict[str, list[float]] = {"default": [], "-j 1": []}
        packs: dict[str, bytes] = {}
        environment = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        for run in range(args.runs):
            for name, extra in (("default", []), ("-j 1", ["-j", "1"])):
                out = Path(tmp) / f"out-{run}-{name.replace(' ', '')}"
                command = glocal + ["pack", args.site, "--roster", str(roster), "--out", str(out), *extra]
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True, env=environment)
                times[name].append(time.perf_counter() - start)
                if done.returncode != 0:
                    print(done.stdout, done.stderr, file=sys.stderr)
                    return 1
                packs[name] = next((out / "packs").glob("*.zip")).read_bytes()
        print(done.stdout.strip())
        elapsed, serial = statistics.median(times["default"]), statistics.median(times["-j 1"])
        verdict = "OK" if elapsed < 20 else "TOO SLOW"
        print(f"glocal pack, {args.trainees} trainees, {args.site}: {elapsed:.1f} s (target < 20 s): {verdict}")
        print(f"  with -j 1 (PDFs in one process): {serial:.1f} s; ratio {elapsed / serial:.2f}")
        print(f"  same bytes both ways: {packs['default'] == packs['-j 1']}")
        return 0 if elapsed < 20 and packs["default"] == packs["-j 1"] else 1


if __name__ == "__main__":
    sys.exit(main())
