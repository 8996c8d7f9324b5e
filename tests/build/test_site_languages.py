"""Sites in their languages: publish policy and fallback, UI catalog, locale formatting, language
switcher, and the theme/search language mapping.

Expected values are recomputed independently: the translated share from the PO files (polib) and
the segments, UI labels from the shipped `ui.po` files, durations and percentages with Babel.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import polib
import pytest
import yaml
from babel import Locale
from babel.lists import format_list
from babel.numbers import format_percent
from babel.units import format_unit

import glocal
from conftest import Run, copy_sample, run_glocal
from glocal.i18n.segment import segment_text
from glocal.markdown.blocks import count_words, parse

UI_LOCALES = Path(glocal.__file__).parent / "locales"
MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"

TRANSLATED_SITES = ["nordics/da", "benelux/nl", "vietnam/vi"]


cli = run_glocal  # `glocal ARGS` in-process, output captured


def ui(language: str, english: str) -> str:
    """The shipped UI translation of one English label."""
    entry = polib.pofile(str(UI_LOCALES / language / "ui.po")).find(english)
    assert entry is not None and entry.msgstr, f"{language}/ui.po has no translation of {english!r}"
    return entry.msgstr


def material_string(language: str, key: str) -> str:
    text = (MATERIAL_LANGUAGES / f"{language}.html").read_text(encoding="utf-8")
    return re.search(rf'"{re.escape(key)}": "([^"]*)"', text).group(1)


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def front_and_body(path: Path) -> tuple[dict, str]:
    lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    if lines and lines[0].strip() == "---":
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        return yaml.safe_load("\n".join(lines[1:end])) or {}, "\n".join(lines[end + 1 :])
    return {}, "\n".join(lines)


def usable(root: Path, language: str, source: str) -> dict[str, str]:
    """msgid → msgstr of the entries a site may show: translated, not fuzzy, not obsolete."""
    path = root / "locales" / language / Path(source).with_suffix(".po")
    if not path.is_file():
        return {}
    return {
        e.msgid: e.msgstr
        for e in polib.pofile(str(path))
        if not e.obsolete and e.msgstr and "fuzzy" not in e.flags and not e.msgid_plural
    }


def html_pages(site_dir: Path, with_404: bool = False) -> list[Path]:
    """Every page of a built site (the home page and every module page must be among them)."""
    pages = sorted(
        p for p in site_dir.rglob("*.html") if with_404 or p.relative_to(site_dir) != Path("404.html")
    )
    modules = read_yaml(site_dir.parents[2] / "curriculum/program.yml")["modules"]
    names = {str(p.relative_to(site_dir)) for p in pages}
    assert {"index.html", *[f"modules/{m}.html" for m in modules]} <= names, site_dir
    return pages


def expected_translated(root: Path, region_id: str, language: str) -> float:
    """Share of the source words a site shows that are translated and not fuzzy, from the PO files."""
    program = read_yaml(root / "curriculum/program.yml")
    region = read_yaml(root / f"toolkits/regions/{region_id}/region.yml")
    totals = [0, 0]

    def tally(source: str, msgids: list[str]) -> None:
        done = usable(root, language, source)
        for msgid in msgids:
            if not msgid.strip():
                continue
            words = count_words(msgid)
            totals[0] += words
            totals[1] += words if msgid in done else 0

    core_language = program["source_language"]
    if language != core_language:
        tally("curriculum/program.yml", [program["title"], program.get("description") or ""])
        for module_id in program["modules"]:
            path = f"curriculum/modules/{module_id}.md"
            front, body = front_and_body(root / path)
            tally(
                path, [front["title"], *front.get("objectives", []), *[s.msgid for s in segment_text(body)]]
            )
        # the Train-the-Trainer section is core content too: one guide per module, the certification overview
        for module_id in program["modules"]:
            guide = root / f"toolkits/ttt/{module_id}.md"
            if guide.is_file():
                tally(
                    f"toolkits/ttt/{module_id}.md", [s.msgid for s in segment_text(front_and_body(guide)[1])]
                )
        for page in program.get("pages") or []:  # further pages: core, translated as a module is
            front, body = front_and_body(root / "curriculum" / page)
            tally(
                f"curriculum/{page}",
                [*([front["title"]] if front else []), *[s.msgid for s in segment_text(body)]],
            )
        certification = root / "toolkits/ttt/certification.yml"
        if certification.is_file():
            data = read_yaml(certification)
            levels = data["rubric"]["levels"]
            texts = [c["name"] for c in data["competencies"]] + [levels[level] for level in sorted(levels)]
            for criterion in data["rubric"]["criteria"]:
                texts += [criterion["name"]] + [
                    criterion["anchors"][level] for level in sorted(levels) if criterion["anchors"].get(level)
                ]
            tally("toolkits/ttt/certification.yml", texts)
        footer = read_yaml(root / "mkdocs.yml").get("copyright")  # the sites' footer
        if isinstance(footer, str):
            tally("mkdocs.yml", [footer])
    if language != region.get("source_language", core_language):
        path = f"toolkits/regions/{region_id}/region.yml"
        tally(
            path,
            [
                region["name"],
                region.get("notes") or "",
                *[str(v) for v in (region.get("vars") or {}).values()],
            ],
        )
        for module_id in program["modules"]:
            overlay = root / f"toolkits/regions/{region_id}/{module_id}.md"
            if overlay.is_file():
                _, body = front_and_body(overlay)
                tally(f"toolkits/regions/{region_id}/{module_id}.md", [s.msgid for s in segment_text(body)])
    words, translated = totals
    return round(translated / words, 4) if words else 1.0


# --------------------------------------------------------------------------------------------
# 2. Fallback and publish policy on the real sample
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_json(built_sample) -> dict:
    result = cli("-C", built_sample, "check", "--format", "json")
    return {s["site"]: s for s in json.loads(result.out)["sites"]}


def test_partial_norwegian_is_a_draft(built_sample, sample_json):
    policy = read_yaml(built_sample / "curriculum/program.yml")["publish"]["min_translated"]
    assert sample_json["nordics/nb"]["status"] == "draft"
    assert 0 < sample_json["nordics/nb"]["translated"] < policy


@pytest.mark.parametrize("key", TRANSLATED_SITES)
def test_fully_translated_sites_publish(sample_json, key):
    assert sample_json[key]["status"] == "publish"
    assert sample_json[key]["translated"] == 1.0


@pytest.mark.parametrize("key", ["nordics/da", "nordics/nb", "benelux/nl", "vietnam/vi", "egypt/ar"])
def test_translated_is_the_share_of_source_words_translated_and_not_fuzzy(built_sample, sample_json, key):
    region, language = key.split("/")
    assert sample_json[key]["translated"] == expected_translated(built_sample, region, language)


def test_draft_pages_carry_the_banner_with_the_reported_percentage(built_sample, sample_json):
    share = sample_json["nordics/nb"]["translated"]
    expected = ui(
        "nb",
        "Draft: {percent} of this site is translated. Text not yet translated is shown in {language} "
        "and marked.",
    ).format(percent=format_percent(share, locale="nb_NO"), language=Locale.parse("nb_NO").languages["en"])
    for page in html_pages(built_sample / "site/nordics/nb", with_404=True):
        banners = re.findall(
            r'<p class="glocal-banner" role="status">(.*?)</p>', page.read_text(encoding="utf-8"), re.S
        )
        assert [html.unescape(b) for b in banners] == [expected], page


PLAIN = re.compile(r"^[A-Za-z0-9 ,.;:’'()?!\-–—]+$")


def _shown_body_segments(root: Path, module_id: str):
    """Plain one-line core segments of a module that a nordics site shows (not in a filled slot)."""
    _, body = front_and_body(root / f"curriculum/modules/{module_id}.md")
    overlay = root / f"toolkits/regions/nordics/{module_id}.md"
    filled = (
        set(re.findall(r"^:{3,}\s*fill\s+([\w-]+)", overlay.read_text(encoding="utf-8"), re.M))
        if overlay.is_file()
        else set()
    )
    hidden = [(c.open, c.close) for c in parse(body).all_containers() if c.name == "slot" and c.arg in filled]
    for segment in segment_text(body):
        if (
            segment.kind in ("paragraph", "heading")
            and PLAIN.match(segment.msgid)
            and not any(start < segment.line < end for start, end in hidden)
        ):
            yield segment.msgid


def test_untranslated_text_is_marked_as_english_fallback_on_the_draft(built_sample):
    title = ui("nb", "Not yet translated: shown in the source language")
    program = read_yaml(built_sample / "curriculum/program.yml")
    marked = translated = 0
    for module_id in program["modules"]:
        done = usable(built_sample, "nb", f"curriculum/modules/{module_id}.md")
        page = (built_sample / f"site/nordics/nb/modules/{module_id}.html").read_text(encoding="utf-8")
        for msgid in _shown_body_segments(built_sample, module_id):
            span = f'<span class="glocal-fallback" lang="en" dir="ltr" title="{title}">{msgid}</span>'
            if msgid in done:
                translated += 1
                assert span not in page and done[msgid] in page, msgid
            else:
                marked += 1
                assert span in page, msgid
    assert marked > 0 and translated > 0  # nb is partial: both kinds exist


@pytest.mark.parametrize("key", TRANSLATED_SITES)
def test_fully_translated_sites_have_no_banner_and_no_fallback(built_sample, key):
    for page in html_pages(built_sample / "site" / key, with_404=True):
        text = page.read_text(encoding="utf-8")
        assert "glocal-banner" not in text, page
        assert "glocal-fallback" not in text, page


# --------------------------------------------------------------------------------------------
# 3. Site chrome and formatting
# --------------------------------------------------------------------------------------------

FACILITATOR = re.compile(r'<details class="facilitator"[^>]*>\s*<summary>(.*?)</summary>', re.S)


def test_builder_words_come_from_the_danish_ui_catalog(built_sample):
    note = ui("da", "Facilitator note")
    region_name = usable(built_sample, "da", "toolkits/regions/nordics/region.yml")["Nordics"]
    regional = ui("da", "Facilitator note · {region}").format(region=region_name)
    page = (built_sample / "site/nordics/da/modules/shared-vision.html").read_text(encoding="utf-8")
    titles = [html.unescape(t) for t in FACILITATOR.findall(page)]
    assert note in titles and regional in titles
    assert set(titles) == {note, regional}
    english = (built_sample / "site/nordics/en/modules/shared-vision.html").read_text(encoding="utf-8")
    assert set(html.unescape(t) for t in FACILITATOR.findall(english)) == {
        "Facilitator note",
        "Facilitator note · Nordics",
    }


def test_a_project_ui_catalog_overrides_a_built_in_label(glocal, sample):
    (sample / "locales/da/ui.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: da\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Facilitator note"\nmsgstr "Mødelederens note"\n',
        encoding="utf-8",
    )
    assert glocal("-C", sample, "build", "nordics/da").code == 0
    page = (sample / "site/nordics/da/modules/shared-vision.html").read_text(encoding="utf-8")
    titles = [html.unescape(t) for t in FACILITATOR.findall(page)]
    assert "Mødelederens note" in titles
    assert ui("da", "Facilitator note") not in titles
    # labels the project does not override still come from the built-in catalog
    activity = ui("da", "Activity · {duration}").format(
        duration=format_unit(20, "duration-minute", length="short", locale="da_DK")
    )
    assert f'<p class="admonition-title">{activity}</p>' in page


#: A project's labels whose fields are more than `{name}`: str.format would look up an attribute
#: (an AttributeError out of `check`), an item, a conversion, or pad a duration to three million
#: characters on every activity (a 165 MB site); a lone '}' it refuses.
HOSTILE_LABELS = {
    "Local adaptation · {region}": "Lokal tilpasning · {region} {region.foo}",
    "Facilitator note · {region}": "Facilitatornote · {region[0]}",
    "Activity · {duration}": "Aktivitet · {duration:>3000000}",
    "Teach-back prompt · {duration}": "Teach-back · {duration!r}",
    "Day {number}": "Dag {number} }",
}


def test_a_project_label_with_other_fields_than_its_english_is_gl307_and_not_used(glocal, sample):
    path = sample / "locales/da/ui.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: da\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        + "".join(f'\nmsgid "{english}"\nmsgstr "{danish}"\n' for english, danish in HOSTILE_LABELS.items())
        # a fuzzy label is not used, so not judged (it was GL307 too)
        + '\n#, fuzzy\nmsgid "Glocal budget: {range} core"\nmsgstr "Glocal-budget: {range.x}"\n',
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").split("\n")
    expected = [("GL307", "error", lines.index(f'msgid "{english}"') + 1) for english in HOSTILE_LABELS]
    check = glocal("-C", sample, "check", "--format", "json")
    assert check.code == 1 and "Traceback" not in check.err
    found = [
        (d["code"], d["severity"], d["line"])
        for d in json.loads(check.out)["diagnostics"]
        if d["path"] == "locales/da/ui.po"
    ]
    assert found == expected

    build = glocal("-C", sample, "build", "nordics/da")
    assert build.code == 1 and "Traceback" not in build.err  # 1: the labels' errors; the site is built
    site = sample / "site/nordics/da"
    assert sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) < 20_000_000
    page = html.unescape((site / "modules/shared-vision.html").read_text(encoding="utf-8"))
    home = html.unescape((site / "index.html").read_text(encoding="utf-8"))
    guide = html.unescape((site / "ttt/shared-vision.html").read_text(encoding="utf-8"))
    # the built-in Danish labels are shown instead
    region = usable(sample, "da", "toolkits/regions/nordics/region.yml")["Nordics"]
    assert ui("da", "Local adaptation · {region}").format(region=region) in page
    assert ui("da", "Facilitator note · {region}").format(region=region) in page
    activity = ui("da", "Activity · {duration}").format(
        duration=format_unit(20, "duration-minute", length="short", locale="da_DK")
    )
    assert activity in page
    assert ui("da", "Day {number}").format(number=1) in home
    teach_back = ui("da", "Teach-back prompt · {duration}").format(
        duration=format_unit(10, "duration-minute", length="short", locale="da_DK")
    )
    assert teach_back in guide and "Teach-back ·" not in guide
    assert "Dag 1 }" not in home
    assert not re.search(r"\{(region|duration|number)", page + home + guide)


def _babel_total(minutes: int, locale: str) -> str:
    hours, rest = divmod(minutes, 60)
    parts = [format_unit(hours, "duration-hour", length="short", locale=locale)]
    if rest:
        parts.append(format_unit(rest, "duration-minute", length="short", locale=locale))
    return format_list(parts, style="unit-short", locale=locale)


@pytest.mark.parametrize(
    "key,locale", [("nordics/da", "da_DK"), ("vietnam/vi", "vi_VN"), ("benelux/nl", "nl_NL")]
)
def test_durations_are_formatted_for_the_region_locale(built_sample, key, locale):
    language = key.split("/")[1]
    program = read_yaml(built_sample / "curriculum/program.yml")
    home = (built_sample / "site" / key / "index.html").read_text(encoding="utf-8")
    total = 0
    for module_id in program["modules"]:
        minutes = front_and_body(built_sample / f"curriculum/modules/{module_id}.md")[0]["duration"]
        total += minutes
        expected = format_unit(minutes, "duration-minute", length="short", locale=locale)
        row = re.search(rf'<a href="modules/{module_id}\.html">[^<]*</a></td>\s*<td[^>]*>(.*?)</td>', home)
        assert row and row.group(1) == expected, (module_id, row and row.group(1), expected)
        page = (built_sample / "site" / key / f"modules/{module_id}.html").read_text(encoding="utf-8")
        assert f"<p><strong>{ui(language, 'Duration')}:</strong> {expected}</p>" in page
    label = ui(language, "Teaching time, whole programme")
    assert f"<strong>{label}:</strong> {_babel_total(total, locale)}" in home
    assert (
        format_unit(90, "duration-minute", length="short", locale=locale) != "90 mins"
    )  # not the English fallback


def test_the_arabic_train_the_trainer_overview_writes_arabic_indic_digits(built_sample):
    """ar_EG's digits for the rubric's levels, the observed deliveries and the months of validity
    (they were written with `str()`, in ASCII digits, beside Arabic text)."""
    page = (built_sample / "site/egypt/ar/ttt/index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    shown = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<code>.*?</code>", "", article)))
    assert re.search("[\u0660-\u0669] · ", shown) and "٢٤" in shown, shown
    assert not re.search("[0-9]", shown), [line for line in shown.split("\n") if re.search("[0-9]", line)]


SWITCH = re.compile(r'<a href="([^"]*)" hreflang="([^"]*)"[^>]*class="md-select__link[^"]*"')


def _regions_with_languages(root: Path) -> dict[str, list[str]]:
    regions = {}
    for path in sorted((root / "toolkits/regions").glob("*/region.yml")):
        data = read_yaml(path)
        if len(data["languages"]) > 1:
            regions[data["id"]] = data["languages"]
    return regions


def _resolve(page: Path, href: str) -> Path | None:
    target = urlparse(urljoin(page.resolve().as_uri(), href))
    if target.scheme != "file" or target.netloc:
        return None
    return Path(unquote(target.path))


def test_every_page_has_a_switcher_to_the_same_page_in_the_other_languages(built_sample):
    regions = _regions_with_languages(built_sample)
    assert set(regions) == {"nordics", "benelux", "egypt", "vietnam"}
    checked = expected = 0
    for region, languages in regions.items():
        for language in languages:
            site_dir = built_sample / "site" / region / language
            for page in html_pages(site_dir):
                expected += len(languages)
                links = SWITCH.findall(page.read_text(encoding="utf-8"))
                assert [lang for _, lang in links] == [code.replace("_", "-") for code in languages], page
                for (href, _), other in zip(links, languages, strict=True):
                    same = built_sample / "site" / region / other / page.relative_to(site_dir)
                    target = _resolve(page, href)
                    assert target == same.resolve(), (page, href)
                    assert target.is_file(), (page, href)
                    checked += 1
    assert checked == expected


def test_the_404_page_switcher_links_resolve_to_existing_files(built_sample):
    for region, languages in _regions_with_languages(built_sample).items():
        for language in languages:
            page = built_sample / "site" / region / language / "404.html"
            links = SWITCH.findall(page.read_text(encoding="utf-8"))
            assert [lang for _, lang in links] == [code.replace("_", "-") for code in languages], page
            for (href, _), other in zip(links, languages, strict=True):
                target = _resolve(page, href)
                assert target is not None and target.is_file(), (str(page.relative_to(built_sample)), href)
                assert target.parent == (built_sample / "site" / region / other).resolve(), (page, href)


# --------------------------------------------------------------------------------------------
# 4. Theme and search language mapping on a small project
# --------------------------------------------------------------------------------------------

LANG_PROGRAM = """\
id: langs
title: Language test programme
source_language: en
modules:
  - intro
"""

LANG_MODULE = """\
---
id: intro
title: Introduction
duration: 45
---

# Introduction

Partners agree on goals and measure results together.

::: facilitator
Ask the group for one example from their own work.
:::
"""

LANG_REGIONS = {
    "brazil": ("pt_BR", "pt_BR", "America/Sao_Paulo"),
    "east": ("sw", "sw_TZ", "Africa/Dar_es_Salaam"),
    "arabia": ("ar", "ar_EG", "Africa/Cairo"),
    "norway": ("nb", "nb_NO", "Europe/Oslo"),
    "israel": ("he", "he_IL", "Asia/Jerusalem"),  # lunr has a Hebrew stemmer; MkDocs' own list does not
}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def langs(tmp_path_factory) -> tuple[Path, Run, dict]:
    root = tmp_path_factory.mktemp("langs") / "project"
    _write(root / "curriculum/program.yml", LANG_PROGRAM)
    _write(root / "curriculum/modules/intro.md", LANG_MODULE)
    for region, (language, locale, timezone) in LANG_REGIONS.items():
        _write(
            root / f"toolkits/regions/{region}/region.yml",
            f"id: {region}\nname: {region.title()}\nlanguages: [{language}, en]\n"
            f"locales: {{{language}: {locale}}}\n"
            f'timezone: {timezone}\nday_start: "09:00"\n',
        )
    checked = cli("-C", root, "check", "--format", "json")
    built = cli(
        "-C", root, "build", *[f"{region}/{language}" for region, (language, _, _) in LANG_REGIONS.items()]
    )
    return root, built, json.loads(checked.out)


def _pages(root: Path, key: str) -> list[str]:
    pages = html_pages(root / "site" / key, with_404=True)
    return [p.read_text(encoding="utf-8") for p in pages]


def test_every_language_builds(langs):
    root, built, _ = langs
    assert built.code == 0, built.err
    assert "Traceback" not in built.err
    for region, (language, _, _) in LANG_REGIONS.items():
        assert (root / "site" / region / language / "index.html").is_file(), region


def test_pt_br_uses_material_brazilian_portuguese(langs):
    root, _, data = langs
    # a string that Material words differently for Brazilian and European Portuguese, on every page
    brazilian = material_string("pt-BR", "search.result.initializer")
    assert brazilian != material_string("pt", "search.result.initializer")
    for page in _pages(root, "brazil/pt_BR"):
        assert brazilian in page
        assert material_string("pt", "search.result.initializer") not in page
        assert '<body dir="ltr"' in page
    assert [d for d in data["diagnostics"] if d["code"] == "GL405" and "pt_BR" in d["message"]] == []


def test_swahili_falls_back_to_an_english_interface_with_gl405(langs):
    root, _, data = langs
    found = [
        (d["code"], d["severity"], d["path"], d["line"], d["message"])
        for d in data["diagnostics"]
        if d["code"] in ("GL405", "GL406")
    ]
    assert (
        "GL405",
        "warning",
        "toolkits/regions/east/region.yml",
        3,
        "MkDocs Material has no 'sw' interface: east/sw uses 'en' for its buttons and labels; "
        "the content and <html lang> stay 'sw'",
    ) in found
    assert (
        "GL406",
        "info",
        "toolkits/regions/east/region.yml",
        3,
        "search has no 'sw' stemmer: east/sw searches with 'en' rules",
    ) in found
    assert [f for f in found if "east/sw" not in f[4]] == []  # pt_BR, ar and nb are fully supported
    for page in _pages(root, "east/sw"):
        assert '<html lang="sw"' in page
        assert material_string("en", "search.result.initializer") in page
        assert '<body dir="ltr"' in page


def test_arabic_is_right_to_left_with_arabic_labels(langs):
    root, _, _ = langs
    for page in _pages(root, "arabia/ar"):
        assert '<html lang="ar"' in page
        assert '<body dir="rtl"' in page
    intro = (root / "site/arabia/ar/modules/intro.html").read_text(encoding="utf-8")
    assert [html.unescape(t) for t in FACILITATOR.findall(intro)] == [ui("ar", "Facilitator note")]
    # ar_EG writes Arabic-Indic digits (CLDR's default numbering system for it; Babel writes "45 د")
    assert f"<p><strong>{ui('ar', 'Duration')}:</strong> ٤٥ د</p>" in intro
    home = (root / "site/arabia/ar/index.html").read_text(encoding="utf-8")
    assert re.search(rf'<h2 id="[^"]*">{re.escape(ui("ar", "Agenda"))}<a', home)
    banner = ui(
        "ar",
        "Draft: {percent} of this site is translated. Text not yet translated is shown in {language} "
        "and marked.",
    ).format(percent="٠٪\u061c", language=Locale.parse("ar_EG").languages["en"])  # Babel: "0%"
    assert [
        html.unescape(b) for b in re.findall(r'<p class="glocal-banner" role="status">(.*?)</p>', home, re.S)
    ] == [banner]


@pytest.mark.parametrize(
    "key,lunr",
    [
        ("norway/nb", ["no"]),
        ("brazil/pt_BR", ["pt"]),
        ("arabia/ar", ["ar"]),
        ("east/sw", ["en"]),
        ("israel/he", ["he"]),  # MkDocs' search option dropped it for English, silently
    ],
)
def test_search_language(langs, key, lunr):
    root, _, _ = langs
    index = json.loads((root / "site" / key / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == lunr


def test_sample_norwegian_search_is_lunr_no(built_sample):
    index = json.loads(
        (built_sample / "site/nordics/nb/search/search_index.json").read_text(encoding="utf-8")
    )
    assert index["config"]["lang"] == ["no"]


def test_a_chinese_site_without_jieba_is_told_that_search_cannot_split_its_words(tmp_path):
    """Without jieba, MkDocs Material indexes a Chinese sentence as one word: '透明' was not found
    in '…关系的透明…'. Nothing said so."""
    import importlib.util

    root = tmp_path / "project"
    _write(root / "curriculum/program.yml", LANG_PROGRAM)
    _write(root / "curriculum/modules/intro.md", LANG_MODULE)
    _write(
        root / "toolkits/regions/china/region.yml",
        "id: china\nname: China\nlanguages: [zh, en]\nlocales: {zh: zh_Hans_CN}\n"
        'timezone: Asia/Shanghai\nday_start: "09:00"\n',
    )
    checked = json.loads(cli("-C", root, "check", "--format", "json").out)
    found = [d for d in checked["diagnostics"] if d["code"] == "GL406"]
    if importlib.util.find_spec("jieba") is None:  # as the test environment installs Glocal
        [note] = found
        assert note["path"] == "toolkits/regions/china/region.yml" and note["line"] == 3
        assert note["message"].startswith("search on china/zh finds a Chinese word only after a space")
        assert "glocal[chinese]" in note["hint"]
    else:
        assert found == []


def test_a_heading_has_the_same_id_on_every_language_site_with_its_letters_kept(built_sample):
    """The sample's own mkdocs.yml sets `toc: {permalink: true}`: its English site made ids with
    toc's ASCII slugify (`havns-kommune`) while the translated sites kept the source's ids made
    with the dialect's (`havnsø-kommune`), so a link from another language's page missed."""
    ids = {
        language: re.findall(
            r'<h3 id="(illustrative-case-[^"]+)"',
            (built_sample / f"site/nordics/{language}/modules/continuous-improvement.html").read_text(
                encoding="utf-8"
            ),
        )
        for language in ("en", "da", "nb")
    }
    assert ids["en"] == ids["da"] == ids["nb"] == ["illustrative-case-havnsø-kommune-pauses-to-re-plan"]


def test_the_404_page_and_the_heading_links_speak_the_sites_language(built_sample):
    """Material writes "404 - Not found" and toc "Permanent link", in English, on every site."""
    site = built_sample / "site"
    heading = {
        key: re.findall(r"<h1>([^<]*)</h1>", (site / key / "404.html").read_text(encoding="utf-8"))
        for key in ("nordics/da", "egypt/ar", "vietnam/vi", "global/en")
    }
    assert heading == {
        "nordics/da": ["404 - Siden blev ikke fundet"],
        "egypt/ar": ["٤٠٤ - الصفحة غير موجودة"],
        "vietnam/vi": ["404 - Không tìm thấy trang"],
        "global/en": ["404 - Page not found"],
    }
    for key, title in (
        ("egypt/ar", "رابط دائم"),
        ("nordics/nb", "Permanent lenke"),
        ("global/en", "Permanent link"),
    ):
        page = (site / key / "modules/co-creation.html").read_text(encoding="utf-8")
        titles = set(re.findall(r'class="headerlink" href="#[^"]*" title="([^"]*)"', page))
        assert titles == {title}, (key, titles)


def test_material_strings_left_in_english_are_given_in_the_sites_language(built_sample):
    """Material's Vietnamese file says "Initializing search" while the search index loads."""
    home = (built_sample / "site/vietnam/vi/index.html").read_text(encoding="utf-8")
    assert "Đang khởi tạo tìm kiếm" in home and "Initializing search" not in home
    english = (built_sample / "site/vietnam/en/index.html").read_text(encoding="utf-8")
    assert "Initializing search" in english


def test_the_footer_is_translated_like_any_text(built_sample):
    """mkdocs.yml's `copyright:` was English on every site: it is a message of
    locales/<lang>/mkdocs.po now, extracted with the rest."""
    footers = {}
    for key in ("nordics/da", "egypt/ar", "global/en"):
        page = (built_sample / "site" / key / "modules/co-creation.html").read_text(encoding="utf-8")
        footers[key] = re.findall(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', page, re.S)
    assert footers == {
        "nordics/da": ["Eksempelprogram, der følger med Glocal · de illustrative cases er fiktive"],
        "egypt/ar": ["برنامج نموذجي مرفق مع Glocal · الحالات التوضيحية خيالية"],
        "global/en": ["Sample programme shipped with Glocal · illustrative cases are fictional"],
    }
    credit = {}  # and Material's credit, "Made with Material for MkDocs"
    for key in ("nordics/da", "egypt/ar", "global/en"):
        page = (built_sample / "site" / key / "index.html").read_text(encoding="utf-8")
        credit[key] = re.findall(
            r"\s*([^<>]*?)\s*<a href=\"https://squidfunk.github.io/mkdocs-material/\"", page
        )
    assert credit == {"nordics/da": ["Lavet med"], "egypt/ar": ["صُنع باستخدام"], "global/en": ["Made with"]}
    template = (built_sample / "locales/templates/mkdocs.pot").read_text(encoding="utf-8")
    assert "#. site footer (mkdocs.yml copyright)" in template


def test_a_footer_translation_that_adds_markup_is_not_published(tmp_path):
    root = copy_sample(tmp_path / "sample")
    catalog = root / "locales/da/mkdocs.po"
    text = catalog.read_text(encoding="utf-8")
    hostile = "Eksempel <img src=x onerror=alert(1)> <a href='javascript:alert(2)'>her</a>"
    catalog.write_text(re.sub(r'msgstr "Eksempel[^"]*"', f'msgstr "{hostile}"', text), encoding="utf-8")
    run = cli("-C", root, "build", "nordics/da")
    assert "locales/da/mkdocs.po" in run.out + run.err  # GL308: the translation adds HTML tags
    page = (root / "site/nordics/da/index.html").read_text(encoding="utf-8")
    [footer] = re.findall(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', page, re.S)
    assert footer == "Sample programme shipped with Glocal · illustrative cases are fictional"
