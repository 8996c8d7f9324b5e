"""Command line: parse arguments, call the pipeline, print, return an exit code.

Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage or I/O failure;
`verify` exits 3 when every signature holds but the issuer is unverified (no trusted key given).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from glocal import __version__, pipeline
from glocal.diagnostics import Report, Severity, dumps_json

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_UNVERIFIED = 3  # verify: every signature holds, but against no key the verifier trusts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glocal", description="Global core curriculum + regional overlays → facilitator sites."
    )
    parser.add_argument(
        "-C", dest="directory", metavar="DIR", default=".", help="act on the project in DIR (like git -C)"
    )
    parser.add_argument("--version", action="version", version=f"glocal {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build", help="validate, then build every site (or the named ones) and the portal"
    )
    build.add_argument(
        "sites", nargs="*", metavar="SITE", help="sites to build, e.g. nordics/en (default: all)"
    )
    build.add_argument("--out", metavar="DIR", help="output folder (default: DIR/site)")
    build.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="build N sites at once (default: one per CPU core; -j 1 builds one after another)",
    )
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
    check.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="check the sites in N processes (default: one per CPU core; the output is the same)",
    )

    i18n = commands.add_parser("i18n", help="translation catalogs: extract, update, stats, merge")
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
    stats = actions.add_parser("stats", help="strings and words translated / fuzzy / untranslated")
    stats.add_argument("--lang", help="only this language")
    stats.add_argument("--format", choices=["text", "json"], default="text")
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
    pack.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="render N of the pack's PDFs at once (default: one per CPU core; the pack is the same)",
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

    importing = commands.add_parser("import", help="create a programme from another lesson format")
    formats = importing.add_subparsers(dest="lesson_format", metavar="FORMAT", required=True)
    lesson = formats.add_parser(
        "workbench", help="a Carpentries Workbench lesson: episodes copied unchanged, in config.yaml's order"
    )
    lesson.add_argument("lesson", metavar="PATH", help="the lesson's folder (config.yaml, episodes/)")
    lesson.add_argument("--into", metavar="DIR", help="the project folder to create (default: -C's folder)")

    new = commands.add_parser("new", help="scaffold a module or a region")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    module = kinds.add_parser("module", help="create curriculum/modules/ID.md and list it in program.yml")
    module.add_argument("id")
    module.add_argument("--title", help="module title (default: from the id)")
    region = kinds.add_parser(
        "region", help="create toolkits/regions/ID/region.yml and an overlay stub per module, slots listed"
    )
    region.add_argument("id")
    region.add_argument("--languages", required=True, help="comma-separated language codes, e.g. da,nb,en")
    region.add_argument("--name", help="display name (default: from the id)")
    return parser


def _print_diagnostics(report: Report, fmt: str, stream=None) -> None:
    stream = stream or sys.stdout
    for diagnostic in report:
        print(diagnostic.to_github() if fmt == "github" else diagnostic.to_text(), file=stream)


def _summary_line(report: Report) -> str:
    return f"{report.errors} error(s), {report.warnings} warning(s), {report.count(Severity.INFO)} note(s)"


def coverage_matrix(summaries: list[pipeline.SiteSummary]) -> str:
    """Sites × slots (filled / default / missing), then core share, translated and status."""
    if not summaries:
        return "no sites"
    slots = list(dict.fromkeys(key for summary in summaries for key in summary.slot_states))
    first = max([len("coverage")] + [len(s) for s in slots]) + 2
    widths = [max(len(s.site), 8) + 2 for s in summaries]
    lines = [
        "coverage".ljust(first) + "".join(s.site.ljust(w) for s, w in zip(summaries, widths, strict=True))
    ]
    for slot in slots:
        lines.append(
            slot.ljust(first)
            + "".join(s.slot_states.get(slot, "-").ljust(w) for s, w in zip(summaries, widths, strict=True))
        )
    lines.append(
        "core share".ljust(first)
        + "".join(
            pipeline.plain_percent(s.core_share).ljust(w) for s, w in zip(summaries, widths, strict=True)
        )
    )
    lines.append(
        "translated".ljust(first)
        + "".join(
            pipeline.plain_percent(s.translated).ljust(w) for s, w in zip(summaries, widths, strict=True)
        )
    )
    lines.append(
        "status".ljust(first) + "".join(s.status.ljust(w) for s, w in zip(summaries, widths, strict=True))
    )
    return "\n".join(line.rstrip() for line in lines)


def _report_exit_code(report: Report, strict: bool = False) -> int:
    if any(d.code in ("GL001", "GL404") for d in report.diagnostics):  # nothing to act on
        return EXIT_USAGE
    if report.errors or (strict and report.warnings):
        return EXIT_ERRORS
    return EXIT_OK


def cmd_check(root: Path, args) -> int:
    result = pipeline.checked(root, args.jobs)
    if args.format == "json":
        print(
            dumps_json(
                {
                    "diagnostics": result.report.to_json_list(),
                    "sites": [s.to_json() for s in result.summaries],
                }
            )
        )
    else:
        _print_diagnostics(result.report, args.format)
        if args.format == "text":
            if result.summaries:
                print()
                print(coverage_matrix(result.summaries))
            print()
            print(_summary_line(result.report))
    return _report_exit_code(result.report, args.strict)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of sites at once, 1 or more: {text!r}")
    return int(text)


def _shard(text: str) -> pipeline.Shard:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, e.g. 2/4: {text!r}")
    return pipeline.Shard(int(index), int(count))


def cmd_build(root: Path, args) -> int:
    out = root / args.out if args.out else None  # relative to -C DIR, as with git -C
    if args.from_shards:
        if args.sites:
            print("glocal build: error: --from-shards assembles every site: name no SITE", file=sys.stderr)
            return EXIT_USAGE
        shards = [root / folder for folder in args.from_shards]
        result = pipeline.assemble(root, shards, out)
    else:
        result = pipeline.build(root, args.sites, out, args.jobs, args.shard)
    report = result.report
    if args.format == "json":
        print(
            dumps_json(
                {
                    "diagnostics": report.to_json_list(),
                    "sites": [s.to_json() for s in result.summaries],
                    "built": result.built,
                    "not_built": result.failed,
                    "skipped": result.skipped,
                }
            )
        )
    else:
        _print_diagnostics(report, args.format, sys.stderr)
        for site in result.built:
            why = result.reasons.get(site)
            print(f"built {result.out / site}/index.html" + (f" ({why})" if why else ""))
        for site, why in result.skipped.items():
            print(f"skipped {site} ({why})")
        for site in result.failed:
            why = "previous output kept" if site in result.kept else "no previous output"
            print(f"not built {site} ({why})", file=sys.stderr)
        if result.portal is not None:
            print(f"portal {result.portal}")
        print(_summary_line(report), file=sys.stderr)
    if not result.usable:
        return EXIT_USAGE
    code = _report_exit_code(report)
    return code if code else (EXIT_ERRORS if result.failed else EXIT_OK)


def cmd_import(root: Path, args) -> int:
    into = root / args.into if args.into else root  # relative to -C DIR, as with git -C
    if into.exists() and not into.is_dir():
        print(f"glocal: error: --into {args.into}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    outcome = pipeline.import_workbench(into, root / args.lesson)
    return _print_outcome(outcome)


def cmd_new(root: Path, args) -> int:
    if args.kind == "module":
        outcome = pipeline.new_module(root, args.id, args.title)
    else:
        languages = [code.strip() for code in args.languages.split(",") if code.strip()]
        outcome = pipeline.new_region(root, args.id, languages, args.name)
    return _print_outcome(outcome)


def _print_outcome(outcome) -> int:
    """What a scaffold or import command did, and what to do next."""
    for diagnostic in outcome.diagnostics:
        print(diagnostic.to_text(), file=sys.stderr)
    for path in outcome.created:
        print(f"created {path}")
    for path in outcome.changed:
        print(f"updated {path}")
    if outcome.next_steps:
        print("next:")
        for step in outcome.next_steps:
            print(f"  - {step}")
    return EXIT_USAGE if outcome.diagnostics else EXIT_OK


def cmd_adapt(root: Path, args) -> int:
    done = pipeline.accept(root, args.region, args.scope)
    for diagnostic in done.diagnostics:
        print(diagnostic.to_text(), file=sys.stderr)
    if done.usage_error:
        return EXIT_USAGE
    if done.failed:
        return EXIT_ERRORS
    for name, before in done.accepted:
        why = "the core changed since the last review" if before == "stale" else "not tracked before"
        print(f"accepted {args.region} {name} ({why})")
    if done.written:
        print(f"updated {done.written}")
    else:
        print(f"nothing to record: {args.region}'s fills were already reviewed against the current core")
    return EXIT_OK


def cmd_status(root: Path, args) -> int:
    found = pipeline.status(root, args.region)
    if found.usage_error:
        for diagnostic in found.diagnostics:
            print(diagnostic.to_text(), file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(dumps_json(found.to_json()))
    else:
        print(status_text(found))
    return EXIT_ERRORS if found.blocking else EXIT_OK


def cmd_explain(root: Path, args) -> int:
    found = pipeline.explain(root, args.site, args.page)
    if found.usage_error:
        for diagnostic in found.diagnostics:
            print(diagnostic.to_text(), file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(dumps_json(found.to_json()))
        return EXIT_OK
    for diagnostic in sorted(found.diagnostics, key=lambda d: d.sort_key()):
        print(diagnostic.to_text(), file=sys.stderr)
    print(found.text())
    return EXIT_OK


def status_text(found: pipeline.RegionStatus) -> str:
    """The region's to-do list as text: slots module by module, then languages, then the errors."""
    lines = [f"region {found.region}" + (f" ({found.name})" if found.name else "")]
    width = max([len(s.slot) for _, _, slots in found.modules for s in slots] + [4]) + 2
    for module, title, slots in found.modules:
        lines += ["", f"{module}: {title}"]
        for slot in slots:
            budget = f"at most {slot.max_words} words" if slot.max_words else "no word limit"
            if slot.state == "missing":
                note = f"missing: required, {budget}: {slot.brief}"
            elif slot.state == "default":
                note = "default: the core's text is shown" + ("" if slot.required else " (optional)")
            else:
                words = f"{slot.words}/{slot.max_words} words" if slot.max_words else f"{slot.words} words"
                marks = [m for m, on in (("stale", slot.stale), ("over budget", slot.over_budget)) if on]
                note = f"{', '.join(marks) or 'filled'}: {words} at {slot.at}"
            lines.append(f"  {slot.slot.ljust(width)}{note}")
            for what, diff in slot.changed:
                lines.append(f"  {''.ljust(width)}  {what} changed in the core:")
                lines += [f"  {''.ljust(width)}    {line[:1]} {line[1:]}".rstrip() for line in diff]
    counts = found.counts()
    lines += [
        "",
        f"slots: {counts['filled']} filled ({counts['stale']} stale, {counts['over_budget']} over budget), "
        f"{counts['default']} default, {counts['missing']} missing",
        "",
        "languages",
    ]
    for lang in found.languages:
        catalogs = f"{len(lang.missing_catalogs)} missing catalog(s)"
        if lang.missing_catalogs:
            catalogs += ": " + ", ".join(lang.missing_catalogs)
        lines.append(
            f"  {lang.site.ljust(12)}{lang.status.ljust(9)}"
            f"{pipeline.plain_percent(lang.translated)} translated, "
            f"{lang.fuzzy} fuzzy, {lang.untranslated} untranslated, {catalogs}"
        )
    if found.diagnostics:
        lines += ["", *(d.to_text() for d in sorted(found.diagnostics, key=lambda d: d.sort_key()))]
    return "\n".join(lines)


def cmd_i18n(root: Path, args) -> int:
    if args.action == "merge":
        return _merge_files(root, args)
    project, problems = pipeline.load(root)
    if project.program is None:
        for diagnostic in problems:
            print(diagnostic.to_text(), file=sys.stderr)
        return EXIT_USAGE
    if args.action == "stats":
        return _stats(project, args)
    if args.action == "extract":
        written = pipeline.i18n_extract(project)
    else:
        written = pipeline.i18n_update(project, args.lang, args.compendium, not args.no_memory)
    for diagnostic in written.diagnostics:
        print(diagnostic.to_text(), file=sys.stderr)
    for path in written.created:
        print(f"created {path}")
    for path in written.updated:
        print(f"updated {path}")
    print(f"{len(written.unchanged)} file(s) unchanged")
    if any(d.code == "GL315" for d in written.diagnostics):
        return EXIT_USAGE
    return EXIT_ERRORS if written.diagnostics else EXIT_OK


def _stats(project, args) -> int:
    collected = pipeline.i18n_stats(project, args.lang)
    if any(d.code == "GL315" for d in collected.diagnostics):
        for diagnostic in collected.diagnostics:
            print(diagnostic.to_text(), file=sys.stderr)
        return EXIT_USAGE
    for diagnostic in collected.diagnostics:
        print(diagnostic.to_text(), file=sys.stderr)
    if args.format == "json":
        print(
            dumps_json(
                {
                    language: {
                        "total": collected.language_total(language).to_json(),
                        "files": {path: counts.to_json() for path, counts in files.items()},
                    }
                    for language, files in collected.files.items()
                }
            )
        )
        return EXIT_ERRORS if collected.diagnostics else EXIT_OK
    width = max([len(p) for files in collected.files.values() for p in files] + [10])
    header = f"{'':{width}} {'strings':>26}   {'words':>26}"
    columns = (
        f"{'catalog':{width}} {'transl.':>8} {'fuzzy':>8} {'untr.':>8}   "
        f"{'transl.':>8} {'fuzzy':>8} {'untr.':>8}"
    )

    def row(name: str, c) -> str:
        return (
            f"{name:{width}} {c.translated:>8} {c.fuzzy:>8} {c.untranslated:>8}   "
            f"{c.translated_words:>8} {c.fuzzy_words:>8} {c.untranslated_words:>8}"
        )

    for language, files in collected.files.items():
        total = collected.language_total(language)
        share = total.translated_words / total.words if total.words else 1.0
        print(f"{language}: {pipeline.plain_percent(share)} of words translated")
        print(header)
        print(columns)
        for path, counts in files.items():
            print(row(path, counts))
        print(row("total", total))
        print()
    return EXIT_ERRORS if collected.diagnostics else EXIT_OK


def _merge_files(root: Path, args) -> int:
    for name in (args.definitions, args.reference):
        if not (root / name).is_file():  # a missing input is a usage error (2), not a finding (1)
            print(f"glocal: error: {name}: no such file", file=sys.stderr)
            return EXIT_USAGE
    problems = pipeline.i18n_merge(root, args.definitions, args.reference, args.output)
    for diagnostic in problems:
        print(diagnostic.to_text(), file=sys.stderr)
    return EXIT_ERRORS if any(d.level is Severity.ERROR for d in problems) else EXIT_OK


def cmd_serve(root: Path, args) -> int:
    def started(first: pipeline.Preview) -> None:
        _print_diagnostics(first.report, "text", sys.stderr)
        print(f"serving {args.site} at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)

    def rebuilt(result: pipeline.Preview) -> None:
        _print_diagnostics(result.report, "text", sys.stderr)
        print(f"rebuilt {args.site}: {_summary_line(result.report)}", file=sys.stderr)

    first = pipeline.serve(root, args.site, args.host, args.port, started, rebuilt, args.provenance)
    if any(d.code in ("GL001", "GL404") for d in first.report.diagnostics):
        _print_diagnostics(first.report, "text", sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_pack(root: Path, args) -> int:
    result = pipeline.pack(
        root,
        args.site,
        Path(args.roster),
        args.cohort,
        Path(args.key) if args.key else None,
        Path(args.out) if args.out else None,
        args.jobs,
    )
    for diagnostic in result.diagnostics:
        print(diagnostic.to_text(), file=sys.stderr)
    if result.path is None:
        print("no pack written", file=sys.stderr)
        return EXIT_USAGE if result.usage_error else EXIT_ERRORS
    print(f"pack {result.path}")
    print(
        f"certified: {len(result.certified)} ({', '.join(result.certified) or 'none'}); "
        f"not yet certified: {len(result.not_certified)} ({', '.join(result.not_certified) or 'none'})"
    )
    return EXIT_OK


def cmd_keygen(root: Path, args) -> int:
    try:
        key = pipeline.keygen(root, Path(args.out) if args.out else None)
    except pipeline.KeyProblem as exc:
        print(exc.diagnostic.to_text() if exc.diagnostic else f"glocal: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"created the issuer signing key {key.path} (keep it secret and out of version control)")
    print(f"public key {key.public_path}: {key.multibase}")
    return EXIT_OK


def cmd_verify(root: Path, args) -> int:
    path = root / args.file
    result = pipeline.verify(
        root,
        Path(args.file),
        Path(args.issuer_key) if args.issuer_key else None,
        Path(args.trust) if args.trust else None,
    )
    for diagnostic in result.diagnostics:
        print(diagnostic.to_text(), file=sys.stderr)
    if result.usage_error:
        print(f"FAILED: {path}", file=sys.stderr)
        return EXIT_USAGE
    if not result.ok:
        print(f"FAILED: {path}", file=sys.stderr)
        return EXIT_ERRORS
    what = (
        f"manifest signature, {result.files} file hashes and {result.credentials} credential proofs"
        if path.suffix == ".zip"
        else "credential proof"
    )
    if result.unverified:
        print(f"UNVERIFIED ISSUER: {path}: {what} valid, but issuer {result.issuer} is not one you trust")
        return EXIT_UNVERIFIED
    print(f"OK: {path}: {what} verified against {result.key_source} (issuer {result.issuer})")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse prints usage itself
        return EXIT_USAGE if exc.code else EXIT_OK
    root = Path(args.directory)
    if not root.is_dir():
        print(f"glocal: error: -C {args.directory}: no such folder", file=sys.stderr)
        return EXIT_USAGE
    command = args.command or "build"
    if command == "build" and args.command is None:
        args = parser.parse_args([*argv, "build"])
    try:
        if command == "check":
            return cmd_check(root, args)
        if command == "build":
            return cmd_build(root, args)
        if command == "new":
            return cmd_new(root, args)
        if command == "import":
            return cmd_import(root, args)
        if command == "adapt":
            return cmd_adapt(root, args)
        if command == "status":
            return cmd_status(root, args)
        if command == "explain":
            return cmd_explain(root, args)
        if command == "i18n":
            return cmd_i18n(root, args)
        if command == "serve":
            return cmd_serve(root, args)
        if command == "pack":
            return cmd_pack(root, args)
        if command == "keygen":
            return cmd_keygen(root, args)
        if command == "verify":
            return cmd_verify(root, args)
    except KeyboardInterrupt:
        print("glocal: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # disk full, permissions: an I/O failure, not a bug
        print(f"glocal: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser.print_help()
    return EXIT_USAGE
