"""`squeeze`, which collapses the runs of blank lines that rendering containers leaves on a
composed page, leaves a fenced code block's lines as they are."""

from __future__ import annotations

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
