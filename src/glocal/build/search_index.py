"""The search index of a live preview's dirty rebuilds: whole, as a full build writes it.

MkDocs renders again only the pages whose source changed, and MkDocs Material's search plugin
then writes an index of those pages alone, or merges it with the one it kept from its last run
(its instance persists between rebuilds) by removing the entries of one page only: after a label
edit the preview's search knew 99 of the site's 154 sections, after a theme edit 253 (every
module page twice). Glocal reads the index on disk before a dirty build and puts back the entries
of every page this build did not render, and never lets the plugin merge by itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from glocal.fsutil import write_text_atomic


def search_plugin(config: Any) -> Any:
    """The site's search plugin (MkDocs Material's), or None."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def forget(config: Any) -> None:
    """Drop what the search plugin kept from its previous run (`search_index_prev`)."""
    search = search_plugin(config)
    if search is not None and hasattr(search, "search_index_prev"):
        search.search_index_prev = None


def previous(config: Any, dirty: bool) -> list | None:
    """The entries of the index a dirty build is about to replace (None for a full build, or
    when there is none to read)."""
    if not dirty:
        return None
    path = Path(config.site_dir) / "search" / "search_index.json"
    try:
        docs = json.loads(path.read_text(encoding="utf-8")).get("docs")
    except (OSError, ValueError, AttributeError):
        return None
    return docs if isinstance(docs, list) else None


def _page(entry: object) -> str:
    return str(entry.get("location", "")).partition("#")[0] if isinstance(entry, dict) else ""


def merge(path: Path, previous_docs: list) -> None:
    """The index at `path` (a dirty build's: the pages it rendered) with the previous entries of
    every other page put back, in the previous index's order of pages."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    fresh = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(fresh, list):
        return
    rendered: dict[str, list] = {}
    for entry in fresh:
        rendered.setdefault(_page(entry), []).append(entry)
    docs: list = []
    replaced: set[str] = set()
    for entry in previous_docs:
        page = _page(entry)
        if page in replaced:
            continue  # an old entry of a page rendered again
        if page in rendered:
            docs += rendered.pop(page)  # the page's new entries, where its old ones were
            replaced.add(page)
            continue
        docs.append(entry)
    for entries in rendered.values():  # a page new since the last build
        docs += entries
    data["docs"] = docs
    write_text_atomic(path, json.dumps(data, separators=(",", ":"), default=str))
