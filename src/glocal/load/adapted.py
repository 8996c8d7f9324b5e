"""`toolkits/regions/<region>/adapted.lock.yml`: the core text each fill was last reviewed against.

One entry per filled slot, module by module, each with a short fingerprint and the three texts it
hashes (the slot's brief, its default and the module section around it), written as YAML block
text so that a diff of the lock shows what a region reviewed. `glocal adapt accept` and
`glocal build` write it; `check` only reads it. A lock that cannot be read is a warning (GL222):
drift is then not tracked for the entries it loses, and nothing is flagged from it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from glocal.diagnostics import Diagnostic, Span
from glocal.load.files import read_text
from glocal.load.yamlfile import parse_yaml
from glocal.model import CoreText, Reviewed

LOCK_NAME = "adapted.lock.yml"
_FIELDS = ("fingerprint", "brief", "default", "context")
_HEADER = (
    "# The core text each fill of region '{region}' was last reviewed against: one entry per slot,\n"
    "# with a fingerprint of the slot's brief, its default and the module section around it.\n"
    "# Written by `glocal adapt accept {region}` (and by `glocal build` for fills it has not seen).\n"
    "# Commit it. `glocal check` warns (GL221) at a fill whose core text changed since.\n"
)


def lock_path(regions_dir: str, region: str) -> str:
    return f"{regions_dir}/{region}/{LOCK_NAME}"


def read_lock(root: Path, path: str) -> tuple[dict[tuple[str, str], Reviewed], list[Diagnostic]]:
    """The entries of one region's lock (none when it does not exist), and GL222 for what is unreadable."""
    if not (Path(root) / path).is_file():
        return {}, []
    text, unreadable = read_text(Path(root), path, "GL222")
    if text is None:
        return {}, [_as_gl222(d) for d in unreadable]
    fast = _read_fast(text, path)
    if fast is not None:
        return fast, []
    conflict = _CONFLICT.search(text)
    if conflict is not None:  # a merge left both sides in: a YAML error at some later line, else
        line = text.count("\n", 0, conflict.start())
        return {}, [
            Diagnostic(
                "GL222",
                "a merge conflict is left in the file (<<<<<<<): drift of this region's fills is not tracked",
                Span(path, line, 0),
                hint="keep the entries of both sides and delete the markers, or delete the file and run "
                "`glocal adapt accept REGION` after reviewing the fills",
            )
        ]
    doc, diagnostics = parse_yaml(text, path, "GL222")
    if doc is None:
        return {}, [_as_gl222(d) for d in diagnostics]
    diagnostics = [_as_gl222(d) for d in diagnostics]
    data = doc.data
    entries: dict[tuple[str, str], Reviewed] = {}
    if data is None:
        return entries, diagnostics
    if not isinstance(data, dict):
        diagnostics.append(_bad(Span(path, doc.line_offset, 0), "expected a mapping of module ids"))
        return entries, diagnostics
    for module, slots in data.items():
        if not isinstance(slots, dict):
            diagnostics.append(
                _bad(doc.key_span(data, module), f"expected a mapping of slot ids under {module!r}")
            )
            continue
        for slot, entry in slots.items():
            at = doc.key_span(slots, slot)
            if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in _FIELDS):
                diagnostics.append(
                    _bad(at, f"expected '{module}/{slot}' to have the texts {', '.join(_FIELDS)}")
                )
                continue
            core = CoreText(str(entry["brief"]), str(entry["default"]), str(entry["context"]))
            entries[(str(module), str(slot))] = Reviewed(
                str(module), str(slot), str(entry["fingerprint"]), core, at
            )
    return entries, diagnostics


def _read_fast(text: str, path: str) -> dict[tuple[str, str], Reviewed] | None:
    """A well-formed lock, read from libyaml's event stream (a lock holds the core text of every
    fill: at 500 modules it is 1.6 MB, which ruamel takes seconds to read and libyaml a tenth of
    one). Exactly the lock's shape is accepted (module → slot → text fields), values as the text
    they are written as; nothing recurses, so no nesting can exhaust the stack. None for anything
    else (an anchor, an alias, a list, a syntax error...): the careful reader then says what and
    where."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    events = yaml.parse(text, Loader=loader)

    def scalar(event: yaml.Event) -> str:
        if type(event) is not yaml.ScalarEvent or event.anchor is not None:
            raise _NotALock
        return str(event.value)

    def mapping(event: yaml.Event) -> None:
        if type(event) is not yaml.MappingStartEvent or event.anchor is not None:
            raise _NotALock

    entries: dict[tuple[str, str], Reviewed] = {}
    try:
        if type(next(events)) is not yaml.StreamStartEvent:
            return None
        start = next(events)
        if type(start) is yaml.StreamEndEvent:
            return entries
        if type(start) is not yaml.DocumentStartEvent:
            return None
        first = next(events)
        if type(first) is yaml.ScalarEvent and first.value == "" and first.anchor is None:
            return entries if type(next(events)) is yaml.DocumentEndEvent else None
        mapping(first)
        while type(event := next(events)) is not yaml.MappingEndEvent:
            module = scalar(event)
            mapping(next(events))
            while type(event := next(events)) is not yaml.MappingEndEvent:
                slot, at = scalar(event), Span(path, event.start_mark.line, event.start_mark.column)
                mapping(next(events))
                fields = {}
                while type(event := next(events)) is not yaml.MappingEndEvent:
                    fields[scalar(event)] = scalar(next(events))
                if not all(k in fields for k in _FIELDS):
                    return None
                core = CoreText(fields["brief"], fields["default"], fields["context"])
                entries[(module, slot)] = Reviewed(module, slot, fields["fingerprint"], core, at)
        if type(next(events)) is not yaml.DocumentEndEvent or type(next(events)) is not yaml.StreamEndEvent:
            return None
    except (_NotALock, StopIteration, yaml.YAMLError, ValueError):
        return None
    return entries


class _NotALock(Exception):
    """An event the lock's own shape does not have."""


#: A merge conflict's first marker, at a line's start, as git writes it.
_CONFLICT = re.compile(r"^<{7}(?: |$)", re.M)


def _as_gl222(diagnostic: Diagnostic) -> Diagnostic:
    if diagnostic.code != "GL222":
        return diagnostic
    return Diagnostic(
        "GL222",
        f"{diagnostic.message}: drift of this region's fills is not tracked",
        diagnostic.span,
        hint="fix the file, or delete it and run `glocal adapt accept REGION`",
    )


def _bad(span: Span, message: str) -> Diagnostic:
    return Diagnostic(
        "GL222",
        f"{message}: drift of this entry is not tracked",
        span,
        hint="fix the entry, or delete it and run `glocal adapt accept REGION`",
    )


def render_lock(region: str, entries: dict[tuple[str, str], Reviewed], order: list[str]) -> str:
    """The lock's text: modules in `order` (the program's), then any other, slots sorted."""
    modules = sorted(
        {module for module, _ in entries}, key=lambda m: (order.index(m) if m in order else len(order), m)
    )
    data: dict[str, Any] = {}
    for module in modules:
        data[module] = {}
        for (owner, slot), entry in sorted(entries.items()):
            if owner == module:
                data[module][slot] = {
                    "fingerprint": entry.fingerprint,
                    "brief": entry.text.brief,
                    "default": entry.text.default,
                    "context": entry.text.context,
                }
    body = _dump(data, literal=True)
    if _load(body) != data:  # a text YAML's block style cannot hold as it is: let ruamel quote it
        body = _dump(data, literal=False)
    return _HEADER.format(region=region) + body


def _dump(data: dict, literal: bool) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # a long line stays one line: folding would add trailing spaces to diffs
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()

    def styled(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: styled(item) for key, item in value.items()}
        if literal and isinstance(value, str) and "\n" in value:
            return LiteralScalarString(value)
        return value

    yaml.dump(styled(data) if data else {}, stream)
    return stream.getvalue()


def _load(text: str) -> Any:
    loaded = YAML(typ="safe").load(text)
    return loaded if loaded is not None else {}
