"""Whom `verify` trusts: issuer keys the verifier names, never the key a pack or credential carries.

A trust anchor comes from `--issuer-key FILE` (a PEM or multibase public key, trusted for any
issuer id; or an issuer profile JSON, which pins its `id` to its keys) and from a trust file, one
issuer per line:

    # issuer id                                public key (multibase, as `glocal keygen` prints it)
    https://example.org/glocal-sample/issuer   z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH

An issuer may have several lines (a rotated key). An issuer id of the form `did:key:z6Mk…` is
bound to the key it names whatever the anchors say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.packs import credentials, keys

ANY_ISSUER = "*"  # a key given on its own with --issuer-key: the verifier vouches for it, whoever it names
DEFAULT_TRUST_FILE = ".glocal/trusted-issuers.txt"
MAX_TRUST_BYTES = 1 << 20


@dataclass
class Trust:
    """Issuer id → the multibase public keys the verifier trusts for it."""

    keys: dict[str, set[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: bool = False  # a named file does not exist or cannot be read (a usage error)

    @property
    def given(self) -> bool:
        return bool(self.keys)

    def trusted_for(self, issuer_id: str) -> set[str]:
        return self.keys.get(issuer_id, set()) | self.keys.get(ANY_ISSUER, set())

    def add(self, issuer_id: str, multibase: str) -> None:
        self.keys.setdefault(issuer_id, set()).add(multibase)

    @property
    def description(self) -> str:
        return " and ".join(self.sources)


def did_key_of(multibase: str) -> str:
    """The `did:key` id of an Ed25519 public key."""
    return f"did:key:{multibase}"


def binding_problem(issuer_id: str, multibase: str) -> str | None:
    """Why `issuer_id` cannot be the issuer whose key is `multibase` on its own terms (a did:key)."""
    if issuer_id.startswith("did:key:") and issuer_id != did_key_of(multibase):
        return (
            f"the issuer id {issuer_id} is a did:key for another key than the one that signed ({multibase})"
        )
    return None


def load(issuer_key: Path | None, trust_file: Path | None, display: dict[Path, str] | None = None) -> Trust:
    """The verifier's trust anchors from `--issuer-key` and a trust file (either may be None)."""
    trust = Trust()
    display = display or {}
    if issuer_key is not None:
        _issuer_key(trust, issuer_key, display.get(issuer_key, str(issuer_key)))
    if trust_file is not None:
        _trust_file(trust, trust_file, display.get(trust_file, str(trust_file)))
    return trust


def _issuer_key(trust: Trust, path: Path, shown: str) -> None:
    try:
        data = Path(path).read_bytes()[: MAX_TRUST_BYTES + 1]
    except OSError as exc:
        trust.missing = True
        message = f"cannot read the issuer key: {exc.strerror or exc}"
        trust.diagnostics.append(Diagnostic("GL530", message, Span(shown)))
        return
    if data.lstrip().startswith(b"{"):
        _profile(trust, data, shown)
        return
    try:
        trust.add(ANY_ISSUER, credentials.multibase_public_key(keys.load_public(path)))
    except keys.KeyError_ as exc:
        trust.diagnostics.append(Diagnostic("GL530", str(exc), Span(shown)))
        return
    trust.sources.append(shown)


def _profile(trust: Trust, data: bytes, shown: str) -> None:
    """An issuer profile (e.g. a trusted pack's trust/issuer-profile.json): its id, pinned to its keys."""
    try:
        profile = json.loads(data)
        issuer_id = profile["id"]
        methods = profile["verificationMethod"]
        found = [m["publicKeyMultibase"] for m in methods]
        for multibase in found:
            if not isinstance(multibase, str):  # (a number reached the key's decoder: a traceback)
                raise ValueError(f"'publicKeyMultibase' expected text but found {type(multibase).__name__}")
            credentials.public_key_from_multibase(multibase)
        if not isinstance(issuer_id, str) or not found:
            raise ValueError("expected an 'id' and at least one verification method")
    except (ValueError, KeyError, TypeError, RecursionError, credentials.CredentialError) as exc:
        message = (
            "expected a PEM or multibase public key, "
            f"or an issuer profile with 'id' and 'verificationMethod': {exc}"
        )
        trust.diagnostics.append(Diagnostic("GL530", message, Span(shown)))
        return
    for multibase in found:
        trust.add(issuer_id, multibase)
    trust.sources.append(f"the issuer profile {shown} ({issuer_id})")


def _trust_file(trust: Trust, path: Path, shown: str) -> None:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        trust.missing = True
        message = f"cannot read the trust file: {exc.strerror or exc}"
        trust.diagnostics.append(Diagnostic("GL535", message, Span(shown)))
        return
    if len(raw) > MAX_TRUST_BYTES:
        message = f"the trust file is larger than {MAX_TRUST_BYTES} bytes"
        trust.diagnostics.append(Diagnostic("GL535", message, Span(shown)))
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        trust.diagnostics.append(Diagnostic("GL535", "expected UTF-8 text", Span(shown)))
        return
    before = len(trust.diagnostics)
    found = 0
    for number, line in enumerate(text.splitlines()):
        words = line.split("#", 1)[0].split()  # an issuer id has no '#': it ends at the key's fragment
        if not words:
            continue
        if len(words) != 2:
            message = f"expected '<issuer id> <public key multibase>' but found {len(words)} field(s)"
            trust.diagnostics.append(Diagnostic("GL535", message, Span(shown, number, 0)))
            continue
        issuer_id, multibase = words
        try:
            credentials.public_key_from_multibase(multibase)
        except (credentials.CredentialError, ValueError) as exc:
            column = line.index(multibase)
            trust.diagnostics.append(Diagnostic("GL535", str(exc), Span(shown, number, column)))
            continue
        trust.add(issuer_id, multibase)
        found += 1
    if len(trust.diagnostics) == before and not found:
        message = "the trust file lists no issuer: expected lines '<issuer id> <public key multibase>'"
        trust.diagnostics.append(Diagnostic("GL535", message, Span(shown)))
    if found:
        trust.sources.append(f"the trust file {shown}")
