"""program.yml's `pages:` → `LessonPage`s: further Markdown pages under curriculum/ (a lesson's
setup, glossary, instructor notes), each read as safely as a module and with an optional front
matter holding only its `title:`."""

from __future__ import annotations

import os
import re
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import exists
from glocal.load import schemas
from glocal.load.files import read_text, split_front_matter
from glocal.load.records import Codes, ignored_key, parse_record
from glocal.load.validation import Field, Record, Str, did_you_mean
from glocal.markdown import blocks
from glocal.model import LessonPage, PageRef, Program

CURRICULUM_DIR = "curriculum"
CODES = Codes("front matter", syntax="GL101", unknown="GL102", wrong="GL103", missing="GL105")
#: A page's front matter (a Carpentries Workbench page has `title:` only).
PAGE = Record({"title": Field(Str(max_length=schemas.TITLE), "the page's title in the navigation")})


def load_pages(root: Path, program: Program | None) -> tuple[dict[str, LessonPage], list[Diagnostic]]:
    """The listed pages in program order, by site path; a missing or unreadable one is reported."""
    pages: dict[str, LessonPage] = {}
    diagnostics: list[Diagnostic] = []
    for ref in program.pages if program else ():
        page, found = _load(root, ref)
        diagnostics += found
        if page is not None:
            pages[page.site_path] = page
    return pages, diagnostics


def _load(root: Path, ref: PageRef) -> tuple[LessonPage | None, list[Diagnostic]]:
    path = f"{CURRICULUM_DIR}/{ref.path}"
    if not exists(root / path):
        return None, [
            Diagnostic(
                "GL020",
                f"page '{ref.path}' is listed but {path} does not exist",
                ref.span,
                hint=did_you_mean(ref.path, _markdown_files(root))
                or "paths in pages: are relative to curriculum/",
            )
        ]
    text, diagnostics = read_text(root, path, "GL010")
    if text is None:
        return None, diagnostics
    front, problem = split_front_matter(text)
    if problem:
        return None, [Diagnostic("GL105", problem, Span(path, 0, 0))]
    title = ""
    if front.yaml is not None:
        loaded, diagnostics = parse_record(front.yaml, path, PAGE, CODES, line_offset=front.yaml_line)
        if loaded is None:
            return None, diagnostics
        # other keys (a Carpentries page's `calendar:`, its lesson's own) are ignored, with a warning
        diagnostics = [
            ignored_key(d, "a page has no other key") if d.code == CODES.unknown else d for d in diagnostics
        ]
        title = loaded.data.get("title") or ""
    if not title:
        heading = _first_heading(front.body)
        title = heading or Path(ref.path).stem.replace("-", " ").replace("_", " ").capitalize()
    return LessonPage(ref.path, path, " ".join(title.split()), front.body, front.body_line), diagnostics


def _markdown_files(root: Path) -> list[str]:
    """The Markdown files under curriculum/ a page could be (for a did-you-mean), at most 1,000;
    linked folders are not followed."""
    found: list[str] = []
    for folder, names, files in os.walk(root / CURRICULUM_DIR):
        relative = Path(folder).relative_to(root / CURRICULUM_DIR).as_posix()
        if relative == ".":
            names[:] = [name for name in names if name not in ("modules", "assets")]
            continue
        found += [f"{relative}/{name}" for name in files if name.endswith(".md")]
        if len(found) >= 1000:
            break
    return found


def _first_heading(body: str) -> str:
    """The text of the body's first level-1 heading (outside code), without inline markup."""
    parsed = blocks.parse(body)
    for index, token in enumerate(parsed.tokens):
        if token.type == "inline" and index and parsed.tokens[index - 1].tag == "h1":
            plain = blocks.ATTR_LIST.sub("", re.sub(r"<[^>]+>", "", token.content))
            return re.sub(r"[*_`]", "", plain).strip()[: schemas.TITLE]
    return ""
