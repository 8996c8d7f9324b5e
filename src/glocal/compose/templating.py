"""`{{ region.name }}`, `{{ vars.x }}` in Markdown, rendered in Jinja's sandbox, code left alone.

Code spans and code blocks are swapped for placeholders before rendering and restored after,
so `{{ }}` inside code is shown literally. Placeholders never span a line break, so the line
numbers Jinja reports are the lines of the Markdown file.
"""

from __future__ import annotations

import contextvars
import difflib
import re
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.filters import do_center, do_indent
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import generate_lorem_ipsum

from glocal.diagnostics import Diagnostic, Span
from glocal.markdown.blocks import ParsedText, parse
from glocal.markdown.dialect import CODE_SPAN
from glocal.model import Project, Region

PLACEHOLDER = "\x00{}\x00"
PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")
TEMPLATE_NAME = "<glocal-markdown>"


@dataclass(frozen=True)
class TemplateProblem:
    kind: str  # "undefined", "syntax" or "limit"
    message: str
    line: int  # 0-based, within the rendered text
    col: int = 0
    hint: str | None = None


#: What one rendering may cost: past any of these the template is a GL121 / GL219 diagnostic.
MAX_LOOP_ITERATIONS = 100_000  # loop iterations and calls, all loops of the text together
MAX_OUTPUT_CHARS = 2_000_000  # the rendered text, and any one string or list built on the way
MAX_RENDER_SECONDS = 2.0


class TemplateLimit(Exception):
    """A template asked for more than MAX_LOOP_ITERATIONS, MAX_OUTPUT_CHARS or MAX_RENDER_SECONDS."""


@dataclass
class _Budget:
    deadline: float
    steps: int = 0

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_LOOP_ITERATIONS:
            raise TemplateLimit(f"more than {MAX_LOOP_ITERATIONS:,} loop iterations and calls")
        if self.steps % 256 == 0 or count > 1:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"rendering took longer than {MAX_RENDER_SECONDS:g} seconds")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "glocal_template_budget", default=None
)


def _spend(count: int = 1) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step(count)


def _sized(value: Any) -> Any:
    """`value`, unless it is a string or collection larger than MAX_OUTPUT_CHARS."""
    if isinstance(value, (str, bytes, list, tuple, dict, set)) and len(value) > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"a value of {len(value):,} items or characters (at most {MAX_OUTPUT_CHARS:,})")
    return value


class LimitedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox (no access to Python) plus a budget: every `for` loop, call, attribute
    access and arithmetic on strings counts, so nested loops end in a diagnostic, not a hang."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        # every loop's iterable goes through loop_guard; an environment attribute, so no template
        # variable can shadow it
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("loop_guard"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        return tree

    @staticmethod
    def loop_guard(items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            _spend()
            yield item

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        _spend()
        for value in (*args, *kwargs.values()):
            _sized(value)
        return _sized(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _spend()
        return _sized(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        _spend()
        return _sized(super().getitem(obj, argument))

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        _spend()
        if operator == "**" and _big_power(left, right):
            raise TemplateLimit(f"{left!r} ** {right!r} is too large a number")
        if operator == "*" and _repeats(left, right) > MAX_OUTPUT_CHARS:
            raise TemplateLimit(f"a repeated value longer than {MAX_OUTPUT_CHARS:,} characters")
        if operator == "%" and isinstance(left, str) and re.search(r"[0-9]{5,}", left):
            raise TemplateLimit("a %-format with a width of more than four digits")
        return _sized(super().call_binop(context, operator, left, right))


def _big_power(base: Any, exponent: Any) -> bool:
    if not isinstance(base, (int, float)) or not isinstance(exponent, (int, float)):
        return False
    return abs(exponent) > 64 and abs(base) > 1


def _repeats(left: Any, right: Any) -> int:
    """The length of `left * right` when one side is a sequence and the other a count, else 0."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count
    return 0


def _bounded_width(function):
    def bounded(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, int) and width > 10_000:
            raise TemplateLimit(f"a width of {width:,} (at most 10,000)")
        return function(value, width, *args, **kwargs)

    return bounded


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    """Jinja's `lipsum`, with at most 100 paragraphs of at most 1,000 words."""
    if not all(isinstance(x, int) for x in (n, min, max)) or n > 100 or max > 1000 or min > max:
        raise TemplateLimit("lipsum asks for more than 100 paragraphs of 1,000 words")
    return str(generate_lorem_ipsum(n, html, min, max))


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """Sandboxed, strict, no autoescape; `{#` is Markdown (heading ids), so comments are `{## ##}`."""
    env = LimitedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["center"] = _bounded_width(do_center)
    env.filters["indent"] = _bounded_width(do_indent)
    env.globals["lipsum"] = _bounded_lipsum
    return env


@lru_cache(maxsize=2048)
def _compiled(source: str) -> Template:
    """A template compiled once per process (every site of a region renders the same overlay and
    every site the same module: the text is the same, only the context differs)."""
    template = environment().from_string(source)
    template.name = TEMPLATE_NAME
    return template


def _render_limited(template, context: dict) -> str:
    """Render with a fresh budget, stopping as soon as the output passes MAX_OUTPUT_CHARS."""
    budget = _Budget(time.monotonic() + MAX_RENDER_SECONDS)
    token = _BUDGET.set(budget)
    try:
        parts: list[str] = []
        size = 0
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateLimit(f"the rendered text is longer than {MAX_OUTPUT_CHARS:,} characters")
            budget.step()
            parts.append(chunk)
        return "".join(parts)
    finally:
        _BUDGET.reset(token)


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
        template = _compiled(masked)
        rendered = _render_limited(template, context)
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
    known = sorted(_names(context))
    hint = None
    close = difflib.get_close_matches(expression, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    return TemplateProblem(
        "undefined",
        f"undefined variable '{expression}': expected one of {', '.join(known)}",
        line,
        _col(parsed, line, name),
        hint,
    )


def _names(context: dict, prefix: str = "") -> list[str]:
    names = []
    for key, value in context.items():
        if isinstance(value, dict) and value:
            names.extend(_names(value, f"{prefix}{key}."))
        else:
            names.append(f"{prefix}{key}")
    return names


def broken_expression(tag: str, contexts: list[dict]) -> bool:
    """Whether a `{{ ... }}` tag fails to render (an undefined variable, a syntax error) in any of
    `contexts`. Statements (`{% ... %}`) are never judged alone: they need the text around them."""
    if not (tag.startswith("{{") and tag.endswith("}}")):
        return False
    try:
        template = _compiled(tag)
        for context in contexts:
            _render_limited(template, context)
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
    parsed: ParsedText, context: dict, path: str, line_offset: int, codes: tuple[str, str]
) -> tuple[ParsedText, list[Diagnostic]]:
    """Render `{{ }}` in a parsed text; a problem is a diagnostic and the text stays as written."""
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
    span = Span(path, problem.line + line_offset, problem.col)
    return parsed, [Diagnostic(code, problem.message, span, hint=problem.hint)]


def render_translation(
    text: str, source: str, context: dict, path: str, line_offset: int, codes: tuple[str, str]
) -> tuple[ParsedText, list[Diagnostic]]:
    """`render_templates` for a text translated from `source`: a problem its source has too is
    reported where it is in the source, once for every language, not at its place in the
    translation (where a fallback span or a longer sentence moves its column)."""
    parsed, problems = render_templates(parse(text), context, path, line_offset, codes)
    if problems and text != source:
        _, own = render_templates(parse(source), context, path, line_offset, codes)
        problems = own or problems
    return parsed, problems
