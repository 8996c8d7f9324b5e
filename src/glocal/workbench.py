"""`glocal import workbench LESSON`: a Carpentries Workbench lesson as a Glocal programme.

A Workbench lesson is a folder with `config.yaml` (its title, `episodes:` in teaching order,
`lang:`) and `episodes/` (one Markdown file per episode, figures in `episodes/fig/`, data in
`episodes/data/` and `episodes/files/`). The episodes are copied byte for byte into
`curriculum/modules/` and the folders beside them into `curriculum/modules/<folder>/`, so every
relative link an episode holds (`fig/shell.svg`) still finds its file: `check` resolves it and
the build publishes it beside the module page. Nothing is ever overwritten: when any file the
import would write exists, it writes nothing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from glocal import l10n
from glocal.compose.pages import NOT_RELATIVE, split_target
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import write_bytes_atomic
from glocal.load import CURRICULUM_DIR, MODULES_DIR, PROGRAM_PATH, REGIONS_DIR, schemas
from glocal.load.files import split_front_matter
from glocal.load.validation import ID_PATTERN
from glocal.markdown.blocks import parse, rebase_links
from glocal.scaffold import Outcome, yaml_string

CONFIG = "config.yaml"
EPISODES = "episodes"


def import_lesson(root: Path, lesson: Path) -> Outcome:
    """Write the programme of the Workbench lesson at `lesson` into the project at `root`."""
    outcome = Outcome()
    config, problem = _config(lesson)
    if problem is not None:
        outcome.diagnostics.append(problem)
        return outcome
    episodes, problems = _episodes(lesson, config.get("episodes"))
    outcome.diagnostics += problems
    if outcome.diagnostics:
        return outcome
    title = config.get("title") if isinstance(config.get("title"), str) else None
    title = (title or "").strip() or lesson.resolve().name
    language = str(config.get("lang") or "en").strip()
    if l10n.problem(language):
        language = "en"  # an unknown lang: keeps the programme loadable; the author can change it
    ids = [Path(name).stem for name in episodes]
    pages, left_out = _pages(lesson, config, episodes)
    listed = [path[len(CURRICULUM_DIR) + 1 :] for path in pages if path.endswith(".md")]
    files: dict[str, bytes] = {
        PROGRAM_PATH: _program(lesson, title, language, ids, listed).encode("utf-8"),
        f"{REGIONS_DIR}/global/region.yml": _region(language).encode("utf-8"),
    }
    for name in episodes:
        files[f"{MODULES_DIR}/{name}"] = _episode(lesson / EPISODES / name, listed, episodes)
    for relative, path in _beside(lesson / EPISODES):
        files[f"{MODULES_DIR}/{relative}"] = path.read_bytes()
    files.update(pages)
    for target in files:
        if (root / target).exists() or (root / target).is_symlink():
            outcome.diagnostics.append(
                Diagnostic("GL123", f"{target} already exists; nothing was written", Span(target))
            )
    if outcome.diagnostics:
        return outcome
    for target, data in files.items():
        write_bytes_atomic(root / target, data)
        outcome.created.append(target)
    outcome.next_steps = [
        f"run: glocal check   ({len(ids)} episode(s) in {MODULES_DIR}/, listed in {PROGRAM_PATH}"
        + (f"; {len(listed)} learner and instructor page(s), under pages:)" if listed else ")"),
        f"run: glocal build global/{language}",
        "add the regions that adapt the lesson: glocal new region ID --languages ...",
        f"schedule the episodes into days (days: in {PROGRAM_PATH}) and give a module slots for "
        "regions to fill; the episodes themselves need no change",
    ]
    if left_out:
        outcome.next_steps.append(
            f"not imported (missing, R Markdown, not UTF-8, or not a page's name): {', '.join(left_out)}; "
            "copy what you need into curriculum/ and list it under pages:"
        )
    return outcome


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


def _episodes(lesson: Path, listed: object) -> tuple[list[str], list[Diagnostic]]:
    """The episodes in teaching order: `episodes:` of config.yaml, or (as sandpaper does when the
    list is empty) every episode file in alphabetical order."""
    folder = lesson / EPISODES
    config = Span((lesson / CONFIG).as_posix())
    if listed is None or listed == []:
        names = sorted(p.name for p in folder.glob("*") if p.suffix.lower() in (".md", ".rmd"))
    elif isinstance(listed, list):
        names = [str(item) for item in listed]
    else:
        return [], [Diagnostic("GL122", "config.yaml 'episodes' expected a list of file names", config)]
    problems: list[Diagnostic] = []
    if not names:
        problems.append(Diagnostic("GL122", f"the lesson has no episodes in {folder}", config))
    for name in dict.fromkeys(names):
        stem = Path(name).stem
        if Path(name).suffix.lower() == ".rmd":
            problems.append(
                Diagnostic(
                    "GL122",
                    f"episode '{name}' is R Markdown: Glocal imports Markdown episodes only",
                    config,
                    hint="render it to Markdown (sandpaper's built lesson holds the .md) and import that",
                )
            )
        elif Path(name).suffix != ".md" or "/" in name or not (folder / name).is_file():
            problems.append(
                Diagnostic("GL122", f"episode '{name}' expected at {folder / name} but not found", config)
            )
        elif not ID_PATTERN.match(stem):
            fixed = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-")
            problems.append(
                Diagnostic(
                    "GL122",
                    f"episode file name '{name}' expected a module id (a-z, 0-9, -, _) before .md",
                    config,
                    hint=f"rename it to {fixed}.md in the lesson (and in config.yaml), then import again",
                )
            )
    return list(dict.fromkeys(names)), problems


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


def _pages(lesson: Path, config: dict, episodes: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """The lesson's learner, instructor and profile pages (config.yaml's `learners:`,
    `instructors:`, `profiles:`, or every page of the folder in alphabetical order when the list
    is empty, as sandpaper does) under curriculum/<folder>/, and the files they show.

    Sandpaper publishes a lesson flat: a page's `fig/x.svg` or `data/x.zip` is the episodes'
    file, its `01-intro.md` the episode. Their links are rewritten to where those are in the
    programme (`../modules/fig/x.svg`); a file of the page's own folder (`learners/fig/x.png`)
    is copied to curriculum/assets/. Pages in R Markdown, missing, not UTF-8, or whose names
    cannot be a page's are left out, and named (the second value)."""
    found: dict[str, str] = {}  # lesson path -> its text
    left_out: list[str] = []
    for folder in PAGE_FOLDERS:
        listed = config.get(folder)
        place = lesson / folder
        if not place.is_dir() or place.is_symlink():
            continue
        if isinstance(listed, list) and listed:
            names = [str(name) for name in listed]
        else:
            names = sorted(p.name for p in place.glob("*.md"))
        for name in dict.fromkeys(names):
            path = place / name
            try:
                if (
                    not schemas.PAGE_PATTERN.match(f"{folder}/{name}")
                    or not path.is_file()
                    or path.is_symlink()
                ):
                    raise OSError(name)
                found[f"{folder}/{name}"] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                left_out.append(f"{folder}/{name}")
    files: dict[str, bytes] = {}
    for page, text in found.items():
        copied: dict[str, Path] = {}
        rebased = _rebase_page(lesson, page, text, set(found), episodes, copied)
        files[f"{CURRICULUM_DIR}/{page}"] = rebased.encode("utf-8")
        for relative, source in copied.items():
            files[f"{CURRICULUM_DIR}/assets/{relative}"] = source.read_bytes()
    return files, left_out


def _episode(path: Path, pages: list[str], episodes: list[str]) -> bytes:
    """An episode as it is, byte for byte; but for a link written for sandpaper's flat site: to
    one of the lesson's pages (`[checkout](checkout.md)`, no episode of that name), rewritten to
    where the page is (`../learners/checkout.md`), or to another episode's built page
    (`02-numpy.html`), rewritten to the episode (`02-numpy.md`)."""
    data = path.read_bytes()
    by_name = {posixpath.basename(page): page for page in reversed(pages)}  # the first folder's wins
    if not by_name and b".html" not in data:
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
        if "/" in written or (path.parent / written).exists():
            return None
        if written in by_name:
            return f"../{by_name[written]}{rest}"
        if written.endswith(".html") and f"{written[:-5]}.md" in episodes:
            return f"{written[:-5]}.md{rest}"
        return None

    if "\r" in text:
        return data  # other line ends than Unix': kept as they are, links and all
    moved = _links_moved(text, relocate)
    return data if moved is None else moved.encode("utf-8")


def _rebase_page(
    lesson: Path, page: str, text: str, pages: set[str], episodes: list[str], copied: dict[str, Path]
) -> str:
    """`text` with each relative link moved from sandpaper's flat site to the programme."""
    folder = posixpath.dirname(page)

    def inside(relative: str) -> Path | None:
        path = lesson / relative
        if relative.startswith("../") or path.is_symlink() or not path.is_file():
            return None
        if any((lesson / parent).is_symlink() for parent in Path(relative).parents):
            return None
        return path

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
        if own.startswith(f"{EPISODES}/") and inside(own):
            return posixpath.relpath(f"modules/{own[len(EPISODES) + 1 :]}", folder) + rest
        if not own.endswith(".md") and (source := inside(own)) is not None:
            copied[own] = source
            return posixpath.relpath(f"assets/{own}", folder) + rest
        flat = posixpath.normpath(written)
        if flat.endswith(".html") and f"{flat[:-5]}.md" in episodes:  # an episode's built page
            return posixpath.relpath(f"modules/{flat[:-5]}.md", folder) + rest
        if flat.startswith(f"{EPISODES}/") and inside(flat):  # written from the lesson's top folder
            return posixpath.relpath(f"modules/{flat[len(EPISODES) + 1 :]}", folder) + rest
        if flat in pages and flat != page:
            return posixpath.relpath(flat, folder) + rest
        if not flat.startswith("../") and (flat in episodes or inside(f"{EPISODES}/{flat}")):
            return posixpath.relpath(f"modules/{flat}", folder) + rest
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


def _program(lesson: Path, title: str, language: str, ids: list[str], pages: list[str]) -> str:
    modules = "\n".join(f"  - {ident}" for ident in ids)
    listed = "".join(f"\n  - {page}" for page in pages)
    return (
        f"# Imported from the Carpentries Workbench lesson {lesson.resolve().name}"
        " (glocal import workbench).\n"
        "# The episodes in curriculum/modules/ are the lesson's own files, unchanged.\n"
        f"id: {_program_id(lesson)}\n"
        f"title: {yaml_string(title)}\n"
        f"source_language: {language}\n"
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
