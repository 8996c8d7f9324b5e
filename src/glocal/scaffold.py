"""`glocal new module ID` and `glocal new region ID --languages ...`: files from templates.

program.yml is edited with ruamel.yaml's round-trip mode, so its comments, key order,
quoting and indentation survive.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from jinja2 import Environment, PackageLoader
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

from .diagnostics import Diagnostic, Span
from .fsutil import write_text_atomic
from .load import MODULES_DIR, PROGRAM_PATH, REGIONS_DIR
from .load.schema import ID_PATTERN


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _templates() -> Environment:
    return Environment(loader=PackageLoader("glocal", "templates"), keep_trailing_newline=True, autoescape=False)


def _title_from(ident: str) -> str:
    return ident.replace("-", " ").replace("_", " ").capitalize()


def _program_source_language(root: Path) -> str:
    try:
        data = YAML(typ="safe").load((root / PROGRAM_PATH).read_text(encoding="utf-8"))
        return str(data.get("source_language") or "en")
    except Exception:  # a broken program.yml is reported by `check`; scaffolding uses a default
        return "en"


def add_module_to_program(text: str, module_id: str) -> str | None:
    """program.yml text with `module_id` appended to `modules:`, formatting kept (None: listed already)."""
    data, indent, block_seq_indent = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=indent or 2, sequence=(indent or 2) + (block_seq_indent or 0), offset=block_seq_indent or 0)
    data = yaml.load(text)
    modules = data.get("modules")
    if modules is None:
        data["modules"] = CommentedSeq([module_id])
    elif module_id in modules:
        return None
    else:
        modules.append(module_id)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def new_module(root: Path, module_id: str, title: str | None = None) -> Outcome:
    outcome = Outcome()
    program = root / PROGRAM_PATH
    if not ID_PATTERN.match(module_id):
        outcome.diagnostics.append(Diagnostic("GL103", f"module id expected a lower-case id (a-z, 0-9, -) but found {module_id!r}",
                                              Span("<command line>")))
        return outcome
    path = f"{MODULES_DIR}/{module_id}.md"
    if (root / path).exists():
        outcome.diagnostics.append(Diagnostic("GL107", f"{path} already exists; nothing was changed", Span(path)))
        return outcome
    if not program.is_file():
        outcome.diagnostics.append(Diagnostic("GL001", f"expected a program file at {PROGRAM_PATH} but found none", Span(PROGRAM_PATH)))
        return outcome
    text = program.read_text(encoding="utf-8")
    try:
        updated = add_module_to_program(text, module_id)
    except Exception as exc:  # ruamel raises many error types for broken YAML
        outcome.diagnostics.append(Diagnostic("GL002", f"cannot add the module to program.yml: {exc}", Span(PROGRAM_PATH)))
        return outcome
    content = _templates().get_template("module.md").render(id=module_id, title=title or _title_from(module_id))
    write_text_atomic(root / path, content)
    outcome.created.append(path)
    if updated is not None:
        write_text_atomic(program, updated)
        outcome.changed.append(PROGRAM_PATH)
    return outcome


def _default_locale(language: str) -> str:
    likely = get_global("likely_subtags").get(language, language)
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if p.isupper() and len(p) == 2), None)
    return f"{language}_{territory}" if territory else language


def new_region(root: Path, region_id: str, languages: list[str], name: str | None = None) -> Outcome:
    outcome = Outcome()
    if not ID_PATTERN.match(region_id):
        outcome.diagnostics.append(Diagnostic("GL203", f"region id expected a lower-case id (a-z, 0-9, -) but found {region_id!r}",
                                              Span("<command line>")))
    if not languages:
        outcome.diagnostics.append(Diagnostic("GL204", "--languages expected at least one language code", Span("<command line>")))
    for language in languages:
        try:
            Locale.parse(language)
        except (UnknownLocaleError, ValueError):
            outcome.diagnostics.append(Diagnostic("GL205", f"expected a language CLDR knows but found {language!r}", Span("<command line>")))
    path = f"{REGIONS_DIR}/{region_id}/region.yml"
    if (root / path).exists():
        outcome.diagnostics.append(Diagnostic("GL213", f"{path} already exists; nothing was changed", Span(path)))
    if outcome.diagnostics:
        return outcome
    source = _program_source_language(root)
    content = _templates().get_template("region.yml").render(
        id=region_id,
        name=name or _title_from(region_id),
        languages=languages,
        locales={language: _default_locale(language) for language in languages},
        source_language=source if source in languages else languages[0],
    )
    write_text_atomic(root / path, content)
    outcome.created.append(path)
    return outcome
