"""`glocal pack SITE --roster FILE`: one certification pack for one site and one cohort.

dist/packs/<region>-<lang>-<cohort>.zip holds guide/, assessment/, evaluation/, records/,
certificates/, credentials/, trust/ and a signed manifest.json. The same inputs, key and
SOURCE_DATE_EPOCH give a byte-identical zip.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from glocal import l10n
from glocal.compose import ComposedSite, SiteInputs
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.fsutil import build_zip, epoch, write_bytes_atomic
from glocal.i18n.translations import Translator
from glocal.model import Certification, Program, Project
from glocal.packs import badge, documents, forms, keys, signing
from glocal.packs.context import PackContext, Rubric, long_date, slug
from glocal.packs.results import evaluate
from glocal.packs.roster import Roster, read_roster


@dataclass
class PackResult:
    path: Path | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    certified: list[str] = field(default_factory=list)
    not_certified: list[str] = field(default_factory=list)
    usage_error: bool = False
    replaced: bool = False  # a pack of the same site and cohort was there, and is replaced


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
    jobs: int | None = None  # PDFs rendered at once (None: one per CPU core)


def build_pack(
    project: Project, composed: ComposedSite, inputs: SiteInputs, request: PackRequest
) -> PackResult:
    """Read the roster and the key, then write the pack; any error means no pack.

    The pipeline has already checked the project and decided that this site may be packed.
    """
    result = PackResult()
    certification, program = project.certification, project.program
    assert certification is not None and program is not None  # the pipeline's decision
    roster, key, unreadable = _read_inputs(project, certification, request, result.diagnostics)
    result.usage_error = unreadable
    if key is None or any(found.level is Severity.ERROR for found in result.diagnostics):
        return result  # (a warning, GL547, is said and the pack is made)
    too_long = _validity_problem(project.root, certification)
    if too_long is not None:
        result.diagnostics.append(too_long)
        return result
    outcomes = [evaluate(trainee, certification) for trainee in roster.trainees]
    for outcome in outcomes:
        (result.certified if outcome.certified else result.not_certified).append(outcome.trainee.id)
    with documents.Printer(project.root, request.jobs) as printer:
        pack = _prepare(project, program, certification, composed, inputs, request, printer)
        made = forms.guide(pack)  # the longest document first: the others are printed beside it
        made.update(forms.assessment_documents(pack, roster.trainees))
        made.update(forms.evaluation_forms(pack))
        made.update(forms.records(pack, outcomes))
        signed, problems = signing.credentials_and_certificates(pack, outcomes, key, request.roster_display)
        result.diagnostics += problems
        if any(problem.level is Severity.ERROR for problem in problems):
            return result
        made.update(signed)
        files = pack.collect(made)
    for url in dict.fromkeys(pack.refused):
        message = (
            f"a pack document refers to {url[:200]}, which a pack does not embed (only images "
            "inside the project, outside its hidden folders): it is left out"
        )
        result.diagnostics.append(Diagnostic("GL544", message, Span(request.roster_display)))
    files.update(signing.trust_files(pack, key))
    files["manifest.json"] = signing.signed_manifest(pack, files, key)
    result.replaced = _target(pack, request.out).exists()
    result.path = _write_zip(pack, request.out, files)
    return result


# ------------------------------------------------------------------------------ inputs and context


def _read_inputs(
    project: Project, certification: Certification, request: PackRequest, diagnostics: list[Diagnostic]
) -> tuple[Roster, Ed25519PrivateKey | None, bool]:
    """The roster and the signing key; their problems go to `diagnostics` (the roster's first).

    The flag says an input file is missing or unreadable: an I/O failure, not bad content.
    """
    roster = read_roster(request.roster, request.roster_display, certification, list(project.modules))
    diagnostics += roster.diagnostics
    unreadable = not Path(request.roster).is_file()
    key_file = request.key
    try:
        key = keys.load_private(key_file)
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
        return roster, None, unreadable or exc.unreadable
    exposed = keys.exposed(key_file)
    if exposed is not None:
        hint = (
            f"chmod 600 {key_file}; since others could read it, consider a new key: keygen never "
            "overwrites one, so move this one away first (or give keygen --out PATH, and pack --key PATH)"
        )
        diagnostics.append(Diagnostic("GL542", exposed, Span(str(key_file)), hint=hint))
        return roster, None, unreadable
    return roster, key, unreadable


def _validity_problem(root: Path, certification: Certification) -> Diagnostic | None:
    """GL543 when `validity_months` ends validity past what a date can hold (year 9999)."""
    months = certification.validity_months
    try:
        badge.add_months(datetime.fromtimestamp(epoch(), UTC), months)
    except (ValueError, OverflowError):
        message = f"'validity_months' is {months}: the end of validity would be past the year 9999"
        hint = "a certificate is typically valid for 12 to 60 months"
        return Diagnostic("GL543", message, _key_span(root, certification.path, "validity_months"), hint=hint)
    return None


def _key_span(root: Path, path: str, key: str) -> Span:
    """Where a top-level `key:` sits in a YAML file (the file itself if it cannot be found)."""
    try:
        lines = (Path(root) / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Span(path)
    for number, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            rest = line[len(key) + 1 :]
            return Span(path, number, len(line) - len(rest.lstrip()))  # at the value
    return Span(path)


def _prepare(
    project: Project,
    program: Program,
    certification: Certification,
    composed: ComposedSite,
    inputs: SiteInputs,
    request: PackRequest,
    printer: documents.Printer,
) -> PackContext:
    """The date, the cohort's name, the labels, the rubric and the common template context."""
    language = composed.site.language
    when = epoch()
    issued = datetime.fromtimestamp(when, UTC)
    written = request.cohort or Path(request.roster).stem
    cohort = slug(written)  # the pack's file name and its credentials' cohort id
    common = {
        "t": inputs.labels.get,
        "lang": l10n.tag(language),  # as `:lang(zh-TW)` reads it: `zh_TW` got the Simplified font
        "direction": "rtl" if l10n.is_rtl(language) else "ltr",
        "program_title": composed.title,
        "region_name": composed.region.name,
        "cohort": unicodedata.normalize("NFC", written),  # as written, in the documents
        "date": long_date(issued, composed.locale),
        "digits": l10n.digits(composed.locale),  # page numbers in the locale's digits
    }
    translate = inputs.translator(certification.path, program.source_language, language)
    return PackContext(
        project=project,
        program=program,
        certification=certification,
        composed=composed,
        inputs=inputs,
        when=when,
        issued=issued,
        cohort=cohort,
        common=common,
        rubric=_rubric(certification, translate, composed.locale),
        titles={page.module_id: page.title for page in composed.pages},
        printer=printer,
    )


def _rubric(certification: Certification, translate: Translator, locale: str) -> Rubric:
    """Levels (each number as the locale writes it), criteria (with one anchor per level) and
    competency names, translated."""

    def value(text: str) -> str:
        return translate.value(text, mark=False)

    numbers = sorted(certification.levels)
    levels = [
        {"number": n, "shown": l10n.number(n, locale), "name": value(certification.levels[n])}
        for n in numbers
    ]
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
    return Rubric(levels, criteria, competency_names)


def _target(pack: PackContext, out: Path) -> Path:
    return out / "packs" / f"{pack.composed.site.region}-{pack.language}-{pack.cohort}.zip"


def _write_zip(pack: PackContext, out: Path, files: dict[str, bytes]) -> Path:
    """out/packs/<region>-<lang>-<cohort>.zip, written atomically."""
    target = _target(pack, out)
    write_bytes_atomic(target, build_zip(files, pack.when))
    return target
