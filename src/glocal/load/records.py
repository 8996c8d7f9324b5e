"""The opening every YAML record shares: read (or parse) → validate against its schema → duplicates.

Each record kind names its diagnostic codes once, in a `Codes`; the loaders then work on plain,
validated data and add only what is particular to their kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from glocal.diagnostics import Diagnostic, Related, Severity
from glocal.load.validation import Context, Record, validate
from glocal.load.yamlfile import YamlDoc, parse_yaml, read_yaml


@dataclass(frozen=True)
class Codes:
    """The diagnostic codes of one record kind, and how its messages name it."""

    what: str  # e.g. "program.yml", "front matter"
    syntax: str
    unknown: str
    wrong: str
    missing: str
    duplicate_slot: str | None = None  # a code of its own for a slot declared twice (modules)


@dataclass(frozen=True)
class Loaded:
    """A validated record: the YAML document (for positions) and its plain data."""

    doc: YamlDoc
    data: dict[str, Any]

    @property
    def raw(self) -> dict:
        """The document's top-level mapping as written (empty when it is not a mapping)."""
        return self.doc.data if isinstance(self.doc.data, dict) else {}


def read_record(
    root: Path, path: str, schema: Record, codes: Codes
) -> tuple[Loaded | None, list[Diagnostic]]:
    """A YAML file of the project, validated; None when it cannot be parsed at all."""
    doc, diagnostics = read_yaml(root, path, codes.syntax)
    if doc is None:
        return None, diagnostics
    return _validated(doc, schema, codes, diagnostics)


def parse_record(
    text: str, path: str, schema: Record, codes: Codes, line_offset: int = 0
) -> tuple[Loaded | None, list[Diagnostic]]:
    """YAML text from inside a file (front matter), validated; lines count from `line_offset`."""
    doc, diagnostics = parse_yaml(text, path, codes.syntax, line_offset=line_offset)
    if doc is None:
        return None, diagnostics
    return _validated(doc, schema, codes, diagnostics)


def _validated(
    doc: YamlDoc, schema: Record, codes: Codes, diagnostics: list[Diagnostic]
) -> tuple[Loaded, list[Diagnostic]]:
    ctx = Context(doc, codes.unknown, codes.wrong, codes.missing, codes.what)
    data = validate(doc, schema, ctx)
    return Loaded(doc, data), diagnostics + ctx.diagnostics + duplicate_keys(doc, codes)


def duplicate_keys(doc: YamlDoc, codes: Codes) -> list[Diagnostic]:
    """A key written twice in one mapping: YAML keeps one value, so the author must choose."""
    found = []
    for dup in doc.duplicates:
        first = (Related(dup.first),)
        if codes.duplicate_slot and dup.parents == ("slots",):
            found.append(
                Diagnostic(
                    codes.duplicate_slot, f"slot '{dup.key}' is declared twice", dup.again, related=first
                )
            )
            continue
        where = ".".join(p for p in (*dup.parents, dup.key) if p != "[]")
        message = f"key '{where}' appears twice; only one value can be used"
        found.append(Diagnostic(codes.wrong, message, dup.again, related=first))
    return found


#: How `validation.Mapping` words an unknown key: the key, and the keys that are known.
_UNKNOWN = re.compile(r"unknown key '(?P<key>.*)' in .*: expected one of (?P<known>.*)$", re.S)


def ignored_keys(diagnostics: list[Diagnostic], code: str, why: str) -> list[Diagnostic]:
    """A Carpentries episode's or page's unknown-key errors (`code`), as what they are there: keys
    of the lesson's own, which sandpaper ignores too (instructor-training gives every episode
    `block:` and `start:`), `why` saying where that is so.

    A key that looks like a misspelt known one (its hint a did-you-mean) is a warning of its own;
    the others are one note for the file, at the first of them, naming them all: a lesson of 25
    episodes was 50 warnings about keys nobody need change.
    """
    own: list[tuple[Diagnostic, str, str]] = []
    out: list[Diagnostic] = []
    for diagnostic in diagnostics:
        found = _UNKNOWN.match(diagnostic.message) if diagnostic.code == code else None
        if found is None:
            out.append(diagnostic)
        elif (diagnostic.hint or "").startswith("did you mean"):
            message = f"{diagnostic.message}; {why}: it is ignored"
            out.append(replace(diagnostic, severity=Severity.WARNING, message=message))
        else:
            own.append((diagnostic, found["key"], found["known"]))
    if own:
        first, _, known = own[0]
        keys = ", ".join(f"'{key}'" for _, key, _ in own)
        several = len(own) > 1
        message = (
            f"{'keys' if several else 'key'} {keys} in front matter {'are' if several else 'is'} the "
            f"lesson's own; {why}: {'they are' if several else 'it is'} ignored, as sandpaper ignores "
            f"{'them' if several else 'it'}"
        )
        hint = f"nothing to change, unless one was meant as one of Glocal's: {known}"
        out.append(replace(first, severity=Severity.INFO, message=message, hint=hint))
    return out
