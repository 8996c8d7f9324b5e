"""The live preview's composed pages (`PageMemo`): a page whose inputs did not change is not
composed again, and what is composed is always exactly what a fresh composition gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_sample
from glocal.compose.pages import PageMemo
from glocal.i18n.translations import Translations
from glocal.load import load_project
from glocal.load.remembered import Remembered
from glocal.pipeline.checking import compose

SITE = "nordics/da"
MODULE = "curriculum/modules/shared-vision.md"
OVERLAY = "toolkits/regions/nordics/shared-vision.md"
CATALOG = "locales/da/curriculum/modules/shared-vision.po"
REGION = "toolkits/regions/nordics/region.yml"


class Preview:
    """Composes one site again and again, as `glocal serve` does after each edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.remembered = Remembered()
        self.memo = PageMemo()

    def compose(self):
        project, _ = load_project(self.root, self.remembered)
        site = {s.key: s for s in project.sites()}[SITE]
        before = self.memo.composed
        composed = compose(project, site, Translations(self.root, self.remembered), self.memo)
        return composed, self.memo.composed - before


def fresh(root: Path):
    project, _ = load_project(root)
    site = {s.key: s for s in project.sites()}[SITE]
    return compose(project, site, Translations(root))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    return Preview(copy_sample(tmp_path / "sample"))


def test_nothing_changed_composes_no_page_and_gives_the_same_site(preview: Preview):
    first, composed = preview.compose()
    assert composed == 2 * len(first.pages)  # each module's page and its handout
    again, composed = preview.compose()
    assert composed == 0
    assert again == first == fresh(preview.root)


@pytest.mark.parametrize(
    "path, old, new, seen",
    [
        (MODULE, "revisited every year.", "revisited every June.", "revisited every June."),
        (OVERLAY, "Kildevang Pharma A/S", "Kaldevang Pharma A/S", "Kaldevang Pharma A/S"),
    ],
    ids=["module", "overlay"],
)
def test_an_edit_composes_that_modules_page_and_handout_only(preview: Preview, path, old, new, seen):
    preview.compose()
    edit(preview.root / path, old, new)
    composed_site, composed = preview.compose()
    assert composed == 2
    assert composed_site == fresh(preview.root)
    page = next(p for p in composed_site.pages if p.module_id == "shared-vision")
    assert seen in page.markdown or seen in str(composed_site), "the edit is not shown"


def test_a_translation_edit_is_shown(preview: Preview):
    first, _ = preview.compose()
    catalog = preview.root / CATALOG
    text = catalog.read_text(encoding="utf-8")
    translated = [line for line in text.splitlines() if line.startswith('msgstr "') and len(line) > 20]
    line = translated[1]
    edit(catalog, line, line[:-1] + ' (rettet)"')
    composed_site, composed = preview.compose()
    assert composed == 2
    assert composed_site == fresh(preview.root) != first
    assert "(rettet)" in next(p for p in composed_site.pages if p.module_id == "shared-vision").markdown


def test_a_region_edit_composes_every_page_again(preview: Preview):
    first, _ = preview.compose()
    edit(preview.root / REGION, "data_law: the GDPR", "data_law: the EU GDPR")
    composed_site, composed = preview.compose()
    assert composed == 2 * len(first.pages)
    assert composed_site == fresh(preview.root)


def test_texts_without_a_catalog_are_marked_in_each_languages_words():
    """Every source without a catalog shares one empty catalog: what it renders is kept per
    text, source language and label, never shown in another language's words."""
    from glocal.i18n.translations import NO_CATALOG, Translator

    text = "# Shared vision\n\nA first paragraph.\n"
    danish = Translator(NO_CATALOG, "en", label="Ikke oversat endnu").markdown(text)
    dutch = Translator(NO_CATALOG, "en", label="Nog niet vertaald").markdown(text)
    assert "Ikke oversat endnu" in danish and "Nog niet vertaald" not in danish
    assert "Nog niet vertaald" in dutch and "Ikke oversat endnu" not in dutch
    assert Translator(NO_CATALOG, "en", label="Ikke oversat endnu").markdown(text) == danish
