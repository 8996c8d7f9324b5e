"""How a text's containers are written for MkDocs Material: admonitions, content tabs, notes.

A fenced div becomes an admonition of its kind (a challenge, a solution collapsed inside it, a
facilitator note with an anchor the notes page links back to), a `::: tab` group becomes
`pymdownx.tabbed` tabs, and a code block of what a command printed gets its title. Names and
titles go into Markdown escaped (`text`, `link_text`), so a region or label shows as written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from glocal import l10n
from glocal.i18n.ui import Labels
from glocal.markdown.blocks import ATTR_LIST, Container, ParsedText
from glocal.markdown.dialect import indent, quoted
from glocal.model import NOTE_CONTAINERS, TAB_CONTAINERS, Region

#: container name → (admonition type, label key, marker). `???+` is collapsible and open.
ADMONITIONS: dict[str, tuple[str, str, str]] = {
    "facilitator": ("facilitator", "facilitator_note", "???+"),
    "instructor": ("facilitator", "facilitator_note", "???+"),
    "activity": ("activity", "activity", "!!!"),
    "teachback": ("teachback", "teachback", "!!!"),
    "objectives": ("abstract", "objectives", "!!!"),
    "questions": ("question", "questions", "!!!"),
    "keypoints": ("success", "key_points", "!!!"),
    "challenge": ("example", "challenge", "!!!"),
    "solution": ("tip", "solution", "???"),
    "hint": ("tip", "hint", "???"),
    "callout": ("info", "callout", "!!!"),
    "discussion": ("question", "discussion", "!!!"),
    "prereq": ("info", "prerequisite", "!!!"),
    "checklist": ("success", "checklist", "!!!"),
    "testimonial": ("quote", "testimonial", "!!!"),
    "caution": ("warning", "caution", "!!!"),
    "spoiler": ("info", "spoiler", "???"),
}


TIMED = {"activity", "teachback"}  # containers whose `{duration=N}` shows in their title

#: code block class → the label of its title: what a command printed, as Carpentries lessons mark
#: it (```` ```output ````, ```` ```{.error} ````, knitr's ```` ``` warning ````)
PRINTED = {"output": "code_output", "error": "code_error", "warning": "code_warning"}


#: The punctuation that makes inline Markdown (emphasis, code, links and images, sub- and
#: superscript, attribute lists, a heading's closing `#`s, table cells, the `:` that opens an emoji
#: `:name:`), escaped in plain text: the dialect reads any ASCII punctuation escaped as itself
#: (`markdown.escapes`), as CommonMark does. A colon in running text stays as it is.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]{}~^#|]|:(?=[\w+-]+:)|:(?=//))")  # (`://`: no bare URL link)


def text(value: str) -> str:
    """Plain text (a name, a title, a label) for Markdown, shown as written.

    `<`, `>` and `&` become entities, which Markdown keeps as they are: a region named
    `<script>` shows that word, and `R&D` shows as `R&D`, never `R&amp;D`. Inline markup is
    escaped: a region named `Egypt [login](https://…)` shows that, not a link (a name or title
    comes from `region.yml`, `program.yml` or a translator, and is text everywhere).
    """
    return _INLINE_MARKUP.sub(r"\\\1", html.escape(value, quote=False))


def link_text(value: str) -> str:
    """Plain text inside a link's `[...]` or a table cell (its brackets and pipes are escaped)."""
    return text(value)


@dataclass
class Notes:
    """The facilitator notes of a page, for the notes page: (anchor, title, lines) of each note that
    is not inside another note. A note inside a note is in that note's lines already; listing it
    as well repeated its text once for every note around it: with the 32 levels GL120 allows,
    which an untrusted overlay or module can fill, every site's notes page held its text 32
    times (a 474 KiB module: `check` 30 s and 4 GiB; now 8 s and 0.6 GiB)."""

    listed: list[tuple[str, str, list[str]]] = field(default_factory=list)
    count: int = 0  # notes given an anchor so far, nested ones too (anchors stay unique)
    depth: int = 0  # notes being rendered around the current one


@dataclass
class Renderer:
    """Turns the fenced divs of one parsed text into admonitions."""

    parsed: ParsedText
    labels: Labels
    region: Region
    locale: str
    fills: dict[str, tuple[Renderer, Container]] = field(default_factory=dict)
    used_fills: set[str] = field(default_factory=set)
    participant: bool = False  # a participant handout: facilitator notes are left out
    notes: Notes = field(default_factory=lambda: Notes())  # shared with fill renderers
    titled: dict[int, str] | None = None  # line -> the opening fence of a code block, titled

    def note(self, title: str, container: Container) -> list[str]:
        """A facilitator note, with an anchor the site's notes page links back to."""
        if self.participant:
            return []
        notes = self.notes
        notes.depth += 1
        try:
            body = self.inner(container)
        finally:
            notes.depth -= 1
        notes.count += 1
        anchor = f"note-{notes.count}"
        if not notes.depth:
            notes.listed.append((anchor, title, body))
        return [
            "",
            f'<div id="{anchor}" class="glocal-anchor"></div>',
            *self.admonition("facilitator", title, "???+", body, container.col),
        ]

    def range(self, start: int, end: int, containers: list[Container]) -> list[str]:
        if self.parsed.flat:  # GL124: rendering its containers would take more than the bound
            return self.lines(start, end)
        out: list[str] = []
        line = start
        for container in containers:
            if container.open < start or container.open >= end:
                continue
            out.extend(self.lines(line, container.open))
            out.extend(self.container(container))
            line = container.end if container.close is not None else end
        out.extend(self.lines(line, end))
        return out

    def lines(self, start: int, end: int) -> list[str]:
        """The text's lines `start` to `end`, a printed output's code block given its title."""
        lines = self.parsed.lines[start:end]
        if self.titled is None:
            self.titled = printed_titles(self.parsed, self.labels)
        for number in (n for n in self.titled if start <= n < end) if self.titled else ():
            lines[number - start] = self.titled[number]
        return lines

    def inner(self, container: Container) -> list[str]:
        end = container.close if container.close is not None else len(self.parsed.lines)
        return self.range(container.open + 1, end, container.children)

    def admonition(self, kind: str, title: str, marker: str, body: list[str], col: int) -> list[str]:
        pad = " " * col
        body = _outdented(body, col)
        start, end = 0, len(body)
        while start < end and not body[start].strip():
            start += 1
        while end > start and not body[end - 1].strip():
            end -= 1
        body = body[start:end]  # a slice: never the caller's list
        return ["", f'{pad}{marker} {kind} "{quoted(text(title))}"', "", *indent(body, pad + "    "), ""]

    def tabs(self, container: Container) -> list[str]:
        """A lesson's tabs (`::: group-tab` holding `### Windows`, `### macOS`...): each heading
        directly inside starts a tab titled by it, its content up to the next one (Material's
        content tabs); what comes before the first heading stays above them."""
        end = container.close if container.close is not None else len(self.parsed.lines)
        nested = [(c.open, c.close if c.close is not None else end) for c in container.children]
        tokens = self.parsed.tokens
        headings = [
            (token.map[0], token.map[1], " ".join(tokens[index + 1].content.split()))
            for index, token in enumerate(tokens)
            if token.type == "heading_open"
            and token.map
            and container.open < token.map[0] < end
            and not any(start <= token.map[0] <= stop for start, stop in nested)
        ]
        if not headings:
            return self.inner(container)
        pad = " " * container.col
        out = self.range(container.open + 1, headings[0][0], container.children)
        for number, (_, after, heading) in enumerate(headings):
            stop = headings[number + 1][0] if number + 1 < len(headings) else end
            body = _outdented(self.range(after, stop, container.children), container.col)
            title, anchor = _tab_title(heading)
            if anchor:  # `### macOS {#mac}`: a link to #mac still lands on its tab's content
                body = [f'<div id="{html.escape(anchor)}" class="glocal-anchor"></div>', "", *body]
            out += ["", f'{pad}=== "{title}"', "", *indent(body, pad + "    "), ""]
        return out

    def container(self, container: Container) -> list[str]:
        name = container.name
        if name == "slot":
            fill = self.fills.get(container.arg or "")
            if fill is None:
                return self.inner(container)
            renderer, fill_container = fill
            self.used_fills.add(container.arg or "")
            title = self.labels.get("local_adaptation", region=self.region.name)
            return self.admonition("local", title, "!!!", renderer.inner(fill_container), container.col)
        if name == "fill":
            return self.inner(container)
        if name in TAB_CONTAINERS:
            return self.tabs(container)
        if name in NOTE_CONTAINERS:
            return self.note(container.attrs.get("title") or self.labels.get("facilitator_note"), container)
        if name in ADMONITIONS:
            kind, label, marker = ADMONITIONS[name]
            title = container.attrs.get("title") or self.labels.get(label)
            if name in TIMED and str(container.attrs.get("duration", "")).isdigit():
                when = l10n.minutes(int(container.attrs["duration"]), self.locale)
                title = container.attrs.get("title") or self.labels.get(f"{label}_timed", duration=when)
            return self.admonition(kind, title, marker, self.inner(container), container.col)
        # An unknown container (reported by `check`) still shows its content, as a plain note.
        return self.admonition(
            "note", container.attrs.get("title") or name, "!!!", self.inner(container), container.col
        )


def _outdented(body: list[str], col: int) -> list[str]:
    """A container's lines without the indentation of its fence (`col`), to be indented anew."""
    if not col:
        return body
    return [line[col:] if line[:col].strip() == "" else line for line in body]


def _tab_title(heading: str) -> tuple[str, str]:
    """A tab's title from its heading, and the id the heading's attribute list (`### macOS {#mac}`),
    which a tab's title cannot show, gave it (or "")."""
    attrs = ATTR_LIST.search(heading)
    if attrs is None:
        return heading, ""
    anchor = next((part[1:] for part in attrs.group(0).strip("{}: ").split() if part.startswith("#")), "")
    return ATTR_LIST.sub("", heading).strip() or heading, anchor


def printed_titles(parsed: ParsedText, labels: Labels) -> dict[int, str]:
    """The opening fence lines of the code blocks that show what a command printed, each with a
    title (`` ```output title="Output" ``, in the site's language): on a sandpaper site such a
    block is labelled too, and a reader must tell what to type from what comes back."""
    titled: dict[int, str] = {}
    if not any(name in parsed.text for name in PRINTED):  # most texts: no such block, no token walk
        return titled
    for token in parsed.tokens:
        info = token.info.strip()
        name = info[2:-1].strip() if info.startswith("{.") and info.endswith("}") else info
        if token.type != "fence" or not token.map or name not in PRINTED:
            continue
        line = parsed.lines[token.map[0]].rstrip()
        # the option ends at the next quote (superfences has no escape) and Pygments escapes it
        label = " ".join(labels.get(PRINTED[name]).replace('"', "'").split())
        option = f'title="{label}"'
        if line.endswith(info) and info.endswith("}"):
            titled[token.map[0]] = f"{line[:-1].rstrip()} {option}}}"
        elif line.endswith(info):
            titled[token.map[0]] = f"{line} {option}"
    return titled
