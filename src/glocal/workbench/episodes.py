"""A lesson's episodes: which files, in which order, as which modules; links written for
sandpaper's flat site, moved to where their targets are in the programme."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from glocal.compose.links import NOT_RELATIVE, split_target
from glocal.diagnostics import Diagnostic, Span
from glocal.load.files import split_front_matter
from glocal.load.validation import ID_PATTERN
from glocal.markdown.blocks import parse, rebase_links
from glocal.markdown.cursor import DEFINITION, needed_definitions, reference_label
from glocal.workbench.built import Built, markdown_file

CONFIG = "config.yaml"
EPISODES = "episodes"
#: Where the lesson's own home page (`index.md`: what it teaches, its prerequisites) goes
OVERVIEW = "learners/overview.md"
#: The files at the lesson's top that sandpaper publishes as pages of their own (`LICENSE.html`),
#: and where the import puts them
TOP_PAGES = {"LICENSE.md": "learners/LICENSE.md", "CODE_OF_CONDUCT.md": "learners/CODE_OF_CONDUCT.md"}
#: The folders sandpaper's site has no trace of: it publishes their files flat
SOURCE_FOLDERS = ("episodes/", "learners/", "instructors/", "profiles/")
#: What to do when an R Markdown episode has no rendering
RENDER_HINT = (
    "run sandpaper::build_lesson() in the lesson (it writes site/built/), or import a checkout of "
    "the lesson's md-outputs branch (git clone --branch md-outputs URL), which holds it rendered"
)


def find_episodes(
    lesson: Path, listed: object, built: Built | None
) -> tuple[dict[str, Path], list[Diagnostic]]:
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
        valid = "/" not in name and "\\" not in name and suffix in (".md", ".Rmd")
        path = markdown_file(lesson, f"{EPISODES}/{name}", built) if valid else None
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
        elif not module_id(stem):
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
        if (ident := module_id(Path(name).stem)) in ids:
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


def module_id(stem: str) -> str:
    """The module id of an episode's file name: itself, or lower-cased with other characters
    than a-z, 0-9, `-`, `_` made `-` (`02-func-R` is `02-func-r`); "" when nothing is left."""
    ident = stem if ID_PATTERN.match(stem) else re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")
    return ident if ID_PATTERN.match(ident) else ""


def beside(folder: Path) -> list[tuple[str, Path]]:
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


def episode_bytes(path: Path, pages: list[str], modules: dict[str, str]) -> bytes:
    """An episode as it is, byte for byte; but for a link written for sandpaper's flat site: to
    one of the lesson's pages (`[checkout](checkout.md)`, `learners/reference.md`, `index.md`,
    `LICENSE.md`, no episode of that name), rewritten to where the page is
    (`../learners/checkout.md`), to another episode's source or built page (`02-numpy.Rmd`,
    `02-numpy.html`, `02-numpy`: a web server serves the page), rewritten to the episode
    (`02-numpy.md`), or to the episodes' own file by way of their folder (`../episodes/fig/x.png`),
    rewritten to `fig/x.png`. `pages`: the programme's pages, curriculum/-relative, in order."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # check says what is wrong with it

    def relocate(target: str) -> str | None:
        if NOT_RELATIVE.match(target):
            return None
        written, rest = split_target(target)
        written = unquote(written)
        if not written:
            return None
        if (module := as_module(written, modules)) is not None:
            return f"{module}{rest}"
        own = posixpath.normpath(posixpath.join(EPISODES, written))
        if (path.parent / written).exists():  # the lesson's file: where it is in the programme too
            if own.startswith(f"{EPISODES}/") and written.startswith("../"):
                return f"{own[len(EPISODES) + 1 :]}{rest}"  # ../episodes/fig/x.png
            if own != "index.md" and own not in TOP_PAGES:
                return None
        flat = flattened(written)
        if flat != written and "/" in flat and (path.parent / flat).is_file():
            return f"{flat}{rest}"  # episodes/fig/x.png, written from the lesson's top folder
        found = site_page(flat, pages, modules)
        return None if found is None else f"{posixpath.relpath(found, 'modules')}{rest}"

    if "\r" in text:
        return data  # other line ends than Unix': kept as they are, links and all
    moved = links_moved(text, relocate)
    return data if moved is None else moved.encode("utf-8")


def flattened(written: str) -> str:
    """A link's target as sandpaper's Lua filter (`flatten_links`) writes it for its flat site:
    a leading `../` and a leading `episodes/`, `learners/`, `instructors/`, `profiles/` dropped
    (`../learners/reference.md` is `reference.md`); its `.md` or `.Rmd` it makes `.html`, which
    `site_page` reads as the page's name."""
    flat = written.removeprefix("../")
    for folder in SOURCE_FOLDERS:
        flat = flat.removeprefix(folder)
    return flat


def site_page(flat: str, pages: list[str], modules: dict[str, str]) -> str | None:
    """The module or page (curriculum/-relative: `modules/02-numpy.md`, `learners/reference.md`)
    that a name on sandpaper's flat site means (`02-numpy.html`, `reference.md`, `index.html`,
    `LICENSE.html`, or `02-numpy` without its extension, which a web server serves as the page);
    None for another name (`FIXME`) or a file in a folder (`fig/x.png`). `pages`: the
    programme's pages in order (of two of the same name, the first folder's)."""
    stem, suffix = posixpath.splitext(flat)
    if not stem or "/" in flat or suffix not in ("", ".md", ".Rmd", ".html"):
        return None
    if stem in modules:
        return f"modules/{modules[stem]}"
    name = f"{stem}.md"
    if name == "index.md":
        return OVERVIEW if OVERVIEW in pages else None
    if name in TOP_PAGES:
        return TOP_PAGES[name] if TOP_PAGES[name] in pages else None
    return next((page for page in pages if posixpath.basename(page) == name), None)


def as_module(written: str, modules: dict[str, str]) -> str | None:
    """The module file an episode's file, source or built page names (`02-func-R.md`,
    `02-func-R.Rmd`, `02-func-R.html`, `episodes/02-func-R.Rmd` from the lesson's top folder), as
    sandpaper links them on its site: `02-func-r.md`. `modules`: episode file stem -> module file."""
    flat = posixpath.normpath(written)
    flat = flat[len(EPISODES) + 1 :] if flat.startswith(f"{EPISODES}/") else flat
    stem, suffix = posixpath.splitext(flat)
    if "/" in flat or suffix not in (".md", ".Rmd", ".html"):
        return None
    return modules.get(stem)


def links_moved(text: str, relocate: Callable[[str], str | None]) -> str | None:
    """A Markdown file's text with its body's links moved by `relocate` (its front matter as it
    is), or None when none moves."""
    front, _ = split_front_matter(text)
    parsed = parse(front.body)
    moved = rebase_links(parsed, relocate)
    if moved is parsed:
        return None
    return "\n".join([*text.split("\n")[: front.body_line], *moved.lines])


#: The lesson's links shared by every page (sandpaper appends `links.md` to each before rendering)
LINKS = "links.md"


def shared_links(lesson: Path) -> dict[str, str]:
    """The definitions of the lesson's `links.md`, by label (as Markdown matches them: any case,
    runs of spaces as one), each as its line."""
    path = lesson / LINKS
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[str, str] = {}
    for line in text.split("\n"):
        if (match := DEFINITION.match(line)) and line[match.end() :].strip():  # its target on its line
            found.setdefault(reference_label(match["label"]), line.rstrip())
    return found


def with_shared_links(data: bytes, shared: dict[str, str]) -> bytes:
    """An episode or a page with the definitions of links.md it uses and does not define itself
    added at its end, as sandpaper adds the whole file before rendering: without them a
    `[Pandoc][pandoc]` stays text on the page, and nothing reports it."""
    if not shared or b"[" not in data:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    needed = [shared[label] for label in needed_definitions(text, shared)]
    if not needed or "\r" in text:
        return data
    end = "" if text.endswith("\n") else "\n"
    origin = f"<!-- from the lesson's {LINKS}, which sandpaper adds to every page -->"
    return "\n".join([f"{text}{end}", origin, *needed, ""]).encode("utf-8")
