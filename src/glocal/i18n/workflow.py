"""`glocal i18n extract` / `update` / `stats`: functions that return what they did."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.i18n import catalog
from glocal.i18n.extract import Source, sources
from glocal.i18n.merge import merge
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
                old, problems = catalog.read(path, relpath)
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
