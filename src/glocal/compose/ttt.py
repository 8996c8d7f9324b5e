"""The Train-the-Trainer section of a site: a certification overview and one guide per module."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from glocal import l10n
from glocal.compose.render import Renderer, link_text, text
from glocal.compose.templating import RegionVars, render_translation
from glocal.diagnostics import Diagnostic
from glocal.i18n.apply import fallback_language
from glocal.i18n.translations import Tally, Translator
from glocal.i18n.ui import Labels
from glocal.markdown import blocks
from glocal.model import Certification, Project, Region


@dataclass(frozen=True)
class ExtraPage:
    path: str  # relative to docs/, e.g. ttt/index.md
    title: str
    markdown: str
    title_fallback: str = ""  # the source language when the title is shown untranslated


@dataclass(frozen=True)
class Section:
    pages: tuple[ExtraPage, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    tally: Tally = field(default_factory=Tally)


def _cell(value: str) -> str:
    """A table cell's plain text: one line, `<`, `&` and pipes escaped."""
    return link_text(" ".join(value.split()))


def overview(
    certification: Certification,
    value: Callable[[str], str],
    labels: Labels,
    locale: str,
    module_titles: dict[str, str],
) -> str:
    """Competencies, the rubric with its anchors, the requirements and the validity."""
    levels = sorted(certification.levels)
    names = {c.id: value(c.name) for c in certification.competencies}
    lines = [
        f"# {text(labels.get('ttt_overview'))}",
        "",
        text(labels.get("ttt_intro")),
        "",
        f"## {text(labels.get('competencies'))}",
        "",
    ]
    lines += [f"- **{text(names[c.id])}** (`{c.id}`)" for c in certification.competencies] + [""]
    lines += [f"## {text(labels.get('rubric'))}", ""]
    header = [labels.get("criterion"), labels.get("competency")] + [
        f"{l10n.number(level, locale)} · {value(certification.levels[level])}" for level in levels
    ]
    lines += ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    for criterion in certification.criteria:
        row = [names.get(criterion.competency, criterion.competency)]
        row += [
            value(criterion.anchors.get(level, "")) if criterion.anchors.get(level) else "—"
            for level in levels
        ]
        cells = [f"**{_cell(value(criterion.name))}**"] + [_cell(c) for c in row]  # the criterion in bold
        lines.append("| " + " | ".join(cells) + " |")
    requirements = certification.requirements
    modules = l10n.join([module_titles.get(m, m) for m in requirements.modules], locale)
    lines += ["", f"## {text(labels.get('requirements'))}", ""]
    lines.append(f"- {text(labels.get('requirement_modules', modules=modules))}")
    knowledge = l10n.percent(requirements.knowledge_check / 100, locale)
    lines.append(f"- {text(labels.get('requirement_knowledge', percent=knowledge))}")
    teach_back = l10n.number(requirements.teach_back, locale)
    lines.append(f"- {text(labels.get('requirement_teach_back', level=teach_back))}")
    if requirements.observed_deliveries:
        observed = l10n.number(requirements.observed_deliveries, locale)
        lines.append(f"- {text(labels.get('requirement_observed', count=observed))}")
    months = l10n.number(certification.validity_months, locale)
    lines += ["", text(labels.get("validity", months=months)), ""]
    return "\n".join(lines)


def compose(
    project: Project,
    translator: Callable[[str, str], Translator],
    context: dict,
    labels: Labels,
    locale: str,
    region: Region,
    module_titles: dict[str, str],
    title_fallbacks: Mapping[str, str] | None = None,
) -> Section:
    """The section's pages, translated like everything else (guides and certification are core)."""
    pages: list[ExtraPage] = []
    diagnostics: list[Diagnostic] = []
    tally = Tally()
    assert project.program is not None
    source = project.program.source_language
    regional = RegionVars.of(project, region)
    if project.certification is not None:
        certifying = translator(project.certification.path, source)
        markdown = overview(
            project.certification, lambda s: certifying.value(s, mark=False), labels, locale, module_titles
        )
        tally = tally + certifying.tally
        pages.append(ExtraPage("ttt/index.md", labels.get("ttt_overview"), markdown))
    for module_id in project.modules:
        guide = project.guides.get(module_id)
        if guide is None:
            continue
        guiding = translator(guide.path, source)
        body_text = guiding.markdown(guide.body)
        tally = tally + guiding.tally
        body, found = render_translation(
            body_text, guide.body, context, guide.path, guide.body_line, ("GL115", "GL116"), regional
        )
        diagnostics += found
        renderer = Renderer(body, labels, region, locale)
        lines = renderer.range(0, len(body.lines), body.containers)
        title = link_text(module_titles.get(module_id, module_id))
        back = f"[{link_text(labels.get('back_to_module'))}: {title}](../modules/{module_id}.md)"
        markdown = "\n".join(lines).strip("\n") + "\n\n" + back + "\n"
        default = (module_titles.get(module_id, module_id), (title_fallbacks or {}).get(module_id, ""))
        title, fallback = heading_title(body, default)
        pages.append(ExtraPage(f"ttt/{module_id}.md", title, markdown, fallback))
    return Section(tuple(pages), tuple(diagnostics), tally)


def heading_title(body: blocks.ParsedText, default: tuple[str, str]) -> tuple[str, str]:
    """The guide's first level-1 heading as plain text, and its source language when it is shown
    untranslated (else ''); `default` (the module's) when it has none."""
    heading = blocks.first_heading(body)
    if heading is None:
        return default
    shown, source = heading
    return shown, fallback_language(source)
