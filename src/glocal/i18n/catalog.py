"""PO catalogs with polib: read with diagnostics, write atomically and stably, in the file's own style.

polib keeps what translators' tools write (previous msgids `#|`, obsolete `#~`, flags,
translator comments, header fields in order), which a round trip must not lose.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath

import polib
from babel import UnknownLocaleError
from babel.messages.plurals import get_plural

from glocal import l10n
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.fsutil import escaping_link, read_at_most, write_bytes_atomic
from glocal.i18n import layout, strict
from glocal.load.files import outside_link, too_large

#: The largest catalog Glocal reads; a bigger one is GL014 (20,000 messages take about 3 MB).
MAX_CATALOG_BYTES = 20 * 1024 * 1024
#: The most messages (obsolete `#~` ones too) a catalog of the project may hold; one with more is
#: GL014 and not read. Each is about 2 KB in memory once read (polib's entries): 600,000 short
#: messages fit in 20 MB and took 7.7 s and 1.2 GiB to read, for every such catalog a
#: translator sends. A module's catalog holds one message per block, and a text may have at most
#: 50,000 block tokens (three or more a block): 50,000 leaves room for years of obsolete ones.
#: Catalogs named on the command line (`i18n merge`, `--compendium`) are not bounded by it.
MAX_CATALOG_MESSAGES = 50_000
#: ... and at most this many times the size of the file it translates, plus CATALOG_ALLOWANCE
#: (its header, comments and obsolete messages), when the caller names that file: the sample's
#: catalogs are at most 6.6 times their source (a 685-byte overlay's, mostly header). Without
#: it, one translator could fill each of a language's catalogs to the bounds above: 38 Danish
#: catalogs of 49,000 messages (132 MB) made `check` of the sample take 105 s and 1.3 GiB.
CATALOG_PER_SOURCE_BYTE = 20
CATALOG_ALLOWANCE = 256 * 1024


def source_bytes(root: Path, source: str) -> int | None:
    """The size of the file a catalog translates (`source`, relative to `root`), or None."""
    try:
        return (Path(root) / source).stat().st_size
    except OSError:
        return None


def _limit(source: int | None) -> tuple[int, str]:
    """The most bytes a catalog of a `source`-byte file may hold, and why that many."""
    if source is None:
        return MAX_CATALOG_BYTES, ""
    limit = CATALOG_PER_SOURCE_BYTE * source + CATALOG_ALLOWANCE
    if limit >= MAX_CATALOG_BYTES:
        return MAX_CATALOG_BYTES, ""
    return (
        limit,
        f" for a catalog of a {source:,}-byte file "
        f"({CATALOG_PER_SOURCE_BYTE} times it, and {CATALOG_ALLOWANCE // 1024} KiB)",
    )


@dataclass(frozen=True)
class TemplateEntry:
    msgid: str
    occurrences: tuple[tuple[str, int], ...]  # (path, 1-based line; 0 when the reference has none)
    comment: str  # extracted comment for translators (`#.`)
    msgctxt: str | None = None
    msgid_plural: str = ""
    flags: tuple[str, ...] = ()  # what a template says of its message: `python-format`, `no-wrap`...


def template_entries(pot: polib.POFile) -> list[TemplateEntry]:
    """The messages of a template read from a file (a POT, or a PO used as one), in its order."""
    return [
        TemplateEntry(
            e.msgid,
            tuple((path, int(line) if str(line).isdigit() else 0) for path, line in e.occurrences),
            e.comment,
            e.msgctxt,
            e.msgid_plural or "",
            tuple(f for f in e.flags if f != "fuzzy"),
        )
        for e in pot
        if not e.obsolete and e.msgid
    ]


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
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                msgstr="",
                msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
                occurrences=[(path, str(line) if line else "") for path, line in entry.occurrences],
                comment=entry.comment,
                flags=list(entry.flags),
            )
        )
    return po


def read(
    path: Path,
    relpath: str,
    *,
    partial: bool = False,
    keep_layout: bool = False,
    max_messages: int | None = MAX_CATALOG_MESSAGES,
    source: int | None = None,
) -> tuple[polib.POFile | None, list[Diagnostic]]:
    """Load a PO/POT file strictly, every problem a diagnostic at its line (see `strict`).

    By default a catalog with any error is refused (None), so nothing that writes a catalog
    can lose an entry it could not read. With `partial=True` (for reading translations to
    show) the catalog is returned with every broken entry's translation emptied: those
    segments fall back to the source text. A file that is unreadable or not UTF-8, or a link
    out of the project (GL013, never followed), is None either way. With `keep_layout=True`
    (for a catalog that will be written again) `write` keeps the file's own layout (`layout`).
    A catalog of more than `max_messages` messages, or larger than its `source` (the size of the
    file it translates, `source_bytes`) allows, is GL014 and not read.
    """
    limit, why = _limit(source)
    relative, full = PurePath(relpath), Path(path)  # made once: 10,000 catalogs at scale
    parts = relative.parts
    # A file in the project (`path` is `root / relpath`) must not be a link that leads out of it;
    # a path the user names on the command line (absolute, or with `..`) is read where it is.
    inside = parts and not relative.is_absolute() and ".." not in parts
    if inside and full.parts[-len(parts) :] == parts:
        root = full.parents[len(parts) - 1]
        link = escaping_link(root, relpath)
        if link is not None:  # never read (or quote) a file outside the project
            return None, [outside_link(link)]
    try:
        info = full.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would never end
            problem = "cannot read the catalog: it is not a regular file"
            return None, [Diagnostic("GL301", problem, Span(relpath))]
        if info.st_size > limit:
            return None, [_too_large(relpath, info.st_size, limit, why)]
        with open(path, "rb") as handle:
            raw = read_at_most(handle, limit)
    except OSError as exc:
        return None, [Diagnostic("GL301", f"cannot read the catalog: {exc.strerror or exc}", Span(relpath))]
    if len(raw) > limit:  # it grew since stat()
        return None, [_too_large(relpath, len(raw), limit, why)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n")
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace"))
        return None, [
            Diagnostic(
                "GL301",
                f"expected UTF-8 text but found the byte 0x{raw[exc.start]:02x}",
                Span(relpath, line, col),
                hint="save the catalog as UTF-8 (charset=UTF-8 in the header)",
            )
        ]
    if max_messages is not None:
        messages = text.count("\nmsgid ") + text.count("\n#~ msgid ") + text.startswith("msgid ")
        if messages > max_messages:
            return None, [
                Diagnostic(
                    "GL014",
                    f"the catalog holds {messages:,} messages, more than Glocal reads "
                    f"({max_messages:,}): it is skipped",
                    Span(relpath),
                    hint="remove the old (#~) messages it keeps (msgattrib --no-obsolete), or split it",
                )
            ]
    errors = _format_errors(raw) if "-format" in text and FORMAT_FLAG.search(text) else ()
    po, problems = strict.parse(text, relpath, errors, keep_layout=keep_layout)
    if not partial and any(d.level is Severity.ERROR for d in problems):
        return None, problems
    return po, problems


def _too_large(relpath: str, size: int, limit: int, why: str) -> Diagnostic:
    if not why:
        return too_large(relpath, size, limit)
    return Diagnostic(
        "GL014",
        f"the catalog is {size:,} bytes, more than Glocal reads{why}: it is skipped",
        Span(relpath),
        hint="remove the old (#~) messages it keeps (msgattrib --no-obsolete), and any its file lacks",
    )


#: A `#, c-format` (python-format, javascript-format...) flag: the entry's format strings must agree.
FORMAT_FLAG = re.compile(r"^#,[^\n]*-format", re.M)
MSGFMT_ERROR = re.compile(r"^<stdin>:(\d+): (.*format.*)$", re.M)


def _format_errors(raw: bytes) -> list[tuple[int, str]]:
    """What GNU `msgfmt --check-format` says about format strings, as (0-based line, message).

    Format-string grammars (C, Python, JavaScript, ...) are GNU gettext's to define, so it is
    asked, and only for a catalog with a format flag (Glocal's own catalogs have none). Without
    msgfmt (GNU gettext is a set-up dependency) format strings are not checked."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    try:
        run = subprocess.run(
            [msgfmt, "--check-format", "-o", os.devnull, "-"],
            input=raw,
            capture_output=True,
            timeout=120,
            env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        )
    except (OSError, subprocess.SubprocessError):
        return []
    stderr = run.stderr.decode("utf-8", errors="replace")
    return [(int(line) - 1, message) for line, message in MSGFMT_ERROR.findall(stderr)]


def render(po: polib.POFile) -> str:
    """The text of a catalog: a new one unwrapped; one read from a file the way that file was (`layout`)."""
    return layout.render(po)


def write(path: Path, po: polib.POFile) -> bool:
    """Write `po` atomically; returns False (and leaves the file alone) when nothing changed.

    The file's bytes are compared, not its text: `read_text` would turn a CRLF file's line ends
    into LF while `render` keeps them, and every update would rewrite (and report) it unchanged."""
    data = render(po).encode("utf-8")
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_bytes_atomic(path, data)
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
