"""A Train-the-Trainer guide's links are checked as a module's are (GL113, GL114). A guide is at
`ttt/` on a site, beside `modules/` and `assets/`, so its links are relative to that: they were
not checked at all, and a broken one reached every site."""

from __future__ import annotations

from pathlib import Path

from glocal.pipeline import check

PROGRAM = (
    "id: demo\ntitle: Demo\nsource_language: en\nmodules: [practice, review]\npages: [learners/setup.md]\n"
)
MODULE = "---\nid: practice\ntitle: Practice\nduration: 60\n---\n\n# Practice\n\nBody.\n"
GUIDE = """# Teaching Practice

Open the [module](../modules/practice.md) and the [setup](../learners/setup.md), the
[guide for the review](review.md) and the [certification](index.md), show the
![diagram](../assets/diagram.svg), then the [old module](../modules/retired.md), the
![missing figure](../assets/missing.svg) and the [programme file](../program.yml).
"""


def _project(root: Path) -> Path:
    files = {
        "curriculum/program.yml": PROGRAM,
        "curriculum/modules/practice.md": MODULE,
        "curriculum/modules/review.md": MODULE.replace("practice", "review").replace("Practice", "Review"),
        "curriculum/learners/setup.md": "# Setup\n\nBring a laptop.\n",
        "curriculum/assets/diagram.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
        "toolkits/ttt/practice.md": GUIDE,
        "toolkits/ttt/review.md": "# Teaching Review\n\nSee the [practice guide](practice.md).\n",
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
    # another guide and the certification overview are at ttt/ too: `index.md` only with a
    # certification.yml, which this project lacks
    assert [(code, line) for code, line, _ in found] == [
        ("GL113", 3),
        ("GL113", 4),
        ("GL114", 5),
        ("GL113", 5),
    ]
    assert "'index.md' does not exist" in found[0][2]
    review = [d for d in result.report.diagnostics if d.span.path == "toolkits/ttt/review.md"]
    assert [d.code for d in review if d.code in ("GL113", "GL114")] == []  # practice.md: a guide
    found = found[1:]
    assert "'../modules/retired.md' does not exist" in found[0][2]
    assert "'../assets/missing.svg' does not exist" in found[1][2]
    assert "'../program.yml' is curriculum/program.yml, which the sites do not publish" in found[2][2]
