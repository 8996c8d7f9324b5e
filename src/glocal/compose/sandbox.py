"""Jinja's sandbox, held to a budget: what one rendering of an untrusted text may cost in loop
iterations and calls, characters built and seconds (past any, `TemplateLimit`: GL121 in a
module, GL219 in an overlay). `templating` renders the texts with it."""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.filters import do_center, do_indent
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

TEMPLATE_NAME = "<glocal-markdown>"


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


#: what starts a block when it begins a line: a heading, quote, list item, rule, setext underline,
#: code fence or container fence (`:::`), or an ordered list's number (`1.`, `1)`); a table row's
#: `|` is written as an entity wherever it is
BLOCK_START = re.compile(r"[#>+*=:~`_-]|\d+[.)]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def inline(value: Any) -> Any:
    """What a `{{ }}` shows, as running text: its line breaks become spaces and a character that
    would start a block is written as an entity (`&#35;`, shown as `#`), so a value (a region's
    `vars`, its name) can never split the paragraph it is in, start a heading, a list or a
    container, or add a cell to the table row it is in, wherever it is placed. Inline Markdown
    in it (`*the GDPR*`, a link) still works."""
    if not isinstance(value, str):
        return value
    # each line stripped, then joined: one pattern `[ \t]*\n[ \t]*` backtracked over every run of
    # spaces without a line break (a value of 40,000 spaces took 8 s, 1,000,000 over two minutes)
    if "\n" in value or "\r" in value:
        value = " ".join(line.strip(" \t") for line in LINE_BREAK.split(value))
    text = value.lstrip(" \t")
    text = text.replace("|", "&#124;")  # in a table row, a `|` would add a cell
    if BLOCK_START.match(text):
        return f"&#{ord(text[0])};{text[1:]}"
    return text


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """Sandboxed, strict, no autoescape; `{#` is Markdown (heading ids), so comments are `{## ##}`;
    what `{{ }}` shows is running text (`inline`)."""
    env = LimitedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        comment_start_string="{##",
        comment_end_string="##}",
        finalize=inline,
    )
    env.filters["center"] = _bounded_width(do_center)
    env.filters["indent"] = _bounded_width(do_indent)
    env.globals["lipsum"] = _bounded_lipsum
    return env


@lru_cache(maxsize=2048)
def compiled(source: str) -> Template:
    """A template compiled once per process (every site of a region renders the same overlay and
    every site the same module: the text is the same, only the context differs)."""
    template = environment().from_string(source)
    template.name = TEMPLATE_NAME
    return template


def render_limited(template, context: dict) -> str:
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
