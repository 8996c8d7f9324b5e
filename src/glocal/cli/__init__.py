"""Command line: parse arguments, call the pipeline, print, return an exit code.

One function per command here; the grammar is in `arguments`, what is printed as text in `text`.

Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage or I/O failure;
`verify` exits 3 when every signature holds but the issuer is unverified (no trusted key given).
"""

from __future__ import annotations

import gc
import posixpath
import sys
from pathlib import Path
from typing import NoReturn

from glocal import pipeline
from glocal.cli import arguments
from glocal.cli.text import coverage_matrix, print_diagnostics, stats_text, status_text, summary_line
from glocal.diagnostics import Report, Severity, dumps_json

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_UNVERIFIED = 3  # verify: every signature holds, but against no key the verifier trusts


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
        print_diagnostics(result.report, args.format)
        if args.format == "text":
            if result.summaries:
                print()
                print(coverage_matrix(result.summaries))
            print()
            print(summary_line(result.report))
    return _report_exit_code(result.report, args.strict)


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
                    "recorded": result.recorded,
                }
            )
        )
    else:
        print_diagnostics(report, args.format, sys.stderr)
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
        for lock in result.recorded:  # a file of the project, written: said, as `adapt accept` says it
            print(f"recorded new fills as reviewed against the current core in {lock}")
        print(summary_line(report), file=sys.stderr)
    if not result.usable:
        return EXIT_USAGE
    code = _report_exit_code(report)
    return code if code else (EXIT_ERRORS if result.failed else EXIT_OK)


def cmd_import(root: Path, args) -> int:
    into = root / args.into if args.into else root  # relative to -C DIR, as with git -C
    if into.exists() and not into.is_dir():
        print(f"glocal: error: --into {args.into}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    if args.translation:
        if args.update:
            print("glocal: error: --translation and --update: give one", file=sys.stderr)
            return EXIT_USAGE
        outcome = pipeline.import_translation(into, root / args.lesson, args.lang)
    elif args.lang:
        print("glocal: error: --lang goes with --translation", file=sys.stderr)
        return EXIT_USAGE
    else:
        outcome = pipeline.import_workbench(into, root / args.lesson, update=args.update)
    return _print_outcome(outcome)


def cmd_new(root: Path, args) -> int:
    if args.kind == "module":
        outcome = pipeline.new_module(root, args.id, args.title)
    elif args.kind == "page":
        outcome = pipeline.new_page(root, args.path, args.title)
    else:
        languages = [code.strip() for code in args.languages.split(",") if code.strip()]
        outcome = pipeline.new_region(root, args.id, languages, args.name)
    return _print_outcome(outcome)


def _print_outcome(outcome) -> int:
    """What a scaffold or import command did, and what to do next."""
    _print_written(outcome.diagnostics, outcome.created, outcome.changed)
    if outcome.next_steps:
        print("next:")
        for step in outcome.next_steps:
            print(f"  - {step}")
    errors = any(d.level is Severity.ERROR for d in outcome.diagnostics)
    return EXIT_USAGE if errors else EXIT_OK


def _print_written(diagnostics, created, updated) -> None:
    """A command's problems (on stderr), then the files it created and those it updated."""
    print_diagnostics(diagnostics, "text", sys.stderr)
    for path in created:
        print(f"created {path}")
    for path in updated:
        print(f"updated {path}")


def cmd_adapt(root: Path, args) -> int:
    done = pipeline.accept(root, args.region, args.scope)
    print_diagnostics(done.diagnostics, "text", sys.stderr)
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
        which = f"fills of {args.scope}" if args.scope else "fills"
        print(f"nothing to record: {args.region}'s {which} were already reviewed against the current core")
    return EXIT_OK


def cmd_status(root: Path, args) -> int:
    found = pipeline.status(root, args.region, args.jobs)
    if found.usage_error:
        print_diagnostics(found.diagnostics, "text", sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(dumps_json(found.to_json(args.todo)))
    else:
        print(status_text(found, args.todo))
    return EXIT_ERRORS if found.blocking else EXIT_OK


def cmd_explain(root: Path, args) -> int:
    found = pipeline.explain(root, args.site, args.page, args.jobs)
    if found.usage_error:
        print_diagnostics(found.diagnostics, "text", sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(dumps_json(found.to_json()))
        return EXIT_OK
    print_diagnostics(sorted(found.diagnostics, key=lambda d: d.sort_key()), "text", sys.stderr)
    if found.others:
        print(
            f"({found.others} problem(s) in other regions' files or other languages' catalogs "
            "not shown: glocal check lists them)",
            file=sys.stderr,
        )
    print(found.text())
    return EXIT_OK


def cmd_i18n(root: Path, args) -> int:
    if args.action == "merge":
        return _merge_files(root, args)
    project, problems = pipeline.load(root)
    if project.program is None:
        print_diagnostics(problems, "text", sys.stderr)
        return EXIT_USAGE
    if args.action == "stats":
        return _stats(project, args)
    if args.action == "align":
        return _align(root, project, args)
    if args.action == "extract":
        written = pipeline.i18n_extract(project)
    else:
        written = pipeline.i18n_update(project, args.lang, args.compendium, not args.no_memory, args.jobs)
    _print_written(written.diagnostics, written.created, written.updated)
    print(f"{len(written.unchanged)} file(s) unchanged")
    if any(d.code == "GL315" for d in written.diagnostics):
        return EXIT_USAGE
    return EXIT_ERRORS if written.diagnostics else EXIT_OK


def _align(root: Path, project, args) -> int:
    """`glocal i18n align SOURCE TRANSLATION [SOURCE TRANSLATION]... --lang L`."""
    if len(args.files) % 2:
        print(
            "glocal: error: i18n align: give each SOURCE with its TRANSLATION (an even number)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    pairs = [  # SOURCE as the project names it, TRANSLATION as given (for the comments)
        (posixpath.normpath(source.replace("\\", "/")), root / translation, translation)
        for source, translation in zip(args.files[::2], args.files[1::2], strict=True)
    ]
    done, problems = pipeline.i18n_align(project, pairs, args.lang)
    if done is None:
        print_diagnostics(problems, "text", sys.stderr)
        return EXIT_USAGE
    written = done.written
    _print_written(written.diagnostics, written.created, written.updated)
    print(done.summary(args.lang))
    for line in done.report:
        print(f"  {line}")
    return EXIT_ERRORS if written.diagnostics else EXIT_OK


def _stats(project, args) -> int:
    collected = pipeline.i18n_stats(project, args.lang, args.jobs)
    print_diagnostics(collected.diagnostics, "text", sys.stderr)
    if any(d.code == "GL315" for d in collected.diagnostics):
        return EXIT_USAGE
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
    text = stats_text(collected)
    if text:
        print(text)
    return EXIT_ERRORS if collected.diagnostics else EXIT_OK


def _merge_files(root: Path, args) -> int:
    for name in (args.definitions, args.reference):
        if not (root / name).is_file():  # a missing input is a usage error (2), not a finding (1)
            print(f"glocal: error: {name}: no such file", file=sys.stderr)
            return EXIT_USAGE
    problems = pipeline.i18n_merge(root, args.definitions, args.reference, args.output)
    print_diagnostics(problems, "text", sys.stderr)
    return EXIT_ERRORS if any(d.level is Severity.ERROR for d in problems) else EXIT_OK


def cmd_serve(root: Path, args) -> int:
    def started(first: pipeline.Preview) -> None:
        print_diagnostics(first.report, "text", sys.stderr)
        print(f"serving {args.site} at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)

    def rebuilt(result: pipeline.Preview) -> None:
        print_diagnostics(result.report, "text", sys.stderr)
        print(f"rebuilt {args.site}: {summary_line(result.report)}", file=sys.stderr)

    first = pipeline.serve(root, args.site, args.host, args.port, started, rebuilt, args.provenance)
    if any(d.code in ("GL001", "GL404") for d in first.report.diagnostics):
        print_diagnostics(first.report, "text", sys.stderr)
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
    print_diagnostics(result.diagnostics, "text", sys.stderr)
    if result.path is None:
        print("no pack written", file=sys.stderr)
        return EXIT_USAGE if result.usage_error else EXIT_ERRORS
    print(
        f"pack {result.path}"
        + (" (it replaces the previous pack of this site and cohort)" if result.replaced else "")
    )
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
        args.at,
    )
    print_diagnostics(result.diagnostics, "text", sys.stderr)
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


COMMANDS = {
    "check": cmd_check,
    "build": cmd_build,
    "new": cmd_new,
    "import": cmd_import,
    "adapt": cmd_adapt,
    "status": cmd_status,
    "explain": cmd_explain,
    "i18n": cmd_i18n,
    "serve": cmd_serve,
    "pack": cmd_pack,
    "keygen": cmd_keygen,
    "verify": cmd_verify,
}


def run_and_exit() -> NoReturn:
    """The `glocal` command and `python -m glocal`: `main`, then exit with its code.

    What is left in memory is frozen out of the garbage collector first: the interpreter's last
    collection at exit walked the whole heap, 0.22-0.27 s after a cold build of the sample had
    written its last file (some 6% of the build), and the operating system frees that memory
    anyway. Objects in reference cycles then get no finalizer at exit, which Python does not
    promise either; every file Glocal writes is closed before `main` returns, and temporary
    folders are removed by their own exit handlers, which still run.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = arguments.parser()
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
        run = COMMANDS.get(command)
        if run is not None:
            return run(root, args)
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
