#!/usr/bin/env python3
"""Benchmark: `glocal build` against mkdocs-static-i18n building the same content and languages.

mkdocs-static-i18n (the MkDocs plugin most multilingual MkDocs sites use) builds one site per
project with every language in it. The comparison gives it exactly what Glocal publishes:

- one MkDocs project per region (benelux, global, nordics, vietnam for the sample);
- `docs/<lang>/` holds, for each of the region's languages, the Markdown Glocal composed for
  that site (`.glocal/build/<region>/<lang>/docs/`: home, module pages, handouts, notes,
  Train-the-Trainer pages, assets, Glocal's stylesheet), i.e. the plugin's `folder` structure;
- its `mkdocs.yml` has the same theme (Material, same palette and features, no web fonts), the
  same Markdown extensions and the search plugin, plus `i18n` with `docs_structure: folder`
  and the region's languages (the first is the default, built at the root as well, as the
  plugin does). Glocal's template overrides are left out: they are per language.

The plugin is installed in its own virtual environment (same MkDocs, Material and
pymdown-extensions versions as Glocal's), built with `mkdocs build -q` per region, one after
another. Runs are interleaved with cold `glocal build` runs and the medians compared.
Target (issue 9): glocal <= 0.33x.

    python bench/static_i18n.py [--runs 3] [--venv DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from glocal.build.staging import ConfigDumper

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import copy_project, glocal  # noqa: E402


def venv_with_plugin(folder: Path) -> Path:
    """A virtual environment with the plugin and this one's MkDocs, Material and extensions.

    An environment left half made (an interrupted run) is completed, not trusted."""
    python = folder / "bin" / "python"
    if not python.is_file():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
    query = "from importlib.metadata import version; print(version('mkdocs-static-i18n'))"
    found = subprocess.run([str(python), "-c", query], capture_output=True, text=True)
    if found.returncode != 0:
        pins = [
            f"mkdocs=={metadata.version('mkdocs')}",
            f"mkdocs-material=={metadata.version('mkdocs-material')}",
            f"pymdown-extensions=={metadata.version('pymdown-extensions')}",
            "mkdocs-static-i18n>=1.2,<2",
        ]
        subprocess.run([str(python), "-m", "ensurepip"], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *pins], check=True)
        found = subprocess.run([str(python), "-c", query], capture_output=True, text=True, check=True)
    version = found.stdout.strip()
    print(f"mkdocs-static-i18n {version} in {folder}")
    return python


def lay_out(project: Path, target: Path) -> list[Path]:
    """One static-i18n project per region from Glocal's staged sites; returns their configs."""
    staged = project / ".glocal" / "build"
    configs = []
    for region in sorted(p for p in staged.iterdir() if p.is_dir()):
        languages = sorted(p.name for p in region.iterdir() if (p / "mkdocs.yml").is_file())
        first = yaml_load((region / languages[0] / "mkdocs.yml").read_text(encoding="utf-8"))
        order = [lang for lang in _region_languages(project, region.name) if lang in languages]
        folder = target / region.name
        for language in order:
            shutil.copytree(region / language / "docs", folder / "docs" / language)
        theme = {k: v for k, v in first["theme"].items() if k not in ("custom_dir", "language")}
        config = {
            "site_name": first["site_name"],
            "theme": theme,
            # Glocal's own (bracketed spans) is not installed there, as its plugin is not
            "markdown_extensions": [e for e in first["markdown_extensions"] if not str(e).startswith("glocal.")],
            "use_directory_urls": False,
            "extra_css": first.get("extra_css", []),
            "plugins": [
                "search",
                {
                    "i18n": {
                        "docs_structure": "folder",
                        "languages": [
                            {"locale": lang, "name": lang, "default": i == 0, "build": True}
                            for i, lang in enumerate(order)
                        ],
                    }
                },
            ],
        }
        # (the toc's slugify is a Python name, written as Glocal writes it: `!!python/name:...`)
        text = yaml.dump(config, Dumper=ConfigDumper, allow_unicode=True, sort_keys=False)
        (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
        configs.append(folder / "mkdocs.yml")
    return configs


def _region_languages(project: Path, region: str) -> list[str]:
    data = yaml.safe_load((project / "toolkits" / "regions" / region / "region.yml").read_text(encoding="utf-8"))
    return [str(lang) for lang in data["languages"]]


def build_all(python: Path, configs: list[Path], out: Path) -> float:
    total = 0.0
    for config in configs:
        start = time.perf_counter()
        done = subprocess.run(
            [str(python), "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out / config.parent.name)],
            capture_output=True,
            text=True,
        )
        total += time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"mkdocs-static-i18n failed on {config}:\n{done.stderr[-3000:]}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "glocal-bench-static-i18n")
    args = parser.parse_args()
    python = venv_with_plugin(args.venv)
    with tempfile.TemporaryDirectory(prefix="glocal-bench-") as tmp:
        project = copy_project(REPO, Path(tmp) / "project")
        glocal(project)
        configs = lay_out(project, Path(tmp) / "static-i18n")
        pages = sum(1 for c in configs for _ in (c.parent / "docs").rglob("*.md"))
        print(f"{len(configs)} region projects, {pages} Markdown pages in all languages")
        ours, theirs = [], []
        for index in range(args.runs):
            shutil.rmtree(project / ".glocal", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            ours.append(glocal(project)[0])
            theirs.append(build_all(python, configs, Path(tmp) / f"out-{index}"))
            print(f"  run {index + 1}: glocal cold {ours[-1]:.2f} s, mkdocs-static-i18n {theirs[-1]:.2f} s")
        o, t = statistics.median(ours), statistics.median(theirs)
        print(f"\nmedian: glocal {o:.2f} s, mkdocs-static-i18n {t:.2f} s, ratio {o / t:.2f} (target <= 0.33)")


if __name__ == "__main__":
    main()
