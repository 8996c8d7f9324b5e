"""`read_at_most`: every source, catalog, SVG and credential is read through it, up to its limit
plus one byte (which tells the caller the file is too large), never asking for the whole limit."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from glocal.fsutil import read_at_most
from glocal.load.files import MAX_FILE_BYTES, read_text

LIMIT = 1000


@pytest.mark.parametrize("size", [0, 1, LIMIT - 1, LIMIT, LIMIT + 1, 5 * LIMIT])
def test_a_file_is_read_whole_or_to_one_byte_past_the_limit(tmp_path: Path, size: int):
    path = tmp_path / "data.bin"
    data = bytes(range(256)) * (size // 256 + 1)
    path.write_bytes(data[:size])
    with path.open("rb") as handle:
        got = read_at_most(handle, LIMIT)
    assert got == data[: min(size, LIMIT + 1)]


def test_a_file_that_grew_after_it_was_opened_is_read_on_to_the_limit(tmp_path: Path, monkeypatch):
    """The size is taken when reading starts; what is added meanwhile is read too, to the limit."""
    path = tmp_path / "growing.txt"
    path.write_bytes(b"a" * 10)
    real_fstat = os.fstat

    def fstat_then_grow(fd):
        status = real_fstat(fd)
        with path.open("ab") as more:  # written between the size and the read
            more.write(b"b" * 2 * LIMIT)
        return status

    monkeypatch.setattr(os, "fstat", fstat_then_grow)
    with path.open("rb") as handle:
        got = read_at_most(handle, LIMIT)
    assert got == (b"a" * 10 + b"b" * 2 * LIMIT)[: LIMIT + 1]


def test_a_pipe_whose_size_is_unknown_is_read_to_the_limit():
    read_end, write_end = os.pipe()

    def feed() -> None:
        with os.fdopen(write_end, "wb") as writer:
            for _ in range(3):
                writer.write(b"x" * LIMIT)

    feeder = threading.Thread(target=feed)
    feeder.start()
    with os.fdopen(read_end, "rb") as handle:
        got = read_at_most(handle, LIMIT)
    feeder.join()
    assert got == b"x" * (LIMIT + 1)


def test_sources_over_the_limit_are_still_refused(tmp_path: Path):
    (tmp_path / "big.md").write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    (tmp_path / "fits.md").write_bytes(b"a" * MAX_FILE_BYTES)
    text, problems = read_text(tmp_path, "big.md", "GL101")
    assert text is None and [p.code for p in problems] == ["GL014"]
    text, problems = read_text(tmp_path, "fits.md", "GL101")
    assert text is not None and len(text) == MAX_FILE_BYTES and problems == []
