"""The issuer's Ed25519 signing key: created once, kept outside version control."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

DEFAULT_KEY = ".glocal/keys/issuer-ed25519.key"  # .glocal/ is git-ignored


class KeyError_(Exception):
    """A key that is missing or cannot be read."""

    def __init__(self, message: str, unreadable: bool = False) -> None:
        super().__init__(message)
        self.unreadable = unreadable  # missing or not readable (an I/O failure), not a bad key


def exposed(path: Path) -> str | None:
    """Why the private key file at `path` is readable by others than its owner, or None."""
    if os.name != "posix":
        return None  # Windows has no group/other permission bits; its ACLs are the user's to set
    mode = stat.S_IMODE(Path(path).stat().st_mode)
    if mode & 0o077:
        return f"the signing key {path} is readable or writable by others than its owner (mode {mode:04o})"
    return None


def git_tracks(path: Path) -> str | None:
    """Why `path` would end up in version control: inside a git work tree and not ignored, or tracked.

    None when git is not installed, the path is not in a work tree, or git ignores it.
    """
    git = shutil.which("git")
    if git is None:
        return None
    path = Path(os.path.abspath(path))
    folder = path.parent
    while not folder.is_dir():
        folder = folder.parent

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([git, "-C", str(folder), *args], capture_output=True, text=True, check=False)

    top = run("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return None  # not a repository
    tree = top.stdout.strip()
    if run("ls-files", "--error-unmatch", "--", str(path)).returncode == 0:
        return f"{path} is tracked by git in {tree}"
    if run("check-ignore", "-q", "--", str(path)).returncode == 0:
        return None
    return f"{path} is inside the git work tree {tree} and git does not ignore it"


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
        raise KeyError_(
            f"cannot read the signing key {path}: {exc.strerror or exc}", unreadable=True
        ) from exc
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
    text = data.decode("utf-8-sig", "replace").strip()  # a BOM: a key saved with Notepad
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
