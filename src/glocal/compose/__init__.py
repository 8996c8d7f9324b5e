"""Pure composition: core + a region's overlays + catalogs + labels → the Markdown of one site."""

from glocal.compose.site import ComposedSite, SiteInputs, compose_site

__all__ = ["ComposedSite", "SiteInputs", "compose_site"]
