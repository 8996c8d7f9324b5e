"""The tamper suite and the trust model: every kind of change to a real pack fails `verify`.

A small copy of the sample's vietnam/vi pack (conftest's `small_pack`: tampering is detected
whatever the program) is built once per run; each tamper works on its own copy.
An attacker has their own key: they can re-sign anything, but not with the issuer's key, and
the verifier checks against the issuer key they trust (`--issuer-key`, a trust file, or a pinned
issuer profile), never against the key a pack carries.
"""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conftest import run_glocal
from glocal.cli import main
from glocal.packs import credentials, keys
from glocal.packs.signing import canonical_json

EPOCH = "1700000000"
PACK_NAME = "vietnam-vi-cohort-vietnam.zip"
ISSUER = "https://example.org/glocal-sample/issuer"
CREDENTIAL = "credentials/vn-01.credential.json"

Entries = list[tuple[str, bytes]]


@pytest.fixture(scope="module")
def issued(tmp_path_factory, small_pack):
    base = tmp_path_factory.mktemp("tamper")
    root = small_pack
    attacker = base / "attacker" / "attacker.key"
    assert main(["keygen", "--out", str(attacker)]) == 0
    issuer_key = keys.load_private(root / ".glocal" / "keys" / "issuer-ed25519.key")
    trust_file = base / "trusted-issuers.txt"
    multibase = credentials.multibase_public_key(issuer_key.public_key())
    trust_file.write_text(f"# issuer id   key\n{ISSUER}  {multibase}\n", encoding="utf-8")
    return {
        "root": root,
        "pack": root / "dist" / "packs" / PACK_NAME,
        "issuer_pub": root / ".glocal" / "keys" / "issuer-ed25519.pub.pem",
        "attacker": keys.load_private(attacker),
        "attacker_pub": attacker.with_suffix(".pub.pem"),
        "trust_file": trust_file,
    }


def read_pack(path: Path) -> Entries:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write_pack(path: Path, entries: Entries) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # the duplicate-name tamper makes zipfile warn
        for name, data in entries:
            archive.writestr(name, data)
    return path


def dump(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def replace(entries: Entries, member: str, data: bytes) -> Entries:
    assert member in dict(entries), member
    return [(name, data if name == member else old) for name, old in entries]


def edit_json(entries: Entries, member: str, change: Callable[[dict], None]) -> Entries:
    data = json.loads(dict(entries)[member])
    change(data)
    return replace(entries, member, dump(data))


def resign_credential(credential: dict, key: Ed25519PrivateKey, issuer: str = ISSUER) -> dict:
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    method = f"{issuer}#{credentials.multibase_public_key(key.public_key())}"
    return credentials.sign(unsigned, key, method, credential["proof"]["created"])


def resign_manifest(entries: Entries, key: Ed25519PrivateKey, issuer: str | None = None) -> Entries:
    """Rehash every file and sign the manifest with `key`: all one can do without the issuer's key."""
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest.pop("signature")
    multibase = credentials.multibase_public_key(key.public_key())
    manifest["files"] = {
        name: hashlib.sha256(data).hexdigest() for name, data in entries if name != "manifest.json"
    }
    manifest["issuer"]["publicKeyMultibase"] = multibase
    if issuer:
        manifest["issuer"]["id"] = issuer
    manifest["signature"] = {
        "algorithm": "Ed25519",
        "signed": "canonical JSON of this object without 'signature'",
        "publicKeyMultibase": multibase,
        "value": "z" + base58.b58encode(key.sign(canonical_json(manifest))).decode("ascii"),
    }
    return replace(entries, "manifest.json", dump(manifest))


def resign_everything(entries: Entries, key: Ed25519PrivateKey, issuer: str = ISSUER) -> Entries:
    """A whole pack re-made under another key: credentials, trust files and manifest."""
    multibase = credentials.multibase_public_key(key.public_key())
    out = []
    for name, data in entries:
        if name.startswith("credentials/"):
            credential = json.loads(data)
            credential["issuer"]["id"] = issuer
            data = dump(resign_credential(credential, key, issuer))
        elif name == "trust/issuer-public-key.pem":
            data = keys.public_pem(key.public_key())
        elif name == "trust/issuer-profile.json":
            profile = json.loads(data)
            profile["id"] = issuer
            profile["verificationMethod"] = [
                {
                    "id": f"{issuer}#{multibase}",
                    "type": "Multikey",
                    "controller": issuer,
                    "publicKeyMultibase": multibase,
                }
            ]
            data = dump(profile)
        out.append((name, data))
    return resign_manifest(out, key, issuer)


# ------------------------------------------------------------------------------ the tampers


def _credential_field(e, k):
    return edit_json(e, CREDENTIAL, lambda c: c.update(validUntil="2099-11-14T22:13:20Z"))


def _credential_name(e, k):
    def change(c):
        [identity] = [i for i in c["credentialSubject"]["identifier"] if i["identityType"] == "name"]
        identity["identityHash"] = "Mallory Nguyễn"

    return edit_json(e, CREDENTIAL, change)


def _credential_field_resigned_manifest(e, k):
    return resign_manifest(_credential_field(e, k), k)


def _swap(e, first, second):
    data = dict(e)
    return [(n, data[second] if n == first else data[first] if n == second else d) for n, d in e]


def _swap_certificates(e, k):
    return _swap(e, "certificates/vn-01.pdf", "certificates/vn-02.pdf")


def _swap_credentials(e, k):
    return _swap(e, "credentials/vn-01.credential.json", "credentials/vn-02.credential.json")


def _swap_credentials_resigned_manifest(e, k):
    return resign_manifest(_swap_credentials(e, k), k)


def _drop(member):
    return lambda e, k: [(n, d) for n, d in e if n != member]


def _add_certificate(e, k):
    return e + [("certificates/vn-03.pdf", dict(e)["certificates/vn-01.pdf"])]


def _add_forged_credential(e, k):
    forged = json.loads(dict(e)[CREDENTIAL])
    forged["id"] = "urn:uuid:00000000-0000-4000-8000-000000000003"
    return e + [("credentials/vn-03.credential.json", dump(resign_credential(forged, k)))]


def _add_forged_credential_resigned(e, k):
    return resign_manifest(_add_forged_credential(e, k), k)


def _resign_everything(e, k):
    return resign_everything(e, k)


def _resign_everything_other_issuer(e, k):
    return resign_everything(e, k, "https://attacker.example/issuer")


def _resign_everything_did_key(e, k):
    return resign_everything(e, k, "did:key:" + credentials.multibase_public_key(k.public_key()))


def _foreign_key_credential(e, k):
    """One credential re-signed by another key under the issuer's URL, the manifest re-signed too."""
    credential = json.loads(dict(e)[CREDENTIAL])
    credential["validUntil"] = "2099-11-14T22:13:20Z"
    return resign_manifest(replace(e, CREDENTIAL, dump(resign_credential(credential, k))), k)


def _foreign_key_credential_alone(e, k):
    credential = json.loads(dict(e)[CREDENTIAL])
    return replace(e, CREDENTIAL, dump(resign_credential(credential, k)))


def _manifest_cohort(e, k):
    return edit_json(e, "manifest.json", lambda m: m.update(cohort="another-cohort"))


def _manifest_rehash(e, k):
    e = _results(e, k)
    digest = hashlib.sha256(dict(e)["records/results.csv"]).hexdigest()
    return edit_json(e, "manifest.json", lambda m: m["files"].update({"records/results.csv": digest}))


def _manifest_signature_value(e, k):
    def change(m):
        value = m["signature"]["value"]
        m["signature"]["value"] = value[:10] + ("A" if value[10] != "A" else "B") + value[11:]

    return edit_json(e, "manifest.json", change)


def _manifest_signature_removed(e, k):
    return edit_json(e, "manifest.json", lambda m: m.pop("signature"))


def _manifest_key_swapped(e, k):
    """The manifest names the attacker's key but keeps the issuer's signature."""
    multibase = credentials.multibase_public_key(k.public_key())

    def change(m):
        m["issuer"]["publicKeyMultibase"] = multibase
        m["signature"]["publicKeyMultibase"] = multibase

    return edit_json(e, "manifest.json", change)


def _results(e, k):
    text = dict(e)["records/results.csv"].decode("utf-8")
    lines = [
        line.replace(",no,", ",yes,", 1) if line.startswith("vn-03,") else line
        for line in text.splitlines(True)
    ]
    return replace(e, "records/results.csv", "".join(lines).encode("utf-8"))


def _results_html(e, k):
    return replace(e, "records/results.html", dict(e)["records/results.html"] + b"<p>vn-03 certified</p>")


def _guide_byte(e, k):
    data = dict(e)["guide/facilitator-guide.pdf"]
    middle = len(data) // 2
    return replace(
        e, "guide/facilitator-guide.pdf", data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]
    )


def _certificate_appended(e, k):
    return replace(e, "certificates/vn-01.pdf", dict(e)["certificates/vn-01.pdf"] + b"\n%tampered\n")


def _rename_certificate(e, k):
    return [("certificates/vn-03.pdf" if n == "certificates/vn-01.pdf" else n, d) for n, d in e]


def _duplicate_entry(e, k):
    return [("certificates/vn-01.pdf", b"%PDF-1.7 forged")] + e


def _trust_key_replaced(e, k):
    return resign_manifest(replace(e, "trust/issuer-public-key.pem", keys.public_pem(k.public_key())), k)


def _trust_profile_replaced(e, k):
    multibase = credentials.multibase_public_key(k.public_key())

    def change(p):
        p["verificationMethod"][0]["publicKeyMultibase"] = multibase

    return edit_json(e, "trust/issuer-profile.json", change)


def _unpinned_context(e, k):
    return edit_json(e, CREDENTIAL, lambda c: c["@context"].append("https://attacker.example/context.jsonld"))


def _proof_removed(e, k):
    return edit_json(e, CREDENTIAL, lambda c: c.pop("proof"))


def _credential_issuer_changed(e, k):
    def change(c):
        c["issuer"]["id"] = "https://attacker.example/issuer"

    return resign_manifest(edit_json(e, CREDENTIAL, change), k)


def _zip_bomb_entry(e, k):
    return e + [("records/padding.bin", bytes(50 << 20))]


TAMPERS: dict[str, Callable[[Entries, Ed25519PrivateKey], Entries]] = {
    "a credential field": _credential_field,
    "a credential's name": _credential_name,
    "a credential field, manifest re-signed": _credential_field_resigned_manifest,
    "certificates swapped between trainees": _swap_certificates,
    "credentials swapped between trainees": _swap_credentials,
    "credentials swapped, manifest re-signed": _swap_credentials_resigned_manifest,
    "a certificate dropped": _drop("certificates/vn-02.pdf"),
    "a credential dropped": _drop("credentials/vn-02.credential.json"),
    "manifest.json dropped": _drop("manifest.json"),
    "a certificate added": _add_certificate,
    "a forged credential added": _add_forged_credential,
    "a forged credential added, manifest re-signed": _add_forged_credential_resigned,
    "the whole pack re-signed with another key": _resign_everything,
    "re-signed under another issuer id": _resign_everything_other_issuer,
    "re-signed under a did:key of another key": _resign_everything_did_key,
    "a foreign-key credential, manifest re-signed": _foreign_key_credential,
    "a foreign-key credential": _foreign_key_credential_alone,
    "manifest cohort changed": _manifest_cohort,
    "manifest hash follows a changed file": _manifest_rehash,
    "manifest signature value changed": _manifest_signature_value,
    "manifest signature removed": _manifest_signature_removed,
    "manifest names another key": _manifest_key_swapped,
    "records/results.csv changed": _results,
    "records/results.html changed": _results_html,
    "a byte of the guide PDF flipped": _guide_byte,
    "bytes appended to a certificate": _certificate_appended,
    "a certificate renamed to another trainee": _rename_certificate,
    "a duplicate entry": _duplicate_entry,
    "trust/ public key replaced, manifest re-signed": _trust_key_replaced,
    "trust/ issuer profile names another key": _trust_profile_replaced,
    "an unpinned @context": _unpinned_context,
    "a credential's proof removed": _proof_removed,
    "a credential's issuer changed, manifest re-signed": _credential_issuer_changed,
    "a 50 MB entry of zeros added": _zip_bomb_entry,
}


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _tail_cut(data: bytes) -> bytes:
    return data[:-30]


def _zip_byte_flipped(data: bytes) -> bytes:
    middle = len(data) // 3
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


RAW_TAMPERS: dict[str, Callable[[bytes], bytes]] = {
    "the zip truncated": _truncated,
    "the zip's end record cut": _tail_cut,
    "a byte of the zip flipped": _zip_byte_flipped,
}

ALL_KINDS = list(TAMPERS) + list(RAW_TAMPERS)


def tampered(issued, tmp_path: Path, kind: str) -> Path:
    pack = tmp_path / PACK_NAME
    if kind in RAW_TAMPERS:
        pack.write_bytes(RAW_TAMPERS[kind](issued["pack"].read_bytes()))
        return pack
    return write_pack(pack, TAMPERS[kind](read_pack(issued["pack"]), issued["attacker"]))


def test_there_are_at_least_24_kinds_of_tampering():
    assert len(ALL_KINDS) >= 24


@pytest.mark.parametrize("trusted", ["issuer-key", "trust-file"])
def test_the_untouched_pack_verifies_against_the_trusted_key(issued, trusted):
    anchor = (
        ["--issuer-key", issued["issuer_pub"]]
        if trusted == "issuer-key"
        else ["--trust", issued["trust_file"]]
    )
    result = run_glocal("verify", issued["pack"], *anchor)
    assert result.code == 0, result.err
    hashed = len(read_pack(issued["pack"])) - 1  # every file of the pack but manifest.json
    assert result.out.startswith(
        f"OK: {issued['pack']}: manifest signature, {hashed} file hashes and 3 credential proofs"
    )
    assert f"(issuer {ISSUER})" in result.out


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_of_tampering_is_detected_with_the_trusted_key(issued, tmp_path, kind):
    pack = tampered(issued, tmp_path, kind)
    for anchor in (["--issuer-key", issued["issuer_pub"]], ["--trust", issued["trust_file"]]):
        result = run_glocal("verify", pack, *anchor)
        assert result.code == 1, (kind, anchor, result.out, result.err)
        assert f"FAILED: {pack}" in result.err
        assert " error GL53" in result.err
        assert "Traceback" not in result.err + result.out


def test_tamper_tally(issued, tmp_path):
    """The figure for the report: kinds tried, and how many `verify` detected."""
    detected = []
    for number, kind in enumerate(ALL_KINDS):
        folder = tmp_path / str(number)
        folder.mkdir()
        result = run_glocal("verify", tampered(issued, folder, kind), "--issuer-key", issued["issuer_pub"])
        if result.code == 1:
            detected.append(kind)
    print(f"tamper kinds tried: {len(ALL_KINDS)}, detected: {len(detected)}")
    assert detected == ALL_KINDS


# ------------------------------------------------------------------------------ the trust model


def test_without_a_trusted_key_a_resigned_pack_is_at_best_unverified(issued, tmp_path):
    """The signatures of a pack re-made under another key hold; nothing says who made it: exit 3."""
    pack = tampered(issued, tmp_path, "the whole pack re-signed with another key")
    result = run_glocal("verify", pack)
    assert result.code == 3, result.err
    assert result.out.startswith(f"UNVERIFIED ISSUER: {pack}: ")
    assert (
        f"{pack}:manifest.json: warning GL533: the signatures are valid, but the issuer is unverified"
        in result.err
    )


def test_a_resigned_pack_names_the_untrusted_key(issued, tmp_path):
    pack = tampered(issued, tmp_path, "the whole pack re-signed with another key")
    attacker = credentials.multibase_public_key(issued["attacker"].public_key())
    result = run_glocal("verify", pack, "--trust", issued["trust_file"])
    assert (
        f"{pack}:manifest.json: error GL534: signed by key {attacker}, "
        f"which is not the key you trust for {ISSUER}" in result.err
    )


def test_an_issuer_the_trust_file_does_not_list_is_an_error(issued, tmp_path):
    pack = tampered(issued, tmp_path, "re-signed under another issuer id")
    result = run_glocal("verify", pack, "--trust", issued["trust_file"])
    assert result.code == 1
    assert "error GL534: the issuer https://attacker.example/issuer is not one you trust" in result.err


def test_a_pinned_issuer_profile_binds_the_issuer_id(issued, tmp_path):
    """A trusted pack's trust/issuer-profile.json pins its id: the same key under another id fails."""
    profile = tmp_path / "issuer-profile.json"
    profile.write_bytes(dict(read_pack(issued["pack"]))["trust/issuer-profile.json"])
    assert run_glocal("verify", issued["pack"], "--issuer-key", profile).code == 0
    other = json.loads(profile.read_text(encoding="utf-8"))
    other["id"] = "https://someone-else.example/issuer"
    profile.write_text(json.dumps(other), encoding="utf-8")
    result = run_glocal("verify", issued["pack"], "--issuer-key", profile)
    assert result.code == 1
    assert f"error GL534: the issuer {ISSUER} is not one you trust" in result.err


def test_the_project_trust_file_is_used_by_default(issued, tmp_path):
    project = tmp_path / "verifier"
    (project / ".glocal").mkdir(parents=True)
    (project / ".glocal" / "trusted-issuers.txt").write_bytes(issued["trust_file"].read_bytes())
    result = run_glocal("-C", project, "verify", issued["pack"])
    assert result.code == 0, result.err
    assert "the trust file" in result.out


def test_a_single_credential_needs_the_trusted_key(issued, tmp_path):
    credential = json.loads(dict(read_pack(issued["pack"]))[CREDENTIAL])
    good = tmp_path / "good.json"
    good.write_text(json.dumps(credential), encoding="utf-8")
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(resign_credential(credential, issued["attacker"])), encoding="utf-8")

    assert run_glocal("verify", good, "--issuer-key", issued["issuer_pub"]).code == 0
    assert run_glocal("verify", good, "--trust", issued["trust_file"]).code == 0
    unverified = run_glocal("verify", good)
    assert unverified.code == 3
    assert unverified.out.startswith(
        f"UNVERIFIED ISSUER: {good}: credential proof valid, but issuer {ISSUER}"
    )

    # signed by another key under the issuer's URL: its own proof holds, so only trust catches it
    for anchor in (["--issuer-key", issued["issuer_pub"]], ["--trust", issued["trust_file"]]):
        result = run_glocal("verify", foreign, *anchor)
        assert result.code == 1, result.out
        assert f"{foreign}: error GL534: signed by key z6Mk" in result.err
    assert run_glocal("verify", foreign).code == 3


def test_a_did_key_issuer_must_be_the_signing_key(issued, tmp_path):
    credential = json.loads(dict(read_pack(issued["pack"]))[CREDENTIAL])
    issuer_key = issued["attacker"]
    own = "did:key:" + credentials.multibase_public_key(issuer_key.public_key())
    credential["issuer"]["id"] = own
    bound = tmp_path / "bound.json"
    bound.write_text(json.dumps(resign_credential(credential, issuer_key, own)), encoding="utf-8")
    assert run_glocal("verify", bound, "--issuer-key", issued["attacker_pub"]).code == 0

    someone = "did:key:" + credentials.multibase_public_key(Ed25519PrivateKey.generate().public_key())
    credential["issuer"]["id"] = someone
    unbound = tmp_path / "unbound.json"
    unbound.write_text(json.dumps(resign_credential(credential, issuer_key, someone)), encoding="utf-8")
    result = run_glocal("verify", unbound, "--issuer-key", issued["attacker_pub"])
    assert result.code == 1
    assert f"error GL534: the issuer id {someone} is a did:key for another key" in result.err


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            f"{ISSUER}\n",
            "1:1: error GL535: expected '<issuer id> <public key multibase>' but found 1 field(s)",
        ),
        (f"# comment\n{ISSUER} z6MkNOTAKEY\n", "2:"),
        ("# nothing but comments\n", "error GL535: the trust file lists no issuer"),
    ],
)
def test_a_bad_trust_file_is_gl535_and_a_usage_error(issued, tmp_path, line, expected):
    bad = tmp_path / "trust.txt"
    bad.write_text(line, encoding="utf-8")
    result = run_glocal("verify", issued["pack"], "--trust", bad)
    assert result.code == 2
    assert f"{bad}:" in result.err and expected in result.err and "GL535" in result.err


@pytest.mark.parametrize("option", ["--issuer-key", "--trust", None])
def test_a_missing_input_file_exits_2(issued, tmp_path, option):
    missing = tmp_path / "missing"
    args = ["verify", issued["pack"], option, missing] if option else ["verify", missing.with_suffix(".zip")]
    result = run_glocal(*args)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
