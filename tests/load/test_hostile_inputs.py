"""Hostile and careless inputs: each is a diagnostic with a stable code, never a traceback, a hang
or a file read from outside the project (issue 10)."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import copy_small_sample, run_glocal
from glocal.diagnostics import CODES, Diagnostic
from glocal.i18n import catalog
from glocal.i18n.catalog import MAX_CATALOG_BYTES, MAX_CATALOG_MESSAGES
from glocal.load.files import MAX_FILE_BYTES
from glocal.pipeline import check

SECRET = "glocalsecret"  # lower case: a PO reader quotes it as an unknown keyword
MODULE = "curriculum/modules/measuring-what-matters.md"
OVERLAY = "toolkits/regions/nordics/measuring-what-matters.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The sample's two-module copy with two regions (four sites), so each check stays quick
    (0.1 s, the whole sample's two regions 0.4 s: this file checks a project about 120 times)."""
    root = copy_small_sample(tmp_path / "project")
    for region in ("benelux", "vietnam"):
        shutil.rmtree(root / "toolkits" / "regions" / region)
    for language in ("nl", "vi"):
        shutil.rmtree(root / "locales" / language)
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project holding files nobody may publish."""
    folder = tmp_path / "outside"
    (folder / "deeper").mkdir(parents=True)
    (folder / "secret.md").write_text(f"{SECRET}\n::: fill case-study\n{SECRET}\n:::\n", encoding="utf-8")
    (folder / "shadow").write_text(f"{SECRET}:$6$hash\n", encoding="utf-8")
    (folder / "deeper" / "key.svg").write_text(f"<svg>{SECRET}</svg>", encoding="utf-8")
    (folder / "region.yml").write_text(f"id: evil\nname: {SECRET}\nlanguages: [en]\n", encoding="utf-8")
    return folder


def diagnostics(root: Path) -> list[Diagnostic]:
    return check(root).report.sorted()


def codes_at(found: list[Diagnostic], code: str) -> list[tuple[str, int | None]]:
    return [(d.span.path, d.line) for d in found if d.code == code]


def assert_well_formed(found: list[Diagnostic]) -> None:
    for diagnostic in found:
        assert diagnostic.code in CODES, diagnostic
        assert diagnostic.span.path, diagnostic


def assert_nothing_quoted(found: list[Diagnostic]) -> None:
    for diagnostic in found:
        assert SECRET not in diagnostic.to_text(), diagnostic.to_text()
        assert "outside/" not in diagnostic.to_text(), diagnostic.to_text()


def tree_contains(folder: Path, needle: bytes) -> list[Path]:
    if not folder.exists():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


# --- symbolic links -----------------------------------------------------------------------------


def test_assets_folder_linked_to_etc_is_reported_and_never_copied(project: Path, outside: Path):
    (project / "curriculum" / "assets" / "etc").symlink_to("/etc")
    (project / "curriculum" / "assets" / "leak").symlink_to(outside)
    (project / "curriculum" / "assets" / "nested").mkdir()
    (project / "curriculum" / "assets" / "nested" / "key.svg").symlink_to(outside / "deeper" / "key.svg")
    (project / "curriculum" / "assets" / "same.svg").symlink_to("five-pillars.svg")  # stays inside
    run = run_glocal("-C", project, "build", "global/en")
    assert (project / "site" / "global" / "en" / "index.html").is_file(), run.err
    assert "Traceback" not in run.err
    assert "curriculum/assets/etc: error GL013:" in run.err
    assert "curriculum/assets/leak: error GL013:" in run.err
    assert "curriculum/assets/nested/key.svg: error GL013:" in run.err
    assert (
        "same.svg: error" not in run.err and "GL013: curriculum/assets/same.svg" not in run.err
    )  # a link inside is fine
    found = diagnostics(project)
    assert codes_at(found, "GL114") == []
    assert SECRET not in run.err + run.out and " /etc" not in run.err and "/etc/" not in run.err
    for folder in (project / "site", project / ".glocal"):
        assert tree_contains(folder, SECRET.encode()) == []
        assert not [p for p in folder.rglob("*") if p.name in ("shadow", "passwd", "hostname")]
    assets = project / "site" / "global" / "en" / "assets"
    assert (assets / "same.svg").is_file() and (assets / "five-pillars.svg").is_file()
    assert not (assets / "etc").exists() and not (assets / "leak").exists()


@pytest.mark.parametrize(
    "link, target",
    [
        (OVERLAY, "secret.md"),  # a linked overlay would publish the target as a local adaptation
        ("toolkits/regions/nordics/trainer-as-performance-coach.md", "shadow"),
        ("curriculum/modules/leaked.md", "shadow"),  # a draft module: diagnostics once quoted line 1
        ("toolkits/ttt/measuring-what-matters.md", "secret.md"),
        ("toolkits/regions/evil", "."),  # a whole region folder
        ("curriculum/modules/sub", "deeper"),  # a folder below a scanned one
        ("toolkits/regions/nordics/region.yml", "region.yml"),
        ("toolkits/ttt/certification.yml", "shadow"),
        ("mkdocs.yml", "shadow"),
    ],
)
def test_a_link_out_of_the_project_is_gl013_at_the_link_and_never_read(
    project: Path, outside: Path, link: str, target: str
):
    path = project / link
    if path.exists():
        path.unlink()
    path.symlink_to(outside / target)
    found = diagnostics(project)
    assert_well_formed(found)
    assert_nothing_quoted(found)
    assert (link, None) in codes_at(found, "GL013")
    result = check(project)
    for composed in result.composed.values():
        for page in composed.pages:
            assert SECRET not in page.markdown


class FifoWatch:
    """A FIFO outside the project that notices when anything opens it for reading (and then
    gives that reader an end of file at once, so nothing hangs)."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.opened = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader yet
                time.sleep(0.005)
                continue
            self.opened.set()
            os.write(fd, SECRET.encode())
            os.close(fd)
            time.sleep(0.2)  # no writer for a while: the reader sees the end of the file

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def test_check_stage_never_opens_a_file_outside_the_project(project: Path, outside: Path):
    watch = FifoWatch(outside / "pipe")
    try:
        for link in ("curriculum/assets/pipe", "toolkits/ttt/pipe.md", "curriculum/modules/pipe.md"):
            (project / link).symlink_to(outside / "pipe")
        po = project / "locales" / "da" / "curriculum" / "modules" / "measuring-what-matters.po"
        po.unlink()
        po.symlink_to(outside / "pipe")
        found = diagnostics(project)
    finally:
        watch.close()
    assert len(codes_at(found, "GL013")) == 4
    assert not watch.opened.is_set(), "a file outside the project was opened"


@pytest.mark.parametrize("command", [["check"], ["build", "global/en"]])
def test_commands_never_open_a_file_outside_the_project(project: Path, outside: Path, command: list[str]):
    watch = FifoWatch(outside / "pipe")
    try:
        (project / "curriculum" / "assets" / "pipe").symlink_to(outside / "pipe")
        (project / "toolkits" / "ttt" / "pipe.md").symlink_to(outside / "pipe")
        run = run_glocal("-C", project, *command)
    finally:
        watch.close()
    assert "Traceback" not in run.err
    assert "curriculum/assets/pipe: error GL013:" in run.out + run.err
    assert not watch.opened.is_set(), "a file outside the project was opened"


def test_program_linked_out_of_the_project_stops_with_gl013(project: Path, outside: Path):
    (project / "curriculum" / "program.yml").unlink()
    (project / "curriculum" / "program.yml").symlink_to(outside / "shadow")
    found = diagnostics(project)
    assert codes_at(found, "GL013") == [("curriculum/program.yml", None)]
    assert_nothing_quoted(found)


def test_image_through_a_link_out_of_the_project_is_gl114(project: Path, outside: Path):
    (project / "curriculum" / "assets" / "leak").symlink_to(outside)
    append(project, MODULE, "\n![Key](../assets/leak/deeper/key.svg)\n")
    found = diagnostics(project)
    assert [p for p, _ in codes_at(found, "GL114")] == [MODULE]
    assert "symbolic link" in next(d.message for d in found if d.code == "GL114")
    assert_nothing_quoted(found)


def test_links_that_stay_inside_the_project_are_followed(project: Path):
    (project / "shared").mkdir()
    shutil.move(project / OVERLAY, project / "shared" / "overlay.md")
    (project / OVERLAY).symlink_to(project / "shared" / "overlay.md")
    (project / "curriculum" / "assets" / "loop").symlink_to("..")  # a loop ends, is not an error
    found = diagnostics(project)
    assert codes_at(found, "GL013") == []
    assert check(project).project.overlay("nordics", "measuring-what-matters") is not None


def test_theme_custom_dir_outside_the_project_is_gl013(project: Path, outside: Path):
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text(encoding="utf-8").replace("theme:\n", f"theme:\n  custom_dir: {outside}\n", 1),
        encoding="utf-8",
    )
    found = diagnostics(project)
    line = next(
        n for n, text in enumerate(mkdocs.read_text(encoding="utf-8").split("\n"), 1) if "custom_dir" in text
    )
    assert codes_at(found, "GL013") == [("mkdocs.yml", line)]
    assert_nothing_quoted([d for d in found if d.code != "GL013"])


@pytest.mark.parametrize("folder", ["overrides", "x" * 5000, "bad\u0000name"])
def test_theme_custom_dir_that_is_no_folder_is_gl019_for_check_and_build(project: Path, folder: str):
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    mkdocs.write_text(text.replace("theme:\n", f"theme:\n  custom_dir: {folder!r}\n", 1), encoding="utf-8")
    assert [d.span.path for d in diagnostics(project) if d.code == "GL019"] == ["mkdocs.yml"]
    if len(folder) > 255:  # the name the system refuses: the build stops on GL019 too
        built = run_glocal("-C", project, "build", "global/en")
        assert built.code == 1 and "GL019" in built.err and "Traceback" not in built.err


def test_catalog_linked_out_of_the_project_is_not_quoted(project: Path, outside: Path):
    po = project / "locales" / "da" / "curriculum" / "modules" / "measuring-what-matters.po"
    po.unlink()
    po.symlink_to(outside / "shadow")
    found = diagnostics(project)
    assert ("locales/da/curriculum/modules/measuring-what-matters.po", None) in codes_at(found, "GL013")
    assert_nothing_quoted(found)


def test_termbase_linked_out_of_the_project_is_gl013_and_never_quoted(project: Path, outside: Path):
    """GL313 quoted the first line of a termbase it could not use: through a link, a line of any
    file the account could read."""
    (project / "locales" / "glossary.csv").symlink_to(outside / "shadow")
    found = diagnostics(project)
    assert codes_at(found, "GL013") == [("locales/glossary.csv", None)]
    assert not codes_at(found, "GL313")
    assert_nothing_quoted(found)


def test_an_oversized_or_fifo_catalog_is_diagnosed_never_read(project: Path):
    po = project / "locales" / "da" / "curriculum" / "modules" / "measuring-what-matters.po"
    original = po.read_bytes()
    with po.open("ab") as handle:  # a valid catalog, padded with comment lines past the limit
        line = b"# " + b"x" * 1000 + b"\n"
        handle.write(line * (MAX_CATALOG_BYTES // len(line) + 1))
    found = diagnostics(project)
    assert ("locales/da/curriculum/modules/measuring-what-matters.po", None) in codes_at(found, "GL014")
    po.unlink()
    os.mkfifo(po)  # opened, it would block forever: the check passes it by as a missing catalog
    assert not codes_at(diagnostics(project), "GL014")
    relpath = "locales/da/curriculum/modules/measuring-what-matters.po"
    _, problems = catalog.read(po, relpath)  # named directly (`i18n merge`): said, not opened
    assert [(d.code, d.span.path) for d in problems] == [("GL301", relpath)]
    po.unlink()
    po.write_bytes(original)
    assert not codes_at(diagnostics(project), "GL014")


def test_a_catalog_larger_than_its_source_allows_is_gl014_never_read_nor_rewritten(project: Path):
    """600,000 short messages fit in the 20 MB limit and took 7.7 s and 1.2 GiB to read, for each
    of a language's catalogs. A catalog of the project may be 20 times its source and 256 KiB,
    and hold 50,000 messages (obsolete ones count): past either it is GL014 and not read, its
    language falls back to the source, and `i18n update` leaves it as it is. `i18n merge` of
    files named on the command line (a translator's own big catalogs) is bounded by neither."""
    relpath = "locales/da/curriculum/modules/measuring-what-matters.po"
    po = project / relpath
    long = "x" * 180
    obsolete = "".join(f'\n#~ msgid "m{i}"\n#~ msgstr "{long}"\n' for i in range(1_200))
    unused = "".join(f'\nmsgid "n{i}"\nmsgstr "{long}"\n' for i in range(1_200))
    po.write_text(po.read_text(encoding="utf-8") + obsolete + unused, encoding="utf-8")
    source = (project / MODULE).stat().st_size
    assert 20 * source + 256 * 1024 < po.stat().st_size
    before = po.read_bytes()
    [problem] = [d for d in diagnostics(project) if d.code == "GL014"]
    assert problem.span.path == relpath, problem
    assert f"more than Glocal reads for a catalog of a {source:,}-byte file" in problem.message
    run = run_glocal("-C", project, "i18n", "update", "--lang", "da")
    assert po.read_bytes() == before, run.err
    assert f"{relpath}: error GL014" in run.err
    append(project, MODULE, "\n```\n" + ("y" * 99 + "\n") * 10_000 + "```\n")  # a 1 MB source
    held = sum(
        1 for line in po.read_text(encoding="utf-8").splitlines() if line.startswith(("msgid ", "#~ msgid "))
    )
    assert not [d for d in diagnostics(project) if d.code == "GL014"]  # 2,400 and its own: read
    more = MAX_CATALOG_MESSAGES - held + 1  # one past, its header counted
    append(project, relpath, "".join(f'\nmsgid "o{i}"\nmsgstr "x"\n' for i in range(more)))
    [problem] = [d for d in diagnostics(project) if d.code == "GL014"]
    assert problem.span.path == relpath and "holds 50,001 messages" in problem.message, problem
    template = "locales/templates/curriculum/modules/measuring-what-matters.pot"
    merged = run_glocal("-C", project, "i18n", "merge", relpath, template, "-o", "merged.po")
    assert merged.code == 0 and (project / "merged.po").stat().st_size > MAX_CATALOG_MESSAGES * 10, merged.err


# --- sizes, numbers and nesting -------------------------------------------------------------------


def append(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def in_front_matter(root: Path, relpath: str, line: str) -> int:
    """Insert `line` as the front matter's first key; returns its 1-based line number."""
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{line}\n", 1), encoding="utf-8")
    return 2


def test_a_title_or_name_shown_on_every_page_is_at_most_300_characters(project: Path):
    """A region's name is in every page's header and every slot's title, a module's title in
    every page's navigation: a 42 KB region name made a Nordic site 18 MB instead of 4. Past 300
    characters each is an error at its line; at 300 it is fine."""
    region = project / "toolkits/regions/nordics/region.yml"
    text = region.read_text(encoding="utf-8")
    region.write_text(text.replace("name: Nordics\n", f"name: {'N' * 301}\n", 1), encoding="utf-8")
    module = project / MODULE
    body = module.read_text(encoding="utf-8")
    title = next(line for line in body.splitlines() if line.startswith("title: "))
    module.write_text(body.replace(title, f"title: {'T' * 301}", 1), encoding="utf-8")
    title_line = body.splitlines().index(title) + 1
    found = [
        (d.code, d.span.path, d.line) for d in diagnostics(project) if "at most 300 characters" in d.message
    ]
    assert sorted(found) == sorted(
        [("GL203", "toolkits/regions/nordics/region.yml", 2), ("GL103", MODULE, title_line)]
    ), found
    region.write_text(text.replace("name: Nordics\n", f"name: {'N' * 300}\n", 1), encoding="utf-8")
    module.write_text(body.replace(title, f"title: {'T' * 300}", 1), encoding="utf-8")
    assert not [d for d in diagnostics(project) if "at most 300 characters" in d.message]


def test_integer_of_5000_digits_in_yaml_is_gl016(project: Path):
    program = project / "curriculum" / "program.yml"
    lines = program.read_text(encoding="utf-8").count("\n")
    append(project, "curriculum/program.yml", "huge: " + "9" * 5000 + "\n")
    found = diagnostics(project)
    assert codes_at(found, "GL016") == [("curriculum/program.yml", lines + 1)]
    assert "5,000 digits" in next(d.message for d in found if d.code == "GL016")


def test_integer_of_5000_digits_in_front_matter_is_gl016_at_its_line(project: Path):
    line = in_front_matter(project, MODULE, "duration: " + "9" * 5000)
    found = diagnostics(project)
    assert codes_at(found, "GL016") == [(MODULE, line)]


def test_hex_integer_and_quoted_digits(project: Path):
    append(project, "toolkits/regions/nordics/region.yml", "\nextra: 0x" + "f" * 5000 + "\n")
    found = diagnostics(project)
    assert [p for p, _ in codes_at(found, "GL016")] == ["toolkits/regions/nordics/region.yml"]


def test_quoted_long_digits_are_text_not_a_number(project: Path):
    path = project / "toolkits" / "regions" / "nordics" / "region.yml"
    text = path.read_text(encoding="utf-8").replace("vars:\n", 'vars:\n  long: "' + "1" * 5000 + '"\n', 1)
    path.write_text(text, encoding="utf-8")
    assert codes_at(diagnostics(project), "GL016") == []


@pytest.mark.parametrize("value", ["2026-13-45", "2026-02-30"])
def test_impossible_date_in_yaml_is_a_syntax_diagnostic_at_its_line(project: Path, value: str):
    line = in_front_matter(project, MODULE, f"reviewed: {value}")
    found = diagnostics(project)
    assert (MODULE, line) in codes_at(found, "GL101")
    assert any("invalid YAML value" in d.message for d in found if d.code == "GL101")


@pytest.mark.parametrize(
    "nested",
    [
        "deep: " + "[" * 3000 + "]" * 3000 + "\n",
        "deep:\n" + "".join("  " * i + "a:\n" for i in range(1, 1500)),
        "deep: " + "{a: " * 3000 + "x" + "}" * 3000 + "\n",
    ],
    ids=["flow-lists", "block-mappings", "flow-mappings"],
)
def test_yaml_nested_3000_deep_is_gl015(project: Path, nested: str):
    append(project, "curriculum/program.yml", nested)
    found = diagnostics(project)
    assert [p for p, _ in codes_at(found, "GL015")] == ["curriculum/program.yml"]
    assert_well_formed(found)


def test_yaml_alias_bomb_is_gl015(project: Path):
    bomb = "\nbomb:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"  {c}: &{c} [" + ", ".join([f"*{p}"] * 10) + "]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    append(project, "toolkits/regions/nordics/region.yml", bomb)
    start = time.monotonic()
    found = diagnostics(project)
    assert time.monotonic() - start < 30
    assert [p for p, _ in codes_at(found, "GL015")] == ["toolkits/regions/nordics/region.yml"]


@pytest.mark.parametrize(
    "fences",
    [
        "::: facilitator\n" * 3000 + ":::\n" * 3000,
        "".join(":" * (3003 - i) + " callout\n" for i in range(3000)),
        "::: facilitator\n" * 3000,  # never closed
    ],
    ids=["same-fences", "pandoc-nesting", "unclosed"],
)
def test_containers_nested_3000_deep_are_gl120(project: Path, fences: str):
    lines = (project / MODULE).read_text(encoding="utf-8").count("\n")
    append(project, MODULE, "\n" + fences)
    found = diagnostics(project)
    assert codes_at(found, "GL120") == [(MODULE, lines + 2 + 32)]
    assert_well_formed(found)


def test_containers_that_would_indent_a_text_past_the_bound_are_gl124_and_not_rendered(project: Path):
    """31 levels (under GL120's 32) around 17,000 one-letter lines: a 35 KB module that would be
    a 2.1 MB page on every site (four spaces a level on every line inside; the bound is 2 MiB).
    It is GL124, its sites are not built, and it is composed as written: each site's page stays
    about its size."""
    depth, count = 31, 17_000
    append(project, MODULE, "\n" + "::: activity {duration=5}\n" * depth + "x\n" * count + ":::\n" * depth)
    result = check(project)
    found = result.report.sorted()
    heavy = [d for d in found if d.code == "GL124"]
    assert [d.span.path for d in heavy] == [MODULE] and "would indent it by" in heavy[0].message, heavy
    assert not any(d.code == "GL120" for d in found)
    source = (project / MODULE).stat().st_size
    pages = [
        p
        for composed in result.composed.values()
        for p in composed.pages
        if p.module_id == "measuring-what-matters"
    ]
    assert len(pages) == len(result.composed)
    for page in pages:
        # shown as written (where untranslated, the paragraph is marked at its two ends)
        assert page.markdown.split("\n").count("x") >= count - 2
        assert len(page.markdown) < 2 * source and len(page.handout) < 2 * source
    assert {s.status for s in result.summaries} == {"blocked"}
    assert_well_formed(found)


def test_a_fill_its_slot_would_indent_past_the_bound_is_gl124_and_not_placed(project: Path):
    """A slot nested 20 deep in the module (under GL120's 32) indents each line of its fill by
    80 more bytes on the page than the overlay's own nesting counts: a code block of 29,998
    one-letter lines, a 60 KB overlay, would make a 2.4 MB page on each of the region's sites.
    The fill is GL124 at its own line, the region's sites are not built, and its slot shows the
    module's default; other regions' fills of the same slot are placed as usual."""
    depth, count = 20, 29_998  # and the code block's two fences: 30,000 lines
    module = (project / MODULE).read_text(encoding="utf-8")
    start = module.index("::: slot case-study\n")
    end = module.index("\n:::\n", start) + len("\n:::\n")
    wrapped = "::: activity {duration=5}\n" * depth + module[start:end] + ":::\n" * depth
    (project / MODULE).write_text(module[:start] + wrapped + module[end:], encoding="utf-8")
    overlay = (project / OVERLAY).read_text(encoding="utf-8")
    body_start = overlay.index("\n", overlay.index("::: fill case-study")) + 1
    body_end = overlay.index("\n:::\n", body_start) + 1
    (project / OVERLAY).write_text(
        overlay[:body_start] + "```\n" + "x\n" * count + "```\n" + overlay[body_end:], encoding="utf-8"
    )
    result = check(project)
    found = result.report.sorted()
    heavy = [d for d in found if d.code == "GL124"]
    assert [(d.span.path, d.line) for d in heavy] == [(OVERLAY, 1)], heavy
    assert "would indent the fill by 2,400,000 bytes" in heavy[0].message
    assert not any(d.code in ("GL120", "GL209") for d in found)
    source = (project / OVERLAY).stat().st_size
    for site, composed in result.composed.items():
        page = next(p for p in composed.pages if p.module_id == "measuring-what-matters")
        assert len(page.markdown) < source, site
        assert ("Pinecrest Utilities" in page.markdown) != site.startswith("egypt/"), site  # a default
    blocked = {s.site for s in result.summaries if s.status == "blocked"}
    assert blocked == {site for site in result.composed if site.startswith("nordics/")} != set()
    assert_well_formed(found)


def test_a_module_of_more_fences_than_the_bound_is_gl124_and_read_as_text(project: Path):
    """12,000 fence lines: past MAX_FENCES the module is GL124 and read with no containers (its
    nest is never built in memory, in any language); its pages show the lines as text."""
    append(project, MODULE, "\n" + "::: facilitator\n" * 6_000 + ":::\n" * 6_000)
    result = check(project)
    found = result.report.sorted()
    heavy = [d for d in found if d.code == "GL124"]
    assert [d.span.path for d in heavy] == [
        MODULE
    ] and "fence lines ':::' in this text (at most 10,000)" in heavy[0].message, heavy
    assert not any(d.code == "GL120" for d in found)  # no container was opened, so none too deep
    source = (project / MODULE).stat().st_size
    for composed in result.composed.values():
        page = next(p for p in composed.pages if p.module_id == "measuring-what-matters")
        assert len(page.markdown) < 2 * source and "::: facilitator" in page.markdown
    assert {s.status for s in result.summaries} == {"blocked"}
    assert_well_formed(found)


def test_an_overlay_of_more_blocks_than_the_bound_is_gl124_and_read_as_text(project: Path):
    """200,000 one-letter paragraphs, a 600 KB overlay, were 600,000 tokens for markdown-it-py in
    each language's copy of the text (`check` of the sample: 20 s and 1.3 GB). Past
    MAX_BLOCK_TOKENS the parse stops: the overlay is GL124 as a whole text, not a missing slot,
    its region's sites are not built, and its pages show it as written."""
    overlay = (project / OVERLAY).read_text(encoding="utf-8")
    body_start = overlay.index("\n", overlay.index("::: fill case-study")) + 1
    body_end = overlay.index("\n:::\n", body_start) + 1
    (project / OVERLAY).write_text(
        overlay[:body_start] + "x\n\n" * 200_000 + overlay[body_end:], encoding="utf-8"
    )
    result = check(project)
    found = result.report.sorted()
    heavy = [d for d in found if d.code == "GL124"]
    assert [(d.span.path, d.line) for d in heavy] == [(OVERLAY, 1)], heavy
    assert heavy[0].message.startswith("text too heavy to render: over 50,000 block tokens"), heavy
    assert "several texts" in (heavy[0].hint or "")
    assert not [d for d in found if d.code in ("GL209", "GL210", "GL211") and d.span.path == OVERLAY]
    blocked = {s.site for s in result.summaries if s.status == "blocked"}
    assert blocked == {site for site in result.composed if site.startswith("nordics/")} != set()
    source = (project / OVERLAY).stat().st_size
    for site in blocked:
        page = next(p for p in result.composed[site].pages if p.module_id == "measuring-what-matters")
        assert len(page.markdown) < 2 * source, site
    assert_well_formed(found)


@pytest.mark.parametrize("value", ["9" * 5000, "²", "1234567"])
def test_activity_duration_that_is_no_small_number_is_gl118(project: Path, value: str):
    append(project, MODULE, "\n::: activity {duration=" + value + "}\nDo it.\n:::\n")
    found = diagnostics(project)
    assert any(d.code == "GL118" and "whole number of minutes" in d.message for d in found)
    assert_well_formed(found)


@pytest.mark.parametrize("section", ["competencies", "criteria"])
def test_competency_or_criterion_without_name_is_gl504(project: Path, section: str):
    path = project / "toolkits" / "ttt" / "certification.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(section)
    name = re.compile(r"\n\s*name: [^\n]*|, name: [^,}\n]*").search(text, start)
    assert name is not None
    path.write_text(text[: name.start()] + text[name.end() :], encoding="utf-8")
    found = diagnostics(project)
    assert any(d.code == "GL504" and "name" in d.message for d in found), [d.to_text() for d in found]
    assert_well_formed(found)


def test_file_over_the_size_limit_is_gl014_and_not_read(project: Path):
    path = project / "curriculum" / "modules" / "huge.md"
    path.write_text("---\nid: huge\ntitle: Huge\n---\n" + "x" * MAX_FILE_BYTES, encoding="utf-8")
    found = diagnostics(project)
    assert codes_at(found, "GL014") == [("curriculum/modules/huge.md", None)]
    assert not any(d.code == "GL106" and "huge" in d.span.path for d in found)


def test_fifo_is_gl010_not_a_hang(project: Path):
    os.mkfifo(project / "toolkits" / "ttt" / "blocked.md")
    found = diagnostics(project)
    assert ("toolkits/ttt/blocked.md", None) in codes_at(found, "GL010")


def test_non_utf8_bytes_are_gl010_with_position(project: Path):
    path = project / MODULE
    path.write_bytes(path.read_bytes().replace(b"\n\n", b"\n\xff\xfe\n", 1))
    found = diagnostics(project)
    assert [p for p, _ in codes_at(found, "GL010")] == [MODULE]


def test_names_too_long_for_the_file_system_are_diagnostics(project: Path):
    path = project / MODULE
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: measuring-what-matters", "id: " + "a" * 300, 1)
        + "\n[x]("
        + "b" * 300
        + ".md) ![y](../assets/"
        + "c" * 5000
        + ".svg) [z](d%00e.md)\n",
        encoding="utf-8",
    )
    found = diagnostics(project)
    assert [p for p, _ in codes_at(found, "GL107")] == [MODULE]
    assert len([d for d in found if d.code in ("GL113", "GL114") and d.span.path == MODULE]) >= 3


# --- templates ------------------------------------------------------------------------------------

NESTED_LOOPS = (
    "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}x"
    "{% endfor %}{% endfor %}{% endfor %}"
)
SILENT_LOOPS = "{% set r = range(100000)|list %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}done"


@pytest.mark.parametrize(
    "template",
    [
        NESTED_LOOPS,
        SILENT_LOOPS,
        "{{ 'x' * 1000000000 }}",
        "{{ 9 ** 99999999 }}",
        "{{ 'x' | center(1000000000) }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    ],
    ids=["nested-loops", "silent-loops", "repeat", "power", "center", "doubling"],
)
def test_expensive_template_in_an_overlay_is_gl219_quickly(project: Path, template: str):
    append(project, OVERLAY, "\n::: facilitator\nStart.\n\n" + template + "\n:::\n")
    start = time.monotonic()
    found = diagnostics(project)
    assert time.monotonic() - start < 30
    assert [p for p, _ in codes_at(found, "GL219")] == [OVERLAY], [d.to_text() for d in found]


def test_expensive_template_in_a_module_is_gl121(project: Path):
    append(project, MODULE, "\n" + NESTED_LOOPS + "\n")
    found = diagnostics(project)
    assert [p for p, _ in codes_at(found, "GL121")] == [MODULE]
    assert any("loop iterations" in d.message for d in found if d.code == "GL121")


def test_small_templates_still_render(project: Path):
    append(
        project,
        OVERLAY,
        "\n::: facilitator\n{% for i in range(3) %}[{{ i }}]{% endfor %} {{ region.name }}\n:::\n",
    )
    result = check(project)
    assert not [d for d in result.report.diagnostics if d.code in ("GL121", "GL219", "GL217")]
    page = next(p for p in result.composed["nordics/en"].pages if p.module_id == "measuring-what-matters")
    assert "[0][1][2] Nordics" in page.markdown


# --- exit codes -----------------------------------------------------------------------------------


def test_missing_catalog_given_to_i18n_merge_exits_2(project: Path):
    run = run_glocal("-C", project, "i18n", "merge", "missing.po", "also-missing.pot", "-o", "out.po")
    assert run.code == 2
    assert "missing.po" in run.err and "Traceback" not in run.err
    assert not (project / "out.po").exists()
