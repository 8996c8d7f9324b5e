"""A site's further pages (program.yml's `pages:`: a lesson's setup, glossary, instructor
notes), each translated and rendered as a module's body is, at its place under `curriculum/`."""

from __future__ import annotations

from collections.abc import Callable

from glocal.compose.pages import h1_end
from glocal.compose.render import Renderer, text
from glocal.compose.templating import RegionVars, render_translation
from glocal.compose.ttt import ExtraPage, Section, heading_title
from glocal.diagnostics import Diagnostic
from glocal.i18n.apply import fallback_markup
from glocal.i18n.translations import Tally, Translator
from glocal.i18n.ui import Labels
from glocal.markdown.dialect import squeeze
from glocal.model import Project, Region


def compose(
    project: Project,
    translator: Callable[[str, str], Translator],
    context: dict,
    labels: Labels,
    locale: str,
    region: Region,
) -> Section:
    """Every listed page in the site's language; its title is its heading when it has none."""
    assert project.program is not None
    source = project.program.source_language
    regional = RegionVars.of(project, region)
    pages: list[ExtraPage] = []
    diagnostics: list[Diagnostic] = []
    tally = Tally()
    for page in project.pages.values():
        translating = translator(page.path, source)
        title = translating.value(page.title, mark=False)
        title_fallback = translating.fallback(page.title)
        body_text = translating.markdown(page.body)
        tally = tally + translating.tally
        body, found = render_translation(
            body_text, page.body, context, page.path, page.body_line, ("GL115", "GL116"), regional
        )
        diagnostics += found
        lines = Renderer(body, labels, region, locale).range(0, len(body.lines), body.containers)
        if not page.titled:  # its heading, as this site shows it (translated, or marked)
            title, title_fallback = heading_title(body, (title, title_fallback))
        if h1_end(body) is None:  # a Carpentries page has its title in its front matter only
            heading = text(title)
            if title_fallback:
                heading = fallback_markup(heading, title_fallback, labels.get("not_translated"))
            lines = [f"# {heading}", "", *lines]
        markdown = "\n".join(squeeze(lines)).strip("\n") + "\n"
        pages.append(ExtraPage(page.site_path, title, markdown, title_fallback))
    return Section(tuple(pages), tuple(diagnostics), tally)
