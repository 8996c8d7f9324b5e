"""`site/index.html`: every region and language with its status and coverage (no external assets)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from glocal import l10n
from glocal.fsutil import write_text_atomic
from glocal.i18n.ui import labels_for
from glocal.model import Project


def render_portal(project: Project, summaries: list, available: set[str]) -> str:
    program = project.program
    assert program is not None  # the portal is built only for a project whose program was loaded
    env = Environment(loader=PackageLoader("glocal", "templates"), autoescape=select_autoescape(["html"]))
    labels = labels_for(program.source_language, project.root)  # the project's own labels too
    locale = program.source_language
    rows = []
    for summary in summaries:
        region = project.regions[summary.region]
        rows.append(
            {
                "summary": summary,
                "region": region,
                "language_name": l10n.language_name(summary.language, region.locale_for(summary.language)),
                "translated": l10n.percent(summary.translated, locale),
                "core_share": l10n.percent(summary.core_share, locale),
                "budget": summary.budget,  # within, below, above or exempt
                "href": f"{summary.site}/index.html" if summary.site in available else None,
            }
        )
    sites = [row["summary"] for row in rows]
    heatmap = []
    for module in project.modules.values():
        cells = []
        for summary in sites:
            data = summary.modules.get(module.id, {"translated": 0.0, "slots": []})
            share = data["translated"]
            marks = "".join({"filled": "●", "default": "○", "missing": "✕"}[state] for state in data["slots"])
            cells.append(
                {
                    "share": l10n.percent(share, locale),
                    "marks": marks,
                    "color": f"hsl({round(120 * share)}, 60%, {88 if share < 1 else 82}%)",
                    "missing": "missing" in data["slots"],
                    "site": summary.site,
                }
            )
        heatmap.append({"id": module.id, "title": module.title, "cells": cells})
    downloads = {s.site: f"downloads/{s.site.replace('/', '-')}.zip" for s in sites if s.site in available}
    budget_range = "–".join(
        l10n.percent(share, locale) for share in (program.core_share_min, program.core_share_max)
    )
    return env.get_template("portal.html").render(
        program=program,
        budget_range=budget_range,
        rows=rows,
        t=labels.get,
        lang=locale,
        heatmap=heatmap,
        sites=sites,
        downloads=downloads,
    )


def write_portal(project: Project, summaries: list, out: Path, available: set[str]) -> Path:
    """Write the portal; `available` are the sites that have output to link to."""
    path = Path(out) / "index.html"
    write_text_atomic(path, render_portal(project, summaries, available))
    return path
