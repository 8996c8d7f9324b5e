"""`{{ region.name }}`, `{{ vars.x }}` in Markdown, rendered in Jinja's sandbox, code left alone.

Code spans and code blocks are swapped for placeholders before rendering and restored after,
so `{{ }}` inside code is shown literally. Placeholders never span a line break, so the line
numbers Jinja reports are the lines of the Markdown file.
"""

from __future__ import annotations

import difflib
import functools
import re
import traceback
from dataclasses import dataclass, field

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from glocal.compose.sandbox import TEMPLATE_NAME, TemplateLimit, compiled, render_limited
from glocal.diagnostics import Diagnostic, Span
from glocal.i18n.extract import catalog_path
from glocal.load.validation import listing
from glocal.markdown.blocks import ParsedText, parse
from glocal.markdown.dialect import CODE_SPAN
from glocal.markdown.lists import for_python_markdown
from glocal.model import Project, Region

PLACEHOLDER = "\x00{}\x00"
PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")


@dataclass(frozen=True)
class TemplateProblem:
    kind: str  # "undefined", "syntax" or "limit"
    message: str
    line: int  # 0-based, within the rendered text
    col: int = 0
    hint: str | None = None
    name: str = field(default="", compare=False)  # "undefined": the expression written (`vars.data_law`)


@dataclass(frozen=True)
class RegionVars:
    """The region a core text is rendered for, and the `vars` the project's regions set: a core
    text's `{{ vars.data_law }}` that this region does not set but another does is the region's to
    set (reported on its region.yml, blocking its sites only), not the core's (which blocks all).
    Made for every module page; the vars are gathered only for a text with an undefined one."""

    region: Region
    project: Project

    @classmethod
    def of(cls, project: Project, region: Region) -> RegionVars:
        return cls(region, project)

    @functools.cached_property
    def set_somewhere(self) -> frozenset[str]:
        return frozenset(name for each in self.project.regions.values() for name in each.vars)

    def unset(self, expression: str) -> str | None:
        """The variable's name when `expression` is one of the regions' vars this region lacks."""
        head, _, rest = expression.partition(".")
        name = rest.split(".", 1)[0].split("[", 1)[0]
        if head == "vars" and name in self.set_somewhere and name not in self.region.vars:
            return name
        return None


def has_template(text: str) -> bool:
    return "{{" in text or "{%" in text


def render(parsed: ParsedText, context: dict) -> tuple[str, TemplateProblem | None]:
    """Render the template parts of a parsed text; on a problem return it unchanged and the problem."""
    text = parsed.text
    if not has_template(text):
        return text, None
    protected: list[str] = []

    def protect(chunk: str) -> str:
        parts = []
        for piece in chunk.split("\n"):
            protected.append(piece)
            parts.append(PLACEHOLDER.format(len(protected) - 1))
        return "\n".join(parts)

    code_lines = parsed.code_lines()
    out_lines = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            out_lines.append(CODE_SPAN.sub(lambda m: protect(m.group(0)), "\n".join(buffer)))
            buffer.clear()

    for number, source_line in enumerate(parsed.lines):
        if number in code_lines:
            flush()
            out_lines.append(protect(source_line))
        else:
            buffer.append(source_line)
    flush()
    masked = "\n".join(out_lines)
    try:
        template = compiled(masked)
        rendered = render_limited(template, context)
    except TemplateLimit as exc:
        line = _template_line(exc)
        # column 0: every site renders its own translation of the line, the limit is the same
        return text, TemplateProblem(
            "limit", f"template stopped: {exc}", line, 0, "render less, or fewer times"
        )
    except TemplateSyntaxError as exc:
        line = (exc.lineno or 1) - 1
        return text, TemplateProblem(
            "syntax", f"template syntax error: {exc.message}", line, _tag_col(parsed, line, exc.message or "")
        )
    except UndefinedError as exc:
        line = _template_line(exc)
        return text, _undefined(exc, parsed, line, context)
    except SecurityError as exc:
        line = _template_line(exc)
        return text, TemplateProblem(
            "undefined", f"not allowed in a template: {exc}", line, _col(parsed, line, "")
        )
    except Exception as exc:  # a template's own runtime error (e.g. a filter on the wrong type)
        line = _template_line(exc)
        message = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
        return text, TemplateProblem("syntax", f"template error: {message}", line, _col(parsed, line, ""))
    return PLACEHOLDER_RE.sub(lambda m: protected[int(m.group(1))], rendered), None


def _template_line(exc: BaseException) -> int:
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename in (TEMPLATE_NAME, "<template>"):
            line = lineno
    return (line or 1) - 1


EXPRESSION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")


def _expressions(text: str):
    """`{{ … }}` on a line, outside code spans."""
    code = [m.span() for m in CODE_SPAN.finditer(text)]
    for match in EXPRESSION.finditer(text):
        if not any(start <= match.start() < end for start, end in code):
            yield match


def _mentions(expression: str, name: str) -> bool:
    return bool(name) and re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", expression) is not None


def _col(parsed: ParsedText, line: int, needle: str) -> int:
    if not 0 <= line < len(parsed.lines):
        return 0
    text = parsed.lines[line]
    first = None
    for match in _expressions(text):
        first = match.start() if first is None else first
        if _mentions(match.group(1), needle):
            return match.start()
    if first is not None:
        return first
    found = [i for i in (text.find("{{"), text.find("{%")) if i >= 0]
    return min(found) if found else 0


def _tag_col(parsed: ParsedText, line: int, message: str) -> int:
    """Column of the tag a syntax error names (`unknown tag 'endfi'`), else of the first tag."""
    if 0 <= line < len(parsed.lines):
        named = re.search(r"'([^']+)'", message)
        if named:
            found = re.search(r"\{%-?\s*" + re.escape(named.group(1)), parsed.lines[line])
            if found:
                return found.start()
    return _col(parsed, line, "")


def _undefined(exc: UndefinedError, parsed: ParsedText, line: int, context: dict) -> TemplateProblem:
    """Name the expression the author wrote (`vars.data_lw`), not Jinja's `'dict object' has no …`."""
    message = exc.message or ""
    missing = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
    name = next((group for group in missing.groups() if group), "") if missing else ""
    expression = name
    if 0 <= line < len(parsed.lines):
        for match in _expressions(parsed.lines[line]):
            if _mentions(match.group(1), name):
                expression = match.group(1).split("|")[0].strip()
                break
    message, hint = _undefined_message(expression, _names(context))
    return TemplateProblem("undefined", message, line, _col(parsed, line, name), hint, expression)


def _undefined_message(expression: str, names: list[str]) -> tuple[str, str | None]:
    known = sorted(names)
    close = difflib.get_close_matches(expression, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else None
    if hint is None and re.fullmatch(r"\w+", expression):  # no variable of Glocal's is a bare name
        hint = (
            "if the braces are text (a Jekyll leftover in a Carpentries lesson, as git-novice-es's "
            f"{{{{ swc_github }}}}), write {{% raw %}}{{{{ {expression} }}}}{{% endraw %}}"
        )
    expected = listing(expression, known, "variables")
    return f"undefined variable '{expression}': expected one of {expected}", hint


def _names(context: dict, prefix: str = "") -> list[str]:
    names = []
    for key, value in context.items():
        if isinstance(value, dict):
            names.extend(_names(value, f"{prefix}{key}."))  # none for an empty one (a region without vars)
        else:
            names.append(f"{prefix}{key}")
    return names


def broken_expression(tag: str, contexts: list[dict]) -> bool:
    """Whether a `{{ ... }}` tag fails to render (an undefined variable, a syntax error) in any of
    `contexts`. Statements (`{% ... %}`) are never judged alone: they need the text around them."""
    if not (tag.startswith("{{") and tag.endswith("}}")):
        return False
    try:
        template = compiled(tag)
        for context in contexts:
            render_limited(template, context)
    except Exception:  # whatever stops this tag stops it in the text too (GL115, GL116, GL121)
        return True
    return False


def template_context(project: Project, region: Region, language: str) -> dict:
    """What `{{ ... }}` may use: region, vars, program, site (plain data, nothing callable)."""
    program = project.program
    return {
        "region": {
            "id": region.id,
            "name": region.name,
            "timezone": region.timezone or "",
            "day_start": region.day_start,
            "languages": list(region.languages),
        },
        "vars": dict(region.vars),
        "program": {"id": program.id, "title": program.title, "version": program.version} if program else {},
        "site": {"language": language, "locale": region.locale_for(language)},
    }


#: The limit code that goes with each syntax code render_templates is given (module, overlay).
LIMIT_CODES = {"GL116": "GL121", "GL217": "GL219"}


def render_templates(
    parsed: ParsedText,
    context: dict,
    path: str,
    line_offset: int,
    codes: tuple[str, str],
    regional: RegionVars | None = None,
) -> tuple[ParsedText, list[Diagnostic]]:
    """Render `{{ }}` in a parsed text; a problem is a diagnostic and the text stays as written
    (`regional`: a core text's, see RegionVars)."""
    rendered, problem = render(parsed, context)
    if problem is None:
        if rendered == parsed.text:
            return parsed, []
        again = parse(rendered)
        written = {block.line for block in parsed.heavy}  # reported as written (GL124)
        heavy = [block for block in again.heavy if block.line not in written]
        if not heavy:
            return again, []
        message = f"the text a template renders here is too heavy to render: {heavy[0].reason}"
        span = Span(path, heavy[0].line + line_offset, 0)
        hint = "keep long or bracket-heavy values out of one paragraph (see GL124)"
        return parsed, [Diagnostic(LIMIT_CODES.get(codes[1], codes[1]), message, span, hint=hint)]
    if problem.kind == "limit":
        code = LIMIT_CODES.get(codes[1], codes[1])
    else:
        code = codes[0] if problem.kind == "undefined" else codes[1]
    problems = [problem]
    if problem.kind == "undefined":
        problems += _more_undefined(parsed, context, problem)
    return parsed, [_diagnostic(found, code, context, path, line_offset, regional) for found in problems]


def _more_undefined(parsed: ParsedText, context: dict, first: TemplateProblem) -> list[TemplateProblem]:
    """The text's other undefined `{{ }}` expressions, each once, in text order: Jinja stops at
    the first, and an author fixed one to be shown the next. Only in a text without `{% %}`,
    whose `{% if vars.x is defined %}` may guard an expression that is then never evaluated."""
    if "{%" in parsed.text:
        return []
    found: list[TemplateProblem] = []
    seen = {first.name}
    code_lines = parsed.code_lines()
    for number, line in enumerate(parsed.lines):
        if number in code_lines or "{{" not in line:
            continue
        for match in _expressions(line):
            expression = match.group(1).split("|")[0].strip()
            if expression in seen:
                continue
            seen.add(expression)
            try:
                render_limited(compiled(match.group(0)), context)
            except UndefinedError:
                message, hint = _undefined_message(expression, _names(context))
                found.append(TemplateProblem("undefined", message, number, match.start(), hint, expression))
            except Exception:  # another kind of problem: Jinja reports the first only
                continue
    return found


def _diagnostic(
    problem: TemplateProblem,
    code: str,
    context: dict,
    path: str,
    line_offset: int,
    regional: RegionVars | None,
) -> Diagnostic:
    """The diagnostic of a template problem: at the text, or at the region's region.yml for a
    `vars.` name only that region lacks (`RegionVars`)."""
    span = Span(path, problem.line + line_offset, problem.col)
    unset = regional.unset(problem.name) if regional is not None and problem.kind == "undefined" else None
    if regional is not None and unset is not None:
        region = regional.region
        message = (
            f"region '{region.id}' does not set '{problem.name}', which "
            f"{path}:{problem.line + line_offset + 1} uses and other regions set"
        )
        hint = f"add '{unset}: ...' under 'vars:' in {region.path}"
        return Diagnostic(code, message, region.span("vars"), hint=hint)
    if regional is not None and problem.kind == "undefined":  # the core's: one message for every region
        names = [name for name in _names(context) if not name.startswith("vars.")]
        names += [f"vars.{name}" for name in regional.set_somewhere]
        message, close = _undefined_message(problem.name, names)
        return Diagnostic(code, message, span, hint=close)
    return Diagnostic(code, problem.message, span, hint=problem.hint)


def render_translation(
    text: str,
    source: str,
    context: dict,
    path: str,
    line_offset: int,
    codes: tuple[str, str],
    regional: RegionVars | None = None,
) -> tuple[ParsedText, list[Diagnostic]]:
    """`render_templates` for a text translated from `source`: a problem its source has too is
    reported where it is in the source, once for every language, not at its place in the
    translation (where a fallback span or a longer sentence moves its column).

    The text is given as pages show it: its list items indented as Python-Markdown, which renders
    them, reads them (`lists.for_python_markdown`; the same lines, so diagnostics keep their place).
    """
    parsed, problems = render_templates(parse(text), context, path, line_offset, codes, regional)
    if problems and text != source:
        shown, own = render_templates(parse(source), context, path, line_offset, codes, regional)
        if own:
            problems = own
        else:  # the translation's own: its catalog's problem, not the source's (which every site uses)
            problems = [_translations_problem(found, text, path, context, line_offset) for found in problems]
            parsed = shown
    return for_python_markdown(parsed), problems


def _translations_problem(
    problem: Diagnostic, text: str, path: str, context: dict, line_offset: int
) -> Diagnostic:
    """A template problem only the translation has (its tags are the source's, in another order):
    GL307 on its catalog, which blocks that language's sites only; the page shows the source text.
    (A translation that adds, drops or leaves open a tag is never published: `placeholder_problems`.)"""
    catalog = catalog_path(path, context["site"]["language"])
    lines = text.splitlines()
    index = (problem.span.line or 0) - line_offset
    quoted = lines[index].strip() if 0 <= index < len(lines) else ""
    if len(quoted) > 60:
        quoted = quoted[:57] + "..."
    return Diagnostic(
        "GL307",
        f"the translation of {path} makes its template fail ({problem.message})"
        + (f" at {quoted!r}" if quoted else "")
        + ": the source text is shown",
        Span(catalog, 0, 0),
        hint="keep the source's {{ }} and {% %} tags, in their order",
    )
