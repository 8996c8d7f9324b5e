"""Allow-list sanitizer for page HTML (placeholder until the nh3 policy lands: passes HTML through)."""

from __future__ import annotations


def clean_page(html: str) -> str:
    return html
