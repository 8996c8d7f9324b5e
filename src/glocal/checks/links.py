"""Internal links and images must point at files that exist (overlays link as if in the module)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import escaping_link, exists
from glocal.load import CURRICULUM_DIR, MODULES_DIR
from glocal.markdown import blocks
from glocal.model import Project

EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def _targets(project: Project):
    """(path, body, first line, the folder its links are relative to, a hint saying so) of each
    linking text."""
    in_modules = f"paths are relative to {MODULES_DIR}/, e.g. other-module.md or ../assets/file.svg"
    for module in list(project.modules.values()) + list(project.drafts.values()):
        yield module.path, module.body, module.body_line, MODULES_DIR, in_modules
    for overlay in project.overlays.values():
        yield overlay.path, overlay.body, overlay.body_line, MODULES_DIR, in_modules
    for page in project.pages.values():
        folder = posixpath.dirname(page.path)
        hint = f"paths are relative to {folder}/, e.g. ../modules/a-module.md or ../assets/file.svg"
        yield page.path, page.body, page.body_line, folder, hint
    # a Train-the-Trainer guide is at ttt/ on a site, beside modules/ and assets/
    hint = "a guide is at ttt/ on the site: its paths are relative to that, e.g. ../modules/a-module.md"
    for guide in project.guides.values():
        yield guide.path, guide.body, guide.body_line, f"{CURRICULUM_DIR}/ttt", hint


def _train_the_trainer_page(project: Project, resolved: str) -> bool:
    """Whether `resolved` is a Train-the-Trainer page, which a site has at ttt/ and the project
    has elsewhere: a guide (`ttt/<module>.md`) or the certification overview (`ttt/index.md`)."""
    folder, name = posixpath.split(resolved)
    if folder != f"{CURRICULUM_DIR}/ttt" or not name.endswith(".md"):
        return False
    stem = name[:-3]
    return stem in project.guides or (stem == "index" and project.certification is not None)


def _published(project: Project, resolved: str) -> bool:
    """Whether the sites publish the project file `resolved` (a file that exists): what is under
    curriculum/assets/, the files beside the modules, and program.yml's pages."""
    if resolved.startswith(f"{CURRICULUM_DIR}/assets/"):
        return True
    if resolved.startswith(MODULES_DIR + "/"):
        return not any(part.startswith(".") for part in resolved[len(MODULES_DIR) + 1 :].split("/"))
    return resolved.startswith(CURRICULUM_DIR + "/") and resolved[len(CURRICULUM_DIR) + 1 :] in project.pages


def check(project: Project) -> Iterator[Diagnostic]:
    root = project.root
    for path, body, offset, base, hint in _targets(project):
        for link in blocks.parse(body).links:
            target = link.target.strip()
            if not target or EXTERNAL.match(target) or "{{" in target:
                continue
            relative = unquote(urlsplit(target).path)
            if not relative:
                continue
            resolved = posixpath.normpath(posixpath.join(base, relative))
            span = Span(path, link.line + offset, link.col)
            code, what = ("GL114", "image") if link.kind == "image" else ("GL113", "link")
            if link.kind == "link" and _train_the_trainer_page(project, resolved):
                continue
            if resolved.startswith("../") or not exists(root / resolved):
                yield Diagnostic(
                    code,
                    f"{what} target '{target}' does not exist (looked for {resolved})",
                    span,
                    hint=hint,
                )
            elif escaping_link(root, resolved) is not None:
                yield Diagnostic(
                    code,
                    f"{what} target '{target}' leads out of the project through a symbolic link, "
                    "so it is not published",
                    span,
                    hint="put the file itself inside the project",
                )
            elif link.kind == "link" and resolved.startswith(MODULES_DIR + "/") and resolved.endswith(".md"):
                stem = posixpath.basename(resolved)[:-3]
                if stem not in project.modules:
                    yield Diagnostic(
                        "GL113",
                        f"link target '{target}' is a module that program.yml does not list, "
                        "so it is not on the site",
                        span,
                        hint=f"add '{stem}' to modules: in program.yml, or remove the link",
                    )
            elif not _published(project, resolved):
                where = (
                    "list it under pages: in program.yml"
                    if resolved.endswith(".md")
                    else "put it in curriculum/assets/"
                )
                yield Diagnostic(
                    code,
                    f"{what} target '{target}' is {resolved}, which the sites do not publish",
                    span,
                    hint="sites publish curriculum/assets/, the files beside the modules and the pages "
                    f"program.yml lists: {where}",
                )
