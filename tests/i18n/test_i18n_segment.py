"""Segmentation (segment.py), extraction (extract.py) and the in-place merge (apply.py).

One message per heading, paragraph, list-item paragraph, table cell, blockquote paragraph and
image alt text; front-matter and region values; never code, raw HTML or URLs. Translating every
message to itself must give back every source byte for byte: the CommonMark spec examples, the
sample's modules and overlays, and random Markdown (Hypothesis).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, REPO
from glocal.i18n.apply import apply
from glocal.i18n.segment import segment_text
from glocal.load.files import split_front_matter

COMMONMARK = FIXTURES / "corpus" / "commonmark" / "commonmark.json"


def identity(text: str) -> str:
    return apply(text, segment_text(text), lambda s: s.msgid)


def table(text: str) -> list[tuple[str, str, int, str]]:
    """(kind, msgid, 0-based line, container comment) of every segment."""
    return [(s.kind, s.msgid, s.line, s.context) for s in segment_text(text)]


# --- what is a message ---------------------------------------------------------------------------

DOCUMENT = """\
# Title with *emphasis*

A paragraph with **bold**, `code` and [a link](https://example.com/x).
Its second line.

- first item
- second item with `code`

  second item, second paragraph

1. numbered item

> quoted paragraph
> continued

| Element | Count |
|---|---|
| cell with *em* | 42 |
| a \\| b | yes |

![A diagram of five pillars](img/pillars.png)

```python
print("fenced code is never a message")
```

    indented code is never a message

<div class="raw">
raw html block is never a message
</div>

Setext heading
--------------
"""


def test_one_message_per_block_with_inline_markup_kept():
    assert table(DOCUMENT) == [
        ("heading", "Title with *emphasis*", 0, ""),
        (
            "paragraph",
            "A paragraph with **bold**, `code` and [a link](https://example.com/x).\nIts second line.",
            2,
            "",
        ),
        ("paragraph", "first item", 5, ""),
        ("paragraph", "second item with `code`", 6, ""),
        ("paragraph", "second item, second paragraph", 8, ""),
        ("paragraph", "numbered item", 10, ""),
        ("paragraph", "quoted paragraph\ncontinued", 12, ""),
        ("cell", "Element", 15, ""),
        ("cell", "Count", 15, ""),
        ("cell", "cell with *em*", 17, ""),  # "42" has no letter: nothing to translate
        ("cell", "a \\| b", 18, ""),
        ("cell", "yes", 18, ""),
        ("alt", "A diagram of five pillars", 20, ""),
        ("heading", "Setext heading", 32, ""),
    ]


@pytest.mark.parametrize(
    ("text", "msgid"),
    [
        ("![A diagram](img/pillars.png)", "A diagram"),
        ("![A diagram](img/pillars.png){: .wide width=50% }", "A diagram"),
        ('![A diagram](img/pillars.png "Five pillars"){ loading=lazy }', "A diagram"),
        # Pandoc-style alt in the attribute list: attr_list shows it in place of the [...] text
        ('![](img/pillars.png){alt="Five pillars in a row" width=60%}', "Five pillars in a row"),
        ("![](img/pillars.png){alt='Five pillars'}", "Five pillars"),
        ("![Pillars](img/pillars.png){alt=Pillars}", "Pillars"),  # the same text: no caption
        # attributes over several lines (Pandoc's; glocal.markdown.figures reads them as one)
        ('![](img/pillars.png){\nalt="Five pillars"\nwidth="67%"\n}', "Five pillars"),
        ("![Five pillars](img/pillars.png){\nwidth=67%\n}", "Five pillars"),
    ],
)
def test_an_image_only_paragraph_is_its_alt_text_never_its_path(text, msgid):
    # issue 12, item 11d: no whole-paragraph msgid holding the path or the attribute list
    assert [(kind, found, context) for kind, found, _, context in table(text)] == [("alt", msgid, "")]
    assert apply(text, segment_text(text), lambda s: s.msgid) == text


@pytest.mark.parametrize(
    ("text", "translation", "expected"),
    [
        ("![A diagram](p.png){: .wide }", "Et diagram", "![Et diagram](p.png){: .wide }"),
        (
            '![](p.png){alt="Five pillars" width=60%}',
            "Fem søjler",
            '![](p.png){alt="Fem søjler" width=60%}',
        ),
        ("![](p.png){alt=Pillars}", "Fem søjler", '![](p.png){alt="Fem søjler"}'),  # quoted now
        # a translation that would end the syntax early leaves the source in place
        ('![](p.png){alt="Five pillars"}', 'Fem "søjler"', '![](p.png){alt="Five pillars"}'),
        ('![](p.png){\nalt="Five pillars"\n}', "Fem søjler", '![](p.png){\nalt="Fem søjler"\n}'),
        ("![A diagram](p.png)", "Et [diagram]", "![A diagram](p.png)"),
    ],
)
def test_an_alt_text_is_replaced_in_place_and_never_breaks_the_image(text, translation, expected):
    assert apply(text, segment_text(text), lambda s: translation) == expected


FIGURE = (
    '![Icebreaker. Photo: [Grand-Duc](https://x.org/a_(b)), *CC BY*](fig/ship.jpg){alt="A ship" width=600}'
)


def test_a_figures_caption_is_a_message_of_its_own():
    """A caption and an `alt=` that differs: Pandoc's figure, its caption shown under the image
    (glocal.markdown.figures), so a message too, with its Markdown (a credit's link)."""
    caption = "Icebreaker. Photo: [Grand-Duc](https://x.org/a_(b)), *CC BY*"
    assert table(FIGURE) == [("caption", caption, 0, ""), ("alt", "A ship", 0, "")]
    in_a_list = f"- Item.\n\n  {FIGURE[:-1]}\n  }}\n"  # in a list item, its braces' end on a line
    assert [(s.kind, s.msgid) for s in segment_text(in_a_list)][1:] == [
        ("caption", caption),
        ("alt", "A ship"),
    ]
    translated = {caption: "Isbryder. Foto: [Grand-Duc](https://x.org/a_(b)), *CC BY*", "A ship": "Et skib"}
    assert apply(FIGURE, segment_text(FIGURE), lambda s: translated[s.msgid]) == (
        '![Isbryder. Foto: [Grand-Duc](https://x.org/a_(b)), *CC BY*](fig/ship.jpg){alt="Et skib" width=600}'
    )


@pytest.mark.parametrize("translation", ["Isbryder ]", "Isbryder [[ind]]", "Isbryder \\", "[a] ]["])
def test_a_caption_that_would_end_the_image_early_leaves_the_source(translation):
    shown = apply(FIGURE, segment_text(FIGURE), lambda s: translation if s.kind == "caption" else s.msgid)
    assert shown == FIGURE


KNITR = """\
Text.

<img src="fig/bars-1.png" alt="Bar chart: north counts most." style="display: block; margin: auto;" />

- <img alt='A map of the sites' src=map.png>

<!-- <img src="old.png" alt="Never shown"> -->

<IMG SRC=z.png ALT=bare>
<img src="a.png" alt="  "> <p>raw text stays raw</p>
"""


def test_a_raw_html_images_alt_text_is_a_message_replaced_in_place():
    """knitr describes each plot in a raw `<img>`: the description, never the tag, is translated;
    a comment's, a bare value's and an empty one's are not messages."""
    assert table(KNITR) == [
        ("paragraph", "Text.", 0, ""),
        ("alt", "Bar chart: north counts most.", 2, ""),
        ("alt", "A map of the sites", 4, ""),
    ]
    translated = {
        "Bar chart: north counts most.": "Søjlediagram: nord tæller flest.",
        "A map of the sites": "Et 'kort'",
    }
    done = apply(KNITR, segment_text(KNITR), lambda s: translated.get(s.msgid, s.msgid))
    assert done == KNITR.replace("Bar chart: north counts most.", "Søjlediagram: nord tæller flest.")
    assert identity(KNITR) == KNITR  # the quote would end alt='...': the source stays


def test_an_image_with_text_around_it_stays_one_paragraph():
    assert table("See ![A diagram](p.png){: .wide } here.") == [
        ("paragraph", "See ![A diagram](p.png){: .wide } here.", 0, "")
    ]


GLOSSARY = """\
[working directory]{#working-directory}
:   The folder the shell is in: the one `pwd` prints and that
    [relative paths](#relative-path) start from.

[prompt]{#prompt}
:   What the shell prints.
"""


def test_a_definition_lists_terms_and_definitions_are_messages_of_their_own():
    # a definition's lines are one message, unindented as a paragraph's are
    assert table(GLOSSARY) == [
        ("paragraph", "[working directory]{#working-directory}", 0, ""),
        (
            "paragraph",
            "The folder the shell is in: the one `pwd` prints and that\n"
            "[relative paths](#relative-path) start from.",
            1,
            "",
        ),
        ("paragraph", "[prompt]{#prompt}", 4, ""),
        ("paragraph", "What the shell prints.", 5, ""),
    ]
    translated = {
        "[working directory]{#working-directory}": "[arbejdsmappe]{#working-directory}",
        "What the shell prints.": "Det, skallen skriver.",
    }
    segments = segment_text(GLOSSARY)
    assert apply(GLOSSARY, segments, lambda s: translated.get(s.msgid, s.msgid)) == (
        GLOSSARY.replace("[working directory]{", "[arbejdsmappe]{").replace(
            "What the shell prints.", "Det, skallen skriver."
        )
    )
    assert identity(GLOSSARY) == GLOSSARY


def test_code_blocks_and_raw_html_are_never_messages():
    msgids = [s.msgid for s in segment_text(DOCUMENT)]
    assert not [m for m in msgids if "never a message" in m]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/only-a-url",
        "<https://example.com/autolink>",
    ],
)
def test_a_paragraph_that_is_only_a_url_is_never_a_message(url):
    text = f"Some text before.\n\n{url}\n\nSome text after.\n"
    assert [s.msgid for s in segment_text(text)] == ["Some text before.", "Some text after."]


def test_segments_know_their_container():
    text = """\
::: facilitator
A note for facilitators.
:::

::: activity {duration=20}
### Step one

Do the step.

| Who | What |
|---|---|
| Pairs | Discuss |
:::

::: slot case-study
Default case study.

![Alt in a slot](x.png)
:::

::: fill case-study
A regional case study.
:::

::: instructor
Carpentries instructor note.
:::

:::::: challenge
A challenge.

::: solution
The solution.
:::

After the solution.
::::::

Top level again.
"""
    assert table(text) == [
        ("paragraph", "A note for facilitators.", 1, "facilitator note"),
        ("heading", "Step one", 5, "activity"),
        ("paragraph", "Do the step.", 7, "activity"),
        ("cell", "Who", 9, "activity"),
        ("cell", "What", 9, "activity"),
        ("cell", "Pairs", 11, "activity"),
        ("cell", "Discuss", 11, "activity"),
        ("paragraph", "Default case study.", 15, "slot default 'case-study'"),
        ("alt", "Alt in a slot", 17, "slot default 'case-study'"),
        ("paragraph", "A regional case study.", 21, "local adaptation for slot 'case-study'"),
        ("paragraph", "Carpentries instructor note.", 25, "facilitator note"),
        ("paragraph", "A challenge.", 29, "challenge block"),
        ("paragraph", "The solution.", 32, "solution block"),
        ("paragraph", "After the solution.", 35, "challenge block"),
        ("paragraph", "Top level again.", 38, ""),
    ]


def test_each_piece_points_at_its_text_in_the_source():
    lines = DOCUMENT.split("\n")
    for seg in segment_text(DOCUMENT):
        got = "\n".join(lines[p.line][p.start : p.end] for p in seg.pieces)
        assert got == seg.msgid
        assert [p.line for p in seg.pieces] == list(range(seg.line, seg.line + len(seg.pieces)))


# --- extraction: templates written from the sample --------------------------------------------------


@pytest.fixture
def extracted(glocal, sample) -> Path:
    """A copy of the sample whose templates were all just written by `glocal i18n extract`."""
    for path in (sample / "locales" / "templates").rglob("*.pot"):
        path.unlink()
    assert glocal("-C", sample, "i18n", "extract").code == 0
    return sample


def _pot(root: Path, source: str) -> polib.POFile:
    path = root / "locales" / "templates" / Path(source).with_suffix(".pot")
    return polib.pofile(str(path), wrapwidth=0)


def test_extract_writes_one_template_per_source_at_the_same_path(glocal, sample):
    committed = {
        p.relative_to(sample): p.read_bytes() for p in (sample / "locales" / "templates").rglob("*.pot")
    }
    for path in committed:
        (sample / path).unlink()
    result = glocal("-C", sample, "i18n", "extract")
    assert result.code == 0, result.err
    written = {
        p.relative_to(sample): p.read_bytes() for p in (sample / "locales" / "templates").rglob("*.pot")
    }
    assert sorted(result.out.splitlines()[:-1]) == sorted(f"created {p.as_posix()}" for p in written)
    # locales/templates/<the source's own path, .pot>: each template names an existing source file
    for path in written:
        source = path.relative_to("locales/templates")
        assert any((sample / source.with_suffix(suffix)).is_file() for suffix in (".md", ".yml", ".svg")), (
            path
        )
    # every module, the program, and every region.yml and overlay of a region with a translated site
    expected = {Path("locales/templates/curriculum/program.pot")}
    expected |= {
        Path("locales/templates") / p.relative_to(sample).with_suffix(".pot")
        for p in (sample / "curriculum" / "modules").glob("*.md")
    }
    for region in ("nordics", "benelux", "vietnam"):
        expected |= {
            Path("locales/templates") / p.relative_to(sample).with_suffix(".pot")
            for p in (sample / "toolkits" / "regions" / region).glob("*")
            if p.suffix == ".md" or p.name == "region.yml"  # not adapted.lock.yml: no text to translate
        }
    assert expected <= set(written)
    assert not any(
        "regions/global" in p.as_posix() for p in written
    )  # an English-only region needs no template
    # regenerated identically to the committed templates
    assert set(committed) <= set(written)
    assert {p: written[p] for p in committed} == committed


def test_front_matter_and_region_values_are_messages_with_comments(extracted):
    sample = extracted
    module = _pot(sample, "curriculum/modules/shared-vision.md")
    by_id = {e.msgid: e for e in module}
    title = by_id["Shared vision and strategic alignment"]
    assert (title.comment, title.occurrences) == (
        "module title",
        [("curriculum/modules/shared-vision.md", "3"), ("curriculum/modules/shared-vision.md", "18")],
    )
    objectives = [e.msgid for e in module if e.comment == "learning objective"]
    assert objectives == [
        "Explain why a partner must understand the business strategy, not only the training need",
        "Translate a business goal into the capabilities a training programme must build",
        "Plan how partners will take part in annual and quarterly strategy sessions",
        "Draft a partnership charter covering vision, goals, roles and how success is measured",
    ]
    brief = by_id["A partnership in your region where shared strategic goals changed the programme design."]
    assert (brief.comment, brief.occurrences) == (
        "brief for slot 'case-study' (for regional authors)",
        [("curriculum/modules/shared-vision.md", "13")],
    )
    # keys that are not for readers are not messages
    assert not {"shared-vision", "90", "250", "strategic-alignment", "true"} & set(by_id)

    region = _pot(sample, "toolkits/regions/nordics/region.yml")
    name = {e.msgid: e for e in region}["Nordics"]
    assert (name.comment, name.occurrences) == (
        "region display name",
        [("toolkits/regions/nordics/region.yml", "2")],
    )
    assert not {"nordics", "da", "nb", "en", "da_DK", "Europe/Copenhagen", "08:30"} & {
        e.msgid for e in region
    }


def test_extracted_comments_name_the_container(extracted):
    sample = extracted
    module = {e.msgid: e for e in _pot(sample, "curriculum/modules/shared-vision.md")}
    facilitator = next(m for m in module if m.startswith("Some participants will say"))
    assert module[facilitator].comment == "facilitator note"
    assert module["From goal to capability"].comment == "activity"
    assert (
        module["Illustrative case: from a sales course to a market-entry programme"].comment
        == "slot default 'case-study'"
    )
    assert module["Spot the weak goal"].comment == "challenge block"
    assert module["Why strategy comes before the training need"].comment == ""
    overlay = {e.msgid: e for e in _pot(sample, "toolkits/regions/nordics/shared-vision.md")}
    assert (
        overlay["Illustrative case: Kildevang Pharma and a charter with three signatures"].comment
        == "local adaptation for slot 'case-study'"
    )
    note = next(m for m in overlay if m.startswith("Participants from outside Denmark"))
    assert overlay[note].comment == "facilitator note"


def test_no_code_or_urls_reach_the_templates(extracted):
    sample = extracted
    for pot in (sample / "locales" / "templates").rglob("*.pot"):
        for entry in polib.pofile(str(pot)):
            assert not re.fullmatch(r"<?(https?://|www\.)\S+>?", entry.msgid), (pot, entry.msgid)
            assert not entry.msgid.startswith(("```", "~~~", "<div", ":::")), (pot, entry.msgid)


def test_every_reference_gives_the_file_and_line_of_its_text(extracted):
    sample = extracted
    checked = 0
    for pot in sorted((sample / "locales" / "templates").rglob("*.pot")):
        for entry in polib.pofile(str(pot)):
            first = entry.msgid.split("\n")[0]
            for path, line in entry.occurrences:
                if not (path.endswith(".md") or path.endswith(("program.yml", "region.yml"))):
                    continue  # other YAML sources (certification) belong to other features
                lines = (sample / path).read_text(encoding="utf-8").split("\n")
                here = lines[int(line) - 1]
                if path.endswith(".yml") and here.rstrip().endswith((">-", ">", "|", "|-")):
                    # a YAML block scalar: the reference is its key, the text starts on the next line
                    assert " ".join(first.split()[:4]) in lines[int(line)], (path, line, first)
                else:
                    assert first in here, (path, line, first)
                checked += 1
    assert checked >= 800  # not vacuous: the sample has over 800 references


# --- in-place merge: translating to itself changes nothing -----------------------------------------


def test_every_commonmark_example_round_trips_byte_for_byte():
    examples = json.loads(COMMONMARK.read_text(encoding="utf-8"))
    assert len(examples) == 652
    broken = []
    with_segments = 0
    for example in examples:
        text = example["markdown"]
        segments = segment_text(text)
        with_segments += bool(segments)
        if apply(text, segments, lambda s: s.msgid) != text:
            broken.append(example["example"])
    assert broken == []
    assert with_segments > 450  # not vacuous: most examples have something to translate


def _sample_markdown() -> list[Path]:
    return sorted((REPO / "curriculum" / "modules").glob("*.md")) + sorted((REPO / "toolkits").rglob("*.md"))


@pytest.mark.parametrize("path", _sample_markdown(), ids=lambda p: str(p.relative_to(REPO)))
def test_sample_sources_round_trip_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    body = split_front_matter(text)[0].body
    assert segment_text(body), "every sample file has something to translate"
    assert identity(body) == body
    assert identity(text) == text


def _respell(text: str) -> str:
    """A stand-in translation of the same shape: every letter word changes length and spelling."""
    return re.sub(r"[A-Za-z]+", lambda m: "Q" + m.group(0)[::-1] + "z", text)


def _translate_and_back(text: str) -> tuple[list[str], list[str], str]:
    segments = segment_text(text)
    translated = apply(text, segments, lambda s: _respell(s.msgid))
    back_segments = segment_text(translated)
    reverse = {_respell(s.msgid): s.msgid for s in segments}
    restored = apply(translated, back_segments, lambda s: reverse.get(s.msgid, s.msgid))
    return [_respell(s.msgid) for s in segments], [s.msgid for s in back_segments], restored


@pytest.mark.parametrize("path", _sample_markdown()[:4], ids=lambda p: p.name)
def test_a_translation_lands_in_place_and_can_be_undone(path):
    body = split_front_matter(path.read_text(encoding="utf-8"))[0].body
    expected, found, restored = _translate_and_back(body)
    assert found == expected
    assert restored == body


# --- random Markdown (Hypothesis) ---------------------------------------------------------------

WORDS = ["partner", "strategy", "goal", "trust", "review", "coach", "data", "team", "charter", "plan"]
CODE_WORD = "zzcode"  # only ever inside code and raw HTML
word = st.sampled_from(WORDS)
inline_piece = st.one_of(
    word,
    word,
    word.map(lambda w: f"**{w}**"),
    word.map(lambda w: f"*{w}*"),
    word.map(lambda w: f"`{w}`"),
    word.map(lambda w: f"[{w}](https://example.com/{w})"),
)
phrase = st.lists(inline_piece, min_size=1, max_size=6).map(lambda ws: ws[0][:1].upper() + " ".join(ws)[1:])
paragraph = st.lists(phrase, min_size=1, max_size=3).flatmap(
    lambda ls: st.sampled_from(["", "  "]).map(lambda brk: (brk + "\n").join(ls) if len(ls) > 1 else ls[0])
)
heading = st.tuples(st.integers(1, 6), phrase, st.booleans()).map(
    lambda t: f"{'#' * t[0]} {t[1]}" + (f" {'#' * t[0]}" if t[2] else "")
)
setext = st.tuples(phrase, st.sampled_from(["=", "-"])).map(lambda t: f"{t[0]}\n{t[1] * 3}")


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _list(items: list[str], ordered: bool, marker: str) -> str:
    out = []
    for number, item in enumerate(items, 1):
        bullet = f"{number}{marker}" if ordered else marker
        pad = " " * (len(bullet) + 1)
        first, *rest = item.split("\n")
        out.append(f"{bullet} {first}" + "".join("\n" + (pad + line if line else "") for line in rest))
    return "\n".join(out)


list_item = st.one_of(paragraph, st.tuples(paragraph, paragraph).map(lambda t: f"{t[0]}\n\n{t[1]}"))
bullet_list = st.tuples(
    st.lists(list_item, min_size=1, max_size=3),
    st.booleans(),
    st.sampled_from(["-", "*", "+"]),
    st.sampled_from([".", ")"]),
).map(lambda t: _list(t[0], t[1], t[3] if t[1] else t[2]))
blockquote = st.tuples(paragraph, st.booleans()).map(
    lambda t: _indent(t[0], "> ") if not t[1] else "> " + t[0]
)  # lazy continuation lines too
cell = st.one_of(phrase, st.just("42"), st.just(""))
table_block = (
    st.integers(1, 4)
    .flatmap(
        lambda n: st.tuples(
            st.lists(phrase, min_size=n, max_size=n),
            st.lists(st.lists(cell, min_size=n, max_size=n), min_size=1, max_size=3),
        )
    )
    .map(
        lambda t: "\n".join(
            ["| " + " | ".join(t[0]) + " |", "|" + "---|" * len(t[0])]
            + ["| " + " | ".join(row) + " |" for row in t[1]]
        )
    )
)
fence = st.tuples(
    st.sampled_from(["```", "~~~", "````"]),
    st.sampled_from(["", "python", "yaml"]),
    st.lists(
        st.sampled_from(
            [
                f"# {CODE_WORD} heading",
                f"{CODE_WORD} text",
                "- item",
                "> quote",
                f"| {CODE_WORD} | cell |",
                "",
                ":::",
            ]
        ),
        max_size=4,
    ),
).map(lambda t: f"{t[0]}{t[1]}\n" + "\n".join(t[2]) + ("\n" if t[2] else "") + t[0])
# after a heading, so it cannot continue a list item above it
indented_code = heading.map(lambda h: f"{h}\n\n    {CODE_WORD} indented code\n    second line")
html_block = st.just(f'<div class="note">\n{CODE_WORD} inside raw html\n</div>')
image = word.map(lambda w: f"![The {w} diagram]({w}.svg)")
leaf = st.one_of(
    paragraph,
    paragraph,
    heading,
    setext,
    bullet_list,
    blockquote,
    table_block,
    fence,
    indented_code,
    html_block,
    image,
)
CONTAINERS = [
    "facilitator",
    "activity {duration=20}",
    "slot case-study",
    "fill case-study",
    "instructor",
    "callout",
    "challenge",
    "keypoints",
]


def _container(name: str, blocks: list[str], colons: int) -> str:
    fence_ = ":" * colons
    return f"{fence_} {name}\n\n" + "\n\n".join(blocks) + f"\n\n{fence_}"


inner_container = st.tuples(st.sampled_from(CONTAINERS), st.lists(leaf, min_size=1, max_size=3)).map(
    lambda t: _container(t[0], t[1], 3)
)
outer_container = st.tuples(
    st.sampled_from(CONTAINERS), st.lists(st.one_of(leaf, inner_container), min_size=1, max_size=3)
).map(lambda t: _container(t[0], t[1], 6))
block = st.one_of(leaf, leaf, leaf, inner_container, outer_container)
document = st.tuples(st.lists(block, min_size=1, max_size=8), st.sampled_from(["\n", "\n\n", ""])).map(
    lambda t: "\n\n".join(t[0]) + t[1]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_random_markdown_round_trips_and_never_extracts_code(text):
    assert identity(text) == text
    segments = segment_text(text)
    lines = text.split("\n")
    for seg in segments:
        assert CODE_WORD not in seg.msgid
        assert "\n".join(lines[p.line][p.start : p.end] for p in seg.pieces) == seg.msgid
    expected, found, restored = _translate_and_back(text)
    assert found == expected
    assert restored == text
