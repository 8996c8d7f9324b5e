"""The build stage: check → build each chosen site with MkDocs → zip it → portal → swap in.

Functions here return data (what was built, what was kept); only `cli` prints.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from glocal import checks
from glocal.build import portal, sites
from glocal.diagnostics import Report
from glocal.fsutil import epoch, link_or_copy, swap_in, zip_folder
from glocal.i18n.translations import Translations
from glocal.load import load_project
from glocal.pipeline.checking import (
    CheckResult,
    check,
    compose,
    select_sites,
    unknown_site,
)


@dataclass
class BuildResult:
    checked: CheckResult
    built: list[str]
    failed: list[str]  # sites that were not built this time
    out: Path
    portal: Path | None = None  # written only when at least one site was built
    kept: list[str] = field(default_factory=list)  # failed sites whose previous output is still there


def build(root: Path, names: list[str] | None = None, out: Path | None = None) -> BuildResult:
    """Check, then build the chosen sites and the portal into a fresh folder and swap it in.

    A site that is blocked or fails to build keeps its previous output; a build that fails as a
    whole leaves the previous output folder untouched.
    """
    root = Path(root).resolve()
    result = check(root)
    out = Path(out) if out else root / "site"
    if not result.usable:
        return BuildResult(result, [], [], out)
    chosen, problems = select_sites(result, names or [])
    result.report.extend(problems)
    if problems:
        return BuildResult(result, [], [], out)
    project = result.project
    root_config, found = sites.load_root_config(project)
    result.report.extend(found)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    staging.chmod(0o755)  # mkdtemp makes it private; a site folder is meant to be served
    work = root / ".glocal" / "build"
    built, failed = [], []
    summaries = {s.site: s for s in result.summaries}
    try:
        if out.is_dir():
            # Start from the previous output (hard links: cheap, and every folder rebuilt below
            # is removed from the copy first, so no previous file is ever written through).
            shutil.rmtree(staging)
            shutil.copytree(out, staging, copy_function=link_or_copy, symlinks=True)
            staging.chmod(0o755)
        for key in chosen:
            if summaries[key].status == "blocked" or found:
                failed.append(key)
                continue
            target = staging / key
            shutil.rmtree(target, ignore_errors=True)
            build_result = sites.build_site(
                project, result.composed[key], summaries[key].status, root_config, work / key, target
            )
            result.report.extend(build_result.diagnostics)
            if build_result.ok:
                built.append(key)
                zip_folder(target, staging / "downloads" / f"{key.replace('/', '-')}.zip", epoch())
            else:
                failed.append(key)
                shutil.rmtree(target, ignore_errors=True)
                if (out / key).is_dir():
                    shutil.copytree(out / key, target, copy_function=link_or_copy, symlinks=True)
        kept = [key for key in failed if (out / key).is_dir()]
        if not built:  # nothing new: the previous output stays exactly as it was
            return BuildResult(result, built, failed, out, None, kept)
        available = {s.site for s in result.summaries if (staging / s.site / "index.html").is_file()}
        portal_path = portal.write_portal(project, result.summaries, staging, available)
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(result, built, failed, out, out / portal_path.name, kept)


@dataclass
class Preview:
    """One site built for `glocal serve`: what was found, and whether the page could be built."""

    report: Report
    ok: bool


def preview(root: Path, key: str, out: Path) -> Preview:
    """Load, check and compose only what one site needs, then build it into `out` (for live preview)."""
    root = Path(root).resolve()
    project, loaded = load_project(root)
    report = Report()
    report.extend(loaded)
    if project.program is None:
        return Preview(report, False)
    sites_by_key = {site.key: site for site in project.sites()}
    if key not in sites_by_key:
        report.add(unknown_site(key, list(sites_by_key)))
        return Preview(report, False)
    report.extend(checks.run_checks(project))
    translations = Translations(project.root)
    composed = compose(project, sites_by_key[key], translations)
    report.extend(composed.diagnostics)
    report.extend(translations.diagnostics)
    root_config, found = sites.load_root_config(project)
    report.extend(found)
    status = "draft" if composed.translated < project.program.min_translated else "publish"
    built = sites.build_site(
        project, composed, status, root_config, root / ".glocal" / "serve" / key, Path(out)
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
) -> Preview:
    """Build one site into a temporary folder and serve it, rebuilding on every source change.

    `started` sees the first build before serving begins, `rebuilt` every later one. Returns the
    first preview at once when there is nothing to serve (no program, unknown site).
    """
    root = Path(root).resolve()
    out = Path(tempfile.mkdtemp(prefix="glocal-serve-"))
    first = preview(root, key, out)
    if any(d.code in ("GL001", "GL404") for d in first.report.diagnostics):
        return first
    started(first)
    watched = [root / "curriculum", root / "toolkits", root / "locales", root / "mkdocs.yml"]
    sites.serve(lambda: rebuilt(preview(root, key, out)), out, watched, host, port)
    return first
