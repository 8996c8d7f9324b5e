"""Several translations on one line (a table row, a heading) are each put in their own place."""

from __future__ import annotations

from glocal.i18n.apply import apply
from glocal.i18n.segment import segment_text

TABLE = """# Plan

| Step | Who | When |
|---|---|---|
| Open | Lead | 09:00 |
| Close | All | 16:00 |

A paragraph
over two lines.
"""

TRANSLATED = {
    "Plan": "Plan (da)",
    "Step": "Trin",
    "Who": "Hvem | hvilken",
    "When": "Hvornår",
    "Open": "Åbn",
    "Lead": "Leder",
    "Close": "Luk",
    "All": "Alle",
    "A paragraph\nover two lines.": "Et afsnit\npå to\nlinjer.",
}


def test_every_cell_of_every_row_is_replaced_in_place():
    out = apply(TABLE, segment_text(TABLE), lambda s: TRANSLATED.get(s.msgid, s.msgid))
    assert out == (
        "# Plan (da)\n\n"
        "| Trin | Hvem \\| hvilken | Hvornår |\n"
        "|---|---|---|\n"
        "| Åbn | Leder | 09:00 |\n"
        "| Luk | Alle | 16:00 |\n\n"
        "Et afsnit\npå to\nlinjer.\n"
    )


def test_a_wide_row_keeps_every_cell_in_order():
    cells = [f"c{i}" for i in range(500)]
    text = "| " + " | ".join(cells) + " |\n|" + "---|" * len(cells) + "\n| " + " | ".join(cells) + " |\n"
    out = apply(text, segment_text(text), lambda s: s.msgid.upper())
    assert out.splitlines()[0] == "| " + " | ".join(c.upper() for c in cells) + " |"
    assert out.splitlines()[2] == out.splitlines()[0]
