"""Glocal: a global core curriculum, regional overlays, one facilitator site per region and language."""

__version__ = "0.1.0"
