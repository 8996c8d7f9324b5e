"""The command line's grammar: every command, its options and arguments, and their types."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

from glocal import __version__, pipeline


def parser() -> argparse.ArgumentParser:
    """The `glocal` command line: every command with its options and arguments."""
    top = argparse.ArgumentParser(
        prog="glocal", description="Global core curriculum + regional overlays → facilitator sites."
    )
    top.add_argument(
        "-C", dest="directory", metavar="DIR", default=".", help="act on the project in DIR (like git -C)"
    )
    top.add_argument("--version", action="version", version=f"glocal {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="validate, then build every site (or the named ones) and the portal"
    )
    build.add_argument(
        "sites",
        nargs="*",
        metavar="SITE",
        help="sites to build, e.g. nordics/en, or a region's: nordics (default: all)",
    )
    build.add_argument("--out", metavar="DIR", help="output folder (default: DIR/site)")
    _jobs_option(build, "build N sites at once (default: one per CPU core; -j 1 builds one after another)")
    sharding = build.add_mutually_exclusive_group()
    sharding.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="build only the K-th of N size-balanced shares of the sites, without the portal "
        "(for CI runners; assemble the shards' outputs with --from-shards)",
    )
    sharding.add_argument(
        "--from-shards",
        nargs="+",
        metavar="DIR",
        help="assemble the outputs of `build --shard` runs into --out, with the portal and downloads",
    )
    build.add_argument(
        "--format", choices=["text", "json", "github"], default="text", help="how to print diagnostics"
    )

    check = commands.add_parser("check", help="validate and print diagnostics plus the coverage matrix")
    check.add_argument("--format", choices=["text", "json", "github"], default="text", help="output format")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    _jobs_option(check, "check the sites in N processes (default: one per CPU core; the output is the same)")

    i18n = commands.add_parser("i18n", help="translation catalogs: extract, update, align, stats, merge")
    actions = i18n.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("extract", help="write POT templates to locales/templates/")
    update = actions.add_parser("update", help="extract, then create or merge locales/<lang>/**/*.po")
    update.add_argument("--lang", help="only this language")
    update.add_argument(
        "--compendium",
        action="append",
        default=[],
        metavar="FILE.po",
        help="also take translation memory from this catalog (repeatable), like msgmerge --compendium",
    )
    update.add_argument(
        "--no-memory",
        action="store_true",
        help="do not fill new messages from the language's other catalogs",
    )
    _jobs_option(update, "update N languages at once (default: one per CPU core; the catalogs are the same)")
    aligning = actions.add_parser(
        "align",
        help="translations you already have of the project's files, as fuzzy suggestions in their catalogs",
    )
    aligning.add_argument(
        "files",
        nargs="+",
        metavar="SOURCE TRANSLATION",
        help="the project's file (curriculum/modules/ID.md) and a Markdown file that translates it; "
        "as many pairs as you like, aligned in one update",
    )
    aligning.add_argument("--lang", required=True, help="the translation's language")
    stats = actions.add_parser("stats", help="strings and words translated / fuzzy / untranslated")
    stats.add_argument("--lang", help="only this language")
    stats.add_argument("--format", choices=["text", "json"], default="text")
    _jobs_option(
        stats, "count the languages' catalogs in N processes (default: one per core; the output is the same)"
    )
    merge = actions.add_parser(
        "merge", help="merge one catalog with a template, like msgmerge DEF.po REF.pot -o OUT"
    )
    merge.add_argument("definitions", metavar="DEF.po")
    merge.add_argument("reference", metavar="REF.pot")
    merge.add_argument("-o", "--output", required=True, metavar="OUT.po")

    serve = commands.add_parser("serve", help="live preview of one site, rebuilt on every source change")
    serve.add_argument("site", metavar="SITE", help="e.g. nordics/da")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--provenance",
        action="store_true",
        help="show where each block comes from when hovered (as `explain` does); preview only",
    )

    pack = commands.add_parser("pack", help="certification pack for one site and one cohort")
    pack.add_argument("site", metavar="SITE", help="e.g. vietnam/vi")
    pack.add_argument("--roster", required=True, metavar="FILE", help="cohort roster (CSV)")
    pack.add_argument("--cohort", metavar="NAME", help="cohort name (default: the roster's file name)")
    pack.add_argument(
        "--key", metavar="PATH", help="issuer signing key (default: .glocal/keys/issuer-ed25519.key)"
    )
    pack.add_argument("--out", metavar="DIR", help="output folder (default: DIR/dist)")
    _jobs_option(
        pack, "render N of the pack's PDFs at once (default: one per CPU core; the pack is the same)"
    )

    keygen = commands.add_parser(
        "keygen", help="create the issuer's Ed25519 signing key, outside version control"
    )
    keygen.add_argument(
        "--out", metavar="PATH", help="where to write the key (default: .glocal/keys/issuer-ed25519.key)"
    )

    verify = commands.add_parser(
        "verify", help="check a pack's hashes and signatures (or one credential) offline"
    )
    verify.add_argument("file", metavar="PACK.zip", help="a pack, or a credential JSON file / QR payload")
    verify.add_argument(
        "--at",
        metavar="DATE",
        type=_date,
        help="judge the credentials' validity on this day, YYYY-MM-DD (default: today)",
    )
    verify.add_argument(
        "--issuer-key",
        metavar="PUB",
        help="the issuer public key you trust (PEM or multibase), or a trusted issuer profile (JSON)",
    )
    verify.add_argument(
        "--trust",
        metavar="FILE",
        help="trust file: one '<issuer id> <public key multibase>' per line "
        "(default: DIR/.glocal/trusted-issuers.txt if it exists)",
    )

    adapt = commands.add_parser("adapt", help="a region's fills against the core: record a review")
    adapt_actions = adapt.add_subparsers(dest="action", metavar="ACTION", required=True)
    accept = adapt_actions.add_parser(
        "accept", help="record that the region reviewed its fills against the current core (clears GL221)"
    )
    accept.add_argument("region", metavar="REGION")
    accept.add_argument(
        "scope", nargs="?", metavar="MODULE[:SLOT]", help="only this module's fills, or one slot's"
    )

    status = commands.add_parser(
        "status", help="a region's to-do list: each slot filled, default, missing, stale or over budget"
    )
    status.add_argument("region", metavar="REGION")
    status.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    status.add_argument(
        "--todo",
        action="store_true",
        help="list only the slots to act on (missing, stale, over budget); totals and languages as always",
    )
    _jobs_option(status, REUSED_CHECK_JOBS)

    explain = commands.add_parser(
        "explain", help="a site's or page's effective content, block by block, with where each comes from"
    )
    explain.add_argument("site", metavar="SITE", help="region/language, e.g. nordics/da")
    explain.add_argument(
        "page",
        nargs="?",
        metavar="PAGE",
        help="a module id or a page path (index.md, handouts/ID.md, notes.md, ttt/index.md, ttt/ID.md)",
    )
    explain.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    _jobs_option(explain, REUSED_CHECK_JOBS)

    importing = commands.add_parser("import", help="create a programme from another lesson format")
    formats = importing.add_subparsers(dest="lesson_format", metavar="FORMAT", required=True)
    lesson = formats.add_parser(
        "workbench", help="a Carpentries Workbench lesson: episodes copied unchanged, in config.yaml's order"
    )
    lesson.add_argument("lesson", metavar="PATH", help="the lesson's folder (config.yaml, episodes/)")
    lesson.add_argument("--into", metavar="DIR", help="the project folder to create (default: -C's folder)")
    lesson.add_argument(
        "--update",
        action="store_true",
        help="bring a programme imported from the lesson before up to its new version, keeping your changes",
    )
    lesson.add_argument(
        "--translation",
        action="store_true",
        help="the lesson is a translation of the programme's: its text becomes fuzzy translations in the "
        "language's catalogs, for review",
    )
    lesson.add_argument("--lang", help="with --translation: its language (default: the lesson's lang:)")

    new = commands.add_parser("new", help="scaffold a module, a page or a region")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    module = kinds.add_parser("module", help="create curriculum/modules/ID.md and list it in program.yml")
    module.add_argument("id")
    module.add_argument("--title", help="module title (default: from the id)")
    page = kinds.add_parser(
        "page", help="create curriculum/PATH (e.g. learners/setup.md) and list it under pages: in program.yml"
    )
    page.add_argument(
        "path", metavar="PATH", help="the page's path under curriculum/, e.g. learners/setup.md"
    )
    page.add_argument("--title", help="page title (default: from the file name)")
    region = kinds.add_parser(
        "region", help="create toolkits/regions/ID/region.yml and an overlay stub per module, slots listed"
    )
    region.add_argument("id")
    region.add_argument("--languages", required=True, help="comma-separated language codes, e.g. da,nb,en")
    region.add_argument("--name", help="display name (default: from the id)")
    return top


#: `-j`'s help for the commands that take check's result (status, explain).
REUSED_CHECK_JOBS = (
    "check the sites in N processes, as check does (its result is reused when nothing changed)"
)


def _jobs_option(command: argparse.ArgumentParser, help: str) -> None:  # noqa: A002 - argparse's name
    """`-j N` / `--jobs N`: how many processes the command uses."""
    command.add_argument("-j", "--jobs", type=_jobs, metavar="N", help=help)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of sites at once, 1 or more: {text!r}")
    return int(text)


def _shard(text: str) -> pipeline.Shard:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, e.g. 2/4: {text!r}")
    return pipeline.Shard(int(index), int(count))


def _date(text: str) -> datetime:
    """`--at 2026-12-07`: that day, at its start in UTC."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date, YYYY-MM-DD: {text!r}") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
