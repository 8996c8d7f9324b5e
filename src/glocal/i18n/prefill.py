"""Filling a language's catalogs with aligned translations, as fuzzy suggestions.

What `glocal import workbench LESSON --translation` and `glocal i18n align` share: the language's
catalogs are first updated as `glocal i18n update --lang L` does (created from the templates when
new), then each message still untranslated in the catalog of a source that has suggestions (see
`align.suggestions`) takes its suggestion as fuzzy (`align.fill`). A catalog with an error is
never rewritten: update refuses it, and this reports it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.i18n import align, catalog, workflow
from glocal.i18n.extract import Source, sources
from glocal.load.files import read_text
from glocal.model import Project

#: for each source path: (msgid -> its suggested translation, the origin named in each comment)
Offered = dict[str, tuple[dict[str, align.Item], str]]


@dataclass
class Prefilled:
    written: workflow.Written  # what the update wrote, with its diagnostics and the catalogs filled
    filled: int = 0  # messages given a suggestion
    total: int = 0  # messages in the catalogs that had suggestions
    report: list[str] = field(default_factory=list)  # one line per source: "path: N of M message(s) from ..."

    def summary(self, language: str) -> str:
        """What the suggestions are and how a translator finds them."""
        return (
            f"{self.filled} of {self.total} message(s) in {language} now have a suggested translation, "
            "marked fuzzy: no site shows one until a translator reviews it (in Poedit: Needs Work; "
            f"`glocal i18n stats --lang {language}` counts them)"
        )


def prefill(project: Project, found: list[Source], language: str, offered: Offered) -> Prefilled:
    """Update `language`'s catalogs, then give each untranslated message of `offered`'s sources its
    suggestion, as fuzzy. `found` is `extract.sources(project)`, as the caller read it."""
    written = workflow.update(project, language, jobs=1, found=found)  # one language: one process
    done = Prefilled(written)
    for source in found:
        if source.path not in offered:
            continue
        relpath = source.catalog_path(language)
        if relpath in written.refused:
            continue  # its problems are among the update's diagnostics: it is never rewritten
        path = project.root / relpath
        size = catalog.source_bytes(project.root, source.path)
        po, problems = catalog.read(path, relpath, keep_layout=True, source=size)
        if po is None or any(d.level is Severity.ERROR for d in problems):
            written.diagnostics.extend(problems)
            continue
        suggested, origin = offered[source.path]
        count = align.fill(po, suggested, origin)
        messages = sum(1 for entry in po if entry.msgid and not entry.obsolete)
        done.filled += count
        done.total += messages
        done.report.append(f"{source.path}: {count} of {messages} message(s) from {origin}")
        if count and catalog.write(path, po) and relpath not in written.created + written.updated:
            written.updated.append(relpath)
    return done


#: what `align_files` did, or None and why it could not
Aligned = tuple[Prefilled | None, list[Diagnostic]]


def align_files(project: Project, pairs: list[tuple[str, Path, str]], language: str) -> Aligned:
    """`glocal i18n align SOURCE TRANSLATION [SOURCE TRANSLATION]... --lang L`: each of the
    project's Markdown files `source` aligned with `translation`, a translation of it (`shown`:
    its name as the user gave it, for the comments), and the suggestions prefilled in one update
    of the language's catalogs; None and the reasons when any pair cannot be used (nothing is
    written)."""
    found = sources(project)
    known = sorted({lang for source in found for lang in source.languages})
    if language not in known:
        return None, [workflow.unknown_language(language, known)]
    by_path = {source.path: source for source in found if language in source.languages}
    front = {m.path for m in project.modules.values()} | {p.path for p in project.pages.values()}
    offered: Offered = {}
    problems: list[Diagnostic] = []
    for source_path, translation, shown in pairs:
        source = by_path.get(source_path)
        if source is None or not source_path.endswith(".md"):
            problems.append(_not_a_source(source_path, language))
            continue
        ours, found_here = read_text(project.root, source_path, "GL336")
        theirs, more = read_text(translation.parent, translation.name, "GL336")
        problems += found_here + [replace(d, span=replace(d.span, path=shown)) for d in more]  # as named
        if ours is None or theirs is None:
            continue
        with_front = source_path in front
        mine, there = align.items(ours, source_path, with_front), align.items(theirs, shown, with_front)
        offered[source_path] = (align.offer(mine, there, language, source.source_language), shown)
    if problems:
        return None, problems
    return prefill(project, found, language, offered), []


def _not_a_source(source_path: str, language: str) -> Diagnostic:
    """GL336: `i18n align` was given a file that is not a Markdown source translated into `language`."""
    return Diagnostic(
        "GL336",
        f"{source_path} is not a Markdown file the project translates into {language!r}",
        Span(source_path),
        hint="give a module, page, facilitator guide or overlay, as its path in the project "
        f"(`glocal i18n stats --lang {language}` lists the catalogs)",
    )
