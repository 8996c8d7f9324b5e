"""What the commands print as text: diagnostics, the check's coverage matrix, a region's to-do
list and catalog statistics. Each returns (or prints) text; the commands decide where it goes."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from glocal import pipeline
from glocal.diagnostics import Diagnostic, Report, Severity, shown

#: How many diagnostics of one code in one file are printed (JSON output has them all): a
#: roster exported wrongly, or a catalog from another project, can give one per line.
SHOWN_PER_FILE_AND_CODE = 20


def print_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str, stream=None) -> None:
    """Each diagnostic on its line (`fmt` "github": as a GitHub Actions annotation).

    Past `SHOWN_PER_FILE_AND_CODE` of one code in one file, the rest are counted, not printed:
    one line per such file and code says how many more there are, and on which lines."""
    stream = stream or sys.stdout
    seen: Counter[tuple[str, str]] = Counter()
    lines: dict[tuple[str, str], list[int]] = {}
    for diagnostic in diagnostics:
        key = (diagnostic.span.path, diagnostic.code)
        seen[key] += 1
        if seen[key] > SHOWN_PER_FILE_AND_CODE:
            lines.setdefault(key, [])
            if diagnostic.line is not None:
                lines[key].append(diagnostic.line)
            continue
        print(diagnostic.to_github() if fmt == "github" else diagnostic.to_text(), file=stream)
    for (path, code), numbers in lines.items():
        more = seen[(path, code)] - SHOWN_PER_FILE_AND_CODE
        where = f" (lines {min(numbers):,} to {max(numbers):,})" if numbers else ""
        print(shown(f"{path}: {more:,} more {code} not shown{where}"), file=stream)


def summary_line(report: Report) -> str:
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


#: How many of a language's missing catalogs the to-do list names (at 500 modules there are 1,000).
MISSING_SHOWN = 5


def status_text(found: pipeline.RegionStatus, to_do: bool = False) -> str:
    """The region's to-do list as text: slots module by module (`to_do`: only those with something
    to do), then the totals, then languages, then the errors."""
    lines = [f"region {found.region}" + (f" ({found.name})" if found.name else "")]
    listed = found.listed(to_do)
    width = max([len(s.slot) for _, _, slots in listed for s in slots] + [4]) + 2
    if to_do and not listed:
        lines += ["", "no slot to act on: none missing, stale or over budget"]
    for module, title, slots in listed:
        lines += ["", f"{module}: {title}"]
        for slot in slots:
            budget = f"at most {slot.max_words} words" if slot.max_words else "no word limit"
            block = f" (its fill block at {slot.at} is empty)" if slot.empty else ""
            if slot.state == "missing":
                note = f"missing: required, {budget}: {slot.brief}{block}"
            elif slot.state == "default":
                note = "default: the core's text is shown" + ("" if slot.required else " (optional)") + block
            else:
                words = f"{slot.words}/{slot.max_words} words" if slot.max_words else f"{slot.words} words"
                marks = [m for m, on in (("stale", slot.stale), ("over budget", slot.over_budget)) if on]
                note = f"{', '.join(marks) or 'filled'}: {words} at {slot.at}"
            lines.append(f"  {slot.slot.ljust(width)}{note}")
            for what, diff in slot.readable_changes():
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
    sites = max([len(lang.site) + 2 for lang in found.languages] + [12])
    for lang in found.languages:
        catalogs = f"{len(lang.missing_catalogs)} missing catalog(s)"
        if lang.missing_catalogs:
            catalogs += ": " + ", ".join(lang.missing_catalogs[:MISSING_SHOWN])
        if len(lang.missing_catalogs) > MISSING_SHOWN:
            catalogs += f" and {len(lang.missing_catalogs) - MISSING_SHOWN} more (--format json lists all)"
        lines.append(
            f"  {lang.site.ljust(sites)}{lang.status.ljust(9)}"
            f"{pipeline.plain_percent(lang.translated)} translated, "
            f"{lang.fuzzy} fuzzy, {lang.untranslated} untranslated, "
            + (f"{lang.new} not in a catalog yet, " if lang.new else "")
            + catalogs
        )
    if found.diagnostics:
        lines += ["", *(d.to_text() for d in sorted(found.diagnostics, key=lambda d: d.sort_key()))]
    return "\n".join(lines)


def stats_text(collected: pipeline.I18nStats) -> str:
    """Strings and words per catalog, translated, fuzzy and untranslated, with a total per
    language (empty when there is no catalog)."""
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

    lines = []
    for language, files in collected.files.items():
        total = collected.language_total(language)
        words = total.words + total.new_words
        share = total.translated_words / words if words else 1.0
        lines += [f"{language}: {pipeline.plain_percent(share)} of words translated", header, columns]
        lines += [row(path, counts) for path, counts in files.items()]
        lines.append(row("total", total))
        if total.new:
            lines.append(
                f"and {total.new} source message(s), {total.new_words} words, not in the catalogs yet "
                "(run: glocal i18n update)"
            )
        lines.append("")
    return "\n".join(lines)
