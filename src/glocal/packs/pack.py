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

import base58
from babel.dates import format_date

from glocal import l10n
from glocal.compose import ComposedSite
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import build_zip, epoch
from glocal.i18n.translations import Translations, Translator
from glocal.i18n.ui import Labels, labels_for
from glocal.model import Certification, Project
from glocal.packs import badge, credentials, documents, keys
from glocal.packs.results import Outcome, evaluate
from glocal.packs.roster import read_roster

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


def _core_translator(translations: Translations, project: Project, language: str, path: str) -> Translator:
    """Core texts (modules, certification.yml) in the pack's language, from the catalogs check loaded."""
    source = project.program.source_language
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
    """What the coordinator asked for; paths are absolute, `roster_display` is how messages name the roster."""

    roster: Path
    roster_display: str
    cohort: str | None
    key: Path
    out: Path  # the output folder: the pack goes to out/packs/<region>-<lang>-<cohort>.zip


def build_pack(
    project: Project, composed: ComposedSite, translations: Translations, request: PackRequest
) -> PackResult:
    """Read the roster and the key, then write the pack; any error means no pack.

    The pipeline has already checked the project and decided that this site may be packed.
    """
    result = PackResult()
    root = project.root
    certification = project.certification
    assert certification is not None and project.program is not None  # the pipeline's decision
    roster_path, display = request.roster, request.roster_display
    cohort, out, site = request.cohort, request.out, composed.site.key
    roster = read_roster(roster_path, display, certification, list(project.modules))
    result.diagnostics += roster.diagnostics
    key_file = request.key
    try:
        key = keys.load_private(key_file)
    except keys.KeyError_ as exc:
        hint = "create one with: glocal keygen" if not key_file.exists() else None
        result.diagnostics.append(
            Diagnostic(
                "GL530",
                str(exc) if key_file.exists() else f"no signing key at {key_file}",
                Span(str(key_file)),
                hint=hint,
            )
        )
    if result.diagnostics:
        return result

    region = composed.region
    language = composed.site.language
    locale = composed.locale
    labels = labels_for(language, root)
    t = labels.get
    when = epoch()
    issued = datetime.fromtimestamp(when, UTC)
    cohort_name = slug(cohort or Path(roster_path).stem)
    direction = "rtl" if l10n.is_rtl(language) else "ltr"
    date_text = format_date(issued.date(), format="long", locale=l10n.locale(locale))
    common = {
        "t": t,
        "lang": language,
        "direction": direction,
        "program_title": composed.title,
        "region_name": region.name,
        "cohort": cohort_name,
        "date": date_text,
    }
    translate = _core_translator(translations, project, language, certification.path)
    value = lambda text: translate.value(text, mark=False)  # noqa: E731
    levels = [{"number": n, "name": value(certification.levels[n])} for n in sorted(certification.levels)]
    competency_names = {c.id: value(c.name) for c in certification.competencies}
    criteria = [
        {
            "id": c.id,
            "name": value(c.name),
            "competency": competency_names.get(c.competency, c.competency),
            "anchors": [value(c.anchors.get(level["number"], "")) for level in levels],
        }
        for c in certification.criteria
    ]
    files: dict[str, bytes] = {}
    assets = root / "curriculum"
    files["guide/facilitator-guide.pdf"] = documents.pdf(
        documents.html(
            "guide.html",
            title=t("facilitator_guide"),
            parts=documents.guide_parts(composed),
            language_name=l10n.language_name(language, locale),
            **common,
        ),
        base_url=assets / "modules",
    )
    files["assessment/rubric.pdf"] = documents.pdf(
        documents.html("rubric.html", title=t("rubric"), levels=levels, criteria=criteria, **common)
    )
    files["assessment/observation-form.pdf"] = documents.pdf(
        documents.html(
            "observation.html",
            title=t("observation_form"),
            levels=levels,
            criteria=criteria,
            sheets=[{"name": "", "id": "", "levels": {}}],
            **common,
        )
    )
    outcomes = [evaluate(trainee, certification) for trainee in roster.trainees]
    for trainee in roster.trainees:
        files[f"assessment/observations/{slug(trainee.id)}.pdf"] = documents.pdf(
            documents.html(
                "observation.html",
                title=f"{t('observation_form')} · {trainee.name}",
                levels=levels,
                criteria=criteria,
                sheets=[{"name": trainee.name, "id": trainee.id, "levels": trainee.levels}],
                **common,
            )
        )
    for number, page in enumerate(composed.pages, 1):
        module = project.modules[page.module_id]
        core = _core_translator(translations, project, language, module.path)
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
                **common,
            )
        )

    names = _requirement_labels(labels)
    titles = {page.module_id: page.title for page in composed.pages}
    rows = []
    for outcome in outcomes:
        checks = []
        for check in outcome.checks:
            note = (
                t("missing_modules", modules=l10n.join([titles.get(m, m) for m in check.missing], locale))
                if check.missing
                else ""
            )
            checks.append(
                {
                    "label": names[check.requirement],
                    "required": check.required,
                    "achieved": check.achieved,
                    "met": check.met,
                    "note": note,
                }
            )
        rows.append(
            {
                "id": outcome.trainee.id,
                "name": outcome.trainee.name,
                "certified": outcome.certified,
                "checks": checks,
            }
        )
        (result.certified if outcome.certified else result.not_certified).append(outcome.trainee.id)
    files["records/results.csv"] = _results_csv(outcomes)
    files["records/results.html"] = documents.html(
        "results.html", title=t("results"), rows=rows, **common
    ).encode("utf-8")

    public = key.public_key()
    multibase = credentials.multibase_public_key(public)
    issuer = certification.issuer
    verification_method = f"{issuer.id}#{multibase}"
    text = badge.BadgeText(
        name=t("credential_name", program=composed.title),
        description=_plain(
            composed.home.split("\n\n")[1] if composed.home.count("\n\n") > 1 else composed.title
        ),
        criteria=_narrative(certification, labels, locale, titles),
        program=composed.title,
        competencies=competency_names,
        criteria_names={c["id"]: c["name"] for c in criteria},
        levels={level["number"]: level["name"] for level in levels},
        teach_back=t("req_teach_back"),
        knowledge_check=t("req_knowledge_check"),
    )
    valid_from = date_text
    for outcome in outcomes:
        if not outcome.certified:
            continue
        unsigned = badge.credential(
            project.program.id,
            site,
            cohort_name,
            outcome,
            issuer,
            text,
            issued,
            certification.validity_months,
        )
        try:
            signed = credentials.sign(unsigned, key, verification_method, badge.iso(issued))
        except credentials.CredentialError as exc:
            result.diagnostics.append(
                Diagnostic(
                    "GL531", f"credential for {outcome.trainee.id} cannot be signed: {exc}", Span(display)
                )
            )
            return result
        payload = json.dumps(signed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ident = slug(outcome.trainee.id)
        files[f"credentials/{ident}.credential.json"] = (
            json.dumps(signed, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        )
        until = badge.add_months(issued, certification.validity_months)
        files[f"certificates/{ident}.pdf"] = documents.pdf(
            documents.html(
                "certificate.html",
                css="certificate.css",
                title=f"{t('certificate')} · {outcome.trainee.name}",
                name=outcome.trainee.name,
                valid_from=valid_from,
                valid_until=format_date(until.date(), format="long", locale=l10n.locale(locale)),
                issuer=issuer.name,
                qr=documents.qr_data_uri(payload),
                **common,
            )
        )
    profile = badge.issuer_profile(issuer, multibase)
    profile["verificationMethod"] = [
        {
            "id": verification_method,
            "type": "Multikey",
            "controller": issuer.id,
            "publicKeyMultibase": multibase,
        }
    ]
    files["trust/issuer-profile.json"] = (
        json.dumps(profile, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    )
    files["trust/issuer-public-key.pem"] = keys.public_pem(public)
    manifest = {
        "format": "glocal-pack/1",
        "program": {"id": project.program.id, "version": project.program.version, "title": composed.title},
        "site": site,
        "language": language,
        "cohort": cohort_name,
        "date": badge.iso(issued),
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
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"

    target = out / "packs" / f"{composed.site.region}-{language}-{cohort_name}.zip"
    from glocal.fsutil import write_bytes_atomic

    write_bytes_atomic(target, build_zip(files, when))
    result.path = target
    return result


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).strip()


def _narrative(certification: Certification, labels: Labels, locale: str, titles: dict) -> str:
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
