"""The build stage: check → stage each chosen site → build the changed ones with MkDocs, on all
cores → zip them → portal → swap in.

A build remembers (`build_record`) what it staged for each site and what its output looked
like. A site whose staged project is unchanged and whose output nobody touched is not built
again; a run whose inputs are all unchanged does not even check again, it replays the last report.
Rebuilt sites keep every output file whose bytes did not change (same file, same mtime), so only
what changed is rewritten.

Functions here return data (what was built, what was kept, what was skipped and why); only `cli`
prints. The live preview is `previewing`'s; how sites are dealt into shards, `sharding`'s; how
the shards' outputs are put together, `assembling`'s.
"""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glocal.diagnostics import Diagnostic, Report
from glocal.fsutil import epoch, link_or_copy, swap_in
from glocal.pipeline import build_record, output, state
from glocal.pipeline.replay import remember, replay, unmerged
from glocal.pipeline.sharding import SHARD_MARK, Shard, share
from glocal.pipeline.workers import SHARED_COPIES, build_one, stop_warming, warm_up
from glocal.processes import fork_pool

if TYPE_CHECKING:
    from glocal.build import sites, staging
    from glocal.compose.site import ComposedSite
    from glocal.model import Project
    from glocal.pipeline.checking import CheckResult
    from glocal.pipeline.summary import SiteSummary

# The stages below (checks, compose, MkDocs) are imported where they are first needed: a build
# whose inputs did not change replays its last result without loading any of them.

WORK_DIR = Path(".glocal") / "build"


def region_of(key: str) -> str:
    """The region of a site key (`region/language`, `SiteRef.key`)."""
    return key.split("/")[0]


@dataclass
class BuildResult:
    report: Report
    summaries: list[SiteSummary]
    built: list[str]
    failed: list[str]  # sites that were not built this time
    out: Path
    portal: Path | None = None  # written only when at least one site was built
    kept: list[str] = field(default_factory=list)  # failed sites whose previous output is still there
    skipped: dict[str, str] = field(default_factory=dict)  # site → why it was not rebuilt
    reasons: dict[str, str] = field(default_factory=dict)  # built site → why it was rebuilt
    usable: bool = True  # False when there was nothing to build from (no program, unknown site)
    recorded: list[str] = field(default_factory=list)  # the drift locks it added new fills to


def build(
    root: Path,
    names: list[str] | None = None,
    out: Path | None = None,
    jobs: int | None = None,
    shard: Shard | None = None,
) -> BuildResult:
    """Check, then build the chosen sites (only those that changed) and the portal into a fresh
    folder and swap it in.

    A site that is blocked or fails to build keeps its previous output; a build that fails as a
    whole leaves the previous output folder untouched.
    """
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "site"
    refused = output.refusal(
        root, out, built_here=state.read_state(root, build_record.state_name(out)) is not None
    )
    if refused is not None:
        return refused_result(refused, out)
    with output.project_lock(root, "build"):
        output.clean_stale(out)
        result = _build(root, names, out, jobs, shard)
    result.report.extend(unmerged(root))  # outside the inputs: named every time, as `check` does
    return result


def refused_result(problem: Diagnostic, out: Path) -> BuildResult:
    """What a build refused before it began (the output folder is not its own, say) gives."""
    report = Report()
    report.extend([problem])
    return BuildResult(report, [], [], [], out, usable=False)


def _build(
    root: Path, names: list[str] | None, out: Path, jobs: int | None, shard: Shard | None
) -> BuildResult:
    request = {"sites": sorted(names or []), "shard": str(shard or "")}
    inputs = state.inputs_fingerprint(root)
    saved = state.read_state(root, build_record.state_name(out)) or {}
    if (
        saved.get("inputs") == inputs
        and saved.get("request") == request
        and saved.get("tree") == state.tree_digest(out)
    ):
        replayed = _replay(saved, out)
        if replayed is not None:
            return replayed
    from glocal.pipeline.adapting import record_untracked
    from glocal.pipeline.checking import SiteNames, check, select_sites

    names = SiteNames(names) if names else None  # `nordics` for nordics/da, nordics/nb...
    run = _Run(root, out, names or [], jobs, saved, zips=shard is None)
    try:
        # Sites are staged and handed to the workers as soon as each is composed; the check
        # goes on meanwhile. Shards wait for every site: shares are dealt by size.
        result = check(
            root,
            run.composed if shard is None else None,
            names or None,
            run.loaded if shard is None else None,
        )
        found = list(result.report.diagnostics)  # what the check found, before the build adds to it
        if not result.usable:
            return BuildResult(result.report, result.summaries, [], [], out, usable=False)
        chosen, problems = select_sites(result, names or [])
        result.report.extend(problems)
        if problems:
            return BuildResult(result.report, result.summaries, [], [], out, usable=False)
        outcome = run.finish(result, chosen, shard)
    finally:
        run.close()
    outcome.recorded = record_untracked(result.project, found)
    if outcome.recorded:  # the locks are inputs too: fingerprint them as written
        inputs = state.inputs_fingerprint(root)
    done = build_record.Sites(
        run.chosen, outcome.built, list(outcome.skipped), outcome.failed, run.previous, run.staged
    )
    build_record.save(root, out, inputs, request, result, done)
    checked = Report()
    checked.extend(found)
    remember(root, inputs, checked, result.summaries)  # `check` need not run again
    return outcome


def _replay(saved: dict, out: Path) -> BuildResult | None:
    """The last run's result, when nothing it read has changed since (None if the record is bad)."""
    checked = replay(saved)  # the report and summaries, decoded and validated as `check` does
    try:
        skipped = {str(key): "nothing changed since the last build" for key in saved["chosen"]}
        failed = [str(key) for key in saved["failed"]]
    except (KeyError, TypeError):
        return None
    if checked is None:
        return None
    kept = [key for key in failed if (out / key).is_dir()]
    return BuildResult(checked.report, checked.summaries, [], failed, out, None, kept, skipped)


class _Run:
    """One build: stages sites, builds the changed ones on a process pool, assembles the output.

    Output is assembled in a staging folder beside `out` (hard links to the previous output, so
    unchanged sites cost nothing) and swapped in at the end; the previous output is never written
    through.
    """

    def __init__(
        self, root: Path, out: Path, names: list[str], jobs: int | None, saved: dict, zips: bool = True
    ) -> None:
        self.root, self.out, self.names, self.jobs = root, out, names, jobs
        self.zips = zips  # a shard writes no downloads: a region's zips need all its sites
        self.previous: dict = saved["sites"] if isinstance(saved.get("sites"), dict) else {}
        self.staged: dict[str, staging.Staged] = {}
        self.reasons: dict[str, str] = {}
        self.futures: dict[str, Future] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.staging: Path | None = None
        self.root_config: dict | None = None
        self.found: list[Diagnostic] = []
        self.assets: staging.Assets | None = None
        self.chosen: list[str] = []
        self.workers = max(1, jobs or os.cpu_count() or 1)
        self.skipped: dict[str, str] = {}

    def count(self, project: Project) -> int:
        """How many sites this build may build (a region's name stands for each of its sites)."""
        return sum(1 for site in project.sites() if not self.names or site.key in self.names)

    def composed(self, project: Project, composed: ComposedSite) -> None:
        """Stage a site the moment it is composed; start building it if it changed."""
        key = composed.site.key
        if self.names and key not in self.names:
            return
        self.stage(project, composed)
        if key in self.reasons and not self.found and self.staged[key].ok:
            self.submit(project, key)

    def loaded(self, project: Project) -> None:
        """With no previous build every site will be built: fork the workers now, so that they
        warm up while the first sites are composed (else, when the first changed site is handed
        over: an edit may change no site at all)."""
        if self.previous or self.workers == 1:
            return
        self.start_pool(self.count(project))
        assert self.pool is not None
        self.pool.submit(os.getpid)  # the pool forks its workers with its first task

    def stage(self, project: Project, composed: ComposedSite) -> None:
        from glocal.build import config, downloads, staging

        if self.root_config is None:
            self.root_config, self.found = config.load_root_config(project)
            self.assets = staging.Assets.of(project)
        assert project.program is not None
        status = "draft" if composed.translated < project.program.min_translated else "publish"
        key = composed.site.key
        staged = staging.stage_site(
            project, composed, status, self.root_config, self.root / WORK_DIR / key, self.assets
        )
        self.staged[key] = staged
        if staged.ok:
            archive = self.out / "downloads" / downloads.zip_name(key) if self.zips else None
            why = build_record.why_build(staged, self.previous.get(key), self.out / key, archive)
            if why:
                self.reasons[key] = why

    def submit(self, project: Project, key: str) -> None:
        from glocal.build import sites

        if self.staging is None:
            self.staging = output.start_staging(self.out)
        work = (
            key,
            str(self.staged[key].config_file),
            str(self.staging),
            str(self.out),
            sites.where_of(project),
            self.staged[key].config,
        )
        if self.workers == 1:
            done: Future = Future()
            done.set_result(build_one(*work))
            self.futures[key] = done
            return
        self.start_pool(self.count(project))
        assert self.pool is not None
        self.futures[key] = self.pool.submit(build_one, *work)

    def start_pool(self, sites_to_build: int) -> None:
        """The worker processes: one per core (or `-j N`), but no more than there are sites to
        build (each warms up, compiling the theme, for nothing otherwise). They are forked when
        the project is loaded (a first build, see `loaded`) or when the first site is handed to
        them, and warm up while this process goes on checking."""
        if self.pool is not None or self.workers == 1:
            return
        # MkDocs and the theme are imported by each worker (in parallel, while this process
        # checks), not here: this process never needs them.
        size = min(self.workers, max(1, sites_to_build))
        self.pool = fork_pool(size, initializer=warm_up)

    def finish(self, result: CheckResult, chosen: list[str], shard: Shard | None) -> BuildResult:
        project = result.project
        for key in chosen:
            if key not in self.staged:
                self.stage(project, result.composed[key])
        report = result.report
        report.extend(self.found)
        for key in chosen:
            report.extend(self.staged[key].diagnostics)
        summaries = {s.site: s for s in result.summaries}
        failed = [
            key
            for key in chosen
            if summaries[key].status == "blocked" or self.found or not self.staged[key].ok
        ]
        if shard is not None:
            sizes = {key: self.staged[key].size for key in chosen if key not in failed}
            mine = set(share(sizes, shard.count)[shard.index - 1])
            # a site that cannot be built is reported by the first shard only, not by all N
            chosen = [key for key in chosen if key in mine or (key in failed and shard.index == 1)]
        self.chosen = chosen
        todo = [key for key in chosen if key in self.reasons and key not in failed]
        self.skipped = {
            key: "unchanged since the last build" for key in chosen if key not in failed and key not in todo
        }
        if not todo and shard is None:
            self.discard([key for key in self.futures])
            kept = [key for key in failed if (self.out / key).is_dir()]
            where = None if failed else self.tidy(result)  # a failed build keeps the previous output
            return BuildResult(report, result.summaries, [], failed, self.out, where, kept, self.skipped)
        self.start_pool(len(todo))  # a shard's sites are handed over only now
        for key in todo:
            if key not in self.futures:
                self.submit(project, key)
        if self.staging is None:
            self.staging = output.start_staging(self.out)
        self.discard([key for key in self.futures if key not in todo])
        for key in failed:
            self.restore(key)
        outcomes = self.collect(project, todo, zips=shard is None)
        built: list[str] = []
        for key in todo:  # in the order of the sites, whatever the order they were done in
            report.extend(outcomes[key].diagnostics)
            (built if outcomes[key].ok else failed).append(key)
        failed.sort(key=chosen.index)
        kept = [key for key in failed if (self.out / key).is_dir()]
        reasons = {key: self.reasons[key] for key in built}
        if not built and shard is None:  # nothing new: the previous output stays exactly as it was
            where = None if failed else self.tidy(result)
            return BuildResult(report, result.summaries, [], failed, self.out, where, kept, self.skipped)
        shutil.rmtree(self.staging / SHARED_COPIES, ignore_errors=True)  # the sites keep their links
        portal_path = self.finish_output(result, chosen, shard)
        output.mark(self.staging)
        swap_in(self.staging, self.out)
        self.staging = None
        where = self.out / portal_path if portal_path else None
        return BuildResult(
            report, result.summaries, built, failed, self.out, where, kept, self.skipped, reasons
        )

    def tidy(self, result: CheckResult) -> Path | None:
        """When no site is built and none failed (a failed build keeps the previous output as it
        was): the output as a cold build would leave it all the same. The
        portal shows facts no site's files hold (the programme's version, the core-share budget,
        slots gone stale), and an earlier build's sites the project no longer
        has are removed. Only when something differs is the output staged again (hard links:
        no other file is written); the portal's path then, else None."""
        from glocal.build import portal

        if not self.out.is_dir():
            return None
        sites = {s.site for s in result.summaries}
        available = {site for site in sites if (self.out / site / "index.html").is_file()}
        page = portal.render_portal(result.project, result.summaries, available)
        current = self.out / "index.html"
        same = current.is_file() and current.read_text(encoding="utf-8", errors="replace") == page
        if same and not output.leftovers(self.out, sites):
            return None
        staging = output.start_staging(self.out)
        try:
            output.remove_leftovers(staging, sites)
            path = portal.write_portal(result.project, result.summaries, staging, available)
            output.mark(staging)
            swap_in(staging, self.out)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        return self.out / path.name

    def finish_output(self, result: CheckResult, chosen: list[str], shard: Shard | None) -> str | None:
        """The portal (a shard writes its mark instead); returns the portal's file name. An
        earlier build's sites the project no longer has are removed (`output.leftovers`)."""
        from glocal.build import portal

        assert self.staging is not None
        output.remove_leftovers(self.staging, {s.site for s in result.summaries})
        if shard is None:
            available = {s.site for s in result.summaries if (self.staging / s.site / "index.html").is_file()}
            return portal.write_portal(result.project, result.summaries, self.staging, available).name
        for other in {s.site for s in result.summaries} - set(chosen):  # a shard holds its share only
            shutil.rmtree(self.staging / other, ignore_errors=True)
        shutil.rmtree(self.staging / "downloads", ignore_errors=True)  # written when assembled
        done = sorted(key for key in chosen if (self.staging / key / "index.html").is_file())
        mark = {"shard": str(shard), "built": done}
        (self.staging / SHARD_MARK).write_text(json.dumps(mark, indent=1) + "\n", encoding="utf-8")
        return None

    def collect(self, project: Project, todo: list[str], zips: bool) -> dict[str, sites.SiteBuild]:
        """Each site's outcome (a failed one's previous output put back); with `zips`, a region's
        offline zips are written here as soon as its last site is done, while the workers go on
        with the other regions' sites (each zip holds the whole region; a zip whose region did not
        change is kept). They were written at the end, after every site: 0.4 s of the sample's
        4.3 s cold build."""
        from concurrent.futures import FIRST_COMPLETED, wait

        outcomes: dict[str, sites.SiteBuild] = {}
        waiting = {self.futures[key]: key for key in todo}
        left: dict[str, set[str]] = {}  # region -> its sites not done yet
        for key in todo:
            left.setdefault(region_of(key), set()).add(key)
        regions_built: set[str] = set()  # the regions with a site built
        while waiting:
            done, _ = wait(waiting, return_when=FIRST_COMPLETED)
            for key in sorted((waiting.pop(future) for future in done), key=todo.index):
                outcomes[key] = self.futures[key].result()
                region = region_of(key)
                if outcomes[key].ok:
                    regions_built.add(region)
                else:
                    self.restore(key)
                left[region].discard(key)
                if zips and not left[region] and region in regions_built:
                    self.write_downloads(project, region)
        return outcomes

    def write_downloads(self, project: Project, region: str) -> None:
        """A region's offline zips (those whose region did not change are kept)."""
        from glocal.build import downloads

        assert self.staging is not None
        languages = downloads.region_languages(project, region)
        downloads.write_region(self.staging, region, languages, None, epoch())

    def discard(self, keys: list[str]) -> None:
        """Sites built ahead of time that must not be published after all (blocked, not chosen)."""
        for key in keys:
            self.futures[key].result()
            self.restore(key)

    def restore(self, key: str) -> None:
        """Put a site's previous output (and zip) back in the staging copy, or remove it."""
        from glocal.build import downloads

        if self.staging is None:
            return
        target, archive = self.staging / key, self.staging / "downloads" / downloads.zip_name(key)
        shutil.rmtree(target, ignore_errors=True)
        archive.unlink(missing_ok=True)
        if (self.out / key).is_dir():
            shutil.copytree(self.out / key, target, copy_function=link_or_copy, symlinks=True)
        if (self.out / "downloads" / downloads.zip_name(key)).is_file():
            link_or_copy(str(self.out / "downloads" / downloads.zip_name(key)), str(archive))

    def close(self) -> None:
        if self.pool is not None:
            if not self.futures:  # forked ahead, but no site was handed over (errors block them)
                stop_warming(self.pool)
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.staging is not None and self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)
