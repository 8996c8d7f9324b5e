"""The pack's printable documents: HTML from Jinja templates, PDF with WeasyPrint."""

from __future__ import annotations

import base64
import concurrent.futures
import html as html_module
import os
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import markdown
import segno
from jinja2 import Environment, PackageLoader, select_autoescape

from glocal.compose.site import ComposedSite
from glocal.markdown.dialect import REQUIRED_EXTENSIONS
from glocal.markdown.sanitize import URL_SCHEMES, clean_page
from glocal.packs import bounded
from glocal.packs.bounded import QR_COMPRESSED_MAGIC
from glocal.processes import fork_pool

QR_BYTES = 2900  # what a version-40 QR code holds in byte mode with low error correction


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("glocal", "templates"), autoescape=select_autoescape(["html"]))


@lru_cache(maxsize=4)
def _css(name: str) -> str:
    return resources.files("glocal").joinpath(f"templates/pack/{name}").read_text(encoding="utf-8")


def html(template: str, css: str = "pack.css", **values) -> str:
    return _env().get_template(f"pack/{template}").render(css=_css(css), **values)


MAX_WORKERS = 8  # processes a pack renders its PDFs in, unless told (`glocal pack -j N`)


class Printer:
    """Renders a pack's PDFs on every core the process may use.

    `print` hands a document over and returns a ticket at once; `collect` turns every ticket of a
    mapping into its PDF's bytes, in the mapping's order, and records the URLs each document was
    refused in `refused` in that same order: the pack is the same whatever the number of cores.
    A pack renders one long document (the facilitator guide: half the work of a small cohort's
    pack) and many short ones, so the guide is best handed over first. With one core (or
    `workers=1`), each document is rendered in this process when collected. By default at most
    MAX_WORKERS processes (each holds WeasyPrint, its fonts and a document being laid out).

    Never more processes than documents: a forked pool starts all its processes at once, so the
    pool is started when `workers` documents are waiting, or at `collect` with as many processes
    as there are documents (`glocal pack -j 500` for a pack of 60 PDFs starts 60, not 500).
    """

    def __init__(self, root: Path, workers: int | None = None) -> None:
        self.root = Path(root)
        self.workers = workers if workers is not None else min(len(os.sched_getaffinity(0)), MAX_WORKERS)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._waiting: list[Ticket] = []  # handed over before the pool started
        self.processes = 0  # worker processes started (0 while rendering in this process)

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *_exc) -> None:
        self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def print(self, document: str, base_url: Path | None = None) -> Ticket:
        ticket = Ticket(document, base_url)
        if self.workers <= 1:
            return ticket
        if self._pool is not None:
            ticket.future = self._pool.submit(_rendered, document, self.root, base_url)
        else:
            self._waiting.append(ticket)
            if len(self._waiting) >= self.workers:
                self._start()
        return ticket

    def _start(self) -> None:
        """The pool, with one process per waiting document up to `workers`; they are handed over."""
        import weasyprint  # noqa: F401  (imported once here, inherited by the workers)

        self.processes = min(self.workers, len(self._waiting))
        pool = fork_pool(self.processes)  # the workers inherit what is loaded
        self._pool = pool
        for ticket in self._waiting:
            ticket.future = pool.submit(_rendered, ticket.document, self.root, ticket.base_url)
        self._waiting.clear()

    def collect(self, files: Mapping[str, bytes | Ticket], refused: list[str]) -> dict[str, bytes]:
        if self._waiting and self._pool is None:
            if len(self._waiting) > 1:
                self._start()
            else:
                self._waiting.clear()  # one document: rendered here, no process to start
        out: dict[str, bytes] = {}
        for name, value in files.items():
            if isinstance(value, Ticket):
                data, found = (
                    value.future.result()
                    if value.future
                    else _rendered(value.document, self.root, value.base_url)
                )
                refused += found
                value = data
            out[name] = value
        return out


@dataclass(eq=False)
class Ticket:
    """A PDF handed to a `Printer`, not collected yet (`future` set once a worker has it)."""

    document: str
    base_url: Path | None
    future: concurrent.futures.Future | None = None


def _rendered(document: str, root: Path, base_url: Path | None) -> tuple[bytes, list[str]]:
    refused: list[str] = []
    return pdf(document, root, base_url, refused), refused


def pdf(document: str, root: Path, base_url: Path | None = None, refused: list[str] | None = None) -> bytes:
    """Render HTML to PDF; WeasyPrint output is deterministic for the same input.

    WeasyPrint may only read data: URLs and files inside the project `root` (symlinks resolved):
    authored content cannot embed /etc/passwd or a file beside the project, nor fetch from the
    network. What it refused is appended to `refused`.
    """
    from weasyprint import HTML

    fetcher = _project_fetcher(Path(root), refused if refused is not None else [])
    return HTML(
        string=document, base_url=str(base_url) if base_url else None, url_fetcher=fetcher
    ).write_pdf()


_IMAGE_SOURCE = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.I)
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def resolve_sources(document: str, base: Path) -> str:
    """Relative image sources as file URLs from `base`, so the PDF is rendered without a base URL.

    With a base URL WeasyPrint would also turn every relative link (to the site's downloads, say)
    into a link to this machine's copy of the project, and the PDF would differ per checkout; on
    paper such links lead nowhere, so they are left as plain text.
    """
    from urllib.parse import urljoin

    root = Path(base).absolute().as_uri() + "/"

    def absolute(match: re.Match) -> str:
        source = html_module.unescape(match.group(2))
        if not source or source.startswith(("#", "//")) or _HAS_SCHEME.match(source):
            return match.group(0)
        return match.group(1) + html_module.escape(urljoin(root, source), quote=True) + match.group(3)

    return _IMAGE_SOURCE.sub(absolute, document)


#: What a pack's PDFs may embed from the project: images, as pages show them.
EMBEDDABLE = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"})


def embeddable(target: Path, inside: Path) -> bool:
    """Whether a PDF may embed the file `target` (symbolic links resolved): an image inside the
    project, outside any hidden folder. A project also holds what must never leave it, the
    issuer's signing key (`.glocal/keys/`) and git's configuration (`.git/config`, with a CI
    token), and an author who knows the project's path could name them in a page."""
    if not target.is_relative_to(inside) or target.suffix.lower() not in EMBEDDABLE:
        return False
    return not any(part.startswith(".") for part in target.relative_to(inside).parts)


def _project_fetcher(root: Path, refused: list[str]):
    from urllib.parse import unquote, urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher

    inside = root.resolve()

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                target = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
                if embeddable(target, inside):
                    return super().fetch(url, headers)
            elif scheme == "data":
                return super().fetch(url, headers)
            refused.append(url)
            raise ValueError(f"glocal embeds only files inside the project and data: URLs, not {url}")

    return ProjectFetcher(allowed_protocols=["file", "data"])


def _markdown_extensions() -> tuple[list, dict]:
    names, configs = [], {}
    for extension in REQUIRED_EXTENSIONS:
        if isinstance(extension, dict):
            name, config = next(iter(extension.items()))
            names.append(name)
            configs[name] = dict(config)
        else:
            names.append(extension)
    return names, configs


def markdown_html(text: str, anchor: str, further: tuple[str, ...] = ()) -> str:
    """A composed page as HTML for print: ids made unique per page, notes open, site links made internal."""
    names, configs = _markdown_extensions()
    configs.setdefault("toc", {})["permalink"] = False  # no ¶ marks on paper
    # on paper every tab shows: the classic layout puts each title above its content (the
    # alternate one, for the sites' switching, puts all the titles first)
    configs.setdefault("pymdownx.tabbed", {})["alternate_style"] = False
    configs["toc"]["slugify"] = lambda value, separator: (
        f"{anchor}-" + markdown.extensions.toc.slugify_unicode(value, separator)
    )
    body = markdown.markdown(text, extensions=names, extension_configs=configs)
    body = re.sub(r"<details(?![^>]*\bopen\b)", "<details open", body)
    body = re.sub(r'href="(?:\.\./)?modules/([\w-]+)\.md(?:#[^"]*)?"', r'href="#module-\1"', body)
    body = re.sub(r'href="(?:\.\./)?ttt/([\w-]+)\.md(?:#[^"]*)?"', r'href="#ttt-\1"', body)
    for path in further:  # program.yml's pages, in the guide after the modules
        written = re.escape(path)
        body = re.sub(rf'href="(?:\.\./)?{written}(?:#[^"]*)?"', f'href="#{page_anchor(path)}"', body)
    # the allow-list every site page passes (an author's `<link rel="attachment" href=…>` made
    # WeasyPrint attach that file to the PDF), with `file:` URLs left for the URL fetcher to judge
    # (`embeddable`) and report (GL544)
    return clean_page(body, URL_SCHEMES | {"file"})


def page_anchor(path: str) -> str:
    """The guide's anchor of one of program.yml's pages (`learners/setup.md` → `page-learners-setup`)."""
    return "page-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path.removesuffix(".md")).strip("-")


def guide_parts(composed: ComposedSite) -> list[dict]:
    """Home (overview and agenda), every module, the further pages (a glossary...), then the
    Train-the-Trainer section."""
    further = tuple(extra.path for extra in composed.further)
    parts = [
        {
            "anchor": "overview",
            "title": composed.title,
            "html": markdown_html(composed.home, "overview", further),
        }
    ]
    for page in composed.pages:
        parts.append(
            {
                "anchor": f"module-{page.module_id}",
                "title": page.title,
                "html": markdown_html(page.markdown, f"module-{page.module_id}", further),
            }
        )
    for extra in composed.further:
        anchor = page_anchor(extra.path)
        parts.append(
            {"anchor": anchor, "title": extra.title, "html": markdown_html(extra.markdown, anchor, further)}
        )
    for extra in composed.ttt:  # a guide's title is its heading's text, as the site lists it
        anchor = "ttt-" + Path(extra.path).stem
        parts.append(
            {"anchor": anchor, "title": extra.title, "html": markdown_html(extra.markdown, anchor, further)}
        )
    return parts


def qr_data_uri(payload: bytes) -> str | None:
    """An SVG QR code of `payload` (compressed when the plain credential is too large), or None
    when even compressed it is more than the largest QR code holds."""
    if len(payload) > QR_BYTES:
        payload = QR_COMPRESSED_MAGIC + zlib.compress(payload, 9)
    if len(payload) > QR_BYTES:
        return None
    try:
        code = segno.make(payload, error="l", micro=False, mode="byte")
    except segno.encoder.DataOverflowError:  # (QR_BYTES is a little under what version 40 holds)
        return None
    svg = code.svg_inline(scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def qr_payload_to_json(payload: bytes) -> bytes:
    """The credential JSON back from what a QR code holds (bounded: see bounded.py)."""
    return bounded.qr_payload_to_json(payload)
