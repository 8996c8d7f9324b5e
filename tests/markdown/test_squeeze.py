"""`squeeze`, which collapses the runs of blank lines that rendering containers leaves on a
composed page, leaves a fenced code block's lines as they are."""

from __future__ import annotations

import re

from conftest import dialect_markdown
from glocal.markdown.dialect import squeeze


def test_squeeze_keeps_the_blank_lines_of_code():
    """python-novice-inflammation's `import numpy`, two blank lines, `def main():` (PEP 8): the
    composed page had one blank line there, the code changed."""
    code = ["    ```python", "    import numpy", "", "", "    def main():", "    ```"]
    lines = ["Text.", "", "", *code, "", "", "~~~~", "a", "  ", "  ", "b", "~~~~", "", "", "End."]
    assert squeeze(lines) == ["Text.", "", *code, "", "~~~~", "a", "  ", "  ", "b", "~~~~", "", "End."]
    # a closing fence is as long as its opening one at least; ``` inside ```` is code
    inner = ["````", "```", "", "", "```", "````"]
    assert squeeze(inner) == inner
    assert squeeze(["Text with ``` inline ```", "", "", "x"]) == ["Text with ``` inline ```", "", "x"]


def test_text_right_after_a_closing_fence_is_given_a_blank_line():
    """python-novice-inflammation 02-numpy: `Similarly, …` right after a code block was left loose
    between two empty paragraphs; so in an admonition and in a list item."""
    for pad in ("", "    "):
        lines = [f"{pad}```python", f"{pad}x = 1", f"{pad}```", f"{pad}Similarly, we can."]
        assert squeeze(lines) == [*lines[:3], "", lines[3]]
    page = "\n".join(squeeze(["!!! note", "", "    ```python", "    x = 1", "    ```", "    After."]))
    assert "<p>After.</p>" in dialect_markdown().convert(page)
    assert squeeze(["```", "a", "```", "", "Text."]) == ["```", "a", "```", "", "Text."]  # as it was


def test_a_fence_that_opens_a_list_item_is_a_fence():
    """git-novice's `1. ```bash`: were its opening line not seen, its closing fence would be taken
    for an opening one, and a later code block's first line given a blank line before it."""
    lines = ["1. ```bash", "   $ git commit", "   ```", "", "Text.", "", "```", "x = 1", "```"]
    assert squeeze(lines)[-6:] == lines[-6:]  # the later block as it was
    listed = ["- ```bash", "  a", "", "", "  b", "  ```"]
    assert squeeze(listed)[3:] == listed[1:]  # its blank lines are the code's


def test_an_item_that_opens_with_a_fence_holds_the_code_block_alone():
    """git-novice 04-changes and 05-history write steps as `1. ```bash`; Python-Markdown showed
    each as inline code (`bash $ git commit …`, `output title="Output" …`)."""
    lines = [
        "Steps:",
        "",
        "1.  ```bash",
        "    $ git commit",
        "    ```",
        "2.  ```output",
        "    done",
        "    ```",
    ]
    page = "\n".join(squeeze(lines))
    html = dialect_markdown(toc=False).convert(page)
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    assert len(items) == 2, html
    for item, code in zip(items, ("$", "done"), strict=True):
        assert item.strip().startswith('<div class="highlight">') and code in item, item
    assert "glocal-item-start" not in html and "\u200b" not in html and "```" not in html
