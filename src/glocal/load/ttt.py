"""Train-the-Trainer files: toolkits/ttt/certification.yml and toolkits/ttt/<module-id>.md."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from glocal.diagnostics import Diagnostic, Span
from glocal.load import schemas
from glocal.load.files import read_text, split_front_matter
from glocal.load.records import Codes, read_record
from glocal.model import (
    Certification,
    Competency,
    Criterion,
    Guide,
    Issuer,
    Program,
    Requirements,
)

TTT_DIR = "toolkits/ttt"
CERTIFICATION_PATH = f"{TTT_DIR}/certification.yml"
CODES = Codes("certification.yml", syntax="GL501", unknown="GL502", wrong="GL503", missing="GL504")


def load_guides(root: Path) -> tuple[dict[str, Guide], list[Diagnostic]]:
    guides: dict[str, Guide] = {}
    diagnostics: list[Diagnostic] = []
    folder = root / TTT_DIR
    for file in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        path = f"{TTT_DIR}/{file.name}"
        text, found = read_text(root, path, "GL010")
        diagnostics += found
        if text is None:
            continue
        front, problem = split_front_matter(text)
        if problem:
            diagnostics.append(Diagnostic("GL501", problem, Span(path, 0, 0)))
            continue
        guides[file.stem] = Guide(file.stem, path, front.body, front.body_line)
    return guides, diagnostics


def load_certification(
    root: Path, program: Program | None, module_ids: list[str]
) -> tuple[Certification | None, list[Diagnostic]]:
    path = CERTIFICATION_PATH
    if not (root / path).is_file():
        return None, []
    loaded, diagnostics = read_record(root, path, schemas.CERTIFICATION, CODES)
    if loaded is None:
        return None, diagnostics
    data = loaded.data
    rubric = data.get("rubric") or {}
    requirements = data.get("requirements") or {}
    if (
        not data.get("competencies")
        or not rubric.get("levels")
        or rubric.get("criteria") is None
        or not requirements
    ):
        return None, diagnostics
    modules = requirements.get("modules") or "all"
    issuer = data.get("issuer") or {}
    program_id = program.id if program else "program"
    certification = Certification(
        # an entry without its id or name is reported (GL504) and left out, never half-built
        competencies=tuple(
            Competency(c["id"], c["name"], c.span)
            for c in data["competencies"]
            if c.get("id") and c.get("name")
        ),
        levels=MappingProxyType(dict(rubric["levels"])),
        criteria=tuple(
            Criterion(c["id"], c["name"], c["competency"], MappingProxyType(dict(c["anchors"] or {})), c.span)
            for c in rubric["criteria"]
            if c.get("id") and c.get("name") and c.get("competency")
        ),
        requirements=Requirements(
            modules=tuple(module_ids) if modules == "all" else tuple(modules),
            knowledge_check=requirements.get("knowledge_check", 80.0),
            teach_back=requirements.get("teach_back", 3.0),
            observed_deliveries=requirements.get("observed_deliveries", 0),
        ),
        validity_months=data.get("validity_months") or 24,
        issuer=Issuer(
            id=issuer.get("id") or f"urn:glocal:issuer:{program_id}",
            name=issuer.get("name") or (program.title if program else program_id),
            url=issuer.get("url") or "",
            email=issuer.get("email") or "",
        ),
        path=path,
    )
    return certification, diagnostics
