"""A lesson's tabs (`::: tab`, `::: group-tab`): each heading directly inside starts one.

Setup pages and episodes of Carpentries lessons give per-system or per-language instructions
this way (`### Windows`, `### macOS`; `### Python`, `### R`). Shown as a plain note, the reader
saw every system's steps one after another under a title "group-tab".
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

from conftest import FIXTURES, run_glocal

TABS = """

Before the tabs.

:::::::::::::::: group-tab

Which system do you use?

### Windows

Press the **Windows** key.

```bash
dir
```

### macOS {#mac}

Open *Terminal*.

::: callout

### Not a tab

A heading inside a box inside a tab stays in the box.

:::

### Linux

Open a terminal.

::::::::::::::::

After the tabs.
"""


class _Tabs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.labels: list[str] = []
        self.blocks = 0
        self.label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.label = tag == "label"
        if tag == "label":
            self.labels.append("")
        if "tabbed-block" in classes:
            self.blocks += 1

    def handle_endtag(self, tag: str) -> None:
        self.label = self.label and tag != "label"

    def handle_data(self, data: str) -> None:
        if self.label:
            self.labels[-1] += data


def test_each_heading_of_a_tab_container_is_a_tab_on_the_page_and_the_handout(tmp_path):
    lesson = tmp_path / "lesson"
    shutil.copytree(FIXTURES / "workbench" / "lesson", lesson)
    with (lesson / "episodes" / "loops.md").open("a", encoding="utf-8") as episode:
        episode.write(TABS)
    project = tmp_path / "project"
    assert run_glocal("import", "workbench", lesson, "--into", project).code == 0
    built = run_glocal("-C", project, "build")
    assert built.code == 0 and "0 warning(s)" in built.err, built.err  # not an unknown container
    site = project / "site" / "global" / "en"
    for page in (site / "modules" / "loops.html", site / "handouts" / "loops.html"):
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        tabs = _Tabs()
        tabs.feed(article[article.index("tabbed-set") - 12 :])
        assert tabs.labels[:3] == ["Windows", "macOS", "Linux"], page
        assert tabs.blocks == 3, page
        assert article.index("Before the tabs.") < article.index("Which system do you use?")
        assert article.index("Which system do you use?") < article.index("tabbed-set")
        assert article.index("tabbed-set") < article.index("Not a tab") < article.index("After the tabs.")
        assert ">Not a tab<" in article  # a heading in a box in a tab: not a tab of its own
        assert 'type="radio"' in article  # the sanitizer keeps Material's tab switches
        assert re.search(r'<div [^>]*id="mac"', article), page  # `{#mac}`: a link still lands there
        assert re.search(r'<div [^>]*id="mac"', article), page  # `{#mac}`: a link still lands there


def test_on_paper_each_tabs_title_is_above_its_content():
    """A pack's facilitator guide prints every tab: the sites' layout (all titles, then all
    contents) would leave each content without its title."""
    from glocal.packs.documents import markdown_html

    html = markdown_html(
        '=== "Online"\n\n    Use the board.\n\n=== "In the room"\n\n    Use sticky notes.\n', "m"
    )
    order = [
        html.index(text) for text in (">Online<", "Use the board.", ">In the room<", "Use sticky notes.")
    ]
    assert order == sorted(order)
