"""Internal links and images must point at files that exist (overlays link as if in the module)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import escaping_link, exists
from glocal.load import MODULES_DIR
from glocal.markdown import blocks
from glocal.model import Project

EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def _targets(project: Project):
    for module in list(project.modules.values()) + list(project.drafts.values()):
        yield module.path, module.body, module.body_line
    for overlay in project.overlays.values():
        yield overlay.path, overlay.body, overlay.body_line


def check(project: Project) -> Iterator[Diagnostic]:
    root = project.root
    for path, body, offset in _targets(project):
        for link in blocks.parse(body).links:
            target = link.target.strip()
            if not target or EXTERNAL.match(target) or "{{" in target:
                continue
            relative = unquote(urlsplit(target).path)
            if not relative:
                continue
            resolved = posixpath.normpath(posixpath.join(MODULES_DIR, relative))
            span = Span(path, link.line + offset, link.col)
            if resolved.startswith("../") or not exists(root / resolved):
                code, what = ("GL114", "image") if link.kind == "image" else ("GL113", "link")
                yield Diagnostic(
                    code,
                    f"{what} target '{target}' does not exist (looked for {resolved})",
                    span,
                    hint="paths are relative to curriculum/modules/, "
                    "e.g. other-module.md or ../assets/file.svg",
                )
            elif escaping_link(root, resolved) is not None:
                code, what = ("GL114", "image") if link.kind == "image" else ("GL113", "link")
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
