"""Translation statistics per language and per catalog: strings (as GNU msgfmt counts them) and words."""

from __future__ import annotations

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


def collect(project: Project, language: str | None = None, found: list[Source] | None = None) -> Stats:
    """Counts for every catalog the project's sites use (a missing catalog counts as untranslated);
    with `found`, for those sources' catalogs only."""
    stats = Stats()
    found = sources(project) if found is None else found
    known = sorted({lang for source in found for lang in source.languages})
    if language is not None and language not in known:
        stats.diagnostics.append(unknown_language(language, known))
        return stats
    for source in found:
        for lang in source.languages:
            if language and lang != language:
                continue
            relpath = source.catalog_path(lang)
            path = project.root / relpath
            if path.is_file():
                po, problems = catalog.read(path, relpath)
                stats.diagnostics.extend(problems)
                if po is None:
                    continue
                counts = count(po)
            else:
                counts = Counts(
                    untranslated=len(source.entries),
                    untranslated_words=sum(count_words(e.msgid) for e in source.entries),
                )
            stats.files.setdefault(lang, {})[relpath] = counts
    return stats
