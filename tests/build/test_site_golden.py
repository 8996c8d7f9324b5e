"""Whole-site golden test, in the style of pelican's: build a small project, compare the output
folder file by file with a committed expected tree.

`tests/fixtures/golden-site/project/` is a tiny project (two modules, one region `south` in
English and Danish, a small Danish catalog with some messages translated, a Train-the-Trainer
section). The test copies it, runs `glocal -C <copy> build` with SOURCE_DATE_EPOCH=1700000000
and compares `site/` with `tests/fixtures/golden-site/expected/`: the same set of relative paths
and equal contents, after normalising what changes without Glocal changing.

Normalised (in the built tree and in what regenerate writes):

- hashed theme asset names (`bundle.<hash>.min.js`, `main.<hash>.min.css`,
  `search.<hash>.min.js`, ...) become `….HASH.min.js` in paths and contents;
- the generator versions `mkdocs-1.6.1` / `mkdocs-material-9.x.y` become `mkdocs-VERSION` /
  `mkdocs-material-VERSION`;
- `*.gz` (the sitemap) is compared decompressed, stored as `<name>.gz.txt`: the gzip header
  carries a timestamp and compressor details that say nothing about the site;
- `*.zip` (the offline downloads) is compared as a manifest, stored as `<name>.zip.txt`: each
  member in archive order with its date, mode and compression, and for every member Glocal
  wrote the SHA-256 of its normalised content (a `.gz` member decompressed first; the same file
  is compared in full in the site folder); theme assets are listed by name only. Raw zip bytes
  would churn with every theme release.

Excluded from content comparison: each site's `assets/` folder (MkDocs Material's own bundle,
source maps, stylesheets, lunr language files, search worker, favicon; about 2.5 MB per site,
copied verbatim from the installed theme, not produced by Glocal). Their normalised names are
still compared, listed in `EXCLUDED.txt` at the top of the expected tree, so a missing search
worker or lunr language file fails the test. Everything Glocal writes is compared in full: the
HTML pages (home, modules, handouts, notes, Train-the-Trainer, 404), `stylesheets/glocal.css`,
the vendored `javascripts/iframe-worker-shim.js`, the search index, the sitemap, the portal
`index.html` and the downloads.

Regenerate after an intended change, then review the diff before committing:

    GLOCAL_REGENERATE=1 .venv/bin/python -m pytest -p no:cacheprovider tests/build/test_site_golden.py

A regenerate run rewrites the expected tree and still fails ("regenerated, review the diff"),
so it never passes silently.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from glocal.cli import main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "golden-site"
PROJECT = FIXTURE / "project"
EXPECTED = FIXTURE / "expected"
EPOCH = "1700000000"
REGENERATE = os.environ.get("GLOCAL_REGENERATE", "") not in ("", "0")

EXCLUDED_LIST = "EXCLUDED.txt"
THEME_ASSETS = re.compile(r"^[^/]+/[^/]+/assets/")  # <region>/<lang>/assets/… in the site folder
ZIP_THEME_ASSETS = re.compile(r"^[^/]+/assets/")  # <region>-<lang>/assets/… inside a download
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)")
MATERIAL_VERSION = re.compile(r"mkdocs-material-\d+(?:\.\d+)*(?:[a-z]+\d*)?")
MKDOCS_VERSION = re.compile(r"mkdocs-\d+(?:\.\d+)*(?:[a-z]+\d*)?")


def normalise_path(path: str) -> str:
    return HASHED.sub(r".HASH.min.\1", path)


def normalise_text(text: str) -> str:
    text = HASHED.sub(r".HASH.min.\1", text)
    text = MATERIAL_VERSION.sub("mkdocs-material-VERSION", text)
    return MKDOCS_VERSION.sub("mkdocs-VERSION", text)


def normalise_bytes(data: bytes) -> str | bytes:
    """Text normalised; anything that is not UTF-8 is compared as it is."""
    try:
        return normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        return data


def zip_manifest(path: Path) -> str:
    """Member names in order, with date, mode and compression; content digests for Glocal's files."""
    lines = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            date = "{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}".format(*info.date_time)
            mode = oct(info.external_attr >> 16)
            line = f"{normalise_path(info.filename)}  {date}  mode {mode}  compress {info.compress_type}"
            if ZIP_THEME_ASSETS.match(info.filename):
                line += "  (theme asset: name only)"
            else:
                raw = archive.read(info)
                content = normalise_bytes(gzip.decompress(raw) if info.filename.endswith(".gz") else raw)
                data = content.encode("utf-8") if isinstance(content, str) else content
                line += f"  sha256 {hashlib.sha256(data).hexdigest()}"
            lines.append(line)
    return "\n".join(lines) + "\n"


def snapshot(site: Path) -> dict[str, str | bytes]:
    """The built tree as it is compared: normalised paths → normalised contents."""
    files: dict[str, str | bytes] = {}
    excluded = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        name = normalise_path(relative)
        if THEME_ASSETS.match(relative):
            excluded.append(name)
        elif relative.endswith(".zip"):
            files[f"{name}.txt"] = zip_manifest(path)
        elif relative.endswith(".gz"):
            files[f"{name}.txt"] = normalise_bytes(gzip.decompress(path.read_bytes()))
        else:
            files[name] = normalise_bytes(path.read_bytes())
    assert EXCLUDED_LIST not in files, f"the site itself has a file named {EXCLUDED_LIST}"
    files[EXCLUDED_LIST] = "".join(f"{name}\n" for name in sorted(excluded))
    return files


def read_expected(folder: Path) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            try:
                files[path.relative_to(folder).as_posix()] = data.decode("utf-8")
            except UnicodeDecodeError:
                files[path.relative_to(folder).as_posix()] = data
    return files


def write_expected(folder: Path, files: dict[str, str | bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def differences(expected: dict[str, str | bytes], actual: dict[str, str | bytes]) -> list[str]:
    """Missing and unexpected paths, then each differing file (text as a unified diff)."""
    found = [f"missing from the build: {name}" for name in sorted(expected.keys() - actual.keys())]
    found += [f"not expected: {name}" for name in sorted(actual.keys() - expected.keys())]
    for name in sorted(expected.keys() & actual.keys()):
        want, got = expected[name], actual[name]
        if want == got:
            continue
        if isinstance(want, str) and isinstance(got, str):
            diff = list(
                difflib.unified_diff(
                    want.splitlines(keepends=True), got.splitlines(keepends=True), f"expected/{name}", name
                )
            )
            shown = "".join(diff[:80]) + (
                f"... ({len(diff) - 80} more diff lines)\n" if len(diff) > 80 else ""
            )
            found.append(shown or f"{name}: differs in line endings")
        else:
            found.append(f"{name}: binary content differs")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | bytes]:
    """The fixture project built once, in a copy, at a fixed SOURCE_DATE_EPOCH."""
    copy = tmp_path_factory.mktemp("golden-site") / "project"
    shutil.copytree(PROJECT, copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        code = main(["-C", str(copy), "build"])
    assert code == 0, f"glocal build exited with {code}"
    return snapshot(copy / "site")


def test_built_site_matches_the_expected_tree(built: dict[str, str | bytes]):
    if REGENERATE:
        write_expected(EXPECTED, built)
        pytest.fail(f"regenerated {EXPECTED}, review the diff", pytrace=False)
    found = differences(read_expected(EXPECTED), built)
    assert not found, (
        f"{len(found)} difference(s) from {EXPECTED.relative_to(FIXTURE.parent.parent.parent)} "
        f"(regenerate: GLOCAL_REGENERATE=1 … tests/build/test_site_golden.py):\n" + "\n".join(found)
    )


def test_the_expected_tree_covers_what_glocal_writes():
    # guards the fixture: regenerating must not quietly drop a kind of output Glocal produces
    names = set(read_expected(EXPECTED))
    for site in ("south/en", "south/da"):
        for page in (
            "index.html",
            "404.html",
            "notes.html",
            "modules/intro.html",
            "handouts/intro.html",
            "ttt/index.html",
            "ttt/intro.html",
            "stylesheets/glocal.css",
            "javascripts/iframe-worker-shim.js",
            "search/search_index.json",
            "search/search_index.js",
            "sitemap.xml.gz.txt",
        ):
            assert f"{site}/{page}" in names, f"{site}/{page} is not in the expected tree"
    assert {"index.html", "downloads/south-en.zip.txt", "downloads/south-da.zip.txt"} <= names
    excluded = read_expected(EXPECTED)[EXCLUDED_LIST]
    assert "south/da/assets/javascripts/bundle.HASH.min.js\n" in excluded
    assert "south/da/assets/javascripts/lunr/min/lunr.da.min.js\n" in excluded


def test_normalising_hides_only_volatile_bits():
    html = (
        '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">'
        '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
        '<link rel="stylesheet" href="assets/stylesheets/main.57a0d79d.min.css">'
        "<p>mkdocs-material is great; 1.6.1 stays</p>"
    )
    assert normalise_text(html) == (
        '<meta name="generator" content="mkdocs-VERSION, mkdocs-material-VERSION">'
        '<script src="../assets/javascripts/bundle.HASH.min.js"></script>'
        '<link rel="stylesheet" href="assets/stylesheets/main.HASH.min.css">'
        "<p>mkdocs-material is great; 1.6.1 stays</p>"
    )
    assert normalise_path("south/en/assets/javascripts/workers/search.a7633da7.min.js.map") == (
        "south/en/assets/javascripts/workers/search.HASH.min.js.map"
    )
