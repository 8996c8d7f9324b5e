"""What `glocal explain` says about a block of a composed site: where it comes from, how it was
translated, which template variables and durations went into it (`provenance` finds them). Each
record gives its JSON shape (`to_json`), a public interface of `explain --format json`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

#: catalog path → msgid → (1-based line of the entry, its state in the file: translated, fuzzy, untranslated)
Entries = Mapping[str, Mapping[str, tuple[int, str]]]


class Locate(Protocol):
    def __call__(self, path: str, text: str, after: int = 0) -> int | None:
        """The 1-based line of `path` where `text` is written (looking past its first `after`
        lines), or None."""


@dataclass(frozen=True)
class Where:
    path: str
    line: int | None  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line}


@dataclass(frozen=True)
class Translation:
    state: str  # translated, fuzzy-hidden, withheld, fallback, source-language, or not translated (code)
    entry: Where | None = None  # the catalog entry, when the catalog has one

    def to_json(self) -> dict:
        where = self.entry.to_json() if self.entry else {"path": None, "line": None}
        return {"state": self.state, **where}


@dataclass(frozen=True)
class Variable:
    name: str  # as written in the tag: vars.data_law, region.name
    value: str
    where: Where | None

    def to_json(self) -> dict:
        where = self.where.to_json() if self.where else {"path": None, "line": None}
        return {"name": self.name, "value": self.value, **where}


@dataclass(frozen=True)
class Timing:
    what: str  # module or activity
    minutes: int
    where: Where
    overrides: tuple[int, Where] | None = None  # the core duration a region's overlay replaces

    def to_json(self) -> dict:
        over = None
        if self.overrides:
            over = {"minutes": self.overrides[0], "source": self.overrides[1].to_json()}
        return {"what": self.what, "minutes": self.minutes, "source": self.where.to_json(), "overrides": over}

    def __str__(self) -> str:
        text = f"{self.what} {self.minutes} min at {self.where}"
        if self.overrides:
            text += f" (regional: replaces the core's {self.overrides[0]} min at {self.overrides[1]})"
        return text


@dataclass(frozen=True)
class Block:
    page: str  # the site page: index.md, modules/X.md, handouts/X.md
    kind: str  # heading, paragraph, cell, alt, code, html, generated
    origin: str  # core, overlay, region, program or generated
    text: str  # the effective text: translated (or source) with template variables filled in
    source: Where | None
    translation: Translation
    context: str = ""  # the container it sits in: "slot default 'x'", "local adaptation for slot 'x'"
    variables: tuple[Variable, ...] = ()
    timing: Timing | None = None
    facilitator: bool = False  # left out of the participant handout

    def to_json(self) -> dict:
        return {
            "page": self.page,
            "kind": self.kind,
            "origin": self.origin,
            "context": self.context,
            "text": self.text,
            "source": self.source.to_json() if self.source else None,
            "translation": self.translation.to_json(),
            "variables": [v.to_json() for v in self.variables],
            "timing": self.timing.to_json() if self.timing else None,
        }
