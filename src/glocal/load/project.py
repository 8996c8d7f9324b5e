"""A project folder → `Project`: every record loaded in order, every problem returned, none raised."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from glocal.diagnostics import Diagnostic, Span
from glocal.load.modules import MODULES_DIR, load_module
from glocal.load.program import PROGRAM_PATH, load_program
from glocal.load.regions import REGIONS_DIR, load_overlay, load_region
from glocal.load.ttt import load_certification, load_guides
from glocal.load.validation import did_you_mean
from glocal.load.yamlfile import read_yaml
from glocal.model import Module, Overlay, Program, Project, Region


def load_project(root: Path) -> tuple[Project, list[Diagnostic]]:
    """Load every file of the project; problems are returned, never raised."""
    root = Path(root)
    diagnostics: list[Diagnostic] = []
    program, found = load_program(root)
    diagnostics += found
    listed, drafts = _modules(root, program, diagnostics)
    regions, overlays, orphans = _regions(root, program, listed, drafts, diagnostics)
    mkdocs_path = _mkdocs(root, diagnostics)
    guides, found = load_guides(root)
    diagnostics += found
    certification, found = load_certification(root, program, list(listed))
    diagnostics += found
    project = Project(
        root=root,
        program=program,
        modules=MappingProxyType(listed),
        drafts=MappingProxyType(drafts),
        regions=MappingProxyType(regions),
        overlays=MappingProxyType(overlays),
        orphan_overlays=tuple(orphans),
        mkdocs_path=mkdocs_path,
        guides=MappingProxyType(guides),
        certification=certification,
    )
    return project, diagnostics


def _modules(
    root: Path, program: Program | None, diagnostics: list[Diagnostic]
) -> tuple[dict[str, Module], dict[str, Module]]:
    """The listed modules in program order, and the drafts (module files program.yml does not list)."""
    loaded: dict[str, Module | None] = {}
    module_dir = root / MODULES_DIR
    for file in sorted(module_dir.glob("*.md")) if module_dir.is_dir() else []:
        module, found = load_module(root, f"{MODULES_DIR}/{file.name}")
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
        region, found = load_region(root, folder, program)
        diagnostics += found
        if region is None:
            continue
        regions[folder] = region
        for file in sorted((regions_dir / folder).glob("*.md")):
            path = f"{REGIONS_DIR}/{folder}/{file.name}"
            overlay, found = load_overlay(root, folder, path)
            diagnostics += found
            if overlay is None:
                continue
            if overlay.module_id in listed:
                overlays[(folder, overlay.module_id)] = overlay
            elif overlay.module_id not in drafts and overlay.module_id not in listed_ids:
                orphans.append(overlay)
                diagnostics.append(
                    Diagnostic(
                        "GL207",
                        f"overlay for module '{overlay.module_id}', which the program does not have",
                        Span(path, 0, 0),
                        hint=did_you_mean(overlay.module_id, list(listed))
                        or "name the overlay after a module id listed in program.yml",
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


def _mkdocs(root: Path, diagnostics: list[Diagnostic]) -> str | None:
    """The root mkdocs.yml's path when it is a readable mapping (GL002, GL009 otherwise)."""
    path = "mkdocs.yml"
    if not (root / path).is_file():
        return None
    doc, found = read_yaml(root, path, "GL002")
    diagnostics += found
    if doc is None:
        return None
    if doc.data is not None and not isinstance(doc.data, dict):
        diagnostics.append(Diagnostic("GL009", "mkdocs.yml expected a mapping of settings", Span(path, 0, 0)))
        return None
    return path
