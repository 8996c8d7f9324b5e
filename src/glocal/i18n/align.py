"""Alignment: which message of a translated text translates which message of its source.

An existing translation of a text (a Carpentries lesson's Spanish version, a regional team's
Danish copy of a module) is turned into catalog entries by pairing its messages with the
source's, in order. Both texts are cut into the messages Glocal extracts (title, objectives,
headings, paragraphs, table cells, alt texts, see `segment`), with their code blocks between
them: code is rarely translated, so it anchors the pairing. Two items can pair only when they are
of the same kind in the same kind of container (a heading in a challenge with a heading in a
challenge); how well they pair is scored from what a translation keeps:

- its inline code, link targets, URLs, numbers and anchors (`git init`, `../learners/setup.md`,
  `2024`, `{#pipe}`);
- its length, against how long the translation's language writes (measured on the two texts:
  Spanish about 1.2 times the English, Japanese 0.4);
- for code, its words (commands, names and output are seldom translated).

The pairing is the order-keeping one with the highest total score (a dynamic programme over
both sequences, in the manner of Gale and Church's sentence alignment): a paragraph that one
text has and the other lacks is left unpaired, not paired with its neighbour's translation.
Every pair is a suggestion (`offer`): the translation may be of an older version of the source,
so the entries it gives are fuzzy, for a translator to review; a pair whose translation is the
source's language still (a partial translation) is none.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import polib

from glocal.i18n.extract import front_matter_messages
from glocal.i18n.segment import segment_text
from glocal.load.files import split_front_matter
from glocal.load.yamlfile import parse_yaml
from glocal.markdown.blocks import parse

#: what a translation keeps as it is: inline code, link and image targets, URLs, numbers, anchors
INVARIANT = re.compile(r"`+[^`\n]+`+|\]\([^)\s]+|<?https?://[^\s>)]+|\d+|\{#[^}\s]+\}")
#: the most pairs of items two texts may have (n x m: 500 messages each); past it, none are paired
MAX_CELLS = 250_000
#: a pair made by position alone (`_in_order`) scoring less than this is too unlike to suggest
MIN_IN_ORDER = -2.0
#: the furthest the two languages' lengths are taken to differ (`length_ratio`), either way,
MIN_RATIO = 0.25
#: and how many pairs it takes to say so
MIN_PAIRS = 3
#: characters of a code block compared (a long block's first ones are enough to recognise it)
CODE_CHARS = 2_000
WORD = re.compile(r"\w+")
#: a suggestion sharing this share of its words with its source is the source's language still,
SAME_WORDS = 0.5
#: as is one of at least MIN_WORDS words of which this share are words of the source text (a
#: Spanish title with two English terms, `Haciendo Commit de Cambios a Git`, is one, at 0.5)
SOURCE_WORDS = 0.5
MIN_WORDS = 4
#: how `segment.container_context` names a slot's default text
SLOT_DEFAULT = "slot default "

#: the kind of a front matter message, by what `extract` says of it (else a slot's brief)
FRONT_MATTER_KINDS = {"module title": "title", "learning objective": "objective"}


@dataclass(frozen=True)
class Item:
    """One message of a text (or one of its code blocks, `kind` "code"), where it is."""

    kind: str  # title, objective, heading, paragraph, cell, alt, code
    text: str
    context: str  # the kind of container it is in ("challenge block"); "" at top level
    line: int  # 0-based, in the whole file

    @functools.cached_property
    def container(self) -> str:
        """Its container, as compared: a slot's default text is the lesson's own text, adapted."""
        return "" if self.context.startswith(SLOT_DEFAULT) else self.context

    @functools.cached_property
    def kept(self) -> frozenset[str]:
        """What a faithful translation of it keeps unchanged (computed once: it is compared with
        every item of the other text)."""
        return invariants(self.text)

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """A code block's words (commands, names, output): what its translation mostly keeps."""
        return frozenset(WORD.findall(self.text[:CODE_CHARS]))


@dataclass(frozen=True)
class Pair:
    source: Item
    translation: Item
    score: float


def invariants(text: str) -> frozenset[str]:
    """What a faithful translation of `text` keeps unchanged."""
    return frozenset(match.group(0).strip("<") for match in INVARIANT.finditer(text))


def score(source: Item, translation: Item, ratio: float = 1.0) -> float | None:
    """How well `translation` pairs with `source` (above 0: worth pairing), or None if it cannot;
    `ratio`: how much longer the translation's language writes the same (Japanese about 0.4)."""
    if source.kind != translation.kind or source.container != translation.container:
        return None
    if source.kind == "code":
        kept, found = source.words, translation.words
        return 3.0 * (len(kept & found) / len(kept | found) - 0.3) if kept or found else 0.5
    result = 1.0
    length = math.log((len(translation.text) + 20) / (ratio * len(source.text) + 20))
    result -= 2.5 * abs(length)
    kept, found = source.kept, translation.kept
    if kept or found:
        result += 3.0 * (len(kept & found) / len(kept | found) - 0.4)
    return result


def align(sources: Sequence[Item], translations: Sequence[Item]) -> list[Pair]:
    """The order-keeping pairs of messages (not code) with the highest total score.

    Aligned once with lengths compared as they are, then, when the pairs found say the
    translation's language writes longer or shorter (`length_ratio`), once more with that ratio.
    Empty when the texts are too long to compare (`MAX_CELLS`)."""
    first = _aligned(sources, translations, 1.0)
    ratio = length_ratio(first)
    return first if abs(math.log(ratio)) < 0.1 else _aligned(sources, translations, ratio)


def _aligned(sources: Sequence[Item], translations: Sequence[Item], ratio: float) -> list[Pair]:
    n, m = len(sources), len(translations)
    if not n or not m or n * m > MAX_CELLS:
        return []
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [bytearray(m + 1) for _ in range(n + 1)]  # 1: skip source, 2: skip translation, 3: pair
    scores: dict[tuple[int, int], float] = {}
    for i in range(1, n + 1):
        above, row, moves = best[i - 1], best[i], move[i]
        source = sources[i - 1]
        for j in range(1, m + 1):
            value, step = above[j], 1
            if row[j - 1] > value:
                value, step = row[j - 1], 2
            paired = score(source, translations[j - 1], ratio)
            if paired is not None and paired > 0 and above[j - 1] + paired > value:
                value, step = above[j - 1] + paired, 3
                scores[i, j] = paired
            row[j], moves[j] = value, step
    anchored: list[tuple[int, int]] = []  # every pair, code included, in order
    i, j = n, m
    while i and j:
        step = move[i][j]
        if step == 3:
            anchored.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 1:
            i -= 1
        else:
            j -= 1
    anchored.reverse()
    pairs = []
    previous = (-1, -1)
    for here in [*anchored, (n, m)]:
        pairs += _in_order(sources, translations, previous, here, ratio)
        if here != (n, m) and sources[here[0]].kind != "code":
            pairs.append(Pair(sources[here[0]], translations[here[1]], scores[here[0] + 1, here[1] + 1]))
        previous = here
    return pairs


def length_ratio(pairs: Sequence[Pair]) -> float:
    """How long a translation's messages are for their sources', by the median of the pairs
    (Gale and Church's `c`, measured on the texts: Spanish writes about 1.2 times the English,
    Japanese 0.4); 1 when fewer than `MIN_PAIRS` messages of 20 characters or more paired."""
    ratios = sorted(
        len(pair.translation.text) / len(pair.source.text) for pair in pairs if len(pair.source.text) >= 20
    )
    if len(ratios) < MIN_PAIRS:
        return 1.0
    return min(max(ratios[len(ratios) // 2], MIN_RATIO), 1 / MIN_RATIO)


def _in_order(
    sources: Sequence[Item],
    translations: Sequence[Item],
    after: tuple[int, int],
    before: tuple[int, int],
    ratio: float,
) -> list[Pair]:
    """Between two pairs, the messages left unpaired on both sides, paired in order when both sides
    have the same run of kinds in the same containers (a paragraph reworded on one side, its code
    renamed on the other: `recipes` for `planets`); else none."""
    left = [item for item in sources[after[0] + 1 : before[0]] if item.kind != "code"]
    right = [item for item in translations[after[1] + 1 : before[1]] if item.kind != "code"]
    if not left or [(x.kind, x.container) for x in left] != [(y.kind, y.container) for y in right]:
        return []
    pairs = [Pair(x, y, score(x, y, ratio) or 0.0) for x, y in zip(left, right, strict=True)]
    return [pair for pair in pairs if pair.score > MIN_IN_ORDER]


def items(text: str, path: str, with_front_matter: bool = True) -> list[Item]:
    """The messages of a Markdown file as `glocal i18n extract` finds them, in order, with its code
    blocks between them (`path` names it in a YAML problem, which is `check`'s to report)."""
    text = text.replace("\r\n", "\n")
    front, _ = split_front_matter(text)
    found: list[Item] = []
    if with_front_matter and front.yaml is not None:
        doc, _ = parse_yaml(front.yaml, path, "GL101", front.yaml_line)
        if doc is not None and isinstance(doc.data, dict):
            for msgid, line, comment in front_matter_messages(doc):
                found.append(Item(FRONT_MATTER_KINDS.get(comment, "brief"), msgid, "", line))
    offset = front.body_line
    body: list[Item] = [Item(s.kind, s.msgid, s.context, s.line + offset) for s in segment_text(front.body)]
    parsed = parse(front.body)
    for token in parsed.tokens:
        if token.type in ("fence", "code_block") and token.map and token.content.strip():
            body.append(Item("code", token.content, "", token.map[0] + offset))
    body.sort(key=lambda item: item.line)
    return found + body


def coverage(sources: Sequence[Item], translations: Sequence[Item]) -> float:
    """How much of two texts aligns: the pairs over the messages of the longer one, so a short
    text does not pass for the translation of a long one by its few sentences. Titles do not
    count: two titles always pair."""
    pairs = [pair for pair in align(sources, translations) if pair.source.kind != "title"]
    counts = [
        sum(1 for item in text if item.kind not in ("code", "title")) for text in (sources, translations)
    ]
    return len(pairs) / max(counts) if min(counts) else 0.0


def yaml_items(text: str, path: str, keys: Sequence[str]) -> list[Item]:
    """The messages of a YAML file's top-level `keys` (program.yml's title and description), each
    its own kind, so that only the same key's values pair."""
    doc, _ = parse_yaml(text, path, "GL101")
    if doc is None or not isinstance(doc.data, dict):
        return []
    return [
        Item(key, doc.data[key], "", doc.value_span(doc.data, key).line or 0)
        for key in keys
        if isinstance(doc.data.get(key), str) and doc.data[key].strip()
    ]


def suggestions(pairs: Sequence[Pair], vocabulary: frozenset[str] | None = None) -> dict[str, Item]:
    """Each source message's translation: the one it was paired with most often (a message that
    occurs several times, `Solution`, may have been translated differently), ties to the first.

    A message paired with itself is no suggestion: a part of a partial translation left in the
    source language (as Crowdin leaves it), or a name (`cat`) that untranslated shows the same.
    Nor, when the texts are in two languages (`vocabulary`: the words of the whole source text;
    None for variants of one language, en and en-GB), is one in the source language still: an
    older version of its source (`SAME_WORDS` of their words shared), or of another paragraph
    (`SOURCE_WORDS` of its words, if it has `MIN_WORDS`, found in the source text)."""
    counted: dict[str, dict[str, list[Item]]] = {}
    for pair in pairs:
        if pair.translation.text == pair.source.text:
            continue
        if vocabulary is not None and _untranslated(pair, vocabulary):
            continue
        found = counted.setdefault(pair.source.text, {})
        found.setdefault(pair.translation.text, []).append(pair.translation)
    return {msgid: max(found.values(), key=len)[0] for msgid, found in counted.items()}


def offer(
    sources: Sequence[Item], translations: Sequence[Item], language: str, source_language: str
) -> dict[str, Item]:
    """The suggestions a translation into `language` gives a text in `source_language`: its
    messages aligned, each source message's translation (see `suggestions`)."""
    words = None if variants(language, source_language) else vocabulary(sources)
    return suggestions(align(sources, translations), words)


def variants(language: str, other: str) -> bool:
    """Whether two language codes are of one language (`en`, `en-GB`, `en_US`)."""
    return language.replace("_", "-").split("-")[0].lower() == other.replace("_", "-").split("-")[0].lower()


def vocabulary(found: Sequence[Item]) -> frozenset[str]:
    """The words of a text's messages (see `_words`)."""
    return frozenset(word for item in found if item.kind != "code" for word in _words(item.text))


def _words(text: str) -> set[str]:
    """A text's words, lower-cased, each once, its code, links and numbers aside (a translation
    keeps those)."""
    return set(WORD.findall(INVARIANT.sub(" ", text).lower()))


def _untranslated(pair: Pair, source_words: frozenset[str]) -> bool:
    """Whether the translation of a pair is in its source's language still (see `suggestions`)."""
    mine, theirs = _words(pair.source.text), _words(pair.translation.text)
    if not mine | theirs or len(mine & theirs) / len(mine | theirs) >= SAME_WORDS:
        return True
    return len(theirs) >= MIN_WORDS and len(theirs & source_words) / len(theirs) >= SOURCE_WORDS


def fill(po: polib.POFile, offered: dict[str, Item], origin: str) -> int:
    """Fill each untranslated entry of `po` that `offered` has a translation for, as fuzzy, with a
    translator comment naming `origin` and its line; returns how many. A translated or fuzzy
    entry, a plural one and an obsolete one are never changed."""
    filled = 0
    for entry in po:
        found = offered.get(entry.msgid)
        if found is None or entry.obsolete or entry.msgid_plural or entry.msgstr or not entry.msgid:
            continue
        entry.msgstr = found.text
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        note = f"glocal: aligned with {origin}, line {found.line + 1}"
        entry.tcomment = f"{entry.tcomment}\n{note}" if entry.tcomment else note
        filled += 1
    return filled
