"""Seeded mutations of a project for fuzzing `check`: shared by tests/fuzz and bench/fuzz_check.py.

A case copies a pristine project, applies one to three mutations to its YAML, Markdown and PO
files (or replaces one by a symbolic link out of the project), runs `glocal.pipeline.check`
in-process and records what went wrong: an exception that escaped, a diagnostic without a known
code or a path, or text from outside the project in a diagnostic or a composed page.
"""

from __future__ import annotations

import random
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from glocal.diagnostics import CODES
from glocal.pipeline import check

#: Written into every file outside the project; it must never come back in what check returns.
SECRET = "fuzzsecret"
SUFFIXES = (".yml", ".md", ".po")

Mutation = Callable[[random.Random, bytes], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _at_line(rng: random.Random, data: bytes, insert: bytes) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines) + 1)
    return b"\n".join(lines[:index] + [insert] + lines[index:])


def delete_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    return b"\n".join(lines[: index + 1] + [lines[index]] + lines[index + 1 :])


def swap_chars(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data
    index = rng.randrange(len(data) - 1)
    return data[:index] + data[index + 1 : index + 2] + data[index : index + 1] + data[index + 2 :]


def delete_chars(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 40) :]


FENCES = [
    b":::",
    b"::: facilitator",
    b"::: slot case-study",
    b"::: fill case-study",
    b":::: activity {duration=15}",
    b"::: activity {duration=" + b"9" * 5000 + b"}",
    b"::: activity {duration=\xc2\xb2}",
    b"::: {#x .y}",
    b"::: activity {duration=20",
    b"::: teachback {duration=0}",
    b"::: slot",
    b"::::::",
]


def insert_fence(rng: random.Random, data: bytes) -> bytes:
    return _at_line(rng, data, rng.choice(FENCES))


def huge_number(rng: random.Random, data: bytes) -> bytes:
    number = rng.choice([b"9" * 5000, b"-" + b"1" * 4400, b"0x" + b"f" * 5000, b"1e99999", b"1_000" * 1000])
    lines = _lines(data)
    index = rng.randrange(len(lines))
    line = lines[index]
    if b": " in line:
        lines[index] = line.split(b": ", 1)[0] + b": " + number
    else:
        lines.insert(index, b"duration: " + number)
    return b"\n".join(lines)


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([70, 300, 3000])
    kind = rng.randrange(6)
    if kind == 0:
        nested = b"deep: " + b"[" * depth + b"]" * depth
    elif kind == 1:
        nested = b"deep: " + b"{a: " * depth + b"x" + b"}" * depth
    elif kind == 2:
        nested = b"deep:\n" + b"\n".join(b"  " * i + b"a:" for i in range(1, min(depth, 1200)))
    elif kind == 3:
        nested = b"::: facilitator\n" * depth + b":::\n" * rng.randrange(depth + 1)
    elif kind == 4:
        nested = b"> " * depth + b"quote"
    else:
        nested = b"\n".join(b"  " * i + b"- item" for i in range(min(depth, 400)))
    return _at_line(rng, data, nested)


def heavy_markup(rng: random.Random, data: bytes) -> bytes:
    """Inline punctuation the Markdown parsers pay for character by character (GL124, GL332)."""
    unit = rng.choice([b"[", b"<", b"![", b"[^", b"&", b":", b"*a", b"[x](y) ", b"[t]{.a", b".a"])
    count = rng.choice([501, 5_000, 60_000])
    return _at_line(rng, data, b"Text " + unit * count)


def many_blocks(rng: random.Random, data: bytes) -> bytes:
    """Runs of tiny blocks markdown-it-py pays for token by token (GL124); in a catalog,
    translations that add blocks (GL335) or are far longer than their source (GL332)."""
    if b'msgstr "' in data:
        unit = rng.choice([b"\\n\\n", b"# ", b"- ", b"> ", b"::: fill case-study\\n", b"x"])
        return data.replace(b'msgstr "', b'msgstr "' + unit * rng.choice([1, 5_000]), rng.randrange(1, 20))
    unit = rng.choice([b"x\n\n", b"- x\n", b"> x\n", b"|x", b"*a* ", b":   d\n", b"[t]{#t}\n:   d\n\n"])
    return _at_line(rng, data, unit * rng.choice([1_000, 20_000, 60_000]))


def alias_bomb(rng: random.Random, data: bytes) -> bytes:
    bomb = b"bomb:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        b"  %s: &%s [" % (c, c) + b", ".join([b"*" + p] * 10) + b"]\n"
        for p, c in zip([bytes([x]) for x in b"abcdefgh"], [bytes([x]) for x in b"bcdefghi"], strict=True)
    )
    return _at_line(rng, data, bomb)


def non_utf8(rng: random.Random, data: bytes) -> bytes:
    index = rng.randrange(len(data) + 1)
    return (
        data[:index]
        + rng.choice([b"\xff", b"\xfe\xff", b"\x80\x80", b"\xc3", b"\xed\xa0\x80"])
        + data[index:]
    )


def control_chars(rng: random.Random, data: bytes) -> bytes:
    index = rng.randrange(len(data) + 1)
    return (
        data[:index]
        + rng.choice([b"\x00", b"\r", b"\t", b"\x1b[31m", b"\xef\xbb\xbf", b"\xe2\x80\xae"])
        + data[index:]
    )


TEMPLATES = [
    b"{{ region.name }}",
    b"{{ vars.nope }}",
    b"{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
    b"{{ 'x' * 999999999 }}",
    b"{{ 9 ** 99999999 }}",
    b"{% if %}",
    b"{{ ''.__class__.__mro__ }}",
    b"{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    b"{{ region.name | center(999999999) }}",
    b"{{",
    b"{%",
    b"{## unclosed comment",
]


def template(rng: random.Random, data: bytes) -> bytes:
    return _at_line(rng, data, rng.choice(TEMPLATES))


SYNTAX = [
    b": ",
    b"- ",
    b"&a",
    b"*a",
    b"*nowhere",
    b"!!python/object/apply:os.system ['true']",
    b"!!binary x",
    b"\t",
    b"---",
    b"...",
    b"'",
    b'"',
    b"? ",
    b"|",
    b"%YAML 1.1",
    b'msgid "x"',
    b'msgstr[0] "y"',
    b'msgstr "unterminated',
    b"#, fuzzy",
    b'"\\q"',
    b"<script>alert(1)</script>",
    b"[x](javascript:alert(1))",
    b"![](../../../../etc/passwd)",
    b"[long](" + b"a" * 300 + b".md)",
    b"![long](../assets/" + b"b" * 5000 + b".svg)",
    b"[nul](a%00b.md)",
    b"id: " + b"a" * 300,
    b"[^1]",
    b"```",
    # raw HTML images (knitr's plots: their src is a link, their alt a message) and printed output
    b'<img src="../../../etc/passwd" alt="a plot" />',
    b"<img src=fig/x.png alt='unclosed",
    b'<img alt="' + b"a" * 3000 + b'" src="x.png">',
    b"<IMG SRC=javascript:alert(1) ALT=x>",
    b'<img src="" alt=""><img alt="<b>x</b>" src=y.png>',
    b"``` output",
    b'```{.error title="x"}',
    b"id: ",
    b"name:",
    b"slots: 5",
    b"languages: []",
    b"duration: -5",
    b"duration: abc",
    b"modules: all",
    b"levels: {0: a, 99: b}",
]


def syntax_junk(rng: random.Random, data: bytes) -> bytes:
    junk = rng.choice(SYNTAX)
    if rng.random() < 0.5:
        return _at_line(rng, data, junk)
    index = rng.randrange(len(data) + 1)
    return data[:index] + junk + data[index:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def empty(rng: random.Random, data: bytes) -> bytes:
    return rng.choice([b"", b"\n", b"---\n", b"---\n---\n", b"null", b"[]", b"42"])


def crlf(rng: random.Random, data: bytes) -> bytes:
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r"]))


MUTATIONS: dict[str, Mutation] = {
    "delete-line": delete_line,
    "duplicate-line": duplicate_line,
    "swap-chars": swap_chars,
    "delete-chars": delete_chars,
    "insert-fence": insert_fence,
    "huge-number": huge_number,
    "deep-nesting": deep_nesting,
    "heavy-markup": heavy_markup,
    "many-blocks": many_blocks,
    "alias-bomb": alias_bomb,
    "non-utf8": non_utf8,
    "control-chars": control_chars,
    "template": template,
    "syntax-junk": syntax_junk,
    "truncate": truncate,
    "empty": empty,
    "crlf": crlf,
}


def make_outside(folder: Path) -> Path:
    """Files outside the project for symbolic links to point at, each holding SECRET."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secret.md").write_text(
        f"---\nid: {SECRET}\ntitle: {SECRET}\n---\n{SECRET}\n::: fill case-study\n{SECRET}\n:::\n",
        encoding="utf-8",
    )
    (folder / "secret.yml").write_text(f"{SECRET}: [\nid: {SECRET}\nname: {SECRET}\n", encoding="utf-8")
    (folder / "secret.po").write_text(
        f'{SECRET} "x"\nmsgid "{SECRET}"\nmsgstr "{SECRET}"\n', encoding="utf-8"
    )
    (folder / "dir").mkdir(exist_ok=True)
    (folder / "dir" / "secret.svg").write_text(f"<svg>{SECRET}</svg>", encoding="utf-8")
    return folder


def link_out(rng: random.Random, root: Path, files: list[Path], outside: Path, catalogs: bool) -> str:
    """Replace a source file by a link out of the project, or add a linked folder."""
    choices = [f for f in files if catalogs or f.suffix != ".po"]
    if rng.random() < 0.3 or not choices:
        parent = rng.choice(
            ["curriculum/assets", "curriculum/modules", "toolkits/regions", "toolkits/ttt", "locales/da"]
        )
        link = root / parent / f"linked-{rng.randrange(1000)}"
        if link.exists() or link.is_symlink():
            return "link-out (skipped)"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(rng.choice([outside, outside / "dir", Path("/etc")]))
        return f"link-out {link.relative_to(root).as_posix()}"
    victim = rng.choice(choices)
    target = outside / {".yml": "secret.yml", ".md": "secret.md", ".po": "secret.po"}[victim.suffix]
    victim.unlink()
    victim.symlink_to(target)
    return f"link-out {victim.relative_to(root).as_posix()}"


@dataclass
class Outcome:
    case: int
    mutations: list[str]
    seconds: float
    error: str | None = None  # a traceback that escaped check()
    malformed: list[str] = field(default_factory=list)  # diagnostics without a known code or a path
    leaked: list[str] = field(default_factory=list)  # where SECRET came back


def mutate(root: Path, rng: random.Random, outside: Path, catalogs: bool = True) -> list[str]:
    """One to three mutations of the project's source files; returns what was done."""
    files = sorted(
        p
        for folder in ("curriculum", "toolkits", "locales")
        for p in (root / folder).rglob("*")
        if p.suffix in SUFFIXES and p.is_file() and not p.is_symlink() and "templates" not in p.parts
    )
    done = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.12:
            done.append(link_out(rng, root, files, outside, catalogs))
            files = [f for f in files if not f.is_symlink()]
            continue
        # a kind first, then a file: the many PO files must not crowd out YAML and Markdown
        suffix = rng.choice([x for x in SUFFIXES if any(f.suffix == x for f in files)])
        path = rng.choice([f for f in files if f.suffix == suffix])
        name = rng.choice(sorted(MUTATIONS))
        path.write_bytes(MUTATIONS[name](rng, path.read_bytes()))
        done.append(f"{name} {path.relative_to(root).as_posix()}")
    return done


def run_case(
    pristine: Path, work: Path, outside: Path, seed: int, case: int, catalogs: bool = True
) -> Outcome:
    """Copy `pristine` to `work`, mutate it (seeded by seed and case), run check, judge the result."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work, symlinks=True)
    rng = random.Random(f"{seed}:{case}")
    mutations = mutate(work, rng, outside, catalogs)
    start = time.monotonic()
    outcome = Outcome(case, mutations, 0.0)
    try:
        result = check(work)
    except (Exception, SystemExit):  # whatever escapes check() is the finding
        outcome.error = traceback.format_exc()
        outcome.seconds = time.monotonic() - start
        return outcome
    outcome.seconds = time.monotonic() - start
    for diagnostic in result.report.diagnostics:
        if (
            diagnostic.code not in CODES
            or not isinstance(diagnostic.span.path, str)
            or not diagnostic.span.path
        ):
            outcome.malformed.append(repr(diagnostic))
        text = diagnostic.to_text() + " " + " ".join(r.span.path for r in diagnostic.related)
        if SECRET in text:
            outcome.leaked.append(text)
    for key, composed in result.composed.items():
        pages = [composed.home, composed.notes, *(p.markdown for p in composed.pages)]
        pages += [extra.markdown for extra in composed.ttt + composed.further]
        if any(SECRET in page for page in pages):
            outcome.leaked.append(f"composed site {key}")
    return outcome


def trimmed_sample(copy_sample: Callable[[Path], Path], dest: Path) -> Path:
    """The sample with two regions (four sites): the same kinds of files, half the work per check."""
    root = copy_sample(dest)
    for region in ("benelux", "vietnam"):
        shutil.rmtree(root / "toolkits" / "regions" / region)
    for language in ("nl", "vi"):
        shutil.rmtree(root / "locales" / language)
    return root
