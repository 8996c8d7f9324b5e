"""Signing and verification: the official eddsa-rdfc-2022 vector, offline contexts, tamper-evident packs.

The sample pack is built once for this module (a pack takes ~10 s); every tamper test works on
its own copy of the zip.
"""

from __future__ import annotations

import copy
import hashlib
import json
import socket
import warnings
import zipfile
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conftest import FIXTURES, REPO
from glocal.cli import main
from glocal.packs import credentials, keys, trust
from glocal.packs.signing import canonical_json
from glocal.packs.verify import verify_pack

VECTOR_DIR = FIXTURES / "credentials" / "test-vector"
VECTOR = json.loads((VECTOR_DIR / "vector.json").read_text(encoding="utf-8"))
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
PACK_NAME = "vietnam-vi-cohort-vietnam.zip"
CREDENTIAL = "credentials/vn-01.credential.json"


# --------------------------------------------------------------------------- the official vector


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: signing and verifying are offline."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def vector_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTOR["private_key_seed_hex"]))


def test_vector_key_is_the_published_multikey(vector_key):
    public = vector_key.public_key()
    assert credentials.multibase_public_key(public) == VECTOR["public_key_multibase"]
    assert (
        credentials.public_key_from_multibase(VECTOR["public_key_multibase"]).public_bytes_raw().hex()
        == VECTOR["public_key_hex"]
    )


def test_canonical_document_and_proof_equal_the_vector_byte_for_byte(no_network):
    unsigned = copy.deepcopy(VECTOR["unsigned_credential"])
    document_canon = credentials.canonize(unsigned)
    proof_config = dict(VECTOR["proof_options"], **{"@context": unsigned["@context"]})
    proof_canon = credentials.canonize(proof_config)

    assert document_canon.encode("utf-8") == (VECTOR_DIR / VECTOR["document_canon_file"]).read_bytes()
    assert proof_canon.encode("utf-8") == (VECTOR_DIR / VECTOR["proof_canon_file"]).read_bytes()
    assert hashlib.sha256(document_canon.encode("utf-8")).hexdigest() == VECTOR["document_hash_sha256"]
    assert hashlib.sha256(proof_canon.encode("utf-8")).hexdigest() == VECTOR["proof_hash_sha256"]


def test_signing_reproduces_signature_and_proof_value(vector_key, no_network):
    unsigned = copy.deepcopy(VECTOR["unsigned_credential"])
    options = VECTOR["proof_options"]
    signed = credentials.sign(unsigned, vector_key, options["verificationMethod"], options["created"])

    assert unsigned == VECTOR["unsigned_credential"], "signing must not change its input"
    proof = signed["proof"]
    assert {k: v for k, v in proof.items() if k != "proofValue"} == options
    assert proof["proofValue"] == VECTOR["proof_value"]
    assert base58.b58decode(proof["proofValue"][1:]).hex() == VECTOR["signature_hex"]
    assert {k: v for k, v in signed.items() if k != "proof"} == VECTOR["unsigned_credential"]

    credentials.verify(signed, vector_key.public_key())  # raises if it does not verify
    credentials.verify(signed, credentials.public_key_from_multibase(VECTOR["public_key_multibase"]))


def test_the_vector_proof_fails_for_a_changed_document_or_another_key(vector_key, no_network):
    signed = dict(
        VECTOR["unsigned_credential"], proof=dict(VECTOR["proof_options"], proofValue=VECTOR["proof_value"])
    )
    credentials.verify(signed, vector_key.public_key())

    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["achievement"]["name"] = "Leadership"
    with pytest.raises(credentials.CredentialError, match="the signature does not match the credential"):
        credentials.verify(changed, vector_key.public_key())
    with pytest.raises(credentials.CredentialError, match="the signature does not match the credential"):
        credentials.verify(signed, Ed25519PrivateKey.generate().public_key())


def test_document_loader_serves_pinned_contexts_and_refuses_everything_else(no_network):
    for url, name in (
        ("https://www.w3.org/ns/credentials/v2", "credentials-v2.jsonld"),
        ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "ob-context-3.0.3.json"),
    ):
        loaded = credentials.document_loader(url)
        assert loaded["documentUrl"] == url
        assert loaded["document"] == json.loads(
            (FIXTURES / "credentials" / "contexts" / name).read_text(encoding="utf-8")
        )
    for url in (
        "https://www.w3.org/2018/credentials/v1",
        "https://example.com/contexts/other.jsonld",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    ):
        with pytest.raises(
            credentials.CredentialError, match="not pinned in glocal; refusing to fetch it"
        ) as raised:
            credentials.document_loader(url)
        assert url in str(raised.value)


def test_shipped_contexts_are_the_pinned_files():
    package = REPO / "src" / "glocal" / "packs" / "contexts"
    for name in ("credentials-v2.jsonld", "ob-context-3.0.3.json"):
        assert (package / name).read_bytes() == (FIXTURES / "credentials" / "contexts" / name).read_bytes()


@pytest.mark.parametrize("where", ["top", "nested"])
def test_a_property_no_pinned_context_defines_is_refused_before_signing(vector_key, no_network, where):
    unsigned = copy.deepcopy(VECTOR["unsigned_credential"])
    if where == "top":
        unsigned["foo"] = "bar"
        named = "/foo"
    else:
        unsigned["credentialSubject"]["achievement"]["foo"] = "bar"
        named = "/credentialSubject/achievement/foo"
    with pytest.raises(credentials.CredentialError) as raised:
        credentials.sign(
            unsigned,
            vector_key,
            VECTOR["proof_options"]["verificationMethod"],
            VECTOR["proof_options"]["created"],
        )
    assert (
        str(raised.value)
        == f"properties not defined by the pinned JSON-LD contexts would not be signed: {named}"
    )


def test_a_property_smuggled_in_after_signing_is_refused_by_verify(vector_key, no_network):
    signed = dict(
        VECTOR["unsigned_credential"], proof=dict(VECTOR["proof_options"], proofValue=VECTOR["proof_value"])
    )
    signed["foo"] = "not covered by the signature"
    with pytest.raises(credentials.CredentialError, match="/foo"):
        credentials.verify(signed, vector_key.public_key())


def test_a_credential_naming_an_unpinned_context_is_refused_not_fetched(vector_key, no_network):
    """Verifying untrusted input must end in CredentialError (the documented failure), offline."""
    signed = dict(
        VECTOR["unsigned_credential"], proof=dict(VECTOR["proof_options"], proofValue=VECTOR["proof_value"])
    )
    signed["@context"] = signed["@context"] + ["https://example.com/contexts/other.jsonld"]
    with pytest.raises(credentials.CredentialError):
        credentials.verify(signed, vector_key.public_key())


# --------------------------------------------------------------------------- the sample pack


@pytest.fixture(scope="module")
def issued(tmp_path_factory, small_pack):
    """The shared small copy of the sample with an issuer key and its pack (conftest's
    `small_pack`: nothing here depends on the programme's size), and an attacker's key."""
    base = tmp_path_factory.mktemp("credentials")
    root = small_pack
    pack = root / "dist" / "packs" / PACK_NAME
    assert pack.is_file()
    attacker = base / "attacker" / "attacker.key"
    assert main(["keygen", "--out", str(attacker)]) == 0
    return {
        "root": root,
        "pack": pack,
        "issuer_pub": root / ".glocal" / "keys" / "issuer-ed25519.pub.pem",
        "issuer_key": root / ".glocal" / "keys" / "issuer-ed25519.key",
        "attacker_key": attacker,
        "attacker_pub": attacker.with_suffix(".pub.pem"),
    }


def read_pack(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def write_pack(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name one tamper adds on purpose
        for name, data in entries:
            archive.writestr(name, data)
    return path


def replace(entries: list[tuple[str, bytes]], member: str, data: bytes) -> list[tuple[str, bytes]]:
    assert member in dict(entries)
    return [(name, data if name == member else old) for name, old in entries]


def verify_cli(glocal, pack: Path, key: Path | None = None):
    args = ["verify", str(pack)] + (["--issuer-key", str(key)] if key else [])
    result = glocal(*args)
    return result, result.out + result.err


def test_untouched_pack_verifies_with_and_without_the_issuer_key(issued, glocal):
    result, text = verify_cli(glocal, issued["pack"], issued["issuer_pub"])
    assert result.code == 0, text
    hashed = len(read_pack(issued["pack"])) - 1  # every file of the pack but manifest.json
    assert result.out.startswith(
        f"OK: {issued['pack']}: manifest signature, {hashed} file hashes and 3 credential proofs verified "
        f"against {issued['issuer_pub']}"
    )
    result, text = verify_cli(glocal, issued["pack"])
    assert result.code == 3, text  # every signature holds, but nothing the verifier trusts was checked
    issuer = "https://example.org/glocal-sample/issuer"
    assert result.out.splitlines() == [
        f"UNVERIFIED ISSUER: {issued['pack']}: manifest signature, {hashed} file hashes "
        f"and 3 credential proofs valid, but issuer {issuer} is not one you trust"
    ]
    assert (
        f"{issued['pack']}:manifest.json: warning GL533: "
        "the signatures are valid, but the issuer is unverified" in result.err
    )


def test_the_pack_public_key_is_the_keygen_public_key(issued):
    entries = dict(read_pack(issued["pack"]))
    assert entries["trust/issuer-public-key.pem"] == issued["issuer_pub"].read_bytes()
    multibase = credentials.multibase_public_key(keys.load_public(issued["issuer_pub"]))
    assert json.loads(entries["manifest.json"])["issuer"]["publicKeyMultibase"] == multibase


def test_a_pack_verified_against_another_issuer_key_fails(issued, glocal):
    result, text = verify_cli(glocal, issued["pack"], issued["attacker_pub"])
    assert result.code == 1
    assert f"{issued['pack']}:manifest.json: error GL531: the manifest's signature does not verify" in text
    assert f"FAILED: {issued['pack']}" in text


def _pdf(entries):
    data = dict(entries)["certificates/vn-01.pdf"]
    middle = len(data) // 2
    return replace(
        entries, "certificates/vn-01.pdf", data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]
    )


def _guide(entries):
    data = dict(entries)["guide/facilitator-guide.pdf"]
    return replace(entries, "guide/facilitator-guide.pdf", data + b"\n%tampered\n")


def _results(entries):
    text = dict(entries)["records/results.csv"].decode("utf-8")
    lines = text.splitlines(keepends=True)
    lines = [line.replace(",no,", ",yes,", 1) if line.startswith("vn-03,") else line for line in lines]
    assert "".join(lines) != text
    return replace(entries, "records/results.csv", "".join(lines).encode("utf-8"))


def _credential(entries):
    data = json.loads(dict(entries)[CREDENTIAL])
    data["validUntil"] = "2099-11-14T22:13:20Z"
    return replace(
        entries, CREDENTIAL, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    )


def _manifest(entries):
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest["cohort"] = "another-cohort"
    return replace(
        entries, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    )


def _manifest_hash_follows_a_changed_file(entries):
    """Change results.csv and also put its new hash in the manifest (without the issuer's key)."""
    entries = _results(entries)
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest["files"]["records/results.csv"] = hashlib.sha256(
        dict(entries)["records/results.csv"]
    ).hexdigest()
    return replace(
        entries, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    )


def _extra(entries):
    forged = dict(entries)["certificates/vn-01.pdf"]
    return entries + [("certificates/vn-03.pdf", forged)]


def _removed(entries):
    return [(name, data) for name, data in entries if name != "certificates/vn-02.pdf"]


def _duplicate(entries):
    """A second, forged entry under an existing name, placed first (what `unzip` extracts)."""
    return [("certificates/vn-01.pdf", b"%PDF-1.7 forged certificate")] + entries


def _unpinned_context(entries):
    data = json.loads(dict(entries)[CREDENTIAL])
    data["@context"].append("https://attacker.example/context.jsonld")
    return replace(entries, CREDENTIAL, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def _context_removed(entries):
    data = json.loads(dict(entries)[CREDENTIAL])
    del data["@context"]
    return replace(entries, CREDENTIAL, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


TAMPERS = {
    "a certificate PDF": (_pdf, ["certificates/vn-01.pdf"]),
    "the guide PDF": (_guide, ["guide/facilitator-guide.pdf"]),
    "records/results.csv": (_results, ["records/results.csv"]),
    "a credential field": (_credential, [CREDENTIAL]),
    "manifest.json": (_manifest, ["manifest.json"]),
    "manifest.json rehashed": (_manifest_hash_follows_a_changed_file, ["manifest.json"]),
    "an extra file": (_extra, ["certificates/vn-03.pdf"]),
    "a removed file": (_removed, ["certificates/vn-02.pdf"]),
    "a duplicate entry": (_duplicate, ["certificates/vn-01.pdf"]),
    "an unpinned @context": (_unpinned_context, [CREDENTIAL]),
    "a removed @context": (_context_removed, [CREDENTIAL]),
}


@pytest.mark.parametrize("kind", list(TAMPERS))
@pytest.mark.parametrize("with_key", [True, False], ids=["issuer-key", "shipped-key"])
def test_tampering_with_a_pack_fails_verify_and_names_the_file(issued, glocal, tmp_path, kind, with_key):
    tamper, named = TAMPERS[kind]
    pack = write_pack(tmp_path / PACK_NAME, tamper(read_pack(issued["pack"])))
    result, text = verify_cli(glocal, pack, issued["issuer_pub"] if with_key else None)
    assert result.code == 1, text
    for member in named:
        assert f"{pack}:{member}: error GL53" in text, text
    assert f"FAILED: {pack}" in text
    assert "Traceback" not in text


def _resign_manifest(
    entries, member: str, data: bytes, attacker: Ed25519PrivateKey
) -> list[tuple[str, bytes]]:
    """What an attacker without the issuer key can do: change a file, rehash it, re-sign the manifest."""
    entries = replace(entries, member, data)
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest.pop("signature")
    manifest["files"][member] = hashlib.sha256(data).hexdigest()
    multibase = credentials.multibase_public_key(attacker.public_key())
    manifest["issuer"]["publicKeyMultibase"] = multibase
    signature = attacker.sign(canonical_json(manifest))
    manifest["signature"] = {
        "algorithm": "Ed25519",
        "signed": "canonical JSON of this object without 'signature'",
        "publicKeyMultibase": multibase,
        "value": "z" + base58.b58encode(signature).decode("ascii"),
    }
    return replace(
        entries, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    )


def _set_name(c):
    c["name"] = "Certified master trainer"


def _set_valid_until(c):
    c["validUntil"] = "2099-11-14T22:13:20Z"


def _set_name_identifier(c):
    [identity] = [i for i in c["credentialSubject"]["identifier"] if i["identityType"] == "name"]
    identity["identityHash"] = "Mallory Nguyễn"


def _set_email_identifier(c):
    [identity] = [i for i in c["credentialSubject"]["identifier"] if i["identityType"] == "emailAddress"]
    identity["identityHash"] = (
        "sha256$" + hashlib.sha256(("mallory@example.vn" + identity["salt"]).encode()).hexdigest()
    )


def _set_result_value(c):
    [knowledge] = [
        r for r in c["credentialSubject"]["result"] if r["resultDescription"].endswith(":knowledge-check")
    ]
    knowledge["value"] = "100"


def _set_achieved_level(c):
    level = next(r for r in c["credentialSubject"]["result"] if "achievedLevel" in r)
    stem, number = level["achievedLevel"].rsplit(":", 1)
    level["achievedLevel"] = f"{stem}:{1 if number == '4' else 4}"


def _set_id(c):
    c["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000"


FIELDS = {
    "name": _set_name,
    "validUntil": _set_valid_until,
    "identifier (name)": _set_name_identifier,
    "identifier (email)": _set_email_identifier,
    "result value": _set_result_value,
    "rubric level": _set_achieved_level,
    "credential id": _set_id,
}


@pytest.mark.parametrize("field", list(FIELDS))
def test_a_changed_credential_field_fails_even_with_a_resigned_manifest(issued, glocal, tmp_path, field):
    original = json.loads(dict(read_pack(issued["pack"]))[CREDENTIAL])
    changed = copy.deepcopy(original)
    FIELDS[field](changed)
    assert changed != original

    # the credential's own proof catches it against the real issuer key
    with pytest.raises(credentials.CredentialError, match="the signature does not match the credential"):
        credentials.verify(changed, keys.load_public(issued["issuer_pub"]))

    attacker = keys.load_private(issued["attacker_key"])
    data = json.dumps(changed, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    pack = write_pack(
        tmp_path / PACK_NAME, _resign_manifest(read_pack(issued["pack"]), CREDENTIAL, data, attacker)
    )

    # the forgery is well made: under the attacker's key only the issuer profile (which names the
    # issuer's key) and the credential proofs are left to catch it
    forged = verify_pack(pack, trust.load(issued["attacker_pub"], None))
    assert [(d.code, d.span.path) for d in forged.diagnostics] == [
        ("GL534", f"{pack}:trust/issuer-profile.json"),
        ("GL532", f"{pack}:{CREDENTIAL}"),
    ] + [("GL532", f"{pack}:credentials/{other}.credential.json") for other in ("vn-02", "vn-06")]

    result, text = verify_cli(glocal, pack, issued["issuer_pub"])
    assert result.code == 1
    assert f"{pack}:manifest.json: error GL531: the manifest's signature does not verify" in text
    assert (
        f"{pack}:{CREDENTIAL}: error GL532: credential does not verify: "
        "the signature does not match the credential" in text
    )
    # the untouched credentials still verify against the real key (expired by now: GL546 warnings)
    assert f"{pack}:credentials/vn-02.credential.json: error" not in text


def test_a_credential_resigned_by_the_attacker_fails_against_the_issuer_key(issued, glocal, tmp_path):
    attacker = keys.load_private(issued["attacker_key"])
    original = json.loads(dict(read_pack(issued["pack"]))[CREDENTIAL])
    unsigned = {k: v for k, v in original.items() if k != "proof"}
    unsigned["validUntil"] = "2099-11-14T22:13:20Z"
    method = f"{unsigned['issuer']['id']}#{credentials.multibase_public_key(attacker.public_key())}"
    forged = credentials.sign(unsigned, attacker, method, original["proof"]["created"])
    data = json.dumps(forged, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    pack = write_pack(
        tmp_path / PACK_NAME, _resign_manifest(read_pack(issued["pack"]), CREDENTIAL, data, attacker)
    )

    result, text = verify_cli(glocal, pack, issued["issuer_pub"])
    assert result.code == 1
    assert f"{pack}:{CREDENTIAL}: error GL532: credential does not verify" in text
    assert f"{pack}:manifest.json: error GL531" in text


def test_a_single_credential_file_verifies_and_a_changed_one_does_not(issued, glocal, tmp_path):
    data = dict(read_pack(issued["pack"]))[CREDENTIAL]
    good = tmp_path / "vn-01.credential.json"
    good.write_bytes(data)
    result = glocal("verify", good, "--issuer-key", issued["issuer_pub"])
    assert (result.code, result.out.strip()) == (
        0,
        f"OK: {good}: credential proof verified against {issued['issuer_pub']} "
        "(issuer https://example.org/glocal-sample/issuer)",
    )

    changed = json.loads(data)
    changed["name"] = "Certified master trainer"
    bad = tmp_path / "changed.credential.json"
    bad.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    result = glocal("verify", bad, "--issuer-key", issued["issuer_pub"])
    assert result.code == 1
    assert (
        f"{bad}: error GL532: credential does not verify: the signature does not match the credential"
        in result.err
    )


def test_kept_canonical_forms_follow_every_change_of_the_document(no_network):
    """`canonize` and `undefined_properties` keep their results per document: the same document
    in another key order gives the kept (and published) form, any change gives a new one, and
    what a caller does to the returned list changes nothing kept."""
    unsigned = copy.deepcopy(VECTOR["unsigned_credential"])
    expected = (VECTOR_DIR / VECTOR["document_canon_file"]).read_bytes().decode("utf-8")
    assert credentials.canonize(unsigned) == expected
    reordered = dict(reversed(list(unsigned.items())))
    assert credentials.canonize(reordered) == expected
    changed = copy.deepcopy(unsigned)
    changed["name"] = changed["name"] + " (changed)"
    assert credentials.canonize(changed) != expected
    assert "(changed)" in credentials.canonize(changed)
    assert credentials.canonize(unsigned) == expected  # the first is still the one kept for it
    extra = dict(unsigned, nickname="not in any context")
    missing = credentials.undefined_properties(extra)
    assert missing == ["/nickname"]
    missing.append("/caller's own")
    assert credentials.undefined_properties(extra) == ["/nickname"]
    assert credentials.undefined_properties(unsigned) == []
