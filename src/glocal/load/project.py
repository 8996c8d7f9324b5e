"""A project folder → `Project`: every record loaded in order, every problem returned, none raised."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.fsutil import escaping_link, exists, inside
from glocal.load import mkdocs_config
from glocal.load.adapted import lock_path, read_lock
from glocal.load.files import outside_link
from glocal.load.modules import MODULES_DIR, load_module
from glocal.load.pages import load_pages
from glocal.load.program import PROGRAM_PATH, load_program
from glocal.load.regions import REGIONS_DIR, load_overlay, load_region
from glocal.load.remembered import Remembered
from glocal.load.ttt import load_certification, load_guides
from glocal.load.validation import did_you_mean
from glocal.load.yamlfile import read_yaml
from glocal.model import Module, Overlay, Program, Project, Region

#: What `load_project` gives: the project and what is wrong with it as a whole.
Loaded = tuple[Project, list[Diagnostic]]


def load_project(root: Path, remembered: Remembered | None = None) -> Loaded:
    """Load every file of the project; problems are returned, never raised.

    With `remembered` (the live preview, loading again after every edit), module and overlay
    files that did not change since it last loaded them are not read again."""
    root = Path(root)
    remembered = remembered or Remembered.nothing()
    diagnostics: list[Diagnostic] = []
    program, found = load_program(root)
    diagnostics += found
    listed, drafts = _modules(root, program, diagnostics, remembered)
    regions, overlays, orphans = _regions(root, program, listed, drafts, diagnostics, remembered)
    mkdocs_path, footer = _mkdocs(root, diagnostics)
    guides, found = load_guides(root)
    diagnostics += found
    pages, found = load_pages(root, program)
    diagnostics += found
    certification, found = load_certification(root, program, list(listed))
    diagnostics += found
    diagnostics += _outside_links(root, mkdocs_path, remembered)
    adapted = {}
    for region_id in regions:
        entries, found = read_lock(root, lock_path(REGIONS_DIR, region_id))
        diagnostics += found
        adapted[region_id] = MappingProxyType(entries)
    project = Project(
        root=root,
        program=program,
        modules=MappingProxyType(listed),
        drafts=MappingProxyType(drafts),
        regions=MappingProxyType(regions),
        overlays=MappingProxyType(overlays),
        orphan_overlays=tuple(orphans),
        mkdocs_path=mkdocs_path,
        footer=footer,
        guides=MappingProxyType(guides),
        pages=MappingProxyType(pages),
        certification=certification,
        adapted=MappingProxyType(adapted),
    )
    return project, diagnostics


def _modules(
    root: Path, program: Program | None, diagnostics: list[Diagnostic], remembered: Remembered
) -> tuple[dict[str, Module], dict[str, Module]]:
    """The listed modules in program order, and the drafts (module files program.yml does not list)."""
    loaded: dict[str, Module | None] = {}
    module_dir = root / MODULES_DIR
    for file in sorted(module_dir.glob("*.md")) if module_dir.is_dir() else []:
        module, found = remembered.load(load_module, root, f"{MODULES_DIR}/{file.name}")
        diagnostics += found
        loaded[file.stem] = module  # None: the file exists but is broken (already reported)
    listed: dict[str, Module] = {}
    for ref in program.modules if program else ():
        module = loaded.get(ref.id)
        if ref.id not in loaded:
            diagnostics.append(
                Diagnostic(
                    "GL006",
                    f"module '{ref.id}' is listed but {MODULES_DIR}/{ref.id}.md does not exist",
                    ref.span,
                    hint=did_you_mean(ref.id, list(loaded)) or f"run: glocal new module {ref.id}",
                )
            )
        elif module is not None:
            listed[ref.id] = module
    listed_ids = {ref.id for ref in program.modules} if program else set()
    drafts = {mid: module for mid, module in loaded.items() if module is not None and mid not in listed_ids}
    for module in drafts.values() if program else ():
        diagnostics.append(
            Diagnostic(
                "GL106",
                f"module '{module.id}' is not listed in program.yml, so it is a draft and is not built",
                Span(module.path, 0, 0),
                hint=f"add '{module.id}' to modules: in {PROGRAM_PATH} to publish it",
            )
        )
    return listed, drafts


def _regions(
    root: Path,
    program: Program | None,
    listed: dict[str, Module],
    drafts: dict[str, Module],
    diagnostics: list[Diagnostic],
    remembered: Remembered,
) -> tuple[dict[str, Region], dict[tuple[str, str], Overlay], list[Overlay]]:
    """Every region with its overlays, and the overlays whose module the program does not have."""
    regions: dict[str, Region] = {}
    overlays: dict[tuple[str, str], Overlay] = {}
    orphans: list[Overlay] = []
    regions_dir = root / REGIONS_DIR
    folders = (
        sorted(p.name for p in regions_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
        if regions_dir.is_dir()
        else []
    )
    listed_ids = {ref.id for ref in program.modules} if program else set()
    for folder in folders:
        if escaping_link(root, f"{REGIONS_DIR}/{folder}") is not None:
            continue  # a link out of the project: GL013 (_outside_links), never read
        region, found = load_region(root, folder, program)
        diagnostics += found
        if region is None:
            continue
        regions[folder] = region
        for file in sorted((regions_dir / folder).glob("*.md")):
            path = f"{REGIONS_DIR}/{folder}/{file.name}"
            overlay, found = remembered.load(load_overlay, root, folder, path)
            diagnostics += found
            if overlay is None:
                continue
            if overlay.module_id in listed:
                overlays[(folder, overlay.module_id)] = overlay
            elif overlay.module_id not in drafts and overlay.module_id not in listed_ids:
                orphans.append(overlay)
                close = did_you_mean(overlay.module_id, list(listed))
                # a name close to a module's is a typo, whose fills would go unshown: an error; a
                # name close to none is most often a module the core removed, and every region's
                # overlay of it blocked every site until each region deleted it: a warning
                diagnostics.append(
                    Diagnostic(
                        "GL207",
                        f"overlay for module '{overlay.module_id}', which the program does not have"
                        + ("" if close else ": it is not shown"),
                        Span(path, 0, 0),
                        hint=close
                        or "if the module was removed from the programme, delete the overlay; "
                        "else name it after a module id listed in program.yml",
                        severity=None if close else Severity.WARNING,
                    )
                )
            # else: a draft's overlay, or a listed module whose file is broken (reported there)
    if not folders and program:
        # A project without regions still has a site: the core, in the source language.
        regions["global"] = Region(
            "global",
            "Global",
            (program.source_language,),
            MappingProxyType({}),
            program.source_language,
            None,
            "09:00",
            MappingProxyType({}),
            "",
            f"{REGIONS_DIR}/global/region.yml",
        )
    return regions, overlays, orphans


#: The folders Glocal reads or copies from; a symbolic link in them must not lead outside the project.
SOURCE_FOLDERS = ("curriculum", "toolkits", "locales")


def _outside_links(root: Path, mkdocs_path: str | None, remembered: Remembered) -> list[Diagnostic]:
    """GL013 for every symbolic link in the project's sources that leads outside the project, and
    for a theme `custom_dir` outside it."""
    found: list[Diagnostic] = []
    links: list[str] = []
    folders = list(SOURCE_FOLDERS)
    custom, where = _custom_dir(root, mkdocs_path)
    if custom is not None and not inside(root, root / custom):
        link = escaping_link(root, custom)
        if link is not None and (root / link).is_symlink():
            links.append(link)
        else:
            found.append(
                Diagnostic(
                    "GL013",
                    "the theme's custom_dir is outside the project: Glocal does not read it",
                    where,
                    hint="keep theme overrides in a folder inside the project",
                )
            )
    elif custom is not None and not exists(root / custom, "dir"):
        found.append(
            Diagnostic(
                "GL019",
                f"the theme's custom_dir {custom[:80]!r} is not a folder of the project",
                where,
                hint="create the folder, or remove custom_dir from mkdocs.yml",
            )
        )
    elif custom is not None:
        folders.append(custom)
    for folder in folders:
        links += remembered.walk(root, root / folder).escaping
    for path in ("mkdocs.yml", "locales/glossary.csv"):
        link = escaping_link(root, path)
        if link is not None:
            links.append(link)
    return found + [outside_link(link) for link in dict.fromkeys(links)]


def _custom_dir(root: Path, mkdocs_path: str | None) -> tuple[str | None, Span]:
    """The theme's `custom_dir` named in mkdocs.yml, if any (its files are copied), and where."""
    where = Span(mkdocs_path or "mkdocs.yml", 0, 0)
    if mkdocs_path is None:
        return None, where
    doc, _ = read_yaml(root, mkdocs_path, "GL002")
    theme = doc.data.get("theme") if doc is not None and isinstance(doc.data, dict) else None
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if doc is None or not isinstance(custom, str) or not custom:
        return None, where
    return custom, doc.value_span(theme, "custom_dir")


def _mkdocs(root: Path, diagnostics: list[Diagnostic]) -> tuple[str | None, str]:
    """The root mkdocs.yml's path when it is a readable mapping (GL002, GL009 otherwise), and
    its `copyright:`, the sites' footer ("" when it has none)."""
    path = "mkdocs.yml"
    if not (root / path).is_file():
        return None, ""
    doc, found = read_yaml(root, path, "GL002")
    diagnostics += found
    if doc is None:
        return None, ""
    if doc.data is not None and not isinstance(doc.data, dict):
        diagnostics.append(Diagnostic("GL009", "mkdocs.yml expected a mapping of settings", Span(path, 0, 0)))
        return None, ""
    _, found = mkdocs_config.load(root, path)  # what MkDocs would read: a tag that runs code, INHERIT
    unsafe = [d for d in found if d.code in ("GL017", "GL018")]
    diagnostics += unsafe
    footer = (doc.data or {}).get("copyright")
    return (None, "") if unsafe else (path, footer if isinstance(footer, str) and footer.strip() else "")
