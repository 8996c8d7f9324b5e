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
`md-outputs` branch (see `glocal.workbench_built`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from glocal import l10n, workbench_built, workbench_update
from glocal.compose.pages import NOT_RELATIVE, split_target
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import write_bytes_atomic
from glocal.load import CURRICULUM_DIR, MODULES_DIR, PROGRAM_PATH, REGIONS_DIR, schemas
from glocal.load.files import split_front_matter
from glocal.load.validation import ID_PATTERN
from glocal.markdown.blocks import parse, rebase_links
from glocal.scaffold import Outcome, yaml_string
from glocal.workbench_built import Built

CONFIG = "config.yaml"
EPISODES = "episodes"


@dataclass
class Plan:
    """What importing a lesson writes: every file (project path -> bytes), the modules and pages
    program.yml lists, and what to tell the user about the lesson."""

    files: dict[str, bytes] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    language: str = "en"
    notes: list[str] = field(default_factory=list)


def import_lesson(root: Path, lesson: Path, update: bool = False) -> Outcome:
    """Write the programme of the Workbench lesson at `lesson` into the project at `root`; or,
    with `update`, bring a lesson imported before up to its current version (`workbench_update`)."""
    outcome = Outcome()
    plan = plan_import(lesson, outcome.diagnostics)
    if outcome.diagnostics:
        return outcome
    if update:
        return workbench_update.update(root, lesson, plan.files, plan.ids, plan.pages, plan.notes)
    for target in [*plan.files, workbench_update.RECORD]:
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
    workbench_update.record(root, lesson, plan.files)
    outcome.created.append(
        f"{workbench_update.RECORD} (and {workbench_update.BASES}/: what was imported, for --update)"
    )
    listed = plan.pages
    outcome.next_steps = [
        f"run: glocal check   ({len(plan.ids)} episode(s) in {MODULES_DIR}/, listed in {PROGRAM_PATH}"
        + (f"; {len(listed)} learner and instructor page(s), under pages:)" if listed else ")"),
        f"run: glocal build global/{plan.language}",
        "add the regions that adapt the lesson: glocal new region ID --languages ...",
        f"schedule the episodes into days (days: in {PROGRAM_PATH}) and give a module slots for "
        "regions to fill; when the lesson changes, `glocal import workbench LESSON --update` brings "
        f"its changes in and keeps yours ({workbench_update.RECORD_DIR}/ holds what was imported)",
        *plan.notes,
    ]
    return outcome


def plan_import(lesson: Path, problems: list[Diagnostic]) -> Plan:
    """What importing the lesson at `lesson` writes; its problems appended to `problems`."""
    config, problem = _config(lesson)
    if problem is not None:
        problems.append(problem)
        return Plan()
    built = workbench_built.find(lesson)
    episodes, found = _episodes(lesson, config.get("episodes"), built)
    problems += found
    if found:
        return Plan()
    title = config.get("title") if isinstance(config.get("title"), str) else None
    title = (title or "").strip() or lesson.resolve().name
    language = str(config.get("lang") or "en").strip()
    if l10n.problem(language):
        language = "en"  # an unknown lang: keeps the programme loadable; the author can change it
    # a lesson's episode is a module of its file name's stem, lower-cased if need be (`02-func-R`)
    modules = {Path(name).stem: f"{_module_id(Path(name).stem)}.md" for name in episodes}
    ids = [module[:-3] for module in modules.values()]
    pages, left_out = _pages(lesson, config, modules, built)
    listed = [path[len(CURRICULUM_DIR) + 1 :] for path in pages if path.endswith(".md")]
    files: dict[str, bytes] = {
        PROGRAM_PATH: b"",  # below: the overview's first paragraph is the description
        f"{REGIONS_DIR}/global/region.yml": _region(language).encode("utf-8"),
    }
    for module, path in zip(modules.values(), episodes.values(), strict=True):
        files[f"{MODULES_DIR}/{module}"] = _episode(path, listed, modules)
    beside = dict(_beside(lesson / EPISODES))
    knitted = [
        name for name, path in episodes.items() if built is not None and path.is_relative_to(built.root)
    ]
    if built is not None and knitted:
        beside.update(_beside(built.root))  # the plots knitting drew, beside the lesson's figures
    for relative, path in sorted(beside.items()):
        files[f"{MODULES_DIR}/{relative}"] = path.read_bytes()
    files.update(pages)
    notes = []
    description = _description(pages.get(f"{CURRICULUM_DIR}/{OVERVIEW}", b""))
    files[PROGRAM_PATH] = _program(lesson, title, language, ids, listed, description).encode("utf-8")
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
    if left_out:
        notes.append(
            "not imported (missing, R Markdown not rendered, not UTF-8, or not a page's name): "
            f"{', '.join(left_out)}; "
            "copy what you need into curriculum/ and list it under pages:"
        )
    return Plan(files, ids, listed, language, notes)


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
BUILT_HINT = f"{workbench_built.BUILT}/, written by sandpaper::build_lesson()"
RENDER_HINT = (
    "run sandpaper::build_lesson() in the lesson (it writes site/built/), or import a checkout of "
    "the lesson's md-outputs branch (git clone --branch md-outputs URL), which holds it rendered"
)


def _episodes(lesson: Path, listed: object, built: Built | None) -> tuple[dict[str, Path], list[Diagnostic]]:
    """The episodes in teaching order (`episodes:` of config.yaml, or, as sandpaper does when the
    list is empty, every episode file in alphabetical order), each with the file its Markdown is
    read from: the episode itself, or what sandpaper rendered it to (an `.Rmd`, or every episode
    of a checkout of md-outputs)."""
    folder = lesson / EPISODES
    config = Span((lesson / CONFIG).as_posix())
    if listed is None or listed == []:
        if folder.is_dir():
            names = sorted(p.name for p in folder.glob("*") if p.suffix.lower() in (".md", ".rmd"))
        else:
            names = (
                [n for n in built.listed(EPISODES) if Path(n).suffix.lower() in (".md", ".rmd")]
                if built
                else []
            )
    elif isinstance(listed, list):
        names = [str(item) for item in listed]
    else:
        return {}, [Diagnostic("GL122", "config.yaml 'episodes' expected a list of file names", config)]
    problems: list[Diagnostic] = []
    if not names:
        problems.append(Diagnostic("GL122", f"the lesson has no episodes in {folder}", config))
    found: dict[str, Path] = {}
    for name in dict.fromkeys(names):
        stem, suffix = Path(name).stem, Path(name).suffix
        path = _episode_file(lesson, name, built)
        if "/" in name or suffix not in (".md", ".Rmd"):
            path = None
        if path is None and suffix == ".Rmd" and "/" not in name:
            problems.append(
                Diagnostic(
                    "GL122",
                    f"episode '{name}' is R Markdown and the lesson holds no rendering of it",
                    config,
                    hint=RENDER_HINT,
                )
            )
        elif path is None:
            link = (folder / name).is_symlink()
            problems.append(
                Diagnostic(
                    "GL122",
                    f"episode '{name}' expected at {folder / name} but "
                    + ("found a symbolic link, which the import never follows" if link else "not found"),
                    config,
                )
            )
        elif (
            built is not None
            and path.is_relative_to(built.root)
            and built.stale(lesson, f"{EPISODES}/{name}")
        ):
            problems.append(
                Diagnostic(
                    "GL122",
                    f"episode '{name}' changed since sandpaper rendered it to "
                    f"{path.relative_to(lesson).as_posix()}",
                    config,
                    hint="run sandpaper::build_lesson() in the lesson again, then import",
                )
            )
        elif not _module_id(stem):
            problems.append(
                Diagnostic(
                    "GL122",
                    f"episode file name '{name}' expected a module id (a-z, 0-9, -, _) before {suffix}",
                    config,
                    hint="rename it in the lesson and in config.yaml, then import again",
                )
            )
        else:
            found[name] = path
    ids: dict[str, str] = {}
    for name in found:
        if (ident := _module_id(Path(name).stem)) in ids:
            problems.append(
                Diagnostic(
                    "GL122",
                    f"episodes '{ids[ident]}' and '{name}' would both be module '{ident}'",
                    config,
                    hint="rename one of them in the lesson and in config.yaml, then import again",
                )
            )
        ids.setdefault(ident, name)
    return found, problems


def _module_id(stem: str) -> str:
    """The module id of an episode's file name: itself, or lower-cased with other characters
    than a-z, 0-9, `-`, `_` made `-` (`02-func-R` is `02-func-r`); "" when nothing is left."""
    ident = stem if ID_PATTERN.match(stem) else re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")
    return ident if ID_PATTERN.match(ident) else ""


def _episode_file(lesson: Path, name: str, built: Built | None) -> Path | None:
    """Where an episode's Markdown is: the episode (`.md`), else its rendering by sandpaper."""
    own = lesson / EPISODES / name
    if name.endswith(".md") and own.is_file() and not own.is_symlink():
        return own
    if built is None or (name.endswith(".md") and built.of_sources):
        return None
    return built.file(f"{EPISODES}/{name}")


def _beside(folder: Path) -> list[tuple[str, Path]]:
    """The files in the episodes' sub-folders (fig/, data/, files/), hidden ones and links aside."""
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        relative = path.relative_to(folder)
        if len(relative.parts) < 2 or any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink() or any((folder / parent).is_symlink() for parent in relative.parents):
            continue  # a lesson's link may lead anywhere on the importing machine: never followed
        if path.is_file():
            found.append((relative.as_posix(), path))
    return found


#: The folders of a lesson's further pages, in the order they are listed (config.yaml's keys).
PAGE_FOLDERS = ("learners", "instructors", "profiles")
#: Where the lesson's own home page (`index.md`: what it teaches, its prerequisites) goes
OVERVIEW = "learners/overview.md"


def _pages(
    lesson: Path, config: dict, modules: dict[str, str], built: Built | None
) -> tuple[dict[str, bytes], list[str]]:
    """The lesson's learner, instructor and profile pages (config.yaml's `learners:`,
    `instructors:`, `profiles:`, or every page of the folder in alphabetical order when the list
    is empty, as sandpaper does) under curriculum/<folder>/, and the files they show. A page in R
    Markdown is read as sandpaper rendered it (`learners/setup.Rmd` becomes `learners/setup.md`).

    Sandpaper publishes a lesson flat: a page's `fig/x.svg` or `data/x.zip` is the episodes'
    file, its `01-intro.md` the episode. Their links are rewritten to where those are in the
    programme (`../modules/fig/x.svg`); a file of the page's own folder (`learners/fig/x.png`)
    is copied to curriculum/assets/. Pages missing, in R Markdown not rendered, not UTF-8, or
    whose names cannot be a page's are left out, and named (the second value)."""
    found: dict[str, str] = {}  # the page's path in the programme -> its text
    left_out: list[str] = []
    for folder in PAGE_FOLDERS:
        listed = config.get(folder)
        place = lesson / folder
        if place.is_symlink():
            continue
        if isinstance(listed, list) and listed:
            names = [str(name) for name in listed]
        elif place.is_dir():
            names = sorted(p.name for p in place.glob("*") if p.suffix in (".md", ".Rmd"))
        else:
            names = [n for n in built.listed(folder) if Path(n).suffix in (".md", ".Rmd")] if built else []
        for name in dict.fromkeys(names):
            page = f"{folder}/{posixpath.splitext(name)[0]}.md"
            try:
                path = _page_file(lesson, f"{folder}/{name}", built)
                if path is None or not schemas.PAGE_PATTERN.match(page) or page in found:
                    raise OSError(name)
                found[page] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                left_out.append(f"{folder}/{name}")
    index = _page_file(lesson, "index.md", built)
    if index is not None and OVERVIEW not in found:
        try:
            front, _ = split_front_matter(index.read_text(encoding="utf-8"))
            # sandpaper's front matter (`site: sandpaper::sandpaper_site`) gives way to a title
            found = {OVERVIEW: f"---\ntitle: Overview\n---\n{front.body}", **found}
        except (OSError, UnicodeDecodeError):
            left_out.append("index.md")
    files: dict[str, bytes] = {}
    source = _Files(lesson, built)
    for page, text in found.items():
        copied: dict[str, Path] = {}
        rebased = _rebase_page(source, page, text, set(found), modules, copied)
        files[f"{CURRICULUM_DIR}/{page}"] = rebased.encode("utf-8")
        for relative, where in copied.items():
            files[f"{CURRICULUM_DIR}/assets/{relative}"] = where.read_bytes()
    return files, left_out


def _page_file(lesson: Path, relative: str, built: Built | None) -> Path | None:
    """Where a page's Markdown is: the page (`.md`), else its rendering by sandpaper, if current."""
    own = lesson / relative
    if relative.endswith(".md") and own.is_file() and not own.is_symlink():
        return own
    if built is None or (relative.endswith(".md") and built.of_sources) or built.stale(lesson, relative):
        return None
    return built.file(relative)


class _Files:
    """The lesson's files by the path its sources give them (`episodes/fig/x.png`): the file
    there, else the one sandpaper copied into its rendering; never one reached through a link."""

    def __init__(self, lesson: Path, built: Built | None) -> None:
        self.lesson, self.built = lesson, built

    def __call__(self, relative: str) -> Path | None:
        path = self.lesson / relative
        if relative.startswith("../") or any(p.is_symlink() for p in (path, *self._parents(relative))):
            found = None
        else:
            found = path if path.is_file() else None
        if found is None and self.built is not None and not relative.startswith("../"):
            return self.built.file(relative)
        return found

    def _parents(self, relative: str) -> list[Path]:
        return [self.lesson / parent for parent in Path(relative).parents if str(parent) != "."]


def _episode(path: Path, pages: list[str], modules: dict[str, str]) -> bytes:
    """An episode as it is, byte for byte; but for a link written for sandpaper's flat site: to
    one of the lesson's pages (`[checkout](checkout.md)`, no episode of that name), rewritten to
    where the page is (`../learners/checkout.md`), or to another episode's source or built page
    (`02-numpy.Rmd`, `02-numpy.html`), rewritten to the episode (`02-numpy.md`)."""
    data = path.read_bytes()
    by_name = {posixpath.basename(page): page for page in reversed(pages)}  # the first folder's wins
    renamed = any(module != f"{stem}.md" for stem, module in modules.items())
    if not by_name and not renamed and b".html" not in data and b".Rmd" not in data:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # check says what is wrong with it

    def relocate(target: str) -> str | None:
        if NOT_RELATIVE.match(target):
            return None
        written, rest = split_target(target)
        written = unquote(written)
        if (module := _as_module(written, modules)) is not None:
            return f"{module}{rest}"
        if "/" in written or (path.parent / written).exists():
            return None
        page = f"{written[:-5]}.md" if written.endswith(".html") else written  # its built page
        if page in by_name:
            return f"../{by_name[page]}{rest}"
        return None

    if "\r" in text:
        return data  # other line ends than Unix': kept as they are, links and all
    moved = _links_moved(text, relocate)
    return data if moved is None else moved.encode("utf-8")


def _as_module(written: str, modules: dict[str, str]) -> str | None:
    """The module file an episode's file, source or built page names (`02-func-R.md`,
    `02-func-R.Rmd`, `02-func-R.html`, `episodes/02-func-R.Rmd` from the lesson's top folder), as
    sandpaper links them on its site: `02-func-r.md`. `modules`: episode file stem -> module file."""
    flat = posixpath.normpath(written)
    flat = flat[len(EPISODES) + 1 :] if flat.startswith(f"{EPISODES}/") else flat
    stem, suffix = posixpath.splitext(flat)
    if "/" in flat or suffix not in (".md", ".Rmd", ".html"):
        return None
    return modules.get(stem)


def _rebase_page(
    inside: _Files, page: str, text: str, pages: set[str], modules: dict[str, str], copied: dict[str, Path]
) -> str:
    """`text` with each relative link moved from sandpaper's flat site to the programme."""
    folder = posixpath.dirname(page)

    def relocate(target: str) -> str | None:
        if NOT_RELATIVE.match(target):
            return None
        written, rest = split_target(target)
        written = unquote(written)
        if not written:
            return None
        own = posixpath.normpath(posixpath.join(folder, written))
        if own in pages:
            return None  # another page: where it is in the programme too
        flat = posixpath.normpath(written)
        module = _as_module(own, modules) or _as_module(flat, modules)  # an episode's source or built page
        if module is not None:
            return posixpath.relpath(f"modules/{module}", folder) + rest
        if own.startswith(f"{EPISODES}/") and inside(own):
            return posixpath.relpath(f"modules/{own[len(EPISODES) + 1 :]}", folder) + rest
        if not own.endswith(".md") and (source := inside(own)) is not None:
            copied[own] = source
            return posixpath.relpath(f"assets/{own}", folder) + rest
        if flat.startswith(f"{EPISODES}/") and inside(flat):  # written from the lesson's top folder
            return posixpath.relpath(f"modules/{flat[len(EPISODES) + 1 :]}", folder) + rest
        if flat in pages and flat != page:
            return posixpath.relpath(flat, folder) + rest
        if not flat.startswith("../") and inside(f"{EPISODES}/{flat}"):
            return posixpath.relpath(f"modules/{flat}", folder) + rest
        flat = f"{flat[:-5]}.md" if flat.endswith(".html") else flat  # a page's built page
        elsewhere = [p for p in pages if "/" not in flat and posixpath.basename(p) == flat]
        if elsewhere:
            return posixpath.relpath(elsewhere[0], folder) + rest
        return None

    moved = _links_moved(text, relocate)
    return text if moved is None else moved


def _links_moved(text: str, relocate: Callable[[str], str | None]) -> str | None:
    """A Markdown file's text with its body's links moved by `relocate` (its front matter as it
    is), or None when none moves."""
    front, _ = split_front_matter(text)
    parsed = parse(front.body)
    moved = rebase_links(parsed, relocate)
    if moved is parsed:
        return None
    return "\n".join([*text.split("\n")[: front.body_line], *moved.lines])


def _program_id(lesson: Path) -> str:
    ident = re.sub(r"[^a-z0-9]+", "-", lesson.resolve().name.lower()).strip("-")
    return ident if ident and ID_PATTERN.match(ident) else "lesson"


def _description(overview: bytes) -> str:
    """The lesson's one-line summary for the home page: the first paragraph of its index.md
    (`*an introduction to R for non-programmers*`), when it is one short paragraph."""
    body = split_front_matter(overview.decode("utf-8"))[0].body
    tokens = parse(body).tokens
    if len(tokens) < 2 or tokens[0].type != "paragraph_open":
        return ""
    summary = " ".join(tokens[1].content.split())
    return summary if len(summary) <= MAX_DESCRIPTION else ""


#: A description longer than this is not a summary: the home page links the overview instead
MAX_DESCRIPTION = 400


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


def _region(language: str) -> str:
    locale = l10n.likely_locale(language) or language
    return (
        "# The reference region: the lesson as it is, every slot's default shown.\n"
        "id: global\n"
        "name: Global\n"
        f"languages: [{language}]\n"
        f"locales: {{{language}: {locale}}}\n"
    )
