"""`glocal i18n extract` / `update` / `merge`: functions that return what they did."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.i18n import catalog, ui
from glocal.i18n.catalog import TemplateEntry
from glocal.i18n.extract import LOCALES_DIR, Source, sources
from glocal.i18n.memory import Memory
from glocal.i18n.merge import merge, nplurals
from glocal.load.validation import listing
from glocal.model import Project
from glocal.processes import forked_map


@dataclass
class Written:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # catalogs left byte for byte as they were
    diagnostics: list[Diagnostic] = field(default_factory=list)


def extract(project: Project, found: list[Source] | None = None) -> Written:
    """Write `locales/templates/<source path>.pot` for every translatable file."""
    result = Written()
    program = project.program
    assert program is not None  # only called for a project whose program was loaded
    for source in found if found is not None else sources(project):
        po = catalog.template(program.id, program.version, list(source.entries))
        path = project.root / source.template_path
        existed = path.exists()
        if catalog.write(path, po):
            (result.updated if existed else result.created).append(source.template_path)
        else:
            result.unchanged.append(source.template_path)
    return result


def unknown_language(language: str, known: list[str]) -> Diagnostic:
    """GL315: `--lang` names a language no region declares."""
    return Diagnostic(
        "GL315",
        f"no region declares the language {language!r}: "
        f"expected one of {listing(language, known, 'languages')}",
        Span("<command line>"),
    )


def update(
    project: Project,
    language: str | None = None,
    compendia: Sequence[str] = (),
    memory: bool = True,
    jobs: int | None = 1,
    found: list[Source] | None = None,
) -> Written:
    """Extract, then create or merge `locales/<lang>/<source path>.po` for every language.

    A message new or changed in this update that has no translation in its catalog takes, as
    fuzzy, an exact match translated elsewhere in the same language (see `glocal.i18n.memory`):
    from the language's other catalogs (unless `memory` is False) and from `compendia` (PO files,
    relative to the project folder). A compendium that cannot be used stops the update before
    anything is written. Each language is updated on its own (its catalogs, its memory): with
    `jobs` (None: one per core) languages are updated in that many processes at once, with the
    same files, lists and diagnostics. `found`: `sources(project)`, when the caller has it already."""
    found = sources(project) if found is None else found
    known = sorted({lang for source in found for lang in source.languages})
    wanted = [lang for lang in known if language is None or lang == language]
    extra: dict[str, list[tuple[str, polib.POFile]]] = {}
    if language is None or language in known:  # else GL315, below
        extra, problems = _compendia(project.root, compendia, wanted, language)
        if problems:
            return Written(diagnostics=problems)
    result = extract(project, found)
    if language is not None and language not in known:
        result.diagnostics.append(unknown_language(language, known))
        return result
    work = _Update(project, found, extra, memory)
    outcomes = forked_map(_Update.language, work, wanted, jobs)
    done: dict[str, str] = {}  # catalog path -> the list it goes to
    for written, diagnostics in outcomes:  # in the languages' order, as one process found them
        result.diagnostics.extend(diagnostics)
        done.update(written)
    lists = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "refused": result.refused,
    }
    # reported in the order of the sources, each in its languages' order, as they always were
    for source in found:
        for lang in source.languages:
            if lang in wanted:
                relpath = source.catalog_path(lang)
                lists[done[relpath]].append(relpath)
    for lang in wanted:  # then the labels of the languages Glocal has none in
        if not ui.has_built_in(lang):
            relpath, went, problems = _labels(project, lang)
            lists[went].append(relpath)
            result.diagnostics.extend(problems)
    return result


def _labels(project: Project, language: str) -> tuple[str, str, list[Diagnostic]]:
    """Create or merge `locales/<language>/ui.po`, Glocal's own words (Home, Agenda...), for a
    language it has no labels in (GL339): (its path, which list it goes to, problems)."""
    program = project.program
    assert program is not None
    relpath = f"{LOCALES_DIR}/{language}/ui.po"
    path = project.root / relpath
    old = None
    if path.exists():
        old, problems = catalog.read(path, relpath, partial=True, keep_layout=True)
        if old is None or any(d.level is Severity.ERROR for d in problems):
            return relpath, "refused", _refused(problems)
    po = merge(old, ui.template_entries(), project_id=program.id, version=program.version, language=language)
    if catalog.write(path, po):
        return relpath, "updated" if old is not None else "created", []
    return relpath, "unchanged", []


@dataclass
class _Update:
    """What updating any one language needs."""

    project: Project
    found: list[Source]
    extra: dict[str, list[tuple[str, polib.POFile]]]
    memory: bool

    def language(self, lang: str) -> tuple[dict[str, str], list[Diagnostic]]:
        """Merge every catalog of `lang`: which list each goes to (created, updated, unchanged or
        refused), and the problems found."""
        project, found, memory = self.project, self.found, self.memory
        program = project.program
        assert program is not None  # sources() and extract() need it too
        done: dict[str, str] = {}
        diagnostics: list[Diagnostic] = []
        olds: dict[str, polib.POFile | None] = {}
        readable: list[tuple[str, polib.POFile]] = []  # as memory, with the refused ones' good entries
        for source in found:
            if lang not in source.languages:
                continue
            relpath = source.catalog_path(lang)
            path = project.root / relpath
            if not path.exists():
                olds[relpath] = None
                continue
            # read leniently: a catalog with an error is refused below, but its good entries are memory
            size = catalog.source_bytes(project.root, source.path)
            old, problems = catalog.read(path, relpath, partial=True, keep_layout=True, source=size)
            if old is not None:
                readable.append((relpath, old))
            if old is None or any(d.level is Severity.ERROR for d in problems):
                # never rewrite a catalog with an error: an entry it could not read would be lost
                diagnostics.extend(_refused(problems))
                done[relpath] = "refused"
                continue
            olds[relpath] = old
        remembered = Memory()
        if memory:
            readable += _other_catalogs(project.root, lang, olds.keys() | done.keys())
            remembered.extend(sorted(readable, key=lambda pair: pair[0]))  # in path order
        remembered.extend(self.extra.get(lang, []))
        for source in found if memory or lang in self.extra else ():
            if source.catalog_path(lang) in olds:
                remembered.want(_new(olds[source.catalog_path(lang)], source.entries))
        for source in found:
            relpath = source.catalog_path(lang)
            if relpath not in olds:
                continue
            old = olds[relpath]
            po = merge(
                old,
                source.entries,
                project_id=program.id,
                version=program.version,
                language=lang,
                memory=remembered,
            )
            if catalog.write(project.root / relpath, po):
                done[relpath] = "updated" if old is not None else "created"
            else:
                done[relpath] = "unchanged"
        return done, diagnostics


def _new(old: polib.POFile | None, entries: Iterable[TemplateEntry]) -> list[str]:
    """The msgids of `entries` that `old` lacks (with their msgctxt): only these can ask the memory.

    Some that `old` has may be listed too (a msgid it has in several contexts), never one less."""
    if old is None:
        return [item.msgid for item in entries]
    context = {entry.msgid: entry.msgctxt for entry in old}  # strings only: nothing for the GC to track
    return [e.msgid for e in entries if e.msgid not in context or context[e.msgid] != e.msgctxt]


def _other_catalogs(root: Path, language: str, read: Iterable[str]) -> list[tuple[str, polib.POFile]]:
    """The catalogs under `locales/<language>/` that update does not merge (stale ones, `ui.po`)."""
    folder = root / LOCALES_DIR / language
    if not folder.is_dir():
        return []
    skip = set(read)
    found = []
    for path in sorted(folder.rglob("*.po")):
        relpath = path.relative_to(root).as_posix()
        if relpath in skip or not path.is_file():
            continue
        po, _ = catalog.read(path, relpath, partial=True)  # its problems are `check`'s to report
        if po is not None:
            found.append((relpath, po))
    return found


def _compendia(
    root: Path, names: Sequence[str], languages: list[str], language: str | None
) -> tuple[dict[str, list[tuple[str, polib.POFile]]], list[Diagnostic]]:
    """Each `--compendium` catalog read strictly, by the language it serves (its `Language` header,
    or `--lang` when it has none), and every reason one cannot be used (GL301... GL333)."""
    result: dict[str, list[tuple[str, polib.POFile]]] = {}
    problems: list[Diagnostic] = []
    for name in names:
        po, found = catalog.read(Path(root) / name, name, max_messages=None)  # a translation memory
        problems += [d for d in found if d.level is Severity.ERROR]
        if po is None:
            continue
        header = po.metadata.get("Language", "").strip()
        served = [lang for lang in languages if _serves(header, lang)] if header else []
        if not header and language is not None:
            served = [language]
        if not served:
            problems.append(_unused(name, header, languages))
        for lang in served:
            result.setdefault(lang, []).append((name, po))
    hint = "`glocal i18n update` wrote nothing: fix the compendium, or leave it out, then run it again"
    return result, [replace(d, hint=f"{d.hint}; {hint}" if d.hint else hint) for d in problems]


def _serves(header: str, language: str) -> bool:
    """Whether a catalog whose `Language` header is `header` is for `language` (`da_DK` is for `da`)."""
    code, wanted = header.replace("-", "_").lower(), language.replace("-", "_").lower()
    return code == wanted or ("_" not in wanted and code.split("_")[0] == wanted)


def _unused(name: str, header: str, languages: list[str]) -> Diagnostic:
    """GL333: a compendium for no language being updated."""
    updated = ", ".join(languages) or "none"
    if header:
        problem = f"the compendium is for {header!r} (its Language header) but the update is for {updated}"
    else:
        problem = "the compendium has no Language header, so its language is unknown"
    hint = "give `--lang` with the compendium's language, or set its Language header"
    return Diagnostic("GL333", problem, Span(name), hint=hint)


REFUSED = "`glocal i18n update` left this catalog unchanged: fix this, then run it again"


def _refused(problems: list[Diagnostic]) -> list[Diagnostic]:
    """The catalog's problems, each error saying that update did not touch the file."""
    return [
        replace(d, hint=f"{d.hint}; {REFUSED}" if d.hint else REFUSED) if d.level is Severity.ERROR else d
        for d in problems
    ]


def merge_file(root: Path, definitions: str, reference: str, output: str) -> list[Diagnostic]:
    """`msgmerge DEF.po REF.pot -o OUT.po`: problems reading either file mean nothing is written.

    Messages are keyed by (msgctxt, msgid); plural messages keep all their forms (see `merge`). OUT
    is written the way DEF was (its wrapping, header comment and unchanged entries as they were),
    with the template's POT-Creation-Date, as msgmerge does."""
    old, problems = catalog.read(Path(root) / definitions, definitions, keep_layout=True, max_messages=None)
    template, more = catalog.read(Path(root) / reference, reference, max_messages=None)
    problems += more
    if old is None or template is None:
        return problems
    problems += _plural_counts(old, definitions)
    po = merge(old, catalog.template_entries(template))
    created = template.metadata.get("POT-Creation-Date")
    if created is not None:
        po.metadata["POT-Creation-Date"] = created
    try:
        catalog.write(Path(root) / output, po)
    except OSError as exc:
        problems.append(
            Diagnostic("GL301", f"cannot write the merged catalog: {exc.strerror or exc}", Span(output))
        )
    return problems


def _plural_counts(po: polib.POFile, relpath: str) -> list[Diagnostic]:
    """GL302 where a plural entry's forms are not as many as the header's nplurals (msgfmt --check).

    The merge keeps every form (a translation is never dropped), so the output has the same problem."""
    count = nplurals(po.metadata)
    return [
        Diagnostic(
            "GL302",
            f"the header declares {count} plural forms but this entry has {len(entry.msgstr_plural)}",
            Span(relpath, max((entry.linenum or 1) - 1, 0), 0),
            hint="make the Plural-Forms header and the msgstr[N] lines agree; msgfmt rejects the merged "
            "catalog until then",
        )
        for entry in po
        if entry.msgid_plural and not entry.obsolete and len(entry.msgstr_plural) != count
    ]
