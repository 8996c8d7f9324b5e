"""`glocal verify PACK.zip`: the manifest signature, every file's hash, every credential's proof, offline.

Signatures are checked against the issuer keys the verifier trusts (see trust.py); the key a pack
or credential carries only says which key claims to have signed. Without any trusted key the
signatures are still checked, against that claimed key, and the result says the issuer is
unverified (GL533). Input is read within the limits of bounded.py.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.packs import bounded, credentials
from glocal.packs.signing import canonical_json
from glocal.packs.trust import Trust, binding_problem


@dataclass
class Verification:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    credentials: int = 0
    key_source: str = ""
    issuer: str = ""  # the issuer id the pack or credential names
    usage_error: bool = False  # the file or a trust input is missing or unreadable

    @property
    def ok(self) -> bool:
        """No errors: every signature and hash verifies (the issuer may still be unverified)."""
        return not any(d.level is Severity.ERROR for d in self.diagnostics)

    @property
    def unverified(self) -> bool:
        """The signatures hold, but no key the verifier trusts was checked against them."""
        return self.ok and any(d.code == "GL533" for d in self.diagnostics)


def _problem(result: Verification, code: str, where: str, message: str, hint: str | None = None) -> None:
    result.diagnostics.append(Diagnostic(code, message, Span(where), hint=hint))


def _validity(result: Verification, credential: dict, where: str, at: datetime | None) -> None:
    """GL546 (a warning) for a credential whose proof verifies but which is not valid at `at`
    (now by default): expired, or not valid yet. An employer checking a certificate needs to know."""
    when = at or datetime.now(UTC)
    for key, late in (("validUntil", True), ("validFrom", False)):
        value = credential.get(key)
        if not isinstance(value, str):
            continue
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            continue  # the proof covers it as written; its form is the issuer's to get right
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if (late and moment < when) or (not late and moment > when):
            state = f"expired on {value[:10]}" if late else f"is not valid before {value[:10]}"
            message = f"the credential {state}: its proof verifies, but it is not valid on {when.date()}"
            _problem(result, "GL546", where, message, hint="ask the issuer whether it was renewed")


def _is_json(name: str) -> bool:
    return name.endswith(".json")


def _issuer_id(document: dict) -> str:
    issuer = document.get("issuer")
    found = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(found, str):
        raise credentials.CredentialError("it names no issuer id")
    return found


FREE_TEXT = {
    "name",
    "description",
    "narrative",
    "identityHash",
    "targetName",
    "targetFramework",
    "value",
    "salt",
}


def _blank_node_label(node: Any, key: str = "") -> str | None:
    """A blank node label ('_:b0') anywhere but in free text: a credential Glocal signs has none.

    Labelled blank nodes can be wired into graphs whose canonicalisation (URDNA2015) takes
    exponential time (7 labelled nodes: 10 s; 10: hours), so they are refused before it runs.
    """
    if isinstance(node, dict):
        for name, value in node.items():
            found = name if name.startswith("_:") else _blank_node_label(value, name)
            if found:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _blank_node_label(item, key)
            if found:
                return found
    elif isinstance(node, str) and node.startswith("_:") and key not in FREE_TEXT:
        return node
    return None


def _check_canonicalisable(credential: dict) -> None:
    label = _blank_node_label(credential)
    if label is not None:
        raise credentials.CredentialError(
            f"it names the blank node {label[:40]!r}: labelled blank nodes are refused "
            "(they can make canonicalisation take exponential time)"
        )


def _unverified(result: Verification, where: str, issuer: str, claimed: str) -> None:
    message = (
        f"the signatures are valid, but the issuer is unverified: {issuer} with key {claimed} "
        "was not checked against a key you trust"
    )
    hint = "pass --issuer-key with the issuer's public key, or list the issuer in a trust file (--trust)"
    _problem(result, "GL533", where, message, hint)


def _signing_key(
    result: Verification, trust: Trust, issuer: str, claimed: str, where: str
) -> Ed25519PublicKey | None:
    """The key to check signatures against: the trusted one for `issuer` (GL534 if the claim is another)."""
    problem = binding_problem(issuer, claimed)
    if problem:
        _problem(result, "GL534", where, problem)
        return None
    if trust.given:
        trusted = trust.trusted_for(issuer)
        result.key_source = trust.description
        if not trusted:
            message = f"the issuer {issuer} is not one you trust (by {trust.description})"
            _problem(result, "GL534", where, message)
            return None
        if claimed not in trusted:
            message = (
                f"signed by key {claimed}, which is not the key you trust for {issuer} "
                f"({', '.join(sorted(trusted))})"
            )
            _problem(result, "GL534", where, message)
            # check against a trusted key anyway, so every changed file is named too
            claimed = sorted(trusted)[0]
    else:
        result.key_source = "the key named in the pack"
    try:
        return credentials.public_key_from_multibase(claimed)
    except (credentials.CredentialError, ValueError) as exc:
        _problem(result, "GL531", where, f"the issuer key {claimed[:24]!r} is not an Ed25519 key: {exc}")
        return None


def verify_pack(
    path: Path, trust: Trust, display: str | None = None, at: datetime | None = None
) -> Verification:
    """Check a pack against the verifier's trust anchors; any problem is a diagnostic (`at`: the
    moment its credentials' validity is judged at, now by default)."""
    result = Verification()
    name = display or str(path)
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:  # missing, a folder, no permission: an I/O failure, not a bad pack
        result.usage_error = True
        _problem(result, "GL531", name, f"cannot read the pack: {exc.strerror or exc}")
        return result
    try:
        unpacked = bounded.read_zip(Path(path), _is_json)
    except bounded.LimitError as exc:
        _problem(result, "GL536", name, str(exc))
        return result
    except (
        OSError,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        RuntimeError,
        ValueError,
        EOFError,
        zlib.error,
        NotImplementedError,
    ) as exc:
        _problem(result, "GL531", name, f"cannot read the pack as a zip file: {exc}")
        return result
    seen: set[str] = set()
    for (
        member
    ) in unpacked.names:  # two entries with one name: unzip tools disagree on which one is "the" file
        if member in seen:
            _problem(result, "GL531", f"{name}:{member}", "the pack holds two entries with this name")
        seen.add(member)
    manifest = _manifest(result, unpacked, name)
    if manifest is None:
        return result
    issuer, claimed, listed, value = manifest
    where = f"{name}:manifest.json"
    result.issuer = issuer
    public = _signing_key(result, trust, issuer, claimed, where)
    if public is None:
        return result
    multibase = credentials.multibase_public_key(public)
    body = manifest_body(unpacked)
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise InvalidSignature
        public.verify(base58.b58decode(value[1:]), canonical_json(body))
    except (InvalidSignature, ValueError):
        message = (
            "the manifest's signature does not verify: the manifest was changed, "
            "or it was not signed by this issuer"
        )
        _problem(result, "GL531", where, message)
    _files(result, unpacked, listed, name)
    _trust_members(result, unpacked, issuer, multibase, name)
    for member in sorted(m for m in unpacked.json if m.startswith("credentials/") and m.endswith(".json")):
        if _credential(result, unpacked.json[member], issuer, public, multibase, f"{name}:{member}", at):
            result.credentials += 1
    if result.ok and not trust.given:
        _unverified(result, where, issuer, claimed)
    return result


def manifest_body(unpacked: bounded.Unpacked) -> dict:
    """The signed part of the manifest (already parsed once by _manifest, so this cannot fail)."""
    manifest = bounded.loads(unpacked.json["manifest.json"])
    manifest.pop("signature")
    return manifest


def _manifest(
    result: Verification, unpacked: bounded.Unpacked, name: str
) -> tuple[str, str, dict, Any] | None:
    """The manifest's issuer id, claimed key, file list and signature value."""
    where = f"{name}:manifest.json"
    if "manifest.json" not in unpacked.json:
        _problem(result, "GL531", where, "the pack has no manifest.json")
        return None
    try:
        manifest = bounded.loads(unpacked.json["manifest.json"])
        signature = manifest.pop("signature")
        listed = manifest["files"]
        claimed = signature["publicKeyMultibase"]
        value = signature["value"]
        issuer = manifest["issuer"]["id"]
        if manifest["issuer"].get("publicKeyMultibase") != claimed:
            raise ValueError("the issuer's key and the signature's key differ")
        if not isinstance(listed, dict) or not isinstance(issuer, str) or not isinstance(claimed, str):
            raise TypeError("expected 'files' to map names to hashes and string issuer id and key")
    except bounded.LimitError as exc:
        _problem(result, "GL537", where, str(exc))
        return None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        _problem(result, "GL531", where, f"manifest.json is not a Glocal pack manifest: {exc}")
        return None
    return issuer, claimed, listed, value


def _files(result: Verification, unpacked: bounded.Unpacked, listed: dict, name: str) -> None:
    for member, digest in sorted(listed.items()):
        if member not in unpacked.digests:
            _problem(result, "GL531", f"{name}:{member}", "listed in the manifest but missing from the pack")
        elif unpacked.digests[member] != digest:
            _problem(result, "GL531", f"{name}:{member}", "changed: its SHA-256 does not match the manifest")
        else:
            result.files += 1
    for member in sorted(set(unpacked.digests) - set(listed) - {"manifest.json"}):
        _problem(result, "GL531", f"{name}:{member}", "not listed in the signed manifest")


def _trust_members(
    result: Verification, unpacked: bounded.Unpacked, issuer: str, multibase: str, name: str
) -> None:
    """trust/: the issuer profile names the manifest's issuer and the signing key."""
    member = "trust/issuer-profile.json"
    if member not in unpacked.json:
        return  # a missing listed file is reported with the hashes
    try:
        profile = bounded.loads(unpacked.json[member])
        methods = [m.get("publicKeyMultibase") for m in profile.get("verificationMethod", [])]
        if profile.get("id") != issuer or multibase not in methods:
            raise ValueError(f"expected issuer {issuer} with key {multibase}")
    except bounded.LimitError as exc:
        _problem(result, "GL537", f"{name}:{member}", str(exc))
    except (ValueError, AttributeError, TypeError) as exc:
        _problem(
            result, "GL534", f"{name}:{member}", f"the issuer profile does not match the manifest: {exc}"
        )


def _credential(
    result: Verification,
    data: bytes,
    issuer: str,
    public: Ed25519PublicKey,
    multibase: str,
    where: str,
    at: datetime | None = None,
) -> bool:
    """One credential: issued by `issuer`, its proof by `public`; False (and a diagnostic) otherwise."""
    try:
        credential = bounded.loads(data)
        if not isinstance(credential, dict):
            raise credentials.CredentialError("expected a JSON object")
        named = _issuer_id(credential)
        if named != issuer:
            raise credentials.CredentialError(f"it names issuer {named} but the pack's issuer is {issuer}")
        method = credential.get("proof", {}).get("verificationMethod", "")
        if method != f"{issuer}#{multibase}":
            raise credentials.CredentialError(f"its verificationMethod is {method!r}, not the issuer key")
        _check_canonicalisable(credential)
        credentials.verify(credential, public)
    except bounded.LimitError as exc:
        _problem(result, "GL537", where, str(exc))
        return False
    except (
        ValueError,
        AttributeError,
        TypeError,
        KeyError,
        RecursionError,
        credentials.CredentialError,
    ) as exc:
        _problem(result, "GL532", where, f"credential does not verify: {exc}")
        return False
    _validity(result, credential, where, at)
    return True


def verify_credential(
    path: Path, trust: Trust, display: str | None = None, at: datetime | None = None
) -> Verification:
    """A single credential file (or a QR code's payload saved as a file); `at` as for verify_pack."""
    result = Verification()
    where = display or str(path)
    try:
        raw = bounded.read_file(Path(path), bounded.MAX_JSON_BYTES)
    except OSError as exc:
        result.usage_error = True
        _problem(result, "GL532", where, f"cannot read the credential: {exc.strerror or exc}")
        return result
    except bounded.LimitError as exc:
        _problem(result, "GL537", where, str(exc))
        return result
    try:
        data = bounded.qr_payload_to_json(raw)
    except bounded.LimitError as exc:
        _problem(result, "GL538", where, str(exc))
        return result
    try:
        credential = bounded.loads(data)
        issuer = _issuer_id(credential)
        method = credential["proof"]["verificationMethod"]
        named_issuer, _, claimed = method.rpartition("#")
        if named_issuer != issuer:
            raise credentials.CredentialError(
                f"its verificationMethod {method!r} is not a key of issuer {issuer}"
            )
    except bounded.LimitError as exc:
        _problem(result, "GL537", where, str(exc))
        return result
    except (ValueError, KeyError, TypeError, AttributeError, credentials.CredentialError) as exc:
        _problem(result, "GL532", where, f"credential does not verify: {exc}")
        return result
    result.issuer = issuer
    public = _signing_key(result, trust, issuer, claimed, where)
    if public is None:
        return result
    try:
        _check_canonicalisable(credential)
        credentials.verify(credential, public)
        result.credentials = 1
        _validity(result, credential, where, at)
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        credentials.CredentialError,
    ) as exc:
        _problem(result, "GL532", where, f"credential does not verify: {exc}")
    if result.ok and not trust.given:
        _unverified(result, where, issuer, claimed)
    return result
