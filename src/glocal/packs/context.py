"""What every part of one pack shares, worked out once before any file is made."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from glocal import l10n
from glocal.compose import ComposedSite, SiteInputs
from glocal.i18n.translations import Translator
from glocal.i18n.ui import Labels
from glocal.model import Certification, Program, Project
from glocal.packs import documents

#: A pack's files as its parts make them: bytes, or a PDF still being rendered.
Files = dict[str, "bytes | documents.Ticket"]

#: What a file name keeps of an id or a name: letters and digits of any script, `.`, `_`, `-`.
SLUG = re.compile(r"[^\w.-]+")
#: The longest file name a pack gives (in characters; zip tools and file systems refuse past
#: 255 bytes, and a Vietnamese or Arabic letter is 2 or 3 bytes in UTF-8).
SLUG_LENGTH = 60
#: Names Windows cannot give a file, whatever its extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(1, 10)}


def slug(text: str) -> str:
    """A file-name-safe form of an id or name: its letters and digits in any script (NFC, so
    that `Hà` typed either way is one name), other runs of characters a `-`. Before, only ASCII
    was kept: the cohorts 'القاهرة' and 'الإسكندرية' both became `x`, one pack replacing the
    other. A long one is cut, with a short hash of the whole so that it stays apart from others;
    a name Windows reserves (`CON`) gets a `_` in front."""
    name = SLUG.sub("-", unicodedata.normalize("NFC", text)).strip("-.") or "x"
    if len(name) > SLUG_LENGTH:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        name = f"{name[: SLUG_LENGTH - 9].rstrip('-.')}-{digest}"
    if name.split(".", 1)[0].casefold() in _RESERVED:
        name = f"_{name}"
    return name


def json_file(data: dict) -> bytes:
    """A JSON file of the pack: indented, UTF-8, ending in a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def long_date(moment: datetime, locale: str) -> str:
    """A date as the locale writes it in full, in its digits: 14. november 2023, 14 tháng 11, 2023,
    ١٤ نوفمبر ٢٠٢٣."""
    return l10n.date(moment, locale)


@dataclass(frozen=True)
class Rubric:
    """The rubric in the pack's language, as the templates take it."""

    levels: list[dict[str, Any]]  # {"number": 1, "shown": "١", "name": "Not yet"}, lowest first
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
