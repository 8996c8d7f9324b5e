"""`verify` within limits: zip bombs, huge entry counts, QR payload bombs and deep JSON are diagnostics.

The memory tests run `glocal verify` in a child process and read its peak resident size.
"""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conftest import run_glocal
from glocal.packs import bounded, credentials, trust
from glocal.packs.signing import canonical_json
from glocal.packs.verify import verify_credential, verify_pack

MEMORY_LIMIT_MB = 200
NO_TRUST = trust.Trust()


def peak_memory_mb(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    """Run `glocal ARGS` in a child of a fresh interpreter; its peak RSS in MB (Linux: kB units)."""
    probe = textwrap.dedent(
        """
        import resource, subprocess, sys
        done = subprocess.run([sys.executable, "-m", "glocal", *sys.argv[1:]], capture_output=True, text=True)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        print(done.returncode)
        sys.stderr.write(done.stdout + done.stderr)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=300)
    rss_kb, code = done.stdout.split()
    return int(rss_kb) / 1024, subprocess.CompletedProcess(args, int(code), "", done.stderr)


MIB = 1 << 20


def _deflated_zeros() -> tuple[bytes, bytes]:
    """One MiB of zeros as raw deflate data compressed on its own (level 9, then a full flush,
    which forgets the window: the next MiB compresses to the same bytes), and deflate's final,
    empty block. Repeating the first N times, then the second, is exactly a stream of N MiB of
    zeros, built in no time: compressing 2 GiB took 20 s of the test suite."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block, zlib.compressobj(9, zlib.DEFLATED, -15).flush()


ZERO_MIB, FINAL_BLOCK = _deflated_zeros()


def zlib_zeros(mebibytes: int) -> bytes:
    """A zlib stream (header, deflate data, Adler-32) of `mebibytes` MiB of zeros."""
    size = mebibytes * MIB
    adler = ((size % 65521) << 16) | 1  # Adler-32 of zeros: a stays 1, b adds 1 per byte
    return b"\x78\xda" + ZERO_MIB * mebibytes + FINAL_BLOCK + struct.pack(">I", adler)


class _ZerosCompressor:
    """What zipfile deflates a member with, for members written in whole MiBs of zeros."""

    def compress(self, data: bytes) -> bytes:
        assert data == bytes(MIB), "zeros_zip writes whole MiBs of zeros"
        return ZERO_MIB

    def flush(self) -> bytes:
        return FINAL_BLOCK


def zeros_zip(path: Path, entries: int, size: int) -> Path:
    """`entries` entries of `size` zero bytes each (whole MiBs), deflated, streamed (never whole
    in memory); zipfile writes the headers, sizes and CRC-32s, the deflate data is `ZERO_MIB`s."""
    assert size % MIB == 0
    block = bytes(MIB)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile, "_get_compressor", lambda *_: _ZerosCompressor())
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for number in range(entries):
                with archive.open(f"records/zeros-{number}.bin", "w", force_zip64=False) as member:
                    for _ in range(size // MIB):
                        member.write(block)
    return path


def test_the_bombs_are_real_deflate_streams_of_zeros(tmp_path):
    """What the bomb tests feed verify inflates, with every check of zlib and zipfile, to zeros."""
    assert zlib.decompress(zlib_zeros(5)) == bytes(5 * MIB)
    with zipfile.ZipFile(zeros_zip(tmp_path / "small.zip", entries=2, size=3 * MIB)) as archive:
        assert archive.testzip() is None  # every CRC-32 checked
        assert [len(archive.read(name)) for name in archive.namelist()] == [3 * MIB, 3 * MIB]
        assert archive.read("records/zeros-1.bin") == bytes(3 * MIB)
        assert all(info.compress_size < 4 * 1040 for info in archive.infolist())


def lie_about_sizes(path: Path, size: int) -> None:
    """Rewrite every central directory entry's uncompressed size to `size` (the data stays a bomb)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<L", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


def test_a_zip_bomb_is_gl536_and_verify_stays_under_200_mb(tmp_path):
    bomb = zeros_zip(tmp_path / "bomb.zip", entries=10, size=100 << 20)  # 1 GB of zeros
    assert bomb.stat().st_size < 2 << 20
    peak, done = peak_memory_mb("verify", str(bomb))
    assert done.returncode == 1, done.stderr
    assert f"{bomb}: error GL536: records/zeros-0.bin inflates" in done.stderr
    assert "(a zip bomb?)" in done.stderr and "Traceback" not in done.stderr
    assert peak < MEMORY_LIMIT_MB, f"verify peaked at {peak:.0f} MB"


def test_a_bomb_that_lies_about_its_sizes_is_read_only_up_to_them(tmp_path):
    """The central directory claims 60 kB per entry (no ratio alarm); the data inflates to 100 MB."""
    bomb = zeros_zip(tmp_path / "liar.zip", entries=3, size=100 << 20)
    lie_about_sizes(bomb, 60_000)
    peak, done = peak_memory_mb("verify", str(bomb))
    assert done.returncode == 1, done.stderr
    assert "error GL531: cannot read the pack as a zip file" in done.stderr
    assert "Traceback" not in done.stderr
    assert peak < MEMORY_LIMIT_MB, f"verify peaked at {peak:.0f} MB"


def test_too_many_entries_is_gl536_and_stays_under_200_mb(tmp_path):
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(bounded.MAX_ENTRIES + 1):
            archive.writestr(f"e{number}", b"")
    peak, done = peak_memory_mb("verify", str(many))
    assert done.returncode == 1
    assert f"{many}: error GL536: the zip declares {bounded.MAX_ENTRIES + 1} entries" in done.stderr
    assert peak < MEMORY_LIMIT_MB


def test_a_compressed_qr_payload_bomb_is_gl538_and_stays_under_200_mb(tmp_path):
    """The issue's case: a 2 MB compressed payload (which inflated to 4 GB before)."""
    payload = tmp_path / "qr-bomb.bin"
    payload.write_bytes(bounded.QR_COMPRESSED_MAGIC + zlib_zeros(2048))  # 2 GiB of zeros in 2 MB
    peak, done = peak_memory_mb("verify", str(payload))
    assert done.returncode == 1
    assert f"{payload}: error GL538: the compressed payload is" in done.stderr
    assert f"a QR code holds at most {bounded.MAX_QR_PAYLOAD}" in done.stderr
    assert peak < MEMORY_LIMIT_MB


def test_a_small_qr_payload_inflates_only_to_the_json_limit(tmp_path, monkeypatch):
    """Under the QR size, zeros at 1000:1 still stop at MAX_JSON_BYTES (lowered here to 1 MB)."""
    monkeypatch.setattr(bounded, "MAX_JSON_BYTES", 1 << 20)
    payload = tmp_path / "qr.bin"
    body = zlib.compress(bytes(2 << 20), 9)
    assert len(body) < bounded.MAX_QR_PAYLOAD
    payload.write_bytes(bounded.QR_COMPRESSED_MAGIC + body)
    result = verify_credential(payload, NO_TRUST)
    assert codes(result) == ["GL538"]
    assert "inflates past" in result.diagnostics[0].message


@pytest.mark.parametrize(
    "body, message",
    [
        (b"not zlib at all", "is not a zlib stream"),
        (zlib.compress(b'{"a": 1}')[:-6], "truncated"),
    ],
)
def test_a_bad_compressed_payload_is_gl538(tmp_path, body, message):
    payload = tmp_path / "qr.bin"
    payload.write_bytes(bounded.QR_COMPRESSED_MAGIC + body)
    result = run_glocal("verify", payload)
    assert result.code == 1
    assert f"{payload}: error GL538: " in result.err and message in result.err
    assert "Traceback" not in result.err


def test_deeply_nested_json_credential_is_gl537(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_glocal("verify", deep)
    assert result.code == 1
    assert f"{deep}: error GL537: the JSON nests 100000 levels deep" in result.err
    assert "Traceback" not in result.err


def test_deeply_nested_json_compressed_in_a_qr_payload_is_gl537(tmp_path):
    deep = tmp_path / "deep.bin"
    deep.write_bytes(bounded.QR_COMPRESSED_MAGIC + zlib.compress(b'{"a":' * 50_000 + b"1" + b"}" * 50_000, 9))
    result = run_glocal("verify", deep)
    assert result.code == 1
    assert "error GL537: the JSON nests 50000 levels deep" in result.err


@pytest.mark.parametrize("member", ["manifest.json", "credentials/x.credential.json"])
def test_deeply_nested_json_inside_a_pack_is_gl537(tmp_path, member):
    """A deep manifest, or a deep credential listed in a correctly signed manifest."""
    key = Ed25519PrivateKey.generate()
    multibase = credentials.multibase_public_key(key.public_key())
    deep = b"[" * 100_000 + b"]" * 100_000
    manifest: dict = {
        "files": {"credentials/x.credential.json": hashlib.sha256(deep).hexdigest()},
        "issuer": {"id": "https://example.org/i", "publicKeyMultibase": multibase},
    }
    value = "z" + base58.b58encode(key.sign(canonical_json(manifest))).decode("ascii")
    manifest["signature"] = {"publicKeyMultibase": multibase, "value": value}
    pack = tmp_path / "deep.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_STORED) as archive:  # stored: no ratio alarm first
        archive.writestr("manifest.json", deep if member == "manifest.json" else json.dumps(manifest))
        archive.writestr("credentials/x.credential.json", deep)
    result = run_glocal("verify", pack)
    assert result.code == 1
    assert f"{pack}:{member}: error GL537: the JSON nests 100000 levels deep" in result.err
    assert "Traceback" not in result.err


def test_json_depth_ignores_brackets_in_strings():
    assert bounded.json_depth(b'{"a": "[[[[{{{{", "b": [1, {"c": "\\"]]"}]}') == 3


def test_unsupported_compression_is_gl536(tmp_path):
    pack = tmp_path / "bz2.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("manifest.json", b"{}")
    result = verify_pack(pack, NO_TRUST)
    assert codes(result) == ["GL536"]
    assert "compression method 12" in result.diagnostics[0].message


def test_per_file_and_total_size_limits_are_gl536(tmp_path, monkeypatch):
    pack = tmp_path / "big.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.pdf", bytes(3000))
        archive.writestr("b.pdf", bytes(3000))
    monkeypatch.setattr(bounded, "MAX_MEMBER_BYTES", 2000)
    result = verify_pack(pack, NO_TRUST)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("GL536", "a.pdf is 3000 bytes uncompressed; verify reads at most 2000")
    ]
    monkeypatch.setattr(bounded, "MAX_MEMBER_BYTES", 4000)
    monkeypatch.setattr(bounded, "MAX_TOTAL_BYTES", 5000)
    result = verify_pack(pack, NO_TRUST)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("GL536", "the zip holds 6000 bytes uncompressed; verify reads at most 5000")
    ]


def test_a_credential_file_larger_than_json_can_be_is_gl537(tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    monkeypatch.setattr(bounded, "MAX_JSON_BYTES", 4000)
    result = verify_credential(big, NO_TRUST)
    assert codes(result) == ["GL537"]


def test_labelled_blank_nodes_are_refused_before_canonicalisation(tmp_path):
    """Ten blank nodes all linked to each other take URDNA2015 hours; verify refuses them at once."""
    credential = {
        "@context": [credentials.VC_V2, credentials.OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": "x"},
        "credentialSubject": [
            {"id": f"_:b{i}", "https://example.org/p": [{"id": f"_:b{j}"} for j in range(10) if j != i]}
            for i in range(10)
        ],
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "verificationMethod": "https://example.org/issuer#z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH",
            "proofValue": "z1",
        },
    }
    path = tmp_path / "poison.json"
    path.write_text(json.dumps(credential), encoding="utf-8")
    result = run_glocal("verify", path)
    assert result.code == 1
    assert f"{path}: error GL532: credential does not verify: it names the blank node '_:b0'" in result.err


@pytest.mark.parametrize(
    "profile",
    [
        {"id": "x", "verificationMethod": [{"publicKeyMultibase": 5}]},  # an AttributeError before
        {"id": "x", "verificationMethod": ["z6Mk"]},
        {"id": "x", "verificationMethod": {"publicKeyMultibase": "z6Mk"}},
        ["not", "a", "profile"],
    ],
)
def test_a_malformed_issuer_profile_is_gl530(tmp_path, profile):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    result = run_glocal("verify", tmp_path / "any.zip", "--issuer-key", path)
    assert "Traceback" not in result.err
    assert "error GL530: " in result.err
    assert result.code != 0


def test_a_multibase_key_saved_with_a_bom_is_read(tmp_path, small_pack):
    """Notepad saves UTF-8 with a byte-order mark: the trust file read it, `--issuer-key` did not."""
    from conftest import SAMPLE_PACK

    public = small_pack / ".glocal" / "keys" / "issuer-ed25519.pub.pem"
    from glocal.packs import keys

    multibase = credentials.multibase_public_key(keys.load_public(public))
    saved = tmp_path / "issuer.txt"
    saved.write_bytes(b"\xef\xbb\xbf" + multibase.encode("ascii") + b"\r\n")
    result = run_glocal("verify", small_pack / "dist" / "packs" / SAMPLE_PACK, "--issuer-key", saved)
    assert result.code == 0, result.out + result.err


@pytest.mark.parametrize(
    ("at", "warning"),
    [
        ("2024-06-01", None),  # issued 2023-11-14, valid 24 months
        (
            "2026-01-01",
            "the credential expired on 2025-11-14: its proof verifies, but it is not valid on 2026-01-01",
        ),
        ("2023-01-01", "the credential is not valid before 2023-11-14"),
    ],
)
def test_a_credential_out_of_its_validity_is_a_warning_naming_the_day(small_pack, at, warning):
    """An employer checking a certificate learns that it expired (verify said OK and nothing else)."""
    from conftest import SAMPLE_PACK

    public = small_pack / ".glocal" / "keys" / "issuer-ed25519.pub.pem"
    pack = small_pack / "dist" / "packs" / SAMPLE_PACK
    result = run_glocal("verify", pack, "--issuer-key", public, "--at", at)
    assert result.code == 0, result.err  # the signatures hold: a warning, not a failure
    assert result.out.startswith("OK: ")
    found = [line for line in result.err.splitlines() if "GL546" in line]
    if warning is None:
        assert found == []
    else:
        assert found and all(warning in line for line in found)
        assert found[0].startswith(f"{pack}:credentials/")


def test_a_day_that_is_not_a_date_is_a_usage_error(small_pack):
    result = run_glocal("verify", small_pack / "x.zip", "--at", "tomorrow")
    assert result.code == 2
    assert "argument --at: expected a date, YYYY-MM-DD: 'tomorrow'" in result.err
