"""Where MkDocs Material keeps what a site's language needs: its UI languages and lunr's.

The theme's installed files are looked up here, beside `glocal.build.sites` (which runs MkDocs)
and `glocal.build.plugin`: the only modules that import MkDocs or the theme.
"""

from __future__ import annotations

from pathlib import Path

from glocal import l10n


def material_dir() -> Path:
    """The installed theme's package folder."""
    import material

    return Path(material.__file__).parent


#: A language the theme does not ship → the closest one it does (by mutual intelligibility).
NEAREST = {
    "nn": "nb",
    "no": "nb",
    "se": "nb",
    "fo": "da",
    "kl": "da",
    "fy": "nl",
    "li": "nl",
    "lb": "de",
    "gsw": "de",
    "rm": "it",
    "co": "fr",
    "oc": "fr",
    "br": "fr",
    "gd": "en",
    "ga": "en",
    "yue": "zh-Hant",
}


def theme_language(language: str) -> tuple[str, bool]:
    """MkDocs Material's UI language for a site language, and whether it is the language itself."""
    languages = material_dir() / "templates" / "partials" / "languages"
    base = l10n.base_language(language)
    for candidate in (l10n.tag(language), base):
        if (languages / f"{candidate}.html").is_file():
            return candidate, candidate == l10n.tag(language) or candidate == base
    nearest = NEAREST.get(base, "en")
    return (nearest if (languages / f"{nearest}.html").is_file() else "en"), False


def search_language(language: str) -> str:
    """lunr's language for search (lunr calls Norwegian `no`); English when lunr lacks it."""
    base = l10n.base_language(language)
    base = {"nb": "no", "nn": "no"}.get(base, base)
    lunr = material_dir() / "templates" / "assets" / "javascripts" / "lunr" / "min"
    return base if base == "en" or (lunr / f"lunr.{base}.min.js").is_file() else "en"
