"""A name given on the command line (or in a `{{ }}` tag) that the programme does not have is
answered with what it does have: all the names when there are few, else their count and the
closest ones. A programme of 500 modules has 1,500 pages in a site: GL410 listed them all, 60 KB
on one line (found by running `glocal explain` on bench/scale.py's programme)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from glocal.compose.templating import render
from glocal.i18n.workflow import unknown_language
from glocal.load.validation import CLOSEST, LISTED, listing
from glocal.markdown.blocks import parse
from glocal.pipeline.adapting import _unknown_scope, unknown_region
from glocal.pipeline.checking import unknown_site
from glocal.pipeline.explaining import unknown_page

MODULES = [f"{stem}-{n:03d}" for n in range(100) for stem in ("co-creation", "shared-vision", "trust")]
PAGES = [f"{folder}/{module}.md" for module in MODULES for folder in ("modules", "handouts", "ttt")]


def _bounded(message: str, total: int, noun: str) -> list[str]:
    """The closest names a bounded message gives, after checking its count is there."""
    assert f"the {total:,} {noun}, the closest being " in message
    assert len(message) < 400
    return message.split("the closest being ", 1)[1].split(" (", 1)[0].split(", ")


def test_a_few_names_are_all_listed_in_their_order():
    assert listing("x", ["b", "a", "c"], "things") == "b, a, c"
    assert listing("x", [], "things") == "none"
    names = [f"n{i}" for i in range(LISTED)]
    assert listing("x", names, "things") == ", ".join(names)


def test_past_the_bound_the_count_and_the_closest_names_are_given():
    names = [f"n{i:02d}" for i in range(LISTED + 1)]
    text = listing("n07", names, "things")
    assert text.startswith(f"the {LISTED + 1} things, the closest being n07, ")
    assert len(text.split("closest being ", 1)[1].split(", ")) == CLOSEST


def test_an_unknown_page_of_a_large_site_names_the_closest_pages_and_module_ids():
    diagnostic = unknown_page("co-creaton-013", PAGES)
    closest = _bounded(diagnostic.message, len(PAGES), "pages")
    assert closest[0] == "co-creation-013"  # the module id, which explain takes as the page
    assert diagnostic.hint == "did you mean 'co-creation-013'?"
    assert unknown_page("handout/trust-042.md", PAGES).message.count("handouts/trust-042.md") == 1


def test_an_unknown_site_region_module_or_language_is_answered_briefly():
    sites = [f"region-{n:02d}/{lang}" for n in range(40) for lang in ("en", "da", "vi")]
    assert _bounded(unknown_site("region-07/dk", sites).message, 120, "sites")[0] == "region-07/da"
    project = SimpleNamespace(
        regions={f"region-{n:02d}": None for n in range(40)}, modules=dict.fromkeys(MODULES)
    )
    region = unknown_region(project, "regoin-07")  # type: ignore[arg-type]
    assert region is not None and _bounded(region.message, 40, "regions")[0] == "region-07"
    module = _unknown_scope(project, "region-07", "trsut-004", "")  # type: ignore[arg-type]
    assert module is not None and _bounded(module.message, len(MODULES), "modules")[0] == "trust-004"
    languages = [f"x{n:02d}" for n in range(20)]
    assert _bounded(unknown_language("x7", languages).message, 20, "languages")[0] in ("x07", "x17")


@pytest.mark.parametrize("count", [LISTED, 40])
def test_an_undefined_variable_lists_the_variables_or_the_closest(count):
    variables = {f"term_{n:02d}": "x" for n in range(count)}
    _, problem = render(parse("See {{ vars.trem_03 }}.\n"), {"vars": variables})
    assert problem is not None and problem.kind == "undefined"
    names = [f"vars.{name}" for name in variables]
    if count <= LISTED:
        assert problem.message.endswith(f"expected one of {', '.join(names)}")
    else:
        assert _bounded(problem.message, count, "variables")[0] == "vars.term_03"
