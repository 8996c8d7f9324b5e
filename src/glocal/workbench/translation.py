"""`glocal import workbench LESSON --translation`: a translated lesson's text as catalog entries.

The Carpentries' lessons have translations of their own (swcarpentry/git-novice-es is
git-novice in Spanish): the same episodes, under the same names, written in another language,
often from an older version of the English. A programme made of the English lesson gets that
work as a head start. The translated lesson is read as the import reads any lesson (its R
Markdown as sandpaper rendered it, its links rebased the same way), so each of its files is the
translation of one file of the programme: `episodes/03-create.md` of `curriculum/modules/03-create.md`.
The messages of each pair of files are aligned (`glocal.i18n.align`), the language's catalogs are
updated as `glocal i18n update --lang L` does, and each message still untranslated takes its
aligned translation as fuzzy, with a comment naming the file and line it came from. No site
shows a fuzzy translation until a translator has reviewed it; nothing translated is changed.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.i18n import align, prefill
from glocal.i18n.extract import Source, sources
from glocal.load import CURRICULUM_DIR, PROGRAM_PATH
from glocal.load.validation import listing
from glocal.model import Project
from glocal.scaffold import Outcome
from glocal.workbench import Plan, plan_import
from glocal.workbench.episodes import OVERVIEW

#: where Crowdin writes each language's copy of a lesson (`locale/ja/episodes/01-intro.md`)
CROWDIN_FOLDER = "locale"
#: program.yml's messages, each paired with the same key's
PROGRAM_KEYS = ("title", "description")
#: files of the translation and of the programme compared by content (each pair one alignment)
#: when their names do not match; past it, only files of the same name are paired
MAX_FILE_PAIRS = 400
#: the share of a file's messages that must align with a file of another name for it to be its translation
MIN_COVERAGE = 0.3


def import_translation(project: Project, lesson: Path, language: str | None) -> Outcome:
    """Fill the untranslated messages of the project's catalogs in `language` (default: the
    folder's name for Crowdin's `locale/<lang>/`, else the lesson's `lang:`) with their
    translations in the lesson at `lesson`, as fuzzy."""
    outcome = Outcome()
    program = project.program
    assert program is not None  # the command loads the programme first
    plan = plan_import(lesson, outcome.diagnostics, project.modules)
    if outcome.diagnostics:
        return outcome
    crowdin = _crowdin_language(lesson)
    language = language or crowdin or plan.language
    found = sources(project)
    known = sorted({lang for source in found for lang in source.languages})
    if language == program.source_language or language not in known:
        outcome.diagnostics.append(_wrong_language(lesson, language, program.source_language, known))
        return outcome
    name = lesson.resolve().name
    if crowdin:
        name = f"{CROWDIN_FOLDER}/{name}"  # `es` alone would not say where it is
    renamed: list[str] = []  # files paired by their content, not their names
    counterparts = _counterparts(project, plan, found, language)
    offered: prefill.Offered = {}
    for source in found:
        if source.path in counterparts:
            counterpart, by_content = counterparts[source.path]
            there = plan.files[counterpart].decode("utf-8", errors="replace")
            mine, theirs = _items(project, source, None), _items(project, source, there)
            origin = f"{name}/{_origin(plan.origins, counterpart)}"
            offered[source.path] = (align.offer(mine, theirs, language, source.source_language), origin)
            if by_content:
                renamed.append(f"{source.path} is {origin}")
    done = prefill.prefill(project, found, language, offered)
    outcome.diagnostics += done.written.diagnostics
    outcome.created += done.written.created
    outcome.changed += done.written.updated
    used = {path for path, _ in counterparts.values()}
    unmatched = sorted(_origin(plan.origins, path) for path in _texts(plan) if path not in used)
    outcome.next_steps = [
        done.summary(language),
        *done.report,
        f"run: glocal check, then glocal build REGION/{language}",
    ]
    if renamed:
        outcome.next_steps.append(f"paired by their content, their names differing: {'; '.join(renamed)}")
    if unmatched:
        outcome.next_steps.append(f"in {name} but not in the programme, so not used: {', '.join(unmatched)}")
    return outcome


def _crowdin_language(lesson: Path) -> str | None:
    """The language of a lesson translated on Crowdin, as the Carpentries do: each language's copy
    is `locale/<lang>/` of the lesson, its `config.yaml` copied with the source's `lang:`."""
    folder = lesson.resolve()
    if folder.parent.name != CROWDIN_FOLDER or l10n.problem(folder.name):
        return None
    return folder.name


def _texts(plan: Plan) -> list[str]:
    """The episodes and pages of an imported lesson, as the programme's paths (not its data files)."""
    return [*plan.origins, *(f"{CURRICULUM_DIR}/{page}" for page in plan.pages)]


def _counterparts(
    project: Project, plan: Plan, found: list[Source], language: str
) -> dict[str, tuple[str, bool]]:
    """Each source of the programme in `language` and the file of the translation that translates it
    (`plan`'s path), True when they were paired by content: the file of the same name, or else
    (an episode renamed, `13-dplyr.Rmd` for `12-dplyr.Rmd`) the one whose messages align with the
    largest share of both texts, at least `MIN_COVERAGE`, in the same folder (an episode for a
    module), each file taken once, best first."""
    wanted = [source for source in found if language in source.languages]
    result = {source.path: (source.path, False) for source in wanted if source.path in plan.files}
    programme = {source.path for source in found}
    orphans = [path for path in _texts(plan) if path not in programme]
    lonely = [source for source in wanted if source.path.endswith(".md") and source.path not in plan.files]
    if not orphans or not lonely or len(orphans) * len(lonely) > MAX_FILE_PAIRS:
        return result
    theirs = {path: align.items(plan.files[path].decode("utf-8", errors="replace"), path) for path in orphans}
    scored = []
    for source in lonely:
        mine = _items(project, source, None)
        for path in orphans:
            if PurePosixPath(path).parent != PurePosixPath(source.path).parent:
                continue  # an episode is a module's translation, a learners' page a learners' page's
            coverage = align.coverage(mine, theirs[path])
            if coverage >= MIN_COVERAGE:
                scored.append((-coverage, source.path, path))
    taken = set()
    for _, source_path, path in sorted(scored):
        if source_path not in result and path not in taken:
            result[source_path] = (path, True)
            taken.add(path)
    return result


def _items(project: Project, source: Source, there: str | None) -> list[align.Item]:
    """The messages of `source` as the project has it (`there` None) or as the translation has it."""
    text = there if there is not None else (project.root / source.path).read_text(encoding="utf-8")
    if source.path == PROGRAM_PATH:
        return align.yaml_items(text, source.path, PROGRAM_KEYS)
    return align.items(text, source.path)


def _origin(origins: dict[str, str], path: str) -> str:
    """The lesson's file a file of the programme was imported from."""
    if path in origins:
        return origins[path]
    if path == PROGRAM_PATH:
        return "config.yaml"
    if path == f"{CURRICULUM_DIR}/{OVERVIEW}":
        return "index.md"
    return path.removeprefix(f"{CURRICULUM_DIR}/")


def _wrong_language(lesson: Path, language: str, source: str, known: list[str]) -> Diagnostic:
    """GL128: the translation's language is the programme's own, or no region's."""
    where = Span("<command line>")
    if language == source:
        return Diagnostic(
            "GL128",
            f"the lesson at {lesson} is in {language!r}, the programme's source language: "
            "nothing to translate",
            where,
            hint="give the translation's language with --lang, or import a lesson in the source "
            "language without --translation",
        )
    return Diagnostic(
        "GL128",
        f"no region of the programme is in {language!r}, the translation's language: "
        f"expected one of {listing(language, known, 'languages')}",
        where,
        hint=f"add a region that teaches in it first: glocal new region ID --languages {language}",
    )
