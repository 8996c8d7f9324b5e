"""Reading what `verify` is handed within fixed limits: a zip, JSON, a QR code's payload.

Anyone can hand a verifier a file, so nothing in it decides how much memory or time `verify`
spends: the zip's entry count, sizes and compression ratios are checked against its central
directory before anything is inflated, every entry is hashed in bounded chunks (zipfile never
inflates more than the size the central directory declares), and only the JSON members are kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glocal.fsutil import read_at_most

MAX_ENTRIES = 10_000  # a 30-trainee pack has about 130
MAX_NAME_BYTES = 1_024
MAX_MEMBER_BYTES = 256 << 20  # the largest single file (a long guide PDF is a few MB)
MAX_TOTAL_BYTES = 1 << 30  # everything, uncompressed
MAX_RATIO = 100  # uncompressed / compressed for any entry over RATIO_FLOOR bytes (PDFs are ~1, text ~5)
RATIO_FLOOR = 1 << 16
MAX_JSON_BYTES = 4 << 20  # manifest.json of MAX_ENTRIES files is about 1 MB; a credential about 20 kB
MAX_JSON_DEPTH = 64  # a credential nests about 8 deep
MAX_QR_PAYLOAD = 2_953  # what a version-40 QR code holds in byte mode with low error correction
CHUNK = 1 << 20
QR_COMPRESSED_MAGIC = b"GLC1"  # a QR payload that starts with this is zlib-compressed JSON
EOCD = b"PK\x05\x06"
EOCD_SIZE = 22
ALLOWED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


class LimitError(Exception):
    """Input beyond one of the limits above, or that cannot be read within them."""


@dataclass
class Unpacked:
    """A zip's entries: the SHA-256 of each (in order, duplicates kept) and the JSON members' bytes."""

    names: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    json: dict[str, bytes] = field(default_factory=dict)


def _central_directory(path: Path) -> tuple[int, int]:
    """The entry count and central directory size the end record declares, read before zipfile parses."""
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        tail_size = min(size, EOCD_SIZE + 0xFFFF)
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) - at < EOCD_SIZE:
        raise zipfile.BadZipFile("File is not a zip file: no end of central directory record")
    _, _, _, _, entries, directory_size, _, _ = struct.unpack("<4s4H2LH", tail[at : at + EOCD_SIZE])
    return entries, directory_size


def read_zip(path: Path, is_json) -> Unpacked:
    """Every entry hashed, and the bytes of those `is_json(name)` selects; LimitError beyond the limits."""
    entries, directory_size = _central_directory(path)
    if entries > MAX_ENTRIES or directory_size > MAX_ENTRIES * (46 + MAX_NAME_BYTES):
        raise LimitError(f"the zip declares {entries} entries; verify reads at most {MAX_ENTRIES}")
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        _check_directory(infos)
        unpacked = Unpacked()
        for info in infos:
            keep = is_json(info.filename)
            if keep and info.file_size > MAX_JSON_BYTES:
                raise LimitError(
                    f"{info.filename} is {info.file_size} bytes; JSON is read up to {MAX_JSON_BYTES}"
                )
            digest, data = _read_member(archive, info, keep)
            unpacked.names.append(info.filename)
            unpacked.digests.setdefault(info.filename, digest)
            if keep:
                unpacked.json.setdefault(info.filename, data)
        return unpacked


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise LimitError(f"the zip holds {len(infos)} entries; verify reads at most {MAX_ENTRIES}")
    total = 0
    for info in infos:
        name = info.filename
        if info.compress_type not in ALLOWED_METHODS:
            raise LimitError(
                f"{name} uses compression method {info.compress_type}; expected stored or deflated"
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise LimitError(
                f"{name} is {info.file_size} bytes uncompressed; verify reads at most {MAX_MEMBER_BYTES}"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise LimitError(f"{name} inflates {ratio}:1 (a zip bomb?); verify accepts at most {MAX_RATIO}:1")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise LimitError(f"the zip holds {total} bytes uncompressed; verify reads at most {MAX_TOTAL_BYTES}")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> tuple[str, bytes]:
    """The entry's SHA-256, inflated in chunks and never past its declared size (and its bytes if kept)."""
    digest = hashlib.sha256()
    kept: list[bytes] = []
    seen = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            seen += len(chunk)
            if seen > info.file_size:  # zipfile stops at the declared size; this is a second fence
                raise LimitError(f"{info.filename} inflates past its declared size")
            digest.update(chunk)
            if keep:
                kept.append(chunk)
    return digest.hexdigest(), b"".join(kept)


# a string (to its closing quote, or to the end when unterminated: the scan stays linear) or a bracket
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.S)


def json_depth(data: bytes) -> int:
    """How deep arrays and objects nest in `data` (strings skipped), without parsing it."""
    depth = deepest = 0
    for match in _TOKEN.finditer(data):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
        elif token in (b"]", b"}"):
            depth -= 1
        deepest = max(deepest, depth)
    return deepest


def loads(data: bytes) -> Any:
    """JSON within MAX_JSON_BYTES and MAX_JSON_DEPTH; LimitError or ValueError otherwise."""
    if len(data) > MAX_JSON_BYTES:
        raise LimitError(f"the JSON is {len(data)} bytes; verify reads at most {MAX_JSON_BYTES}")
    depth = json_depth(data)
    if depth > MAX_JSON_DEPTH:
        raise LimitError(f"the JSON nests {depth} levels deep; verify reads at most {MAX_JSON_DEPTH}")
    try:
        return json.loads(data)
    except RecursionError as exc:  # the depth scan should make this unreachable
        raise LimitError("the JSON nests too deeply") from exc


def read_file(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file; LimitError if it holds more."""
    with open(path, "rb") as handle:
        data = read_at_most(handle, limit)
    if len(data) > limit:
        raise LimitError(f"the file is larger than {limit} bytes, more than a credential can be")
    return data


def qr_payload_to_json(payload: bytes) -> bytes:
    """The credential JSON back from what a QR code holds: as it is, or inflated up to MAX_JSON_BYTES."""
    if not payload.startswith(QR_COMPRESSED_MAGIC):
        return payload
    if len(payload) > MAX_QR_PAYLOAD:
        raise LimitError(
            f"the compressed payload is {len(payload)} bytes; a QR code holds at most {MAX_QR_PAYLOAD}"
        )
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(payload[len(QR_COMPRESSED_MAGIC) :], MAX_JSON_BYTES + 1)
    except zlib.error as exc:
        raise LimitError(f"the compressed payload is not a zlib stream: {exc}") from exc
    if len(data) > MAX_JSON_BYTES or inflater.unconsumed_tail:
        raise LimitError(f"the compressed payload inflates past {MAX_JSON_BYTES} bytes")
    if not inflater.eof:
        raise LimitError("the compressed payload is truncated")
    return data
