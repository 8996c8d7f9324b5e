"""The live preview: one site loaded, checked, composed and built into a temporary folder, then
served by MkDocs' live-reload server and built again (dirty) after every source change."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from glocal.diagnostics import Report
from glocal.load.remembered import Remembered


@dataclass
class Preview:
    """One site built for `glocal serve`: what was found, and whether the page could be built."""

    report: Report
    ok: bool


def preview(root: Path, key: str, out: Path, remembered: Remembered | None = None) -> Preview:
    """Load, check and compose only what one site needs, then build it into `out` (for live preview).

    Later previews into the same `out` are dirty builds: MkDocs renders again only the pages whose
    staged source changed; with the same `remembered`, only changed files are loaded again.
    """
    from glocal import checks
    from glocal.build import config, sites
    from glocal.compose.pages import PageMemo
    from glocal.i18n.translations import Translations
    from glocal.load import load_project
    from glocal.pipeline.checking import compose, unknown_site

    root = Path(root).resolve()
    project, loaded = load_project(root, remembered)
    report = Report()
    report.extend(loaded)
    if project.program is None:
        return Preview(report, False)
    sites_by_key = {site.key: site for site in project.sites()}
    if key not in sites_by_key:
        report.add(unknown_site(key, list(sites_by_key)))
        return Preview(report, False)
    report.extend(checks.run_checks(project))
    translations = Translations(project.root, remembered)
    memo = remembered.kept(("pages", key), PageMemo) if remembered is not None else None
    composed = compose(project, sites_by_key[key], translations, memo)
    report.extend(composed.diagnostics)
    report.extend(translations.diagnostics)
    root_config, found = config.load_root_config(project)
    report.extend(found)
    status = "draft" if composed.translated < project.program.min_translated else "publish"
    dirty = (Path(out) / "index.html").is_file()
    built = sites.build_site(
        project, composed, status, root_config, root / ".glocal" / "serve" / key, Path(out), dirty
    )
    report.extend(built.diagnostics)
    return Preview(report, built.ok)


def serve(
    root: Path,
    key: str,
    host: str,
    port: int,
    started: Callable[[Preview], None],
    rebuilt: Callable[[Preview], None],
    provenance: bool = False,
) -> Preview:
    """Build one site into a temporary folder and serve it, rebuilding on every source change.

    `started` sees the first build before serving begins, `rebuilt` every later one. Returns the
    first preview at once when there is nothing to serve (no program, unknown site). With
    `provenance`, each page's blocks show where they come from when hovered (`glocal explain`).
    """
    root = Path(root).resolve()
    out = Path(tempfile.mkdtemp(prefix="glocal-serve-"))
    try:
        with _stopped_by_signals():
            return _serve(root, key, out, host, port, started, rebuilt, provenance)
    finally:  # the preview's site is a copy made for this run: gone when the run is over
        shutil.rmtree(out, ignore_errors=True)


def _serve(
    root: Path,
    key: str,
    out: Path,
    host: str,
    port: int,
    started: Callable[[Preview], None],
    rebuilt: Callable[[Preview], None],
    provenance: bool,
) -> Preview:
    from glocal.build import serving

    remembered = Remembered()
    first = preview(root, key, out, remembered)
    if any(d.code in ("GL001", "GL404") for d in first.report.diagnostics):
        return first
    _show_errors(out, first)
    if provenance:
        _show_provenance(root, key, out)
    started(first)

    def rebuild() -> None:
        index = out / "index.html"
        if index.is_file() and BARE_PAGE in index.read_text(encoding="utf-8", errors="replace"):
            index.unlink()  # no site yet: this one is built whole, not as a dirty rebuild
        result = preview(root, key, out, remembered)
        _show_errors(out, result)
        if provenance:
            _show_provenance(root, key, out)
        rebuilt(result)

    watched = [root / "curriculum", root / "toolkits", root / "locales", root / "mkdocs.yml"]
    serving.serve(rebuild, out, watched, host, port, provenance)
    return first


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a process manager stopping the preview, its terminal closed) stop it as
    Ctrl+C does, so it ends the same way: server shut down, temporary site removed. (Python's
    default for them is to end the process at once.) Only the main thread can set handlers.

    A signal the preview was started with ignored stays ignored, as Python leaves an ignored
    SIGINT: `nohup glocal serve ...` keeps serving when its terminal closes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    names = [
        name
        for name in ("SIGTERM", "SIGHUP")
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) is not signal.SIG_IGN
    ]
    before = {name: signal.signal(getattr(signal, name), interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)


BARE_PAGE = "<!-- glocal serve: no site yet -->"


def _show_provenance(root: Path, key: str, out: Path) -> None:
    """Each page's blocks and where they come from, for `serve --provenance` to show on hover."""
    from glocal.build import serving
    from glocal.fsutil import write_text_atomic
    from glocal.pipeline.explaining import provenance_map

    data = provenance_map(root, key)
    write_text_atomic(out / serving.PREVIEW_PROVENANCE, json.dumps(data, ensure_ascii=False))


def _show_errors(out: Path, result: Preview) -> None:
    """The preview's errors, for the overlay every served page shows (cleared when fixed); a site
    that never built gets a bare page to show them on."""
    from glocal.build import serving
    from glocal.diagnostics import Severity
    from glocal.fsutil import write_text_atomic

    errors = [d.to_json() for d in result.report.sorted() if d.level is Severity.ERROR]
    data = {"ok": result.ok, "errors": errors, "warnings": result.report.warnings}
    write_text_atomic(out / serving.PREVIEW_ERRORS, json.dumps(data, ensure_ascii=False))
    if not (out / "index.html").exists():
        page = f'<!doctype html><html lang="en"><head><meta charset="utf-8">{BARE_PAGE}'
        page += "<title>glocal serve</title></head><body><h1>This site could not be built yet</h1>"
        page += "</body></html>"
        write_text_atomic(out / "index.html", page)
