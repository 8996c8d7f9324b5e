"""`glocal pack SITE --roster FILE`: one certification pack for one site and one cohort.

dist/packs/<region>-<lang>-<cohort>.zip holds guide/, assessment/, evaluation/, records/,
certificates/, credentials/, trust/ and a signed manifest.json. The same inputs, key and
SOURCE_DATE_EPOCH give a byte-identical zip.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import base58
from babel.dates import format_date
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from glocal import l10n
from glocal.compose import ComposedSite
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import build_zip, epoch, write_bytes_atomic
from glocal.i18n.translations import Translations, Translator
from glocal.i18n.ui import Labels, labels_for
from glocal.model import Certification, Issuer, Program, Project
from glocal.packs import badge, credentials, documents, keys
from glocal.packs.results import Outcome, evaluate
from glocal.packs.roster import Roster, Trainee, read_roster

SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    return SLUG.sub("-", text).strip("-.") or "x"


@dataclass
class PackResult:
    path: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    certified: list[str] = field(default_factory=list)
    not_certified: list[str] = field(default_factory=list)
    usage_error: bool = False


def canonical_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _json_file(data: dict) -> bytes:
    """A JSON file of the pack: indented, UTF-8, ending in a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def _core_translator(translations: Translations, program: Program, language: str, path: str) -> Translator:
    """Core texts (modules, certification.yml) in the pack's language, from the catalogs check loaded."""
    source = program.source_language
    if language == source:
        return Translator(None, source)
    return Translator(translations.catalog(language, path), source)


def _requirement_labels(labels: Labels) -> dict[str, str]:
    return {
        name: labels.get(f"req_{name}")
        for name in ("modules", "knowledge_check", "teach_back", "observed_deliveries")
    }


def _results_csv(outcomes: list[Outcome]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "name",
            "certified",
            "modules_attended",
            "modules_required",
            "missing_modules",
            "knowledge_check",
            "knowledge_check_required",
            "teach_back",
            "teach_back_required",
            "observed_deliveries",
            "observed_deliveries_required",
            "gaps",
        ]
    )
    for outcome in outcomes:
        checks = {check.requirement: check for check in outcome.checks}
        writer.writerow(
            [
                outcome.trainee.id,
                outcome.trainee.name,
                "yes" if outcome.certified else "no",
                checks["modules"].achieved,
                checks["modules"].required,
                ";".join(checks["modules"].missing),
                checks["knowledge_check"].achieved,
                checks["knowledge_check"].required,
                checks["teach_back"].achieved,
                checks["teach_back"].required,
                checks["observed_deliveries"].achieved,
                checks["observed_deliveries"].required,
                ";".join(check.requirement for check in outcome.gaps),
            ]
        )
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class PackRequest:
    """What the coordinator asked for.

    Paths are absolute; `roster_display` is how messages name the roster.
    """

    roster: Path
    roster_display: str
    cohort: str | None
    key: Path
    out: Path  # the output folder: the pack goes to out/packs/<region>-<lang>-<cohort>.zip


@dataclass(frozen=True)
class _Rubric:
    """The rubric in the pack's language, as the templates take it."""

    levels: list[dict[str, Any]]  # {"number": 1, "name": "Not yet"}, lowest first
    criteria: list[dict[str, Any]]  # {"id", "name", "competency", "anchors": one per level}
    competency_names: dict[str, str]


@dataclass(frozen=True)
class _Pack:
    """What every part of one pack shares, worked out once before any file is made."""

    project: Project
    program: Program
    certification: Certification
    composed: ComposedSite
    translations: Translations
    labels: Labels
    when: int  # SOURCE_DATE_EPOCH (or now), in seconds
    issued: datetime
    cohort: str
    common: dict[str, Any]  # the template context every document gets
    rubric: _Rubric
    titles: dict[str, str]  # module id -> its title on the site

    @property
    def language(self) -> str:
        return self.composed.site.language

    @property
    def locale(self) -> str:
        return self.composed.locale

    def date(self, moment: datetime) -> str:
        return format_date(moment.date(), format="long", locale=l10n.locale(self.locale))


def build_pack(
    project: Project, composed: ComposedSite, translations: Translations, request: PackRequest
) -> PackResult:
    """Read the roster and the key, then write the pack; any error means no pack.

    The pipeline has already checked the project and decided that this site may be packed.
    """
    result = PackResult()
    certification, program = project.certification, project.program
    assert certification is not None and program is not None  # the pipeline's decision
    roster, key = _read_inputs(project, certification, request, result.diagnostics)
    if result.diagnostics or key is None:
        return result
    pack = _prepare(project, program, certification, composed, translations, request)
    outcomes = [evaluate(trainee, certification) for trainee in roster.trainees]
    for outcome in outcomes:
        (result.certified if outcome.certified else result.not_certified).append(outcome.trainee.id)
    files = _guide(pack)
    files.update(_assessment_documents(pack, roster.trainees))
    files.update(_evaluation_forms(pack))
    files.update(_records(pack, outcomes))
    signed, problem = _credentials_and_certificates(pack, outcomes, key, request.roster_display)
    if problem is not None:
        result.diagnostics.append(problem)
        return result
    files.update(signed)
    files.update(_trust_files(pack, key))
    files["manifest.json"] = _signed_manifest(pack, files, key)
    result.path = _write_zip(pack, request.out, files)
    return result


# ------------------------------------------------------------------------------ inputs and context


def _read_inputs(
    project: Project, certification: Certification, request: PackRequest, diagnostics: list[Diagnostic]
) -> tuple[Roster, Ed25519PrivateKey | None]:
    """The roster and the signing key; their problems go to `diagnostics` (the roster's first)."""
    roster = read_roster(request.roster, request.roster_display, certification, list(project.modules))
    diagnostics += roster.diagnostics
    key_file = request.key
    try:
        return roster, keys.load_private(key_file)
    except keys.KeyError_ as exc:
        exists = key_file.exists()
        diagnostics.append(
            Diagnostic(
                "GL530",
                str(exc) if exists else f"no signing key at {key_file}",
                Span(str(key_file)),
                hint=None if exists else "create one with: glocal keygen",
            )
        )
        return roster, None


def _prepare(
    project: Project,
    program: Program,
    certification: Certification,
    composed: ComposedSite,
    translations: Translations,
    request: PackRequest,
) -> _Pack:
    """The date, the cohort's name, the labels, the rubric and the common template context."""
    language = composed.site.language
    labels = labels_for(language, project.root)
    when = epoch()
    issued = datetime.fromtimestamp(when, UTC)
    cohort = slug(request.cohort or Path(request.roster).stem)
    date_text = format_date(issued.date(), format="long", locale=l10n.locale(composed.locale))
    common = {
        "t": labels.get,
        "lang": language,
        "direction": "rtl" if l10n.is_rtl(language) else "ltr",
        "program_title": composed.title,
        "region_name": composed.region.name,
        "cohort": cohort,
        "date": date_text,
    }
    translate = _core_translator(translations, program, language, certification.path)
    return _Pack(
        project=project,
        program=program,
        certification=certification,
        composed=composed,
        translations=translations,
        labels=labels,
        when=when,
        issued=issued,
        cohort=cohort,
        common=common,
        rubric=_rubric(certification, translate),
        titles={page.module_id: page.title for page in composed.pages},
    )


def _rubric(certification: Certification, translate: Translator) -> _Rubric:
    """Levels, criteria (with one anchor per level) and competency names, translated."""

    def value(text: str) -> str:
        return translate.value(text, mark=False)

    numbers = sorted(certification.levels)
    levels = [{"number": n, "name": value(certification.levels[n])} for n in numbers]
    competency_names = {c.id: value(c.name) for c in certification.competencies}
    criteria = [
        {
            "id": c.id,
            "name": value(c.name),
            "competency": competency_names.get(c.competency, c.competency),
            "anchors": [value(c.anchors.get(n, "")) for n in numbers],
        }
        for c in certification.criteria
    ]
    return _Rubric(levels, criteria, competency_names)


# ------------------------------------------------------------------------------ documents


def _guide(pack: _Pack) -> dict[str, bytes]:
    """guide/: the facilitator guide, the whole site in one PDF."""
    document = documents.html(
        "guide.html",
        title=pack.labels.get("facilitator_guide"),
        parts=documents.guide_parts(pack.composed),
        language_name=l10n.language_name(pack.language, pack.locale),
        **pack.common,
    )
    base = pack.project.root / "curriculum" / "modules"
    return {"guide/facilitator-guide.pdf": documents.pdf(document, base_url=base)}


def _assessment_documents(pack: _Pack, trainees: list[Trainee]) -> dict[str, bytes]:
    """assessment/: the rubric, a blank observation form and one pre-filled form per trainee."""
    t, rubric = pack.labels.get, pack.rubric
    files = {
        "assessment/rubric.pdf": documents.pdf(
            documents.html(
                "rubric.html",
                title=t("rubric"),
                levels=rubric.levels,
                criteria=rubric.criteria,
                **pack.common,
            )
        ),
        "assessment/observation-form.pdf": _observation_form(
            pack, t("observation_form"), {"name": "", "id": "", "levels": {}}
        ),
    }
    for trainee in trainees:
        sheet = {"name": trainee.name, "id": trainee.id, "levels": trainee.levels}
        title = f"{t('observation_form')} · {trainee.name}"
        files[f"assessment/observations/{slug(trainee.id)}.pdf"] = _observation_form(pack, title, sheet)
    return files


def _observation_form(pack: _Pack, title: str, sheet: dict[str, Any]) -> bytes:
    return documents.pdf(
        documents.html(
            "observation.html",
            title=title,
            levels=pack.rubric.levels,
            criteria=pack.rubric.criteria,
            sheets=[sheet],
            **pack.common,
        )
    )


def _evaluation_forms(pack: _Pack) -> dict[str, bytes]:
    """evaluation/: one reaction-and-behaviour form per module, in teaching order."""
    t = pack.labels.get
    files = {}
    for number, page in enumerate(pack.composed.pages, 1):
        module = pack.project.modules[page.module_id]
        core = _core_translator(pack.translations, pack.program, pack.language, module.path)
        objectives = [core.value(o, mark=False) for o in module.objectives]
        reaction = [
            t("reaction_relevant"),
            t("reaction_engaging"),
            t("reaction_facilitator"),
            t("reaction_confident"),
        ]
        reaction += [t("reaction_objective", objective=o) for o in objectives]
        behaviour = [t("behaviour_item", objective=o) for o in objectives]
        files[f"evaluation/{number:02d}-{page.module_id}.pdf"] = documents.pdf(
            documents.html(
                "evaluation.html",
                title=page.title,
                module_title=page.title,
                reaction=reaction,
                behaviour=behaviour,
                **pack.common,
            )
        )
    return files


def _records(pack: _Pack, outcomes: list[Outcome]) -> dict[str, bytes]:
    """records/: every trainee's result, as CSV and as a readable page."""
    rows = [_result_row(pack, outcome) for outcome in outcomes]
    page = documents.html("results.html", title=pack.labels.get("results"), rows=rows, **pack.common)
    return {"records/results.csv": _results_csv(outcomes), "records/results.html": page.encode("utf-8")}


def _result_row(pack: _Pack, outcome: Outcome) -> dict[str, Any]:
    """One trainee's line of results.html: each requirement, met or not, with missing modules named."""
    names = _requirement_labels(pack.labels)
    checks = []
    for check in outcome.checks:
        missing = [pack.titles.get(m, m) for m in check.missing]
        note = pack.labels.get("missing_modules", modules=l10n.join(missing, pack.locale)) if missing else ""
        checks.append(
            {
                "label": names[check.requirement],
                "required": check.required,
                "achieved": check.achieved,
                "met": check.met,
                "note": note,
            }
        )
    return {
        "id": outcome.trainee.id,
        "name": outcome.trainee.name,
        "certified": outcome.certified,
        "checks": checks,
    }


# ------------------------------------------------------------------------------ credentials and trust


def _verification_method(issuer: Issuer, multibase: str) -> str:
    return f"{issuer.id}#{multibase}"


def _credentials_and_certificates(
    pack: _Pack, outcomes: list[Outcome], key: Ed25519PrivateKey, display: str
) -> tuple[dict[str, bytes], Diagnostic | None]:
    """credentials/ and certificates/: a signed Open Badge and a PDF with its QR code per certified trainee.

    A credential that cannot be signed is GL531 (at the roster, `display`), and no pack.
    """
    certification = pack.certification
    multibase = credentials.multibase_public_key(key.public_key())
    method = _verification_method(certification.issuer, multibase)
    text = _badge_text(pack)
    files: dict[str, bytes] = {}
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
            return files, Diagnostic("GL531", message, Span(display))
        ident = slug(outcome.trainee.id)
        files[f"credentials/{ident}.credential.json"] = _json_file(signed)
        payload = json.dumps(signed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        files[f"certificates/{ident}.pdf"] = _certificate(pack, outcome, payload)
    return files, None


def _badge_text(pack: _Pack) -> badge.BadgeText:
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


def _certificate(pack: _Pack, outcome: Outcome, payload: bytes) -> bytes:
    """One certified trainee's certificate, with the signed credential as a QR code."""
    t = pack.labels.get
    until = badge.add_months(pack.issued, pack.certification.validity_months)
    return documents.pdf(
        documents.html(
            "certificate.html",
            css="certificate.css",
            title=f"{t('certificate')} · {outcome.trainee.name}",
            name=outcome.trainee.name,
            valid_from=pack.common["date"],
            valid_until=pack.date(until),
            issuer=pack.certification.issuer.name,
            qr=documents.qr_data_uri(payload),
            **pack.common,
        )
    )


def _trust_files(pack: _Pack, key: Ed25519PrivateKey) -> dict[str, bytes]:
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
        "trust/issuer-profile.json": _json_file(profile),
        "trust/issuer-public-key.pem": keys.public_pem(public),
    }


def _signed_manifest(pack: _Pack, files: dict[str, bytes], key: Ed25519PrivateKey) -> bytes:
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
    return _json_file(manifest)


def _write_zip(pack: _Pack, out: Path, files: dict[str, bytes]) -> Path:
    """out/packs/<region>-<lang>-<cohort>.zip, written atomically."""
    target = out / "packs" / f"{pack.composed.site.region}-{pack.language}-{pack.cohort}.zip"
    write_bytes_atomic(target, build_zip(files, pack.when))
    return target


# ------------------------------------------------------------------------------ texts


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).strip()


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
        lines.append(labels.get("requirement_observed", count=str(requirements.observed_deliveries)))
    return "\n".join(f"- {line}" for line in lines)
