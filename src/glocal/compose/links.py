"""Link targets as a page of the site sees them: which are paths relative to the page, and how
a module's links are rewritten for a page shown from another folder (a handout, the notes page)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

#: A target that is not a path relative to the page: a URL, an in-page anchor, a site-absolute path.
NOT_RELATIVE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")


def split_target(target: str) -> tuple[str, str]:
    """A link target's path, and what follows it (`#anchor`, `?query`, or '')."""
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    return target[:cut], target[cut:]


def relocator(folder: str, pages: bool = True) -> Callable[[str], str | None]:
    """Rewrites a link target written in a module (relative to `modules/`) for a page in `folder`
    of the site ("" for its top). With `pages` false, `.md` targets stay as written: a handout's
    link to another module goes to that module's handout."""

    def relocate(target: str) -> str | None:
        if NOT_RELATIVE.match(target) or "{{" in target:
            return None
        path, rest = split_target(target)
        if not path or (not pages and path.endswith(".md")):
            return None
        on_site = posixpath.normpath(posixpath.join("modules", path))
        if on_site.startswith("../") or on_site == "..":
            return None  # outside the site: `check` reports it (GL113/GL114)
        return posixpath.relpath(on_site, folder or ".") + rest

    return relocate
