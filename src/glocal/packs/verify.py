"""`glocal verify PACK.zip`: the manifest signature, every file's hash, every credential's proof, offline."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from glocal.diagnostics import Diagnostic, Span
from glocal.packs import credentials, keys
from glocal.packs.signing import canonical_json


@dataclass
class Verification:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    credentials: int = 0
    key_source: str = ""

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def _problem(result: Verification, code: str, where: str, message: str, hint: str | None = None) -> None:
    result.diagnostics.append(Diagnostic(code, message, Span(where), hint=hint))


def verify_pack(path: Path, issuer_key: Path | None = None) -> Verification:
    result = Verification()
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
        members = [info for info in archive.infolist() if not info.is_dir()]
        contents = {info.filename: archive.read(info) for info in members}
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, ValueError, EOFError) as exc:
        _problem(result, "GL531", name, f"cannot read the pack as a zip file: {exc}")
        return result
    seen: set[str] = set()
    for info in members:  # two entries with one name: unzip tools disagree on which one is "the" file
        if info.filename in seen:
            _problem(result, "GL531", f"{name}:{info.filename}", "the pack holds two entries with this name")
        seen.add(info.filename)
    if "manifest.json" not in contents:
        _problem(result, "GL531", f"{name}:manifest.json", "the pack has no manifest.json")
        return result
    try:
        manifest = json.loads(contents["manifest.json"])
        signature = manifest.pop("signature")
        listed = manifest["files"]
        shipped_key = signature["publicKeyMultibase"]
        value = signature["value"]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        _problem(
            result, "GL531", f"{name}:manifest.json", f"manifest.json is not a Glocal pack manifest: {exc}"
        )
        return result
    try:
        public: Ed25519PublicKey = (
            keys.load_public(issuer_key) if issuer_key else credentials.public_key_from_multibase(shipped_key)
        )
        result.key_source = (
            str(issuer_key)
            if issuer_key
            else "the key named in the pack (pass --issuer-key to check who issued it)"
        )
    except (keys.KeyError_, credentials.CredentialError, ValueError) as exc:
        _problem(result, "GL530", str(issuer_key or f"{name}:manifest.json"), str(exc))
        return result
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise InvalidSignature
        public.verify(base58.b58decode(value[1:]), canonical_json(manifest))
    except (InvalidSignature, ValueError):
        _problem(
            result,
            "GL531",
            f"{name}:manifest.json",
            "the manifest's signature does not verify: the manifest was changed, "
            "or it was not signed by this issuer",
        )
    expected_key = credentials.multibase_public_key(public)
    if shipped_key != expected_key:
        _problem(
            result,
            "GL531",
            f"{name}:manifest.json",
            f"the pack names issuer key {shipped_key[:16]}… but the issuer key is {expected_key[:16]}…",
        )
    for member, digest in sorted(listed.items()):
        if member not in contents:
            _problem(result, "GL531", f"{name}:{member}", "listed in the manifest but missing from the pack")
        elif hashlib.sha256(contents[member]).hexdigest() != digest:
            _problem(result, "GL531", f"{name}:{member}", "changed: its SHA-256 does not match the manifest")
        else:
            result.files += 1
    for member in sorted(set(contents) - set(listed) - {"manifest.json"}):
        _problem(result, "GL531", f"{name}:{member}", "not listed in the signed manifest")
    for member in sorted(m for m in contents if m.startswith("credentials/") and m.endswith(".json")):
        try:
            credential = json.loads(contents[member])
            method = credential.get("proof", {}).get("verificationMethod", "")
            if not method.endswith("#" + expected_key):
                raise credentials.CredentialError("its verificationMethod is not the issuer key")
            credentials.verify(credential, public)
            result.credentials += 1
        except (ValueError, AttributeError, TypeError, KeyError, credentials.CredentialError) as exc:
            _problem(result, "GL532", f"{name}:{member}", f"credential does not verify: {exc}")
    return result


def verify_credential(path: Path, issuer_key: Path | None) -> Verification:
    """A single credential file (or a QR code's payload saved as a file)."""
    from glocal.packs.documents import qr_payload_to_json

    result = Verification()
    try:
        credential = json.loads(qr_payload_to_json(Path(path).read_bytes()))
        method = credential["proof"]["verificationMethod"]
        public = (
            keys.load_public(issuer_key)
            if issuer_key
            else credentials.public_key_from_multibase(method.rsplit("#", 1)[1])
        )
        credentials.verify(credential, public)
        result.credentials = 1
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        keys.KeyError_,
        credentials.CredentialError,
    ) as exc:
        _problem(result, "GL532", str(path), f"credential does not verify: {exc}")
    return result
