"""The pack's documents: the facilitator guide, assessment forms, evaluation forms and records."""

from __future__ import annotations

import csv
import io
from typing import Any

from glocal import l10n
from glocal.i18n.ui import Labels
from glocal.packs import documents
from glocal.packs.context import Files, PackContext, slug
from glocal.packs.documents import Ticket
from glocal.packs.results import Outcome
from glocal.packs.roster import Trainee


def _requirement_labels(labels: Labels) -> dict[str, str]:
    return {
        name: labels.get(f"req_{name}")
        for name in ("modules", "knowledge_check", "teach_back", "observed_deliveries")
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP)


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading `'` (OWASP)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _SafeWriter:
    """csv.writer whose every cell goes through csv_cell."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer, lineterminator="\n")

    def writerow(self, row: list) -> None:
        self._writer.writerow([csv_cell(cell) for cell in row])


def _results_csv(outcomes: list[Outcome]) -> bytes:
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow(
        [
            "id",
            "name",
            "certified",
            "modules_attended",
            "modules_required",
            "missing_modules",
            "knowledge_check",
            "knowledge_check_required",
            "teach_back",
            "teach_back_required",
            "observed_deliveries",
            "observed_deliveries_required",
            "gaps",
        ]
    )
    for outcome in outcomes:
        checks = {check.requirement: check for check in outcome.checks}
        writer.writerow(
            [
                outcome.trainee.id,
                outcome.trainee.name,
                "yes" if outcome.certified else "no",
                checks["modules"].achieved,
                checks["modules"].required,
                ";".join(checks["modules"].missing),
                checks["knowledge_check"].achieved,
                checks["knowledge_check"].required,
                checks["teach_back"].achieved,
                checks["teach_back"].required,
                checks["observed_deliveries"].achieved,
                checks["observed_deliveries"].required,
                ";".join(check.requirement for check in outcome.gaps),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def guide(pack: PackContext) -> Files:
    """guide/: the facilitator guide, the whole site in one PDF."""
    document = documents.html(
        "guide.html",
        title=pack.labels.get("facilitator_guide"),
        parts=documents.guide_parts(pack.composed),
        language_name=l10n.language_name(pack.language, pack.locale),
        **pack.common,
    )
    base = pack.project.root / "curriculum" / "modules"  # where a module's relative images start
    return {"guide/facilitator-guide.pdf": pack.pdf(documents.resolve_sources(document, base))}


def assessment_documents(pack: PackContext, trainees: list[Trainee]) -> Files:
    """assessment/: the rubric, a blank observation form and one pre-filled form per trainee."""
    t, rubric = pack.labels.get, pack.rubric
    files: Files = {
        "assessment/rubric.pdf": pack.pdf(
            documents.html(
                "rubric.html",
                title=t("rubric"),
                levels=rubric.levels,
                criteria=rubric.criteria,
                **pack.common,
            )
        ),
        "assessment/observation-form.pdf": _observation_form(
            pack, t("observation_form"), {"name": "", "id": "", "levels": {}}
        ),
    }
    for trainee in trainees:
        sheet = {"name": trainee.name, "id": trainee.id, "levels": trainee.levels}
        title = f"{t('observation_form')} · {trainee.name}"
        files[f"assessment/observations/{slug(trainee.id)}.pdf"] = _observation_form(pack, title, sheet)
    return files


def _observation_form(pack: PackContext, title: str, sheet: dict[str, Any]) -> Ticket:
    return pack.pdf(
        documents.html(
            "observation.html",
            title=title,
            levels=pack.rubric.levels,
            criteria=pack.rubric.criteria,
            sheets=[sheet],
            **pack.common,
        )
    )


def evaluation_forms(pack: PackContext) -> Files:
    """evaluation/: one reaction-and-behaviour form per module, in teaching order."""
    t = pack.labels.get
    files: Files = {}
    for number, page in enumerate(pack.composed.pages, 1):
        module = pack.project.modules[page.module_id]
        core = pack.core(module.path)
        objectives = [core.value(o, mark=False) for o in module.objectives]
        reaction = [
            t("reaction_relevant"),
            t("reaction_engaging"),
            t("reaction_facilitator"),
            t("reaction_confident"),
        ]
        reaction += [t("reaction_objective", objective=o) for o in objectives]
        behaviour = [t("behaviour_item", objective=o) for o in objectives]
        files[f"evaluation/{number:02d}-{page.module_id}.pdf"] = pack.pdf(
            documents.html(
                "evaluation.html",
                title=page.title,
                module_title=page.title,
                reaction=reaction,
                behaviour=behaviour,
                scale=[l10n.number(n, pack.locale) for n in range(1, 6)],
                **pack.common,
            )
        )
    return files


def records(pack: PackContext, outcomes: list[Outcome]) -> dict[str, bytes]:
    """records/: every trainee's result, as CSV and as a readable page."""
    rows = [_result_row(pack, outcome) for outcome in outcomes]
    page = documents.html("results.html", title=pack.labels.get("results"), rows=rows, **pack.common)
    return {"records/results.csv": _results_csv(outcomes), "records/results.html": page.encode("utf-8")}


def _result_row(pack: PackContext, outcome: Outcome) -> dict[str, Any]:
    """One trainee's line of results.html: each requirement, met or not, with missing modules named."""
    names = _requirement_labels(pack.labels)
    checks = []
    for check in outcome.checks:
        missing = [pack.titles.get(m, m) for m in check.missing]
        note = pack.labels.get("missing_modules", modules=l10n.join(missing, pack.locale)) if missing else ""
        checks.append(
            {
                "label": names[check.requirement],
                "required": l10n.recorded(check.required, pack.locale),
                "achieved": l10n.recorded(check.achieved, pack.locale),
                "met": check.met,
                "note": note,
            }
        )
    return {
        "id": outcome.trainee.id,
        "name": outcome.trainee.name,
        "certified": outcome.certified,
        "checks": checks,
    }
