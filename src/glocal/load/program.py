"""curriculum/program.yml → `Program`: the module order, the day plan, the budget and publish policy."""

from __future__ import annotations

from pathlib import Path

from glocal import l10n
from glocal.diagnostics import Diagnostic, Related, Span
from glocal.load import schemas
from glocal.load.records import Codes, Loaded, read_record
from glocal.load.validation import Positioned, did_you_mean
from glocal.model import ModuleRef, PageRef, Pause, Program

PROGRAM_PATH = "curriculum/program.yml"
CODES = Codes("program.yml", syntax="GL002", unknown="GL003", wrong="GL004", missing="GL005")


def load_program(root: Path) -> tuple[Program | None, list[Diagnostic]]:
    """The program, or None when it is missing or lacks what every site needs (all reported)."""
    path = PROGRAM_PATH
    if not (root / path).is_file():
        missing = Diagnostic(
            "GL001",
            f"expected a program file at {path} but found none",
            Span(path),
            hint="run Glocal in a project folder, or pass -C DIR",
        )
        return None, [missing]
    loaded, diagnostics = read_record(root, path, schemas.PROGRAM, CODES)
    if loaded is None:
        return None, diagnostics
    data = loaded.data
    refs = _module_refs(loaded, diagnostics)
    language = data.get("source_language")
    if language and (problem := l10n.problem(language)):
        diagnostics.append(
            Diagnostic(
                "GL008",
                f"'source_language' expected a language CLDR knows but found {language!r}: {problem}",
                loaded.doc.value_span(loaded.raw, "source_language"),
            )
        )
    if data.get("id") is None or data.get("title") is None or language is None or l10n.problem(language):
        return None, diagnostics
    budget = data["glocal"]
    if budget["core_share_min"] > budget["core_share_max"]:
        where = budget.get("__positions__", {})
        diagnostics.append(
            Diagnostic(
                "GL004",
                f"'glocal.core_share_max' ({budget['core_share_max']}) must not be below "
                f"'glocal.core_share_min' ({budget['core_share_min']})",
                where.get("core_share_max") or where.get("core_share_min") or Span(path, 0, 0),
                hint="the budget is a range: core_share_min ≤ core_share_max, e.g. 0.75 and 0.90",
            )
        )
        budget["core_share_max"] = 1.0
    program = Program(
        id=data["id"],
        title=data["title"],
        version=str(data["version"]),
        description=data["description"] or "",
        source_language=language,
        modules=tuple(refs),
        core_share_min=data["glocal"]["core_share_min"],
        core_share_max=data["glocal"]["core_share_max"],
        budget_severity=data["glocal"]["severity"],
        min_translated=data["publish"]["min_translated"],
        path=path,
        days=_day_plan(loaded, [ref.id for ref in refs], diagnostics),
        pages=_page_refs(loaded),
    )
    return program, diagnostics


def _module_refs(loaded: Loaded, diagnostics: list[Diagnostic]) -> list[ModuleRef]:
    """`modules:` in order, each listed once (GL007 for a repeat)."""
    refs: list[ModuleRef] = []
    seen: dict[str, Span] = {}
    raw_modules = loaded.raw.get("modules")
    for index, module_id in enumerate(loaded.data.get("modules") or []):
        span = loaded.doc.item_span(raw_modules, index)
        if module_id in seen:
            diagnostics.append(
                Diagnostic(
                    "GL007",
                    f"module '{module_id}' is listed twice",
                    span,
                    hint="remove one of the two entries",
                    related=(Related(seen[module_id]),),
                )
            )
            continue
        seen[module_id] = span
        refs.append(ModuleRef(module_id, span))
    return refs


def _page_refs(loaded: Loaded) -> tuple[PageRef, ...]:
    """`pages:` in order: the valid entries, each once (the schema reports the others)."""
    valid = set(loaded.data.get("pages") or [])
    raw = loaded.raw.get("pages")
    refs: dict[str, PageRef] = {}
    for index, path in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(path, str) and path in valid and path not in refs:
            refs[path] = PageRef(path, loaded.doc.item_span(raw, index))
    return tuple(refs.values())


def _day_plan(
    loaded: Loaded, listed: list[str], diagnostics: list[Diagnostic]
) -> tuple[tuple[str | Pause, ...], ...]:
    """`days:` with every listed module scheduled once; unscheduled ones join the last day (GL012)."""
    days: list[tuple[str | Pause, ...]] = []
    scheduled: dict[str, Span] = {}
    for day in loaded.data.get("days") or []:
        items: list[str | Pause] = []
        for item in day:
            if not isinstance(item, Positioned):
                items.append(item)
            elif (problem := _schedule_problem(item, listed, scheduled)) is not None:
                diagnostics.append(problem)
            else:
                scheduled[item["module"]] = item.span
                items.append(item["module"])
        days.append(tuple(items))
    if days:
        unscheduled = [module_id for module_id in listed if module_id not in scheduled]
        for module_id in unscheduled:
            diagnostics.append(
                Diagnostic(
                    "GL012",
                    f"module '{module_id}' is in no day of the day plan: it is added to the last day",
                    loaded.doc.key_span(loaded.raw, "days"),
                    hint="add it to one of the days",
                )
            )
        days[-1] = days[-1] + tuple(unscheduled)
    return tuple(days)


def _schedule_problem(item: Positioned, listed: list[str], scheduled: dict[str, Span]) -> Diagnostic | None:
    """GL011 for a day-plan entry that names an unlisted module or one already scheduled."""
    module_id = item["module"]
    if module_id not in listed:
        return Diagnostic(
            "GL011",
            f"day plan schedules '{module_id}', which modules: does not list",
            item.span,
            hint=did_you_mean(module_id, listed),
        )
    if module_id in scheduled:
        return Diagnostic(
            "GL011",
            f"day plan schedules '{module_id}' twice",
            item.span,
            related=(Related(scheduled[module_id]),),
        )
    return None
