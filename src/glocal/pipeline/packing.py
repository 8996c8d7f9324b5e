"""The pack stage: check → choose the site → decide whether it may be packed → write the pack.

Also the issuer's key and offline verification, so the command line only talks to the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.i18n.translations import Translations
from glocal.load import CERTIFICATION_PATH, TTT_DIR
from glocal.packs import credentials, keys, trust
from glocal.packs.pack import PackRequest, PackResult, build_pack
from glocal.packs.verify import Verification, verify_credential, verify_pack
from glocal.pipeline import output
from glocal.pipeline.checking import compose, site_inputs, unknown_site
from glocal.pipeline.replay import project_checked


def pack(
    root: Path,
    site: str,
    roster: Path,
    cohort: str | None = None,
    key: Path | None = None,
    out: Path | None = None,
    jobs: int | None = None,
) -> PackResult:
    """Check the project, then write one site's pack for one cohort; any error means no pack.

    Relative paths are taken from `root`, as `git -C` does. `jobs`: PDFs rendered at once
    (default: one per CPU core).
    """
    root = Path(root).resolve()
    result = PackResult()
    refused = output.refusal(root, root / out if out else root / "dist", replaced=False)
    if refused is not None:
        result.diagnostics.append(refused)
        result.usage_error = True
        return result
    with output.project_lock(root, "pack"):
        return _pack(root, site, roster, cohort, key, out, result, jobs)


def _pack(
    root: Path,
    site: str,
    roster: Path,
    cohort: str | None,
    key: Path | None,
    out: Path | None,
    result: PackResult,
    jobs: int | None = None,
) -> PackResult:
    # check's own result (read back when nothing changed, else checked on every core, each site
    # for its facts alone, and remembered); only the packed site is composed whole, below
    project, found = project_checked(root, jobs)
    if project.program is None:
        result.diagnostics += found.report.sorted()
        result.usage_error = True
        return result
    summaries = {s.site: s for s in found.summaries}
    if site not in summaries:
        result.diagnostics.append(unknown_site(site, list(summaries)))
        result.usage_error = True
        return result
    if summaries[site].status == "blocked":
        result.diagnostics += [d for d in found.report.sorted() if d.level is Severity.ERROR]
        return result
    if project.certification is None:
        result.diagnostics.append(
            Diagnostic(
                "GL504",
                f"a pack needs {CERTIFICATION_PATH}, which does not exist or has errors",
                Span(CERTIFICATION_PATH),
            )
        )
        result.diagnostics += [
            d
            for d in found.report.sorted()
            if d.span.path.startswith(f"{TTT_DIR}/") and d.level is Severity.ERROR
        ]
        return result
    request = PackRequest(
        roster=root / roster,
        roster_display=str(roster),
        cohort=cohort,
        key=root / key if key else keys.default_key_path(root),
        out=root / out if out else root / "dist",
        jobs=jobs,
    )
    ref = next((s for s in project.sites() if s.key == site), None)
    if ref is None:  # a file changed between loading the project and reading the check back
        result.diagnostics.append(unknown_site(site, [s.key for s in project.sites()]))
        result.usage_error = True
        return result
    translations = Translations(project.root)
    composed = compose(project, ref, translations)
    return build_pack(project, composed, site_inputs(project, ref, translations), request)


@dataclass(frozen=True)
class NewKey:
    """A key `keygen` created: where it is, and its public half as multibase."""

    path: Path
    public_path: Path
    multibase: str


class KeyProblem(Exception):
    """The key could not be created (it exists already, git would track it, the folder cannot be written)."""

    def __init__(self, message: str, diagnostic: Diagnostic | None = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


def keygen(root: Path, out: Path | None = None) -> NewKey:
    """Create the issuer's Ed25519 signing key (default: .glocal/keys/, git-ignored).

    A path inside a git work tree that git does not ignore is refused (GL541): a private key
    must never be committed.
    """
    path = Path(root) / out if out else keys.default_key_path(Path(root))
    tracked = keys.git_tracks(path)
    if tracked is not None:
        hint = "choose a path outside the work tree, or add it to .gitignore"
        message = f"refusing to write a private key where git would commit it: {tracked}"
        raise KeyProblem(message, Diagnostic("GL541", message, Span(str(path)), hint=hint))
    try:
        public = keys.generate(path)
    except (keys.KeyError_, OSError) as exc:
        raise KeyProblem(str(exc)) from exc
    return NewKey(path, path.with_suffix(".pub.pem"), credentials.multibase_public_key(public))


def verify(
    root: Path,
    path: Path,
    issuer_key: Path | None = None,
    trust_file: Path | None = None,
    at: datetime | None = None,
) -> Verification:
    """Check a pack (a .zip) or one credential (JSON or a QR payload) offline, against trusted keys.

    The trusted keys are `issuer_key`'s and `trust_file`'s; without either, the project's
    .glocal/trusted-issuers.txt if there is one; without any, the issuer is reported unverified.
    """
    path = Path(root) / path
    key = Path(root) / issuer_key if issuer_key else None
    trusted = Path(root) / trust_file if trust_file else None
    if key is None and trusted is None and (Path(root) / trust.DEFAULT_TRUST_FILE).is_file():
        trusted = Path(root) / trust.DEFAULT_TRUST_FILE
    anchors = trust.load(key, trusted)
    if anchors.diagnostics:
        return Verification(diagnostics=anchors.diagnostics, usage_error=True)
    if path.suffix == ".zip":
        return verify_pack(path, anchors, at=at)
    return verify_credential(path, anchors, at=at)
