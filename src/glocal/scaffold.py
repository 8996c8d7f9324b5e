"""`glocal new module ID` and `glocal new region ID --languages ...`: files from templates.

program.yml is edited with ruamel.yaml's round-trip mode, so its comments, key order,
quoting and indentation survive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import write_text_atomic
from glocal.load import MODULES_DIR, PROGRAM_PATH, REGIONS_DIR
from glocal.load.validation import ID_PATTERN


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


PLAIN_SAFE = re.compile(r"^[^\W_][\w .,()/'’&+-]*$")


def yaml_string(value: str) -> str:
    """A YAML scalar for `value`: plain when that is safe, double-quoted otherwise."""
    if (
        PLAIN_SAFE.match(value)
        and value.strip() == value
        and value.lower() not in {"yes", "no", "true", "false", "null", "on", "off"}
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("glocal", "templates"), keep_trailing_newline=True, autoescape=False
    )
    env.filters["yaml"] = yaml_string
    return env


def _title_from(ident: str) -> str:
    return ident.replace("-", " ").replace("_", " ").capitalize()


def _program_source_language(root: Path) -> str:
    try:
        data = YAML(typ="safe").load((root / PROGRAM_PATH).read_text(encoding="utf-8"))
        return str(data.get("source_language") or "en")
    except Exception:  # a broken program.yml is reported by `check`; scaffolding uses a default
        return "en"


def add_module_to_program(text: str, module_id: str) -> str | None:
    """program.yml text with `module_id` appended to `modules:` (None: listed already).

    The round-trip loader says where the list and its last item are; the new item is then
    inserted as one line shaped like the item before it, so every other byte of the file
    (comments, blank lines, alignment, quoting) stays as the author wrote it.
    """
    yaml = YAML(typ="rt")
    data = yaml.load(text)
    modules = data.get("modules") if isinstance(data, dict) else None
    lines = text.split("\n")
    if isinstance(modules, list) and module_id in modules:
        return None
    if isinstance(modules, CommentedSeq) and modules and not modules.fa.flow_style():
        line, col = modules.lc.item(len(modules) - 1)
        item_line = lines[line]
        dash = item_line.rfind("-", 0, col)
        prefix = item_line[:col] if dash >= 0 else " " * col + "- "
        lines.insert(line + 1, prefix + module_id)
        updated = "\n".join(lines)
    elif isinstance(modules, CommentedSeq):  # a flow list: modules: [a, b]
        line, col = data.lc.value("modules")
        close = lines[line].rfind("]")
        inner = lines[line][col + 1 : close].strip()
        lines[line] = lines[line][:close] + (", " if inner else "") + module_id + lines[line][close:]
        updated = "\n".join(lines)
    elif "modules" in data:  # `modules:` with no items
        line, _ = data.lc.key("modules")
        lines[line] = lines[line].split("#")[0].rstrip().rstrip("[]").rstrip() + f"\n  - {module_id}"
        updated = "\n".join(lines)
    else:
        updated = text.rstrip("\n") + f"\nmodules:\n  - {module_id}\n"
    check = YAML(typ="safe").load(updated)
    if not isinstance(check, dict) or (check.get("modules") or [])[-1:] != [module_id]:
        raise ValueError("could not add the module to the 'modules:' list")
    return updated


def new_module(root: Path, module_id: str, title: str | None = None) -> Outcome:
    outcome = Outcome()
    program = root / PROGRAM_PATH
    if not ID_PATTERN.match(module_id):
        outcome.diagnostics.append(
            Diagnostic(
                "GL103",
                f"module id expected a lower-case id (a-z, 0-9, -) but found {module_id!r}",
                Span("<command line>"),
            )
        )
        return outcome
    path = f"{MODULES_DIR}/{module_id}.md"
    if (root / path).exists():
        outcome.diagnostics.append(
            Diagnostic("GL107", f"{path} already exists; nothing was changed", Span(path))
        )
        return outcome
    if not program.is_file():
        outcome.diagnostics.append(
            Diagnostic(
                "GL001", f"expected a program file at {PROGRAM_PATH} but found none", Span(PROGRAM_PATH)
            )
        )
        return outcome
    text = program.read_text(encoding="utf-8")
    try:
        updated = add_module_to_program(text, module_id)
    except Exception as exc:  # ruamel raises many error types for broken YAML
        outcome.diagnostics.append(
            Diagnostic("GL002", f"cannot add the module to program.yml: {exc}", Span(PROGRAM_PATH))
        )
        return outcome
    content = (
        _templates().get_template("module.md").render(id=module_id, title=title or _title_from(module_id))
    )
    write_text_atomic(root / path, content)
    outcome.created.append(path)
    if updated is not None:
        write_text_atomic(program, updated)
        outcome.changed.append(PROGRAM_PATH)
    return outcome


def _default_locale(language: str) -> str:
    return l10n.likely_locale(language) or language


def new_region(root: Path, region_id: str, languages: list[str], name: str | None = None) -> Outcome:
    outcome = Outcome()
    if not ID_PATTERN.match(region_id):
        outcome.diagnostics.append(
            Diagnostic(
                "GL203",
                f"region id expected a lower-case id (a-z, 0-9, -) but found {region_id!r}",
                Span("<command line>"),
            )
        )
    if not languages:
        outcome.diagnostics.append(
            Diagnostic("GL204", "--languages expected at least one language code", Span("<command line>"))
        )
    for language in languages:
        if l10n.problem(language):
            outcome.diagnostics.append(
                Diagnostic(
                    "GL205", f"expected a language CLDR knows but found {language!r}", Span("<command line>")
                )
            )
    path = f"{REGIONS_DIR}/{region_id}/region.yml"
    if (root / path).exists():
        outcome.diagnostics.append(
            Diagnostic("GL213", f"{path} already exists; nothing was changed", Span(path))
        )
    if outcome.diagnostics:
        return outcome
    source = _program_source_language(root)
    content = (
        _templates()
        .get_template("region.yml")
        .render(
            id=region_id,
            name=name or _title_from(region_id),
            languages=languages,
            locales={language: _default_locale(language) for language in languages},
            source_language=source if source in languages else languages[0],
        )
    )
    write_text_atomic(root / path, content)
    outcome.created.append(path)
    return outcome
