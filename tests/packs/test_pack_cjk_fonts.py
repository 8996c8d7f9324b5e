"""A pack's PDFs take the CJK font of their language: Japanese in Noto Sans CJK JP, Korean in KR,
Traditional Chinese in TC or HK, Simplified in SC. Both stylesheets named "Noto Sans CJK SC" for
every language, so a Japanese certificate showed Chinese forms of shared characters (直, 骨). Other
scripts keep their fonts. Rendered here from the templates, without a pack (fonts-noto-cjk
installs every one)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from glocal.packs import documents

TEXT = {"ja": "直角の骨", "ko": "한국어 直角", "zh": "直角 骨", "vi": "Nguyễn Thị", "ar": "محمد عبد الله"}


def _fonts(tmp_path: Path, template: str, css: str, lang: str) -> set[str]:
    """The fonts a document in `lang` embeds, without their subset prefix."""
    from weasyprint import HTML

    words = TEXT[lang.split("-")[0]]
    html = documents.html(
        template,
        css=css,
        t=lambda key, **values: key,
        lang=lang,
        direction="rtl" if lang == "ar" else "ltr",
        name=words,
        valid_from="x",
        valid_until="y",
        issuer="z",
        qr=None,
        credential="c",
        program_title=words,
        region_name="r",
        cohort=words,
        date="d",
        rows=[],
    )
    pdf = tmp_path / f"{lang}.pdf"
    pdf.write_bytes(HTML(string=html).write_pdf())
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in listed.splitlines()[2:] if line.strip()}


@pytest.mark.parametrize(
    ("template", "css"), [("certificate.html", "certificate.css"), ("results.html", "pack.css")]
)
@pytest.mark.parametrize(
    ("lang", "cjk"),
    [
        ("ja", "JP"),
        ("ja-JP", "JP"),
        ("ko", "KR"),
        ("zh", "SC"),
        ("zh-CN", "SC"),
        ("zh-Hans", "SC"),
        ("zh-TW", "TC"),
        ("zh-Hant", "TC"),
        ("zh-HK", "HK"),
        ("zh-Hant-HK", "HK"),
    ],
)
def test_a_cjk_document_embeds_the_font_of_its_language(tmp_path, template, css, lang, cjk):
    fonts = _fonts(tmp_path, template, css, lang)
    embedded = {font for font in fonts if "CJK" in font}
    assert embedded and all(font.startswith(f"Noto-Sans-CJK-{cjk}") for font in embedded), fonts


@pytest.mark.parametrize(
    ("template", "css"), [("certificate.html", "certificate.css"), ("results.html", "pack.css")]
)
@pytest.mark.parametrize(("lang", "expected"), [("vi", set()), ("ar", {"Arabic"})])
def test_other_scripts_keep_their_fonts(tmp_path, template, css, lang, expected):
    fonts = _fonts(tmp_path, template, css, lang)
    assert not any("CJK" in font or "DejaVu" in font for font in fonts), fonts
    assert {"Noto-Sans"} <= fonts and all(any(word in f for f in fonts) for word in expected), fonts
