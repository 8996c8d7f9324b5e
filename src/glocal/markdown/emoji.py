"""`:white_check_mark:` as ✅, as Pandoc's `emoji` extension shows it (lesson-development-training
marks its answer table's cells so): `pymdownx.emoji` with GitHub's names, which Pandoc's are, and
the character itself, so no image is fetched. Its own extension, so that the settings (Python
functions) stay out of each staged site's `mkdocs.yml`, which stays plain YAML.

The index is read once: `pymdownx.emoji.gemoji` deep-copies its 4,000 names for every Markdown
instance, 3 ms each, and MkDocs alone (a staged site built with `mkdocs build`) makes one per page.
The pattern only reads it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pymdownx.emoji import EmojiExtension, gemoji, to_alt


@cache
def _names() -> dict:
    return gemoji({}, None)


def _index(options: Any, md: Any) -> dict:
    return _names()


def makeExtension(**kwargs: Any) -> EmojiExtension:  # noqa: N802 (Python-Markdown's API)
    return EmojiExtension(**{"emoji_index": _index, "emoji_generator": to_alt, **kwargs})
