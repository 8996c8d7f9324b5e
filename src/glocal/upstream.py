"""Where a programme imported from a lesson keeps what it took from it: light, for `check`.

`glocal import workbench` records the lesson in `upstream/` (for `--update`); an update sets aside
in `upstream/conflicts/` the lesson's version of each file both it and the programme's authors
changed, and `check` names each one left there (GL127) whether its result is replayed or not, so
this stays a module of constants that the replay path can import at no cost.
"""

UPSTREAM_DIR = "upstream"
UPSTREAM_CONFLICTS = f"{UPSTREAM_DIR}/conflicts"
