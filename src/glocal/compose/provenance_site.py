"""Provenance of a whole site: the module pages (provenance.py), the home page, the handouts, the
facilitator-notes page and the Train-the-Trainer section, walked as `compose_site`, `home_page`,
`notes_page` and `ttt.compose` write them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from glocal import l10n
from glocal.compose import agenda
from glocal.compose.links import relocator
from glocal.compose.pages import h1_end
from glocal.compose.provenance import Explainer
from glocal.compose.provenance_records import Block, Entries, Locate, Where
from glocal.compose.site import SiteInputs
from glocal.markdown.blocks import parse, rebase_links
from glocal.model import Certification, Guide, LessonPage, Module, Project, SiteRef


def explain_site(
    project: Project,
    site: SiteRef,
    inputs: SiteInputs,
    entries: Entries,
    var_lines: Mapping[str, int],
    locate: Locate,
) -> dict[str, list[Block]]:
    """Each page of the site (home, module pages, handouts, notes, Train-the-Trainer) → its
    blocks, in the order shown."""
    explainer = Explainer(project, site, inputs, entries, var_lines, locate)
    pages = {"index.md": home_page(explainer)}
    for module in project.modules.values():
        blocks = explainer.module(module)
        pages[f"modules/{module.id}.md"] = blocks
        handout = f"handouts/{module.id}.md"
        pages[handout] = [replace(b, page=handout) for b in blocks if not b.facilitator]
    pages["notes.md"] = notes_page(explainer)
    if project.certification is not None:
        pages["ttt/index.md"] = overview(explainer, project.certification)
    for module in project.modules.values():
        guide = project.guides.get(module.id)
        if guide is not None:
            pages[f"ttt/{module.id}.md"] = guide_page(explainer, module, guide)
    for lesson_page in project.pages.values():
        pages[lesson_page.site_path] = further_page(explainer, lesson_page)
    return pages


def _title(explainer: Explainer, module: Module) -> str:
    program = explainer.project.program
    assert program is not None
    return explainer.translate(module.path, program.source_language, module.title)[0]


def notes_page(explainer: Explainer) -> list[Block]:
    """Every facilitator note of the site, per module, with its blocks as on the module page."""
    page, labels = "notes.md", explainer.labels
    blocks = [explainer.generated(page, labels.get("facilitator_notes"))]
    for number, module in enumerate(explainer.project.modules.values(), 1):
        notes = explainer.notes_by_module.get(module.id)
        if not notes:
            continue
        heading = f"{l10n.number(number, explainer.locale)}. {_title(explainer, module)}"
        blocks.append(explainer.generated(page, heading))
        for note in notes:
            blocks += [_moved(replace(block, page=page)) for block in note]
            blocks.append(explainer.generated(page, labels.get("back_to_note"), note[0].source))
    return blocks


def _moved(block: Block) -> Block:
    """The block with its links as the notes page (at the site's top) writes them."""
    text = block.text
    if block.kind in ("code", "html", "generated") or ("](" not in text and "]:" not in text):
        return block
    return replace(block, text="\n".join(rebase_links(parse(text), relocator("")).lines))


def guide_page(explainer: Explainer, module: Module, guide: Guide) -> list[Block]:
    """A module's Train-the-Trainer guide (core), then the link back to the module."""
    program = explainer.project.program
    assert program is not None
    page = f"ttt/{module.id}.md"
    text = explainer.text_of(guide.body, guide.path, guide.body_line, "core", program.source_language)
    blocks = explainer.walker(page, {})(text, 0, len(text.parsed.lines), text.parsed.containers, False)
    back = f"{explainer.labels.get('back_to_module')}: {_title(explainer, module)}"
    return [*blocks, explainer.generated(page, back)]


def further_page(explainer: Explainer, lesson_page: LessonPage) -> list[Block]:
    """One of program.yml's pages (core): its title when its body has no heading, then its body."""
    program = explainer.project.program
    assert program is not None
    page, language = lesson_page.site_path, program.source_language
    text = explainer.text_of(lesson_page.body, lesson_page.path, lesson_page.body_line, "core", language)
    blocks = explainer.walker(page, {})(text, 0, len(text.parsed.lines), text.parsed.containers, False)
    if h1_end(text.parsed) is not None:
        return blocks
    return [explainer.value(page, "heading", "core", lesson_page.path, language, lesson_page.title), *blocks]


def overview(explainer: Explainer, certification: Certification) -> list[Block]:
    """The certification overview: competencies, the rubric and its anchors, the requirements."""
    program = explainer.project.program
    assert program is not None
    page, labels, path, locate = "ttt/index.md", explainer.labels, certification.path, explainer.locate
    language = program.source_language

    def value(kind: str, msgid: str, after: int = 0, context: str = "") -> Block:
        shown, translation = explainer.translate(path, language, msgid)  # never a template
        where = Where(path, locate(path, msgid.split("\n")[0], after))
        return Block(page, kind, "core", shown, where, translation, context)

    def generated(text: str, key: str | None = None, after: int = 0) -> Block:
        return explainer.generated(page, text, Where(path, locate(path, key, after) if key else None))

    blocks = [
        generated(labels.get("ttt_overview")),
        generated(labels.get("ttt_intro")),
        generated(labels.get("competencies"), "competencies:"),
    ]
    names = {
        c.id: value("paragraph", c.name, c.span.line or 0, "competency") for c in certification.competencies
    }
    blocks += names.values()
    blocks += [generated(labels.get("rubric"), "rubric:")]
    blocks += [generated(labels.get("criterion")), generated(labels.get("competency"))]
    levels_line = locate(path, "levels:") or 1
    blocks += [
        value("cell", certification.levels[level], levels_line - 1, f"rubric level {level}")
        for level in sorted(certification.levels)
    ]
    for criterion in certification.criteria:
        after = criterion.span.line or 0
        blocks.append(value("cell", criterion.name, after, f"criterion '{criterion.id}'"))
        competency = names.get(criterion.competency)
        if competency is not None:
            blocks.append(replace(competency, kind="cell", context=f"criterion '{criterion.id}'"))
        blocks += [
            value("cell", criterion.anchors[level], after, f"criterion '{criterion.id}', level {level}")
            for level in sorted(certification.levels)
            if criterion.anchors.get(level)
        ]
    requirements = certification.requirements
    titles = [
        _title(explainer, explainer.project.modules[m]) if m in explainer.project.modules else m
        for m in requirements.modules
    ]
    locale, after = explainer.locale, (locate(path, "requirements:") or 1) - 1
    knowledge = l10n.percent(requirements.knowledge_check / 100, locale)
    teach_back = l10n.number(requirements.teach_back, locale)
    blocks += [
        generated(labels.get("requirements"), "requirements:"),
        generated(labels.get("requirement_modules", modules=l10n.join(titles, locale)), "modules:", after),
        generated(labels.get("requirement_knowledge", percent=knowledge), "knowledge_check:", after),
        generated(labels.get("requirement_teach_back", level=teach_back), "teach_back:", after),
    ]
    if requirements.observed_deliveries:
        count = l10n.number(requirements.observed_deliveries, locale)
        observed = labels.get("requirement_observed", count=count)
        blocks.append(generated(observed, "observed_deliveries:", after))
    period = l10n.months(certification.validity_months, locale)
    blocks.append(generated(labels.get("validity", period=period), "validity_months:"))
    return blocks


def home_page(explainer: Explainer) -> list[Block]:
    """The home page's blocks: the programme's title and description, the region, its day plan."""
    program = explainer.project.program
    assert program is not None
    region, page, labels = explainer.raw_region, "index.md", explainer.labels
    language = program.source_language
    blocks = [explainer.value(page, "heading", "program", program.path, language, program.title)]
    if program.description:
        blocks.append(
            explainer.value(page, "paragraph", "program", program.path, language, program.description)
        )
    shown = [  # (label, value, its key in region.yml): each a line of the home page's region box
        ("about_region", explainer.region.name, "name"),
        ("time_zone", region.timezone and l10n.time_zone(region.timezone, explainer.locale), "timezone"),
        (
            "day_start",
            l10n.clock(agenda.start_of_day(region.day_start), explainer.locale),
            "day_start",
        ),  # as shown
    ]
    for label, value, key in shown:
        if value:  # a region without a time zone shows none
            where = Where(region.path, _key_line(explainer, key))
            blocks.append(explainer.generated(page, f"{labels.get(label)}: {value}", where))
    if region.notes:
        blocks.append(explainer.generated(page, labels.get("delivery_notes")))
        blocks.append(
            explainer.value(page, "paragraph", "region", region.path, region.source_language, region.notes)
        )
    blocks.append(explainer.generated(page, labels.get("agenda")))
    timings = {module.id: explainer.timing(module) for module in explainer.project.modules.values()}
    durations = {key: (t.minutes if t else None) for key, t in timings.items()}
    days = agenda.plan(program, durations, region.day_start)
    line = explainer.locate(program.path, "days:")
    for day in days:
        first = next((slot.module_id for slot in day.slots if slot.module_id), None)
        line = (explainer.locate(program.path, first, line or 0) if first else None) or line  # the day's
        if len(days) > 1:
            number = l10n.number(day.number, explainer.locale)
            blocks.append(explainer.generated(page, labels.get("day", number=number)))
        for slot in day.slots:
            when = f"{l10n.clock(slot.start, explainer.locale)}–{l10n.clock(slot.end, explainer.locale)}"
            module = explainer.project.modules.get(slot.module_id or "")
            if slot.kind == "module" and module is not None:
                title, _ = explainer.translate(module.path, language, module.title)
                blocks.append(explainer.generated(page, f"{when} {title}", timing=timings[module.id]))
            else:
                blocks.append(
                    explainer.generated(
                        page,
                        f"{when} {labels.get(slot.kind)}",
                        Where(program.path, line),
                    )
                )
    return blocks


def _key_line(explainer: Explainer, key: str) -> int | None:
    """The 1-based line of `key` in the region's region.yml."""
    span = explainer.raw_region.spans.get(key)
    return (span.line or 0) + 1 if span else None
