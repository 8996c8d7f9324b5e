"""A site written out as a plain MkDocs project under `.glocal/build/<region>/<language>/`: its
docs, theme overrides and `mkdocs.yml`, rewriting only the files whose content changed, and the
content hashes that say whether it must be built again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from glocal import l10n, toolchain
from glocal.build.config import IFRAME_WORKER_SHIM, mkdocs_config
from glocal.build.theme import theme_language
from glocal.compose.site import ComposedSite
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.fsutil import exists, link_or_copy, write_text_atomic
from glocal.i18n import svg
from glocal.i18n.translations import Translations
from glocal.model import Project


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
    own = {"language": l10n.tag(language), "direction": "rtl" if l10n.is_rtl(language) else "ltr"}
    own.update(MATERIAL_GAPS.get(shipped_language, {}))
    files["partials/languages/custom.html"] = (
        '{% import "partials/languages/' + shipped_language + '.html" as nearest %}\n'
        "{% macro t(key) %}{{ " + json.dumps(own, ensure_ascii=False) + "[key]"
        " or nearest.t(key) }}{% endmacro %}\n"
    ).encode("utf-8")
    return files


#: Strings MkDocs Material's own language files leave in English that a Glocal site shows: its
#: Vietnamese search box said "Initializing search" while the index loaded.
MATERIAL_GAPS: dict[str, dict[str, str]] = {
    "vi": {"search.result.initializer": "Đang khởi tạo tìm kiếm", "tabs": "Thẻ"},
}


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
    for extra in composed.ttt + composed.further:
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


class ConfigDumper(yaml.SafeDumper):
    """YAML for a staged mkdocs.yml: Python names (e.g. an emoji index) written as MkDocs reads them."""


def _represent_name(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    name = f"{value.__module__}.{value.__qualname__}"
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", "")


ConfigDumper.add_multi_representer(type(len), _represent_name)
ConfigDumper.add_multi_representer(type(_represent_name), _represent_name)
ConfigDumper.add_multi_representer(type, _represent_name)


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
        config, Dumper=ConfigDumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    _LAST_CONFIG[work_dir] = (config, text)
    return text
