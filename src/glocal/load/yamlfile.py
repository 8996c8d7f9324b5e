"""YAML text → round-trip data with positions, and syntax errors → diagnostics (never raised)."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, replace
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import MappingNode, SequenceNode

from glocal.diagnostics import Diagnostic, Span
from glocal.load import fastyaml


@dataclass(frozen=True)
class DuplicateKey:
    parents: tuple[str, ...]
    key: str
    first: Span
    again: Span


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML plus where it sits in its file (front matter starts below line 0)."""

    data: Any
    path: str
    line_offset: int = 0
    duplicates: tuple[DuplicateKey, ...] = ()
    text: str = ""

    def raw_scalar(self, span: Span) -> str | None:
        """The source text of a one-line scalar at `span` (e.g. `1.10` as written, not 1.1)."""
        if span.line is None:
            return None
        lines = self.text.split("\n")
        index = span.line - self.line_offset
        if not 0 <= index < len(lines):
            return None
        raw = lines[index][span.col or 0 :]
        return re.split(r"\s+#", raw, maxsplit=1)[0].strip() or None

    def span_of(self, line: int | None, col: int | None) -> Span:
        if line is None:
            return Span(self.path, self.line_offset, 0)
        return Span(self.path, line + self.line_offset, col)

    def key_span(self, mapping: Any, key: str) -> Span:
        try:
            line, col = mapping.lc.key(key)
        except (AttributeError, KeyError, TypeError):
            return self.span_of(*_own_position(mapping))
        return self.span_of(line, col)

    def value_span(self, mapping: Any, key: str) -> Span:
        try:
            line, col = mapping.lc.value(key)
        except (AttributeError, KeyError, TypeError):
            return self.key_span(mapping, key)
        return self.span_of(line, col)

    def item_span(self, seq: Any, index: int) -> Span:
        try:
            line, col = seq.lc.item(index)
        except (AttributeError, KeyError, TypeError, IndexError):
            return self.span_of(*_own_position(seq))
        return self.span_of(line, col)

    def node_span(self, node: Any) -> Span:
        return self.span_of(*_own_position(node))


def _own_position(node: Any) -> tuple[int | None, int | None]:
    lc = getattr(node, "lc", None)
    if lc is None or getattr(lc, "line", None) is None:
        return None, None
    return lc.line, lc.col


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True  # found separately, with both positions, by _duplicates()
    return yaml


def parse_yaml(
    text: str, path: str, code: str, line_offset: int = 0
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse `text`; a syntax error becomes one diagnostic with `code` at the error's position.

    Parsed once per process for the same text, path and offset, whatever the code (a module's
    front matter and the program's and regions' files are read by the loader and again by
    extraction; a live preview reads every file again on each edit). Callers only read what
    comes back.
    """
    if len(text) > MEMO_MAX_CHARS:  # kept out of the memo: 4,096 of them would hold gigabytes
        return _parse_yaml_once(text, path, code, line_offset)
    doc, found = _parse_yaml(text, path, line_offset)
    return doc, [replace(d, code=code) if d.code == _SYNTAX else d for d in found]


_SYNTAX = "<syntax>"  # the memo's stand-in for the caller's code of a syntax error


#: The longest YAML text the parse memo keeps (front matter and configs are far shorter).
MEMO_MAX_CHARS = 64 * 1024


@functools.lru_cache(maxsize=4096)
def _parse_yaml(text: str, path: str, line_offset: int) -> tuple[YamlDoc | None, tuple[Diagnostic, ...]]:
    doc, found = _parse_yaml_once(text, path, _SYNTAX, line_offset)
    return doc, tuple(found)


def _parse_yaml_once(
    text: str, path: str, code: str, line_offset: int = 0
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    fast = fastyaml.parse(text, _FAST_LIMITS)  # the same data, ten times sooner, or None
    if fast is not None:
        return YamlDoc(fast[0], path, line_offset, (), text), []
    limited = _limits(text, path, line_offset)
    if limited:
        return None, limited
    yaml = _round_trip()
    try:
        # what YAML.load does, with the node kept: duplicate keys are found on it (before the
        # constructor flattens `<<` merges into it), and the text is parsed once, not twice
        fastyaml.begin_document(yaml)
        constructor, parser = yaml.get_constructor_parser(io.StringIO(text))
        try:
            node = constructor.composer.get_single_node()
            duplicates = tuple(_duplicates(node, (), path, line_offset)) if node is not None else ()
            data = constructor.construct_document(node) if node is not None else None
        finally:
            parser.dispose()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" {exc.context}" if exc.context and exc.problem else ""
        span = Span(path, (mark.line if mark else 0) + line_offset, mark.column if mark else 0)
        message = f"invalid YAML: {problem}{context}"
        hint = _syntax_hint(text, mark.line if mark else None)
        return None, [Diagnostic(code, message, span, hint=hint)]
    except YAMLError as exc:  # errors without a position (rare: encoding, reader errors)
        return None, [Diagnostic(code, f"invalid YAML: {exc}", Span(path, line_offset, 0))]
    except (ValueError, TypeError, ArithmeticError) as exc:  # a value ruamel cannot build: 2026-13-45
        mark = _failing_mark(exc)
        span = Span(path, line_offset + (mark.line if mark else 0), mark.column if mark else 0)
        return None, [
            Diagnostic(code, f"invalid YAML value: {exc}", span, hint="quote it if it is meant as text")
        ]
    except RecursionError:  # nesting the event check let through (it looks only when suspicious)
        return None, [Diagnostic("GL015", "YAML nested too deeply to read", Span(path, line_offset, 0))]
    return YamlDoc(data, path, line_offset, duplicates, text), []


#: Limits on what a YAML text may ask of the parser (each exceeded one is a diagnostic, not a crash).
MAX_YAML_DEPTH = 64  # mappings and lists nested in one another (GL015)
MAX_YAML_NODES = 100_000  # values once every alias (*name) is expanded (GL015)
MAX_INT_DIGITS = 100  # digits of an integer (GL016); Python refuses to convert past 4,300
_INTEGER = re.compile(r"[-+]?(?:0[xob])?[0-9a-fA-F_]+")
# Text that might exceed a limit: a long digit run, an alias, deep indentation; else skip the pass
_SUSPECT = re.compile(
    rf"[0-9a-fA-F_]{{{MAX_INT_DIGITS + 1}}}|\*[^\s*]|^[ \t?:-]{{{MAX_YAML_DEPTH // 2}}}", re.M
)


def _too_long_number(value: str) -> bool:
    """A plain scalar that would be an integer of more than MAX_INT_DIGITS digits (GL016)."""
    digits = value.replace("_", "")
    return (
        len(digits) > MAX_INT_DIGITS
        and _INTEGER.fullmatch(value) is not None
        and digits.lstrip("+-")[:1].isdigit()
    )


# What libyaml's reading accepts: any text within them passes `_limits` too (it has no alias)
_FAST_LIMITS = fastyaml.Limits(MAX_YAML_DEPTH, MAX_YAML_NODES, _too_long_number)


def _suspect(text: str) -> bool:
    return text.count("[") + text.count("{") > MAX_YAML_DEPTH or _SUSPECT.search(text) is not None


def _limits(text: str, path: str, line_offset: int) -> list[Diagnostic]:
    """Depth, alias expansion and integer size, checked on the event stream (which recurses
    nowhere) before the document is built; syntax errors are left to the real parse."""
    if not _suspect(text):
        return []
    stack: list[list] = []  # [anchor, values so far] per open mapping or list
    sizes: dict[str, int] = {}
    total = 0

    def span(event) -> Span:
        mark = event.start_mark
        return Span(path, mark.line + line_offset, mark.column)

    try:
        for event in _round_trip().parse(io.StringIO(text)):
            count = 0
            if isinstance(event, CollectionStartEvent):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_YAML_DEPTH:
                    return [
                        Diagnostic(
                            "GL015",
                            f"YAML nested more than {MAX_YAML_DEPTH} levels deep",
                            span(event),
                            hint="flatten the structure",
                        )
                    ]
                continue
            if isinstance(event, CollectionEndEvent) and stack:
                anchor, count = stack.pop()
            elif isinstance(event, ScalarEvent):
                count = 1
                anchor = event.anchor
                if event.style is None and event.tag is None and _too_long_number(event.value):
                    digits = event.value.replace("_", "")
                    return [
                        Diagnostic(
                            "GL016",
                            f"a number of {len(digits):,} digits: expected at most {MAX_INT_DIGITS}",
                            span(event),
                            hint="quote it if it is meant as text",
                        )
                    ]
            elif isinstance(event, AliasEvent):
                anchor, count = None, sizes.get(event.anchor or "", 1)
            else:
                continue
            if anchor:
                sizes[anchor] = count
            if stack:
                stack[-1][1] += count
            else:
                total += count
            if count > MAX_YAML_NODES or total > MAX_YAML_NODES or (stack and stack[-1][1] > MAX_YAML_NODES):
                return [
                    Diagnostic(
                        "GL015",
                        f"YAML with more than {MAX_YAML_NODES:,} values once its aliases are expanded",
                        span(event),
                        hint="write the values out instead of repeating aliases (*name)",
                    )
                ]
    except YAMLError:
        return []
    return []


def read_yaml(root, path: str, code: str) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Read and parse one project YAML file; unreadable text is GL010, bad YAML is `code`."""
    from glocal.load.files import read_text

    text, diagnostics = read_text(root, path, "GL010")
    if text is None:
        return None, diagnostics
    return parse_yaml(text, path, code)


def _failing_mark(exc: BaseException) -> Any:
    """Where the node being built when `exc` was raised starts (ruamel keeps it in a local)."""
    mark = None
    tb = exc.__traceback__
    while tb is not None:
        start = getattr(tb.tb_frame.f_locals.get("node"), "start_mark", None)
        if start is not None:
            mark = start
        tb = tb.tb_next
    return mark


def _syntax_hint(text: str, line: int | None) -> str | None:
    if line is None:
        return None
    lines = text.splitlines()
    if 0 <= line < len(lines) and "\t" in lines[line][: len(lines[line]) - len(lines[line].lstrip())]:
        return "YAML indentation must use spaces, not tabs"
    return "check the indentation and quoting on this line and the one before it"


def _duplicates(node: Any, parents: tuple[str, ...], path: str, offset: int):
    if isinstance(node, MappingNode):
        first: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in first:
                yield DuplicateKey(
                    parents,
                    key,
                    Span(path, first[key].start_mark.line + offset, first[key].start_mark.column),
                    Span(path, key_node.start_mark.line + offset, key_node.start_mark.column),
                )
            else:
                first[key] = key_node
            yield from _duplicates(value_node, parents + (key,), path, offset)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _duplicates(item, parents + ("[]",), path, offset)


def dump_round_trip(data: Any) -> str:
    """Serialise round-trip data, keeping comments, order and quoting."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def load_round_trip(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml.load(text)


__all__ = [
    "YamlDoc",
    "DuplicateKey",
    "parse_yaml",
    "dump_round_trip",
    "load_round_trip",
    "CommentedMap",
    "CommentedSeq",
]
