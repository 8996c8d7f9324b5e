"""program.yml's `pages:` → `LessonPage`s: further Markdown pages under curriculum/ (a lesson's
setup, glossary, instructor notes), each read as safely as a module and with an optional front
matter holding only its `title:`."""

from __future__ import annotations

import os
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import exists
from glocal.load import schemas
from glocal.load.files import read_text, split_front_matter
from glocal.load.modules import CODES  # a page's front matter is reported as a module's
from glocal.load.records import ignored_keys, parse_record
from glocal.load.validation import Field, Record, Str, did_you_mean
from glocal.markdown import blocks
from glocal.model import LessonPage, PageRef, Program

CURRICULUM_DIR = "curriculum"
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
        # other keys (a Carpentries page's `calendar:`, its lesson's own) are ignored, with a note
        diagnostics = ignored_keys(diagnostics, CODES.unknown, "a page has no other key")
        title = loaded.data.get("title") or ""
    titled = bool(title)
    if not title:
        heading = blocks.first_heading(blocks.parse(front.body))
        named = Path(ref.path).stem.replace("-", " ").replace("_", " ").capitalize()
        title = (heading[0] if heading else "")[: schemas.TITLE] or named
    page = LessonPage(ref.path, path, " ".join(title.split()), front.body, front.body_line, titled)
    return page, diagnostics


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
