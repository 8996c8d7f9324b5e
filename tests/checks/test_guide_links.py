"""A Train-the-Trainer guide's links are checked as a module's are (GL113, GL114). A guide is at
`ttt/` on a site, beside `modules/` and `assets/`, so its links are relative to that: they were
not checked at all, and a broken one reached every site."""

from __future__ import annotations

from pathlib import Path

from glocal.pipeline import check

PROGRAM = "id: demo\ntitle: Demo\nsource_language: en\nmodules: [practice]\npages: [learners/setup.md]\n"
MODULE = "---\nid: practice\ntitle: Practice\nduration: 60\n---\n\n# Practice\n\nBody.\n"
GUIDE = """# Teaching Practice

Open the [module](../modules/practice.md) and the [setup](../learners/setup.md), show the
![diagram](../assets/diagram.svg), then the [old module](../modules/retired.md), the
![missing figure](../assets/missing.svg) and the [programme file](../program.yml).
"""


def _project(root: Path) -> Path:
    files = {
        "curriculum/program.yml": PROGRAM,
        "curriculum/modules/practice.md": MODULE,
        "curriculum/learners/setup.md": "# Setup\n\nBring a laptop.\n",
        "curriculum/assets/diagram.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
        "toolkits/ttt/practice.md": GUIDE,
        "toolkits/regions/north/region.yml": "id: north\nname: North\nlanguages: [en]\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_guides_links_are_checked_as_the_site_places_it(tmp_path):
    result = check(_project(tmp_path))
    found = [
        (d.code, d.span.line, d.message)
        for d in result.report.diagnostics
        if d.span.path == "toolkits/ttt/practice.md" and d.code in ("GL113", "GL114")
    ]
    assert [(code, line) for code, line, _ in found] == [("GL113", 3), ("GL114", 4), ("GL113", 4)]
    assert "'../modules/retired.md' does not exist" in found[0][2]
    assert "'../assets/missing.svg' does not exist" in found[1][2]
    assert "'../program.yml' is curriculum/program.yml, which the sites do not publish" in found[2][2]
