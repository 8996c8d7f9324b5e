"""In-place merge: each segment's source span is replaced by its translation.

Everything outside the spans (indentation, list markers and numbers, blockquote markers, table
pipes, fences, front matter) is kept byte for byte, so translating every message to itself
gives back the source file exactly.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable

from glocal import l10n
from glocal.i18n.segment import Segment
from glocal.markdown import delimited
from glocal.markdown.dialect import CODE_SPAN, translation_as_text
from glocal.markdown.limits import MAX_INLINE_CHARS, heavy_reason, openers

#: msgid → the text to show: the translation, or the marked source text as a fallback.
Lookup = Callable[[Segment], str]

# What a translation may not add (see `added_markup`). Code spans show their text as written and
# template tags are checked on their own (GL307), so both are set aside before looking.
# Templates and HTML are found by `delimited`'s scanners: linear in the text, whatever it holds.
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_TAG_END = re.compile(r"\s*(/?)>$")
#: `{ … }` with something in it other than spaces and colons, on one line (each character of it
#: can be read one way only: `{` then `aaa…` without its `}` is refused in linear time).
_ATTRIBUTE_LIST = re.compile(r"\{(?:[^\S\n]|:)*[^{}\s:][^{}\n]*\}")


def _markup(text: str) -> tuple[Counter[str], Counter[str]]:
    """The HTML constructs (tags with their attributes, comments) and `{ ... }` attribute lists
    of a message, each with whitespace normalised."""
    text = CODE_SPAN.sub(" ", text)
    text = delimited.blanked(text, delimited.spans(text, delimited.TEMPLATE)) if "{" in text else text
    text = _AUTOLINK.sub(" ", text)
    constructs = list(delimited.html_spans(text)) if "<" in text else []
    tags = Counter(_TAG_END.sub(r"\1>", " ".join(text[a:b].split())) for a, b in constructs)
    rest = delimited.blanked(text, iter(constructs))
    lists = Counter(" ".join(m.group(0).split()) for m in _ATTRIBUTE_LIST.finditer(rest))
    return tags, lists


#: The `{{ }}` and `{% %}` tags of a message (a translation must keep them: GL307).
JINJA_TAGS = {"{{": "}}", "{%": "%}"}
_TAG_PARTS = re.compile(r"(\{[{%]-?)\s*(.*?)\s*(-?[}%]\})", re.S)


#: What starts a template tag for Jinja, closed or not (the sandbox's delimiters: a comment is `{##`).
_OPENERS = re.compile(r"\{\{|\{%|\{##")


def template_tags(text: str) -> list[str]:
    """The template tags of a message, whitespace normalised: `{{x}}` is `{{ x }}`, as Jinja reads it,
    and the opener of a tag left open (`{{`, `{%`, `{##`): Jinja reads it too, and fails. A
    translation that adds one would stop its page's template (GL116) on every site in its language."""
    if "{" not in text:
        return []
    found = list(delimited.spans(text, JINJA_TAGS))
    tags = [_TAG_PARTS.sub(r"\1 \2 \3", " ".join(text[start:end].split())) for start, end in found]
    for opener in _OPENERS.finditer(text):
        if not any(start <= opener.start() < end for start, end in found):
            tags.append(opener.group())
    return tags


def added_markup(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """(code, message) for markup the translation adds to its source: an HTML tag, comment or
    attribute, or an attribute list `{ ... }` (Python-Markdown's attr_list).

    Such a translation is never published: the source text is shown in its place, marked as a
    fallback, and `check` reports why (GL330, GL331). Moving the source's own markup is fine.
    """
    if "<" not in msgstr and "{" not in msgstr:
        return []  # no tag, comment or attribute list at all (the common case)
    source_tags, source_lists = _markup(msgid)
    tags, lists = _markup(msgstr)
    problems = []
    extra = tags - source_tags
    if extra:
        problems.append(
            (
                "GL330",
                f"translation adds HTML the source does not have: {', '.join(sorted(extra.elements()))}; "
                "it is not published, the source text is shown",
            )
        )
    extra = lists - source_lists
    if extra:
        problems.append(
            (
                "GL331",
                "translation adds an attribute list the source does not have: "
                f"{', '.join(sorted(extra.elements()))}; it is not published, the source text is shown",
            )
        )
    return problems


#: How many more `[` and `<` a translation may hold than its source (a translation cannot add
#: blocks, GL335, so its text as a whole stays within what its source's blocks cost to render).
MAX_ADDED_OPENERS = 50


#: How much longer than its source a translation may be: MAX_GROWTH times it and MAX_EXTRA
#: characters more. Of the 6,865 translations of the sample and the real-world corpus
#: (`tests/fixtures/corpus`), none is more than 3 times its source and 28 characters; a
#: translation of every module title 49,000 characters long (under the one-block bound) put 1 MB
#: of navigation on each page of its site (41 MB in all) and would on every page at scale.
MAX_GROWTH = 4
MAX_EXTRA = 200


def too_heavy(msgid: str, msgstr: str) -> str | None:
    """Why a translation is too heavy for MkDocs' renderer when its source is not (GL332,
    `glocal.markdown.limits.heavy_reason`; or it holds over MAX_ADDED_OPENERS more `[` and `<`
    than its source; or it is over MAX_GROWTH times its source's length and MAX_EXTRA), or None.
    Such a translation is never published: the source text is shown in its place, marked as a
    fallback. (A heavy source is GL124 itself.)"""
    longest = MAX_GROWTH * len(msgid) + MAX_EXTRA
    if len(msgstr) > longest:
        growth = f"{MAX_GROWTH} times its source and {MAX_EXTRA} more"
        return f"{len(msgstr):,} characters, more than {growth} (at most {longest:,})"
    if "[" not in msgstr and "<" not in msgstr and "`" not in msgstr and len(msgstr) <= MAX_INLINE_CHARS:
        return None  # the common case, without counting
    if heavy_reason(msgid):
        return None
    reason = heavy_reason(msgstr)
    if reason:
        return reason
    added = openers(msgstr) - openers(msgid)
    if added > MAX_ADDED_OPENERS:
        return f"{added:,} more '[', '<' and '`' than its source (at most {MAX_ADDED_OPENERS} more)"
    return None


def fallback_markup(text: str, language: str, label: str = "") -> str:
    """Source text shown in place of a missing translation, marked and tagged with its language.

    The span carries the source language's direction too: English inside an Arabic page must
    still run left to right (its full stop at the end, not the start).
    """
    lang = html.escape(language, quote=True)
    title = f' title="{html.escape(label, quote=True)}"' if label else ""
    return (
        f'<span class="glocal-fallback" lang="{lang}" dir="{l10n.direction(language)}"{title}>{text}</span>'
    )


_WHOLE_FALLBACK = re.compile(r'<span class="glocal-fallback" lang="([^"]*)" dir="[^"]*"(?: title="[^"]*")?>')


def fallback_language(shown: str) -> str:
    """The source language of a text `fallback_markup` marked as a whole, else ''."""
    match = _WHOLE_FALLBACK.match(shown.strip())
    if match is None or not shown.strip().endswith("</span>"):
        return ""
    return html.unescape(match.group(1))


#: Markdown inline syntax a heading's text loses on the way to its id (MkDocs' `toc` slugifies
#: the rendered text): links keep their text, images their alt, code and emphasis their content.
#: Each reads up to the next bracket, parenthesis or `<`, never to the end of the text from each opener
#: (a heading of 60,000 `![` took `check` 154 s): a URL may hold one level of parentheses.
LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
HTML_TAG = re.compile(r"<[^<>]+>")
_EXPLICIT_ID = re.compile(r"\{[:\s]*#")


def has_explicit_id(heading: str) -> bool:
    return _EXPLICIT_ID.search(heading) is not None


def heading_ids(segments: list[Segment]) -> dict[Segment, str]:
    """The id MkDocs gives each heading of the source text (`toc`'s slugify_unicode, the dialect's, and
    its `_1`, `_2` for repeats), so a translated heading can keep it: in-page links, the table of
    contents and links from other pages then work in every language. Headings with an id of
    their own (`{#id}`) keep that one."""
    from markdown.extensions.toc import slugify_unicode, unique

    used: set[str] = set()
    ids: dict[Segment, str] = {}
    for segment in sorted((s for s in segments if s.kind == "heading"), key=lambda s: s.line):
        if has_explicit_id(segment.msgid):
            continue
        plain = html.unescape(HTML_TAG.sub("", LINK.sub(r"\1", segment.msgid)))
        ids[segment] = unique(slugify_unicode(plain, "-"), used)
    return ids


def _alt_text(line: str, segment: Segment, text: str) -> str:
    """What can stand for the alt text `segment` in `line`: `text`, quoted when it replaces an
    unquoted attribute value (`alt=word`), or the source when `text` would end the image's
    syntax early (a `]` inside `[...]`, the quote of `alt="..."`)."""
    piece = segment.pieces[0]
    before = line[piece.start - 1] if piece.start else ""
    if before in ("'", '"'):
        return segment.msgid if before in text else text
    if before == "=":
        if not re.search(r"[\s\"'{}]", text):
            return text
        return segment.msgid if '"' in text or not text else f'"{text}"'
    return segment.msgid if "[" in text or "]" in text else text


def _fits_brackets(text: str) -> bool:
    """Whether `text` can stand inside an image's `![...]` (a figure's caption) without ending it
    early: its brackets balanced and nested once at most, as `figures.FIGURE` reads them, and no
    backslash at its end to escape the closing one."""
    depth = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            if depth > 1:
                return False
        elif char == "]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not escaped


def _continuation_prefix(lines: list[str], segment: Segment) -> str:
    """What starts a new line inside this segment (blockquote markers, indentation)."""
    if len(segment.pieces) > 1:
        piece = segment.pieces[-1]
        return lines[piece.line][: piece.start]
    piece = segment.pieces[0]
    prefix = lines[piece.line][: piece.start]
    # a list marker or heading marker does not repeat on continuation lines: keep only '>' and spaces
    return "".join(ch if ch in "> \t" else " " for ch in prefix)


def apply(text: str, segments: list[Segment], lookup: Lookup) -> str:
    """Replace every segment of `text` with `lookup(segment)`."""
    lines = text.split("\n")
    # Right to left, bottom to top, so earlier positions stay valid. Replacements that stay on
    # one line (table cells, headings) are gathered per line and the line is rebuilt once: a
    # table row of n cells costs O(n), not O(n²).
    same_line: list[tuple[int, int, str]] = []  # (start, end, new text), right to left
    pending = -1  # the line they are on

    def flush() -> None:
        if same_line:
            line, parts, position = lines[pending], [], len(lines[pending])
            for start, end, new in same_line:
                parts += [line[end:position], new]
                position = start
            parts.append(line[:position])
            lines[pending] = "".join(reversed(parts))
            same_line.clear()

    for segment in sorted(segments, key=lambda s: (s.pieces[0].line, s.pieces[0].start), reverse=True):
        replacement = lookup(segment)
        if replacement == segment.msgid:
            new_lines = [piece_text for piece_text in segment.msgid.split("\n")]
        elif segment.kind in ("heading", "cell", "alt", "caption"):
            new_lines = [" ".join(replacement.split("\n"))]
            if segment.kind == "cell":
                new_lines = [_escape_pipes(new_lines[0])]
            elif segment.kind == "alt":
                new_lines = [_alt_text(lines[segment.pieces[0].line], segment, new_lines[0])]
            elif segment.kind == "caption" and not _fits_brackets(new_lines[0]):
                new_lines = [segment.msgid]
        else:  # a paragraph: a line of its translation that begins `1. ` or `d. ` is text, not a
            # list, unless its source writes a lettered list (`a) 42`): the translation keeps it
            new_lines = translation_as_text(replacement, segment.msgid).split("\n")
        pieces = segment.pieces
        first, last = pieces[0], pieces[-1]
        if len(pieces) == 1 and len(new_lines) == 1:
            if first.line != pending:
                flush()
                pending = first.line
            same_line.append((first.start, first.end, new_lines[0]))
            continue
        flush()
        pending = -1
        head = lines[first.line][: first.start]
        tail = lines[last.line][last.end :]
        rebuilt: list[str] = []
        continuation = _continuation_prefix(lines, segment)
        for index, new in enumerate(new_lines):
            if index == 0:
                prefix = head
            elif index < len(pieces):
                prefix = lines[pieces[index].line][: pieces[index].start]
            else:
                prefix = continuation
            rebuilt.append(prefix + new)
        rebuilt[-1] += tail
        lines[first.line : last.line + 1] = rebuilt
    flush()
    return "\n".join(lines)


def _escape_pipes(text: str) -> str:
    """Every `|` not already escaped as `\\|` (a cell's text must not end the cell)."""
    return _PIPE.sub(r"\\|", text) if "|" in text else text


_PIPE = re.compile(r"(?<!\\)\|")
