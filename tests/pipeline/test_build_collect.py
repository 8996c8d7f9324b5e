"""A build writes a region's offline zips as soon as the region's last site is done, while the
workers go on with other regions' sites (the zips were all written after the last site)."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

from glocal.build.sites import SiteBuild
from glocal.pipeline.building import _Run


class _Watched(_Run):
    """A build run whose zip-writing step only records the region it was asked for."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, root / "site", [], 2, {})
        self.zipped: list[str] = []
        self.restored: list[str] = []
        self.first_zip = threading.Event()

    def write_downloads(self, project, region: str) -> None:
        self.zipped.append(region)
        self.first_zip.set()

    def restore(self, key: str) -> None:
        self.restored.append(key)


def test_a_regions_zips_are_written_while_other_regions_sites_still_build(tmp_path: Path) -> None:
    run = _Watched(tmp_path)
    todo = ["north/en", "north/da", "south/en", "east/en"]
    run.futures = {key: Future() for key in todo}
    found: dict = {}
    collecting = threading.Thread(
        target=lambda: found.update(run.collect(None, todo, zips=True)), daemon=True
    )  # type: ignore[arg-type]
    collecting.start()
    run.futures["north/da"].set_result(SiteBuild("north/da", True, ()))
    run.futures["north/en"].set_result(SiteBuild("north/en", True, ()))
    assert run.first_zip.wait(10), "the north region's zips waited for the other regions' sites"
    assert run.zipped == ["north"] and not run.futures["south/en"].done()
    run.futures["east/en"].set_result(SiteBuild("east/en", False, ()))  # failed: put back, no zip
    run.futures["south/en"].set_result(SiteBuild("south/en", True, ()))
    collecting.join(10)
    assert run.zipped == ["north", "south"]
    assert run.restored == ["east/en"]
    assert list(found) and {key: found[key].ok for key in todo} == {
        "north/en": True,
        "north/da": True,
        "south/en": True,
        "east/en": False,
    }


def test_a_shard_writes_no_zips(tmp_path: Path) -> None:
    run = _Watched(tmp_path)
    run.futures = {"north/en": Future()}
    run.futures["north/en"].set_result(SiteBuild("north/en", True, ()))
    assert run.collect(None, ["north/en"], zips=False)["north/en"].ok  # type: ignore[arg-type]
    assert run.zipped == []
