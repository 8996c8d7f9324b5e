#!/usr/bin/env python3
"""Benchmark: edit-to-reload time of `glocal serve SITE`.

Starts `glocal serve` on a copy of the project, edits one core module (a paragraph added at its
end), and measures the time until the served page shows the edit (what the browser
loads when the live-reload server tells it to). Repeated; medians printed. Target (issue 9):
under 2 s, on the sample and on the 500-module programme of bench/scale.py.

    python bench/preview.py [--project DIR] [--site nordics/da] [--edits 3]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import copy_project  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument("--site", default="nordics/en")
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glocal-bench-") as tmp:
        project = copy_project(args.project.resolve(), Path(tmp) / "project")
        module = sorted((project / "curriculum" / "modules").glob("*.md"))[0]
        port = free_port()
        url = f"http://127.0.0.1:{port}/modules/{module.stem}.html"
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "glocal", "-C", str(project), "serve", args.site, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while "</html>" not in fetch(url):
                if server.poll() is not None or time.perf_counter() - start > 900:
                    sys.exit("glocal serve did not start")
                time.sleep(0.1)
            print(f"{args.site}: first build served after {time.perf_counter() - start:.1f} s")
            times = []
            for edit in range(args.edits):
                marker = f"Benchmark edit number {edit} of the live preview."
                text = module.read_text(encoding="utf-8").rstrip("\n")
                module.write_text(text + f"\n\n{marker}\n", encoding="utf-8")
                edited = time.perf_counter()
                while marker not in fetch(url):
                    if time.perf_counter() - edited > 300:
                        sys.exit("the edit never reached the page")
                    time.sleep(0.05)
                times.append(time.perf_counter() - edited)
                print(f"  edit {edit + 1}: on the page after {times[-1]:.2f} s")
                time.sleep(1.0)  # let the server settle before the next edit
            print(f"median edit-to-page: {statistics.median(times):.2f} s (target < 2 s)")
        finally:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
