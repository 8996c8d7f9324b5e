"""`:white_check_mark:` as ✅, as Pandoc's `emoji` extension shows it (lesson-development-training
marks its answer table's cells so): `pymdownx.emoji` with GitHub's names, which Pandoc's are, and
the character itself, so no image is fetched. Its own extension, so that the settings (Python
functions) stay out of each staged site's `mkdocs.yml`, which stays plain YAML."""

from __future__ import annotations

from typing import Any

from pymdownx.emoji import EmojiExtension, gemoji, to_alt


def makeExtension(**kwargs: Any) -> EmojiExtension:  # noqa: N802 (Python-Markdown's API)
    return EmojiExtension(**{"emoji_index": gemoji, "emoji_generator": to_alt, **kwargs})
