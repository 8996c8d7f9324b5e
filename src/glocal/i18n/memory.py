"""Translation memory: a reviewed translation of the same text elsewhere in a language, offered as fuzzy.

`glocal i18n update` offers it to a message that is new or changed in the update and has no
translation of its own yet. The memory is every catalog under `locales/<lang>/` (as it was before
the update) and any `--compendium` catalog. Only reviewed translations count: not fuzzy, not
obsolete, not the header, every form filled, and none an entry with an error (strict reading
empties those). The match is exact: the same msgid (and msgid_plural, with as many forms as the
catalog's Plural-Forms); the same msgctxt is preferred, another context is taken when no
translation has the same one (as msgmerge's fuzzy search takes a 100% match from any context,
preferring the same). Between different translations the most frequent wins, ties going to the
first found: catalogs in path order (the project's sorted by path, then compendia in the order
given), each in its own order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import polib

Translation = tuple[str, ...]  # the msgstr of a singular message, or every msgstr[n] in order


@dataclass(frozen=True)
class Offer:
    """A translation the memory offers, where it came from, and how many others it passed over."""

    forms: Translation
    origin: str  # the catalog it came from (the first, in path order, that has it)
    alternatives: int  # other translations of the same message found elsewhere
    other_context: bool  # taken from a message with another msgctxt

    def comment(self) -> str:
        """The translator comment that says where the translation came from, for a human to confirm."""
        notes = []
        if self.other_context:
            notes.append("another msgctxt")
        if self.alternatives:
            notes.append(f"{self.alternatives} other translation{'s' if self.alternatives > 1 else ''} found")
        extra = f" ({'; '.join(notes)})" if notes else ""
        return f"glocal: from translation memory: {self.origin}{extra}"


class _Found(NamedTuple):  # a tuple: built for every translation of a language, so cheap to make
    msgctxt: str | None
    forms: Translation
    order: int  # its place: catalogs in path order, each in its own order
    origin: str


def _forms(entry: polib.POEntry) -> Translation | None:
    """The reviewed translation of `entry`, or None if it is not one a memory may offer."""
    if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
        return None
    if entry.msgid_plural:
        forms = {int(k): v for k, v in (entry.msgstr_plural or {}).items()}
        if not forms or sorted(forms) != list(range(len(forms))) or not all(forms.values()):
            return None
        return tuple(forms[n] for n in range(len(forms)))
    return (entry.msgstr,) if entry.msgstr else None


class Memory:
    """The reviewed translations of catalogs in one language, looked up by exact msgid.

    Catalogs are added as they are read; the index is built the first time a message asks, so an
    update where nothing is new costs no more than reading the catalogs it reads anyway. Told which
    msgids will be asked for (`want`), it indexes only those: a few objects instead of one for every
    translation of the language (and the garbage collections that many more objects cost)."""

    def __init__(self) -> None:
        self._catalogs: list[tuple[str, polib.POFile]] = []
        self._index: dict[tuple[str, str], list[_Found]] | None = None
        self._wanted: set[str] | None = None  # None: every msgid

    def add(self, origin: str, po: polib.POFile) -> None:
        self._catalogs.append((origin, po))
        self._index = None

    def extend(self, catalogs: Iterable[tuple[str, polib.POFile]]) -> None:
        for origin, po in catalogs:
            self.add(origin, po)

    def want(self, msgids: Iterable[str]) -> None:
        """Only these msgids (and those of earlier calls) will be asked for."""
        self._wanted = (self._wanted or set()).union(msgids)
        self._index = None

    def _built(self) -> dict[tuple[str, str], list[_Found]]:
        if self._index is None:
            index: dict[tuple[str, str], list[_Found]] = {}
            order = 0
            wanted = self._wanted
            for origin, po in self._catalogs:
                for entry in po:
                    if wanted is not None and entry.msgid not in wanted:
                        continue
                    forms = _forms(entry)
                    if forms is not None:
                        order += 1
                        found = _Found(entry.msgctxt, forms, order, origin)
                        index.setdefault((entry.msgid, entry.msgid_plural or ""), []).append(found)
            self._index = index
        return self._index

    def offer(self, msgctxt: str | None, msgid: str, msgid_plural: str, count: int) -> Offer | None:
        """The translation for (msgctxt, msgid, msgid_plural) in a catalog of `count` plural forms."""
        if not self._catalogs:
            return None
        found = self._built().get((msgid, msgid_plural))
        if not found:
            return None
        if msgid_plural:
            found = [f for f in found if len(f.forms) == count]
        pool = [f for f in found if f.msgctxt == msgctxt] or found
        if not pool:
            return None
        tally: dict[Translation, list[_Found]] = {}
        for item in pool:
            tally.setdefault(item.forms, []).append(item)

        def rank(pair: tuple[Translation, list[_Found]]) -> tuple[int, int]:
            return (-len(pair[1]), min(f.order for f in pair[1]))

        forms, chosen = min(tally.items(), key=rank)
        first = min(chosen, key=lambda f: f.order)
        return Offer(forms, first.origin, len(tally) - 1, first.msgctxt != msgctxt)
