"""The Train-the-Trainer section of a site: a certification overview and one guide per module."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from glocal import l10n
from glocal.compose.render import Renderer, link_text, text
from glocal.compose.templating import RegionVars, render_translation
from glocal.diagnostics import Diagnostic
from glocal.i18n.apply import fallback_language, fallback_markup
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


#: Where a marked list of module titles goes into a label before the label is escaped.
_TITLES = "\ue000"


def overview(
    certification: Certification,
    translated: Callable[[str], tuple[str, str]],
    labels: Labels,
    locale: str,
    module_titles: dict[str, str],
    title_fallbacks: Mapping[str, str] | None = None,
) -> str:
    """Competencies, the rubric with its anchors, the requirements and the validity.

    `translated(text)`: the text as the site shows it and, when that is the source's text for
    want of a translation, the source language, whose mark it then gets (as every untranslated
    text of a page does)."""
    label = labels.get("not_translated")

    def marked(pair: tuple[str, str], escape: Callable[[str], str] = text) -> str:
        shown, fallback = pair
        return fallback_markup(escape(shown), fallback, label) if fallback else escape(shown)

    def value(source: str, escape: Callable[[str], str] = text) -> str:
        return marked(translated(source), escape)

    levels = sorted(certification.levels)
    names = {c.id: translated(c.name) for c in certification.competencies}
    lines = [
        f"# {text(labels.get('ttt_overview'))}",
        "",
        text(labels.get("ttt_intro")),
        "",
        f"## {text(labels.get('competencies'))}",
        "",
    ]
    lines += [f"- **{marked(names[c.id])}** (`{c.id}`)" for c in certification.competencies] + [""]
    lines += [f"## {text(labels.get('rubric'))}", ""]
    header = [_cell(labels.get("criterion")), _cell(labels.get("competency"))] + [
        f"{_cell(l10n.number(level, locale))} · {value(certification.levels[level], _cell)}"
        for level in levels
    ]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for criterion in certification.criteria:
        competency = criterion.competency
        row = [marked(names[competency], _cell) if competency in names else _cell(competency)]
        row += [
            value(criterion.anchors[level], _cell) if criterion.anchors.get(level) else "—"
            for level in levels
        ]
        cells = [f"**{value(criterion.name, _cell)}**", *row]  # the criterion in bold
        lines.append("| " + " | ".join(cells) + " |")
    requirements = certification.requirements
    # each title in its place in the list, marked, once the list and the label are escaped
    tokens = [f"{_TITLES}{chr(0xE100 + number)}" for number in range(len(requirements.modules))]
    modules = text(l10n.join(tokens, locale))
    for token, module_id in zip(tokens, requirements.modules, strict=True):
        shown = module_titles.get(module_id, module_id)
        modules = modules.replace(token, marked((shown, (title_fallbacks or {}).get(module_id, ""))), 1)
    filled = text(labels.get("requirement_modules", modules=_TITLES))
    lines += ["", f"## {text(labels.get('requirements'))}", ""]
    lines.append(f"- {filled.replace(_TITLES, modules, 1)}")
    knowledge = l10n.percent(requirements.knowledge_check / 100, locale)
    lines.append(f"- {text(labels.get('requirement_knowledge', percent=knowledge))}")
    teach_back = l10n.number(requirements.teach_back, locale)
    lines.append(f"- {text(labels.get('requirement_teach_back', level=teach_back))}")
    if requirements.observed_deliveries:
        observed = l10n.number(requirements.observed_deliveries, locale)
        lines.append(f"- {text(labels.get('requirement_observed', count=observed))}")
    period = l10n.months(certification.validity_months, locale)
    lines += ["", text(labels.get("validity", period=period)), ""]
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

        def translated(text: str) -> tuple[str, str]:
            shown = certifying.value(text, mark=False)
            catalog = certifying.catalog
            missing = catalog is not None and bool(text.strip()) and text not in catalog.translated
            return shown, source if missing else ""

        markdown = overview(project.certification, translated, labels, locale, module_titles, title_fallbacks)
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
