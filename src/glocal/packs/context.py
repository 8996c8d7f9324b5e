"""What every part of one pack shares, worked out once before any file is made."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date

from glocal import l10n
from glocal.compose import ComposedSite, SiteInputs
from glocal.i18n.translations import Translator
from glocal.i18n.ui import Labels
from glocal.model import Certification, Program, Project
from glocal.packs import documents

#: A pack's files as its parts make them: bytes, or a PDF still being rendered.
Files = dict[str, "bytes | documents.Ticket"]

SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """A file-name-safe form of an id or name."""
    return SLUG.sub("-", text).strip("-.") or "x"


def json_file(data: dict) -> bytes:
    """A JSON file of the pack: indented, UTF-8, ending in a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def long_date(moment: datetime, locale: str) -> str:
    """A date as the locale writes it in full: 14. november 2023, 14 tháng 11, 2023."""
    return format_date(moment.date(), format="long", locale=l10n.locale(locale))


@dataclass(frozen=True)
class Rubric:
    """The rubric in the pack's language, as the templates take it."""

    levels: list[dict[str, Any]]  # {"number": 1, "name": "Not yet"}, lowest first
    criteria: list[dict[str, Any]]  # {"id", "name", "competency", "anchors": one per level}
    competency_names: dict[str, str]


@dataclass(frozen=True)
class PackContext:
    """What every part of one pack shares, worked out once before any file is made."""

    project: Project
    program: Program
    certification: Certification
    composed: ComposedSite
    inputs: SiteInputs  # the catalogs and labels the site was composed from
    when: int  # SOURCE_DATE_EPOCH (or now), in seconds
    issued: datetime
    cohort: str
    common: dict[str, Any]  # the template context every document gets
    rubric: Rubric
    titles: dict[str, str]  # module id -> its title on the site
    printer: documents.Printer  # renders the PDFs, on every core
    refused: list[str] = field(default_factory=list)  # URLs the PDFs were not allowed to read

    def pdf(self, document: str, base_url: Path | None = None) -> documents.Ticket:
        """A PDF that can embed only files inside the project (and data: URLs), handed to the
        printer: `collect` turns it into bytes."""
        return self.printer.print(document, base_url)

    def collect(self, files: Files) -> dict[str, bytes]:
        """`files` with every PDF rendered, the URLs they were refused added to `refused`."""
        return self.printer.collect(files, self.refused)

    @property
    def labels(self) -> Labels:
        return self.inputs.labels

    @property
    def language(self) -> str:
        return self.composed.site.language

    @property
    def locale(self) -> str:
        return self.composed.locale

    def core(self, path: str) -> Translator:
        """Core texts (a module, certification.yml) in the pack's language."""
        return self.inputs.translator(path, self.program.source_language, self.language)

    def date(self, moment: datetime) -> str:
        return long_date(moment, self.locale)
