"""Golden tests: one tiny project per failure class under tests/fixtures/<case>/.

Each fixture folder is a complete project plus two files that are not part of it:

- `expected.txt`: the diagnostic lines `glocal check` prints (everything before the blank line
  that precedes the coverage matrix / summary), in printed order;
- `expected_exit`: the exit code of `glocal check`.

The expected files say what a user should see (the right line, column, code and wording), not
whatever the tool happens to print: a failing case here is a bug report.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES
from glocal.cli import main
from glocal.diagnostics import CODES

CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and (p / "expected.txt").is_file())
NOT_PROJECT_FILES = ("expected.txt", "expected_exit")
DIAGNOSTIC = re.compile(
    r"^(?P<path>[^\s:][^:]*)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<severity>error|warning|info) "
    r"(?P<code>GL\d{3}): "
)

#: Codes no fixture here can produce, and why.
NOT_EXERCISED = {
    "GL402": "MkDocs itself failing to build a site needs a broken theme or plugin, not a bad source file",
    "GL403": "a MkDocs build warning only appears during `build`, never in `check`",
    "GL404": (
        "a site named on the command line (`build nordics/xx`) is a usage error, not a project file problem"
    ),
}
#: Translation catalogs (GL3xx) need PO files under locales/; these fixtures are source projects in
#: the source language only, so the i18n tests own these codes.
NOT_EXERCISED.update(
    {
        code: "Train-the-Trainer, roster, pack and credential problems are covered by tests/test_packs.py, "
        "tests/test_roster.py and tests/test_credentials.py"
        for code in (
            "GL501",
            "GL502",
            "GL503",
            "GL504",
            "GL505",
            "GL506",
            "GL507",
            "GL508",
            "GL509",
            "GL510",
            "GL511",
            "GL512",
            "GL513",
            "GL514",
            "GL520",
            "GL521",
            "GL522",
            "GL523",
            "GL524",
            "GL525",
            "GL526",
            "GL527",
            "GL530",
            "GL531",
            "GL532",
        )
    }
)
NOT_EXERCISED.update(
    {
        code: "trust, verify limits, roster collisions and key safety are covered by tests/packs/"
        "test_tamper.py, test_verify_limits.py and test_pack_hardening.py"
        for code in (
            "GL533",
            "GL534",
            "GL535",
            "GL536",
            "GL537",
            "GL538",
            "GL539",
            "GL540",
            "GL541",
            "GL542",
            "GL543",
            "GL544",
            "GL545",
            "GL546",
            "GL547",
        )
    }
)
NOT_EXERCISED.update(
    {
        "GL017": "a mkdocs.yml tag that runs code is covered by tests/load/test_mkdocs_config.py",
        "GL018": "INHERIT out of the project or in a loop is covered by tests/load/test_mkdocs_config.py",
        "GL019": "a custom_dir that is no folder is covered by tests/load/test_hostile_inputs.py",
        "GL408": "`--out` is a command-line choice, covered by tests/pipeline/test_output_guard.py",
    }
)
NOT_EXERCISED.update(
    {
        code: "`glocal import workbench` reads a lesson folder, not a project: covered by "
        "tests/pipeline/test_workbench.py"
        for code in ("GL122", "GL123")
    }
)
NOT_EXERCISED.update(
    {
        code: "`glocal import workbench --update` merges a lesson into a programme: covered by "
        "tests/pipeline/test_workbench_update.py"
        for code in ("GL125", "GL126", "GL127")
    }
)
NOT_EXERCISED["GL336"] = (
    "`glocal i18n align` is given its files on the command line: covered by "
    "tests/pipeline/test_workbench_translation.py"
)
NOT_EXERCISED["GL128"] = (
    "`glocal import workbench --translation` is given a lesson's language on the command line: "
    "covered by tests/pipeline/test_workbench_translation.py"
)
NOT_EXERCISED["GL223"] = (
    "a region, module or slot named on the command line (`adapt accept`, `status`) is covered by "
    "tests/pipeline/test_drift.py"
)
NOT_EXERCISED["GL410"] = (
    "a page named on the command line (`explain SITE PAGE`) is covered by tests/pipeline/test_explain.py"
)
NOT_EXERCISED["GL407"] = (
    "assembling shard outputs is a build step, covered by tests/pipeline/test_incremental_build.py"
)
NOT_EXERCISED.update(
    {
        "GL405": "a language MkDocs Material lacks is covered by tests/build/test_site_languages.py",
        "GL406": "a language search cannot stem is covered by tests/build/test_site_languages.py",
    }
)
NOT_EXERCISED.update(
    {
        code: "hostile inputs (links out of the project, 5 MB files, 3,000-deep nesting, runaway "
        "templates) are built by tests/load/test_hostile_inputs.py, not committed as fixtures"
        for code in ("GL013", "GL014", "GL015", "GL016", "GL120", "GL121", "GL219")
    }
)
NOT_EXERCISED["GL124"] = "a block too heavy to render is built by tests/build/test_heavy_blocks.py"
NOT_EXERCISED.update(
    {
        code: "translation catalogs (locales/**/*.po) are covered by the i18n tests, not by these fixtures"
        for code in (
            "GL301",
            "GL302",
            "GL303",
            "GL304",
            "GL305",
            "GL306",
            "GL307",
            "GL308",
            "GL309",
            "GL310",
            "GL311",
            "GL312",
            "GL313",
            "GL314",
            "GL315",
            "GL316",
            "GL317",
            "GL318",
            "GL319",
            "GL320",
            "GL321",
            "GL322",
            "GL323",
            "GL324",
            "GL325",
            "GL326",
            "GL327",
            "GL328",
            "GL330",
            "GL331",
            "GL332",
            "GL333",
            "GL335",
            "GL337",
            "GL338",
            "GL339",
        )
    }
)
NOT_EXERCISED["GL334"] = (
    "diagrams are read for translation only when a site has another language; tests/i18n/test_svg.py "
    "checks a hostile SVG"
)


def _exit_of(case: str) -> int:
    return int((FIXTURES / case / "expected_exit").read_text().strip())


ERROR_CASES = [case for case in CASES if _exit_of(case) != 0]
CLEAN_CASES = [case for case in CASES if _exit_of(case) == 0]


def _copy(case: str, tmp_path: Path) -> Path:
    project = tmp_path / case
    shutil.copytree(FIXTURES / case, project, ignore=shutil.ignore_patterns(*NOT_PROJECT_FILES))
    return project


def _expected(case: str) -> tuple[list[str], int]:
    lines = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()], int(
        (FIXTURES / case / "expected_exit").read_text().strip()
    )


def _run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _diagnostic_lines(out: str) -> list[str]:
    """The lines before the first blank line (the coverage matrix and summary follow it)."""
    lines = []
    for line in out.splitlines():
        if not line.strip():
            break
        lines.append(line)
    return lines


@pytest.fixture(params=CASES)
def case(request) -> str:
    return request.param


def test_check_prints_to_the_current_stdout(tmp_path):
    """In-process callers (tests, notebooks, IDE plugins) redirect sys.stdout after importing glocal."""
    project = _copy("module-listed-twice", tmp_path)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(io.StringIO()):
        main(["-C", str(project), "check"])
    assert "GL007" in buffer.getvalue()


def test_every_fixture_is_complete():
    assert len(CASES) >= 40
    for name in CASES:
        folder = FIXTURES / name
        assert (folder / "expected_exit").is_file(), f"{name}: expected_exit is missing"
        if name != "no-program":
            assert (folder / "curriculum" / "program.yml").is_file(), f"{name}: no program.yml"
        assert list((folder / "curriculum" / "modules").glob("*.md")), f"{name}: no module"
        assert list((folder / "toolkits" / "regions").glob("*/")), f"{name}: no region folder"


def test_check_text_matches_golden(case, tmp_path_factory, capsys):
    expected, expected_exit = _expected(case)
    check = _build_outcome(case, tmp_path_factory, capsys).check("text")
    assert "Traceback" not in check.out + check.err
    actual = _diagnostic_lines(check.out)
    assert actual == expected
    assert check.code == expected_exit


def test_check_json_agrees_with_text(case, tmp_path_factory, capsys):
    outcome = _build_outcome(case, tmp_path_factory, capsys)
    text_codes = []
    for line in _diagnostic_lines(outcome.check("text").out):
        match = DIAGNOSTIC.match(line)
        assert match, f"not a diagnostic line: {line!r}"
        text_codes.append(match["code"])

    check = outcome.check("json")
    assert "Traceback" not in check.out + check.err
    data = json.loads(check.out)
    assert isinstance(data, dict) and isinstance(data.get("diagnostics"), list)
    for diagnostic in data["diagnostics"]:
        assert {"path", "line", "col", "code", "severity", "message"} <= diagnostic.keys(), diagnostic
        assert diagnostic["code"] in CODES
        assert diagnostic["severity"] in ("error", "warning", "info")
        assert (diagnostic["line"] is None) == (diagnostic["col"] is None)
        if diagnostic["line"] is not None:
            assert diagnostic["line"] >= 1 and diagnostic["col"] >= 1
    assert [d["code"] for d in data["diagnostics"]] == text_codes


def test_check_github_format_has_one_annotation_per_diagnostic(case, tmp_path_factory, capsys):
    outcome = _build_outcome(case, tmp_path_factory, capsys)
    check = outcome.check("github")
    assert "Traceback" not in check.out + check.err
    annotations = [line for line in check.out.splitlines() if line.startswith("::")]
    assert len(annotations) == len(_diagnostic_lines(outcome.check("text").out))
    for line in annotations:
        assert re.match(r"^::(error|warning|notice) file=[^,]+(,line=\d+,col=\d+)?,title=GL\d{3}::", line), (
            line
        )


@dataclass
class Run:
    args: list[str]
    code: int | None
    out: str
    err: str
    raised: str | None  # the traceback of an exception that escaped main()


@dataclass
class BuildOutcome:
    project: Path
    had_previous_site: bool
    runs: list[Run]
    marker_survived: bool

    @property
    def build(self) -> Run:
        return self.runs[-1]

    def check(self, output: str) -> Run:
        """`check` printing `text`, `json` or `github`: the first run is the text one, on a fresh copy."""
        return self.runs[("text", "json", "github").index(output)]


_OUTCOMES: dict[str, BuildOutcome] = {}


def _build_outcome(case: str, tmp_path_factory, capsys) -> BuildOutcome:
    """check, check --format json, check --format github, then build, once per fixture (the check
    and build tests share them: one copy, the first check cold, the others replaying its result
    as they would for a user).

    When the fixture has errors, a previous `site/marker.txt` is planted first: a build that
    cannot build must leave the previous output alone.
    """
    if case in _OUTCOMES:
        return _OUTCOMES[case]
    project = _copy(case, tmp_path_factory.mktemp("build"))
    has_errors = _expected(case)[1] != 0
    if has_errors:
        (project / "site").mkdir()
        (project / "site" / "marker.txt").write_text("previous build\n", encoding="utf-8")
    runs = []
    for args in (["check"], ["check", "--format", "json"], ["check", "--format", "github"], ["build"]):
        capsys.readouterr()
        code, raised = None, None
        try:
            code = main(["-C", str(project), *args])
        except BaseException:  # noqa: BLE001 - any escape from main() is a bug under test
            raised = traceback.format_exc()
        out, err = capsys.readouterr()
        runs.append(Run(args, code, out, err, raised))
    outcome = BuildOutcome(project, has_errors, runs, (project / "site" / "marker.txt").is_file())
    _OUTCOMES[case] = outcome
    return outcome


def test_check_and_build_never_raise(case, tmp_path_factory, capsys):
    for run in _build_outcome(case, tmp_path_factory, capsys).runs:
        command = "glocal " + " ".join(run.args)
        assert run.raised is None, f"{command} raised:\n{run.raised}"
        assert "Traceback" not in run.out + run.err, f"{command} printed a traceback:\n{run.out}{run.err}"
        assert run.code in (0, 1, 2), f"{command} exited {run.code}"


@pytest.mark.parametrize("error_case", ERROR_CASES)
def test_build_with_errors_keeps_the_previous_site(error_case, tmp_path_factory, capsys):
    outcome = _build_outcome(error_case, tmp_path_factory, capsys)
    assert outcome.had_previous_site
    assert outcome.build.raised is None
    assert outcome.build.code != 0, "build of a project with errors exited 0"
    assert outcome.marker_survived, (
        f"build on a project with errors deleted the previous site/:\n{outcome.build.err}"
    )


@pytest.mark.parametrize("clean_case", CLEAN_CASES)
def test_build_without_errors_succeeds(clean_case, tmp_path_factory, capsys):
    outcome = _build_outcome(clean_case, tmp_path_factory, capsys)
    build = outcome.build
    assert build.raised is None
    assert build.code == 0, f"build of a project without errors failed:\n{build.out}{build.err}"
    assert (outcome.project / "site" / "index.html").is_file()


def test_build_announces_only_files_it_wrote(case, tmp_path_factory, capsys):
    build = _build_outcome(case, tmp_path_factory, capsys).build
    assert build.raised is None
    for line in build.out.splitlines():
        match = re.match(
            r"^(?:built|portal) (?P<path>.+?)(?: \((?:no previous build|changed: .*|.*)\))?$", line
        )
        if match:
            assert Path(match["path"]).is_file(), f"build printed {line!r} but wrote no such file"


def test_every_code_is_exercised_by_a_fixture():
    seen = set()
    for name in CASES:
        for line in _expected(name)[0]:
            match = DIAGNOSTIC.match(line)
            assert match, f"{name}/expected.txt: not a diagnostic line: {line!r}"
            seen.add(match["code"])
    missing = sorted(set(CODES) - seen - set(NOT_EXERCISED))
    assert not missing, f"codes no fixture exercises: {missing}"
    assert not (set(NOT_EXERCISED) & seen), (
        "a code listed as not exercised now has a fixture: drop it from NOT_EXERCISED"
    )
    assert seen <= set(CODES), f"expected files use unknown codes: {sorted(seen - set(CODES))}"
