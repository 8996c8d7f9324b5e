"""The issuer's Ed25519 signing key: created once, kept outside version control."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

DEFAULT_KEY = ".glocal/keys/issuer-ed25519.key"  # .glocal/ is git-ignored


class KeyError_(Exception):
    """A key that is missing or cannot be read."""


def default_key_path(root: Path) -> Path:
    return Path(root) / DEFAULT_KEY


def generate(path: Path) -> Ed25519PublicKey:
    """Create a new key at `path` (0600); refuses to overwrite an existing one."""
    path = Path(path)
    if path.exists():
        raise KeyError_(
            f"{path} already exists; a new key would invalidate every credential signed with the old one"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public_path = path.with_suffix(".pub.pem")
    public_path.write_bytes(public_pem(key.public_key()))
    return key.public_key()


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyError_(f"cannot read the signing key {path}: {exc.strerror or exc}") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyError_(f"{path} is not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_(f"{path} holds a {type(key).__name__}, expected an Ed25519 key")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    """A PEM public key, or a multibase ('z6Mk...') key in a text file."""
    from glocal.packs.credentials import CredentialError, public_key_from_multibase

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyError_(f"cannot read the issuer key {path}: {exc.strerror or exc}") from exc
    text = data.decode("utf-8", "replace").strip()
    if text.startswith("z"):
        try:
            return public_key_from_multibase(text)
        except (CredentialError, ValueError) as exc:
            raise KeyError_(f"{path}: {exc}") from exc
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise KeyError_(f"{path} is not a PEM public key: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KeyError_(f"{path} holds a {type(key).__name__}, expected an Ed25519 key")
    return key
