"""The pack's signed parts: Open Badges credentials with their certificates, trust files, the manifest."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.i18n.ui import Labels
from glocal.model import Certification, Issuer
from glocal.packs import badge, credentials, documents, keys
from glocal.packs.context import Files, PackContext, json_file, slug
from glocal.packs.documents import Ticket
from glocal.packs.results import Outcome


def canonical_json(data: dict) -> bytes:
    """The bytes a manifest signature covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _verification_method(issuer: Issuer, multibase: str) -> str:
    return f"{issuer.id}#{multibase}"


def credentials_and_certificates(
    pack: PackContext, outcomes: list[Outcome], key: Ed25519PrivateKey, display: str
) -> tuple[Files, list[Diagnostic]]:
    """credentials/ and certificates/: a signed Open Badge and a PDF with its QR code per certified trainee.

    A credential that cannot be signed is GL531 (at the roster, `display`), and no pack. One too
    large for a QR code (a long name, every criterion in a language of long words) is GL545, a
    warning: its certificate names the credential's file in the pack instead of carrying a code.
    """
    certification = pack.certification
    multibase = credentials.multibase_public_key(key.public_key())
    method = _verification_method(certification.issuer, multibase)
    text = _badge_text(pack)
    files: Files = {}
    found: list[Diagnostic] = []
    for outcome in outcomes:
        if not outcome.certified:
            continue
        unsigned = badge.credential(
            pack.program.id,
            pack.composed.site.key,
            pack.cohort,
            outcome,
            certification.issuer,
            text,
            pack.issued,
            certification.validity_months,
        )
        try:
            signed = credentials.sign(unsigned, key, method, badge.iso(pack.issued))
        except credentials.CredentialError as exc:
            message = f"credential for {outcome.trainee.id} cannot be signed: {exc}"
            return files, [Diagnostic("GL531", message, Span(display))]
        ident = slug(outcome.trainee.id)
        credential = f"credentials/{ident}.credential.json"
        files[credential] = json_file(signed)
        payload = json.dumps(signed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        qr = documents.qr_data_uri(payload)
        if qr is None:
            found.append(
                Diagnostic(
                    "GL545",
                    f"the signed credential of {outcome.trainee.id} is too large for a QR code "
                    f"({len(payload):,} bytes): its certificate names {credential} instead",
                    Span(display),
                    hint="send the credential file with the certificate; glocal verify checks either",
                )
            )
        files[f"certificates/{ident}.pdf"] = _certificate(pack, outcome, qr, credential)
    return files, found


def _badge_text(pack: PackContext) -> badge.BadgeText:
    """The credential's words in the pack's language."""
    composed, labels, rubric = pack.composed, pack.labels, pack.rubric
    home = composed.home
    return badge.BadgeText(
        name=labels.get("credential_name", program=composed.title),
        description=_plain(home.split("\n\n")[1] if home.count("\n\n") > 1 else composed.title),
        criteria=_narrative(pack.certification, labels, pack.locale, pack.titles),
        program=composed.title,
        competencies=rubric.competency_names,
        criteria_names={c["id"]: c["name"] for c in rubric.criteria},
        levels={level["number"]: level["name"] for level in rubric.levels},
        teach_back=labels.get("req_teach_back"),
        knowledge_check=labels.get("req_knowledge_check"),
    )


def _certificate(pack: PackContext, outcome: Outcome, qr: str | None, credential: str) -> Ticket:
    """One certified trainee's certificate, with the signed credential as a QR code (`qr`), or the
    name of its file in the pack when it is too large for one."""
    t = pack.labels.get
    until = badge.add_months(pack.issued, pack.certification.validity_months)
    return pack.pdf(
        documents.html(
            "certificate.html",
            css="certificate.css",
            title=f"{t('certificate')} · {outcome.trainee.name}",
            name=outcome.trainee.name,
            valid_from=pack.common["date"],
            valid_until=pack.date(until),
            issuer=pack.certification.issuer.name,
            qr=qr,
            credential=credential,
            **pack.common,
        )
    )


def trust_files(pack: PackContext, key: Ed25519PrivateKey) -> dict[str, bytes]:
    """trust/: the issuer's profile (with its verification method) and public key."""
    issuer = pack.certification.issuer
    public = key.public_key()
    multibase = credentials.multibase_public_key(public)
    profile = badge.issuer_profile(issuer, multibase)
    profile["verificationMethod"] = [
        {
            "id": _verification_method(issuer, multibase),
            "type": "Multikey",
            "controller": issuer.id,
            "publicKeyMultibase": multibase,
        }
    ]
    return {
        "trust/issuer-profile.json": json_file(profile),
        "trust/issuer-public-key.pem": keys.public_pem(public),
    }


def signed_manifest(pack: PackContext, files: dict[str, bytes], key: Ed25519PrivateKey) -> bytes:
    """manifest.json: what the pack holds (a SHA-256 per file), signed with the issuer's key."""
    program, issuer = pack.program, pack.certification.issuer
    multibase = credentials.multibase_public_key(key.public_key())
    manifest: dict[str, Any] = {
        "format": "glocal-pack/1",
        "program": {"id": program.id, "version": program.version, "title": pack.composed.title},
        "site": pack.composed.site.key,
        "language": pack.language,
        "cohort": pack.cohort,
        "date": badge.iso(pack.issued),
        "issuer": {"id": issuer.id, "name": issuer.name, "publicKeyMultibase": multibase},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    signature = key.sign(canonical_json(manifest))
    manifest["signature"] = {
        "algorithm": "Ed25519",
        "signed": "canonical JSON of this object without 'signature'",
        "publicKeyMultibase": multibase,
        "value": "z" + base58.b58encode(signature).decode("ascii"),
    }
    return json_file(manifest)


def _plain(text: str) -> str:
    return re.sub(r"<[^<>]+>", "", text).strip()


def _narrative(certification: Certification, labels: Labels, locale: str, titles: dict[str, str]) -> str:
    requirements = certification.requirements
    lines = [
        labels.get(
            "requirement_modules", modules=l10n.join([titles.get(m, m) for m in requirements.modules], locale)
        ),
        labels.get("requirement_knowledge", percent=l10n.percent(requirements.knowledge_check / 100, locale)),
        labels.get("requirement_teach_back", level=l10n.number(requirements.teach_back, locale)),
    ]
    if requirements.observed_deliveries:
        lines.append(
            labels.get("requirement_observed", count=l10n.number(requirements.observed_deliveries, locale))
        )
    return "\n".join(f"- {line}" for line in lines)
