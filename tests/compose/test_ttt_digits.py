"""The Train-the-Trainer overview writes its numbers (rubric levels, observed deliveries, months of
validity) in the site's digits: Arabic-Indic on an ar_EG site, where `str()` wrote ASCII digits
beside Arabic text; a site in Latin digits is unchanged."""

from __future__ import annotations

import re

from conftest import TINY_CERTIFICATION as CERTIFICATION
from glocal.compose import ttt
from glocal.i18n.ui import labels_for


def _overview(language: str, locale: str) -> str:
    return ttt.overview(CERTIFICATION, lambda s: (s, ""), labels_for(language), locale, {"intro": "Intro"})


def test_the_arabic_overview_has_no_ascii_digit():
    markdown = _overview("ar", "ar_EG")
    assert not re.search(r"[0-9]", markdown), [
        line for line in markdown.split("\n") if re.search("[0-9]", line)
    ]
    assert "١ · Not yet" in markdown and "٤ · Exemplary" in markdown  # the rubric's header
    assert labels_for("ar").get("requirement_observed", count="٢") in markdown
    assert labels_for("ar").get("validity", period="٢٤ شهرًا") in markdown


def test_an_overview_in_latin_digits_is_unchanged():
    markdown = _overview("da", "da_DK")
    assert "1 · Not yet" in markdown and "4 · Exemplary" in markdown
    assert labels_for("da").get("requirement_observed", count="2") in markdown
    assert labels_for("da").get("validity", period="24 måneder") in markdown
