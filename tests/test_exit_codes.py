"""Usage mistakes exit 2 with a message that says what is wrong, for every command (issue 10)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exit-codes") / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", folder)
    return folder


@pytest.mark.parametrize("action", ["stats", "update"])
def test_a_language_no_site_uses_is_a_usage_error(root: Path, action: str):
    result = run_glocal("-C", root, "i18n", action, "--lang", "xx")
    assert result.code == 2
    assert "GL315" in result.err and "'xx': expected one of da" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ["build", "nowhere/xx"],
        ["pack", "south/en", "--roster", "missing.csv"],
        ["verify", "missing.zip"],
        ["i18n", "merge", "missing.po", "missing.pot", "-o", "out.po"],
        ["check", "--format", "yaml"],
        ["no-such-command"],
    ],
)
def test_missing_inputs_and_bad_arguments_exit_2(root: Path, args: list[str]):
    result = run_glocal("-C", root, *args)
    assert result.code == 2, (result.out, result.err)
    assert result.err.strip(), "a usage error says what is wrong"
    assert "Traceback" not in result.err
