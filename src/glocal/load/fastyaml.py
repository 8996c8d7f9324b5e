"""YAML text → the very data ruamel's round-trip loader builds, read from libyaml's event stream.

ruamel.yaml's round-trip loader is pure Python: the front matter of 500 modules takes it about a
second, on the one core a check has before it shares out its sites. libyaml (PyYAML's C parser)
reads the same text in a tenth of that. `parse` builds from libyaml's events exactly what ruamel
builds for the plain documents that nearly every project file is: `CommentedMap` and
`CommentedSeq` with the line and column of every key, value and item, and plain scalars resolved
by ruamel's own YAML 1.2 resolver and built by its round-trip constructor's own methods (a float
keeps its precision, an integer written `0x1F` or `1_000` its notation, as ruamel keeps them).
A folded scalar (`>`) is read by ruamel alone, from its own lines: ruamel keeps where it folded.

Everything else is declined (None), and ruamel then reads the whole text, and reports its
problems, as before: anchors, aliases, tags, directives, several documents, duplicate keys, keys
that are not scalars, values left empty, merge keys, block scalars with an indentation
indicator or a comment after it, characters YAML 1.1 and 1.2 read differently (NEL, the Unicode
line and paragraph separators, a byte order mark), tabs and carriage returns, any text libyaml
or ruamel rejects, and whatever is past the `Limits` (ruamel's reading reports it). What the two
loaders give is held equal by a differential test.

Comments are not kept (ruamel keeps them on its maps for writing a file back; what is parsed
here is only read). Nothing recurses, so no nesting can exhaust the stack.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

_LOADER = getattr(yaml, "CSafeLoader", None)  # None: PyYAML without libyaml, so nothing is faster
_RESOLVER = VersionedResolver()  # YAML 1.2: what the round-trip loader uses without a %YAML directive
_STR, _NULL, _INT = (f"tag:yaml.org,2002:{name}" for name in ("str", "null", "int"))
_PLAIN_INT = re.compile(r"[-+]?[1-9][0-9]*\Z")  # what ruamel builds as a plain int, not a ScalarInt
# Line breaks in YAML 1.1 only (NEL, LS, PS), a byte order mark, and the tab and carriage return
# (the two loaders' rules for them differ in corners): ruamel alone reads such a text.
_DECLINED_CHARACTERS = re.compile("[\t\r\x85\u2028\u2029\ufeff]")


# A block scalar's indicator with nothing after it but chomping (`|`, `>-`, `|+`): ruamel keeps a
# comment there on the scalar, and an indentation indicator counts from the parent's indentation,
# which a folded scalar's own lines (read again by ruamel, see `_folded`) do not have.
_BLOCK_INDICATOR = re.compile(r"[|>][-+]? *(?:\n|\Z)")


class Limits(NamedTuple):
    """What a text may ask of the reader; past any of them the text is declined."""

    depth: int  # mappings and lists open in one another
    values: int  # scalars, mappings and lists in all
    too_long_number: Callable[[str], bool]  # a plain scalar the reader must not turn into a number


class _Declined(Exception):
    """Something ruamel alone should read."""


def parse(text: str, limits: Limits) -> tuple[Any] | None:
    """`(data,)` as ruamel's round-trip loader (`YAML(typ="rt")`) would load `text`, or None
    when ruamel should read it (see the module's docstring)."""
    if _LOADER is None or _DECLINED_CHARACTERS.search(text):
        return None
    try:
        return (_build(yaml.parse(text, Loader=_LOADER), text, limits),)
    except (
        _Declined,
        yaml.YAMLError,
        RuamelError,
        StopIteration,
        ValueError,
        TypeError,
        KeyError,
        ArithmeticError,
    ):
        return None  # what ruamel's whole reading then says is the diagnostic


def _build(events: Any, text: str, limits: Limits) -> Any:
    if type(next(events)) is not yaml.StreamStartEvent:
        raise _Declined
    start = next(events)
    if type(start) is yaml.StreamEndEvent:
        return None  # no document: nothing but comments, or nothing at all
    if type(start) is not yaml.DocumentStartEvent or start.version or start.tags:
        raise _Declined
    # One entry per open collection: [the collection, its pending key and that key's mark (a
    # mapping's), whether it is written in flow style, the keys as written so far (a mapping's)].
    stack: list[list[Any]] = []
    document: Any = None
    values = 0
    for event in events:
        kind = type(event)
        values += 1
        if values > limits.values:
            raise _Declined
        if kind is yaml.ScalarEvent:
            value: Any = _scalar(event, text, limits)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Declined
            value = CommentedMap() if kind is yaml.MappingStartEvent else CommentedSeq()
            value._yaml_set_line_col(event.start_mark.line, event.start_mark.column)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            collection, key, _, flow, _ = stack.pop()
            if key is not _NO_KEY:
                raise _Declined  # a key without its value: libyaml never sends this
            if len(collection):  # as ruamel's set_collection_style: an empty one keeps no style
                if flow:
                    collection.fa.set_flow_style()
                else:
                    collection.fa.set_block_style()
            continue
        elif kind is yaml.DocumentEndEvent:
            if stack or type(next(events)) is not yaml.StreamEndEvent:
                raise _Declined  # a second document: ruamel says it expected a single one
            return document
        else:  # an alias, or anything unexpected
            raise _Declined
        if not stack:
            document = value
        else:
            _place(stack[-1], value, event)
        if kind is not yaml.ScalarEvent:
            stack.append([value, _NO_KEY, None, event.flow_style is True, set()])
            if len(stack) > limits.depth:
                raise _Declined
    raise _Declined  # the stream ended inside the document


_NO_KEY = object()


def _place(top: list[Any], value: Any, event: Any) -> None:
    """Put `value` (`event`'s) into the innermost open collection, as ruamel would."""
    collection, key, key_mark = top[0], top[1], top[2]
    mark = event.start_mark
    if type(collection) is CommentedSeq:
        collection._yaml_set_idx_line_col(len(collection), [mark.line, mark.column])
        collection.append(value)
    elif key is _NO_KEY:  # `value` is a key
        if isinstance(value, (CommentedMap, CommentedSeq)):
            raise _Declined  # a complex key (`? [a, b]`)
        written = top[4]
        if value in collection or event.value in written:  # equal values (1, true), or equal texts
            raise _Declined  # written twice: ruamel's reading says which and where (GL103...)
        written.add(event.value)
        top[1], top[2] = value, mark
    else:
        collection._yaml_set_kv_line_col(key, [key_mark.line, key_mark.column, mark.line, mark.column])
        collection[key] = value
        top[1], top[2] = _NO_KEY, None


def _scalar(event: Any, text: str, limits: Limits) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise _Declined
    style = event.style
    if not style:  # plain: resolved by ruamel's resolver, built by its round-trip constructor
        value = event.value
        if not value:
            # nothing written: where ruamel places it depends on the comments around it
            raise _Declined
        if limits.too_long_number(value):
            raise _Declined
        resolved = _RESOLVER.resolve(ScalarNode, value, (True, False))
        tag = str(resolved)  # a ruamel `Tag`, equal to its text but not hashed like it
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _INT and _PLAIN_INT.match(value):
            return int(value)  # what ruamel's construct_yaml_int comes to for these
        build = _builders().get(tag)
        if build is None:
            raise _Declined  # a merge key (<<), a value key (=)
        return build(ScalarNode(resolved, value, event.start_mark, event.end_mark))
    if style == "'" or style == '"':
        return event.value
    written = text[event.start_mark.index : event.end_mark.index]
    if not _BLOCK_INDICATOR.match(written):
        raise _Declined
    if style == "|":
        return LiteralScalarString(event.value)
    return _folded(event.value, written)


@functools.cache
def _builders() -> dict[str, Callable[[ScalarNode], Any]]:
    """The round-trip constructor's own methods for the scalars it keeps the notation of (an
    integer written `0x1F` or `1_000`, a float's precision, a timestamp's separator)."""
    loader = YAML(typ="rt")
    begin_document(loader)
    constructor = loader.constructor
    methods = {
        "bool": constructor.construct_yaml_sbool,
        "int": constructor.construct_yaml_int,
        "float": constructor.construct_yaml_float,
        "timestamp": constructor.construct_yaml_timestamp,
    }
    return {f"tag:yaml.org,2002:{name}": method for name, method in methods.items()}


def begin_document(loader: YAML) -> None:
    """What YAML.load does first (ruamel.yaml 0.18.7 and later keep per-document version info)."""
    try:
        from ruamel.yaml.docinfo import DocInfo, version
    except ImportError:  # older ruamel.yaml: nothing to record
        return
    loader.doc_infos.append(DocInfo(requested_version=version(loader.version)))


def _folded(value: str, written: str) -> FoldedScalarString:
    """A folded scalar as ruamel reads it (it keeps where the lines were folded, `fold_pos`),
    from its own lines (`written`); declined unless ruamel reads the `value` libyaml read."""
    folded = YAML(typ="rt").load(io.StringIO("_: " + written))["_"]
    if type(folded) is not FoldedScalarString or str(folded) != value:
        raise _Declined
    return folded
