"""Builds beyond one machine: `glocal build --shard K/N` builds a deterministic, size-balanced
share of the sites and writes a mark beside them; `glocal build --from-shards` reads the marks
back (every share 1..N exactly once) and assembles the output a single build gives."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span


@dataclass(frozen=True)
class Shard:
    """`K/N`: this run builds the K-th of N deterministic, size-balanced shares of the sites."""

    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def share(sizes: dict[str, int], count: int) -> list[list[str]]:
    """Sites dealt into `count` shares of about equal size: largest first, each to the lightest
    share so far (ties: the lower share). The same sites and sizes always give the same shares."""
    shares: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for key in sorted(sizes, key=lambda k: (-sizes[k], k)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        shares[lightest].append(key)
        loads[lightest] += sizes[key]
    return shares


SHARD_MARK = ".glocal-shard.json"


def read_marks(root: Path, shards: list[Path]) -> tuple[list[tuple[Path, dict]], list[Diagnostic]]:
    marks: list[tuple[Path, dict]] = []
    problems: list[Diagnostic] = []
    for folder in shards:
        where = Span(os.path.relpath(folder, root))
        try:
            mark = json.loads((folder / SHARD_MARK).read_text(encoding="utf-8"))
            index, count = (int(n) for n in str(mark["shard"]).split("/"))
            mark["built"] = [str(key) for key in mark["built"]]
        except (OSError, ValueError, KeyError, TypeError):
            problems.append(
                Diagnostic("GL407", f"not the output of `glocal build --shard K/N`: {folder}", where)
            )
            continue
        marks.append((Path(folder), mark | {"index": index, "count": count}))
    counts = {mark["count"] for _, mark in marks}
    indexes = sorted(mark["index"] for _, mark in marks)
    if marks and (len(counts) != 1 or indexes != list(range(1, next(iter(counts)) + 1))):
        found = ", ".join(str(mark["shard"]) for _, mark in marks)
        problems.append(
            Diagnostic("GL407", f"the shards must be 1/N to N/N, each once; found {found}", Span("."))
        )
    return marks, problems
