"""Translation checks (GL3xx): what a translation must keep, termbase terms, fuzzy and stale catalogs.

Unit tests call `glocal.i18n.checks` directly; end-to-end tests run `glocal check` / `build` /
`i18n update` on a tiny project (one module, one Danish region) whose catalogs are created by
`glocal i18n update` and then translated with polib, as a translator's tool would.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest

from conftest import Run, run_glocal
from glocal.i18n import ui
from glocal.i18n.checks import catalog_problems, emphasis_problem, placeholder_problems
from glocal.i18n.termbase import Term, glossary_problems
from glocal.i18n.translations import Translations
from glocal.markdown.blocks import count_words

# --------------------------------------------------------------------------------------------
# Unit: placeholder_problems (GL304-GL308)
# --------------------------------------------------------------------------------------------


def test_inline_code_dropped_or_changed_is_gl304():
    msgid = "Run `glocal build` before the session."
    assert placeholder_problems(msgid, "Kør bygget før sessionen.") == [
        (
            "GL304",
            "translation must keep the source's inline codes: expected `glocal build` but found nothing "
            "in its place",
        )
    ]
    assert placeholder_problems(msgid, "Kør `glocal byg` før sessionen.") == [
        (
            "GL304",
            "translation must keep the source's inline codes: expected `glocal build` but found `glocal byg`",
        )
    ]


def test_inline_code_added_is_gl304():
    assert placeholder_problems("Run the build.", "Kør `glocal build`.") == [
        (
            "GL304",
            "translation must keep the source's inline codes: expected nothing more but found `glocal build`",
        )
    ]


def test_link_target_dropped_or_changed_is_gl305():
    msgid = "Read the [guide](guide.md) first."
    assert placeholder_problems(msgid, "Læs vejledningen først.") == [
        (
            "GL305",
            "translation must keep the source's link or image targets: expected guide.md but found "
            "nothing in its place",
        )
    ]
    assert placeholder_problems(msgid, "Læs [vejledningen](vejledning.md) først.") == [
        (
            "GL305",
            "translation must keep the source's link or image targets: expected guide.md but found "
            "vejledning.md",
        )
    ]
    # the link text is the translator's; only the target must stay
    assert placeholder_problems(msgid, "Læs [vejledningen](guide.md) først.") == []


def test_image_target_changed_is_gl305():
    msgid = "Compare ![the chart](assets/chart.png) with your data."
    assert placeholder_problems(msgid, "Sammenlign ![diagrammet](assets/diagram.png) med jeres data.") == [
        (
            "GL305",
            "translation must keep the source's link or image targets: expected assets/chart.png but "
            "found assets/diagram.png",
        )
    ]
    assert placeholder_problems(msgid, "Sammenlign ![diagrammet](assets/chart.png) med jeres data.") == []


def test_footnote_reference_dropped_or_changed_is_gl306():
    msgid = "Trust grows slowly.[^trust]"
    assert placeholder_problems(msgid, "Tillid vokser langsomt.") == [
        (
            "GL306",
            "translation must keep the source's footnote references: expected [^trust] but found "
            "nothing in its place",
        )
    ]
    assert placeholder_problems(msgid, "Tillid vokser langsomt.[^tillid]") == [
        (
            "GL306",
            "translation must keep the source's footnote references: expected [^trust] but found [^tillid]",
        )
    ]


def test_template_placeholder_dropped_or_changed_is_gl307():
    msgid = "Shared data falls under {{ vars.data_law }}."
    assert placeholder_problems(msgid, "Delte data er omfattet af loven.") == [
        (
            "GL307",
            "translation must keep the source's template placeholders: expected {{ vars.data_law }} but "
            "found nothing in its place",
        )
    ]
    assert placeholder_problems(msgid, "Delte data er omfattet af {{ vars.lov }}.") == [
        (
            "GL307",
            "translation must keep the source's template placeholders: expected {{ vars.data_law }} but "
            "found {{ vars.lov }}",
        )
    ]


def test_template_placeholder_spacing_is_not_a_change():
    # `{{x}}` is `{{ x }}` to Jinja: a translator's tool or habit may write either
    msgid = "Shared data falls under {{ vars.data_law }} in {{- region.name -}}."
    assert (
        placeholder_problems(msgid, "Delte data er omfattet af {{vars.data_law}} i {{-region.name-}}.") == []
    )


def test_a_placeholder_broken_in_the_source_is_not_reported_again_on_the_translation():
    # issue 12, item 11b: `{{ region.nme }}` is GL115 on the .md; the translator's fix is no GL307
    msgid = "Plan the meeting in {{ region.nme }}."
    fixed = "Planlæg mødet i {{ region.name }}."
    assert placeholder_problems(msgid, fixed, broken=lambda tag: "nme" in tag) == []
    # a sound placeholder changed is still the translation's problem
    assert [code for code, _ in placeholder_problems(msgid, fixed, broken=lambda tag: False)] == ["GL307"]


def test_template_statement_dropped_is_gl307():
    msgid = "{% if region.timezone %}Local time applies.{% endif %}"
    assert placeholder_problems(msgid, "Lokal tid gælder.") == [
        (
            "GL307",
            "translation must keep the source's template placeholders: "
            "expected {% endif %}, {% if region.timezone %} but found nothing in its place",
        )
    ]


def test_html_tag_dropped_or_changed_is_gl308():
    msgid = "Press <kbd>Ctrl</kbd> to copy."
    assert placeholder_problems(msgid, "Tryk Ctrl for at kopiere.") == [
        (
            "GL308",
            "translation must keep the source's HTML tags: expected </kbd>, <kbd> but found nothing in "
            "its place",
        )
    ]
    assert placeholder_problems(msgid, "Tryk <b>Ctrl</b> for at kopiere.") == [
        ("GL308", "translation must keep the source's HTML tags: expected </kbd>, <kbd> but found </b>, <b>")
    ]


def test_every_kind_moved_but_kept_is_fine():
    msgid = (
        "Open <b>the site</b>, run `glocal check` and read [the notes](https://example.org/notes) "
        "and ![the map](assets/map.png) about {{ region.name }}.[^2]"
    )
    msgstr = (
        "Om {{ region.name }}: læs ![kortet](assets/map.png) og [noterne](https://example.org/notes)[^2], "
        "kør `glocal check` og åbn <b>sitet</b>."
    )
    assert placeholder_problems(msgid, msgstr) == []


def test_two_kinds_broken_at_once_are_both_reported_in_code_order():
    msgid = "Run `glocal build` and read the [guide](guide.md)."
    assert placeholder_problems(msgid, "Kør bygget og læs vejledningen.") == [
        (
            "GL304",
            "translation must keep the source's inline codes: expected `glocal build` but found nothing "
            "in its place",
        ),
        (
            "GL305",
            "translation must keep the source's link or image targets: expected guide.md but found "
            "nothing in its place",
        ),
    ]


def test_a_repeated_placeholder_must_be_kept_as_often():
    msgid = "Use `a` and then `a` again."
    assert placeholder_problems(msgid, "Brug `a` og så igen.") == [
        (
            "GL304",
            "translation must keep the source's inline codes: expected `a` but found nothing in its place",
        )
    ]


# --------------------------------------------------------------------------------------------
# Unit: a UI label's fields (GL307 in ui.po)
# --------------------------------------------------------------------------------------------

LOCAL = "Local adaptation · {region}"


@pytest.mark.parametrize(
    "danish,found",
    [
        ("Lokal tilpasning · {region} {region.foo}", "{region}, {region.foo}"),
        ("Lokal tilpasning · {region[x]}", "{region[x]}"),
        ("Lokal tilpasning · {region!r}", "{region!r}"),
        ("Lokal tilpasning · {region:>3000000}", "{region:>3000000}"),
        ("Lokal tilpasning · {region:>" + "9" * 60 + "}", "{region:>" + "9" * 29 + "…}"),
        ("Lokal tilpasning · {0}", "{0}"),
        ("Lokal tilpasning · {region} og {region}", "{region}, {region}"),
        ("Lokal tilpasning", "none"),
    ],
)
def test_a_label_field_other_than_its_englishs_is_a_problem(danish, found):
    assert ui.field_problem(LOCAL, danish) == (
        f"translation must keep the label's fields {{region}} as they are, but found {found}"
    )


def test_a_label_brace_that_does_not_pair_up_is_a_problem():
    assert ui.field_problem(LOCAL, "Lokal tilpasning · {region} }") == (
        "a '{' or '}' of the translation does not pair up"
    )


@pytest.mark.parametrize("danish", ["Lokal tilpasning · {region}", "{region}: lokal tilpasning {{x}}"])
def test_a_label_with_its_englishs_fields_moved_is_fine(danish):
    assert ui.field_problem(LOCAL, danish) is None


@pytest.mark.parametrize(
    "danish",
    [
        "Lokal tilpasning · {region.foo}",
        "Lokal tilpasning · {region[0]}",
        "Lokal tilpasning · {region!r}",
        "Lokal tilpasning · {region:>3000000}",
        "Lokal tilpasning · {region} }",
        "Lokal tilpasning · {regionen}",
    ],
)
def test_a_label_with_other_fields_is_never_formatted_the_english_one_is_shown(danish):
    """Even given to `Labels` without `_read`'s filter, a label's fields are filled in without
    str.format: no attribute or item is looked up, no value padded, nothing raised."""
    labels = ui.Labels("da", {LOCAL: danish})
    assert labels.get("local_adaptation", region="Norden") == "Local adaptation · Norden"
    assert ui.Labels("da", {LOCAL: "{region}: lokal"}).get("local_adaptation", region="Norden") == (
        "Norden: lokal"
    )


# --------------------------------------------------------------------------------------------
# Unit: glossary_problems (GL309)
# --------------------------------------------------------------------------------------------

TERMS = [
    Term("pillar", {"da": "søjle"}),
    Term("partner", {"da": "partner"}),
    Term("training partner", {"da": "uddannelsesleverandør"}),
]


def test_missing_approved_term_is_reported():
    assert glossary_problems(TERMS, "da", "Each pillar needs an owner.", "Hver del har en ejer.") == [
        "'pillar' → 'søjle'"
    ]


def test_the_approved_term_satisfies_the_check():
    assert glossary_problems(TERMS, "da", "Each pillar needs an owner.", "Hver søjle har en ejer.") == []


@pytest.mark.parametrize("msgstr", ["De fem søjler bærer partnerskabet.", "Søjlerne bærer partnerskabet."])
def test_inflected_forms_of_the_approved_term_count(msgstr):
    assert glossary_problems(TERMS, "da", "The five pillars carry the partnership.", msgstr) == []


def test_an_english_plural_in_the_source_is_the_term():
    assert glossary_problems(TERMS, "da", "The five pillars carry it.", "De fem dele bærer det.") == [
        "'pillar' → 'søjle'"
    ]


def test_the_longest_term_wins_over_a_shorter_one_inside_it():
    msgid = "Ask your training partner first."
    # 'partner' alone would want 'partner', which this correct translation does not contain
    assert glossary_problems(TERMS, "da", msgid, "Spørg først jeres uddannelsesleverandør.") == []
    assert glossary_problems(TERMS, "da", msgid, "Spørg først jeres partner.") == [
        "'training partner' → 'uddannelsesleverandør'"
    ]


def test_a_term_inside_another_word_is_not_the_term():
    assert glossary_problems(TERMS, "da", "Build the partnership.", "Byg samarbejdet.") == []


def test_a_term_without_a_translation_for_the_language_is_not_checked():
    assert glossary_problems(TERMS, "nb", "Each pillar needs an owner.", "Hver del har en eier.") == []


# --------------------------------------------------------------------------------------------
# Unit: catalog_problems on a PO file as a translator's tool writes it
# --------------------------------------------------------------------------------------------

UNIT_PO = """\
msgid ""
msgstr ""
"Language: {language}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: curriculum/modules/intro.md:9
#, fuzzy
#| msgid "Partners measure results together."
msgid "Partners measure their results together."
msgstr "Partnere måler resultater sammen."

#: curriculum/modules/intro.md:11
msgid "Strategy first"
msgstr "Strategy first"

#: curriculum/modules/intro.md:13
msgid "This sentence stays untranslated for now."
msgstr ""

#: curriculum/modules/intro.md:15
msgid "Each pillar needs an owner."
msgstr "Hver del har en ejer."
"""


def _unit_codes(language: str = "da", header: str = "da") -> list[tuple[str, int | None, str]]:
    po = polib.pofile(UNIT_PO.format(language=header))
    found = catalog_problems(po, "locales/da/x.po", language, None, TERMS)
    return [(d.code, d.line, d.message) for d in found]


@pytest.mark.parametrize(
    ("comments", "why"),
    [
        (
            "# glocal: aligned with git-novice-es/episodes/04-changes.md, line 12\n",
            "a suggestion aligned from an existing translation",
        ),
        ("# glocal: from translation memory: locales/nb/x.po\n", "a suggestion from the translation memory"),
        ("", "not confirmed"),
    ],
    ids=["aligned", "memory", "marked by hand"],
)
def test_a_fuzzy_entry_says_why_it_is_fuzzy(comments, why):
    """`import workbench --translation` made 662 suggestions, each reported as 'the source changed'."""
    po = polib.pofile(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: da\\n"\n\n'
        f'{comments}#, fuzzy\nmsgid "Each pillar needs an owner."\nmsgstr "Hver del har en ejer."\n'
    )
    [fuzzy] = [d for d in catalog_problems(po, "locales/da/x.po", "da", None, TERMS) if d.code == "GL303"]
    assert fuzzy.message == f"fuzzy: {why}; the source text is shown until a translator confirms"


def test_catalog_problems_fuzzy_identical_untranslated_and_terms():
    assert _unit_codes() == [
        (
            "GL303",
            7,
            "fuzzy: the source changed (was: 'Partners measure results together.'); "
            "the source text is shown until a translator confirms",
        ),
        ("GL310", 13, "translation is identical to the source"),
        ("GL309", 21, "termbase term(s) not used: 'pillar' → 'søjle'"),
        ("GL317", None, "1 of 4 messages are not translated yet"),
    ]


def test_catalog_problems_language_header():
    found = _unit_codes(header="nb")
    assert found[0] == ("GL314", 1, "catalog header says Language: nb but the file is in locales/da/")
    assert [code for code, _, _ in found].count("GL314") == 1
    # a region-qualified header in either spelling matches its folder
    assert "GL314" not in [
        d.code
        for d in catalog_problems(
            polib.pofile(UNIT_PO.format(language="pt-BR")), "locales/pt_BR/x.po", "pt_BR", None, []
        )
    ]


EMPHASIS_PO = """\
msgid ""
msgstr ""
"Language: da\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: curriculum/modules/intro.md:9
msgid "Partners **share** data and _measure_ results."
msgstr "Partnere **deler* data og _måler_ resultater."

#: curriculum/modules/intro.md:11
msgid "Name the **owner**."
msgstr "Navngiv **ejeren**."
"""


def test_unpaired_emphasis_in_a_translation_is_gl328_at_its_entry():
    # issue 12, item 11a: `**deler*` shows a literal asterisk where the source's bold pairs up
    found = catalog_problems(polib.pofile(EMPHASIS_PO), "locales/da/x.po", "da", None, [])
    assert [(d.code, d.line, d.message, d.level.value) for d in found] == [
        (
            "GL328",
            6,
            "emphasis markers do not pair up in the translation: '*' would show as written",
            "warning",
        )
    ]


@pytest.mark.parametrize(
    "msgid,msgstr",
    [
        ("Keep the **bold** text.", "Behold den **fede** tekst."),  # moved and kept
        ("Keep the **bold** text.", "Behold teksten."),  # emphasis dropped: nothing left unpaired
        ("Compute 2 * 3 in snake_case.", "Udregn 2 * 3 i snake_case."),  # literal in the source too
        ("An *escaped* star.", "En \\*undsluppet\\* stjerne."),  # escaped on purpose
        ("Call __init__ first.", "Kald __init__ først."),
    ],
)
def test_balanced_or_literal_markers_are_not_gl328(msgid, msgstr):
    assert emphasis_problem(msgid, msgstr) is None


@pytest.mark.parametrize("msgstr", ["En *halv fed** tekst.", "En _kursiv tekst.", "En **fed tekst."])
def test_each_kind_of_unpaired_marker_is_gl328(msgstr):
    assert emphasis_problem("A **bold** or _italic_ text.", msgstr) is not None


def test_gl328_names_each_stray_character_once_with_its_count():
    """200 stray underscores were named 200 times ('_', '_', '_', ...), a 1 KB message."""
    assert emphasis_problem("Stop here.", "Stop " + "_x " * 200) == (
        "emphasis markers do not pair up in the translation: '_' (200 times) would show as written"
    )
    assert emphasis_problem("A **bold** or _italic_ text.", "En **fed tekst _a.") == (
        "emphasis markers do not pair up in the translation: '*' (2 times), '_' would show as written"
    )


BROKEN_MODULE = """\
---
id: intro
title: Introduction
duration: 60
---

Plan the meeting in {{ region.nme }}.

Share data under {{ vars.data_law }}.
"""

BROKEN_PO = """\
msgid ""
msgstr ""
"Language: da\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Introduction"
msgstr "Introduktion"

msgid "Plan the meeting in {{ region.nme }}."
msgstr "Planlæg mødet i {{ region.name }}."

msgid "Share data under {{ vars.data_law }}."
msgstr "Del data under {{ vars.lov }}."
"""


def test_a_bad_placeholder_is_reported_once_on_the_source(tmp_path: Path):
    """GL115 on the .md for the source's unknown variable, no GL307 on the PO for it; GL307 still
    for the translation that changes a sound placeholder."""
    write(tmp_path / "curriculum/program.yml", PROGRAM)
    write(tmp_path / "curriculum/modules/intro.md", BROKEN_MODULE)
    write(tmp_path / "toolkits/regions/north/region.yml", REGION)
    write(tmp_path / "locales/da/curriculum/modules/intro.po", BROKEN_PO)
    run = cli("-C", tmp_path, "check", "--format", "json")
    found = [(d["code"], d["path"], d["line"]) for d in json.loads(run.out)["diagnostics"]]
    codes = [code for code, _, _ in found]
    assert codes.count("GL115") == 1, found
    assert ("GL115", "curriculum/modules/intro.md", 7) in found
    assert [(file, line) for code, file, line in found if code == "GL307"] == [
        ("locales/da/curriculum/modules/intro.po", 12)
    ]


# --------------------------------------------------------------------------------------------
# End to end: a tiny project translated into Danish
# --------------------------------------------------------------------------------------------

PROGRAM = """\
id: tiny
title: Tiny programme
source_language: en
modules:
  - intro
"""

REGION = """\
id: north
name: North
languages: [da, en]
locales: {da: da_DK, en: en_DK}
timezone: Europe/Copenhagen
day_start: "09:00"
vars:
  data_law: the GDPR
"""

MODULE = """\
---
id: intro
title: Introduction
duration: 60
objectives:
  - Explain why partnerships matter
---

Run `glocal build` before the session.

Read the [guide](https://example.org/guide) and study ![the chart](https://example.org/chart.png) first.

Trust grows slowly.[^1]

Shared data falls under {{ vars.data_law }}.

Press <kbd>Ctrl</kbd> to copy the text.

Open <b>the site</b>, run `glocal check` and read [the notes](https://example.org/notes) about {{ region.name }}.[^2]

The five pillars carry the partnership.

Ask your training partner first.

Each pillar needs an owner.

GDPR

Partners measure results together.

This sentence stays untranslated for now.

[^1]: Trust is built over many years.
[^2]: The notes are updated every year.
"""  # noqa: E501 - a Markdown paragraph above is longer than a line

#: What the translator writes (msgid → msgstr); "" leaves an entry untranslated.
DANISH = {
    "Tiny programme": "Lille program",
    "North": "Nord",
    "the GDPR": "GDPR-forordningen",
    "Introduction": "Introduktion",
    "Explain why partnerships matter": "Forklar hvorfor partnerskaber betyder noget",
    "Run `glocal build` before the session.": "Kør `glocal byg` før sessionen.",
    (
        "Read the [guide](https://example.org/guide) and study "
        "![the chart](https://example.org/chart.png) first."
    ): (
        "Læs [vejledningen](https://example.org/vejledning) og studér "
        "![diagrammet](https://example.org/chart.png) først."
    ),
    "Trust grows slowly.[^1]": "Tillid vokser langsomt.",
    "Shared data falls under {{ vars.data_law }}.": "Delte data er omfattet af loven.",
    "Press <kbd>Ctrl</kbd> to copy the text.": "Tryk Ctrl for at kopiere teksten.",
    (
        "Open <b>the site</b>, run `glocal check` and read [the notes](https://example.org/notes) "
        "about {{ region.name }}.[^2]"
    ): (
        "Om {{ region.name }}: læs [noterne](https://example.org/notes)[^2], "
        "kør `glocal check` og åbn <b>sitet</b>."
    ),
    "The five pillars carry the partnership.": "De fem søjler bærer partnerskabet.",
    "Ask your training partner first.": "Spørg først jeres uddannelsesleverandør.",
    "Each pillar needs an owner.": "Hver del har en ejer.",
    "GDPR": "GDPR",
    "Partners measure results together.": "Partnere måler resultater sammen.",
    "This sentence stays untranslated for now.": "",
    "Trust is built over many years.": "Tillid opbygges over mange år.",
    "The notes are updated every year.": "Noterne opdateres hvert år.",
}

OLD_SENTENCE = "Partners measure results together."
NEW_SENTENCE = "Partners measure their results together."  # the source edit that makes the entry fuzzy
UNTRANSLATED = "This sentence stays untranslated for now."
#: Its translation drops the placeholder (GL307): never published, the source is shown
DROPPED_PLACEHOLDER = "Shared data falls under {{ vars.data_law }}."
#: Every message whose translation is an error (GL304-GL308): none is published, the source is shown
WITHHELD_MSGIDS = (
    "Run `glocal build` before the session.",
    "Read the [guide](https://example.org/guide) and study ![the chart](https://example.org/chart.png) "
    "first.",
    "Trust grows slowly.[^1]",
    DROPPED_PLACEHOLDER,
    "Press <kbd>Ctrl</kbd> to copy the text.",
)

GLOSSARY = "en,da\npillar,søjle\ntraining partner,uddannelsesleverandør\npartner,partner\n"

INTRO_PO = "locales/da/curriculum/modules/intro.po"


cli = run_glocal  # `glocal ARGS` in-process, output captured


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def translate(root: Path) -> None:
    for path in (root / "locales" / "da").rglob("*.po"):
        po = polib.pofile(str(path), wrapwidth=0)
        for entry in po:
            entry.msgstr = DANISH[entry.msgid]
        po.save(str(path))


def make_project(root: Path) -> Path:
    write(root / "curriculum/program.yml", PROGRAM)
    write(root / "curriculum/modules/intro.md", MODULE)
    write(root / "toolkits/regions/north/region.yml", REGION)
    assert cli("-C", root, "i18n", "update").code == 0
    translate(root)
    # the author edits one sentence; `i18n update` keeps its translation as fuzzy
    module = root / "curriculum/modules/intro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8"
    )
    assert cli("-C", root, "i18n", "update").code == 0
    write(root / "locales/glossary.csv", GLOSSARY)
    return root


def entry_line(root: Path, relpath: str, msgid: str) -> int:
    """1-based line where the catalog entry for `msgid` begins (its first comment line)."""
    lines = (root / relpath).read_text(encoding="utf-8").split("\n")
    index = lines.index(f'msgid "{polib.escape(msgid)}"')
    while index > 0 and lines[index - 1].startswith("#"):
        index -= 1
    return index + 1


def check_json(root: Path) -> tuple[int, dict]:
    result = cli("-C", root, "check", "--format", "json")
    return result.code, json.loads(result.out)


def site(data: dict, key: str) -> dict:
    return next(s for s in data["sites"] if s["site"] == key)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The translated tiny project (read-only: copy it before changing anything)."""
    return make_project(tmp_path_factory.mktemp("i18n") / "tiny")


@pytest.fixture(scope="module")
def checked(project) -> tuple[int, dict]:
    return check_json(project)


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> tuple[Path, Run]:
    root = tmp_path_factory.mktemp("i18n-built") / "tiny"
    shutil.copytree(project, root)
    return root, cli("-C", root, "build", "north/da")


@pytest.fixture
def copy(project, tmp_path) -> Path:
    root = tmp_path / "tiny"
    shutil.copytree(project, root)
    return root


def test_the_fuzzy_entry_is_made_by_update_with_the_previous_msgid(project):
    po = polib.pofile(str(project / INTRO_PO))
    entry = po.find(NEW_SENTENCE)
    assert entry is not None and "fuzzy" in entry.flags
    assert entry.previous_msgid == OLD_SENTENCE
    assert entry.msgstr == DANISH[OLD_SENTENCE]


WITHHELD = "; it is not published, the source text is shown"


def test_check_reports_every_translation_problem_with_exact_text_and_line(project, checked):
    code, data = checked
    assert code == 1  # GL304-GL308 are errors
    line = lambda msgid: entry_line(project, INTRO_PO, msgid)  # noqa: E731
    expected = [
        (
            "GL304",
            "error",
            line("Run `glocal build` before the session."),
            "translation must keep the source's inline codes: expected `glocal build` but found `glocal byg`"
            + WITHHELD,
        ),
        (
            "GL305",
            "error",
            line(
                "Read the [guide](https://example.org/guide) and study "
                "![the chart](https://example.org/chart.png) first."
            ),
            "translation must keep the source's link or image targets: expected "
            "https://example.org/guide but found https://example.org/vejledning" + WITHHELD,
        ),
        (
            "GL306",
            "error",
            line("Trust grows slowly.[^1]"),
            "translation must keep the source's footnote references: expected [^1] but found nothing in "
            "its place" + WITHHELD,
        ),
        (
            "GL307",
            "error",
            line("Shared data falls under {{ vars.data_law }}."),
            "translation must keep the source's template placeholders: expected {{ vars.data_law }} but "
            "found nothing in its place" + WITHHELD,
        ),
        (
            "GL308",
            "error",
            line("Press <kbd>Ctrl</kbd> to copy the text."),
            "translation must keep the source's HTML tags: expected </kbd>, <kbd> but found nothing in "
            "its place" + WITHHELD,
        ),
        (
            "GL309",
            "warning",
            line("Each pillar needs an owner."),
            "termbase term(s) not used: 'pillar' → 'søjle'",
        ),
        ("GL310", "info", line("GDPR"), "translation is identical to the source"),
        (
            "GL303",
            "info",
            line(NEW_SENTENCE),
            f"fuzzy: the source changed (was: {OLD_SENTENCE!r}); the source text is shown until a "
            "translator confirms",
        ),
        ("GL317", "info", None, "1 of 16 messages are not translated yet"),
    ]
    found = [
        (d["code"], d["severity"], d["line"], d["message"])
        for d in data["diagnostics"]
        if d["path"] == INTRO_PO
    ]
    assert sorted(found, key=str) == sorted(expected, key=str)
    # nothing about the moved-but-kept paragraph, the inflected 'søjler' or the longest term;
    # nothing elsewhere
    assert [d for d in data["diagnostics"] if d["path"] != INTRO_PO] == []


def test_check_text_form_prints_file_line_col(project):
    result = cli("-C", project, "check")
    line = entry_line(project, INTRO_PO, "Run `glocal build` before the session.")
    assert (
        f"{INTRO_PO}:{line}:1: error GL304: translation must keep the source's inline codes: "
        "expected `glocal build` but found `glocal byg`; it is not published, the source text is shown"
    ) in result.out.splitlines()
    hint = "(hint: use the approved term from locales/glossary.csv)"
    assert any(
        line.startswith(f"{INTRO_PO}:") and "GL309" in line and line.endswith(hint)
        for line in result.out.splitlines()
    )


def _shown_words(root: Path) -> dict[str, int]:
    """msgid → words, for every message of the site's catalogs (each shown exactly once on north/da)."""
    words = {}
    for path in (root / "locales" / "templates").rglob("*.pot"):
        for entry in polib.pofile(str(path)):
            words[entry.msgid] = count_words(entry.msgid)
    return words


def test_fuzzy_and_untranslated_words_do_not_count_as_translated(project, checked):
    _, data = checked
    words = _shown_words(project)
    total = sum(words.values())
    assert NEW_SENTENCE in words and UNTRANSLATED in words and OLD_SENTENCE not in words
    withheld = sum(words[msgid] for msgid in WITHHELD_MSGIDS)
    expected = round((total - words[NEW_SENTENCE] - words[UNTRANSLATED] - withheld) / total, 4)
    assert site(data, "north/da")["translated"] == expected
    assert site(data, "north/en")["translated"] == 1.0


def test_confirming_the_fuzzy_entry_raises_the_translated_share(copy, checked):
    po = polib.pofile(str(copy / INTRO_PO), wrapwidth=0)
    po.find(NEW_SENTENCE).flags.remove("fuzzy")
    po.save()
    _, data = check_json(copy)
    words = _shown_words(copy)
    total = sum(words.values())
    withheld = sum(words[msgid] for msgid in WITHHELD_MSGIDS)
    assert site(data, "north/da")["translated"] == round((total - words[UNTRANSLATED] - withheld) / total, 4)
    assert site(data, "north/da")["translated"] > site(checked[1], "north/da")["translated"]
    assert "GL303" not in [d["code"] for d in data["diagnostics"]]


def test_an_identical_translation_counts_as_translated(copy, checked):
    """GL310 is only a note: leaving 'GDPR' empty instead lowers the share by its one word."""
    po = polib.pofile(str(copy / INTRO_PO), wrapwidth=0)
    po.find("GDPR").msgstr = ""
    po.save()
    _, data = check_json(copy)
    total = sum(_shown_words(copy).values())
    before = site(checked[1], "north/da")["translated"]
    words = _shown_words(copy)
    withheld = sum(words[msgid] for msgid in WITHHELD_MSGIDS)
    assert site(data, "north/da")["translated"] == round(
        (total - words[NEW_SENTENCE] - words[UNTRANSLATED] - withheld - words["GDPR"]) / total, 4
    )
    assert site(data, "north/da")["translated"] < before
    messages = {(d["code"], d["message"]) for d in data["diagnostics"] if d["path"] == INTRO_PO}
    assert ("GL317", "2 of 16 messages are not translated yet") in messages
    assert "GL310" not in {code for code, _ in messages}


def test_built_site_shows_fuzzy_and_untranslated_text_in_the_source_language(built):
    root, result = built
    assert result.code == 1, result.err  # the catalog errors are reported, the site is still built
    html = (root / "site/north/da/modules/intro.html").read_text(encoding="utf-8")
    for text in (NEW_SENTENCE, UNTRANSLATED):
        assert re.search(rf'<span class="glocal-fallback" lang="en"[^>]*>{re.escape(text)}</span>', html), (
            text
        )
    assert DANISH[OLD_SENTENCE] not in html  # a fuzzy translation is never shown
    # nor one that drops or changes its source's code, link, footnote, placeholder or tag (GL304-GL308)
    for msgid in WITHHELD_MSGIDS:
        assert DANISH[msgid] not in html, msgid
    assert "example.org/vejledning" not in html  # the link the translator sent elsewhere
    assert re.search(
        r'<span class="glocal-fallback" lang="en"[^>]*>Run <code>glocal build</code> before the '
        r"session\.</span>",
        html,
    )
    assert re.search(
        r'<span class="glocal-fallback" lang="en"[^>]*>Shared data falls under GDPR-forordningen\.</span>',
        html,
    )
    assert "De fem søjler bærer partnerskabet." in html


def test_every_translation_check_reports_an_error_of_is_withheld_by_build_and_explain(copy, checked):
    """README: an entry with an error is never published. GL304-GL308 were reported as errors
    while build published them: a link the translator sent to a phishing page, an image to
    /etc/passwd. What check reports, the translations a site uses and explain agree."""
    _, data = checked
    po = polib.pofile(str(copy / INTRO_PO))
    msgids = {entry_line(copy, INTRO_PO, e.msgid): e.msgid for e in po if not e.obsolete}
    errors = [(d["code"], msgids[d["line"]]) for d in data["diagnostics"] if d["severity"] == "error"]
    assert sorted(code for code, _ in errors) == ["GL304", "GL305", "GL306", "GL307", "GL308"]
    assert {msgid for _, msgid in errors} == set(WITHHELD_MSGIDS)
    usable = Translations(copy).catalog("da", "curriculum/modules/intro.md").translated
    translated = {e.msgid for e in po if e.translated()}
    assert set(WITHHELD_MSGIDS) < translated
    assert set(usable) == translated - set(WITHHELD_MSGIDS)
    explained = cli("-C", copy, "explain", "north/da", "modules/intro").out
    for msgid in WITHHELD_MSGIDS:
        assert f"translation: withheld at {INTRO_PO}:{entry_line(copy, INTRO_PO, msgid)}" in explained


FOREIGN_CONTEXT = (
    '\nmsgctxt "sneaky"\nmsgid "The five pillars carry the partnership."\nmsgstr "SKJULT OVERSÆTTELSE"\n'
    f'\nmsgctxt ""\nmsgid "{UNTRANSLATED}"\nmsgstr "SKJULT IGEN"\n'
)
GL337 = (
    "an entry with msgctxt {!r} is ignored: Glocal's catalogs have no msgctxt, "
    "so it translates no message here"
)


def test_an_entry_with_a_msgctxt_is_gl337_and_never_used(copy):
    """Glocal never writes a msgctxt, and a site's messages are keyed by msgid: an entry with one
    silently replaced the translation of its msgid (or gave an untranslated one a translation)."""
    path = copy / INTRO_PO
    with path.open("a", encoding="utf-8") as handle:
        handle.write(FOREIGN_CONTEXT)
    lines = path.read_text(encoding="utf-8").split("\n")
    code, data = check_json(copy)
    found = [
        (d["code"], d["severity"], d["line"], d["message"])
        for d in data["diagnostics"]
        if d["code"] == "GL337"
    ]
    assert found == [
        ("GL337", "warning", lines.index('msgctxt "sneaky"') + 1, GL337.format("sneaky")),
        ("GL337", "warning", lines.index('msgctxt ""') + 1, GL337.format("")),
    ]
    usable = Translations(copy).catalog("da", "curriculum/modules/intro.md").translated
    assert usable["The five pillars carry the partnership."] == "De fem søjler bærer partnerskabet."
    assert UNTRANSLATED not in usable
    # the untranslated message is still counted as such, and the entries are not counted at all
    assert ("GL317", "1 of 16 messages are not translated yet") in [
        (d["code"], d["message"]) for d in data["diagnostics"] if d["path"] == INTRO_PO
    ]
    cli("-C", copy, "build", "north/da")
    html = (copy / "site/north/da/modules/intro.html").read_text(encoding="utf-8")
    assert "SKJULT" not in html and "De fem søjler bærer partnerskabet." in html
    assert re.search(rf'<span class="glocal-fallback" lang="en"[^>]*>{re.escape(UNTRANSLATED)}</span>', html)
    # explain names the entry the page uses, not the ignored one of the same msgid
    explained = cli("-C", copy, "explain", "north/da", "intro").out
    used = entry_line(copy, INTRO_PO, "The five pillars carry the partnership.")
    assert f"translation: translated at {INTRO_PO}:{used}" in explained
    ignored = lines.index('msgctxt "sneaky"') + 1
    assert f"{INTRO_PO}:{ignored}" not in explained and f"{INTRO_PO}:{ignored + 1}" not in explained


def test_update_keeps_an_entry_with_a_msgctxt_as_obsolete(copy):
    """Nothing a translator wrote is dropped: the entry GL337 ignores becomes obsolete (`#~`),
    translation and all, as msgmerge does, and then nothing is reported."""
    with (copy / INTRO_PO).open("a", encoding="utf-8") as handle:
        handle.write(FOREIGN_CONTEXT)
    for _ in range(2):
        assert cli("-C", copy, "i18n", "update").code == 0
        kept = [(e.msgctxt, e.msgid, e.msgstr) for e in polib.pofile(str(copy / INTRO_PO)) if e.obsolete]
        assert ("sneaky", "The five pillars carry the partnership.", "SKJULT OVERSÆTTELSE") in kept
        assert ("", UNTRANSLATED, "SKJULT IGEN") in kept
    assert "GL337" not in [d["code"] for d in check_json(copy)[1]["diagnostics"]]


def test_a_ui_label_with_a_msgctxt_is_gl337_and_the_built_in_label_is_shown(copy):
    (copy / "locales/da/ui.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: da\\n"\n\nmsgctxt "x"\nmsgid "Duration"\nmsgstr "Længde"\n',
        encoding="utf-8",
    )
    _, data = check_json(copy)
    found = [(d["code"], d["line"]) for d in data["diagnostics"] if d["path"] == "locales/da/ui.po"]
    assert found == [("GL337", 5)]
    cli("-C", copy, "build", "north/da")
    html = (copy / "site/north/da/modules/intro.html").read_text(encoding="utf-8")
    assert "<strong>Varighed:</strong>" in html and "Længde" not in html


def test_missing_catalog_is_gl311(copy):
    (copy / INTRO_PO).unlink()
    code, data = check_json(copy)
    assert code == 0
    found = [d for d in data["diagnostics"] if d["path"] == INTRO_PO]
    assert found == [
        {
            "code": "GL311",
            "severity": "warning",
            "path": INTRO_PO,
            "line": None,
            "col": None,
            "message": "no catalog for da: curriculum/modules/intro.md is shown in en on da sites",
            "hint": "run: glocal i18n update --lang da",
            "related": [],
        }
    ]


def test_out_of_date_catalog_is_gl312(copy):
    module = copy / "curriculum/modules/intro.md"
    module.write_text(
        module.read_text(encoding="utf-8") + "\nA brand new closing paragraph.\n", encoding="utf-8"
    )
    code, data = check_json(copy)
    found = [d for d in data["diagnostics"] if d["code"] == "GL312"]
    assert found == [
        {
            "code": "GL312",
            "severity": "warning",
            "path": INTRO_PO,
            "line": None,
            "col": None,
            "message": "catalog is out of date: 1 source message(s) are not in it, e.g. 'A brand new closing "
            "paragraph.'",
            "hint": "run: glocal i18n update",
            "related": [],
        }
    ]
    # `i18n update` brings it up to date
    assert cli("-C", copy, "i18n", "update").code == 0
    _, data = check_json(copy)
    assert "GL312" not in [d["code"] for d in data["diagnostics"]]


def test_wrong_language_header_is_gl314(copy):
    path = copy / INTRO_PO
    path.write_text(
        path.read_text(encoding="utf-8").replace('"Language: da\\n"', '"Language: nb\\n"'), encoding="utf-8"
    )
    _, data = check_json(copy)
    found = [
        (d["code"], d["severity"], d["line"], d["col"], d["message"])
        for d in data["diagnostics"]
        if d["code"] == "GL314"
    ]
    assert found == [
        ("GL314", "warning", 1, 1, "catalog header says Language: nb but the file is in locales/da/")
    ]


def test_broken_po_syntax_is_gl320_at_its_line_and_only_that_entry_falls_back(copy):
    path = copy / INTRO_PO
    lines = path.read_text(encoding="utf-8").split("\n")
    bad = entry_line(copy, INTRO_PO, "GDPR")  # break the catalog just before this entry
    lines.insert(bad - 1, "msgstr_bogus this is not a PO keyword")
    path.write_text("\n".join(lines), encoding="utf-8")
    code, data = check_json(copy)
    assert code == 1
    found = [d for d in data["diagnostics"] if d["path"] == INTRO_PO and d["code"] >= "GL318"]
    assert found == [
        {
            "code": "GL320",
            "severity": "error",
            "path": INTRO_PO,
            "line": bad,
            "col": 1,
            "message": "unknown keyword 'msgstr_bogus': expected one of msgctxt, msgid, msgid_plural, msgstr",
            "hint": 'every line of an entry is a comment (#), a keyword with a "string", or a "string"',
            "related": [],
        }
    ]
    result = cli("-C", copy, "build")  # must return, not raise
    assert result.code == 1
    assert f"{INTRO_PO}:{bad}:1: error GL320: unknown keyword 'msgstr_bogus'" in result.err
    html = (copy / "site/north/da/modules/intro.html").read_text(encoding="utf-8")
    # the entry the stray line follows is not used; the rest of the catalog is
    assert re.search(
        r'<span class="glocal-fallback" lang="en"[^>]*>Each pillar needs an owner\.</span>', html
    )
    assert "Hver del har en ejer." not in html
    assert "De fem søjler bærer partnerskabet." in html


def test_catalog_that_is_not_utf8_is_gl301_at_its_line(copy):
    path = copy / INTRO_PO
    raw = path.read_bytes().replace(b'msgid "GDPR"', b'msgid "GDPR\xff"')
    path.write_bytes(raw)
    msgid_line = raw.split(b'msgid "GDPR\xff"')[0].count(b"\n") + 1
    code, data = check_json(copy)
    found = [(d["code"], d["line"], d["message"]) for d in data["diagnostics"] if d["path"] == INTRO_PO]
    assert found == [("GL301", msgid_line, "expected UTF-8 text but found the byte 0xff")]
    assert code == 1


BROKEN_UI_PO = (
    'msgid ""\nmsgstr ""\n"Language: da\\n"\n\nmsgid "Duration"\nmsgstr "Længde"\n\nmsgstr_bogus this is '
    "not a PO keyword\n"
)


def test_broken_project_ui_catalog_is_gl320_at_its_line(copy):
    """locales/<lang>/ui.po is a PO catalog of the project like any other: broken syntax is reported."""
    (copy / "locales/da/ui.po").write_text(BROKEN_UI_PO, encoding="utf-8")
    code, data = check_json(copy)
    found = [
        (d["code"], d["severity"], d["line"], d["message"])
        for d in data["diagnostics"]
        if d["path"] == "locales/da/ui.po"
    ]
    message = "unknown keyword 'msgstr_bogus': expected one of msgctxt, msgid, msgid_plural, msgstr"
    assert found == [("GL320", "error", 8, message)]
    assert code == 1


def test_broken_project_ui_catalog_does_not_break_the_build(copy):
    (copy / "locales/da/ui.po").write_text(BROKEN_UI_PO, encoding="utf-8")
    result = cli("-C", copy, "build", "north/da")  # must return, not raise
    assert "Traceback" not in result.err
    html = (copy / "site/north/da/modules/intro.html").read_text(encoding="utf-8")
    # the broken entry of the override is not used: the built-in Danish label is
    assert "<strong>Varighed:</strong>" in html and "Længde" not in html


def test_a_label_far_longer_than_its_english_is_gl332_and_the_built_in_label_is_shown(copy):
    """A label is on every page, in every note: a 2 MB ui.po of two long labels made nordics/da
    a 150 MB site. Past 4 times the English and 200 characters it is not used."""
    long = "Varighed " * 500
    (copy / "locales/da/ui.po").write_text(
        f'msgid ""\nmsgstr ""\n"Language: da\\n"\n\nmsgid "Duration"\nmsgstr "{long}"\n', encoding="utf-8"
    )
    code, data = check_json(copy)
    found = [(d["code"], d["line"]) for d in data["diagnostics"] if d["path"] == "locales/da/ui.po"]
    assert found == [("GL332", 5)] and code == 1
    cli("-C", copy, "build", "north/da")
    html = (copy / "site/north/da/modules/intro.html").read_text(encoding="utf-8")
    assert "<strong>Varighed:</strong>" in html and "Varighed Varighed" not in html


def test_update_for_an_undeclared_language_is_gl315_exit_2(copy):
    before = sorted(str(p.relative_to(copy)) for p in (copy / "locales").rglob("*"))
    result = cli("-C", copy, "i18n", "update", "--lang", "xx")
    assert result.code == 2
    assert (
        "<command line>: error GL315: no region declares the language 'xx': expected one of da"
        in result.err.splitlines()
    )
    assert not (copy / "locales" / "xx").exists()
    assert sorted(str(p.relative_to(copy)) for p in (copy / "locales").rglob("*")) == before


def test_update_for_a_declared_language_succeeds(copy):
    result = cli("-C", copy, "i18n", "update", "--lang", "da")
    assert result.code == 0, result.err
    assert "GL315" not in result.err


def test_a_catalog_nothing_reads_is_gl338(copy):
    """A catalog saved under a misspelt name, one of a module since removed, or a folder in a
    language no region teaches: nothing reads it, and its translator heard nothing of it."""
    misspelt = copy / "locales/da/curriculum/modules/intor.po"
    shutil.copy(copy / INTRO_PO, misspelt)
    german = copy / "locales/de/curriculum/modules/intro.po"
    german.parent.mkdir(parents=True)
    shutil.copy(copy / INTRO_PO, german)
    (copy / "locales/de/ui.po").write_text("", encoding="utf-8")
    _, data = check_json(copy)
    found = [
        (d["code"], d["severity"], d["path"], d["hint"]) for d in data["diagnostics"] if d["code"] == "GL338"
    ]
    assert found == [
        ("GL338", "warning", "locales/da/curriculum/modules/intor.po", f"did you mean '{INTRO_PO}'?"),
        ("GL338", "warning", "locales/de/", "add 'de' to a region's languages, or delete the folder"),
    ]
    message = next(d["message"] for d in data["diagnostics"] if d["path"] == "locales/de/")
    assert message == "no region teaches 'de': the 2 catalog(s) under it are not read"
    misspelt.unlink()
    shutil.rmtree(copy / "locales/de")
    assert not [d for d in check_json(copy)[1]["diagnostics"] if d["code"] == "GL338"]
