"""What a translation must keep of its source (GL304-GL308): its inline code, link and image
targets, footnote references, template placeholders and HTML tags.

`check` reports each one a translation drops, adds or changes (`checks`), and such a translation
is never published (`translations`): both ask `placeholder_problems`, so the two cannot disagree.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from glocal.i18n.apply import template_tags
from glocal.markdown.bare_urls import BARE_URL
from glocal.markdown.dialect import CODE_SPAN
from glocal.markdown.parsers import markdown_parser

FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)\b[^<>]*>")  # to the next `<`: linear


def _targets(text: str) -> list[str]:
    """Link and image targets of a message, and its bare URLs, which the sites show as links
    (`markdown.bare_urls`): none without brackets, `<` or `://`, without parsing."""
    found = list(_parsed_targets(text)) if "[" in text or "<" in text else []
    if "://" in text:
        found += BARE_URL.findall(CODE_SPAN.sub(" ", text))  # (code is shown as it is)
    return found


@functools.lru_cache(maxsize=16384)
def _parsed_targets(text: str) -> tuple[str, ...]:
    found = []
    for token in markdown_parser().parseInline(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs.get("href", "")))
            elif child.type == "image":
                found.append(str(child.attrs.get("src", "")))
    return tuple(found)


def _code_spans(text: str) -> list[str]:
    return [m.group(0) for m in CODE_SPAN.finditer(text)]


def _html_tags(text: str) -> list[str]:
    return [m.group(0).split()[0].rstrip(">").lower() + ">" for m in HTML_TAG.finditer(text)]


#: What a translation must keep: (code, what, how to find them, a character one of them needs).
_PLACEHOLDERS: tuple[tuple[str, str, Callable[[str], list[str]], tuple[str, ...]], ...] = (
    ("GL304", "inline code", _code_spans, ("`",)),
    ("GL305", "link or image target", _targets, ("[", "<", "://")),
    ("GL306", "footnote reference", FOOTNOTE_REF.findall, ("[^",)),
    ("GL307", "template placeholder", template_tags, ("{",)),
    ("GL308", "HTML tag", _html_tags, ("<",)),
)


#: A character one of the placeholders needs (the first of each kind's `marks`).
_ANY_MARK = re.compile(r"[`\[<{]|://")


def placeholder_problems(
    msgid: str, msgstr: str, broken: Callable[[str], bool] | None = None
) -> list[tuple[str, str]]:
    """(code, message) for everything the translation must keep but does not.

    `broken` tells a `{{ }}` tag that fails in the source itself (GL115, GL116 on the source
    file): a translation that differs there is not reported again (GL307); fixing the source
    makes the entry fuzzy, and it is checked again once a translator confirms it.
    """
    if not _ANY_MARK.search(msgid) and not _ANY_MARK.search(msgstr):
        return []  # prose on both sides, the common case: asked of every translated entry, twice
    problems = []
    for code, what, find, marks in _PLACEHOLDERS:
        if not any(mark in msgid or mark in msgstr for mark in marks):
            continue  # nothing of the kind on either side (the common case, without searching)
        found_source, found_target = find(msgid), find(msgstr)
        if sorted(found_source) == sorted(found_target):
            continue  # the common case, without counting
        if code == "GL307" and broken is not None and any(broken(tag) for tag in found_source):
            continue  # the source's own problem, reported there
        source, target = Counter(found_source), Counter(found_target)
        missing = source - target
        extra = target - source
        if missing or extra:
            expected = ", ".join(sorted(missing.elements())) or "nothing more"
            found = ", ".join(sorted(extra.elements())) or "nothing in its place"
            problems.append(
                (code, f"translation must keep the source's {what}s: expected {expected} but found {found}")
            )
    return problems
