"""A link to a place in a page (`#id`, `other.md#id`) must name a place the page has (GL129, a
warning): a heading's id as the sites make it, an attribute list's `#id` or an HTML `id`. Real
lessons had such links broken (python-novice-inflammation's `[debug](#debug)`, `#float` for
`floating-point-number`; instructor-training's `#why-guided-practice-is-important`), and `check`
said nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, run_glocal

LINKS = """
## Før du starter

See [the start](#før-du-starter), [the term](#skill-gap), [raw](#raw),
[a note](#note-1), [a footnote](#fn:1), [a fill's heading](#local-story) and
[the region's box](#regional).

[skill gap]{#skill-gap}

::: activity {duration=5 #box}
Try it.
:::

<div id="raw">x</div>

Broken: [start](#for-du-starter) and [nowhere](#nowhere) and [the box](#box).
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    module = root / "curriculum/modules/intro.md"
    module.write_text(module.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    overlay = root / "toolkits/regions/north/intro.md"
    text = overlay.read_text(encoding="utf-8")
    overlay.write_text(
        text.replace(
            "::: fill case-study\n",
            "::: fill case-study\n### Local story\n\nIn [our region]{#regional}:\n",
            1,
        )
        + "\nSee [the core's start](#før-du-starter) and [a typo](#local-stroy).\n",
        encoding="utf-8",
    )
    return root


def test_a_link_to_a_place_the_page_does_not_have_is_gl129(tmp_path):
    root = _project(tmp_path)
    lines = [line for line in run_glocal("-C", root, "check").out.splitlines() if "GL129" in line]
    assert lines == [
        "curriculum/modules/intro.md:45:17: warning GL129: link to '#for-du-starter', which this page does "
        "not have: it leads to the top of the page (hint: did you mean 'før-du-starter'?)",
        "curriculum/modules/intro.md:45:48: warning GL129: link to '#nowhere', which this page does not "
        "have: it leads to the top of the page (hint: link to a heading's id (its words in lower case, "
        "joined by '-') or give the place an id of its own, {#id})",
        "curriculum/modules/intro.md:45:72: warning GL129: link to '#box', which this page does not have: "
        "it leads to the top of the page (hint: link to a heading's id (its words in lower case, joined "
        "by '-') or give the place an id of its own, {#id})",
        "toolkits/regions/north/intro.md:8:54: warning GL129: link to '#local-stroy', which "
        "curriculum/modules/intro.md does not have: it leads to the top of the page "
        "(hint: did you mean 'local-story'?)",
    ]


def test_the_sites_ids_are_what_the_check_reads(tmp_path):
    """Every link the check accepts leads to an id the built page has."""
    import re

    root = _project(tmp_path)
    assert run_glocal("-C", root, "build", "north/en").code in (0, 1)
    page = (root / "site/north/en/modules/intro.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    for wanted in ("før-du-starter", "skill-gap", "raw", "local-story", "regional"):
        assert wanted in ids, (wanted, sorted(ids))
