"""The only module that knows MkDocs: writes a site's docs, builds its config, calls MkDocs.

Each site is one independent unit of work (`build_site`): its own docs folder, its own config,
its own output folder, so sites can be built in parallel or skipped when unchanged.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from glocal import l10n, toolchain
from glocal.compose.site import ComposedSite
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.fsutil import exists, link_or_copy, write_text_atomic
from glocal.i18n import svg
from glocal.i18n.translations import Translations
from glocal.load import mkdocs_config as root_config_file
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
    """The root mkdocs.yml as MkDocs reads it (INHERIT, !ENV, Python names), without running code."""
    if not project.mkdocs_path:
        return {}, []
    return root_config_file.load(project.root, project.mkdocs_path)


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
        if (next(iter(p)) if isinstance(p, dict) else p) not in ("search", "offline", "glocal")
    ]
    plugins.insert(0, {"search": {"lang": [search_language(language)]}})
    plugins.append("offline")  # search works from file:// too: the index is inlined as a script
    plugins.append("glocal")  # sanitizes every page's HTML (glocal.build.plugin)
    labels = composed.labels
    modules = [(page.module_id, {page.title: f"modules/{page.module_id}.md"}) for page in composed.pages]
    nav: list[dict[str, Any]] = [{labels.get("home"): "index.md"}]
    nav.append({labels.get("modules"): grouped_nav(modules, program.days, labels)})
    nav.append({labels.get("facilitator_notes"): "notes.md"})
    if composed.ttt:
        overview, *guides = [(Path(page.path).stem, {page.title: page.path}) for page in composed.ttt]
        nav.append({labels.get("ttt"): [overview[1], *grouped_nav(guides, program.days, labels)]})
    if len(modules) > FLAT_NAV:
        # every page renders only the navigation around it: page size stays flat as modules grow
        features = list(theme.get("features") or [])
        theme["features"] = features + ["navigation.prune"] * ("navigation.prune" not in features)
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


#: Up to this many modules the navigation is one flat list; above, modules are grouped by day,
#: and days by blocks of ten, so each page carries a few dozen entries, not every module.
FLAT_NAV = 30
DAYS_PER_BLOCK = 10


def grouped_nav(entries: list[tuple[str, dict]], days: tuple, labels: Any) -> list[dict]:
    """`entries` (module id, nav entry) as they are, or in day sections when there are many."""
    if len(entries) <= FLAT_NAV:
        return [entry for _, entry in entries]
    by_id = dict(entries)
    sections: list[dict] = []
    placed: set[str] = set()
    for number, day in enumerate(days, start=1):
        members = [by_id[item] for item in day if isinstance(item, str) and item in by_id]
        placed.update(item for item in day if isinstance(item, str))
        if members:
            sections.append({labels.get("day", number=number): members})
    rest = [entry for module, entry in entries if module not in placed]
    if not sections:  # no day plan: blocks of consecutive modules
        sections = [
            {f"{i + 1}–{min(i + FLAT_NAV, len(rest))}": rest[i : i + FLAT_NAV]}
            for i in range(0, len(rest), FLAT_NAV)
        ]
        rest = []
    if len(sections) > FLAT_NAV:
        blocks = []
        for start in range(0, len(sections), DAYS_PER_BLOCK):
            chunk = sections[start : start + DAYS_PER_BLOCK]
            first, last = next(iter(chunk[0])), next(iter(chunk[-1]))
            blocks.append({f"{first} – {last}": chunk})
        sections = blocks
    return sections + rest


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
    result["glocal"] = {
        "banner": banner,
        "site": composed.site.key,
        "translated": composed.translated,
        "fallback": fallback_titles(composed),
        "not_translated": composed.labels.get("not_translated"),
        "site_name": site_name_parts(composed, composed.title or getattr(project.program, "title", "")),
    }
    return result


def site_name_parts(composed: ComposedSite, title: str) -> list[dict[str, str]]:
    """The site name's parts, the programme title and the region name, each with the language,
    direction and language name it is shown in when it is untranslated: Glocal's plugin marks
    them in the header and names the language in `<title>`."""
    parts = []
    for text, language in zip((title, composed.region.name), composed.name_fallback, strict=True):
        part = {"text": text}
        if language:
            part.update(
                lang=language,
                dir=l10n.direction(language),
                name=l10n.language_name(language, composed.locale),
            )
        parts.append(part)
    return parts


def fallback_titles(composed: ComposedSite) -> dict[str, dict[str, str]]:
    """Pages whose title is shown untranslated → its language, direction and name (in the site's
    language): Glocal's plugin marks those titles in navigation, and its theme in `<title>`."""
    titled = [(f"modules/{page.module_id}.md", page.title_fallback) for page in composed.pages]
    titled += [(f"handouts/{page.module_id}.md", page.title_fallback) for page in composed.pages]
    titled += [(page.path, page.title_fallback) for page in composed.ttt]
    return {
        path: {
            "lang": language,
            "dir": l10n.direction(language),
            "name": l10n.language_name(language, composed.locale),
        }
        for path, language in titled
        if language
    }


def theme_files(project: Project, composed: ComposedSite, root_config: dict) -> dict[str, bytes]:
    """Glocal's template overrides, the project's own custom_dir on top, and a custom language."""
    files: dict[str, bytes] = {}
    shipped = resources.files("glocal").joinpath("theme")
    _read_resources(shipped, "", files)
    theme = root_config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom and exists(project.root / custom, "dir"):
        for relative, path in contained_files(project.root, project.root / custom):
            files[relative] = path.read_bytes()
    # Always a custom language partial: <html lang> must be the site's own code (Material's pt-BR
    # partial says "pt"; a language the theme lacks has no partial), the UI strings come from the
    # nearest language the theme ships.
    language = composed.site.language
    shipped_language, _ = theme_language(language)
    direction = "rtl" if l10n.is_rtl(language) else "ltr"
    files["partials/languages/custom.html"] = (
        '{% import "partials/languages/' + shipped_language + '.html" as nearest %}\n'
        '{% macro t(key) %}{{ {"language": "'
        + language.replace("_", "-")
        + '", "direction": "'
        + direction
        + '"}[key]'
        " or nearest.t(key) }}{% endmacro %}\n"
    ).encode("utf-8")
    return files


def _read_resources(folder, prefix: str, files: dict[str, bytes]) -> None:
    for item in folder.iterdir():
        if item.is_dir():
            _read_resources(item, f"{prefix}{item.name}/", files)
        elif not item.name.endswith((".pyc", ".py")):
            files[prefix + item.name] = item.read_bytes()


def contained_files(root: Path, folder: Path) -> list[tuple[str, Path]]:
    """Every regular file under `folder` (sorted, posix paths relative to it) that resolves inside
    `root`: a symbolic link that leaves the project is never followed."""
    root = root.resolve()
    found: list[tuple[str, Path]] = []
    for path in sorted(folder.rglob("*")):
        resolved = path.resolve()
        if not resolved.is_relative_to(root) or not resolved.is_file():
            continue
        if any(not (folder / p).resolve().is_relative_to(root) for p in path.relative_to(folder).parents):
            continue  # reached through a linked folder that leaves the project
        found.append((path.relative_to(folder).as_posix(), path))
    return found


def docs_files(composed: ComposedSite) -> dict[str, bytes]:
    """The site's Markdown sources and Glocal's own stylesheet and script."""
    files: dict[str, bytes] = {"index.md": composed.home.encode("utf-8")}
    for page in composed.pages:
        files[f"modules/{page.module_id}.md"] = page.markdown.encode("utf-8")
    for extra in composed.ttt:
        files[extra.path] = extra.markdown.encode("utf-8")
    files["notes.md"] = composed.notes.encode("utf-8")
    for page in composed.pages:
        # handouts repeat their module page: keep them out of search results
        files[f"handouts/{page.module_id}.md"] = (
            "---\nsearch:\n  exclude: true\n---\n\n" + page.handout
        ).encode("utf-8")
    shipped = resources.files("glocal")
    files["stylesheets/glocal.css"] = shipped.joinpath("assets/glocal.css").read_bytes()
    # Material's offline plugin would load this Web Worker shim from unpkg.com; ship it instead
    files[f"javascripts/{IFRAME_WORKER_SHIM}"] = shipped.joinpath(
        f"assets/vendor/{IFRAME_WORKER_SHIM}"
    ).read_bytes()
    return files


@dataclass(frozen=True)
class Assets:
    """The project's `curriculum/assets/` files, and the files beside the modules (a Carpentries
    episode's `fig/`, `data/`, `files/`), read once per build for all sites."""

    files: tuple[tuple[str, Path, str], ...]  # (path under docs/, source file, content hash)

    @classmethod
    def of(cls, project: Project) -> Assets:
        found: list[tuple[str, Path, str]] = []
        for name in ("assets", "modules"):
            folder = project.root / "curriculum" / name
            for relative, path in contained_files(project.root, folder) if folder.is_dir() else []:
                hidden = any(part.startswith(".") for part in relative.split("/"))
                if name == "modules" and (relative.endswith(".md") or hidden):
                    continue  # modules are composed, never copied; dotfiles are not the lesson's
                found.append((f"{name}/{relative}", path, _hash(path.read_bytes())))
        return cls(tuple(found))


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def _sync(folder: Path, files: dict[str, bytes], linked: frozenset[str] = frozenset()) -> None:
    """Make `folder` hold exactly `files` (plus the `linked` ones, placed by `_link_assets`),
    writing only those whose bytes differ: the others keep their mtimes, so a dirty MkDocs rebuild
    redoes only what changed."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(files) | linked
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink() or (path.is_file() and relative not in wanted):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for relative, data in files.items():
        target = folder / relative
        try:
            if target.read_bytes() == data:
                continue
            target.unlink()  # maybe a link to a project file (a diagram now localized): never write through
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def localized_diagrams(project: Project, composed: ComposedSite, assets: Assets) -> dict[str, bytes]:
    """The site's SVG diagrams (`assets/*.svg`) in its language, from their catalogs: path under
    docs/ → bytes; none on a site in the programme's source language (the files are linked)."""
    program = project.program
    language = composed.site.language
    if program is None or language == program.source_language:
        return {}
    translations = Translations(project.root)
    found: dict[str, bytes] = {}
    for relative, source, _ in assets.files:
        if not relative.startswith("assets/") or not relative.endswith(".svg"):
            continue
        try:
            if source.stat().st_size > svg.MAX_BYTES:
                continue  # not read for translation (GL334): published as it is
            data = source.read_bytes()
        except OSError:
            continue
        catalog = translations.catalog(language, f"curriculum/{relative}").translated
        found[relative] = svg.localize(
            data,
            catalog.get,
            language,
            l10n.direction(language),
            program.source_language,
            l10n.direction(program.source_language),
        )
    return found


def _link_assets(docs: Path, assets: Assets, localized: dict[str, bytes] | None = None) -> None:
    for relative, source, _ in assets.files:
        if localized and relative in localized:
            continue
        target = docs / relative
        if target.exists() and target.stat().st_ino == source.stat().st_ino:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        link_or_copy(str(source), str(target))


class _Dumper(yaml.SafeDumper):
    """YAML for a staged mkdocs.yml: Python names (e.g. an emoji index) written as MkDocs reads them."""


def _represent_name(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    name = f"{value.__module__}.{value.__qualname__}"
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", "")


_Dumper.add_multi_representer(type(len), _represent_name)
_Dumper.add_multi_representer(type(_represent_name), _represent_name)
_Dumper.add_multi_representer(type, _represent_name)


@dataclass(frozen=True)
class Staged:
    """A site written out as a plain MkDocs project: `mkdocs build -f config_file` builds it."""

    key: str
    config_file: Path
    fingerprint: str  # of everything MkDocs reads for it (and the tools' versions)
    files: dict[str, str] = field(default_factory=dict)  # docs/… and theme/… → content hash
    diagnostics: tuple[Diagnostic, ...] = ()
    #: What `config_file` holds, as MkDocs' loader reads it (so MkDocs need not parse it again)
    config: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not any(d.level is Severity.ERROR for d in self.diagnostics)

    @property
    def size(self) -> int:
        """How much there is to build (pages weigh most), for sharing sites out evenly."""
        return sum(1 for name in self.files if name.endswith(".md")) or 1


STAGED_CONFIG = "mkdocs.yml"
STAGED_SITE_DIR = "site"  # where `mkdocs build -f` puts it when run by hand; Glocal passes its own


def stage_site(
    project: Project,
    composed: ComposedSite,
    status: str,
    root_config: dict,
    work_dir: Path,
    assets: Assets | None = None,
) -> Staged:
    """Write the site's docs, theme overrides and `mkdocs.yml` under `work_dir`; only files whose
    content changed are rewritten."""
    program = project.program
    assert program is not None  # sites are staged only for a project whose program was loaded
    key = composed.site.key
    assets = assets if assets is not None else Assets.of(project)
    docs = docs_files(composed)
    localized = localized_diagrams(project, composed, assets)
    docs.update(localized)
    theme = theme_files(project, composed, root_config)
    config = mkdocs_config(
        project, composed, status, root_config, Path("docs"), Path(STAGED_SITE_DIR), Path("theme")
    )
    try:
        text = _config_text(work_dir, config)
    except yaml.YAMLError as exc:
        where = Span(project.mkdocs_path or program.path)
        problem = Diagnostic("GL402", f"site {key}: cannot stage mkdocs.yml: {exc}", where)
        return Staged(key, work_dir / STAGED_CONFIG, "", {}, (problem,))
    _sync(work_dir / "theme", theme)
    _sync(work_dir / "docs", docs, frozenset(relative for relative, _, _ in assets.files))
    _link_assets(work_dir / "docs", assets, localized)
    config_file = work_dir / STAGED_CONFIG
    if not config_file.is_file() or config_file.read_text(encoding="utf-8") != text:
        write_text_atomic(config_file, text)
    files = {STAGED_CONFIG: _hash(text.encode())}
    files.update((f"theme/{name}", _hash(data)) for name, data in sorted(theme.items()))
    files.update((f"docs/{name}", _hash(data)) for name, data in docs.items())
    files.update((f"docs/{name}", digest) for name, _, digest in assets.files if name not in localized)
    files = dict(sorted(files.items()))
    fingerprint = _hash((toolchain.versions() + "\n" + json.dumps(files)).encode())
    return Staged(key, config_file, fingerprint, files, config=config)


#: The last config staged in each work folder and its YAML text (a preview stages the same
#: config again and again: its 1,500-entry navigation is written out once).
_LAST_CONFIG: dict[Path, tuple[dict, str]] = {}


def _config_text(work_dir: Path, config: dict) -> str:
    last = _LAST_CONFIG.get(work_dir)
    if last is not None and last[0] == config:
        return last[1]
    text = "# Staged by Glocal: a plain MkDocs project (mkdocs build -f this file)\n" + yaml.dump(
        config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    _LAST_CONFIG[work_dir] = (config, text)
    return text


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


def warm_up() -> None:
    """Build a one-page site, so this process has compiled the theme's templates and loaded the
    plugins before its first real site (a worker does this while the check is still running)."""
    import tempfile

    preload()
    with tempfile.TemporaryDirectory(prefix="glocal-warm-") as folder:
        work = Path(folder)
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
            (work / STAGED_CONFIG).write_text(yaml.dump(config, Dumper=_Dumper), encoding="utf-8")
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
    installed = str(Path(_material_dir()).parent)

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


#: What MkDocs says about every dirty build (the preview's own choice, not a problem to report).
DIRTY_NOTICES = ("A 'dirty' build is being performed", "The site directory contains stale files")


def build_staged(
    key: str,
    config_file: Path,
    site_dir: Path,
    where: Span,
    dirty: bool = False,
    config: dict | None = None,
) -> SiteBuild:
    """Build one staged site with MkDocs's Python API into `site_dir`; failures become diagnostics.

    Exactly what `mkdocs build -f config_file -d site_dir` does, without a new process. `config`,
    when given, is what the file holds (`Staged.config`): MkDocs is handed it instead of parsing
    the file again (PyYAML takes half a second on a 1,500-page navigation).
    """
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig

    _list_theme_files_once()
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


#: Where `glocal serve` keeps the last rebuild's errors, for the page to show (`preview-errors.js`).
PREVIEW_ERRORS = "glocal-preview-errors.json"
#: Where `glocal serve --provenance` keeps each page's blocks and their provenance (`preview-provenance.js`).
PREVIEW_PROVENANCE = "glocal-preview-provenance.json"


def serve(
    build: Callable[[], None],
    site_dir: Path,
    watch: list[Path],
    host: str,
    port: int,
    provenance: bool = False,
) -> None:
    """Serve `site_dir` with MkDocs' live-reload server.

    `build` runs again whenever a watched path changes. Every page served gets, beside MkDocs'
    reload script, Glocal's overlay that shows the last rebuild's errors (`PREVIEW_ERRORS`), and
    with `provenance` the script that puts each block's provenance in its hover title
    (`PREVIEW_PROVENANCE`): only when served, never in a built site.
    """
    from importlib.resources import files

    from mkdocs.livereload import LiveReloadServer

    scripts = ["preview-errors.js"] + (["preview-provenance.js"] if provenance else [])
    overlay = b"</script><script>".join(
        files("glocal").joinpath(f"assets/{name}").read_bytes() for name in scripts
    )

    class Server(LiveReloadServer):
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            end = content.rfind(b"</body>")
            end = len(content) if end < 0 else end
            return b"%b<script>%b</script>%b" % (content[:end], overlay, content[end:])

    server = Server(builder=build, host=host, port=port, root=str(site_dir))
    server.observer = file_observer([path for path in watch if path.exists()])
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


#: How often the fallback observer looks at every watched file (MkDocs' own choice).
POLLING_SECONDS = 0.5


def file_observer(paths: list[Path]) -> Any:
    """What tells the preview that a source changed: inotify when it can watch every path, else
    MkDocs' polling observer.

    Polling stats every watched file twice a second, in the server's process: at 500 modules it
    is some 17,000 files, and the polling thread takes the CPU from the rebuild it triggered.
    Only changes count: inotify also reports every file the rebuild opens and reads, which would
    start another rebuild. inotify can fail (no inotify, the watch limit reached, a file system
    that has none), so it is tried on the paths first and polling remains the fallback.
    """
    import watchdog.observers.polling
    from watchdog import events

    changes: list[type[events.FileSystemEvent]] = [
        events.FileCreatedEvent,
        events.FileDeletedEvent,
        events.FileModifiedEvent,
        events.FileMovedEvent,
        events.FileClosedEvent,  # closed after writing (an editor's save, `touch`)
        events.EventsLostEvent,  # the kernel's queue overflowed: anything may have changed
    ]
    try:
        from watchdog.observers.inotify import InotifyObserver

        class Changes(InotifyObserver):
            def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
                return super().schedule(
                    handler,
                    path,
                    recursive=recursive,
                    event_filter=event_filter or changes,
                    follow_symlink=follow_symlink,
                )

        probe = Changes()
        for path in paths:
            probe.schedule(events.FileSystemEventHandler(), str(path), recursive=True)
        probe.start()
        probe.stop()
        probe.join()
        return Changes()
    except Exception:  # ImportError off Linux, OSError at the watch limit, a file system without it
        return watchdog.observers.polling.PollingObserver(timeout=POLLING_SECONDS)
