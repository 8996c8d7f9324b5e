"""What the theme and search can do for each site language (GL405, GL406).

Only the build stage knows the theme, so it passes in what the theme ships.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator

from glocal import l10n
from glocal.diagnostics import Diagnostic
from glocal.model import Project


def check(
    project: Project,
    theme_language: Callable[[str], tuple[str, bool]],
    search_language: Callable[[str], str],
) -> Iterator[Diagnostic]:
    """A warning where the interface uses another language, a note where search stems another."""
    for region in project.regions.values():
        for language in region.languages:
            span = region.span("languages")
            shipped, exact = theme_language(language)
            if not exact:
                yield Diagnostic(
                    "GL405",
                    f"MkDocs Material has no '{language}' interface: {region.id}/{language} uses '{shipped}' "
                    f"for its buttons and labels; the content and <html lang> stay '{language}'",
                    span,
                    hint="add partials/languages/custom.html to a theme custom_dir "
                    "to translate the interface",
                )
            search = search_language(language)
            base = l10n.base_language(language)
            if search != base and not (search == "no" and language in ("nb", "nn")):
                yield Diagnostic(
                    "GL406",
                    f"search has no '{language}' stemmer: "
                    f"{region.id}/{language} searches with '{search}' rules",
                    span,
                )
            elif base == "zh" and importlib.util.find_spec("jieba") is None:
                yield Diagnostic(
                    "GL406",
                    f"search on {region.id}/{language} finds a Chinese word only after a space or a "
                    "punctuation mark: without the jieba package, MkDocs Material does not split "
                    "Chinese text into words",
                    span,
                    hint="pip install 'glocal[chinese]' (jieba) where the sites are built",
                )
