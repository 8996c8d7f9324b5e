"""The offline downloads work whole (issue 12, item 10): every `downloads/<region>-<lang>.zip` of
the built sample holds every language of its region, opens on its own language, and every link
in its HTML resolves to a file inside the zip (read from the archive, not extracted)."""

from __future__ import annotations

import posixpath
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from glocal.build.downloads import FORMAT, Language, write_region
from glocal.fsutil import epoch


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def links_of(data: bytes) -> list[str]:
    parser = _Links()
    parser.feed(data.decode("utf-8"))
    return parser.links


def unresolved(archive: zipfile.ZipFile) -> list[str]:
    """Every href/src of every HTML member that does not name a member (fragments ignored; an
    external link counts as unresolved: offline it goes nowhere)."""
    names = set(archive.namelist())
    broken = []
    for member in sorted(n for n in names if n.endswith(".html")):
        for link in links_of(archive.read(member)):
            parts = urlsplit(link)
            if parts.scheme in ("data", "mailto", "javascript"):
                continue
            if parts.scheme or parts.netloc or link.startswith("/"):
                broken.append(f"{member}: {link}")
                continue
            if not parts.path:  # "#fragment" or "?query" on the same page
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(member), unquote(parts.path)))
            if target not in names and f"{target}/index.html" not in names:
                broken.append(f"{member}: {link}")
    return broken


def regions_of(root: Path) -> dict[str, list[str]]:
    regions = {}
    for found in sorted((root / "toolkits" / "regions").glob("*/region.yml")):
        data = yaml.safe_load(found.read_text(encoding="utf-8"))
        regions[data["id"]] = list(data["languages"])
    return regions


#: The zips whose every link is followed (the others hold the same kinds of pages).
WALKED = {"nordics-da", "vietnam-vi"}


def test_each_zip_holds_its_whole_region_and_every_link_resolves_inside_it(built_sample: Path):
    downloads = built_sample / "site" / "downloads"
    checked = 0
    for region, languages in regions_of(built_sample).items():
        built = [
            lang for lang in languages if (built_sample / "site" / region / lang / "index.html").is_file()
        ]
        for language in built:
            top = f"{region}-{language}"
            with zipfile.ZipFile(downloads / f"{top}.zip") as archive:
                names = set(archive.namelist())
                assert {n.split("/")[0] for n in names} == {top}
                for sibling in built:  # the switcher's targets are all there
                    assert f"{top}/{sibling}/index.html" in names, (top, sibling)
                    assert f"{top}/{sibling}/404.html" not in names  # a web server's page
                opening = archive.read(f"{top}/index.html").decode("utf-8")
                assert f'<html lang="{language}"' in opening
                assert f'content="0; url={language}/index.html"' in opening
                home = archive.read(f"{top}/{language}/index.html")
                assert b"glocal-download" not in home  # the zip's own link: gone offline
                if top in WALKED:
                    assert unresolved(archive) == [], top
                assert archive.comment.startswith(f"{FORMAT} {language} ".encode())
                checked += 1
    assert checked >= 8
    # the published site keeps its download link
    assert b"glocal-download" in (built_sample / "site" / "nordics" / "da" / "index.html").read_bytes()


def test_a_zip_whose_region_did_not_change_is_kept_and_a_dead_link_is_caught(tmp_path: Path):
    site = tmp_path / "site"
    for lang, other in (("en", "da"), ("da", "en")):
        (site / "r" / lang).mkdir(parents=True)
        (site / "r" / lang / "index.html").write_text(
            f'<a href="../{other}/index.html">x</a><p class="glocal-download">'
            f'<a href="../../downloads/r-{lang}.zip" download>zip</a></p><a href="page.html#top">p</a>',
            encoding="utf-8",
        )
        (site / "r" / lang / "page.html").write_text('<a href="index.html">home</a>', encoding="utf-8")
    languages = [Language("en", "English", "ltr"), Language("da", "dansk", "ltr")]
    assert write_region(site, "r", languages, None, epoch()) == ["r-en.zip", "r-da.zip"]
    first = {name: (site / "downloads" / name).stat().st_mtime_ns for name in ("r-en.zip", "r-da.zip")}
    assert write_region(site, "r", languages, None, epoch()) == []  # nothing changed: nothing written
    assert {name: (site / "downloads" / name).stat().st_mtime_ns for name in first} == first
    for name in first:
        with zipfile.ZipFile(site / "downloads" / name) as archive:
            assert unresolved(archive) == []
    # one language's page changes: both zips hold it, both are written again
    (site / "r" / "da" / "page.html").write_text('<a href="gone.html">x</a>', encoding="utf-8")
    assert write_region(site, "r", languages, None, epoch()) == ["r-en.zip", "r-da.zip"]
    with zipfile.ZipFile(site / "downloads" / "r-en.zip") as archive:
        assert unresolved(archive) == ["r-en/da/page.html: gone.html"]  # the walk does catch a dead link
    # a language whose site is gone loses its zip, and leaves its siblings' zips
    (site / "r" / "da" / "index.html").unlink()
    write_region(site, "r", languages, None, epoch())
    assert not (site / "downloads" / "r-da.zip").exists()
    with zipfile.ZipFile(site / "downloads" / "r-en.zip") as archive:
        assert not any(name.startswith("r-en/da/") for name in archive.namelist())


def test_zips_are_deflated_by_zlib_ng_and_read_by_any_zip_reader(tmp_path: Path):
    """The members are deflated by zlib-ng (a dependency: twice as fast as zlib at level 6), in
    zlib's own format: Python's zipfile, which inflates with zlib, reads every byte back, and the
    same files give the same zip."""
    import zlib

    from zlib_ng import zlib_ng

    from glocal import fsutil

    assert fsutil._DEFLATE is zlib_ng
    files = {
        "index.html": b"<p>" + "Tillid på tværs af regioner. ".encode() * 4000 + b"</p>",
        "assets/app.js": bytes(range(256)) * 64,
        "empty.txt": b"",
    }
    data = fsutil.build_zip(files, 1700000000, level=6)
    assert data == fsutil.build_zip(dict(reversed(list(files.items()))), 1700000000, level=6)
    path = tmp_path / "site.zip"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == files
        info = archive.getinfo("index.html")
    assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < len(files["index.html"]) / 20
    assert zlib.crc32(files["index.html"]) == info.CRC
