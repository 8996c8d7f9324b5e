"""Open Badges 3.0 credentials signed with Ed25519 as Data Integrity proofs (eddsa-rdfc-2022).

Canonicalisation is RDF Dataset Canonicalization (URDNA2015) with pyld, against JSON-LD
contexts pinned in this package: nothing is fetched at run time. The pinned VC 2.0 context has
no `@vocab`, so a property no context defines would silently fall out of the canonical form
and out of the signature: such properties are refused before signing.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache, lru_cache
from importlib import resources

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pyld import jsonld

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = {VC_V2: "credentials-v2.jsonld", OB_V3: "ob-context-3.0.3.json"}
ED25519_PUB_MULTICODEC = b"\xed\x01"


class CredentialError(Exception):
    """A credential that cannot be signed or verified as it is."""


@cache
def _context(url: str) -> dict:
    name = CONTEXTS[url]
    return json.loads(
        resources.files("glocal.packs").joinpath(f"contexts/{name}").read_text(encoding="utf-8")
    )


def document_loader(url: str, options=None) -> dict:
    """Pinned contexts only: a document that is not pinned is an error, never a download."""
    if url not in CONTEXTS:
        raise CredentialError(f"JSON-LD document {url} is not pinned in glocal; refusing to fetch it")
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(_context(url))}


#: The largest document (as JSON text) whose canonical form and undefined properties are kept.
MEMO_MAX_CHARS = 64 * 1024


def _memo_key(document: dict) -> str | None:
    """The document as JSON text with sorted keys (what JSON-LD processing depends on, as neither
    canonical N-Quads nor a sorted list of paths depend on key order), or None: not kept."""
    try:
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None
    return text if len(text) <= MEMO_MAX_CHARS else None


def canonize(document: dict) -> str:
    """URDNA2015 canonical N-Quads of a JSON-LD document.

    Kept per document for the process (a pure function of it and the pinned contexts): checking a
    pack and a changed copy of it canonicalises the credentials the change left alone once."""
    key = _memo_key(document)
    return _canonize(document) if key is None else _canonized(key)


@lru_cache(maxsize=32)
def _canonized(text: str) -> str:
    return _canonize(json.loads(text))


def _canonize(document: dict) -> str:
    return jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
    )


def _paths(node, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            name = {"@id": "id", "@type": "type"}.get(key, key)
            found.add(f"{prefix}/{name}")
            found |= _paths(value, f"{prefix}/{name}")
    elif isinstance(node, list):
        for item in node:
            found |= _paths(item, prefix)
    return found


def undefined_properties(document: dict) -> list[str]:
    """Properties the contexts do not define (they would be left out of the signature)."""
    key = _memo_key(document)
    return list(_undefined(document) if key is None else _undefined_in(key))


@lru_cache(maxsize=32)
def _undefined_in(text: str) -> tuple[str, ...]:
    return _undefined(json.loads(text))


def _undefined(document: dict) -> tuple[str, ...]:
    options = {"documentLoader": document_loader}
    expanded = jsonld.expand(document, options)
    compacted = jsonld.compact(expanded, {"@context": document["@context"]}, options)
    return tuple(sorted(_paths(document) - _paths(compacted)))


def multibase_public_key(public: Ed25519PublicKey) -> str:
    """did:key style: 'z' + base58btc(0xed01 + raw public key)."""
    from cryptography.hazmat.primitives import serialization

    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PUB_MULTICODEC + raw).decode("ascii")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise CredentialError(f"expected a base58btc multibase key starting with 'z' but found {value[:8]!r}")
    raw = base58.b58decode(value[1:])
    if not raw.startswith(ED25519_PUB_MULTICODEC) or len(raw) != 34:
        raise CredentialError("expected an Ed25519 public key (multicodec 0xed01)")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _hash_data(unsigned: dict, proof_options: dict) -> tuple[bytes, str, str]:
    document_canon = canonize(unsigned)
    proof_config = dict(proof_options)
    proof_config["@context"] = unsigned["@context"]
    proof_canon = canonize(proof_config)
    data = (
        hashlib.sha256(proof_canon.encode("utf-8")).digest()
        + hashlib.sha256(document_canon.encode("utf-8")).digest()
    )
    return data, document_canon, proof_canon


def sign(unsigned: dict, key: Ed25519PrivateKey, verification_method: str, created: str) -> dict:
    """The credential with an eddsa-rdfc-2022 DataIntegrityProof."""
    if "proof" in unsigned:
        raise CredentialError("the credential is already signed")
    missing = undefined_properties(unsigned)
    if missing:
        raise CredentialError(
            "properties not defined by the pinned JSON-LD contexts would not be signed: " + ", ".join(missing)
        )
    proof_options = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
    }
    data, _, _ = _hash_data(unsigned, proof_options)
    signature = key.sign(data)
    signed = dict(unsigned)
    signed["proof"] = dict(proof_options, proofValue="z" + base58.b58encode(signature).decode("ascii"))
    return signed


def verify(signed: dict, public: Ed25519PublicKey) -> None:
    """Raise CredentialError unless the proof verifies against `public`."""
    proof = signed.get("proof")
    if not isinstance(proof, dict):
        raise CredentialError("no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-rdfc-2022":
        raise CredentialError("expected a DataIntegrityProof with cryptosuite eddsa-rdfc-2022")
    value = proof.get("proofValue", "")
    if not isinstance(value, str) or not value.startswith("z"):
        raise CredentialError("proofValue expected base58btc multibase ('z...')")
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    if unsigned.get("@context") != [VC_V2, OB_V3]:
        raise CredentialError(f"expected @context {[VC_V2, OB_V3]} but found {unsigned.get('@context')!r}")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    try:
        missing = undefined_properties(unsigned)
        if missing:
            raise CredentialError(
                "the credential carries properties its contexts do not define (unsigned): "
                + ", ".join(missing)
            )
        data, _, _ = _hash_data(unsigned, options)
        public.verify(base58.b58decode(value[1:]), data)
    except InvalidSignature as exc:
        raise CredentialError("the signature does not match the credential") from exc
    except (ValueError, TypeError, KeyError, jsonld.JsonLdError) as exc:
        raise CredentialError(f"the credential cannot be canonicalised: {exc}") from exc
