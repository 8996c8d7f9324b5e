"""The root mkdocs.yml is read as MkDocs reads it, but no YAML tag in it can run code (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_sample, run_glocal
from glocal.load import mkdocs_config


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def write(root: Path, relpath: str, text: str) -> None:
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / relpath).write_text(text, encoding="utf-8")


def test_a_tag_that_runs_code_is_gl017_at_its_line_and_never_runs(root: Path, tmp_path: Path):
    marker = tmp_path / "ran"
    write(
        root, "mkdocs.yml", f"site_name: x\nextra:\n  x: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    config, found = mkdocs_config.load(root)
    assert config == {}
    assert [(d.code, d.span.line, d.span.col) for d in found] == [("GL017", 2, 5)]
    assert not marker.exists()


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/name:os.system",
        "!!python/name:subprocess.run",
        "!!python/module:os",
        "!!python/object/new:os.system ['true']",
        "!!python/tuple [1, 2]",
    ],
)
def test_every_python_tag_but_allowed_names_is_refused(root: Path, tag: str):
    write(root, "mkdocs.yml", f"site_name: x\nvalue: {tag}\n")
    _, found = mkdocs_config.load(root)
    assert [d.code for d in found] == ["GL017"]


def test_the_names_material_documents_are_read_as_mkdocs_reads_them(root: Path, monkeypatch):
    from material.extensions import emoji
    from pymdownx import superfences

    monkeypatch.setenv("GLOCAL_TEST_COLOR", "teal")
    write(
        root,
        "mkdocs.yml",
        "site_name: x\n"
        "theme: {name: material, palette: {primary: !ENV [GLOCAL_TEST_COLOR, indigo]}}\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n",
    )
    config, found = mkdocs_config.load(root)
    assert found == []
    assert config["theme"]["palette"]["primary"] == "teal"
    extensions = config["markdown_extensions"]
    assert extensions[0]["pymdownx.emoji"]["emoji_index"] is emoji.twemoji
    assert (
        extensions[1]["pymdownx.superfences"]["custom_fences"][0]["format"] is superfences.fence_code_format
    )


def test_inherit_inside_the_project_merges_like_mkdocs(root: Path):
    write(
        root, "config/base.yml", "site_name: base\ntheme: {name: material, language: en}\ncopyright: base\n"
    )
    write(root, "mkdocs.yml", "INHERIT: config/base.yml\ntheme: {language: da}\ncopyright: mine\n")
    config, found = mkdocs_config.load(root)
    assert found == []
    assert config == {
        "site_name": "base",
        "theme": {"name": "material", "language": "da"},
        "copyright": "mine",
    }


@pytest.mark.parametrize("inherit", ["../outside.yml", "/etc/passwd", "loop.yml"])
def test_inherit_out_of_the_project_or_in_a_loop_is_gl018(root: Path, inherit: str):
    (root.parent / "outside.yml").write_text("site_name: secret\n", encoding="utf-8")
    write(root, "loop.yml", "INHERIT: mkdocs.yml\n")
    write(root, "mkdocs.yml", f"INHERIT: {inherit}\nsite_name: x\n")
    config, found = mkdocs_config.load(root)
    assert config == {} and [d.code for d in found] == ["GL018"]
    assert "secret" not in str(found)


def test_check_and_build_stop_on_a_tag_that_runs_code(tmp_path: Path):
    project = copy_sample(tmp_path / "sample")
    marker = tmp_path / "ran"
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"\nhooks_payload: !!python/object/apply:os.system ['touch {marker}']\n")
    checked = run_glocal("-C", project, "check")
    assert checked.code == 1 and "mkdocs.yml:" in checked.out + checked.err
    assert "GL017" in checked.out + checked.err
    built = run_glocal("-C", project, "build", "global/en")
    assert built.code != 0 and not (project / "site" / "global" / "en").exists()
    assert not marker.exists()
