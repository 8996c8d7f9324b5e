"""A code block that shows what a command printed gets a title, as it has on a sandpaper site.

Carpentries lessons follow each command with ```` ```output ```` (or ```` ```{.output} ````;
knitr writes ```` ``` output ````, ```` ``` error ````, ```` ``` warning ````). Without a title a
reader cannot tell what to type from what comes back.
"""

from __future__ import annotations

from glocal.compose.render import printed_titles
from glocal.i18n.ui import ENGLISH, Labels, labels_for
from glocal.markdown.blocks import parse

TEXT = """\
```bash
ls
```

```output
data  notes.txt
```

::: challenge

  ``` error
  Error: object 'x' not found
  ```

:::

```{.warning}
Warning: NAs introduced by coercion
```

```python
print("output")
```
"""


def test_printed_output_error_and_warning_blocks_get_a_title_and_nothing_else_changes():
    parsed = parse(TEXT)
    titled = printed_titles(parsed, Labels("en", dict(ENGLISH)))
    assert titled == {
        4: '```output title="Output"',
        10: '  ``` error title="Error"',
        16: '```{.warning title="Warning"}',
    }


def test_the_title_is_in_the_sites_language_and_a_label_cannot_end_it():
    parsed = parse(TEXT)
    assert printed_titles(parsed, labels_for("da"))[4] == '```output title="Uddata"'
    assert printed_titles(parsed, labels_for("ar"))[10] == '  ``` error title="خطأ"'
    hostile = Labels("en", {"Output": 'Out" title_mode="html'})
    assert printed_titles(parsed, hostile)[4] == "```output title=\"Out' title_mode='html\""
