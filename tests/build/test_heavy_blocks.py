"""Blocks too heavy for MkDocs' renderer (GL124 in a source, GL332 in a translation).

Python-Markdown's inline pass takes time quadratic in a paragraph's unmatched `[` and `<`
(Python-Markdown issue #798): 10,000 `[` in one paragraph, 10 KB of text, took 37 s per page
here, and a module is shown on two pages of every site. Such a block is refused before MkDocs
sees it: the sites showing a heavy source are not built, a heavy translation is not published.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import polib
import pytest
import yaml

from conftest import run_glocal, small_modules
from glocal.markdown import blocks
from glocal.markdown.limits import MAX_INLINE_CHARS, MAX_INLINE_OPENERS, heavy_reason

HEAVY = "Open " + "[" * 10_000 + " and never close."


def _module() -> str:
    return f"curriculum/modules/{small_modules()[0]}.md"


def _append(path: Path, text: str) -> int:
    """Append `text` as its own paragraph; the 1-based line it starts on."""
    before = path.read_text(encoding="utf-8")
    start = before.count("\n") + 2 + (0 if before.endswith("\n") else 1)
    path.write_text(before.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return start


def _report(root: Path) -> dict:
    return json.loads(run_glocal("-C", root, "check", "--format", "json").out)


def _built_sites(root: Path) -> set[str]:
    site = root / "site"
    return {p.parent.relative_to(site).as_posix() for p in site.glob("*/*/index.html")}


def test_the_bounds_are_exact():
    assert heavy_reason("[" * MAX_INLINE_OPENERS) is None
    assert heavy_reason("[" * (MAX_INLINE_OPENERS // 2) + "<" * (MAX_INLINE_OPENERS // 2)) is None
    assert "501 '[', '<' and '`'" in (heavy_reason("[" * 250 + "<" * 251) or "")
    assert heavy_reason("a" * MAX_INLINE_CHARS) is None
    assert "50,001 characters" in (heavy_reason("a" * (MAX_INLINE_CHARS + 1)) or "")


def test_only_inline_text_counts_not_code_blocks():
    fenced = "Intro.\n\n```\n" + "[" * 5000 + "\n```\n\nAfter.\n"
    assert blocks.parse(fenced).heavy == []
    heavy = blocks.parse("Intro.\n\n" + HEAVY + "\n\nAfter.\n").heavy
    assert [(h.line, "10,000 '['" in h.reason) for h in heavy] == [(2, True)]


def test_a_heavy_blocks_inline_markup_is_never_read_and_the_light_ones_are():
    """markdown-it-py's own cost grows with a block's `[`, and a text is parsed again for every
    language it is shown in: a heavy block (GL124 anyway) is not read past its block level."""
    from glocal.markdown.limits import MAX_TEXT_OPENERS

    parsed = blocks.parse("See [a](a.md).\n\n" + HEAVY + " [x](x.md)\n\nThen [b](b.md).\n")
    assert [link.target for link in parsed.links] == ["a.md", "b.md"]
    inline = [token for token in parsed.tokens if token.type == "inline"]
    assert [bool(token.children) for token in inline] == [True, False, True]
    assert [h.line for h in parsed.heavy] == [2]
    # past the whole text's bound, no further block is read either
    block = "Links " + "[" * MAX_INLINE_OPENERS + "\n\n"
    over = blocks.parse(block * (MAX_TEXT_OPENERS // MAX_INLINE_OPENERS + 1) + "After [c](c.md).\n")
    assert over.heavy and over.links == []
    assert blocks.parse(block + "After [c](c.md).\n").links[0].target == "c.md"


def test_a_heavy_module_paragraph_is_gl124_and_no_site_is_rendered(small_sample: Path):
    module = _module()
    line = _append(small_sample / module, HEAVY)
    found = [(d["code"], d["path"], d["line"]) for d in _report(small_sample)["diagnostics"]]
    assert ("GL124", module, line) in found
    run = run_glocal("-C", small_sample, "build")
    assert run.code == 1
    assert "error GL124: block too heavy to render: 10,000 '[', '<' and '`' in one block" in run.out + run.err
    assert _built_sites(small_sample) == set()  # a core module: every site shows it


def test_a_heavy_overlay_blocks_only_its_regions_sites(small_sample: Path):
    overlay = small_sample / "toolkits/regions/nordics" / Path(_module()).name
    text = overlay.read_text(encoding="utf-8")
    fill = "::: fill case-study\n"
    assert fill in text
    heavy = "Tags: " + "<x " * 600
    overlay.write_text(text.replace(fill, fill + "\n" + heavy + "\n\n", 1), encoding="utf-8")
    line = text.splitlines().index(fill.strip()) + 3
    report = _report(small_sample)
    found = [(d["path"], d["line"]) for d in report["diagnostics"] if d["code"] == "GL124"]
    assert found == [(overlay.relative_to(small_sample).as_posix(), line)]
    blocked = {s["site"] for s in report["sites"] if s["status"] == "blocked"}
    assert blocked == {s["site"] for s in report["sites"] if s["region"] == "nordics"}
    run_glocal("-C", small_sample, "build")
    built = _built_sites(small_sample)
    assert built and not any(key.startswith("nordics/") for key in built)
    assert built == {s["site"] for s in report["sites"] if s["region"] != "nordics"}


def test_a_heavy_translation_is_gl332_and_the_source_is_shown(small_sample: Path):
    module = Path(_module()).stem
    po_path = small_sample / f"locales/da/curriculum/modules/{module}.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    entry = next(e for e in po if e.translated() and len(e.msgid) > 60 and "\n" not in e.msgid)
    entry.msgstr = HEAVY
    po.save()
    report = _report(small_sample)
    found = [d for d in report["diagnostics"] if d["code"] == "GL332"]
    assert [d["path"] for d in found] == [po_path.relative_to(small_sample).as_posix()]
    assert "not published, the source text is shown" in found[0]["message"]
    assert run_glocal("-C", small_sample, "build", "nordics/da").code in (0, 1)
    page = (small_sample / f"site/nordics/da/modules/{module}.html").read_text(encoding="utf-8")
    assert "[[[[" not in page
    shown = re.findall(r'<span class="glocal-fallback" lang="en"[^>]*>(.*?)</span>', page, re.S)
    assert entry.msgid in [html.unescape(text) for text in shown]


@pytest.mark.parametrize("size", [MAX_INLINE_OPENERS, MAX_INLINE_OPENERS + 1])
def test_a_translation_at_the_bound_is_published_and_one_past_it_is_not(size: int):
    from glocal.i18n.apply import too_heavy

    msgstr = "[" * size
    source = "[" * (size - 10)  # a translation may add a few of its own
    assert (too_heavy(source, msgstr) is None) == (size <= MAX_INLINE_OPENERS)
    assert too_heavy("[" * (MAX_INLINE_OPENERS + 1), msgstr) is None  # the source's own GL124


def test_a_translation_may_add_50_brackets_to_its_source_and_no_more():
    from glocal.i18n.apply import MAX_ADDED_OPENERS, too_heavy

    source = "See [the guide](guide.md) and <https://example.org>."
    assert too_heavy(source, source.replace("See", "Se" + " <" * MAX_ADDED_OPENERS)) is None
    found = too_heavy(source, source.replace("See", "Se" + " [" * (MAX_ADDED_OPENERS + 1)))
    assert found == f"51 more '[', '<' and '`' than its source (at most {MAX_ADDED_OPENERS} more)"


def test_a_translation_may_be_four_times_its_source_and_200_characters_more():
    from glocal.i18n.apply import MAX_EXTRA, MAX_GROWTH, too_heavy

    source = "Shared vision"
    longest = MAX_GROWTH * len(source) + MAX_EXTRA
    assert too_heavy(source, "x" * longest) is None
    found = too_heavy(source, "x" * (longest + 1))
    assert (
        found
        == f"{longest + 1:,} characters, more than 4 times its source and 200 more (at most {longest:,})"
    )


def test_a_title_translated_past_its_growth_is_gl332_and_no_page_shows_it(small_sample: Path):
    """A module's title is on every page of its site, in the navigation: translated 49,000
    characters long (under the one-block bound), it put 1 MB on each page. Past MAX_GROWTH it is
    GL332 and the source title is shown in its place."""
    module = small_sample / _module()
    title = yaml.safe_load(module.read_text(encoding="utf-8").split("---")[1])["title"]
    po_path = small_sample / f"locales/da/curriculum/modules/{module.stem}.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    po.find(title).msgstr = "Overskrift " * 4_000
    po.save()
    found = [(d["code"], d["path"]) for d in _report(small_sample)["diagnostics"] if d["code"] == "GL332"]
    assert found == [("GL332", po_path.relative_to(small_sample).as_posix())]
    assert run_glocal("-C", small_sample, "build", "nordics/da").code in (0, 1)
    pages = list((small_sample / "site/nordics/da").rglob("*.html"))
    assert pages and not [
        page for page in pages if "Overskrift Overskrift" in page.read_text(encoding="utf-8")
    ]
    assert title in (small_sample / "site/nordics/da/index.html").read_text(encoding="utf-8")


def test_a_variable_that_makes_a_block_heavy_is_a_rendering_limit(small_sample: Path):
    # the overlay as written is light; the region's variable makes its paragraph heavy
    region = small_sample / "toolkits/regions/nordics/region.yml"
    text = region.read_text(encoding="utf-8")
    assert "  data_law: the GDPR\n" in text
    region.write_text(
        text.replace("  data_law: the GDPR\n", f"  data_law: '{'<x ' * 300}'\n"), encoding="utf-8"
    )
    overlay = small_sample / "toolkits/regions/nordics" / Path(_module()).name
    fill = "::: fill case-study\n"
    body = overlay.read_text(encoding="utf-8")
    overlay.write_text(
        body.replace(fill, fill + "\nUnder {{ vars.data_law }} and {{ vars.data_law }} again.\n\n", 1),
        encoding="utf-8",
    )
    report = _report(small_sample)
    found = [(d["code"], d["path"], d["line"]) for d in report["diagnostics"] if d["severity"] == "error"]
    line = body.splitlines().index(fill.strip()) + 3
    path = overlay.relative_to(small_sample).as_posix()
    assert set(found) == {("GL219", path, line)}  # once per Nordic site, at the overlay's line
    message = next(d["message"] for d in report["diagnostics"] if d["code"] == "GL219")
    assert "600 '[', '<' and '`' in one block" in message
    blocked = {s["site"] for s in report["sites"] if s["status"] == "blocked"}
    assert blocked == {s["site"] for s in report["sites"] if s["region"] == "nordics"}


def test_yaml_text_that_becomes_markdown_is_bounded_too(small_sample: Path):
    # a region's notes are shown on its home pages, a module's objectives on its pages
    region = small_sample / "toolkits/regions/nordics/region.yml"
    text = region.read_text(encoding="utf-8")
    assert "notes: >-\n" in text
    region.write_text(text.replace("notes: >-\n", "notes: >-\n  " + "[" * 600 + "\n"), encoding="utf-8")
    module = small_sample / _module()
    source = module.read_text(encoding="utf-8")
    assert "objectives:\n" in source
    module.write_text(source.replace("objectives:\n", "objectives:\n  - '" + "<" * 600 + "'\n", 1), "utf-8")
    report = _report(small_sample)
    found = sorted(
        (d["path"], d["message"].split(":")[0]) for d in report["diagnostics"] if d["code"] == "GL124"
    )
    assert found == [
        (_module(), "a learning objective too heavy to render"),
        ("toolkits/regions/nordics/region.yml", "region 'nordics' notes too heavy to render"),
    ]
    assert {s["status"] for s in report["sites"]} == {"blocked"}  # a core module: every site


def test_a_text_of_many_blocks_each_under_the_bound_is_heavy_as_a_whole():
    from glocal.markdown.limits import MAX_TEXT_OPENERS

    block = "Links " + "[" * MAX_INLINE_OPENERS + "\n\n"
    within = block * (MAX_TEXT_OPENERS // MAX_INLINE_OPENERS)
    assert blocks.parse(within).heavy == []
    heavy = blocks.parse(within + block + "Last.\n").heavy
    assert [h.line for h in heavy] == [2 * (MAX_TEXT_OPENERS // MAX_INLINE_OPENERS)]
    assert f"over {MAX_TEXT_OPENERS:,} '[', '<' and '`'" in heavy[0].reason


def test_a_text_with_too_many_brackets_anywhere_is_heavy_without_its_inline_markup_read():
    from glocal.markdown.limits import MAX_RAW_OPENERS

    code = "```\n" + "x = [1]\n" * (MAX_RAW_OPENERS - 7) + "```\n"  # code counts here too, fences too
    light = blocks.parse("See [the guide](guide.md).\n\n" + code)
    assert light.heavy == [] and [link.target for link in light.links] == ["guide.md"]
    heavy = blocks.parse("See [the guide](guide.md).\n\n" + code + "\n" + "<" * 2 + "\n")
    assert [(h.line, h.reason) for h in heavy.heavy] == [
        (
            0,
            f"{MAX_RAW_OPENERS + 2:,} '[', '<' and '`' in this text (at most {MAX_RAW_OPENERS:,}); "
            "its inline markup is not read",
        )
    ]
    assert heavy.links == []  # not read: the text is GL124 and its sites are not built
    assert all(not token.children for token in heavy.tokens if token.type == "inline")


def test_the_whole_text_bound_is_reported_at_its_file(small_sample: Path):
    from glocal.markdown.limits import MAX_RAW_OPENERS

    module = _module()
    _append(small_sample / module, "```\n" + "[\n" * (MAX_RAW_OPENERS + 1) + "```")
    found = [(d["path"], d["line"]) for d in _report(small_sample)["diagnostics"] if d["code"] == "GL124"]
    assert len(found) == 1 and found[0][0] == module


def test_the_certification_rubric_is_bounded_too(small_sample: Path):
    path = small_sample / "toolkits/ttt/certification.yml"
    text = path.read_text(encoding="utf-8")
    anchor = "        1: Starts on content without stating the purpose or any ground rules.\n"
    assert anchor in text
    path.write_text(text.replace(anchor, "        1: '" + "<" * 600 + "'\n"), encoding="utf-8")
    report = _report(small_sample)
    found = [d["message"].split(":")[0] for d in report["diagnostics"] if d["code"] == "GL124"]
    assert found == ["criterion 'opening' level 1 too heavy to render"]
    assert [d["path"] for d in report["diagnostics"] if d["code"] == "GL124"] == [
        "toolkits/ttt/certification.yml"
    ]


def test_backticks_count_toward_a_blocks_bound():
    """Python-Markdown's code-span pattern looks ahead for a closing run from every backtick: a
    paragraph of 45,000 characters of backticks took 24 s to render, on every site showing it."""
    assert heavy_reason("`` ` " * 200) == "600 '[', '<' and '`' in one block (at most 500)"
    assert heavy_reason("Run `glocal check`, then `glocal build` and `glocal serve`. " * 20) is None
