"""Translation statistics per language and per catalog: strings (as GNU msgfmt counts them) and words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from glocal.diagnostics import Diagnostic
from glocal.i18n import catalog
from glocal.i18n.extract import Source, sources
from glocal.i18n.workflow import unknown_language
from glocal.markdown.blocks import count_words
from glocal.model import Project


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    # source messages the catalog does not have yet (`i18n update` adds them): not in the string
    # counts, which are msgfmt's of the file, but shown in the source language as untranslated ones
    new: int = 0
    new_words: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def strings(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    def to_json(self) -> dict:
        return {
            "strings": {
                "translated": self.translated,
                "fuzzy": self.fuzzy,
                "untranslated": self.untranslated,
            },
            "words": {
                "translated": self.translated_words,
                "fuzzy": self.fuzzy_words,
                "untranslated": self.untranslated_words,
            },
            "new": {"strings": self.new, "words": self.new_words},
        }


def count(po) -> Counts:
    """Counts of one catalog; the string counts equal `msgfmt --statistics` on the same file."""
    result = Counts()
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        words = count_words(entry.msgid)
        if catalog.is_translated(entry):
            result.translated += 1
            result.translated_words += words
        elif catalog.is_fuzzy(entry):
            result.fuzzy += 1
            result.fuzzy_words += words
        else:
            result.untranslated += 1
            result.untranslated_words += words
    return result


@dataclass
class Stats:
    files: dict[str, dict[str, Counts]] = field(default_factory=dict)  # language -> catalog path -> counts
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def language_total(self, language: str) -> Counts:
        total = Counts()
        for counts in self.files.get(language, {}).values():
            total.add(counts)
        return total


#: One catalog's counts: its path, its counts (None when it could not be read) and its problems.
Counted = tuple[str, Counts | None, list[Diagnostic]]


def count_language(project: Project, found: list[Source], language: str) -> dict[int, Counted]:
    """The counts of `language`'s catalog of each source in `found` that is translated into it,
    by the source's index (a missing catalog counts as untranslated)."""
    counted: dict[int, Counted] = {}
    for index, source in enumerate(found):
        if language not in source.languages:
            continue
        relpath = source.catalog_path(language)
        path = project.root / relpath
        if path.is_file():
            po, problems = catalog.read(path, relpath, source=catalog.source_bytes(project.root, source.path))
            counts = None
            if po is not None:
                counts = count(po)
                present = {entry.msgid for entry in po if not entry.obsolete}
                new = [entry.msgid for entry in source.entries if entry.msgid not in present]
                counts.new, counts.new_words = len(new), sum(count_words(msgid) for msgid in new)
            counted[index] = (relpath, counts, problems)
        else:
            untranslated = Counts(
                untranslated=len(source.entries),
                untranslated_words=sum(count_words(e.msgid) for e in source.entries),
            )
            counted[index] = (relpath, untranslated, [])
    return counted


#: What counts the catalogs of some languages: language -> `count_language`'s result.
CountLanguages = Callable[[Project, list[Source], list[str]], dict[str, dict[int, Counted]]]


def _one_after_another(
    project: Project, found: list[Source], languages: list[str]
) -> dict[str, dict[int, Counted]]:
    return {language: count_language(project, found, language) for language in languages}


def collect(
    project: Project,
    language: str | None = None,
    found: list[Source] | None = None,
    counter: CountLanguages = _one_after_another,
) -> Stats:
    """Counts for every catalog the project's sites use (a missing catalog counts as untranslated);
    with `found`, for those sources' catalogs only. `counter` counts each language's catalogs
    (one after another by default; the result is the same however it is shared out)."""
    found = sources(project) if found is None else found
    known = sorted({lang for source in found for lang in source.languages})
    if language is not None and language not in known:
        stats = Stats()
        stats.diagnostics.append(unknown_language(language, known))
        return stats
    return collect_languages(project, [language] if language else known, found, counter)


def collect_languages(
    project: Project, languages: list[str], found: list[Source], counter: CountLanguages = _one_after_another
) -> Stats:
    """As `collect`, for the catalogs of `languages` (a language no source is translated into
    has none), in the order one process finds them: source by source."""
    stats = Stats()
    wanted = [lang for lang in dict.fromkeys(languages) if any(lang in s.languages for s in found)]
    counted = counter(project, found, wanted)
    for index, source in enumerate(found):
        for lang in source.languages:
            if lang not in counted:
                continue
            relpath, counts, problems = counted[lang][index]
            stats.diagnostics.extend(problems)
            if counts is not None:
                stats.files.setdefault(lang, {})[relpath] = counts
    return stats
