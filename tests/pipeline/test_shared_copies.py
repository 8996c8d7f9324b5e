"""Sites of one build share their identical static files as hard links (issue 9).

Every site carries the theme's scripts, stylesheets and search languages, and Glocal's own: the
same bytes in each. A build copies each distinct content once and links the other sites' files
to that copy. The bytes are exactly what MkDocs copies; a linked file is never written through;
the store the links come from never reaches the output.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from glocal.build import copies, sites
from glocal.diagnostics import Span
from glocal.pipeline import build
from glocal.pipeline.building import WORK_DIR
from glocal.pipeline.workers import SHARED_COPIES


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The golden-site project (south/en, south/da) built once, with one worker."""
    root = tmp_path_factory.mktemp("shared") / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", root)
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    result = build(root, jobs=1)
    assert sorted(result.built) == ["south/da", "south/en"], result.report.diagnostics
    return root


def files(folder: Path) -> dict[str, os.stat_result]:
    return {str(p.relative_to(folder)): p.stat() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_sites_of_a_build_share_each_identical_static_file(built):
    en, da = files(built / "site" / "south" / "en"), files(built / "site" / "south" / "da")
    bundle = next(name for name in en if name.startswith("assets/javascripts/bundle."))
    shared = [name for name in en if name in da and en[name].st_ino == da[name].st_ino]
    assert bundle in shared
    assert "stylesheets/glocal.css" in shared  # Glocal's own, staged into each site's docs
    assert any(name.startswith("assets/javascripts/lunr/min/") for name in shared)
    for name in shared:
        assert (built / "site" / "south" / "en" / name).read_bytes() == (
            built / "site" / "south" / "da" / name
        ).read_bytes()
    # pages are each site's own, written once
    pages = [name for name in en if name.endswith(".html")]
    assert pages and all(en[name].st_nlink == 1 and da[name].st_nlink == 1 for name in pages)


def test_the_store_of_shared_copies_never_reaches_the_output(built):
    assert not (built / "site" / SHARED_COPIES).exists()
    assert [p.name for p in built.iterdir() if p.name.startswith(".site-new-")] == []
    # and nothing in the output links to a file outside it that could change under it
    inside = {p.stat().st_ino for p in (built / "site").rglob("*") if p.is_file()}
    for path in (built / "site").rglob("*"):
        if path.is_file() and path.stat().st_nlink > 1:
            assert path.stat().st_ino in inside


def test_shared_links_give_the_bytes_mkdocs_copies(built, tmp_path):
    config = built / WORK_DIR / "south" / "da" / "mkdocs.yml"
    where = Span("mkdocs.yml")
    alone, linked = tmp_path / "alone", tmp_path / "linked"
    assert sites.build_staged("south/da", config, alone, where).ok
    store = tmp_path / "store"
    assert sites.build_staged("south/da", config, linked, where, shared=store).ok
    assert sites.build_staged("south/da", config, tmp_path / "again", where, shared=store).ok
    mine, theirs, again = files(alone), files(linked), files(tmp_path / "again")
    assert mine.keys() == theirs.keys() == again.keys()
    for name in mine:
        assert (alone / name).read_bytes() == (linked / name).read_bytes(), name
        assert mine[name].st_mode == theirs[name].st_mode, name
    assert all(stat.st_nlink == 1 for stat in mine.values())  # without a store: MkDocs' copies
    linked_names = {name for name in theirs if theirs[name].st_ino == again[name].st_ino}
    assert any(name.startswith("assets/") for name in linked_names)
    assert not any(name.endswith(".html") for name in linked_names)


def test_a_linked_file_is_never_written_through(tmp_path):
    """A destination that is already a link to a shared copy is replaced, not written into."""
    import mkdocs.utils

    one, two = tmp_path / "one.js", tmp_path / "two.js"
    one.write_text("first", encoding="utf-8")
    two.write_text("second", encoding="utf-8")
    store = tmp_path / "store"
    store.mkdir()
    copies.install(mkdocs.utils)
    copies.share_in(store)
    try:
        mkdocs.utils.copy_file(str(one), str(tmp_path / "a" / "x.js"))
        mkdocs.utils.copy_file(str(one), str(tmp_path / "b" / "x.js"))
        assert (tmp_path / "a" / "x.js").stat().st_ino == (tmp_path / "b" / "x.js").stat().st_ino
        mkdocs.utils.copy_file(str(two), str(tmp_path / "b" / "x.js"))
    finally:
        copies.share_in(None)
    assert (tmp_path / "a" / "x.js").read_text(encoding="utf-8") == "first"
    assert (tmp_path / "b" / "x.js").read_text(encoding="utf-8") == "second"
    assert one.read_text(encoding="utf-8") == "first"  # nor is the source ever linked to
    assert one.stat().st_nlink == 1


def test_without_a_store_mkdocs_copies_as_it_always_does(tmp_path):
    import mkdocs.utils

    source = tmp_path / "one.js"
    source.write_text("first", encoding="utf-8")
    copies.install(mkdocs.utils)
    mkdocs.utils.copy_file(str(source), str(tmp_path / "a" / "x.js"))
    mkdocs.utils.copy_file(str(source), str(tmp_path / "b" / "x.js"))
    assert (tmp_path / "a" / "x.js").stat().st_nlink == 1
    assert (tmp_path / "b" / "x.js").stat().st_nlink == 1


def test_a_shared_file_edited_in_place_is_rebuilt_in_every_site(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", root)
    build(root, jobs=1)
    en, da = root / "site" / "south" / "en", root / "site" / "south" / "da"
    shared = en / "stylesheets" / "glocal.css"
    before = shared.read_bytes()
    assert shared.stat().st_ino == (da / "stylesheets" / "glocal.css").stat().st_ino
    with open(shared, "ab") as handle:  # an editor that writes in place
        handle.write(b"/* edited by hand */\n")
    result = build(root, jobs=1)
    assert sorted(result.built) == ["south/da", "south/en"]
    assert set(result.reasons.values()) == {"its output was changed or removed since"}
    assert (en / "stylesheets" / "glocal.css").read_bytes() == before
    assert (da / "stylesheets" / "glocal.css").read_bytes() == before
