"""Incremental, parallel and sharded builds (issue 9).

A small project of three sites (south/en, south/da, north/en) built for real with MkDocs: a build
with nothing changed rewrites nothing, an edit rebuilds only the sites it reaches, a damaged or
foreign cache is ignored, the staged sites are plain MkDocs projects, the output is the same
with any number of workers, and shards assembled give exactly the tree one build gives.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO, run_glocal
from glocal.pipeline import Shard, build
from glocal.pipeline.build_record import state_name
from glocal.pipeline.sharding import share

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])


def make_project(dest: Path) -> Path:
    """The golden-site project plus a second region, north, in English only."""
    shutil.copytree(FIXTURES / "golden-site" / "project", dest)
    south = dest / "toolkits" / "regions" / "south"
    north = dest / "toolkits" / "regions" / "north"
    north.mkdir()
    text = (south / "region.yml").read_text(encoding="utf-8")
    text = text.replace("id: south", "id: north").replace("name: South", "name: North")
    text = text.replace("languages: [en, da]", "languages: [en]").replace(
        "locales: {en: en_DK, da: da_DK}", "locales: {en: en_GB}"
    )
    (north / "region.yml").write_text(text, encoding="utf-8")
    shutil.copy2(south / "intro.md", north / "intro.md")
    return dest


def state_file(project: Path) -> Path:
    return project / ".glocal" / "cache" / f"{state_name(project / 'site')}.json"


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after.keys() | before.keys() if before.get(name) != after.get(name)}


def same_tree(left: Path, right: Path) -> list[str]:
    """Paths that differ between two folders (missing on one side, or different bytes)."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project built once, with one worker; every test works on its own copy."""
    os.environ.update(EPOCH)
    root = make_project(tmp_path_factory.mktemp("incremental") / "project")
    result = build(root, jobs=1)
    assert sorted(result.built) == ["north/en", "south/da", "south/en"], result.report.diagnostics
    return root


@pytest.fixture
def project(built, tmp_path):
    """A copy of the built project; its cache names its own folder, so it starts as foreign."""
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    build(copy, jobs=1)  # adopts the copy: nothing needs building, the state is rewritten for it
    return copy


def test_a_build_with_nothing_changed_rewrites_no_file_and_says_so(project):
    before = mtimes(project / "site")
    result = build(project, jobs=1)
    assert result.built == []
    assert result.skipped == dict.fromkeys(
        ["south/en", "south/da", "north/en"], "nothing changed since the last build"
    )
    assert changed(before, mtimes(project / "site")) == set()


def test_the_replayed_build_reports_what_the_check_found(project):
    first = run_glocal("-C", project, "build", "-j", "1", "--format", "json")
    again = run_glocal("-C", project, "build", "-j", "1", "--format", "json")
    a, b = json.loads(first.out), json.loads(again.out)
    assert a["diagnostics"] == b["diagnostics"] and a["sites"] == b["sites"]
    assert b["built"] == [] and sorted(b["skipped"]) == ["north/en", "south/da", "south/en"]
    assert first.code == again.code


def test_editing_one_regions_overlay_rebuilds_only_that_regions_sites(project):
    overlay = project / "toolkits" / "regions" / "north" / "intro.md"
    text = overlay.read_text(encoding="utf-8").replace("together.", "together. A northern addition.")
    overlay.write_text(text, encoding="utf-8")
    before = mtimes(project / "site")
    result = build(project, jobs=1)
    assert result.built == ["north/en"]
    assert set(result.skipped) == {"south/en", "south/da"}
    assert result.reasons["north/en"].startswith("changed: ")
    assert "docs/modules/intro.md" in result.reasons["north/en"]
    rewritten = changed(before, mtimes(project / "site"))
    assert rewritten, "the edited site was not rewritten"
    assert all(
        name.startswith(("north/en/", "downloads/north-en.zip", "index.html")) for name in rewritten
    ), rewritten
    # inside the rebuilt site, only the files whose bytes changed were written
    assert "north/en/assets/javascripts/bundle." not in " ".join(rewritten)
    assert not any(name.startswith("north/en/assets/") for name in rewritten)
    assert (
        "A northern addition." in (project / "site" / "north" / "en" / "modules" / "intro.html").read_text()
    )


def test_editing_a_translation_rebuilds_only_that_languages_sites(project):
    catalog = project / "locales" / "da" / "curriculum" / "modules" / "intro.po"
    text = catalog.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    index = next(i for i, e in enumerate(entries) if i > 0 and 'msgstr "' in e and 'msgstr ""' not in e)
    entries[index] = entries[index].replace('msgstr "', 'msgstr "Redigeret: ', 1)
    catalog.write_text("\n\n".join(entries), encoding="utf-8")
    before = mtimes(project / "site")
    result = build(project, jobs=1)
    assert result.built == ["south/da"]
    assert set(result.skipped) == {"south/en", "north/en"}
    # every zip of the region holds south/da (issue 12, item 10): both are written again, no other
    downloads = {n for n in changed(before, mtimes(project / "site")) if n.startswith("downloads/")}
    assert downloads == {"downloads/south-da.zip", "downloads/south-en.zip"}


def test_editing_a_core_module_rebuilds_every_site_that_teaches_it(project):
    module = project / "curriculum" / "modules" / "practice.md"
    module.write_text(
        module.read_text(encoding="utf-8").rstrip() + "\n\nOne more core sentence.\n", encoding="utf-8"
    )
    before = mtimes(project / "site")
    result = build(project, jobs=1)
    assert sorted(result.built) == ["north/en", "south/da", "south/en"]
    rewritten = changed(before, mtimes(project / "site"))
    # the module's pages change everywhere; the theme's files nowhere
    assert {"south/en/modules/practice.html", "north/en/modules/practice.html"} <= rewritten
    assert not any("/assets/" in name for name in rewritten), sorted(rewritten)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "wrong-format"])
def test_a_damaged_or_foreign_cache_is_ignored(project, damage):
    state = state_file(project)
    data = state.read_text(encoding="utf-8")
    if damage == "garbage":
        state.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        state.write_text(data[: len(data) // 2], encoding="utf-8")
    elif damage == "foreign":
        record = json.loads(data)
        record["project"] = "/somewhere/else"
        state.write_text(json.dumps(record), encoding="utf-8")
    else:
        record = json.loads(data)
        record["format"] = 999
        state.write_text(json.dumps(record), encoding="utf-8")
    result = build(project, jobs=1)
    # nothing trusted: every site is staged and compared again (the output is still right, so
    # each is rebuilt once because nothing says what it was built from)
    assert sorted(result.built) == ["north/en", "south/da", "south/en"]
    assert all(why == "no previous build" for why in result.reasons.values())
    assert build(project, jobs=1).built == []


def test_a_replayed_report_with_an_unknown_code_is_not_trusted(project):
    state = state_file(project)
    record = json.loads(state.read_text(encoding="utf-8"))
    record["data"]["report"] = [
        {
            "code": "GL999",
            "message": "forged",
            "span": ["x", 0, 0],
            "hint": None,
            "severity": None,
            "related": [],
        }
    ]
    state.write_text(json.dumps(record), encoding="utf-8")
    result = build(project, jobs=1)
    assert not any(d.code == "GL999" for d in result.report.diagnostics)


def test_output_changed_by_hand_is_rebuilt(project):
    page = project / "site" / "south" / "en" / "index.html"
    page.write_text("tampered", encoding="utf-8")
    result = build(project, jobs=1)
    assert result.built == ["south/en"]
    assert result.reasons["south/en"] == "its output was changed or removed since"
    assert "tampered" not in page.read_text(encoding="utf-8")


def test_each_staged_site_is_a_plain_mkdocs_project(project, tmp_path):
    """`mkdocs build -f .glocal/build/<site>/mkdocs.yml` alone gives the site Glocal published."""
    staged = project / ".glocal" / "build" / "south" / "da" / "mkdocs.yml"
    from mkdocs.utils.yaml import yaml_load  # as MkDocs reads it (the toc's slugify is a Python name)

    config = yaml_load(staged.read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and "glocal" in config["plugins"]
    out = tmp_path / "plain"
    env = dict(os.environ, **EPOCH)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(staged), "-d", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert same_tree(out, project / "site" / "south" / "da") == []


def differences(left, right, where: str = "config") -> list[str]:
    """Where two loaded configs differ, in value or in type (a tuple is not a list to MkDocs)."""
    if type(left) is not type(right):
        return [f"{where}: {type(left).__name__} vs {type(right).__name__}"]
    if isinstance(left, dict):
        if list(left) != list(right):
            return [f"{where}: keys {list(left)} vs {list(right)}"]
        return [found for key in left for found in differences(left[key], right[key], f"{where}.{key}")]
    if isinstance(left, list):
        if len(left) != len(right):
            return [f"{where}: {len(left)} vs {len(right)} items"]
        pairs = zip(left, right, strict=True)
        return [
            found for index, (a, b) in enumerate(pairs) for found in differences(a, b, f"{where}[{index}]")
        ]
    return [] if left == right else [f"{where}: {left!r} vs {right!r}"]


def test_mkdocs_is_handed_exactly_what_the_staged_file_holds(tmp_path, monkeypatch):
    """MkDocs gets each staged config as a dict instead of parsing the staged mkdocs.yml again:
    it must be what MkDocs' own loader reads from that file, value for value, type for type."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    from glocal.build import staging

    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    names = "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    names += "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - pymdownx.superfences\n", "  - pymdownx.superfences\n  - pymdownx.emoji:\n" + names),
        encoding="utf-8",
    )
    staged: list[staging.Staged] = []
    stage_site = staging.stage_site

    def spy(*args, **kwargs):
        staged.append(stage_site(*args, **kwargs))
        return staged[-1]

    monkeypatch.setattr(staging, "stage_site", spy)
    result = build(root, jobs=1)
    assert sorted(result.built) == ["north/en", "south/da", "south/en"], result.report.diagnostics
    assert len(staged) == 3
    for site in staged:
        with open(site.config_file, "rb") as handle:
            loader = get_yaml_loader(config=MkDocsConfig(config_file_path=str(site.config_file)))
            read = yaml_load(handle, loader)
        assert "twemoji" in site.config_file.read_text(encoding="utf-8")
        assert differences(read, site.config) == [], site.key


@pytest.mark.parametrize(
    "path, text, built",
    [
        (None, "", ["north/en", "south/da", "south/en"]),
        ("toolkits/regions/south/intro.md", "::: fill no-such-slot\nText.\n:::\n", ["north/en"]),
        ("curriculum/modules/intro.md", "title: [unclosed\n", []),  # GL101, found on loading
    ],
    ids=["no-error", "region-error", "core-error"],
)
def test_a_site_an_error_already_blocks_is_never_handed_to_mkdocs(tmp_path, monkeypatch, path, text, built):
    """A build renders sites while the check goes on, and publishes only those the check lets
    through; one an error found before it was composed blocks (a core file's: every site; a
    region's: that region's) is not rendered in vain. MkDocs is watched, not replaced."""
    from glocal.build import sites

    root = make_project(tmp_path / "project")
    if path:
        source = (root / path).read_text(encoding="utf-8")
        if text.startswith("title:"):  # into the front matter
            source = source.replace("\ntitle:", f"\n{text}title:", 1)
        else:
            source += "\n" + text
        (root / path).write_text(source, encoding="utf-8")
    rendered: list[str] = []
    real = sites.build_staged

    def watched(key, *args, **kwargs):
        rendered.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(sites, "build_staged", watched)
    result = build(root, jobs=1)
    assert sorted(rendered) == built
    assert sorted(result.built) == built
    assert bool(path) == any(d.level.name == "ERROR" for d in result.report.diagnostics)


def test_the_output_is_the_same_whatever_the_number_of_workers(built, tmp_path):
    env = dict(os.environ, **EPOCH)
    outs, logs = [], []
    for jobs in ("1", "3"):
        copy = tmp_path / f"p{jobs}"
        make_project(copy)
        done = subprocess.run(
            [sys.executable, "-m", "glocal", "-C", str(copy), "build", "-j", jobs],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        outs.append(copy / "site")
        logs.append([line.replace(str(copy), "") for line in done.stdout.splitlines()])
    assert same_tree(*outs) == []
    # the log lists sites in the programme's order, whatever finished first
    assert logs[0] == logs[1]
    assert [line for line in logs[0] if line.startswith("built")] == [
        f"built /site/{key}/index.html (no previous build)" for key in ("north/en", "south/en", "south/da")
    ]


@pytest.mark.parametrize("names, expected", [([], 3), (["south/da"], 1), (["north/en", "south/en"], 2)])
def test_no_more_workers_warm_up_than_there_are_sites_to_build(tmp_path, monkeypatch, names, expected):
    """Each worker imports MkDocs and compiles the theme before its first site: a build of one
    site (or a project of one) forks one, not one per core."""
    from glocal.build import sites

    root = make_project(tmp_path / "project")
    record = tmp_path / "warm-ups"
    warm_up = sites.warm_up

    def counted(work: Path) -> None:  # runs in each forked worker
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        warm_up(work)

    monkeypatch.setattr(sites, "warm_up", counted)
    result = build(root, names, jobs=4)
    assert sorted(result.built) == sorted(names or ["north/en", "south/da", "south/en"])
    assert len(set(record.read_text(encoding="utf-8").split())) == expected


def test_shards_assembled_give_exactly_the_tree_of_one_build(built, tmp_path):
    root = make_project(tmp_path / "project")
    for index in (1, 2):
        result = build(root, out=tmp_path / f"shard-{index}", jobs=1, shard=Shard(index, 2))
        assert result.portal is None and not (tmp_path / f"shard-{index}" / "index.html").exists()
    one, two = (json.loads((tmp_path / f"shard-{i}" / ".glocal-shard.json").read_text()) for i in (1, 2))
    assert sorted(one["built"] + two["built"]) == ["north/en", "south/da", "south/en"]
    assert not set(one["built"]) & set(two["built"])
    merged = run_glocal(
        "-C",
        root,
        "build",
        "--from-shards",
        tmp_path / "shard-1",
        tmp_path / "shard-2",
        "--out",
        tmp_path / "merged",
    )
    assert merged.code == 0, merged.err
    assert same_tree(tmp_path / "merged", built / "site") == []


def test_assembling_reuses_the_check_the_shards_remembered(built, tmp_path, monkeypatch):
    """Assembling composes no page: in the checkout where the shards were built it reads their
    check back; on a fresh runner (no cache) it checks on every core, each site for its facts."""
    from glocal.pipeline import assemble, checking

    root = make_project(tmp_path / "project")
    for index in (1, 2):
        build(root, out=tmp_path / f"shard-{index}", jobs=1, shard=Shard(index, 2))
    shards = [tmp_path / "shard-1", tmp_path / "shard-2"]

    def no_check(*args, **kwargs):
        raise AssertionError("checked again though nothing changed")

    with monkeypatch.context() as patch:
        patch.setattr(checking, "check_report", no_check)
        patch.setattr(checking, "check", no_check)
        result = assemble(root, shards, tmp_path / "merged")
    assert sorted(result.built) == ["north/en", "south/da", "south/en"]
    assert same_tree(tmp_path / "merged", built / "site") == []
    shutil.rmtree(root / ".glocal")
    monkeypatch.setattr(checking, "check", no_check)  # a fresh runner: check_report, not check
    result = assemble(root, shards, tmp_path / "again")
    assert sorted(result.built) == ["north/en", "south/da", "south/en"]
    assert same_tree(tmp_path / "again", built / "site") == []


def test_assembling_needs_every_share_once(built, tmp_path):
    root = make_project(tmp_path / "project")
    build(root, out=tmp_path / "shard-1", jobs=1, shard=Shard(1, 2))
    missing = run_glocal(
        "-C", root, "build", "--from-shards", tmp_path / "shard-1", "--out", tmp_path / "merged"
    )
    assert missing.code == 2 and "GL407" in missing.err and "1/2" in missing.err
    (tmp_path / "not-a-shard").mkdir()
    foreign = run_glocal(
        "-C", root, "build", "--from-shards", tmp_path / "not-a-shard", "--out", tmp_path / "merged"
    )
    assert foreign.code == 2 and "GL407" in foreign.err
    assert not (tmp_path / "merged").exists()


def test_a_shard_and_assembling_are_not_asked_at_once(tmp_path):
    root = make_project(tmp_path / "project")
    both = run_glocal("-C", root, "build", "--shard", "1/2", "--from-shards", tmp_path / "shard-1")
    assert both.code == 2 and "not allowed with argument" in both.err
    named = run_glocal("-C", root, "build", "north/en", "--from-shards", tmp_path / "shard-1")
    assert named.code == 2 and "--from-shards assembles every site: name no SITE" in named.err
    assert not (root / "site").exists() and not (root / ".glocal").exists()


def test_shares_are_deterministic_and_balanced():
    sizes = {f"r{i}/en": size for i, size in enumerate([40, 10, 10, 10, 10, 30, 20, 20])}
    shares = share(sizes, 3)
    assert shares == share(dict(reversed(list(sizes.items()))), 3)
    loads = [sum(sizes[key] for key in group) for group in shares]
    assert sorted(key for group in shares for key in group) == sorted(sizes)
    assert max(loads) - min(loads) <= 10
    assert share(sizes, 1) == [sorted(sizes, key=lambda k: (-sizes[k], k))]


def test_the_ci_workflow_builds_shards_and_assembles_them():
    """The job-matrix workflow in the README is in the repository and its commands parse."""
    from glocal.cli.arguments import parser

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "sites.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    matrix = jobs["shard"]["strategy"]["matrix"]
    count = len(matrix["shard"])
    assert matrix["shard"] == list(range(1, count + 1)) and count >= 2
    steps = [step.get("run", "") for step in jobs["shard"]["steps"]]
    shard_command = next(line for step in steps for line in step.splitlines() if "--shard" in line)
    assert "${{matrix.shard}}/" + str(count) in shard_command.replace(" ", "")
    assemble = jobs["assemble"]
    assert assemble["needs"] == "shard" or assemble["needs"] == ["shard"]
    command = next(
        line
        for step in assemble["steps"]
        for line in step.get("run", "").splitlines()
        if "--from-shards" in line
    )
    args = command.split("glocal", 1)[1].split()
    parsed = parser().parse_args([a for a in args if not a.startswith("${{")])
    assert parsed.from_shards
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".github/workflows/sites.yml" in readme


def test_a_build_of_named_sites_keeps_only_their_pages_and_checks_every_site(tmp_path):
    """`glocal build SITE` checks and summarises every site but holds only the named one's
    composition (at 500 modules, 30 sites' pages were 400 MB of a one-site build's 1 GB peak)."""
    from glocal.pipeline.checking import check

    root = make_project(tmp_path / "project")
    everything = check(root)
    one = check(root, wanted=["south/da"])
    assert sorted(everything.composed) == ["north/en", "south/da", "south/en"]
    assert list(one.composed) == ["south/da"]
    assert one.composed["south/da"] == everything.composed["south/da"]
    assert one.summaries == everything.summaries
    assert one.report.sorted() == everything.report.sorted()
    result = build(root, ["south/da"], jobs=1)
    assert result.built == ["south/da"]
    assert (root / "site" / "south" / "da" / "index.html").is_file()


def test_the_named_sites_are_composed_first_so_they_render_while_the_others_are_checked(tmp_path):
    """A build of one site of 30 at 500 modules spent 15 s composing the other sites before the
    one asked for, which is composed last in the project's order, reached a worker."""
    from glocal.pipeline.checking import check

    root = make_project(tmp_path / "project")
    seen: list[str] = []
    everything = check(root, lambda _project, site: seen.append(site.site.key))
    order = [site.key for site in everything.project.sites()]
    assert seen == order and len(order) == 3  # the project's order
    seen.clear()
    one = check(root, lambda _project, site: seen.append(site.site.key), wanted=[order[-1]])
    assert seen == [order[-1], *order[:-1]]
    assert one.summaries == everything.summaries  # in the project's order all the same
    assert one.report.sorted() == everything.report.sorted()


@pytest.mark.parametrize("previous", [False, True])
def test_a_first_build_forks_its_workers_before_composing_any_site(tmp_path, monkeypatch, previous):
    """With no previous build, every site will be built: the workers are forked as soon as the
    project is loaded and warm up while the first sites are composed. After a build, an edit may
    change no site, so they are forked only when a changed site is handed over."""
    from glocal.pipeline import building, checking

    root = make_project(tmp_path / "project")
    if previous:
        build(root, jobs=1)
        overlay = root / "toolkits" / "regions" / "north" / "intro.md"
        text = overlay.read_text(encoding="utf-8").replace("together.", "together. A northern addition.")
        overlay.write_text(text, encoding="utf-8")
    composed: list[str] = []
    forked_after: list[int] = []
    real_compose, real_fork = checking.compose, building.fork_pool

    def compose(project, site, *args, **kwargs):
        composed.append(site.key)
        return real_compose(project, site, *args, **kwargs)

    def fork_pool(*args, **kwargs):
        forked_after.append(len(composed))
        return real_fork(*args, **kwargs)

    monkeypatch.setattr(checking, "compose", compose)
    monkeypatch.setattr(building, "fork_pool", fork_pool)
    result = build(root, jobs=2)
    assert result.built == (["north/en"] if previous else ["north/en", "south/en", "south/da"])
    assert forked_after == ([1] if previous else [0])


def test_workers_forked_for_sites_that_turn_out_blocked_are_not_waited_for(tmp_path, monkeypatch):
    """A first build whose every site an error blocks ends without waiting for the workers it
    forked ahead to warm up; and they run below the priority of the process that checks."""
    from glocal.build import sites

    root = make_project(tmp_path / "project")
    module = root / "curriculum" / "modules" / "intro.md"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n::: activity\n\nNever closed.\n", encoding="utf-8"
    )
    record = tmp_path / "niceness"

    def slow_warm_up(work: Path) -> None:  # runs in each forked worker
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(f"{os.nice(0)}\n")
        time.sleep(60)

    monkeypatch.setattr(sites, "warm_up", slow_warm_up)
    start = time.monotonic()
    result = build(root, jobs=2)
    assert time.monotonic() - start < 30
    assert result.built == [] and any(d.code == "GL109" for d in result.report.diagnostics)
    deadline = time.monotonic() + 10
    while not record.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert {int(n) for n in record.read_text(encoding="utf-8").split()} == {os.nice(0) + 5}


# ---------------------------------------------------------------------------- incremental = cold


def _cold(project: Path, tmp_path: Path) -> Path:
    """A cold build of a copy of `project` as it is now (no cache, no output): its site folder."""
    copy = tmp_path / "cold"
    shutil.copytree(project, copy, symlinks=True, ignore=shutil.ignore_patterns(".glocal", "site"))
    build(copy, jobs=1)
    return copy / "site"


def test_a_region_removed_leaves_no_site_zip_or_portal_row_and_files_of_ones_own_stay(project, tmp_path):
    """Its sites stayed in site/ for good, linked from the portal, and shards carried them on."""
    (project / "site" / "CNAME").write_text("training.example.org\n", encoding="utf-8")
    (project / "site" / "downloads" / "mine.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip
    shutil.rmtree(project / "toolkits" / "regions" / "north")
    result = build(project, jobs=1)
    assert result.built == [] and result.portal == project / "site" / "index.html"
    site = project / "site"
    assert not (site / "north").exists() and not (site / "downloads" / "north-en.zip").exists()
    assert "north/en" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "CNAME").is_file() and (site / "downloads" / "mine.zip").is_file()  # not Glocal's
    (site / "CNAME").unlink()
    (site / "downloads" / "mine.zip").unlink()
    assert same_tree(site, _cold(project, tmp_path)) == []
    before = mtimes(site)
    assert build(project, jobs=1).portal is None  # and then nothing is written again
    assert changed(before, mtimes(site)) == set()


def test_a_change_only_the_portal_shows_rewrites_the_portal_alone(project, tmp_path):
    """The programme's version, the core-share budget, a slot gone stale: no site's file changes,
    and the portal showed the old facts until some site was built again."""
    program = project / "curriculum" / "program.yml"
    text = program.read_text(encoding="utf-8")
    assert "\nversion: " not in text  # (the default shown)
    program.write_text(text.replace("\nmodules:", '\nversion: "9.9"\nmodules:', 1), encoding="utf-8")
    before = mtimes(project / "site")
    result = build(project, jobs=1)
    assert result.built == [] and changed(before, mtimes(project / "site")) == {"index.html"}
    assert "v9.9" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert same_tree(project / "site", _cold(project, tmp_path)) == []


def test_a_build_of_one_site_keeps_the_others_records(project):
    """`build south/da` then `build` built the two other sites again, though nothing changed."""
    assert build(project, ["south/da"], jobs=1).built == []
    result = build(project, jobs=1)
    assert result.built == []


@pytest.mark.parametrize("style", ["inherit", "flow"])
def test_an_edit_to_an_inherited_config_or_a_flow_style_custom_dir_rebuilds(project, tmp_path, style):
    """The change check read mkdocs.yml's own lines only: both edits were 'nothing changed'."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if style == "inherit":
        (project / "config").mkdir()
        (project / "config" / "base.yml").write_text("copyright: Base footer one\n", encoding="utf-8")
        config.write_text(
            "INHERIT: config/base.yml\n" + re.sub(r"(?m)^copyright:.*\n?", "", text), encoding="utf-8"
        )
        edited, old, new = project / "config" / "base.yml", "Base footer one", "Base footer two"
    else:
        overrides = project / "overrides"
        (overrides / "partials").mkdir(parents=True)
        (overrides / "partials" / "copyright.html").write_text("<p>Own footer one</p>\n", encoding="utf-8")
        config.write_text(
            re.sub(r"(?m)^theme:.*\n(  .*\n)*", "", text)
            + "theme: {name: material, custom_dir: overrides}\n",
            encoding="utf-8",
        )
        edited, old, new = overrides / "partials" / "copyright.html", "Own footer one", "Own footer two"
    build(project, jobs=1)
    page = project / "site" / "south" / "en" / "index.html"
    assert old in page.read_text(encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = build(project, jobs=1)
    assert sorted(result.built) == ["north/en", "south/da", "south/en"], result.skipped
    assert new in page.read_text(encoding="utf-8")


def test_shards_of_a_project_that_lost_a_region_assemble_without_it(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    for index in (1, 2):
        build(root, out=tmp_path / f"shard-{index}", jobs=1, shard=Shard(index, 2))
    shutil.rmtree(root / "toolkits" / "regions" / "north")
    for index in (1, 2):
        build(root, out=tmp_path / f"shard-{index}", jobs=1, shard=Shard(index, 2))
    merged = run_glocal(
        "-C",
        root,
        "build",
        "--from-shards",
        tmp_path / "shard-1",
        tmp_path / "shard-2",
        "--out",
        tmp_path / "merged",
    )
    assert merged.code == 0, merged.err
    assert not (tmp_path / "merged" / "north").exists()
    assert same_tree(tmp_path / "merged", _cold(root, tmp_path)) == []
