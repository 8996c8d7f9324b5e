"""Files → model records plus diagnostics, one module per record kind. Nothing here raises on user content.

This package only re-exports: `records` holds the opening every YAML record shares (read → validate →
duplicates), `validation` the schema engine and `schemas` the schemas, written as code.
"""

from glocal.load.modules import MODULES_DIR, load_module
from glocal.load.pages import CURRICULUM_DIR, load_pages
from glocal.load.program import PROGRAM_PATH, load_program
from glocal.load.project import Loaded, load_project
from glocal.load.regions import REGIONS_DIR, load_overlay, load_region
from glocal.load.ttt import CERTIFICATION_PATH, TTT_DIR, load_certification, load_guides

__all__ = [
    "CERTIFICATION_PATH",
    "CURRICULUM_DIR",
    "MODULES_DIR",
    "PROGRAM_PATH",
    "REGIONS_DIR",
    "TTT_DIR",
    "load_certification",
    "load_guides",
    "load_module",
    "load_overlay",
    "load_pages",
    "load_program",
    "Loaded",
    "load_project",
    "load_region",
]
