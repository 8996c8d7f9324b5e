"""The root `mkdocs.yml`, read as MkDocs reads it (`INHERIT`, `!ENV`, Python names) without running code.

MkDocs reads its config with PyYAML's full loader, so a `!!python/object/apply:` tag runs any
function at build time. Glocal reads it with PyYAML's safe loader plus what real configs use:
`!ENV`, and `!!python/name:` for callables of the Markdown extensions MkDocs Material documents
(an emoji index, a SuperFences formatter). Any other Python tag is GL017 at its line; an
`INHERIT` that leaves the project, or a chain of them that loops, is GL018.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import yaml
import yaml_env_tag

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import inside

#: Modules whose names a `!!python/name:` tag may refer to (and so import).
ALLOWED_MODULES = ("material", "pymdownx", "markdown")
#: How many `INHERIT` files deep a config may go.
MAX_INHERIT = 8

_PYTHON = "tag:yaml.org,2002:python/"


class UnsafeTag(yaml.constructor.ConstructorError):
    """A tag that would import or run code Glocal does not allow."""


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with MkDocs' `!ENV` and an allow-listed `!!python/name:`."""


def _python_name(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    module_name, _, attribute = suffix.rpartition(".")
    if not module_name or module_name.split(".")[0] not in ALLOWED_MODULES:
        problem = f"`!!python/name:{suffix}` names code outside {', '.join(ALLOWED_MODULES)}"
        raise UnsafeTag(None, None, problem, node.start_mark)
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"cannot find `{suffix}`: {exc}", node.start_mark
        ) from None


def _refuse(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    raise UnsafeTag(None, None, f"the tag `!!python/{suffix}` would run code", node.start_mark)


def _relative(loader: _Loader, node: yaml.Node) -> Any:
    # MkDocs' `!relative` (a page's folder, for pymdownx.snippets): resolved by MkDocs per page, so
    # it is kept as the plain folder name; Glocal's staged pages sit where the tag expects them.
    return loader.construct_scalar(node)


_Loader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_Loader.add_constructor("!relative", _relative)
_Loader.add_multi_constructor(_PYTHON + "name:", _python_name)
_Loader.add_multi_constructor(_PYTHON, _refuse)


def load(root: Path, relpath: str = "mkdocs.yml") -> tuple[dict, list[Diagnostic]]:
    """The config at `relpath` merged over every file it `INHERIT`s, and what went wrong."""
    import mergedeep  # what MkDocs merges INHERIT with

    from glocal.load.files import read_text

    chain: list[str] = []
    merged: dict = {}
    current: str | None = relpath
    layers: list[dict] = []
    where = Span(relpath, 0, 0)
    while current is not None:
        if current in chain or len(chain) >= MAX_INHERIT:
            problem = f"`INHERIT` loops or goes deeper than {MAX_INHERIT} files"
            return {}, [Diagnostic("GL018", problem, where)]
        chain.append(current)
        text, found = read_text(root, current, "GL009")
        if text is None:
            return {}, found
        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
        except UnsafeTag as exc:
            hint = "remove the tag, or name a callable of " + ", ".join(ALLOWED_MODULES)
            return {}, [_at(current, exc, "GL017", hint=hint)]
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            return {}, [_at(current, exc, "GL009")]
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return {}, [Diagnostic("GL009", "mkdocs.yml expected a mapping of settings", Span(current, 0, 0))]
        parent = data.pop("INHERIT", None)
        layers.append(data)
        current = None
        if parent is not None:
            where = Span(chain[-1], 0, 0)
            target = os.path.normpath(os.path.join(os.path.dirname(chain[-1]), str(parent)))
            if not isinstance(parent, str) or target.startswith("..") or not inside(root, root / target):
                problem = f"`INHERIT: {parent}` names a file outside the project"
                return {}, [Diagnostic("GL018", problem, where)]
            current = Path(target).as_posix()
    for layer in reversed(layers):
        merged = mergedeep.merge(merged, layer)
    return merged, []


def _at(path: str, exc: BaseException, code: str, hint: str | None = None) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or str(exc)
    return Diagnostic(code, f"cannot read mkdocs.yml: {problem}", Span(path, line, column), hint=hint)
