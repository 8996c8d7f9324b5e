"""`glocal import workbench LESSON`: a Carpentries Workbench lesson as a Glocal programme.

A Workbench lesson is a folder with `config.yaml` (its title, `episodes:` in teaching order,
`lang:`) and `episodes/` (one Markdown file per episode, figures in `episodes/fig/`, data in
`episodes/data/` and `episodes/files/`). The episodes are copied byte for byte into
`curriculum/modules/` and the folders beside them into `curriculum/modules/<folder>/`, so every
relative link an episode holds (`fig/shell.svg`) still finds its file: `check` resolves it and
the build publishes it beside the module page. Nothing is ever overwritten: when any file the
import would write exists, it writes nothing.

An R Markdown episode or page (`.Rmd`) is imported as sandpaper renders it (its code's output and
plots written in): from `site/built/` beside the sources, or from a checkout of the lesson's
`md-outputs` branch (see `built`). `--update` merges a lesson's new version (see `update`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import write_bytes_atomic
from glocal.load import CURRICULUM_DIR, MODULES_DIR, PROGRAM_PATH, REGIONS_DIR
from glocal.load.validation import ID_PATTERN
from glocal.scaffold import Outcome, yaml_string
from glocal.workbench.built import BUILT, find_built
from glocal.workbench.episodes import (
    CONFIG,
    EPISODES,
    OVERVIEW,
    beside,
    episode_bytes,
    find_episodes,
    module_id,
    shared_links,
    with_shared_links,
)
from glocal.workbench.pages import description, find_pages
from glocal.workbench.update import BASES, RECORD, RECORD_DIR, record, update_programme


@dataclass
class Plan:
    """What importing a lesson writes: every file (project path -> bytes), the modules and pages
    program.yml lists, and what to tell the user about the lesson."""

    files: dict[str, bytes] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    language: str = "en"
    notes: list[str] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # an episode's module -> the lesson's file


def import_lesson(root: Path, lesson: Path, update: bool = False) -> Outcome:
    """Write the programme of the Workbench lesson at `lesson` into the project at `root`; or,
    with `update`, bring a lesson imported before up to its current version (`glocal.workbench.update`)."""
    outcome = Outcome()
    plan = plan_import(lesson, outcome.diagnostics)
    if outcome.diagnostics:
        return outcome
    if update:
        return update_programme(root, lesson, plan.files, plan.ids, plan.pages, plan.notes)
    for target in [*plan.files, RECORD]:
        if (root / target).exists() or (root / target).is_symlink():
            hint = "to bring a programme imported before up to the lesson's new version: --update"
            outcome.diagnostics.append(
                Diagnostic("GL123", f"{target} already exists; nothing was written", Span(target), hint=hint)
            )
    if outcome.diagnostics:
        return outcome
    for target, data in plan.files.items():
        write_bytes_atomic(root / target, data)
        outcome.created.append(target)
    record(root, lesson, plan.files)
    outcome.created.append(f"{RECORD} (and {BASES}/: what was imported, for --update)")
    listed = plan.pages
    outcome.next_steps = [
        f"run: glocal check   ({len(plan.ids)} episode(s) in {MODULES_DIR}/, listed in {PROGRAM_PATH}"
        + (f"; {len(listed)} learner and instructor page(s), under pages:)" if listed else ")"),
        f"run: glocal build global/{plan.language}",
        "add the regions that adapt the lesson: glocal new region ID --languages ...",
        f"schedule the episodes into days (days: in {PROGRAM_PATH}) and give a module slots for "
        "regions to fill; when the lesson changes, `glocal import workbench LESSON --update` brings "
        f"its changes in and keeps yours ({RECORD_DIR}/ holds what was imported)",
        *plan.notes,
    ]
    return outcome


def _read_from(lesson: Path, path: Path, episode: str) -> str:
    """The lesson's file an episode's text was read from, as a translator finds it: the rendering
    of an R Markdown episode (`site/built/10-functions.md`, or `10-functions.md` in an md-outputs
    checkout), whose lines an alignment's comment names, not `episodes/10-functions.Rmd`."""
    try:
        return path.resolve().relative_to(lesson.resolve()).as_posix()
    except ValueError:
        return episode


def plan_import(lesson: Path, problems: list[Diagnostic], known: Iterable[str] = ()) -> Plan:
    """What importing the lesson at `lesson` writes; its problems appended to `problems`.

    `known`: module ids of a programme that the lesson's links may name though it has no such
    episode (a translation of some of the programme's episodes links to the others)."""
    config, problem = _config(lesson)
    if problem is not None:
        problems.append(problem)
        return Plan()
    built = find_built(lesson)
    episodes, found = find_episodes(lesson, config.get("episodes"), built)
    problems += found
    if found:
        return Plan()
    title = config.get("title") if isinstance(config.get("title"), str) else None
    title = (title or "").strip() or lesson.resolve().name
    language = str(config.get("lang") or "en").strip()
    if l10n.problem(language):
        language = "en"  # an unknown lang: keeps the programme loadable; the author can change it
    # a lesson's episode is a module of its file name's stem, lower-cased if need be (`02-func-R`)
    modules = {Path(name).stem: f"{module_id(Path(name).stem)}.md" for name in episodes}
    ids = [module[:-3] for module in modules.values()]
    linked = {**{ident: f"{ident}.md" for ident in known}, **modules}  # what a link may name
    pages, left_out, added = find_pages(lesson, config, linked, built)
    listed = [path[len(CURRICULUM_DIR) + 1 :] for path in pages if path.endswith(".md")]
    files: dict[str, bytes] = {
        PROGRAM_PATH: b"",  # below: the overview's first paragraph is the description
        f"{REGIONS_DIR}/global/region.yml": _region(language).encode("utf-8"),
    }
    origins = {}
    for name, module, path in zip(episodes, modules.values(), episodes.values(), strict=True):
        files[f"{MODULES_DIR}/{module}"] = episode_bytes(path, listed, linked)
        origins[f"{MODULES_DIR}/{module}"] = _read_from(lesson, path, f"{EPISODES}/{name}")
    copies = dict(beside(lesson / EPISODES))
    knitted = [
        name for name, path in episodes.items() if built is not None and path.is_relative_to(built.root)
    ]
    if built is not None and knitted:
        copies.update(beside(built.root))  # the plots knitting drew, beside the lesson's figures
    for relative, path in sorted(copies.items()):
        files[f"{MODULES_DIR}/{relative}"] = path.read_bytes()
    files.update(pages)
    links = shared_links(lesson)
    for written in [*(f"{MODULES_DIR}/{module}" for module in modules.values()), *pages]:
        if written.endswith(".md"):
            files[written] = with_shared_links(files[written], links)
    notes = []
    summary = description(pages.get(f"{CURRICULUM_DIR}/{OVERVIEW}", b""))
    files[PROGRAM_PATH] = _program(lesson, title, language, ids, listed, summary).encode("utf-8")
    footer = _footer(config)
    if footer:
        files[MKDOCS_PATH] = footer.encode("utf-8")
    if built is not None and knitted:
        where = BUILT_HINT if built.of_sources else "the lesson's md-outputs branch"
        notes.append(
            f"{len(knitted)} episode(s) imported as sandpaper rendered them ({where}): "
            "when the lesson changes, render it again before --update"
        )
    renamed = [
        f"{name} is {module}"
        for name, module in zip(episodes, modules.values(), strict=True)
        if Path(name).stem != module[:-3]
    ]
    if renamed:
        notes.append(
            f"episodes renamed to module ids, and the lesson's links to them with them: {'; '.join(renamed)}"
        )
    if added:
        notes.append(
            f"imported though config.yaml does not list them, as sandpaper publishes them: {'; '.join(added)}"
        )
    if left_out:
        notes.append(
            "not imported (missing, R Markdown not rendered, not UTF-8, or not a page's name): "
            f"{', '.join(left_out)}; "
            "copy what you need into curriculum/ and list it under pages:"
        )
    return Plan(files, ids, listed, language, notes, origins)


def _config(lesson: Path) -> tuple[dict, Diagnostic | None]:
    path = lesson / CONFIG
    where = Span(path.as_posix())
    if not path.is_file():
        return {}, Diagnostic(
            "GL122",
            f"expected a Carpentries Workbench lesson with {CONFIG} at {lesson} but found none",
            where,
            hint="give the lesson's top folder, the one holding config.yaml and episodes/",
        )
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError, OSError) as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = Span(path.as_posix(), mark.line, mark.column)
        return {}, Diagnostic("GL122", f"{CONFIG} cannot be read: {str(exc).splitlines()[0]}", where)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, Diagnostic("GL122", f"{CONFIG} expected a mapping but found {type(data).__name__}", where)
    return data, None


#: Where sandpaper renders a lesson with R Markdown, for the hints
BUILT_HINT = f"{BUILT}/, written by sandpaper::build_lesson()"


def _program_id(lesson: Path) -> str:
    ident = re.sub(r"[^a-z0-9]+", "-", lesson.resolve().name.lower()).strip("-")
    return ident if ident and ID_PATTERN.match(ident) else "lesson"


def _program(
    lesson: Path, title: str, language: str, ids: list[str], pages: list[str], description: str = ""
) -> str:
    modules = "\n".join(f"  - {ident}" for ident in ids)
    listed = "".join(f"\n  - {page}" for page in pages)
    return (
        f"# Imported from the Carpentries Workbench lesson {lesson.resolve().name}"
        " (glocal import workbench).\n"
        "# The episodes in curriculum/modules/ are the lesson's own files, unchanged.\n"
        f"id: {_program_id(lesson)}\n"
        f"title: {yaml_string(title)}\n"
        + (f"description: {yaml_string(description)}\n" if description else "")
        + f"source_language: {language}\n"
        f"modules:                      # config.yaml's episodes, in its order\n{modules}\n"
        + (
            f"pages:                        # its learner, instructor and profile pages{listed}\n"
            if pages
            else ""
        )
    )


#: The root MkDocs settings, written by the import when config.yaml says what sandpaper's footer
#: says (the licence, where the lesson lives, whom to contact); the author's after that.
MKDOCS_PATH = "mkdocs.yml"


def _footer(config: dict) -> str:
    """mkdocs.yml with the sites' footer (`copyright:`) made of what sandpaper's footer shows from
    config.yaml: "Materials licensed under CC-BY 4.0 · Source: … · Contact: …" ("" if none)."""
    parts = []
    for key, shown in (
        ("license", "Materials licensed under {}"),
        ("source", "Source: {}"),
        ("contact", "Contact: {}"),
    ):
        value = config.get(key)
        if isinstance(value, str) and value.strip() and "\n" not in value.strip():
            parts.append(shown.format(html.escape(" ".join(value.split()), quote=False)))  # text, as written
    if not parts:
        return ""
    return (
        "# Written by glocal import workbench from the lesson's config.yaml: the footer sandpaper\n"
        "# shows (licence, source, contact), translated like any text. The sites' settings are yours.\n"
        f"copyright: {yaml_string(' · '.join(parts))}\n"
    )


def _region(language: str) -> str:
    locale = l10n.likely_locale(language) or language
    return (
        "# The reference region: the lesson as it is, every slot's default shown.\n"
        "id: global\n"
        "name: Global\n"
        f"languages: [{language}]\n"
        f"locales: {{{language}: {locale}}}\n"
    )
