"""A site's MkDocs config: the root mkdocs.yml, plus the theme, plugins, navigation and `extra`
that Glocal's pages need (a plain dict, written out by `glocal.build.staging`)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from glocal import l10n
from glocal.build.theme import search_language
from glocal.compose.site import ComposedSite
from glocal.diagnostics import Diagnostic
from glocal.load import mkdocs_config as root_config_file
from glocal.markdown import sanitize
from glocal.markdown.dialect import REQUIRED_EXTENSIONS, SLUGIFY
from glocal.model import Project

IFRAME_WORKER_SHIM = "iframe-worker-shim.js"  # npm iframe-worker 1.0.4 (MIT, by Material's author), vendored


def load_root_config(project: Project) -> tuple[dict, list[Diagnostic]]:
    """The root mkdocs.yml as MkDocs reads it (INHERIT, !ENV, Python names), without running code."""
    if not project.mkdocs_path:
        return {}, []
    return root_config_file.load(project.root, project.mkdocs_path)


def extension_names(items: list) -> set[str]:
    """The names in a list of MkDocs entries (`name` or `{name: settings}`)."""
    return {next(iter(item)) if isinstance(item, dict) else str(item) for item in items}


def _with_slugify(entry: Any, permalink_title: str) -> Any:
    """A `toc` entry (a project's own, or the dialect's) with the dialect's slugify unless it
    names one: a translated heading keeps the id the source's gets (`i18n.apply.heading_ids`), so
    the sites of every language must make ids alike (the sample's `toc: {permalink: true}` gave
    `havns-kommune` on the English site and `havnsø-kommune` on the Danish one); and with the
    title of each heading's ¶ link in the site's language ("Permanent link" on every site)."""
    if entry == "toc":
        entry = {"toc": {}}
    if isinstance(entry, dict) and "toc" in entry:
        settings = dict(entry["toc"] or {})
        settings.setdefault("slugify", SLUGIFY)
        settings.setdefault("permalink_title", permalink_title)
        return {**entry, "toc": settings}
    return entry


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
    present = extension_names(extensions)
    extensions += [
        copy.deepcopy(ext)
        for ext in REQUIRED_EXTENSIONS
        if (next(iter(ext)) if isinstance(ext, dict) else ext) not in present
    ]
    extensions = [_with_slugify(ext, composed.labels.get("permalink")) for ext in extensions]
    if composed.footer:
        # MkDocs Material prints the footer as HTML: a translation's, and a lesson's licence and
        # contact the import put there, pass the pages' allow-list (plain text passes as it is)
        config["copyright"] = sanitize.clean_page(composed.footer)
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
    if composed.further:
        nav.append({labels.get("further_pages"): [{page.title: page.path} for page in composed.further]})
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
    root_url = root_config.get("site_url")
    if isinstance(root_url, str) and root_url.strip():
        # where the portal is published: each site is at <region>/<language>/ under it, so its
        # canonical links, its sitemap and its 404 page's links name the site's own address
        config["site_url"] = root_url.strip().rstrip("/") + f"/{composed.site.key}/"
    else:
        config.pop("site_url", None)
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
                "lang": l10n.tag(language),
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
        "search_lang": [search_language(composed.site.language)],  # see GlocalPlugin.on_config
        # the 404 page's heading, its number in the locale's digits too
        "not_found": f"{l10n.number(404, composed.locale)} - {composed.labels.get('page_not_found')}",
        "made_with": composed.labels.get("made_with"),  # the footer's credit
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
    titled += [(page.path, page.title_fallback) for page in composed.ttt + composed.further]
    return {
        path: {
            "lang": language,
            "dir": l10n.direction(language),
            "name": l10n.language_name(language, composed.locale),
        }
        for path, language in titled
        if language
    }
