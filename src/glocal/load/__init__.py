"""Files → model records plus diagnostics. Nothing here raises on user content."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.load import schemas
from glocal.load.files import read_text, split_front_matter
from glocal.load.ttt import load_certification, load_guides
from glocal.load.validation import Context, did_you_mean, validate
from glocal.load.yamlfile import YamlDoc, parse_yaml, read_yaml
from glocal.model import Module, ModuleRef, Overlay, Program, Project, Region, SlotSpec

PROGRAM_PATH = "curriculum/program.yml"
MODULES_DIR = "curriculum/modules"
REGIONS_DIR = "toolkits/regions"


def _duplicate_diagnostics(doc: YamlDoc, code: str, slot_code: str | None = None) -> list[Diagnostic]:
    result = []
    for dup in doc.duplicates:
        first = (dup.first.line or 0) + 1
        if slot_code and dup.parents == ("slots",):
            result.append(
                Diagnostic(
                    slot_code, f"slot '{dup.key}' is declared twice (first at line {first})", dup.again
                )
            )
        else:
            where = ".".join(p for p in dup.parents + (dup.key,) if p != "[]")
            result.append(
                Diagnostic(
                    code,
                    f"key '{where}' appears twice (first at line {first}); only one value can be used",
                    dup.again,
                )
            )
    return result


def load_program(root: Path) -> tuple[Program | None, list[Diagnostic]]:
    path = PROGRAM_PATH
    if not (root / path).is_file():
        return None, [
            Diagnostic(
                "GL001",
                f"expected a program file at {path} but found none",
                Span(path),
                hint="run Glocal in a project folder, or pass -C DIR",
            )
        ]
    doc, diagnostics = read_yaml(root, path, "GL002")
    if doc is None:
        return None, diagnostics
    ctx = Context(doc, "GL003", "GL004", "GL005", "program.yml")
    data = validate(doc, schemas.PROGRAM, ctx)
    diagnostics = ctx.diagnostics + _duplicate_diagnostics(doc, "GL004")
    refs: list[ModuleRef] = []
    seen: dict[str, Span] = {}
    raw_modules = doc.data.get("modules") if isinstance(doc.data, dict) else None
    for index, module_id in enumerate(data.get("modules") or []):
        span = doc.item_span(raw_modules, index)
        if module_id in seen:
            diagnostics.append(
                Diagnostic(
                    "GL007",
                    f"module '{module_id}' is listed twice (first at line {seen[module_id].line + 1})",
                    span,
                    hint="remove one of the two entries",
                )
            )
            continue
        seen[module_id] = span
        refs.append(ModuleRef(module_id, span))
    language = data.get("source_language")
    if language and (problem := l10n.problem(language)):
        diagnostics.append(
            Diagnostic(
                "GL008",
                f"'source_language' expected a language CLDR knows but found {language!r}: {problem}",
                doc.value_span(doc.data, "source_language"),
            )
        )
    if data.get("id") is None or data.get("title") is None or language is None or l10n.problem(language):
        return None, diagnostics
    days = []
    scheduled: dict[str, Span] = {}
    listed_ids = [ref.id for ref in refs]
    for day in data.get("days") or []:
        items = []
        for item in day:
            if isinstance(item, dict):
                module_id = item["module"]
                if module_id not in listed_ids:
                    diagnostics.append(
                        Diagnostic(
                            "GL011",
                            f"day plan schedules '{module_id}', which modules: does not list",
                            item.span,
                            hint=did_you_mean(module_id, listed_ids),
                        )
                    )
                    continue
                if module_id in scheduled:
                    diagnostics.append(
                        Diagnostic(
                            "GL011",
                            f"day plan schedules '{module_id}' twice (first at line {scheduled[module_id].line + 1})",
                            item.span,
                        )
                    )
                    continue
                scheduled[module_id] = item.span
                items.append(module_id)
            else:
                items.append(item)
        days.append(tuple(items))
    if days:
        unscheduled = [module_id for module_id in listed_ids if module_id not in scheduled]
        for module_id in unscheduled:
            diagnostics.append(
                Diagnostic(
                    "GL012",
                    f"module '{module_id}' is in no day of the day plan: it is added to the last day",
                    doc.key_span(doc.data, "days"),
                    hint="add it to one of the days",
                )
            )
        days[-1] = days[-1] + tuple(unscheduled)
    program = Program(
        id=data["id"],
        title=data["title"],
        version=str(data["version"]),
        description=data["description"] or "",
        source_language=language,
        modules=tuple(refs),
        core_share_min=data["glocal"]["core_share_min"],
        min_translated=data["publish"]["min_translated"],
        path=path,
        days=tuple(days),
    )
    return program, diagnostics


def load_module(root: Path, path: str) -> tuple[Module | None, list[Diagnostic]]:
    text, diagnostics = read_text(root, path, "GL010")
    if text is None:
        return None, diagnostics
    front, problem = split_front_matter(text)
    if problem:
        return None, [
            Diagnostic("GL105", problem, Span(path, 0, 0), hint="close the front matter with a line '---'")
        ]
    if front.yaml is None:
        return None, [
            Diagnostic(
                "GL105",
                "expected YAML front matter between '---' lines at the top of the module but found none",
                Span(path, 0, 0),
                hint="start the file with '---', then id: and title:, then '---'",
            )
        ]
    doc, diagnostics = parse_yaml(front.yaml, path, "GL101", line_offset=front.yaml_line)
    if doc is None:
        return None, diagnostics
    ctx = Context(doc, "GL102", "GL103", "GL105", "front matter")
    data = validate(doc, schemas.MODULE, ctx)
    diagnostics = ctx.diagnostics + _duplicate_diagnostics(doc, "GL103", slot_code="GL104")
    if data.get("id") is None or data.get("title") is None:
        return None, diagnostics
    stem = Path(path).stem
    id_span = doc.value_span(doc.data, "id")
    if data["id"] != stem:
        taken = (root / MODULES_DIR / f"{data['id']}.md").exists()
        hint = f"set id: {stem}" if taken else f"set id: {stem}, or rename the file to {data['id']}.md"
        diagnostics.append(
            Diagnostic(
                "GL107",
                f"module id expected to match the file name '{stem}' but found '{data['id']}'",
                id_span,
                hint=hint,
            )
        )
        data["id"] = stem  # the file name is what program.yml lists; go on with it
    slots = {
        slot_id: SlotSpec(
            slot_id, spec.get("brief") or "", spec.get("max_words"), bool(spec.get("required")), spec.span
        )
        for slot_id, spec in (data.get("slots") or {}).items()
    }
    module = Module(
        id=data["id"],
        title=data["title"],
        duration=data.get("duration"),
        objectives=tuple(data.get("objectives") or ()),
        competencies=tuple(data.get("competencies") or ()),
        slots=MappingProxyType(slots),
        path=path,
        body=front.body,
        body_line=front.body_line,
        id_span=id_span,
        spans=MappingProxyType(
            {key: doc.value_span(doc.data, key) for key in doc.data} if isinstance(doc.data, dict) else {}
        ),
    )
    return module, diagnostics


def load_region(root: Path, folder: str, program: Program | None) -> tuple[Region | None, list[Diagnostic]]:
    path = f"{REGIONS_DIR}/{folder}/region.yml"
    if not (root / path).is_file():
        return None, [
            Diagnostic(
                "GL204",
                f"expected {path} for the region folder '{folder}' but found none",
                Span(path),
                hint=f"run: glocal new region {folder} --languages en",
            )
        ]
    doc, diagnostics = read_yaml(root, path, "GL201")
    if doc is None:
        return None, diagnostics
    ctx = Context(doc, "GL202", "GL203", "GL204", "region.yml")
    data = validate(doc, schemas.REGION, ctx)
    diagnostics = ctx.diagnostics + _duplicate_diagnostics(doc, "GL203")
    raw = doc.data if isinstance(doc.data, dict) else {}
    if data.get("id") is not None and data["id"] != folder:
        diagnostics.append(
            Diagnostic(
                "GL213",
                f"region id expected to match its folder '{folder}' but found '{data['id']}'",
                doc.value_span(raw, "id"),
                hint=f"set id: {folder}",
            )
        )
    languages = []
    for index, language in enumerate(data.get("languages") or []):
        if l10n.problem(language):  # reported, and no site is made for it
            diagnostics.append(
                Diagnostic(
                    "GL205",
                    f"expected a language CLDR knows but found {language!r}",
                    doc.item_span(raw.get("languages"), index),
                    hint=did_you_mean(language, l10n.common_languages()),
                )
            )
        else:
            languages.append(language)
    locales = dict(data.get("locales") or {})
    raw_locales = raw.get("locales") if isinstance(raw.get("locales"), dict) else {}
    for language, locale in list(locales.items()):
        span = doc.value_span(raw_locales, language)
        if language not in languages:
            diagnostics.append(
                Diagnostic(
                    "GL206",
                    f"locale given for '{language}', which is not one of the region's languages {languages}",
                    doc.key_span(raw_locales, language),
                )
            )
        if l10n.problem(locale):
            diagnostics.append(
                Diagnostic(
                    "GL206",
                    f"expected a locale CLDR knows for '{language}' but found {locale!r}",
                    span,
                    hint=f"use language_TERRITORY, e.g. {_example_locale(language)}",
                )
            )
            del locales[language]
        elif not l10n.problem(language) and l10n.language_of(locale) != l10n.language_of(language):
            diagnostics.append(
                Diagnostic(
                    "GL206",
                    f"locale for '{language}' expected to be a '{language}' locale but found {locale!r}",
                    span,
                )
            )
    source = data.get("source_language") or (program.source_language if program else None)
    if source and languages and source not in languages:
        diagnostics.append(
            Diagnostic(
                "GL203",
                f"'source_language' expected one of {languages} but found {source!r}",
                doc.value_span(raw, "source_language")
                if "source_language" in raw
                else doc.key_span(raw, "languages"),
                hint="the region's sites include its source language",
            )
        )
    timezone = data.get("timezone")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            diagnostics.append(
                Diagnostic(
                    "GL214",
                    f"expected an IANA time zone such as Europe/Copenhagen but found {timezone!r}",
                    doc.value_span(raw, "timezone"),
                    hint=did_you_mean(timezone, available_timezones()),
                )
            )
            timezone = None
    if data.get("id") is None or data.get("name") is None or not languages or not source:
        return None, diagnostics
    spans = {key: doc.key_span(raw, key) for key in raw} if raw else {}
    region = Region(
        id=folder,
        name=data["name"],
        languages=tuple(languages),
        locales=MappingProxyType(locales),
        source_language=source,
        timezone=timezone,
        day_start=data["day_start"] or "09:00",
        vars=MappingProxyType(dict(data.get("vars") or {})),
        notes=data.get("notes") or "",
        path=path,
        spans=MappingProxyType(spans),
    )
    return region, diagnostics


def _example_locale(language: str) -> str:
    return (not l10n.problem(language) and l10n.likely_locale(l10n.language_of(language))) or "da_DK"


def load_overlay(root: Path, region: str, path: str) -> tuple[Overlay | None, list[Diagnostic]]:
    text, diagnostics = read_text(root, path, "GL010")
    if text is None:
        return None, diagnostics
    front, problem = split_front_matter(text)
    if problem:
        return None, [Diagnostic("GL218", problem, Span(path, 0, 0))]
    duration = None
    if front.yaml is not None:
        doc, diagnostics = parse_yaml(front.yaml, path, "GL218", line_offset=front.yaml_line)
        if doc is None:
            return None, diagnostics
        ctx = Context(doc, "GL218", "GL218", "GL218", "overlay front matter")
        duration = validate(doc, schemas.OVERLAY, ctx).get("duration")
        diagnostics = ctx.diagnostics
    return Overlay(region, Path(path).stem, path, front.body, front.body_line, duration), diagnostics


def load_project(root: Path) -> tuple[Project, list[Diagnostic]]:
    """Load every file of the project; problems are returned, never raised."""
    root = Path(root)
    diagnostics: list[Diagnostic] = []
    program, found = load_program(root)
    diagnostics += found

    loaded: dict[str, Module] = {}
    module_dir = root / MODULES_DIR
    for file in sorted(module_dir.glob("*.md")) if module_dir.is_dir() else []:
        path = f"{MODULES_DIR}/{file.name}"
        module, found = load_module(root, path)
        diagnostics += found
        loaded[file.stem] = module  # None: the file exists but is broken (already reported)

    listed: dict[str, Module] = {}
    if program:
        for ref in program.modules:
            if ref.id not in loaded:
                diagnostics.append(
                    Diagnostic(
                        "GL006",
                        f"module '{ref.id}' is listed but {MODULES_DIR}/{ref.id}.md does not exist",
                        ref.span,
                        hint=did_you_mean(ref.id, [k for k in loaded]) or f"run: glocal new module {ref.id}",
                    )
                )
            elif loaded[ref.id] is not None:
                listed[ref.id] = loaded[ref.id]
    listed_ids = {ref.id for ref in program.modules} if program else set()
    drafts = {mid: module for mid, module in loaded.items() if module is not None and mid not in listed_ids}
    if program:
        for module in drafts.values():
            diagnostics.append(
                Diagnostic(
                    "GL106",
                    f"module '{module.id}' is not listed in program.yml, so it is a draft and is not built",
                    Span(module.path, 0, 0),
                    hint=f"add '{module.id}' to modules: in {PROGRAM_PATH} to publish it",
                )
            )

    regions: dict[str, Region] = {}
    overlays: dict[tuple[str, str], Overlay] = {}
    orphans: list[Overlay] = []
    regions_dir = root / REGIONS_DIR
    folders = (
        sorted(p.name for p in regions_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
        if regions_dir.is_dir()
        else []
    )
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
            elif overlay.module_id in drafts or overlay.module_id in listed_ids:
                continue  # a draft, or a listed module whose file is broken (reported there)
            else:
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

    mkdocs_path = "mkdocs.yml" if (root / "mkdocs.yml").is_file() else None
    if mkdocs_path:
        doc, found = read_yaml(root, mkdocs_path, "GL002")
        diagnostics += found
        if doc is not None and doc.data is not None and not isinstance(doc.data, dict):
            diagnostics.append(
                Diagnostic("GL009", "mkdocs.yml expected a mapping of settings", Span(mkdocs_path, 0, 0))
            )
            mkdocs_path = None
        elif doc is None:
            mkdocs_path = None

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
