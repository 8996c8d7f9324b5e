"""The module that runs MkDocs: builds a staged site with MkDocs' Python API and warms a worker
up (`serving` runs the live preview's server). (`glocal.build.config` makes a site's config, `staging` writes
it out as a plain MkDocs project, `theme` looks up the theme's languages.)

Each site is one independent unit of work (`build_site`): its own docs folder, its own config,
its own output folder, so sites can be built in parallel or skipped when unchanged.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from glocal.build import copies
from glocal.build.config import extension_names
from glocal.build.staging import STAGED_CONFIG, ConfigDumper, stage_site
from glocal.build.theme import material_dir
from glocal.compose.site import ComposedSite
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.markdown.dialect import REQUIRED_EXTENSIONS
from glocal.model import Project


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass(frozen=True)
class SiteBuild:
    site: str
    ok: bool
    diagnostics: tuple[Diagnostic, ...]


def preload() -> None:
    """Import MkDocs, the theme and its plugins once (worker processes forked after share them)."""
    import material.plugins.offline.plugin  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config.defaults  # noqa: F401
    import pymdownx.superfences  # noqa: F401

    from glocal.build import plugin  # noqa: F401


def warm_up(work: Path) -> None:
    """Build a one-page site in the empty folder `work`, so this process has compiled the theme's
    templates and loaded the plugins before its first real site (a worker does this while the
    check is still running)."""
    preload()
    (work / "docs").mkdir()
    (work / "docs" / "index.md").write_text("# Warm-up\n\nText.\n", encoding="utf-8")
    with resources.as_file(resources.files("glocal").joinpath("theme")) as shipped:
        config = {
            "site_name": "warm-up",
            "theme": {"name": "material", "custom_dir": str(shipped), "font": False},
            "markdown_extensions": REQUIRED_EXTENSIONS,
            "plugins": ["search", "offline", "glocal"],
            "use_directory_urls": False,
        }
        (work / STAGED_CONFIG).write_text(yaml.dump(config, Dumper=ConfigDumper), encoding="utf-8")
        build_staged("warm-up", work / STAGED_CONFIG, work / "site", Span(STAGED_CONFIG))


#: Template listings of the installed themes' folders (they do not change while Glocal runs).
_LISTINGS: dict[str, tuple[str, ...]] = {}


class _Listing:
    """What `env.list_templates` gives MkDocs' theme-file scan, from cached folder listings."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def list_templates(self, extensions=None, filter_func=None) -> list[str]:
        return [name for name in self.names if filter_func is None or filter_func(name)]


def _list_theme_files_once() -> None:
    """Make MkDocs list an installed theme's ~14,000 files once per process, not once per site.

    MkDocs' own scan (`Files.add_files_from_theme`) still decides which files are copied; it is
    handed the same names `list_templates` would give it. Hidden files (the theme's icon set),
    which that scan always skips, are left out of the cached listing.
    """
    import jinja2
    from mkdocs.structure.files import Files

    original = Files.add_files_from_theme
    if getattr(original, "glocal_cached", False):
        return
    installed = str(Path(material_dir()).parent)

    def add_files_from_theme(self, env, config) -> None:
        names: set[str] = set()
        for folder in config.theme.dirs:
            listing = _LISTINGS.get(folder)
            if listing is None:
                found = jinja2.FileSystemLoader(folder).list_templates()
                listing = tuple(n for n in found if not n.startswith(".") and "/." not in n)
                if str(Path(folder).resolve()).startswith(installed):
                    _LISTINGS[folder] = listing
            names.update(listing)
        original(self, _Listing(sorted(names)), config)  # type: ignore[arg-type]

    add_files_from_theme.glocal_cached = True  # type: ignore[attr-defined]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]

    # Every theme environment MkDocs makes (the search plugin makes its own, twice per site, to
    # read the language's labels) reuses the templates this process already compiled.
    from mkdocs.theme import Theme

    from glocal.build.plugin import share_compiled

    get_env = Theme.get_env
    Theme.get_env = lambda self: share_compiled(get_env(self))  # type: ignore[method-assign]


class _ReusedMarkdown:
    """What `mkdocs.structure.pages` calls `markdown`: its `Markdown` gives the pages of one site
    one Python-Markdown, reset before each page, instead of a new one per page (building and
    registering its ~10 extensions again was ~5% of a site's build).

    `Markdown.reset()` resets the extensions that keep state between documents, and the
    processors MkDocs registers for each page replace the last page's (same names). The instance
    is reused only for the very same extension list and settings objects (MkDocs hands each page
    of a site the same ones): it holds them, so their identities cannot be taken by others. And
    only when every extension is one of Glocal's dialect or MkDocs' own, whose state is known to
    be reset (an extension a project adds in its `mkdocs.yml` may keep state `reset` leaves).
    """

    # with fenced_code, which MkDocs adds (as it does toc and tables) to every site's list
    RESETTABLE = frozenset(extension_names(REQUIRED_EXTENSIONS) | {"fenced_code"})

    def __init__(self) -> None:
        self._last: tuple[Any, Any, Any] | None = None  # (extensions, settings, instance)

    def __getattr__(self, name: str) -> Any:  # the rest of the `markdown` module, as it is
        import markdown

        return getattr(markdown, name)

    def Markdown(self, extensions: Any = (), extension_configs: Any = None, **options: Any) -> Any:  # noqa: N802
        import markdown

        last = self._last
        if not options and last is not None and last[0] is extensions and last[1] is extension_configs:
            return last[2].reset()
        made = markdown.Markdown(extensions=extensions, extension_configs=extension_configs, **options)
        if not options and all(isinstance(e, str) and e in self.RESETTABLE for e in extensions):
            _skip_texts_without_markup(made)
            self._last = (extensions, extension_configs, made)
        return made


def _skip_texts_without_markup(md: Any) -> None:
    """Make `md`'s inline processor pass over a text that no inline pattern matches at all.

    Python-Markdown tries each of its ~15 inline patterns on every text of a page in turn, and
    four texts in five hold none (no `*`, `[`, `<`, backtick...). Each try is a Python call
    that ends in the pattern's own regex finding nothing. Its `QuickInline` first searches the
    text with the same regexes; when none matches, trying the patterns one by one would change
    nothing (a pattern only acts on a match of its regex), so the text is returned as it is.
    Otherwise Python-Markdown's own method runs, unchanged. Only for Glocal's dialect and
    MkDocs' own extensions (`_ReusedMarkdown.RESETTABLE`), whose patterns act only so.
    """
    from markdown.treeprocessors import InlineProcessor

    inline = md.treeprocessors["inline"]
    if type(inline) is InlineProcessor:
        inline.__class__ = _quick_inline_class()  # keeps its place among the tree processors


@lru_cache(maxsize=1)
def _quick_inline_class() -> type:
    from markdown import util
    from markdown.treeprocessors import InlineProcessor

    handle = InlineProcessor._InlineProcessor__handleInline

    class QuickInline(InlineProcessor):
        def run(self, tree: Any, ancestors: Any = None) -> Any:
            self.regexes = tuple(pattern.getCompiledRegExp() for pattern in self.inlinePatterns)
            return super().run(tree, ancestors)

        def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
            if isinstance(data, util.AtomicString):
                return data
            for regex in self.regexes[patternIndex:]:
                if regex.search(data):
                    return handle(self, data, patternIndex)
            return data

    return QuickInline


def _reuse_markdown_per_site() -> None:
    import mkdocs.structure.pages as pages

    if not isinstance(pages.markdown, _ReusedMarkdown):
        pages.markdown = _ReusedMarkdown()


#: What MkDocs says about every dirty build (the preview's own choice, not a problem to report).
DIRTY_NOTICES = ("A 'dirty' build is being performed", "The site directory contains stale files")


def build_staged(
    key: str,
    config_file: Path,
    site_dir: Path,
    where: Span,
    dirty: bool = False,
    config: dict | None = None,
    shared: Path | None = None,
) -> SiteBuild:
    """Build one staged site with MkDocs's Python API into `site_dir`; failures become diagnostics.

    Exactly what `mkdocs build -f config_file -d site_dir` does, without a new process. `config`,
    when given, is what the file holds (`Staged.config`): MkDocs is handed it instead of parsing
    the file again (PyYAML takes half a second on a 1,500-page navigation). `shared`, a folder
    on the same file system as `site_dir`, makes static files that sites of one build have in
    common hard links to one copy (`glocal.build.copies`).
    """
    import mkdocs.utils
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig

    _list_theme_files_once()
    _reuse_markdown_per_site()
    copies.install(mkdocs.utils)
    copies.share_in(shared)
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    diagnostics: list[Diagnostic] = []
    ok = True
    try:
        settings = MkDocsConfig(config_file_path=str(config_file))
        if config:
            settings.load_dict(copy.deepcopy(config))  # validation consumes the dicts it is given
        else:
            with open(config_file, "rb") as handle:
                settings.load_file(handle)
        settings.load_dict({"site_dir": str(site_dir)})
        errors, warnings = settings.validate()
        for name, warning in warnings:
            diagnostics.append(Diagnostic("GL403", f"site {key}: mkdocs setting '{name}': {warning}", where))
        if errors:
            for name, error in errors:
                diagnostics.append(
                    Diagnostic("GL402", f"site {key}: mkdocs setting '{name}': {error}", where)
                )
            return SiteBuild(key, False, tuple(diagnostics))
        settings.plugins.on_startup(command="build", dirty=dirty)
        try:
            build(settings, dirty=dirty)
        finally:
            settings.plugins.on_shutdown()
    except SystemExit as exc:  # mkdocs' Abort derives from SystemExit
        ok = False
        diagnostics.append(Diagnostic("GL402", f"site {key}: MkDocs stopped the build: {exc}", where))
    except Exception as exc:
        ok = False
        diagnostics.append(
            Diagnostic("GL402", f"site {key}: MkDocs failed: {type(exc).__name__}: {exc}", where)
        )
    finally:
        logger.removeHandler(collect)
        copies.share_in(None)
    for record in collect.records:
        if dirty and record.getMessage().startswith(DIRTY_NOTICES):
            continue  # the live preview builds dirty on purpose
        severity = Severity.ERROR if record.levelno >= logging.ERROR else None
        diagnostics.append(
            Diagnostic("GL403", f"site {key}: {record.getMessage()}", where, severity=severity)
        )
    return SiteBuild(key, ok, tuple(diagnostics))


#: What each preview's staged site was last built from (its config and theme), by work folder.
_LAST_FRAME: dict[Path, dict[str, str]] = {}


def build_site(
    project: Project,
    composed: ComposedSite,
    status: str,
    root_config: dict,
    work_dir: Path,
    site_dir: Path,
    dirty: bool = False,
) -> SiteBuild:
    """Stage one site under `work_dir`, then build it into `site_dir`.

    `dirty` (live preview): MkDocs renders only pages whose staged source changed, unless the
    config (navigation, titles) or the theme changed since the last build here, which redoes all.
    """
    staged = stage_site(project, composed, status, root_config, work_dir)
    if not staged.ok:
        return SiteBuild(staged.key, False, staged.diagnostics)
    frame = {name: digest for name, digest in staged.files.items() if not name.startswith("docs/")}
    dirty = dirty and _LAST_FRAME.get(work_dir) == frame
    built = build_staged(staged.key, staged.config_file, site_dir, where_of(project), dirty, staged.config)
    _LAST_FRAME[work_dir] = frame if built.ok else {}
    return built


def where_of(project: Project) -> Span:
    """Where a build problem is reported: the root mkdocs.yml, else program.yml."""
    program = project.program
    assert program is not None
    return Span(project.mkdocs_path or program.path)
