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
from glocal.load import (
    CURRICULUM_DIR,
    MODULES_DIR,
    PROGRAM_PATH,
    REGIONS_DIR,
    TTT_DIR,
    load_module,
    load_program,
    schemas,
)
from glocal.load.validation import ID_PATTERN
from glocal.model import Module


@dataclass
class Outcome:
    """What a scaffold command did: files created and changed, problems, and what to do next."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


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
    """program.yml text with `module_id` appended to `modules:` (None: listed already)."""
    return add_to_program_list(text, "modules", module_id)


def add_to_program_list(text: str, key: str, item: str) -> str | None:
    """program.yml text with `item` appended to the list `key` (`modules:`, `pages:`; None:
    listed already).

    The round-trip loader says where the list and its last item are; the new item is then
    inserted as one line shaped like the item before it, so every other byte of the file
    (comments, blank lines, alignment, quoting) stays as the author wrote it.
    """
    yaml = YAML(typ="rt")
    data = yaml.load(text)
    items = data.get(key) if isinstance(data, dict) else None
    lines = text.split("\n")
    if isinstance(items, list) and item in items:
        return None
    if isinstance(items, CommentedSeq) and items and not items.fa.flow_style():
        line, col = items.lc.item(len(items) - 1)
        item_line = lines[line]
        dash = item_line.rfind("-", 0, col)
        prefix = item_line[:col] if dash >= 0 else " " * col + "- "
        lines.insert(line + 1, prefix + item)
        updated = "\n".join(lines)
    elif isinstance(items, CommentedSeq):  # a flow list: modules: [a, b]
        line, col = data.lc.value(key)
        close = lines[line].rfind("]")
        inner = lines[line][col + 1 : close].strip()
        lines[line] = lines[line][:close] + (", " if inner else "") + item + lines[line][close:]
        updated = "\n".join(lines)
    elif key in data:  # `modules:` with no items
        line, _ = data.lc.key(key)
        lines[line] = lines[line].split("#")[0].rstrip().rstrip("[]").rstrip() + f"\n  - {item}"
        updated = "\n".join(lines)
    else:
        updated = text.rstrip("\n") + f"\n{key}:\n  - {item}\n"
    check = YAML(typ="safe").load(updated)
    if not isinstance(check, dict) or (check.get(key) or [])[-1:] != [item]:
        raise ValueError(f"could not add it to the '{key}:' list")
    return updated


def _listed(root: Path, outcome: Outcome, path: str, key: str, item: str) -> str | None:
    """program.yml's text with `item` added to its `key:` list, for a new file at `path` (None:
    listed already). What stops it goes into `outcome`, and nothing is written: the file is
    there (GL107), program.yml is not (GL001), or cannot be read (GL002)."""
    if (root / path).exists() or (root / path).is_symlink():
        outcome.diagnostics.append(
            Diagnostic("GL107", f"{path} already exists; nothing was changed", Span(path))
        )
        return None
    if not (root / PROGRAM_PATH).is_file():
        outcome.diagnostics.append(
            Diagnostic(
                "GL001", f"expected a program file at {PROGRAM_PATH} but found none", Span(PROGRAM_PATH)
            )
        )
        return None
    try:
        return add_to_program_list((root / PROGRAM_PATH).read_text(encoding="utf-8"), key, item)
    except Exception as exc:  # ruamel raises many error types for broken YAML
        what = "module" if key == "modules" else "page"
        outcome.diagnostics.append(
            Diagnostic("GL002", f"cannot add the {what} to program.yml: {exc}", Span(PROGRAM_PATH))
        )
        return None


def new_module(root: Path, module_id: str, title: str | None = None) -> Outcome:
    outcome = Outcome()
    program = root / PROGRAM_PATH
    if not ID_PATTERN.match(module_id):
        outcome.diagnostics.append(
            Diagnostic(
                "GL103",
                f"module id expected a lower-case id (a-z, 0-9, - and _) but found {module_id!r}",
                Span("<command line>"),
            )
        )
        return outcome
    path = f"{MODULES_DIR}/{module_id}.md"
    updated = _listed(root, outcome, path, "modules", module_id)
    if outcome.diagnostics:
        return outcome
    content = (
        _templates().get_template("module.md").render(id=module_id, title=title or _title_from(module_id))
    )
    write_text_atomic(root / path, content)
    outcome.created.append(path)
    if updated is not None:
        write_text_atomic(program, updated)
        outcome.changed.append(PROGRAM_PATH)
    outcome.next_steps = _module_next_steps(root, module_id, path)
    return outcome


def new_page(root: Path, page: str, title: str | None = None) -> Outcome:
    """curriculum/PAGE with a title and a first paragraph to replace, listed under `pages:`."""
    outcome = Outcome()
    program = root / PROGRAM_PATH
    if not schemas.PAGE_PATTERN.match(page):
        outcome.diagnostics.append(
            Diagnostic(
                "GL004",
                f"page expected {schemas.PAGE_PATH.pattern_hint} but found {page!r}",
                Span("<command line>"),
            )
        )
        return outcome
    path = f"{CURRICULUM_DIR}/{page}"
    updated = _listed(root, outcome, path, "pages", page)
    if outcome.diagnostics:
        return outcome
    name = title or _title_from(Path(page).stem)
    content = f"---\ntitle: {yaml_string(name)}\n---\n\nWhat this page is for, in a sentence or two.\n"
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(root / path, content)
    outcome.created.append(path)
    if updated is not None:
        write_text_atomic(program, updated)
        outcome.changed.append(PROGRAM_PATH)
    outcome.next_steps = [
        f"write the page in {path}; link to it from a module as ../{page}",
        "run: glocal i18n update   (adds the page to every language's catalogs)",
        "run: glocal check",
    ]
    return outcome


def _module_next_steps(root: Path, module_id: str, path: str) -> list[str]:
    steps = [
        f"write the module in {path}: objectives, body, activities and the default of its optional "
        "slot 'case-study' (rename, remove or add slots as the content needs)",
    ]
    try:
        days = YAML(typ="safe").load((root / PROGRAM_PATH).read_text(encoding="utf-8")).get("days")
    except Exception:  # `check` reports a broken program.yml
        days = None
    if days:
        steps.append(f"schedule '{module_id}' in one of the days under days: in {PROGRAM_PATH}")
    if (root / TTT_DIR).is_dir():
        steps.append(f"write its Train-the-Trainer guide in {TTT_DIR}/{module_id}.md")
    steps += [
        "run: glocal i18n update   (adds the module to every language's catalogs)",
        "run: glocal check",
    ]
    return steps


def _default_locale(language: str) -> str:
    return l10n.likely_locale(language) or language


def new_region(root: Path, region_id: str, languages: list[str], name: str | None = None) -> Outcome:
    outcome = Outcome()
    if not ID_PATTERN.match(region_id):
        outcome.diagnostics.append(
            Diagnostic(
                "GL203",
                f"region id expected a lower-case id (a-z, 0-9, - and _) but found {region_id!r}",
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
    if outcome.diagnostics:
        return outcome
    name = name or _title_from(region_id)
    source = _program_source_language(root)
    source = source if source in languages else languages[0]
    path = f"{REGIONS_DIR}/{region_id}/region.yml"
    modules = _modules(root)
    files = {
        path: _templates()
        .get_template("region.yml")
        .render(
            id=region_id,
            name=name,
            languages=languages,
            locales={language: _default_locale(language) for language in languages},
            source_language=source,
            used_vars=_used_vars(modules),
        )
    }
    template = _templates().get_template("overlay.md")
    for module in modules:
        files[f"{REGIONS_DIR}/{region_id}/{module.id}.md"] = template.render(
            region=_comment(name),
            title=_comment(module.title),
            module_path=module.path,
            language=l10n.language_name(source, "en"),
            slots=[
                {
                    "id": slot.id,
                    "required": slot.required,
                    "budget": f"at most {slot.max_words} words" if slot.max_words else "no word limit",
                    "brief": _comment(" ".join(slot.brief.split())),
                }
                for slot in module.slots.values()
            ],
        )
    existing = [path] if (root / path).exists() else [target for target in files if (root / target).exists()]
    for existing_path in existing:
        outcome.diagnostics.append(
            Diagnostic("GL213", f"{existing_path} already exists; nothing was changed", Span(existing_path))
        )
    if outcome.diagnostics:
        return outcome
    for target, content in files.items():
        write_text_atomic(root / target, content)
        outcome.created.append(target)
    outcome.next_steps = _region_next_steps(region_id, path, modules, languages, source)
    return outcome


def _modules(root: Path) -> list[Module]:
    """The program's modules that load (a broken one is `check`'s to report, and gets no stub)."""
    program, _ = load_program(root)
    found = []
    for ref in program.modules if program else ():
        module, _ = load_module(root, f"{MODULES_DIR}/{ref.id}.md")
        if module is not None:
            found.append(module)
    return found


VARIABLE = re.compile(r"\{\{[^{}]*?\bvars\.([A-Za-z_][A-Za-z0-9_]*)")  # to the next brace: linear


def _used_vars(modules: list[Module]) -> dict[str, list[str]]:
    """Each `vars.name` the modules use, with the modules that use it: a region must set them."""
    used: dict[str, list[str]] = {}
    for module in modules:
        for name in dict.fromkeys(VARIABLE.findall(module.body)):
            used.setdefault(name, []).append(module.id)
    return used


def _comment(text: str) -> str:
    """Text safe inside an HTML comment, which the first `-->` would end."""
    return text.replace("-->", "-- >")


def _region_next_steps(
    region_id: str, path: str, modules: list[Module], languages: list[str], source: str
) -> list[str]:
    slots = [slot for module in modules for slot in module.slots.values()]
    required = sum(slot.required for slot in slots)
    variables = ", ".join(f"vars.{name}" for name in _used_vars(modules))
    steps = [
        f"set the time zone, day start and delivery notes in {path}"
        + (f", and the variables the modules use: {variables}" if variables else "")
    ]
    if slots:
        steps.append(
            f"fill the {len(slots)} slot(s) in {REGIONS_DIR}/{region_id}/<module>.md, each brief and "
            f"word budget above its block ({required} required: `check` reports them as errors until "
            "written; an optional one left empty shows the core's default)"
        )
    others = [language for language in languages if language != source]
    if others:
        steps.append(
            f"run: glocal i18n update   (catalogs to translate the region's text into {', '.join(others)})"
        )
    steps += [
        f"run: glocal check   (lists what is still missing in '{region_id}')",
        f"run: glocal build {region_id}/{languages[0]}",
    ]
    return steps
