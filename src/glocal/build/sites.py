"""The only module that knows MkDocs: writes a site's docs, builds its config, calls MkDocs.

Each site is one independent unit of work (`build_site`): its own docs folder, its own config,
its own output folder, so sites can be built in parallel or skipped when unchanged.
"""

from __future__ import annotations

import copy
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from glocal import l10n
from glocal.compose.site import ComposedSite
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.fsutil import write_text_atomic
from glocal.markdown.dialect import REQUIRED_EXTENSIONS
from glocal.model import Project

IFRAME_WORKER_SHIM = "iframe-worker-shim.js"  # npm iframe-worker 1.0.4 (MIT, by Material's author), vendored


def _material_dir() -> Path:
    import material

    return Path(material.__file__).parent


#: A language the theme does not ship → the closest one it does (by mutual intelligibility).
NEAREST = {
    "nn": "nb",
    "no": "nb",
    "se": "nb",
    "fo": "da",
    "kl": "da",
    "fy": "nl",
    "li": "nl",
    "lb": "de",
    "gsw": "de",
    "rm": "it",
    "co": "fr",
    "oc": "fr",
    "br": "fr",
    "gd": "en",
    "ga": "en",
    "yue": "zh-Hant",
}


def theme_language(language: str) -> tuple[str, bool]:
    """MkDocs Material's UI language for a site language, and whether it is the language itself."""
    languages = _material_dir() / "templates" / "partials" / "languages"
    base = l10n.base_language(language)
    for candidate in (language.replace("_", "-"), base):
        if (languages / f"{candidate}.html").is_file():
            return candidate, candidate == language.replace("_", "-") or candidate == base
    nearest = NEAREST.get(base, "en")
    return (nearest if (languages / f"{nearest}.html").is_file() else "en"), False


def search_language(language: str) -> str:
    """lunr's language for search (lunr calls Norwegian `no`); English when lunr lacks it."""
    base = l10n.base_language(language)
    base = {"nb": "no", "nn": "no"}.get(base, base)
    lunr = _material_dir() / "templates" / "assets" / "javascripts" / "lunr" / "min"
    return base if base == "en" or (lunr / f"lunr.{base}.min.js").is_file() else "en"


def load_root_config(project: Project) -> tuple[dict, list[Diagnostic]]:
    """The root mkdocs.yml as MkDocs reads it (INHERIT, !ENV and Python tags included)."""
    if not project.mkdocs_path:
        return {}, []
    from mkdocs.utils.yaml import yaml_load

    path = project.root / project.mkdocs_path
    try:
        with path.open("rb") as handle:
            data = yaml_load(handle) or {}
    except Exception as exc:  # MkDocs' loader raises many kinds of errors for a bad file
        return {}, [Diagnostic("GL009", f"cannot read mkdocs.yml: {exc}", Span(project.mkdocs_path, 0, 0))]
    if not isinstance(data, dict):
        return {}, [
            Diagnostic("GL009", "mkdocs.yml expected a mapping of settings", Span(project.mkdocs_path, 0, 0))
        ]
    return data, []


def _names(items: list) -> set[str]:
    return {next(iter(item)) if isinstance(item, dict) else str(item) for item in items}


def mkdocs_config(
    project: Project,
    composed: ComposedSite,
    status: str,
    root_config: dict,
    docs_dir: Path,
    site_dir: Path,
    theme_dir: Path,
) -> dict:
    """The site's config: the root mkdocs.yml, plus what Glocal's pages need to render."""
    config = copy.deepcopy(root_config)  # MkDocs' validation consumes the dicts it is given
    program = project.program
    assert program is not None  # sites are composed only for a project whose program was loaded
    language = composed.site.language
    theme = (
        dict(config.get("theme") or {})
        if isinstance(config.get("theme"), dict)
        else {"name": config.get("theme") or "material"}
    )
    theme.setdefault("name", "material")
    # custom.html: <html lang> is the site's own code; UI strings from the nearest shipped language
    theme["language"] = "custom"
    theme["font"] = False  # no Google Fonts: sites must work offline
    theme["custom_dir"] = str(theme_dir)
    if l10n.is_rtl(language):
        theme["direction"] = "rtl"
    extensions = list(config.get("markdown_extensions") or [])
    present = _names(extensions)
    extensions += [
        copy.deepcopy(ext)
        for ext in REQUIRED_EXTENSIONS
        if (next(iter(ext)) if isinstance(ext, dict) else ext) not in present
    ]
    plugins = [
        p
        for p in (config.get("plugins") or [])
        if (next(iter(p)) if isinstance(p, dict) else p) not in ("search", "offline")
    ]
    plugins.insert(0, {"search": {"lang": [search_language(language)]}})
    plugins.append("offline")  # search works from file:// too: the index is inlined as a script
    labels = composed.labels
    nav: list[dict[str, str | list[dict[str, str]]]] = [{labels.get("home"): "index.md"}]
    nav.append(
        {labels.get("modules"): [{page.title: f"modules/{page.module_id}.md"} for page in composed.pages]}
    )
    nav.append({labels.get("facilitator_notes"): "notes.md"})
    if composed.ttt:
        nav.append({labels.get("ttt"): [{page.title: page.path} for page in composed.ttt]})
    config.update(
        {
            "site_name": f"{composed.title or program.title} · {composed.region.name}",
            "docs_dir": str(docs_dir),
            "site_dir": str(site_dir),
            "theme": theme,
            "markdown_extensions": extensions,
            "plugins": plugins,
            "nav": nav,
            "use_directory_urls": False,  # pages open from the file system too
            "not_in_nav": "/handouts/*.md\n",  # reached from their module page
            "extra_css": list(config.get("extra_css") or []) + ["stylesheets/glocal.css"],
            "strict": False,
            "extra": _extra(config.get("extra"), project, composed, status),
        }
    )
    config.pop("INHERIT", None)
    config.pop("site_url", None) if not root_config.get("site_url") else None
    return config


def _extra(extra, project: Project, composed: ComposedSite, status: str) -> dict:
    """The switcher's languages and the draft banner, for Glocal's theme partials."""
    result = dict(extra) if isinstance(extra, dict) else {}
    result["polyfills"] = [p for p in result.get("polyfills") or [] if "iframe-worker" not in p] + [
        f"javascripts/{IFRAME_WORKER_SHIM}"
    ]
    region = project.regions[composed.site.region]
    result["alternate"] = (
        [
            {
                "name": l10n.language_name(language, region.locale_for(language)),
                "link": f"../{language}/index.html",
                "lang": language.replace("_", "-"),
                "dir": language,
                "current": language == composed.site.language,
            }
            for language in region.languages
        ]
        if len(region.languages) > 1
        else []
    )
    banner = ""
    if status == "draft":
        labels = composed.labels
        source = region.source_language
        banner = labels.get(
            "draft_banner",
            percent=l10n.percent(composed.translated, composed.locale),
            language=l10n.language_name(source, composed.locale),
        )
    result["glocal"] = {"banner": banner, "site": composed.site.key, "translated": composed.translated}
    return result


def write_theme(project: Project, composed: ComposedSite, root_config: dict, theme_dir: Path) -> None:
    """Glocal's template overrides, the project's own custom_dir on top, and a custom language."""
    if theme_dir.exists():
        shutil.rmtree(theme_dir)
    with resources.as_file(resources.files("glocal").joinpath("theme")) as shipped:
        shutil.copytree(shipped, theme_dir)
    theme = root_config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom and (project.root / custom).is_dir():
        shutil.copytree(project.root / custom, theme_dir, dirs_exist_ok=True)
    # Always a custom language partial: <html lang> must be the site's own code (Material's pt-BR
    # partial says "pt"; a language the theme lacks has no partial), the UI strings come from the
    # nearest language the theme ships.
    language = composed.site.language
    shipped_language, _ = theme_language(language)
    partial = theme_dir / "partials" / "languages" / "custom.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    direction = "rtl" if l10n.is_rtl(language) else "ltr"
    partial.write_text(
        '{% import "partials/languages/' + shipped_language + '.html" as nearest %}\n'
        '{% macro t(key) %}{{ {"language": "'
        + language.replace("_", "-")
        + '", "direction": "'
        + direction
        + '"}[key]'
        " or nearest.t(key) }}{% endmacro %}\n",
        encoding="utf-8",
    )


def write_docs(project: Project, composed: ComposedSite, docs_dir: Path) -> None:
    """The site's Markdown sources, the project's assets and Glocal's stylesheet."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    (docs_dir / "modules").mkdir(parents=True)
    write_text_atomic(docs_dir / "index.md", composed.home)
    for page in composed.pages:
        write_text_atomic(docs_dir / "modules" / f"{page.module_id}.md", page.markdown)
    for extra in composed.ttt:
        write_text_atomic(docs_dir / extra.path, extra.markdown)
    write_text_atomic(docs_dir / "notes.md", composed.notes)
    for page in composed.pages:
        # handouts repeat their module page: keep them out of search results
        write_text_atomic(
            docs_dir / "handouts" / f"{page.module_id}.md",
            "---\nsearch:\n  exclude: true\n---\n\n" + page.handout,
        )
    assets = project.root / "curriculum" / "assets"
    if assets.is_dir():
        shutil.copytree(assets, docs_dir / "assets")
    (docs_dir / "stylesheets").mkdir()
    css = resources.files("glocal").joinpath("assets/glocal.css").read_text(encoding="utf-8")
    write_text_atomic(docs_dir / "stylesheets" / "glocal.css", css)
    # Material's offline plugin would load this Web Worker shim from unpkg.com; ship it instead
    shim = resources.files("glocal").joinpath(f"assets/vendor/{IFRAME_WORKER_SHIM}").read_bytes()
    (docs_dir / "javascripts").mkdir()
    (docs_dir / "javascripts" / IFRAME_WORKER_SHIM).write_bytes(shim)


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


def build_site(
    project: Project, composed: ComposedSite, status: str, root_config: dict, work_dir: Path, site_dir: Path
) -> SiteBuild:
    """Build one site with MkDocs's Python API into `site_dir`; failures become diagnostics."""
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig

    program = project.program
    assert program is not None  # sites are built only for a project whose program was loaded
    key = composed.site.key
    where = Span(project.mkdocs_path or program.path)
    docs_dir = work_dir / "docs"
    theme_dir = work_dir / "theme"
    write_docs(project, composed, docs_dir)
    write_theme(project, composed, root_config, theme_dir)
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    diagnostics: list[Diagnostic] = []
    ok = True
    try:
        config = MkDocsConfig(config_file_path=str(work_dir / "mkdocs.yml"))
        config.load_dict(mkdocs_config(project, composed, status, root_config, docs_dir, site_dir, theme_dir))
        errors, warnings = config.validate()
        for name, warning in warnings:
            diagnostics.append(Diagnostic("GL403", f"site {key}: mkdocs setting '{name}': {warning}", where))
        if errors:
            for name, error in errors:
                diagnostics.append(
                    Diagnostic("GL402", f"site {key}: mkdocs setting '{name}': {error}", where)
                )
            return SiteBuild(key, False, tuple(diagnostics))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
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
    for record in collect.records:
        severity = Severity.ERROR if record.levelno >= logging.ERROR else None
        diagnostics.append(
            Diagnostic("GL403", f"site {key}: {record.getMessage()}", where, severity=severity)
        )
    return SiteBuild(key, ok, tuple(diagnostics))


def serve(build: Callable[[], None], site_dir: Path, watch: list[Path], host: str, port: int) -> None:
    """Serve `site_dir` with MkDocs' live-reload server.

    `build` runs again whenever a watched path changes.
    """
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=build, host=host, port=port, root=str(site_dir))
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
