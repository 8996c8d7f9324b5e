"""PO catalogs with polib: read with diagnostics, write without wrapping, atomically, stably.

polib keeps what translators' tools write (previous msgids `#|`, obsolete `#~`, flags,
translator comments, header fields in order), which a round trip must not lose.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib
from babel import UnknownLocaleError
from babel.messages.plurals import get_plural

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import write_text_atomic

SYNTAX_LINE = re.compile(r"line (\d+)")


@dataclass(frozen=True)
class TemplateEntry:
    msgid: str
    occurrences: tuple[tuple[str, int], ...]  # (path, 1-based line)
    comment: str  # extracted comment for translators (`#.`)


def plural_forms(language: str) -> str:
    try:
        plural = get_plural(l10n.parse(language))
        return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"


def _created() -> str:
    """Now (or SOURCE_DATE_EPOCH, for reproducible files) as gettext writes dates."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(stamp), UTC) if stamp and stamp.isdigit() else datetime.now(UTC)
    return when.strftime("%Y-%m-%d %H:%M+0000")


def new_catalog(project_id: str, version: str, language: str | None) -> polib.POFile:
    """An empty catalog with a complete header (no dates, so regenerating changes nothing)."""
    po = polib.POFile(wrapwidth=0)
    po.header = f"Glocal catalog for {project_id}." if language else f"Glocal template for {project_id}."
    po.metadata = {
        "Project-Id-Version": f"{project_id} {version}",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": _created(),
        "Last-Translator": "",
        "Language-Team": language or "",
        "Language": language or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language:
        po.metadata["Plural-Forms"] = plural_forms(language)
    else:  # a template has no language and no revision yet
        for key in ("PO-Revision-Date", "Last-Translator", "Language-Team", "Language"):
            del po.metadata[key]
    return po


def template(project_id: str, version: str, entries: list[TemplateEntry]) -> polib.POFile:
    po = new_catalog(project_id, version, None)
    for entry in entries:
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr="",
                occurrences=[(path, str(line)) for path, line in entry.occurrences],
                comment=entry.comment,
            )
        )
    return po


def read(path: Path, relpath: str) -> tuple[polib.POFile | None, list[Diagnostic]]:
    """Load a PO/POT file; a syntax error is a GL301 diagnostic at its line."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [Diagnostic("GL301", f"cannot read the catalog: {exc.strerror or exc}", Span(relpath))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n")
        return None, [
            Diagnostic(
                "GL301",
                f"expected UTF-8 text but found the byte 0x{raw[exc.start]:02x}",
                Span(relpath, line, 0),
                hint="save the catalog as UTF-8 (charset=UTF-8 in the header)",
            )
        ]
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        match = SYNTAX_LINE.search(str(exc))
        line = int(match.group(1)) - 1 if match else 0
        message = str(exc).split(" (line")[0]
        return None, [
            Diagnostic(
                "GL301",
                f"broken PO file: {message}",
                Span(relpath, line, 0),
                hint="check quotes and keywords (msgid, msgstr) on this line; "
                "`msgfmt --check` shows the same",
            )
        ]
    return po, []


def render(po: polib.POFile) -> str:
    po.wrapwidth = 0
    for entry in po:
        entry.wrapwidth = 0
    text = po.__unicode__()
    return text if text.endswith("\n") else text + "\n"


def write(path: Path, po: polib.POFile) -> bool:
    """Write `po` atomically; returns False (and leaves the file alone) when nothing changed."""
    text = render(po)
    path = Path(path)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_text_atomic(path, text)
    return True


def _first_form(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        forms = entry.msgstr_plural or {}
        return forms.get(0, forms.get("0", ""))
    return entry.msgstr


def is_translated(entry: polib.POEntry) -> bool:
    """Translated as GNU msgfmt counts it: not obsolete, not fuzzy, first form non-empty."""
    return not entry.obsolete and "fuzzy" not in entry.flags and bool(_first_form(entry))


def is_fuzzy(entry: polib.POEntry) -> bool:
    """Fuzzy as GNU msgfmt counts it: flagged fuzzy with a (first) translation."""
    return not entry.obsolete and "fuzzy" in entry.flags and bool(_first_form(entry))
