"""`glocal build --from-shards`: the output of a single build, put together from the folders that
`glocal build --shard K/N` wrote on separate machines (how sites are dealt into shares, and the
marks the shards leave, are `sharding`'s). No page is composed or rendered here: the shards
hold the sites; this writes each region's downloads from them, then the portal, and swaps the
whole in as a build does."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from glocal.fsutil import epoch, swap_in
from glocal.pipeline import output, state
from glocal.pipeline.build_record import state_name
from glocal.pipeline.building import BuildResult, refused_result, region_of
from glocal.pipeline.sharding import SHARD_MARK, read_marks


def assemble(root: Path, shards: list[Path], out: Path | None = None) -> BuildResult:
    """The output of a single build, put together from the folders `build --shard K/N` wrote:
    their sites and downloads, then the portal. Every share 1..N must be there exactly once."""
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "site"
    refused = output.refusal(root, out, built_here=state.read_state(root, state_name(out)) is not None)
    if refused is not None:
        return refused_result(refused, out)
    with output.project_lock(root, "build --from-shards"):
        output.clean_stale(out)
        return _assemble(root, shards, out)


def _assemble(root: Path, shards: list[Path], out: Path) -> BuildResult:
    from glocal.build import downloads, portal
    from glocal.pipeline.checking import CheckResult
    from glocal.pipeline.replay import project_checked

    # check's own result (read back when nothing changed, else checked on every core, each site
    # for its facts alone): assembling composes no page, the shards hold them
    project, found = project_checked(root)
    result = CheckResult(project, found.report, {}, found.summaries)
    if not result.usable:
        return BuildResult(result.report, result.summaries, [], [], out, usable=False)
    marks, problems = read_marks(root, shards)
    result.report.extend(problems)
    if problems:
        return BuildResult(result.report, result.summaries, [], [], out, usable=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    staging.chmod(0o755)
    built: list[str] = []
    try:
        for folder, mark in marks:
            for item in sorted(folder.iterdir()):
                if item.name == SHARD_MARK:
                    continue
                shutil.copytree(
                    item, staging / item.name, dirs_exist_ok=True
                ) if item.is_dir() else shutil.copy2(item, staging / item.name)
            built += [str(key) for key in mark["built"]]
        order = [s.site for s in result.summaries]
        output.remove_leftovers(staging, set(order))  # a shard's copy of a site the project lost
        built = [key for key in built if key in order]
        built.sort(key=order.index)
        shutil.rmtree(staging / "downloads", ignore_errors=True)
        for region in sorted({region_of(key) for key in order} & set(result.project.regions)):
            languages = downloads.region_languages(result.project, region)
            downloads.write_region(staging, region, languages, out / "downloads", epoch())
        available = {s.site for s in result.summaries if (staging / s.site / "index.html").is_file()}
        portal_path = portal.write_portal(result.project, result.summaries, staging, available)
        output.mark(staging)
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    failed = [s.site for s in result.summaries if s.site not in built]
    return BuildResult(result.report, result.summaries, built, failed, out, out / portal_path.name)
