"""`glocal import workbench LESSON --update`: a lesson's new version, into a programme made of it.

A programme imported from a Carpentries lesson goes on living: its authors give episodes slots,
schedule them into days, fix a figure; the lesson's maintainers publish new versions. The import
records what it wrote (`upstream/lesson.json`: each file's SHA-256; `upstream/files/`: each
episode's and page's text, the common ancestor a three-way merge needs). An update then imports
the lesson again and, file by file, compares the three: what was imported (the base), what the
project holds now (yours) and what the lesson gives now (theirs):

- only the lesson changed it: the new version is written;
- only you changed it: yours is kept;
- both changed a text: GNU `diff3 -m` merges them; a clean merge is written, a conflicting one
  is not: yours is kept and the merge, with conflict markers, goes to `upstream/conflicts/` (GL126);
- a new episode or page is written and listed in program.yml (modules:, pages:); an episode or
  a page the lesson no longer has, and a file you removed, are left as they are and named;
- a figure or data file the lesson no longer has is removed if you had not changed it (knitting
  names plots after their chunks: renamed chunks would leave old plots published forever).

program.yml and the region the import created are yours from the start: never rewritten, but for
the new items listed. The record is rewritten last, so an interrupted update can run again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from ruamel.yaml.error import YAMLError

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import read_at_most, write_bytes_atomic
from glocal.load import CURRICULUM_DIR, MODULES_DIR, PROGRAM_PATH, REGIONS_DIR
from glocal.scaffold import Outcome, add_to_program_list
from glocal.upstream import UPSTREAM_CONFLICTS, UPSTREAM_DIR

RECORD_DIR = UPSTREAM_DIR
RECORD = f"{RECORD_DIR}/lesson.json"
BASES = f"{RECORD_DIR}/files"
CONFLICTS = UPSTREAM_CONFLICTS  # `check` names each file left here (GL127)
#: Written once by the import, then the author's: never replaced by an update
OWNED = (PROGRAM_PATH, f"{REGIONS_DIR}/global/region.yml", "mkdocs.yml")
#: A record lists one line per file of a lesson: tens of thousands fit in this
MAX_RECORD_BYTES = 8 << 20
#: diff3 compares line by line: past this, a text is not merged (yours is kept, theirs set aside)
MAX_MERGE_BYTES = 4 << 20


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(path: str) -> bool:
    """Files whose common ancestor is kept, to merge: the episodes and pages (Markdown)."""
    return path.endswith(".md")


def record(root: Path, lesson: Path, files: dict[str, bytes]) -> None:
    """Record what the import wrote: the bases of a later update."""
    for path, data in sorted(files.items()):
        if _text(path) and path not in OWNED and _read(root / BASES / path) != data:
            write_bytes_atomic(root / BASES / path, data)
    body = {
        "about": "what `glocal import workbench` took from the lesson, for --update; do not edit",
        "lesson": lesson.resolve().name,
        "files": {path: _digest(data) for path, data in sorted(files.items())},
    }
    data = (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    if _read(root / RECORD) != data:  # an update that changes nothing writes nothing
        write_bytes_atomic(root / RECORD, data)


def _read_record(root: Path) -> tuple[dict[str, str] | None, Diagnostic | None]:
    path = root / RECORD
    hint = "import the lesson into a new folder (glocal import workbench LESSON --into DIR) and compare"
    if not path.is_file() or path.is_symlink():
        return None, Diagnostic(
            "GL125",
            f"expected {RECORD}, which the import writes, but found none: the programme was not "
            "imported, or imported before Glocal recorded imports",
            Span(RECORD),
            hint=hint,
        )
    try:
        with path.open("rb") as handle:
            data = json.loads(read_at_most(handle, MAX_RECORD_BYTES).decode("utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise TypeError("files")
        # only paths inside the project: the record is a file anyone may have edited
        files = {k: v for k, v in files.items() if k and not k.startswith("/") and ".." not in k.split("/")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, Diagnostic("GL125", f"{RECORD} cannot be read: {exc}", Span(RECORD), hint=hint)
    return files, None


def _read(path: Path) -> bytes | None:
    """A file of the project, or None: missing, or a link (never followed)."""
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes()


def update_programme(
    root: Path, lesson: Path, files: dict[str, bytes], ids: list[str], pages: list[str], notes: list[str]
) -> Outcome:
    """Bring the programme at `root`, imported from a lesson before, up to the lesson at `lesson`
    (`files`, `ids`, `pages`: what importing it now would write and list)."""
    outcome = Outcome()
    recorded, problem = _read_record(root)
    if problem is not None:
        outcome.diagnostics.append(problem)
    if recorded is None:
        return outcome
    kept: list[str] = []  # yours, the lesson's version unchanged or not taken
    set_aside: list[str] = []  # theirs removed, or yours removed
    merged: list[str] = []
    for path, theirs in files.items():
        if path in OWNED:
            continue
        yours = _read(root / path)
        known = recorded.get(path)
        base = _base(root, path, known)
        if yours == theirs:
            continue
        if known is None:  # new in the lesson
            if yours is None and not (root / path).is_symlink():
                write_bytes_atomic(root / path, theirs)
                outcome.created.append(path)
            else:
                _conflict(root, path, theirs, outcome, "the lesson has a new file where yours is")
            continue
        if yours is None:
            if _digest(theirs) != known:
                set_aside.append(f"{path} (you removed it; the lesson changed it)")
            continue
        if _digest(yours) == known:  # untouched since the import
            write_bytes_atomic(root / path, theirs)
            outcome.changed.append(path)
        elif _digest(theirs) == known:  # only yours changed
            kept.append(path)
        elif base is None or not _text(path):
            _conflict(root, path, theirs, outcome, "you and the lesson both changed it")
        else:
            text, clean = _merge(yours, base, theirs)
            if clean:
                write_bytes_atomic(root / path, text)
                merged.append(path)
            else:
                _conflict(root, path, text, outcome, "you and the lesson both changed the same lines")
    removed: list[str] = []
    for path in sorted(set(recorded) - set(files) - set(OWNED)):
        yours = _read(root / path)
        if yours is not None and not _text(path) and _digest(yours) == recorded[path]:
            (root / path).unlink()  # a figure or a data file as imported, which the lesson dropped
            removed.append(path)
        elif yours is not None:  # an episode or a page (program.yml lists it), or one you changed
            set_aside.append(f"{path} (the lesson no longer has it; kept)")
        if _text(path) and _read(root / BASES / path) is not None:
            (root / BASES / path).unlink()
    _list_new(root, ids, pages, recorded, outcome)
    record(root, lesson, files)  # last: the bases of the next update are the lesson as it is now
    steps = []
    if merged:
        steps.append(f"merged (your changes and the lesson's): {', '.join(merged)}")
    if kept:
        steps.append(f"kept as you changed them (the lesson did not change them): {len(kept)} file(s)")
    if set_aside:
        steps.append("left as they are: " + "; ".join(set_aside))
    if removed:
        steps.append(f"removed, as the lesson removed them (you had not changed them): {', '.join(removed)}")
    outcome.next_steps = [
        *steps,
        *notes,
        "run: glocal check   (stale overlays and translations show as drift)",
    ]
    return outcome


def _base(root: Path, path: str, known: str | None) -> bytes | None:
    """The text imported last time, if it is still what the record says it was."""
    if known is None or not _text(path):
        return None
    base = _read(root / BASES / path)
    return base if base is not None and _digest(base) == known else None


def _conflict(root: Path, path: str, theirs: bytes, outcome: Outcome, why: str) -> None:
    """Yours is kept; the lesson's version (or the merge with its markers) is set aside."""
    write_bytes_atomic(root / CONFLICTS / path, theirs)
    outcome.diagnostics.append(
        Diagnostic(
            "GL126",
            f"{why}; yours is kept and the lesson's version is in {CONFLICTS}/{path}",
            Span(path),
            hint="bring what you want of it into your file, then delete the copy: the next --update "
            "takes the lesson's version as imported now as the common ancestor",
        )
    )


def _merge(yours: bytes, base: bytes, theirs: bytes) -> tuple[bytes, bool]:
    """GNU diff3's merge of two changes of one text: (the text, whether it merged cleanly)."""
    if max(len(yours), len(base), len(theirs)) > MAX_MERGE_BYTES or shutil.which("diff3") is None:
        return theirs, False
    with tempfile.TemporaryDirectory(prefix="glocal-merge-") as folder:
        paths = []
        for name, data in (("yours", yours), ("imported", base), ("lesson", theirs)):
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(str(path))
        labels = ["-L", "yours", "-L", "as imported", "-L", "the lesson now"]
        done = subprocess.run(["diff3", "-m", *labels, *paths], capture_output=True, check=False)
    if done.returncode not in (0, 1):
        return theirs, False
    return done.stdout, done.returncode == 0


def _list_new(
    root: Path, ids: list[str], pages: list[str], recorded: dict[str, str], outcome: Outcome
) -> None:
    """List the lesson's new episodes under modules: and its new pages under pages:."""
    program = root / PROGRAM_PATH
    text = _read(program)
    if text is None:
        return
    new = [("modules", i) for i in ids if f"{MODULES_DIR}/{i}.md" not in recorded]
    new += [("pages", p) for p in pages if f"{CURRICULUM_DIR}/{p}" not in recorded]
    if not new:
        return
    try:
        updated = text.decode("utf-8")
        for key, item in new:
            updated = add_to_program_list(updated, key, item) or updated
    except (UnicodeDecodeError, YAMLError):  # a program.yml that does not read: named, not fixed
        outcome.next_steps.append(
            f"{PROGRAM_PATH} does not read: list "
            + ", ".join(f"{i} under {k}:" for k, i in new)
            + " yourself"
        )
        return
    if updated.encode("utf-8") != text:
        write_bytes_atomic(program, updated.encode("utf-8"))
        outcome.changed.append(PROGRAM_PATH)
