"""Shared helpers: the sample project, copies of projects, running the CLI in-process."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import functools
import io
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
import yaml

from glocal.cli import main
from glocal.diagnostics import Span
from glocal.model import Certification, Competency, Criterion, Issuer, Requirements

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_PARTS = ("curriculum", "toolkits", "locales", "mkdocs.yml")


@dataclass
class Run:
    code: int
    out: str
    err: str


def dialect_markdown(toc: bool = True):  # -> markdown.Markdown
    """Python-Markdown with the extensions every site's mkdocs.yml lists (`REQUIRED_EXTENSIONS`:
    a name, or {name: settings}); `toc=False` leaves out the headings' permalinks."""
    import markdown

    from glocal.markdown.dialect import REQUIRED_EXTENSIONS

    names, configs = [], {}
    for extension in REQUIRED_EXTENSIONS:
        if isinstance(extension, dict):
            configs.update(extension)
            names += list(extension)
        else:
            names.append(extension)
    if not toc:
        names = [name for name in names if name != "toc"]
        configs.pop("toc", None)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def composed_page(text: str) -> str:
    """`text` as a page shows it: lists indented, containers made admonitions, rendered (no
    permalinks)."""
    from glocal.compose.render import Renderer
    from glocal.i18n.ui import ENGLISH, Labels
    from glocal.markdown.blocks import parse
    from glocal.markdown.dialect import squeeze
    from glocal.markdown.lists import for_python_markdown
    from glocal.model import Region

    parsed = for_python_markdown(parse(text))
    region = Region("north", "North", ("en",), {}, "en", None, "09:00", {}, "", "")
    renderer = Renderer(parsed, Labels("en", dict(ENGLISH)), region, "en")
    lines = squeeze(renderer.range(0, len(parsed.lines), parsed.containers))
    return dialect_markdown(toc=False).convert("\n".join(lines))


def list_outline(html: str) -> list[tuple[int, str]]:
    """Each list item's first words, with how many list items it is inside."""
    from html.parser import HTMLParser

    class Outline(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.items: list[tuple[int, str]] = []
            self.depth = 0
            self.fresh = False

        def handle_starttag(self, tag, attrs):
            if tag == "li":
                self.depth += 1
                self.fresh = True

        def handle_endtag(self, tag):
            if tag == "li":
                self.depth -= 1

        def handle_data(self, data):
            if self.fresh and data.strip():
                self.items.append((self.depth, data.strip()))
                self.fresh = False

    parser = Outline()
    parser.feed(html)
    return parser.items


def run_glocal(*args) -> Run:
    """`glocal ARGS` in-process with its output captured.

    Usable where capsys is not, e.g. in module-scoped fixtures.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def import_and_build(lesson: Path, project: Path) -> tuple[Run, Run]:
    """`glocal import workbench LESSON --into PROJECT`, then `glocal build` of the new project:
    both runs, each asserted to succeed."""
    done = run_glocal("import", "workbench", lesson, "--into", project)
    assert done.code == 0, done.err
    built = run_glocal("-C", project, "build")
    assert built.code == 0, built.out + built.err
    return done, built


@pytest.fixture
def glocal(capsys):
    """Run `glocal ARGS...` in-process and return its exit code and output."""

    def run(*args: str) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def copy_sample(dest: Path) -> Path:
    """A copy of the repository's sample program (never build inside the checkout)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        else:
            shutil.copy2(source, dest / part)
    return dest


def po_entry_line(path: Path, msgid: str) -> int:
    """1-based line where the entry for `msgid` begins in the PO file `path` (its first comment
    line), as GL3xx diagnostics report it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index(f'msgid "{polib.escape(msgid)}"')
    while index > 0 and lines[index - 1].startswith("#"):
        index -= 1
    return index + 1


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


# ------------------------------------------------------------------------------ a small sample

#: The sample cohort's roster, relative to the repository (the sample) or to a small copy of it.
ROSTER = Path("examples") / "cohort-vietnam.csv"
#: How many modules a small copy keeps: two, so that a trainee can attend one and miss the other.
SMALL_MODULES = 2
_MODULE_LINK = re.compile(r"\]\(([\w-]+)\.md(?:#[^)]*)?\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\(")


def _read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write_yaml(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")


def _program_modules(root: Path) -> list[str]:
    return _read_yaml(root / "curriculum" / "program.yml")["modules"]


def _links_to_other_modules(root: Path, module_id: str, modules: list[str]) -> set[str]:
    """The other modules of `modules` that the module's page, its guide or an overlay links to."""
    pages = [
        root / "curriculum" / "modules" / f"{module_id}.md",
        root / "toolkits" / "ttt" / f"{module_id}.md",
    ]
    pages += (root / "toolkits" / "regions").glob(f"*/{module_id}.md")
    linked = {
        found for page in pages if page.is_file() for found in _MODULE_LINK.findall(page.read_text("utf-8"))
    }
    return (linked & set(modules)) - {module_id}


def _day_plan(days: list, kept: list[str]) -> list:
    """`days:` with only the kept modules, and a break or lunch only where a module comes before it."""
    plan = []
    for day in days:
        items: list = []
        for item in day:
            pause_after_a_module = not isinstance(item, str) and bool(items) and isinstance(items[-1], str)
            if item in kept or pause_after_a_module:
                items.append(item)
        while items and not isinstance(items[-1], str):
            items.pop()
        if items:
            plan.append(items)
    return plan


def _small_roster(rows: list[dict], modules: list[str], kept: list[str]) -> list[dict]:
    """The sample's roster rows for a program of only the `kept` modules, each trainee keeping
    their outcome: an `attended` list keeps the kept modules the trainee attended, and a trainee
    who missed a module of the sample misses the last kept one."""
    small = []
    for row in rows:
        row = dict(row)
        if row["attended"].strip().lower() != "all":
            attended = {module.strip() for module in row["attended"].split(";")}
            missed = any(module not in attended for module in modules)
            row["attended"] = ";".join(m for m in (kept[:-1] if missed else kept) if m in attended)
            assert row["attended"], f"trainee {row['id']} would attend none of {kept}"
        small.append(row)
    return small


def _trim(root: Path, kept: list[str]) -> Path:
    """Cut the copy of the sample at ROOT down to the `kept` modules, with its roster at ROSTER."""
    program_file = root / "curriculum" / "program.yml"
    program = _read_yaml(program_file)
    modules = program["modules"]
    dropped = [module for module in modules if module not in kept]
    program["modules"] = [module for module in modules if module in kept]
    program["days"] = _day_plan(program.get("days") or [], kept)
    pages = program.pop("pages", None) or []  # further pages link to modules that may be gone
    _write_yaml(program_file, program)

    certification_file = root / "toolkits" / "ttt" / "certification.yml"
    certification = _read_yaml(certification_file)
    required = certification["requirements"]["modules"]
    if isinstance(required, list):
        certification["requirements"]["modules"] = [module for module in required if module in kept]
        _write_yaml(certification_file, certification)

    # each dropped module's page, guide and overlays, and its entries in the adaptation locks
    removed = []  # the files removed, relative and without suffix: how their catalogs are named
    for page in pages:
        (root / "curriculum" / page).unlink()
        removed.append(Path("curriculum", page).with_suffix(""))
    folders = [Path("curriculum", "modules"), Path("toolkits", "ttt")]
    folders += sorted(region.relative_to(root) for region in (root / "toolkits" / "regions").iterdir())
    for folder in folders:
        for module in dropped:
            if (root / folder / f"{module}.md").is_file():
                (root / folder / f"{module}.md").unlink()
                removed.append(folder / module)
        lock_file = root / folder / "adapted.lock.yml"
        if lock_file.is_file():
            lock = _read_yaml(lock_file) or {}
            _write_yaml(lock_file, {module: slots for module, slots in lock.items() if module not in dropped})
    for catalog in sorted((root / "locales").glob("*/**/*.po*")):
        source = catalog.relative_to(root / "locales").with_suffix("")
        if Path(*source.parts[1:]) in removed:  # locales/<language or templates>/<source>.po(t)
            catalog.unlink()

    with (REPO / ROSTER).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    (root / ROSTER).parent.mkdir(parents=True, exist_ok=True)
    with (root / ROSTER).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_small_roster(rows, modules, kept))
    return root


@functools.cache
def small_modules() -> tuple[str, ...]:
    """The modules a small copy keeps: the first SMALL_MODULES of the sample's modules (in
    teaching order) that link to no module but each other, that between them show an image and
    link from one module to the other (as a pack's guide must embed and turn into links within
    it), and with which `glocal check` stays clean (a site's glocal budget depends on its modules).
    """
    modules = _program_modules(REPO)
    links = {module: _links_to_other_modules(REPO, module, modules) for module in modules}
    pages = {
        module: (REPO / "curriculum" / "modules" / f"{module}.md").read_text("utf-8") for module in modules
    }
    with tempfile.TemporaryDirectory() as scratch:
        for kept in itertools.combinations(modules, SMALL_MODULES):
            linked = set().union(*(links[module] for module in kept))
            if not linked or not linked <= set(kept) or not any(_IMAGE.search(pages[m]) for m in kept):
                continue
            trial = _trim(copy_sample(Path(scratch) / "-".join(kept)), list(kept))
            checked = run_glocal("-C", trial, "check")
            if checked.code == 0 and "\n0 error(s), 0 warning(s)" in f"\n{checked.out}":
                return kept
    raise AssertionError(f"no {SMALL_MODULES} modules of the sample make a small copy that checks clean")


def copy_small_sample(dest: Path) -> Path:
    """A copy of the sample cut down to `small_modules()`, with the sample's roster for it at
    ROSTER: every site checks clean and packs, in about half the time of the whole sample (a
    pack's facilitator guide and evaluation forms are per module; its other documents per trainee).

    Derived from the sample every time (so it follows the sample): program.yml's modules and
    day plan (and no further pages), the Train-the-Trainer guides, every region's overlays and
    adaptation lock, the catalogs of the files removed, and the roster's `attended` lists.
    """
    return _trim(copy_sample(dest), list(small_modules()))


@pytest.fixture
def small_sample(tmp_path: Path) -> Path:
    return copy_small_sample(tmp_path / "sample")


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on LOCK (a file) across processes: pytest-xdist workers."""
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _shared(tmp_path_factory, name: str, make) -> Path:
    """A folder made once per test run by `make(folder)` and shared, read-only, by every test.

    Under pytest-xdist the first worker that asks makes it in the run's shared temporary folder
    (the parent of each worker's own), and the others wait for it and reuse it.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / name
    with _exclusive(base / f"{name}.lock"):
        if not (folder / "done").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / "done").write_text("made\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The sample, built once per test run (read-only for tests)."""

    def make(folder: Path) -> None:
        code = main(["-C", str(copy_sample(folder / "sample")), "build"])
        assert code == 0, "the sample must build cleanly"

    return _shared(tmp_path_factory, "built-sample", make) / "sample"


#: The epoch every shared pack is made at (2023-11-14T22:13:20Z), and the pack's file name.
PACK_EPOCH = "1700000000"
SAMPLE_PACK = "vietnam-vi-cohort-vietnam.zip"


@pytest.fixture(scope="session")
def sample_pack(tmp_path_factory) -> Path:
    """A copy of the sample with an issuer key (`glocal keygen`) and its vietnam/vi pack for
    examples/cohort-vietnam.csv in dist/packs/, made once per test run at PACK_EPOCH. Read-only:
    a test that changes the project or the pack works on its own copy."""

    def make(folder: Path) -> None:
        root = copy_sample(folder / "sample")
        roster = REPO / ROSTER
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", PACK_EPOCH)
            assert main(["-C", str(root), "keygen"]) == 0
            assert main(["-C", str(root), "pack", "vietnam/vi", "--roster", str(roster)]) == 0

    return _shared(tmp_path_factory, "sample-pack", make) / "sample"


@pytest.fixture(scope="session")
def small_pack(tmp_path_factory) -> Path:
    """As `sample_pack` (the pack is dist/packs/SAMPLE_PACK too), for a small copy of the sample
    (`copy_small_sample`) and its roster: for tests of rosters, keys, signatures and paths, which
    need a pack but not the whole program."""

    def make(folder: Path) -> None:
        root = copy_small_sample(folder / "sample")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", PACK_EPOCH)
            assert main(["-C", str(root), "keygen"]) == 0
            # two PDF workers whatever the machine: a test packs it again with one and compares
            pack = ["pack", "vietnam/vi", "--roster", str(root / ROSTER), "-j", "2"]
            assert main(["-C", str(root), *pack]) == 0

    return _shared(tmp_path_factory, "small-pack", make) / "sample"


#: A certification of one competency, one criterion and four levels, for tests of what is made of one.
_TTT_SPAN = Span("toolkits/ttt/certification.yml")
TINY_CERTIFICATION = Certification(
    competencies=(Competency("partnering", "Partnering", _TTT_SPAN),),
    levels={1: "Not yet", 2: "Developing", 3: "Proficient", 4: "Exemplary"},
    criteria=(Criterion("opening", "Opening", "partnering", {1: "a", 2: "b", 3: "c", 4: "d"}, _TTT_SPAN),),
    requirements=Requirements(("intro",), 80.0, 3.0, 2),
    validity_months=24,
    issuer=Issuer("urn:x", "Issuer", "https://example.org", "x@example.org"),
)
