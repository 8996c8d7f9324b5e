"""Translations as a site sees them: per (language, source file), the usable msgstr of each msgid.

Only translated, non-fuzzy entries are usable. A fuzzy entry (its source changed), a stale
one (its msgid no longer matches the source), a broken one (a syntax error, a duplicate: see
`strict`) and one `check` reports an error of (`withheld`) are never shown: the source text is
shown instead, marked and tagged with its language, and counted as untranslated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from glocal import l10n
from glocal.diagnostics import Diagnostic
from glocal.i18n import catalog
from glocal.i18n.apply import (
    added_markup,
    apply,
    fallback_markup,
    has_explicit_id,
    heading_ids,
    too_heavy,
)
from glocal.i18n.extract import catalog_path
from glocal.i18n.placeholders import placeholder_problems
from glocal.i18n.segment import Segment, segment_text
from glocal.i18n.structure import added_blocks
from glocal.load.remembered import Remembered
from glocal.markdown.blocks import count_words
from glocal.markdown.dialect import translation_as_text


@dataclass
class Catalog:
    """The usable translations of one source file in one language."""

    path: str | None  # None: no catalog file
    translated: dict[str, str] = field(default_factory=dict)
    fuzzy: set[str] = field(default_factory=set)
    # (text, source language, fallback label) → (translated text, words, translated words): the
    # sites of one language in many regions translate the same module text with the same catalog
    rendered: dict[tuple[str, str, str], tuple[str, int, int]] = field(
        default_factory=dict, repr=False, compare=False
    )


#: What a source without a catalog file is translated with: one object for every language and
#: run, so what it renders (every segment marked as a fallback, which depends only on the text,
#: its language and the label, the key of `rendered`) is worked out once, not once per site or
#: once per preview rebuild.
NO_CATALOG = Catalog(None)
RENDERED_LIMIT = 20_000  # texts kept per catalog; past it, forgotten (a preview edited for days)


@dataclass
class Tally:
    """Source words a site shows, and how many of them are translated."""

    words: int = 0
    translated: int = 0

    def add(self, msgid: str, ok: bool) -> None:
        words = count_words(msgid)
        self.words += words
        if ok:
            self.translated += words

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.words + other.words, self.translated + other.translated)

    @property
    def share(self) -> float:
        return l10n.rounded_share(self.translated, self.words)


class Translations:
    """Loads each catalog once; problems reading one are kept as diagnostics.

    With `remembered` (the live preview, composing again after every edit), a catalog file that
    did not change since it was last read is not read again."""

    def __init__(self, root: Path, remembered: Remembered | None = None) -> None:
        self.root = Path(root)
        self.remembered = remembered or Remembered.nothing()
        self._cache: dict[tuple[str, str], Catalog] = {}
        self._files: dict[tuple[str, str], object] = {}
        self.diagnostics: list[Diagnostic] = []

    def file(self, language: str, source: str):
        """The parsed catalog file (polib), or None when missing or unreadable."""
        self.catalog(language, source)
        return self._files.get((language, source))

    def catalog(self, language: str, source: str) -> Catalog:
        key = (language, source)
        if key not in self._cache:
            size = catalog.source_bytes(self.root, source)  # part of the key: it bounds the catalog
            relpath = catalog_path(source, language)
            result, po, problems = self.remembered.load(_read, self.root, str(size), relpath)
            self.diagnostics.extend(problems)
            if po is not None:
                self._files[key] = po
            self._cache[key] = result
        return self._cache[key]


def _read(root: Path, source: str, relpath: str) -> tuple[Catalog, object, list[Diagnostic]]:
    """One catalog file: its usable translations, the file as polib reads it, its problems
    (`source`: the size of the file it translates, or "None")."""
    path = root / relpath
    if not path.is_file():
        return NO_CATALOG, None, []
    po, problems = catalog.read(path, relpath, partial=True, source=None if source == "None" else int(source))
    result = Catalog(relpath)
    for entry in po or []:
        if entry.obsolete or entry.msgid_plural or not entry.msgid or foreign_context(entry):
            continue
        if catalog.is_translated(entry):
            if withheld(entry.msgid, entry.msgstr):
                continue  # never published: the marked source is shown
            result.translated[entry.msgid] = entry.msgstr
        elif catalog.is_fuzzy(entry):
            result.fuzzy.add(entry.msgid)
    return result, po, problems


def foreign_context(entry) -> bool:
    """Whether an entry has a msgctxt, which Glocal never writes (GL337): a site's messages are
    keyed by msgid alone, so such an entry would silently replace (or stand in for) the
    translation of the message of the same msgid. It is not used."""
    return entry.msgctxt is not None


def withheld(msgid: str, msgstr: str) -> bool:
    """Whether a translation is never published: whenever `check` reports an error of it (see
    `checks._translation_problems`): a placeholder of its source it drops, adds or changes
    (GL304-GL308: a link the translator sent elsewhere is a link nobody reviewed), markup it adds
    (GL330, GL331), blocks it changes (GL335), or too heavy to render (GL332)."""
    return bool(
        placeholder_problems(msgid, msgstr)
        or added_markup(msgid, msgstr)
        or too_heavy(msgid, msgstr)
        or added_blocks(msgid, msgstr)
    )


@dataclass
class Translator:
    """Translates one source file's texts into one language, or passes them through."""

    catalog: Catalog | None  # None: the site is in the file's source language
    source_language: str
    tally: Tally = field(default_factory=Tally)
    label: str = ""  # the hover text of fallback markup ("Not yet translated")

    @property
    def active(self) -> bool:
        return self.catalog is not None

    def value(self, text: str, mark: bool = True) -> str:
        """A front-matter or YAML value; `mark=False` for places that cannot hold markup."""
        if self.catalog is None or not text.strip():
            return text
        found = self.catalog.translated.get(text)
        self.tally.add(text, found is not None)
        if found is not None:
            if not mark:
                return found
            return translation_as_text(found, text)  # Markdown: `1. januar` stays text
        if not mark:
            return text
        if "\n" not in text.strip():
            return fallback_markup(text, self.source_language, self.label)
        return self._fallback_blocks(text)

    def _fallback_blocks(self, text: str) -> str:
        """A value of more than one line (a region's notes in paragraphs, a list), shown in its
        source language: each of its segments is marked, as in a body, so that no mark spans
        two blocks (which would leave an open `<span>` in one and a stray `</span>` in another)."""

        def lookup(segment: Segment) -> str:
            if segment.kind == "alt":  # an alt attribute cannot carry markup
                return segment.msgid
            return fallback_markup(segment.msgid, self.source_language, self.label)

        return apply(text, segment_text(text), lookup)

    def fallback(self, text: str) -> str:
        """The source language when `text` is shown untranslated (marked as a fallback), else ''.

        For a title given as `value(text, mark=False)`: the theme marks it where it is shown.
        """
        if self.catalog is None or not text.strip() or text in self.catalog.translated:
            return ""
        return self.source_language

    def markdown(self, text: str, segments: list[Segment] | None = None) -> str:
        """A Markdown body with every segment translated in place (or marked as fallback)."""
        catalog = self.catalog
        if catalog is None:
            return text
        key = (text, self.source_language, self.label)
        known = catalog.rendered.get(key)
        if known is None:
            segments = segment_text(text) if segments is None else segments
            tally = Tally()
            ids = heading_ids(segments)

            def lookup(segment: Segment) -> str:
                found = catalog.translated.get(segment.msgid)
                tally.add(segment.msgid, found is not None)
                if segment.kind == "alt":  # an alt attribute cannot carry markup
                    return segment.msgid if found is None else found
                shown = (
                    found
                    if found is not None
                    else fallback_markup(segment.msgid, self.source_language, self.label)
                )
                if segment in ids and not has_explicit_id(shown):  # the source heading's id, kept
                    shown = f"{shown} {{#{ids[segment]}}}"
                return shown

            if len(catalog.rendered) >= RENDERED_LIMIT:
                catalog.rendered.clear()
            known = catalog.rendered[key] = (apply(text, segments, lookup), tally.words, tally.translated)
        result, words, translated = known
        self.tally.words += words
        self.tally.translated += translated
        return result
