"""Train-the-Trainer consistency: guides per module, rubric against competencies, requirements."""

from __future__ import annotations

from collections.abc import Iterator

from glocal.checks.containers import fence_problems
from glocal.diagnostics import Diagnostic, Span
from glocal.load.ttt import CERTIFICATION_PATH, TTT_DIR
from glocal.load.validation import did_you_mean
from glocal.markdown import blocks
from glocal.model import Certification, Competency, Project


def check(project: Project) -> Iterator[Diagnostic]:
    """Guides against modules, then the certification: ids, rubric, competencies, requirements."""
    if not (project.root / TTT_DIR).is_dir():
        return
    yield from _guides(project)
    certification = project.certification
    if certification is None:
        if project.guides and not (project.root / CERTIFICATION_PATH).exists():
            yield Diagnostic(
                "GL514",
                f"TTT guides exist but {CERTIFICATION_PATH} does not: no one can be certified",
                Span(CERTIFICATION_PATH),
            )
        return
    competencies = {competency.id: competency for competency in certification.competencies}
    yield from _twice(certification)
    yield from _rubric(certification, competencies)
    yield from _developed(project, certification, competencies)
    for module_id in certification.requirements.modules:
        if module_id not in project.modules:
            yield Diagnostic(
                "GL509",
                f"requirements.modules names '{module_id}', which the program does not have",
                Span(CERTIFICATION_PATH),
                hint=did_you_mean(module_id, list(project.modules)),
            )


def _guides(project: Project) -> Iterator[Diagnostic]:
    """A guide per listed module (GL505), none for a module the program lacks (GL510)."""
    for guide in project.guides.values():
        yield from fence_problems(blocks.parse(guide.body), guide.path, guide.body_line)
        if guide.module_id not in project.modules:
            yield Diagnostic(
                "GL510",
                f"TTT guide for module '{guide.module_id}', which the program does not have",
                Span(guide.path, 0, 0),
                hint=did_you_mean(guide.module_id, list(project.modules)),
            )
    for module in project.modules.values():
        if module.id not in project.guides:
            yield Diagnostic(
                "GL505",
                f"module '{module.id}' has no Train-the-Trainer guide",
                Span(module.path, 0, 0),
                hint=f"add {TTT_DIR}/{module.id}.md",
            )


def _twice(certification: Certification) -> Iterator[Diagnostic]:
    """A competency or criterion id used twice (GL512)."""
    seen: set[str] = set()
    for competency in certification.competencies:
        if competency.id in seen:
            yield Diagnostic("GL512", f"competency '{competency.id}' is defined twice", competency.span)
        seen.add(competency.id)
    seen = set()
    for criterion in certification.criteria:
        if criterion.id in seen:
            yield Diagnostic("GL512", f"criterion '{criterion.id}' is defined twice", criterion.span)
        seen.add(criterion.id)


def _rubric(certification: Certification, competencies: dict[str, Competency]) -> Iterator[Diagnostic]:
    """Each criterion assesses a defined competency (GL506) with an anchor for every level (GL508, GL513)."""
    levels = set(certification.levels)
    for criterion in certification.criteria:
        if criterion.competency not in competencies:
            yield Diagnostic(
                "GL506",
                f"criterion '{criterion.id}' assesses competency '{criterion.competency}', "
                f"which is not defined: expected one of {', '.join(competencies)}",
                criterion.span,
                hint=did_you_mean(criterion.competency, competencies),
            )
        missing = sorted(levels - set(criterion.anchors))
        if missing:
            yield Diagnostic(
                "GL508",
                f"criterion '{criterion.id}' has no anchor for level(s) {', '.join(map(str, missing))}",
                criterion.span,
                hint="describe what each level looks like",
            )
        extra = sorted(set(criterion.anchors) - levels)
        if extra:
            yield Diagnostic(
                "GL513",
                f"criterion '{criterion.id}' has anchors for level(s) {', '.join(map(str, extra))}, "
                f"which the rubric does not define (levels: {', '.join(map(str, sorted(levels)))})",
                criterion.span,
            )


def _developed(
    project: Project, certification: Certification, competencies: dict[str, Competency]
) -> Iterator[Diagnostic]:
    """Competencies modules develop are defined (GL511) and assessed by some criterion (GL507)."""
    assessed = {criterion.competency for criterion in certification.criteria}
    used: dict[str, list[str]] = {}
    for module in project.modules.values():
        for competency_id in module.competencies:
            used.setdefault(competency_id, []).append(module.id)
            if competency_id not in competencies:
                yield Diagnostic(
                    "GL511",
                    f"module '{module.id}' develops competency '{competency_id}', "
                    f"which {CERTIFICATION_PATH} does not define",
                    module.spans.get("competencies", module.id_span),
                    hint=did_you_mean(competency_id, competencies),
                )
    for competency_id, modules in used.items():
        if competency_id in competencies and competency_id not in assessed:
            yield Diagnostic(
                "GL507",
                f"competency '{competency_id}' is developed by {', '.join(modules)} "
                "but no rubric criterion assesses it",
                competencies[competency_id].span,
                hint="add a criterion with this competency to rubric.criteria",
            )
