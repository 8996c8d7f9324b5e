"""The offline downloads: `downloads/<region>-<language>.zip`, one per site, each holding every
built language of its region so the language switcher works offline.

The zip of `nordics/da` unpacks into `nordics-da/`: an `index.html` that opens the Danish site,
and `da/`, `en/`, `nb/` side by side as they sit in `site/nordics/`, so the switcher's
`../<language>/<page>` links land on the same page in the other language from `file://`. What
would point outside the zip is left out or made plain: the home page's download link (the
facilitator already has the zip), the theme's credit link to its website, and `404.html` (a web
server's page, absolute links, of no use offline).

A zip carries in its comment a digest of everything it holds: a zip whose region did not change
is kept as it is (same file, same bytes), and one copy of the same bytes comes out whatever the
number of workers.
"""

from __future__ import annotations

import hashlib
import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from glocal import l10n
from glocal.fsutil import link_or_copy, write_zip
from glocal.model import Project

LEVEL = 6  # measured: about 3x faster than 9 for under 1% larger downloads (bench/build_speed.py)
FORMAT = "glocal-offline-1"  # in every zip's comment; change it when what a zip holds changes

#: The home page's download link (compose.home) and Material's credit link: gone offline.
_DOWNLOAD_LINK = re.compile(rb'<p class="glocal-download">.*?</p>\n?', re.DOTALL)
_CREDIT_LINK = re.compile(
    rb'<a href="https://squidfunk\.github\.io/mkdocs-material/"[^>]*>\s*(Material for MkDocs)\s*</a>'
)
_LEFT_OUT = {"404.html"}


@dataclass(frozen=True)
class Language:
    """One language of a region, as the zip's opening page lists it."""

    code: str
    name: str  # in its own language
    direction: str  # ltr, rtl or auto


def region_languages(project: Project, region: str) -> list[Language]:
    """A region's languages, as its offline zips' opening pages list them."""
    found = project.regions[region]
    return [
        Language(language, l10n.language_name(language, found.locale_for(language)), l10n.direction(language))
        for language in found.languages
    ]


def zip_name(key: str) -> str:
    """`nordics/da` → `nordics-da.zip`."""
    return f"{key.replace('/', '-')}.zip"


def offline_copy(relative: str, data: bytes) -> bytes | None:
    """A site file as the zip holds it (None: left out)."""
    if relative in _LEFT_OUT:
        return None
    if relative.endswith(".html"):
        data = _DOWNLOAD_LINK.sub(b"", data)
        data = _CREDIT_LINK.sub(rb"\1", data)
    return data


def opening_page(language: Language, languages: list[Language]) -> bytes:
    """The zip's top `index.html`: straight on to its own language's site, with every language
    linked for a browser that does not follow the refresh."""
    links = "".join(
        f'<li><a href="{html.escape(other.code)}/index.html" hreflang="{html.escape(other.code)}" '
        f'lang="{html.escape(other.code)}" dir="{other.direction}">{html.escape(other.name)}</a></li>'
        for other in languages
    )
    code = html.escape(language.code)
    return (
        f'<!doctype html>\n<html lang="{code}" dir="{language.direction}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={code}/index.html">\n'
        f"<title>{html.escape(language.name)}</title>\n</head>\n<body>\n<ul>{links}</ul>\n</body>\n</html>\n"
    ).encode()


def region_contents(site_root: Path, region: str, languages: list[str]) -> dict[str, bytes]:
    """`<language>/<path>` → bytes for every file the region's zips hold."""
    files: dict[str, bytes] = {}
    for language in languages:
        folder = site_root / region / language
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(folder).as_posix()
            data = offline_copy(relative, path.read_bytes())
            if data is not None:
                files[f"{language}/{relative}"] = data
    return files


def comment_of(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment
    except (OSError, zipfile.BadZipFile):
        return None


def write_region(
    site_root: Path, region: str, languages: list[Language], previous: Path | None, when: int
) -> list[str]:
    """Every zip of `region` in `site_root/downloads/`, one per language whose site is built there
    (the others' zips removed). A zip whose comment says it already holds exactly this is kept,
    or linked from `previous` (an earlier output's downloads folder). Returns the zips written."""
    downloads = site_root / "downloads"
    built = [lang for lang in languages if (site_root / region / lang.code / "index.html").is_file()]
    for lang in languages:
        if lang not in built:
            (downloads / zip_name(f"{region}/{lang.code}")).unlink(missing_ok=True)
    if not built:
        return []
    contents = region_contents(site_root, region, [lang.code for lang in built])
    digest = hashlib.sha256(FORMAT.encode())
    for name in sorted(contents):
        digest.update(name.encode() + b"\0" + hashlib.sha256(contents[name]).digest())
    for lang in built:  # the opening pages' names and directions
        digest.update(f"{lang.code}\0{lang.name}\0{lang.direction}\0".encode())
    written = []
    downloads.mkdir(parents=True, exist_ok=True)
    for lang in built:
        name = zip_name(f"{region}/{lang.code}")
        comment = f"{FORMAT} {lang.code} {digest.hexdigest()}".encode()
        target = downloads / name
        if comment_of(target) == comment:
            continue
        target.unlink(missing_ok=True)  # maybe a hard link to the previous zip: never write through it
        if previous is not None and comment_of(previous / name) == comment:
            link_or_copy(str(previous / name), str(target))
            continue
        top = f"{region}-{lang.code}"
        files = {f"{top}/{relative}": data for relative, data in contents.items()}
        files[f"{top}/index.html"] = opening_page(lang, built)
        write_zip(target, files, when, LEVEL, comment)
        written.append(name)
    return written
