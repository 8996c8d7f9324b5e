"""The stages as the command line sees them: check, build, preview, pack, and the authoring tasks.

`cli` imports this package and nothing else of Glocal's stages; every function returns data.
"""

from glocal.pipeline.authoring import (
    i18n_extract,
    i18n_merge,
    i18n_stats,
    i18n_update,
    load,
    new_module,
    new_region,
)
from glocal.pipeline.building import BuildResult, Preview, build, preview, serve
from glocal.pipeline.checking import (
    CheckResult,
    SiteSummary,
    check,
    compose,
    select_sites,
    site_inputs,
)
from glocal.pipeline.packing import KeyProblem, NewKey, keygen, pack, verify

__all__ = [
    "BuildResult",
    "CheckResult",
    "KeyProblem",
    "NewKey",
    "Preview",
    "SiteSummary",
    "build",
    "check",
    "compose",
    "i18n_extract",
    "i18n_merge",
    "i18n_stats",
    "i18n_update",
    "keygen",
    "load",
    "new_module",
    "new_region",
    "pack",
    "preview",
    "select_sites",
    "serve",
    "site_inputs",
    "verify",
]
