"""Translation checks (GL3xx): what a translation must keep, termbase terms, stale and fuzzy entries."""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import polib

from glocal.diagnostics import Diagnostic, Span
from glocal.i18n import catalog, svg, ui
from glocal.i18n.apply import added_markup, too_heavy
from glocal.i18n.extract import LOCALES_DIR, Source, core_languages, sources
from glocal.i18n.placeholders import placeholder_problems
from glocal.i18n.structure import added_blocks
from glocal.i18n.termbase import GLOSSARY_PATH, Term, glossary_problems, load_glossary
from glocal.i18n.translations import Translations, foreign_context
from glocal.load.validation import did_you_mean
from glocal.markdown.parsers import markdown_parser
from glocal.model import Project

PLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


#: An emphasis delimiter Markdown left as a literal character: a run of `*`, or of `_` at the
#: edge of a word (`snake_case` is a word, not emphasis).
_LOOSE_DELIMITER = re.compile(r"\*+|(?<![^\W_])_+(?=[^\W_])|(?<=[^\W_])_+(?![^\W_])")
_ESCAPED_DELIMITER = re.compile(r"\\[*_]")


def _loose_delimiters(text: str) -> tuple[str, ...]:
    """The `*` and `_` runs of a message that Markdown shows as written instead of as emphasis."""
    if "*" not in text and "_" not in text:
        return ()
    return _parsed_loose_delimiters(text)


@functools.lru_cache(maxsize=16384)  # a msgid is checked again in every language's catalog
def _parsed_loose_delimiters(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for token in markdown_parser().parseInline(_ESCAPED_DELIMITER.sub("  ", text)):
        for child in token.children or []:
            if child.type == "text":
                found += _LOOSE_DELIMITER.findall(child.content)
    return tuple(found)


def emphasis_problem(msgid: str, msgstr: str) -> str | None:
    """A message when the translation leaves emphasis markers unpaired (`**bold*`) where the
    source's pair up: Markdown would show them as literal asterisks or underscores."""
    extra = Counter(_loose_delimiters(msgstr)) - Counter(_loose_delimiters(msgid))
    if not extra:
        return None
    # each character once, with a count: 200 stray underscores are not 200 quotes of '_'
    characters: Counter[str] = Counter()
    for run, count in extra.items():
        characters[run[0]] += len(run) * count
    shown = ", ".join(
        repr(character) if count == 1 else f"{character!r} ({count:,} times)"
        for character, count in sorted(characters.items())
    )
    return f"emphasis markers do not pair up in the translation: {shown} would show as written"


def _entry_span(relpath: str, entry: polib.POEntry) -> Span:
    return Span(relpath, max((entry.linenum or 1) - 1, 0), 0)


def catalog_problems(
    po: polib.POFile,
    relpath: str,
    language: str,
    source: Source | None,
    terms: list[Term],
    broken: Callable[[str], bool] | None = None,
) -> Iterator[Diagnostic]:
    """Every check on one catalog (`broken`: see `placeholder_problems`)."""
    match = PLURALS.search(po.metadata.get("Plural-Forms", ""))
    nplurals = int(match.group(1)) if match else None
    header_language = po.metadata.get("Language", "").strip()
    if header_language and header_language.replace("-", "_") != language.replace("-", "_"):
        yield Diagnostic(
            "GL314",
            f"catalog header says Language: {header_language} but the file is in locales/{language}/",
            Span(relpath, 0, 0),
        )
    untranslated = total = 0
    present = set()
    for entry in po:
        if entry.obsolete:
            continue
        span = _entry_span(relpath, entry)
        if foreign_context(entry):
            yield _foreign_context(entry, span)
            continue
        total += 1
        present.add(entry.msgid)
        if entry.msgid_plural and nplurals is not None and len(entry.msgstr_plural) != nplurals:
            yield Diagnostic(
                "GL302",
                f"the header declares {nplurals} plural forms but this entry has {len(entry.msgstr_plural)}",
                span,
                hint="make the Plural-Forms header and the msgstr[N] lines agree",
            )
        if catalog.is_fuzzy(entry):
            yield Diagnostic(
                "GL303",
                f"fuzzy: {_why_fuzzy(entry)}; the source text is shown until a translator confirms",
                span,
                hint="review the translation and remove the fuzzy flag",
            )
            continue
        if not catalog.is_translated(entry):
            untranslated += 1
            continue
        if entry.msgid_plural:
            continue
        yield from _translation_problems(entry, span, language, source, terms, broken)
    if untranslated:
        yield Diagnostic("GL317", f"{untranslated} of {total} messages are not translated yet", Span(relpath))
    if source is not None:
        stale = [entry.msgid for entry in source.entries if entry.msgid not in present]
        if stale:
            yield Diagnostic(
                "GL312",
                f"catalog is out of date: {len(stale)} source message(s) are not in it, "
                f"e.g. {stale[0][:60]!r}",
                Span(relpath),
                hint="run: glocal i18n update",
            )


def _foreign_context(entry: polib.POEntry, span: Span) -> Diagnostic:
    """GL337: an entry with a msgctxt, which Glocal never writes, is not used (`foreign_context`)."""
    context = entry.msgctxt if len(entry.msgctxt) <= 60 else entry.msgctxt[:59] + "…"
    return Diagnostic(
        "GL337",
        f"an entry with msgctxt {context!r} is ignored: Glocal's catalogs have no msgctxt, so it "
        "translates no message here",
        span,
        hint="to use its translation, put it in the entry of the same msgid without msgctxt and delete "
        "this one; `glocal i18n update` keeps it as an obsolete (#~) entry",
    )


def _why_fuzzy(entry: Any) -> str:
    """Why an entry is fuzzy, as its comments tell: its source changed (msgmerge's `#|`), or it is
    a suggestion Glocal made (`i18n align`, `import workbench --translation`, the memory)."""
    if entry.previous_msgid:
        return f"the source changed (was: {entry.previous_msgid!r})"
    notes = entry.tcomment if isinstance(entry.tcomment, str) else "\n".join(entry.tcomment or ())
    if "glocal: aligned with " in notes:
        return "a suggestion aligned from an existing translation"
    if "glocal: from translation memory" in notes:
        return "a suggestion from the translation memory"
    return "not confirmed"


def _translation_problems(
    entry: polib.POEntry,
    span: Span,
    language: str,
    source: Source | None,
    terms: list[Term],
    broken: Callable[[str], bool] | None = None,
) -> Iterator[Diagnostic]:
    """What one translated, non-fuzzy singular entry must keep, and what it should use."""
    for code, message in placeholder_problems(entry.msgid, entry.msgstr, broken):
        yield Diagnostic(code, f"{message}; it is not published, the source text is shown", span)
    for code, message in added_markup(entry.msgid, entry.msgstr):
        yield Diagnostic(code, message, span, hint="keep the source's markup as it is, only move it")
    blocks = added_blocks(entry.msgid, entry.msgstr)
    if blocks:
        yield Diagnostic(
            "GL335",
            f"translation changes its source's blocks: {blocks}; "
            "it is not published, the source text is shown",
            span,
            hint="keep it one block, as its source is: no blank line, and no line that starts a heading, "
            "list, quote, container or code block",
        )
    heavy = too_heavy(entry.msgid, entry.msgstr)
    if heavy:
        yield Diagnostic(
            "GL332",
            f"translation too heavy to render: {heavy}; it is not published, the source text is shown",
            span,
            hint="split it as its source is split, or put code and long markup in code spans",
        )
    emphasis = emphasis_problem(entry.msgid, entry.msgstr)
    if emphasis:
        hint = "close each ** or * (or _) the translation opens, as its source does"
        yield Diagnostic("GL328", emphasis, span, hint=hint)
    if entry.msgstr == entry.msgid and re.search(r"[^\W\d_]{3}", entry.msgid):
        yield Diagnostic(
            "GL310",
            "translation is identical to the source",
            span,
            hint="fine for names and acronyms; otherwise translate it",
        )
    if (
        "\n" in entry.msgstr
        and "\n" not in entry.msgid
        and source is not None
        and _single_line(source, entry.msgid)
    ):
        yield Diagnostic(
            "GL316",
            "a heading, table cell or title must stay on one line: the line break is replaced by a space",
            span,
        )
    missing = glossary_problems(terms, language, entry.msgid, entry.msgstr)
    if missing:
        yield Diagnostic(
            "GL309",
            f"termbase term(s) not used: {', '.join(missing)}",
            span,
            hint=f"use the approved term from {GLOSSARY_PATH}",
        )


def _single_line(source: Source, msgid: str) -> bool:
    return any(e.msgid == msgid and ("title" in e.comment or "heading" in e.comment) for e in source.entries)


def ui_catalog_problems(root: Path) -> Iterator[Diagnostic]:
    """The project's own UI overrides, locales/<lang>/ui.po: readable, with every {field} kept
    as written and nothing else (`ui.field_problem`)."""
    folder = Path(root) / LOCALES_DIR
    for path in sorted(folder.glob("*/ui.po")) if folder.is_dir() else []:
        relpath = path.relative_to(root).as_posix()
        po, problems = catalog.read(path, relpath)
        yield from problems
        for entry in po or []:
            if entry.obsolete:
                continue
            if foreign_context(entry):  # not used, as in any catalog
                yield _foreign_context(entry, _entry_span(relpath, entry))
                continue
            if not entry.msgstr or "fuzzy" in entry.flags:
                continue  # not used, so not judged: it is once a translator confirms it
            heavy = too_heavy(entry.msgid, entry.msgstr)
            if heavy:  # a label is on every page: the English one is shown
                yield Diagnostic(
                    "GL332",
                    f"label too heavy to render: {heavy}; it is not used, the built-in label is shown",
                    _entry_span(relpath, entry),
                    hint="keep a label about as long as the English one",
                )
            fields = ui.field_problem(entry.msgid, entry.msgstr)
            if fields:
                yield Diagnostic(
                    "GL307",
                    f"{fields}; it is not used, the built-in label is shown",
                    _entry_span(relpath, entry),
                    hint="write each field as the English label does, {name} (no '.', '[', '!' or ':' "
                    "in it), and {{ or }} for a brace itself",
                )


def run(
    project: Project, translations: Translations, broken: Callable[[str], bool] | None = None
) -> Iterator[Diagnostic]:
    """Check every catalog the project's sites use (`broken`: see `placeholder_problems`)."""
    yield from project_problems(project)
    yield from catalogs_problems(project, translations, broken)


def project_problems(project: Project) -> Iterator[Diagnostic]:
    """What is wrong whatever the language: the UI catalogs, the glossary, unreadable diagrams,
    catalogs of a language no region teaches."""
    yield from ui_catalog_problems(project.root)
    if project.program is None:
        return
    yield from unused_languages(project)
    yield from missing_labels(project)
    yield from load_glossary(project.root, project.program.source_language)[1]
    if core_languages(project):  # diagrams are read for translation (GL334 when one cannot be)
        for path in svg.diagrams(project.root):
            try:
                found = svg.problem(svg.read(project.root, path), path)
            except OSError:
                continue  # unreadable: the build's copy reports it
            if found is not None:
                yield found


def catalogs_problems(
    project: Project,
    translations: Translations,
    broken: Callable[[str], bool] | None = None,
    languages: Collection[str] | None = None,
    extracted: list[Source] | None = None,
) -> Iterator[Diagnostic]:
    """Check the catalogs of `languages` (all when None): a check shared out by language.

    `extracted`: the project's `sources`, when the caller already has them."""
    if project.program is None:
        return
    terms = load_glossary(project.root, project.program.source_language)[0]
    found = sources(project) if extracted is None else extracted
    for source in found:
        for language in source.languages:
            if languages is not None and language not in languages:
                continue
            relpath = source.catalog_path(language)
            po = translations.file(language, source.path)
            if po is None:
                if not (project.root / relpath).exists():
                    yield Diagnostic(
                        "GL311",
                        f"no catalog for {language}: {source.path} is shown in {source.source_language} "
                        f"on {language} sites",
                        Span(relpath),
                        hint=f"run: glocal i18n update --lang {language}",
                    )
                continue
            yield from catalog_problems(po, relpath, language, source, terms, broken)
    wanted = {lang for source in found for lang in source.languages}
    yield from unused_catalogs(project.root, found, wanted if languages is None else wanted & set(languages))


def _catalog_files(folder: Path) -> Iterator[Path]:
    """The `.po` files under `folder`, symbolic links to folders not followed (one may point out of
    the project, or at itself)."""
    for parent, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            if name.endswith(".po"):
                yield Path(parent) / name


def unused_catalogs(root: Path, found: list[Source], languages: Collection[str]) -> Iterator[Diagnostic]:
    """GL338 for a catalog of one of `languages` that translates no source file of the programme (a
    misspelt name, a module since removed): nothing reads it, and its translator would never know."""
    for language in sorted(languages):
        expected = {source.catalog_path(language) for source in found if language in source.languages}
        folder = Path(root) / LOCALES_DIR / language
        for path in _catalog_files(folder):
            relpath = path.relative_to(root).as_posix()
            if relpath in expected or relpath == f"{LOCALES_DIR}/{language}/ui.po":
                continue
            known = sorted(expected)
            yield Diagnostic(
                "GL338",
                "catalog translates no source file of the programme: nothing reads it",
                Span(relpath),
                hint=did_you_mean(relpath, known)
                or "delete it, or name it after the source file it translates",
            )


def missing_labels(project: Project) -> Iterator[Diagnostic]:
    """GL339 for a language Glocal has no labels in (Home, Agenda, Facilitator note...), whose
    project `ui.po` does not translate them all: they show in English on its sites."""
    taught = sorted({language for region in project.regions.values() for language in region.languages})
    total = len(ui.ENGLISH)
    for language in taught:
        if ui.has_built_in(language):
            continue
        done = ui.translated_labels(project.root, language)
        if done >= total:
            continue
        relpath = f"{LOCALES_DIR}/{language}/ui.po"
        exists = (project.root / relpath).is_file()
        yield Diagnostic(
            "GL339",
            f"Glocal has no labels of its own in {language!r}: {total - done} of its {total} words "
            "(Home, Agenda, Facilitator note...) show in English on its sites",
            Span(relpath),
            hint=f"translate {relpath}"
            if exists
            else f"glocal i18n update --lang {language} writes {relpath}: translate it",
        )


def unused_languages(project: Project) -> Iterator[Diagnostic]:
    """GL338 for a folder of catalogs in a language no region teaches (`locales/de/`)."""
    folder = project.root / LOCALES_DIR
    if not folder.is_dir():
        return
    taught = {language for region in project.regions.values() for language in region.languages}
    for entry in sorted(folder.iterdir()):
        if entry.name == "templates" or entry.name in taught or not entry.is_dir() or entry.is_symlink():
            continue
        count = sum(1 for _ in _catalog_files(entry))
        if count:
            yield Diagnostic(
                "GL338",
                f"no region teaches {entry.name!r}: the {count} catalog(s) under it are not read",
                Span(f"{LOCALES_DIR}/{entry.name}/"),
                hint=did_you_mean(entry.name, sorted(taught))
                or f"add {entry.name!r} to a region's languages, or delete the folder",
            )
