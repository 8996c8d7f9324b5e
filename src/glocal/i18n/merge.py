"""Merging a template into a catalog without losing work, and fast, the way `msgmerge --previous` does.

Messages are keyed by (msgctxt, msgid), so context-separated translations stay apart. An
unchanged message keeps its translation. A new message that closely resembles one that left the
template takes that translation as `#, fuzzy`, with `#|` (previous msgctxt, msgid, msgid_plural)
naming the text the translation was made for: the left message's own text, or, if it was already
fuzzy, the `#|` it already had, however many source edits come before a translator reviews it.
A message that left the template becomes obsolete (`#~`) with its translation.

Plural messages keep msgid_plural and every msgstr[n]; a new one gets as many forms as the
catalog's Plural-Forms says. As in msgmerge, a singular translation that meets a plural message
fills every form and a plural one that meets a singular message gives its first form, both fuzzy,
and a changed msgid_plural makes the message fuzzy.

One choice differs from msgmerge, for speed: a fuzzy translation comes only from a message that
left the template (or an obsolete one), never from one still in use, so only changed messages are
compared, each with the messages that left. The search is otherwise msgmerge's (see `_Finder`).

With a translation memory (`memory`), a message with no translation of its own in the catalog
takes an exact match from it before any similar one, as msgmerge takes an exact match from a
compendium first; unlike msgmerge's, the match is `#, fuzzy`, with a translator comment naming
where it came from, for a translator to confirm. The similar message it passed over is kept
obsolete (`#~`), as any other that is not reused.
"""

from __future__ import annotations

import re

import polib
from rapidfuzz import fuzz, process

from glocal.i18n import layout
from glocal.i18n.catalog import TemplateEntry, new_catalog
from glocal.i18n.memory import Memory, Offer

FUZZY_CUTOFF = 60.0  # similarity (0-100) below which a new msgid starts untranslated
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")

Key = tuple[str | None, str]


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _forms(entry: polib.POEntry) -> dict[int, str]:
    forms = entry.msgstr_plural
    return {int(k): v for k, v in forms.items()} if forms else {}


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(_forms(entry).values())


def template_flag(flag: str) -> bool:
    """A flag the template decides (as msgmerge takes it from the POT): format strings, wrapping, range."""
    return flag.endswith("-format") or flag in ("wrap", "no-wrap") or flag.startswith("range:")


def nplurals(metadata: dict[str, str]) -> int:
    """The number of plural forms the catalog's Plural-Forms header declares (2 if it says none)."""
    found = NPLURALS.search(metadata.get("Plural-Forms", ""))
    return int(found.group(1)) if found else 2


def _translation(source: polib.POEntry, plural: bool, count: int) -> tuple[str, dict[int, str]]:
    """`source`'s translation shaped for a message that is (or is not) plural: (msgstr, msgstr[n])."""
    if plural and source.msgid_plural:
        return "", _forms(source)
    if plural:  # a singular translation fills every form (msgmerge)
        return "", {n: source.msgstr for n in range(count)}
    if source.msgid_plural:
        return _forms(source).get(0, ""), {}
    return source.msgstr, {}


def _previous(source: polib.POEntry) -> tuple[str | None, str | None, str | None]:
    """The text a translation was made for: a fuzzy entry's `#|` as it is, else the entry's own text."""
    if "fuzzy" in source.flags:
        return source.previous_msgctxt, source.previous_msgid, source.previous_msgid_plural
    return source.msgctxt, source.msgid, source.msgid_plural or None


def _flags(source: list[str], template: tuple[str, ...], fuzzy: bool) -> list[str]:
    """The catalog's flags with the template's format flags (if it has any) and fuzzy first when fuzzy."""
    flags = [f for f in source if f != "fuzzy"]
    if any(template_flag(f) for f in template):
        flags = [f for f in flags if not template_flag(f)] + [f for f in template if template_flag(f)]
    return (["fuzzy"] if fuzzy else []) + flags


def _take(entry: polib.POEntry, source: polib.POEntry, item: TemplateEntry, count: int, fuzzy: bool) -> None:
    """Give `entry` the translation of `source`: fuzzy (with `#|`) when asked or when its shape changed."""
    plural = bool(item.msgid_plural)
    entry.msgstr, forms = _translation(source, plural, count)
    if plural:
        entry.msgstr_plural = forms or {n: "" for n in range(count)}
    entry.tcomment = source.tcomment
    changed = fuzzy or (source.msgid_plural or "") != item.msgid_plural
    fuzzy = "fuzzy" in source.flags or (changed and _has_translation(source))
    if fuzzy:
        entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = _previous(source)
    if fuzzy == ("fuzzy" in source.flags) and not any(template_flag(f) for f in item.flags):
        entry.flags = list(source.flags)  # nothing changed: keep them as they were written
    else:
        entry.flags = _flags(source.flags, item.flags, fuzzy)


def _remembered(entry: polib.POEntry, offer: Offer, item: TemplateEntry) -> None:
    """Give `entry` the memory's translation, fuzzy, with a comment saying where it came from."""
    if item.msgid_plural:
        entry.msgstr_plural = dict(enumerate(offer.forms))
    else:
        entry.msgstr = offer.forms[0]
    entry.tcomment = offer.comment()
    entry.flags = _flags([], item.flags, True)


def _obsolete(source: polib.POEntry) -> polib.POEntry:
    """An entry that left the template, as msgmerge keeps it: no source references or comments."""
    return polib.POEntry(
        msgid=source.msgid,
        msgstr=source.msgstr,
        msgctxt=source.msgctxt,
        msgid_plural=source.msgid_plural,
        msgstr_plural=_forms(source),
        tcomment=source.tcomment,
        flags=list(source.flags),
        previous_msgctxt=source.previous_msgctxt,
        previous_msgid=source.previous_msgid,
        previous_msgid_plural=source.previous_msgid_plural,
        obsolete=True,
    )


def _kept(source: polib.POEntry) -> polib.POEntry:
    """An entry that was obsolete already, kept exactly as it was."""
    ghost = _obsolete(source)
    ghost.comment, ghost.occurrences = source.comment, list(source.occurrences)
    return ghost


class _Finder:
    """msgmerge's fuzzy search (`msgl-fsearch.c`) over the messages that left the template.

    A msgid of 4 or more characters is compared only with those that share a 4-character sequence
    with it, a shorter one only with shorter ones; the similarity is `fstrcmp`'s (rapidfuzz's
    `fuzz.ratio`, on UTF-8 bytes as GNU compares them) and must reach 0.6. Between equally close
    candidates, one with the same msgctxt or none wins, then the first in the catalog."""

    def __init__(self, candidates: list[polib.POEntry]) -> None:
        self.candidates = candidates
        self.texts = [c.msgid.encode("utf-8") for c in candidates]
        self.grams: dict[int, frozenset[str]] = {}  # a candidate's 4-grams, when first needed
        self.short = [i for i, c in enumerate(candidates) if len(c.msgid) < 4]
        # without contexts no candidate is preferred: the first closest one is taken (extractOne's)
        self.contexts = any(c.msgctxt is not None for c in candidates)

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        if not self.candidates:
            return None
        query = msgid.encode("utf-8")
        if len(msgid) < 4:
            tied = self._closest(query, self.short)
        else:
            # The closest of all candidates is usually one that shares a 4-character sequence: then
            # no other needs looking at (comparing the msgid with every candidate's 4-grams would
            # cost more than the whole merge).
            closest = self._closest(query, None)
            grams = _grams(msgid)
            tied = [i for i in closest if not grams.isdisjoint(self._grams(i))]
            if closest and not tied:
                pool = [i for i in range(len(self.candidates)) if not grams.isdisjoint(self._grams(i))]
                tied = self._closest(query, pool)
        if not tied:
            return None

        def rank(index: int) -> tuple[bool, int]:
            context = self.candidates[index].msgctxt
            return (not (context is None or context == msgctxt), index)

        return self.candidates[min(tied, key=rank)]

    def _grams(self, index: int) -> frozenset[str]:
        if index not in self.grams:
            self.grams[index] = _grams(self.candidates[index].msgid)
        return self.grams[index]

    def _closest(self, query: bytes, pool: list[int] | None) -> list[int]:
        """The candidates (of `pool`, or all) closest to `query`, if they reach the threshold."""
        texts = self.texts if pool is None else [self.texts[i] for i in pool]
        first = process.extractOne(query, texts, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if first is None:
            return []
        if not self.contexts:
            return [first[2] if pool is None else pool[first[2]]]
        # Asked for the best score itself, rapidfuzz rounds its cutoff into a distance and may find
        # nothing: ask for a little less, and keep the best.
        top = first[1]
        near = process.extract(query, texts, scorer=fuzz.ratio, score_cutoff=max(top - 0.5, 0), limit=None)
        return sorted(i if pool is None else pool[i] for _, score, i in near if score >= top - 1e-9)


def _grams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 4] for i in range(len(text) - 3))


def merge(
    old: polib.POFile | None,
    entries: tuple[TemplateEntry, ...] | list[TemplateEntry],
    *,
    project_id: str = "",
    version: str = "",
    language: str = "",
    memory: Memory | None = None,
) -> polib.POFile:
    """The catalog `old` brought up to date with the template `entries`."""
    if old is None:
        po = new_catalog(project_id, version, language)
    else:
        po = polib.POFile(wrapwidth=0)
        po.header = old.header
        po.metadata = dict(old.metadata)
        po.metadata_is_fuzzy = old.metadata_is_fuzzy
        layout.carry(old, po)  # written again the way it was: only what changed differs
    count = nplurals(po.metadata)
    active: dict[Key, polib.POEntry] = {}
    obsolete: dict[Key, polib.POEntry] = {}
    if old is not None:
        for entry in old:
            (obsolete if entry.obsolete else active).setdefault(_key(entry), entry)
    wanted = {(e.msgctxt, e.msgid) for e in entries}

    # Candidates for fuzzy matching: translated entries that are leaving, and obsolete ones.
    leaving = [e for k, e in active.items() if k not in wanted and _has_translation(e)]
    gone = [e for k, e in obsolete.items() if k not in wanted and _has_translation(e)]
    finder = _Finder(leaving + gone)
    used: set[int] = set()

    for item in entries:
        key = (item.msgctxt, item.msgid)
        previous = active.get(key) or obsolete.get(key)
        entry = polib.POEntry(
            msgid=item.msgid,
            msgctxt=item.msgctxt,
            msgid_plural=item.msgid_plural,
            msgstr="",
            occurrences=[(path, str(line) if line else "") for path, line in item.occurrences],
            comment=item.comment,
            flags=[f for f in item.flags if template_flag(f)],
        )
        if item.msgid_plural:
            entry.msgstr_plural = {n: "" for n in range(count)}
        if previous is not None:
            _take(entry, previous, item, count, fuzzy=False)
        elif memory and (offer := memory.offer(item.msgctxt, item.msgid, item.msgid_plural, count)):
            _remembered(entry, offer, item)
        else:
            source = finder.best(item.msgctxt, item.msgid)
            if source is not None:
                _take(entry, source, item, count, fuzzy=True)
                used.add(id(source))
        po.append(entry)

    # Whatever left the template and was not reused lives on as obsolete, translation and all.
    kept: set[Key] = set()
    for source in leaving + gone:
        if id(source) in used or _key(source) in kept:
            continue
        kept.add(_key(source))
        po.append(_kept(source) if source.obsolete else _obsolete(source))
    return po
