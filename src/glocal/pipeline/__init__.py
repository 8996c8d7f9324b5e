"""The stages as the command line sees them: check, build, preview, pack, and the authoring tasks.

`cli` imports this package and nothing else of Glocal's stages; every function returns data.
Each stage's module is imported the first time one of its names is used, so a command pays only
for what it runs (a build with nothing changed never imports MkDocs, the checks or the packs).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glocal.pipeline.adapting import Accepted, accept
    from glocal.pipeline.assembling import assemble
    from glocal.pipeline.authoring import (
        I18nStats,
        i18n_align,
        i18n_extract,
        i18n_merge,
        i18n_stats,
        i18n_update,
        import_translation,
        import_workbench,
        load,
        new_module,
        new_page,
        new_region,
    )
    from glocal.pipeline.building import BuildResult, build
    from glocal.pipeline.checking import (
        CheckResult,
        check,
        compose,
        select_sites,
        site_inputs,
    )
    from glocal.pipeline.explaining import Explained, explain
    from glocal.pipeline.packing import KeyProblem, NewKey, keygen, pack, verify
    from glocal.pipeline.previewing import Preview, preview, serve
    from glocal.pipeline.replay import Checked, checked
    from glocal.pipeline.sharding import Shard
    from glocal.pipeline.status import RegionStatus, status
    from glocal.pipeline.summary import SiteSummary, plain_percent

_HOMES = {
    "glocal.pipeline.adapting": ("Accepted", "accept"),
    "glocal.pipeline.status": ("RegionStatus", "status"),
    "glocal.pipeline.authoring": (
        "I18nStats",
        "i18n_align",
        "i18n_extract",
        "i18n_merge",
        "i18n_stats",
        "i18n_update",
        "import_translation",
        "import_workbench",
        "load",
        "new_module",
        "new_page",
        "new_region",
    ),
    "glocal.pipeline.building": ("BuildResult", "build"),
    "glocal.pipeline.assembling": ("assemble",),
    "glocal.pipeline.previewing": ("Preview", "preview", "serve"),
    "glocal.pipeline.sharding": ("Shard",),
    "glocal.pipeline.checking": ("CheckResult", "check", "compose", "select_sites", "site_inputs"),
    "glocal.pipeline.explaining": ("Explained", "explain"),
    "glocal.pipeline.replay": ("Checked", "checked"),
    "glocal.pipeline.summary": ("SiteSummary", "plain_percent"),
    "glocal.pipeline.packing": ("KeyProblem", "NewKey", "keygen", "pack", "verify"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "Accepted",
    "BuildResult",
    "CheckResult",
    "Checked",
    "Explained",
    "I18nStats",
    "KeyProblem",
    "NewKey",
    "Preview",
    "RegionStatus",
    "Shard",
    "SiteSummary",
    "accept",
    "assemble",
    "build",
    "check",
    "checked",
    "compose",
    "explain",
    "i18n_align",
    "i18n_extract",
    "i18n_merge",
    "i18n_stats",
    "i18n_update",
    "import_translation",
    "import_workbench",
    "keygen",
    "load",
    "new_module",
    "new_page",
    "new_region",
    "pack",
    "plain_percent",
    "preview",
    "select_sites",
    "serve",
    "site_inputs",
    "status",
    "verify",
]
assert sorted(__all__) == sorted(_HOME_OF)


def __getattr__(name: str) -> object:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
