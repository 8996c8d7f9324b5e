"""curriculum/modules/<id>.md → `Module`: front matter validated, the Markdown body kept as written."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import exists
from glocal.load import schemas
from glocal.load.files import read_text, split_front_matter
from glocal.load.records import Codes, ignored_keys, parse_record
from glocal.model import Module, SlotSpec

MODULES_DIR = "curriculum/modules"
CODES = Codes(
    "front matter", syntax="GL101", unknown="GL102", wrong="GL103", missing="GL105", duplicate_slot="GL104"
)


def load_module(root: Path, path: str) -> tuple[Module | None, list[Diagnostic]]:
    """One core module: its front matter validated, its body kept as written."""
    text, diagnostics = read_text(root, path, "GL010")
    if text is None:
        return None, diagnostics
    front, problem = split_front_matter(text)
    if problem:
        return None, [
            Diagnostic("GL105", problem, Span(path, 0, 0), hint="close the front matter with a line '---'")
        ]
    if front.yaml is None:
        return None, [
            Diagnostic(
                "GL105",
                "expected YAML front matter between '---' lines at the top of the module but found none",
                Span(path, 0, 0),
                hint="start the file with '---', then id: and title:, then '---'",
            )
        ]
    loaded, diagnostics = parse_record(front.yaml, path, schemas.MODULE, CODES, line_offset=front.yaml_line)
    if loaded is None:
        return None, diagnostics
    doc, data = loaded.doc, loaded.data
    stem = Path(path).stem
    if data.get("title") is None or ("id" in loaded.raw and data.get("id") is None):
        return None, diagnostics
    id_span = doc.value_span(loaded.raw, "id")
    if "id" not in loaded.raw:
        data["id"] = stem  # a Carpentries episode has no id: its file name is one
        # ... and may carry keys of its lesson's own (instructor-training's `block:`, `start:`),
        # which sandpaper ignores: one note for them (a likely typo of Glocal's: a warning), and
        # the episode builds
        diagnostics = ignored_keys(diagnostics, CODES.unknown, "in an episode with no id")
    elif data["id"] != stem:
        taken = exists(root / MODULES_DIR / f"{data['id']}.md")
        hint = f"set id: {stem}" if taken else f"set id: {stem}, or rename the file to {data['id']}.md"
        diagnostics.append(
            Diagnostic(
                "GL107",
                f"module id expected to match the file name '{stem}' but found '{data['id']}'",
                id_span,
                hint=hint,
            )
        )
        data["id"] = stem  # the file name is what program.yml lists; go on with it
    slots = {
        slot_id: SlotSpec(
            slot_id, spec.get("brief") or "", spec.get("max_words"), bool(spec.get("required")), spec.span
        )
        for slot_id, spec in (data.get("slots") or {}).items()
    }
    module = Module(
        id=data["id"],
        title=data["title"],
        duration=data.get("duration") or _workbench_duration(data),
        objectives=tuple(data.get("objectives") or ()),
        competencies=tuple(data.get("competencies") or ()),
        slots=MappingProxyType(slots),
        path=path,
        body=front.body,
        body_line=front.body_line,
        id_span=id_span,
        spans=MappingProxyType({key: doc.value_span(loaded.raw, key) for key in loaded.raw}),
    )
    return module, diagnostics


def _workbench_duration(data: dict) -> int | None:
    """A Carpentries episode's `teaching` + `exercises` minutes, when it gives no `duration`; a
    break episode's (a coffee, a lunch, with its reflection questions) is its `break` minutes."""
    total = (data.get("teaching") or 0) + (data.get("exercises") or 0) + (data.get("break") or 0)
    return total or None
