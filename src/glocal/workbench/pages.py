"""A lesson's learner, instructor and profile pages, and its home page, as further pages."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it.token import Token

from glocal.compose.links import NOT_RELATIVE, split_target
from glocal.load import CURRICULUM_DIR, schemas
from glocal.load.files import split_front_matter
from glocal.markdown.blocks import parse
from glocal.workbench.built import Built, file_inside, markdown_file
from glocal.workbench.episodes import (
    EPISODES,
    OVERVIEW,
    TOP_PAGES,
    as_module,
    flattened,
    links_moved,
    site_page,
)

#: The folders of a lesson's further pages, in the order they are listed (config.yaml's keys).
PAGE_FOLDERS = ("learners", "instructors", "profiles")
#: The learner page sandpaper always publishes (its home page shows it), listed or not
SETUP = "setup"
#: A first paragraph longer than this is no one-line summary: the programme gets no description
#: (the overview page has the whole text)
MAX_DESCRIPTION = 400


def find_pages(
    lesson: Path, config: dict, modules: dict[str, str], built: Built | None
) -> tuple[dict[str, bytes], list[str], list[str]]:
    """The lesson's learner, instructor and profile pages (config.yaml's `learners:`,
    `instructors:`, `profiles:`, or every page of the folder in alphabetical order when the list
    is empty, as sandpaper does) under curriculum/<folder>/, and the files they show. A page in R
    Markdown is read as sandpaper rendered it (`learners/setup.Rmd` becomes `learners/setup.md`).

    Sandpaper publishes a lesson flat: a page's `fig/x.svg` or `data/x.zip` is the episodes'
    file, its `01-intro.md` the episode. Their links are rewritten to where those are in the
    programme (`../modules/fig/x.svg`); a file of the page's own folder (`learners/fig/x.png`)
    is copied to curriculum/assets/. Pages missing, in R Markdown not rendered, not UTF-8, or
    whose names cannot be a page's are left out, and named (the second value).

    As sandpaper does, `learners/setup.md` is a page even when `learners:` does not list it (the
    last learner page), and the lesson's `LICENSE.md` and `CODE_OF_CONDUCT.md` are pages
    (`TOP_PAGES`, last): the third value names those config.yaml does not list, with where each
    went."""
    found: dict[str, str] = {}  # the page's path in the programme -> its text
    left_out: list[str] = []
    added: list[str] = []
    for folder in PAGE_FOLDERS:
        listed = config.get(folder)
        place = lesson / folder
        if place.is_symlink():
            continue
        if place.is_dir():
            present = sorted(p.name for p in place.glob("*") if p.suffix in (".md", ".Rmd"))
        else:
            present = [n for n in built.listed(folder) if Path(n).suffix in (".md", ".Rmd")] if built else []
        names = [str(name) for name in listed] if isinstance(listed, list) and listed else present
        setup = [name for name in present if Path(name).stem == SETUP]
        unlisted = folder == "learners" and bool(setup) and SETUP not in {Path(name).stem for name in names}
        if unlisted:
            names.append(setup[0])  # sandpaper's provide_setup(): its home page shows it
        for name in dict.fromkeys(names):
            page = f"{folder}/{posixpath.splitext(name)[0]}.md"
            try:
                path = _current(lesson, f"{folder}/{name}", built)
                if path is None or not schemas.PAGE_PATTERN.match(page) or page in found:
                    raise OSError(name)
                found[page] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                left_out.append(f"{folder}/{name}")
        if unlisted and f"{folder}/{SETUP}.md" in found:
            added.append(f"{folder}/{SETUP}.md (the last learner page)")
    index = _current(lesson, "index.md", built)
    if index is not None and OVERVIEW not in found:
        try:
            front, _ = split_front_matter(index.read_text(encoding="utf-8"))
            # sandpaper's front matter (`site: sandpaper::sandpaper_site`) gives way to a title
            found = {OVERVIEW: f"---\ntitle: Overview\n---\n{front.body}", **found}
        except (OSError, UnicodeDecodeError):
            left_out.append("index.md")
    for name, page in TOP_PAGES.items():
        path = _current(lesson, name, built)
        if path is None or page in found:
            continue
        try:
            found[page] = path.read_text(encoding="utf-8")
            added.append(f"{name} as {page}")
        except (OSError, UnicodeDecodeError):
            left_out.append(name)
    files: dict[str, bytes] = {}
    source = _Files(lesson, built)
    for page, text in found.items():
        copied: dict[str, Path] = {}
        rebased = _rebase_page(source, page, text, list(found), modules, copied)
        files[f"{CURRICULUM_DIR}/{page}"] = rebased.encode("utf-8")
        for relative, where in copied.items():
            files[f"{CURRICULUM_DIR}/assets/{relative}"] = where.read_bytes()
    return files, left_out, added


def _current(lesson: Path, relative: str, built: Built | None) -> Path | None:
    """Where a page's Markdown is (`markdown_file`), unless it is a rendering older than its source."""
    path = markdown_file(lesson, relative, built)
    if (
        path is not None
        and built is not None
        and path.is_relative_to(built.root)
        and built.stale(lesson, relative)
    ):
        return None
    return path


class _Files:
    """The lesson's files by the path its sources give them (`episodes/fig/x.png`): the file
    there, else the one sandpaper copied into its rendering; never one reached through a link."""

    def __init__(self, lesson: Path, built: Built | None) -> None:
        self.lesson, self.built = lesson, built

    def __call__(self, relative: str) -> Path | None:
        found = file_inside(self.lesson, relative)
        if found is None and self.built is not None:
            return self.built.file(relative)
        return found


def _rebase_page(
    inside: _Files, page: str, text: str, pages: list[str], modules: dict[str, str], copied: dict[str, Path]
) -> str:
    """`text` with each relative link moved from sandpaper's flat site to the programme. `pages`:
    the programme's pages, curriculum/-relative, in order."""
    folder = posixpath.dirname(page)

    def relocate(target: str) -> str | None:
        if NOT_RELATIVE.match(target):
            return None
        written, rest = split_target(target)
        written = unquote(written)
        if not written:
            return None
        own = posixpath.normpath(posixpath.join(folder, written))
        if own in pages:
            return None  # another page: where it is in the programme too
        flat = posixpath.normpath(written)
        module = as_module(own, modules) or as_module(flat, modules)  # an episode's source or built page
        if module is not None:
            return posixpath.relpath(f"modules/{module}", folder) + rest
        if own.startswith(f"{EPISODES}/") and inside(own):
            return posixpath.relpath(f"modules/{own[len(EPISODES) + 1 :]}", folder) + rest
        if not own.endswith(".md") and (source := inside(own)) is not None:
            copied[own] = source
            return posixpath.relpath(f"assets/{own}", folder) + rest
        if flat.startswith(f"{EPISODES}/") and inside(flat):  # written from the lesson's top folder
            return posixpath.relpath(f"modules/{flat[len(EPISODES) + 1 :]}", folder) + rest
        if flat in pages and flat != page:
            return posixpath.relpath(flat, folder) + rest
        if not flat.startswith("../") and inside(f"{EPISODES}/{flat}"):
            return posixpath.relpath(f"modules/{flat}", folder) + rest
        # a page's built page (`reference.html`), `../index.md`, `LICENSE.md`, an episode's `02-numpy`
        found = site_page(flattened(written), pages, modules)
        return None if found is None else posixpath.relpath(found, folder) + rest

    moved = links_moved(text, relocate)
    return text if moved is None else moved


def description(overview: bytes) -> str:
    """The lesson's summary for the home page: the first paragraph of its index.md with text of
    its own (`*an introduction to R for non-programmers*`; a paragraph that only shows an image,
    a heading or an HTML comment before it is passed over), joined into one line, when it is short;
    "" when it is long, or when something else (a box, a list) comes first."""
    body = split_front_matter(overview.decode("utf-8"))[0].body
    tokens = parse(body).tokens
    for at, token in enumerate(tokens):
        if token.type == "paragraph_open" and at + 1 < len(tokens):
            if not _has_text(tokens[at + 1]):
                continue
            summary = " ".join(tokens[at + 1].content.split())
            return summary if len(summary) <= MAX_DESCRIPTION else ""
        if token.level == 0 and token.type not in PASSED_OVER:
            return ""
    return ""


#: What may come before the overview's first paragraph of text (the heading's text is inline, level 1)
PASSED_OVER = ("paragraph_close", "heading_open", "heading_close", "html_block")
#: An image's Pandoc attributes (`{alt='A hex sticker' style='padding: 2%'}`), over lines or not
_IMAGE = re.compile(r"\0\s*(\{[^{}]*\})?")


def _has_text(inline: Token) -> bool:
    """Whether a paragraph says something: not only images (`![...](fig/x.png){alt=...}`, `<img>`),
    linked or not."""
    parts = []
    for child in inline.children or []:
        if child.type == "image" or (child.type == "html_inline" and child.content[:4].lower() == "<img"):
            parts.append("\0")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        else:
            parts.append(child.content)  # a link's or emphasis' markers have none
    return bool(_IMAGE.sub("", "".join(parts)).strip())
