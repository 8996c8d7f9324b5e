"""A list nested as CommonMark and sandpaper nest it (two spaces under `- `, three under `1. `) is
nested on the built site, in a module page, its handout and a challenge (`glocal.markdown.lists`)."""

from __future__ import annotations

import re

from glocal.cli import main

PROGRAM = "id: demo\ntitle: Demo\nsource_language: en\nmodules: [practice]\n"
MODULE = """\
---
id: practice
title: Practice
duration: 30
---

# Practice

- **Balance**: both sides
  - Ask for compliment sandwiches
- **Specific**: say what

::: challenge

1. Print them:

    ```python
    print(animals)
    ```

   The output:

    ```output
    lion, tiger
    ```

:::
"""


def test_a_list_nested_two_spaces_is_nested_on_the_built_pages(tmp_path):
    for relative, text in {
        "curriculum/program.yml": PROGRAM,
        "curriculum/modules/practice.md": MODULE,
        "toolkits/regions/north/region.yml": "id: north\nname: North\nlanguages: [en]\n",
    }.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    assert main(["-C", str(tmp_path), "build"]) == 0
    site = tmp_path / "site" / "north" / "en"
    for built in (site / "modules/practice.html", site / "handouts/practice.html"):
        html = re.sub(r"\s+", " ", built.read_text(encoding="utf-8"))
        assert re.search(r"<li><strong>Balance</strong>: both sides ?<ul> ?<li>Ask for", html), built
        item = html[html.index("<li> <p>Print them:") :]
        item = item[: item.index("</li>")]
        assert "The output:" in item and "lion, tiger" in item  # the item holds its code and text
        assert "```" not in html and 'title="Output"' not in html
