"""toolkits/regions/<id>/region.yml → `Region`, and the region's overlays → `Overlay`."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.load import schemas
from glocal.load.files import read_text, split_front_matter
from glocal.load.records import Codes, Loaded, parse_record, read_record
from glocal.load.validation import did_you_mean
from glocal.model import Overlay, Program, Region

REGIONS_DIR = "toolkits/regions"
CODES = Codes("region.yml", syntax="GL201", unknown="GL202", wrong="GL203", missing="GL204")
OVERLAY_CODES = Codes("overlay front matter", syntax="GL218", unknown="GL218", wrong="GL218", missing="GL218")


def load_region(root: Path, folder: str, program: Program | None) -> tuple[Region | None, list[Diagnostic]]:
    """A region, or None when it lacks what a site needs (all reported); bad languages make no site."""
    path = f"{REGIONS_DIR}/{folder}/region.yml"
    if not (root / path).is_file():
        missing = Diagnostic(
            "GL204",
            f"expected {path} for the region folder '{folder}' but found none",
            Span(path),
            hint=f"run: glocal new region {folder} --languages en",
        )
        return None, [missing]
    loaded, diagnostics = read_record(root, path, schemas.REGION, CODES)
    if loaded is None:
        return None, diagnostics
    doc, data, raw = loaded.doc, loaded.data, loaded.raw
    if data.get("id") is not None and data["id"] != folder:
        diagnostics.append(
            Diagnostic(
                "GL213",
                f"region id expected to match its folder '{folder}' but found '{data['id']}'",
                doc.value_span(raw, "id"),
                hint=f"set id: {folder}",
            )
        )
    languages = _languages(loaded, diagnostics)
    locales = _locales(loaded, languages, diagnostics)
    source = data.get("source_language") or (program.source_language if program else None)
    if source and languages and source not in languages:
        diagnostics.append(
            Diagnostic(
                "GL203",
                f"'source_language' expected one of {languages} but found {source!r}",
                doc.value_span(raw, "source_language")
                if "source_language" in raw
                else doc.key_span(raw, "languages"),
                hint="the region's sites include its source language",
            )
        )
    timezone = _timezone(loaded, diagnostics)
    numbering = _numbering(loaded, languages, diagnostics)
    if data.get("id") is None or data.get("name") is None or not languages or not source:
        return None, diagnostics
    region = Region(
        id=folder,
        name=data["name"],
        languages=tuple(languages),
        locales=MappingProxyType(locales),
        source_language=source,
        timezone=timezone,
        day_start=data["day_start"] or "09:00",
        vars=MappingProxyType(dict(data.get("vars") or {})),
        notes=data.get("notes") or "",
        path=path,
        spans=MappingProxyType({key: doc.key_span(raw, key) for key in raw}),
        numbering=MappingProxyType(numbering),
    )
    return region, diagnostics


def _languages(loaded: Loaded, diagnostics: list[Diagnostic]) -> list[str]:
    """The languages CLDR knows; an unknown one is reported (GL205) and makes no site."""
    languages = []
    for index, language in enumerate(loaded.data.get("languages") or []):
        if l10n.problem(language):
            diagnostics.append(
                Diagnostic(
                    "GL205",
                    f"expected a language CLDR knows but found {language!r}",
                    loaded.doc.item_span(loaded.raw.get("languages"), index),
                    hint=did_you_mean(language, l10n.common_languages()),
                )
            )
        else:
            languages.append(language)
    return languages


def _locales(loaded: Loaded, languages: list[str], diagnostics: list[Diagnostic]) -> dict[str, str]:
    """`locales:` for the region's languages; each must be a CLDR locale of its own language (GL206)."""
    locales = dict(loaded.data.get("locales") or {})
    raw = loaded.raw.get("locales") if isinstance(loaded.raw.get("locales"), dict) else {}
    for language, locale in list(locales.items()):
        span = loaded.doc.value_span(raw, language)
        if language not in languages and isinstance(loaded.raw.get("languages"), list):
            # (without a list of languages, GL204 or GL203 says so: not one GL206 per locale)
            diagnostics.append(
                Diagnostic(
                    "GL206",
                    f"locale given for '{language}', which is not one of the region's languages {languages}",
                    loaded.doc.key_span(raw, language),
                )
            )
        if l10n.problem(locale):
            diagnostics.append(
                Diagnostic(
                    "GL206",
                    f"expected a locale CLDR knows for '{language}' but found {locale!r}",
                    span,
                    hint=f"use language_TERRITORY, e.g. {_example_locale(language)}",
                )
            )
            del locales[language]
        elif not l10n.problem(language) and l10n.language_of(locale) != l10n.language_of(language):
            diagnostics.append(
                Diagnostic(
                    "GL206",
                    f"locale for '{language}' expected to be a '{language}' locale but found {locale!r}",
                    span,
                )
            )
    return locales


def _numbering(loaded: Loaded, languages: list[str], diagnostics: list[Diagnostic]) -> dict[str, str]:
    """`numbering:` per language: one choice for all, or a mapping; 'default' entries are left out."""
    value = loaded.data.get("numbering")
    if isinstance(value, str):
        chosen = {language: value for language in languages}
    else:
        chosen = dict(value or {})
        raw = loaded.raw.get("numbering") if isinstance(loaded.raw.get("numbering"), dict) else {}
        for language in list(chosen):
            if language not in languages:
                diagnostics.append(
                    Diagnostic(
                        "GL203",
                        f"numbering given for '{language}', which is not one of the region's languages "
                        f"{languages}",
                        loaded.doc.key_span(raw, language),
                    )
                )
                del chosen[language]
    return {language: system for language, system in chosen.items() if system != "default"}


def _timezone(loaded: Loaded, diagnostics: list[Diagnostic]) -> str | None:
    """The IANA time zone, or None when absent or unknown (GL214)."""
    timezone = loaded.data.get("timezone")
    if not timezone:
        return None
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        diagnostics.append(
            Diagnostic(
                "GL214",
                f"expected an IANA time zone such as Europe/Copenhagen but found {timezone!r}",
                loaded.doc.value_span(loaded.raw, "timezone"),
                hint=did_you_mean(timezone, available_timezones()),
            )
        )
        return None
    return str(timezone)


def _example_locale(language: str) -> str:
    return (not l10n.problem(language) and l10n.likely_locale(l10n.language_of(language))) or "da_DK"


def load_overlay(root: Path, region: str, path: str) -> tuple[Overlay | None, list[Diagnostic]]:
    """A region's overlay of one module: optional front matter (its `duration:`), then fills and notes.

    Broken front matter (never closed, or not YAML) is an error, which blocks the region's sites,
    and the overlay keeps its fills (the whole text, when the front matter never ends): read
    without them, every required slot of the module was reported unfilled too (GL209), at
    the region's region.yml, though the fills were there."""
    text, diagnostics = read_text(root, path, "GL010")
    if text is None:
        return None, diagnostics
    front, problem = split_front_matter(text)
    stem = Path(path).stem
    if problem:
        return Overlay(region, stem, path, front.body, front.body_line), [
            Diagnostic("GL218", problem, Span(path, 0, 0))
        ]
    duration = None
    if front.yaml is not None:
        loaded, diagnostics = parse_record(
            front.yaml, path, schemas.OVERLAY, OVERLAY_CODES, line_offset=front.yaml_line
        )
        if loaded is not None:
            duration = loaded.data.get("duration")
    return Overlay(region, stem, path, front.body, front.body_line, duration), diagnostics
