"""Localization: segmentation, catalogs, merge, in-place application, statistics and checks."""
