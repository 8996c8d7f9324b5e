"""`glocal i18n extract` / `update` / `merge`: functions that return what they did."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.i18n import catalog
from glocal.i18n.extract import Source, sources
from glocal.i18n.merge import merge, nplurals
from glocal.model import Project


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
        f"no region declares the language {language!r}: expected one of {', '.join(known) or 'none'}",
        Span("<command line>"),
    )


def update(project: Project, language: str | None = None) -> Written:
    """Extract, then create or merge `locales/<lang>/<source path>.po` for every language."""
    found = sources(project)
    result = extract(project, found)
    program = project.program
    assert program is not None  # sources() and extract() need it too
    known = sorted({lang for source in found for lang in source.languages})
    if language is not None and language not in known:
        result.diagnostics.append(unknown_language(language, known))
        return result
    for source in found:
        for lang in source.languages:
            if language is not None and lang != language:
                continue
            relpath = source.catalog_path(lang)
            path = project.root / relpath
            old = None
            if path.exists():
                old, problems = catalog.read(path, relpath, keep_layout=True)
                # never rewrite a catalog with an error: an entry it could not read would be lost
                if old is None:
                    result.diagnostics.extend(_refused(problems))
                    result.refused.append(relpath)
                    continue
            po = merge(old, source.entries, project_id=program.id, version=program.version, language=lang)
            if catalog.write(path, po):
                (result.updated if old is not None else result.created).append(relpath)
            else:
                result.unchanged.append(relpath)
    return result


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
    old, problems = catalog.read(Path(root) / definitions, definitions, keep_layout=True)
    template, more = catalog.read(Path(root) / reference, reference)
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
