"""Merging a template into a catalog without losing work, and fast.

An unchanged msgid keeps its translation. A new msgid that closely resembles a msgid that
left the template takes that translation as `#, fuzzy` with the old msgid as `#|` (previous),
so a translator sees exactly what changed. A msgid that left the template becomes obsolete
(`#~`) with its translation. Only entries that changed are compared, each against the entries
that left, with rapidfuzz (C++), so an edit of 5% of 20,000 messages stays fast where Babel's
`Catalog.update()` compares everything with everything.
"""

from __future__ import annotations

import polib
from rapidfuzz import fuzz, process

from glocal.i18n import layout
from glocal.i18n.catalog import TemplateEntry, new_catalog

FUZZY_CUTOFF = 60.0  # similarity (0-100) below which a new msgid starts untranslated


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any((entry.msgstr_plural or {}).values())


def merge(
    old: polib.POFile | None,
    entries: tuple[TemplateEntry, ...] | list[TemplateEntry],
    *,
    project_id: str = "",
    version: str = "",
    language: str = "",
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
    active: dict[tuple, polib.POEntry] = {}
    obsolete: dict[tuple, polib.POEntry] = {}
    if old is not None:
        for entry in old:
            (obsolete if entry.obsolete else active).setdefault(_key(entry), entry)
    wanted = {(None, e.msgid) for e in entries}

    # Candidates for fuzzy matching: translated entries that are leaving, and obsolete ones.
    leaving = [e for k, e in active.items() if k not in wanted and _has_translation(e)]
    leaving += [e for k, e in obsolete.items() if k not in wanted and _has_translation(e)]
    candidates = {id(e): e for e in leaving}
    choices = {id(e): e.msgid for e in leaving}
    used: set[int] = set()

    for item in entries:
        key = (None, item.msgid)
        previous = active.get(key) or obsolete.get(key)
        entry = polib.POEntry(
            msgid=item.msgid,
            msgstr="",
            occurrences=[(path, str(line)) for path, line in item.occurrences],
            comment=item.comment,
        )
        if previous is not None:
            entry.msgstr = previous.msgstr
            entry.msgstr_plural = previous.msgstr_plural
            entry.msgid_plural = previous.msgid_plural
            entry.tcomment = previous.tcomment
            entry.flags = list(previous.flags)
            if "fuzzy" in entry.flags:
                entry.previous_msgid = previous.previous_msgid
        elif choices:
            match = process.extractOne(item.msgid, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if match is not None:
                _, _, ident = match
                source = candidates[ident]
                entry.msgstr = source.msgstr
                entry.tcomment = source.tcomment
                entry.flags = [f for f in source.flags if f != "fuzzy"] + ["fuzzy"]
                entry.previous_msgid = source.msgid
                used.add(ident)
                del choices[ident]
        po.append(entry)

    # Whatever left the template and was not reused lives on as obsolete, translation and all.
    kept: set[tuple] = set()
    for source in leaving:
        if id(source) in used or _key(source) in kept:
            continue
        kept.add(_key(source))
        ghost = polib.POEntry(
            msgid=source.msgid,
            msgstr=source.msgstr,
            msgctxt=source.msgctxt,
            msgid_plural=source.msgid_plural,
            msgstr_plural=source.msgstr_plural,
            tcomment=source.tcomment,
            flags=list(source.flags),
            obsolete=True,
        )
        if source.obsolete:  # obsolete already: kept exactly as it was
            ghost.comment, ghost.occurrences = source.comment, list(source.occurrences)
            ghost.previous_msgctxt, ghost.previous_msgid = source.previous_msgctxt, source.previous_msgid
            ghost.previous_msgid_plural = source.previous_msgid_plural
        po.append(ghost)
    return po
