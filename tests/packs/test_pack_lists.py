"""A pack's PDFs show Pandoc's lettered and Roman lists with their letters and numerals, as the
sites do: WeasyPrint does not read an `<ol type>`, so pack.css styles the class the dialect's
list processors (`glocal.markdown.pandoc_lists`) give each such list; and emoji print from a
colour emoji font."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from glocal.packs.documents import _css, markdown_html, pdf

STEPS = (
    "What is 27 + 15?\n\na) 42\nb) 32\n\n"
    "1. Open the file.\n2. Read it:\n\n    i. its header\n    ii. its rows\n"
)


def test_lettered_and_roman_lists_print_their_letters_and_numerals(tmp_path: Path):
    body = markdown_html(STEPS, "steps")
    document = f"<html><head><style>{_css('pack.css')}</style></head><body>{body}</body></html>"
    (tmp_path / "steps.pdf").write_bytes(pdf(document, tmp_path))
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "steps.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    markers = re.findall(r"^\s*([a-z0-9]+)\. ", text, re.M)
    assert markers == ["a", "b", "1", "2", "i", "ii"]


def test_emoji_print_from_a_colour_emoji_font(tmp_path: Path):
    """A lesson's `:white_check_mark:` (✅ on the page) prints as the emoji: the set-up installs
    Noto Color Emoji (fonts-noto-color-emoji), which fontconfig finds for the characters no text
    font has; without it the PDF would show empty boxes."""
    body = markdown_html("| Step | Done |\n|---|---|\n| 1 | :white_check_mark: |\n", "answers")
    assert "\u2705" in body
    document = f"<html><head><style>{_css('pack.css')}</style></head><body>{body}</body></html>"
    (tmp_path / "answers.pdf").write_bytes(pdf(document, tmp_path))
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "answers.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Noto-Color-Emoji" in fonts, fonts
