"""End to end: the real sample program built with real MkDocs, asserted on the produced HTML."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import REPO

SITES = [
    "benelux/nl",
    "benelux/en",
    "egypt/ar",
    "egypt/en",
    "global/en",
    "nordics/da",
    "nordics/nb",
    "nordics/en",
    "vietnam/vi",
    "vietnam/en",
]
SOURCE_SITES = ["benelux/en", "egypt/en", "global/en", "nordics/en", "vietnam/en"]
DRAFTS = ["egypt/ar", "nordics/nb"]  # deliberately partial: they show fallback and draft status


class _Admonitions(HTMLParser):
    """Collects the text of every admonition (div.admonition or details) by its type class."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, classes, text)
        self._stack: list[list] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag in ("div", "details") and ("admonition" in classes.split() or tag == "details"):
            self._stack.append([tag, classes, [], 0])
        elif self._stack and tag == self._stack[-1][0]:
            self._stack[-1][3] += 1

    def handle_endtag(self, tag):
        if self._stack and tag == self._stack[-1][0]:
            if self._stack[-1][3]:
                self._stack[-1][3] -= 1
                return
            tag_, classes, text, _ = self._stack.pop()
            joined = " ".join("".join(text).split())
            self.found.append((tag_, classes, joined))
            if self._stack:
                self._stack[-1][2].append(joined)

    def handle_data(self, data):
        if self._stack:
            self._stack[-1][2].append(data)


def admonitions(html: str) -> list[tuple[str, str, str]]:
    parser = _Admonitions()
    parser.feed(html)
    return parser.found


def page(root: Path, site: str, name: str) -> str:
    return (root / "site" / site / name).read_text(encoding="utf-8")


def with_previous_build(sample: Path, built_sample: Path) -> Path:
    """SAMPLE with the output of a full build of the same sources in site/ (copied, not rebuilt)."""
    shutil.copytree(built_sample / "site", sample / "site", symlinks=True)
    return sample


def test_every_region_gets_a_site_and_the_portal_lists_them(built_sample):
    portal = (built_sample / "site" / "index.html").read_text(encoding="utf-8")
    for site in SITES:
        assert (built_sample / "site" / site / "index.html").is_file()
        assert f'data-site="{site}"' in portal
        assert f'href="{site}/index.html"' in portal
    assert portal.count('class="status status-publish"') == len(SITES) - len(DRAFTS)
    assert portal.count('class="status status-draft"') == len(DRAFTS)


def test_a_fill_appears_only_on_its_own_regions_site(built_sample):
    nordic = page(built_sample, "nordics/en", "modules/shared-vision.html")
    local = [text for tag, classes, text in admonitions(nordic) if "local" in classes.split()]
    assert len(local) == 1
    assert local[0].startswith("Local adaptation · Nordics")
    assert "Kildevang Pharma" in local[0]
    for other in ("benelux/en", "vietnam/en", "global/en", "benelux/nl", "vietnam/vi"):
        assert "Kildevang Pharma" not in page(built_sample, other, "modules/shared-vision.html")


def test_unfilled_slots_show_the_core_default(built_sample):
    default_case = "Illustrative case"
    core = (REPO / "curriculum/modules/future-of-partnerships.md").read_text(encoding="utf-8")
    slot_default = core.split("::: slot local-outlook", 1)[1].split("\n:::", 1)[0]
    first_sentence = next(
        line for line in slot_default.splitlines() if line.strip() and not line.startswith("#")
    )
    words = " ".join(re.sub(r"[*_`\[\]]", "", first_sentence).split()[:6])
    # benelux leaves local-outlook unfilled; nordics fills it
    assert words in " ".join(page(built_sample, "benelux/en", "modules/future-of-partnerships.html").split())
    assert words not in " ".join(
        page(built_sample, "nordics/en", "modules/future-of-partnerships.html").split()
    )
    glob = page(built_sample, "global/en", "modules/shared-vision.html")
    assert default_case in glob
    assert not [c for _, c, _ in admonitions(glob) if "local" in c.split()], (
        "the global site has no local adaptations"
    )


def test_facilitator_notes_render_as_facilitator_admonitions(built_sample):
    html = page(built_sample, "nordics/en", "modules/shared-vision.html")  # a regional and a core note
    notes = [(tag, text) for tag, classes, text in admonitions(html) if "facilitator" in classes.split()]
    assert any(text.startswith("Facilitator note · Nordics") for _, text in notes), "regional note"
    assert any(text.startswith("Facilitator note ") and "Nordics" not in text[:30] for _, text in notes), (
        "core note"
    )
    assert all(tag == "details" for tag, _ in notes), "facilitator notes are collapsible"


def test_activities_show_their_duration(built_sample):
    html = page(built_sample, "global/en", "modules/trust-and-transparency.html")
    titles = [text[:40] for _, classes, text in admonitions(html) if "activity" in classes.split()]
    assert titles and all(re.match(r"Activity · \d+ mins?", t) for t in titles), titles


def test_home_page_agenda_lists_modules_in_order_with_durations_and_total(built_sample):
    html = page(built_sample, "vietnam/en", "index.html")
    program = (REPO / "curriculum/program.yml").read_text(encoding="utf-8")
    order = re.findall(r"^  - ([a-z0-9-]+)$", program, re.M)
    positions = [html.index(f'href="modules/{module_id}.html"') for module_id in order]
    assert positions == sorted(positions)
    assert "75 mins" in html and "90 mins" in html
    total = sum(
        int(m)
        for m in re.findall(
            r"^duration: (\d+)$",
            "".join((REPO / "curriculum/modules" / f"{m}.md").read_text(encoding="utf-8") for m in order),
            re.M,
        )
    )
    hours, minutes = divmod(total, 60)
    expected = f"{hours} hrs" + (f", {minutes} mins" if minutes else "")
    assert f"<strong>Teaching time, whole programme:</strong> {expected}" in html
    assert "Vietnam Time" in html  # Asia/Ho_Chi_Minh, named by its place


def test_day_plan_starts_at_the_regions_day_start_with_breaks(built_sample):
    html = page(built_sample, "vietnam/en", "index.html")
    assert [day for day in ("Day 1", "Day 2", "Day 3") if f">{day}<" in html] == ["Day 1", "Day 2", "Day 3"]
    # vietnam starts at 08:00: module 1 (75 min), a 15-minute break, module 2 ...
    rows = re.findall(r"<td>(\d\d:\d\d)–(\d\d:\d\d)</td>", html)  # en_GB: 24-hour clock
    assert rows[:3] == [("08:00", "09:15"), ("09:15", "09:30"), ("09:30", "11:00")]
    assert "<em>Break</em>" in html and "<em>Lunch</em>" in html
    # day 1 teaches 5 h 30 between 08:00 and 15:00: both are shown, each named for what it is
    day_one = html[html.index(">Day 1<") : html.index(">Day 2<")]
    assert re.search(r"<strong>Teaching time</strong></td>\s*<td[^>]*><strong>5 hrs, 30 mins<", day_one)
    assert re.search(r"<td>Whole day, breaks included</td>\s*<td[^>]*>7 hrs</td>", day_one)
    nordic = page(built_sample, "nordics/da", "index.html")
    assert "08.30–09.45" in nordic  # Danish clock times, from the Nordic day start


def test_instructor_container_renders_like_facilitator(tmp_path, glocal, sample):
    module = sample / "curriculum/modules/co-creation.md"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n::: instructor\nCarpentries instructor note.\n:::\n",
        encoding="utf-8",
    )
    assert glocal("-C", sample, "build", "global/en").code == 0
    html = page(sample, "global/en", "modules/co-creation.html")
    assert any(
        "facilitator" in c.split() and "Carpentries instructor note." in t for _, c, t in admonitions(html)
    )


def test_check_json_on_the_sample_has_no_errors_and_lists_every_site(glocal, sample):
    run = glocal("-C", sample, "check", "--format", "json")
    assert run.code == 0
    data = json.loads(run.out)
    assert [d for d in data["diagnostics"] if d["severity"] == "error"] == []
    assert [s["site"] for s in data["sites"]] == SITES
    for site in data["sites"]:
        assert set(site) == {
            "site",
            "region",
            "language",
            "translated",
            "core_share",
            "slots",
            "status",
            "budget",
            "stale_fills",
        }
        assert set(site["slots"]) == {"filled", "default", "missing"}
        assert site["status"] == ("draft" if site["site"] in DRAFTS else "publish")
        # the sample's glocal budget: every regional site is 75-90% core; the global reference is all core
        assert 0.75 <= site["core_share"] <= 0.9 or site["region"] == "global", site
        assert site["budget"] == ("exempt" if site["region"] == "global" else "within")
        if site["site"] in SOURCE_SITES:
            assert site["translated"] == 1.0
    nordics = next(s for s in data["sites"] if s["site"] == "nordics/en")
    assert nordics["slots"]["missing"] == 0 and nordics["slots"]["filled"] > 10


def test_check_text_prints_the_coverage_matrix(glocal, sample):
    run = glocal("-C", sample, "check")
    lines = run.out.splitlines()
    header = next(line for line in lines if line.startswith("coverage"))
    assert header.split()[1:] == SITES
    row = next(line for line in lines if line.startswith("measuring-what-matters/local-metrics"))
    assert row.split()[1:] == [
        "filled",
        "filled",
        "default",
        "default",
        "default",
        "filled",
        "filled",
        "filled",
        "default",
        "default",
    ]
    assert any(line.startswith("core share") for line in lines)


def test_a_failed_build_keeps_the_previous_site(glocal, sample, built_sample):
    with_previous_build(sample, built_sample)
    before = {p: p.read_bytes() for p in (sample / "site").rglob("*") if p.is_file()}
    module = sample / "curriculum/modules/shared-vision.md"
    module.write_text("---\nid: shared-vision\ntitle: [unclosed\n---\n# Broken\n", encoding="utf-8")
    run = glocal("-C", sample, "build")
    assert run.code == 1
    assert "GL101" in run.err
    after = {p: p.read_bytes() for p in (sample / "site").rglob("*") if p.is_file()}
    assert after == before


def test_building_one_site_keeps_the_others(glocal, sample, built_sample):
    with_previous_build(sample, built_sample)
    marker = sample / "site" / "benelux" / "en" / "marker.txt"
    marker.write_text("previous build", encoding="utf-8")
    run = glocal("-C", sample, "build", "nordics/en")
    assert run.code == 0
    assert marker.read_text(encoding="utf-8") == "previous build"
    assert "built" in run.out and "nordics/en" in run.out and "benelux/en/index.html" not in run.out


def test_unknown_site_name_is_a_usage_error(glocal, sample):
    run = glocal("-C", sample, "build", "nordics/dk")
    assert run.code == 2
    assert "GL404" in run.err and "nordics/en" in run.err


def test_build_py_runs_the_same_cli(sample):
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "-C", str(sample), "check", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sites"]) == len(SITES)


def test_readme_documents_every_diagnostic_code():
    from glocal.diagnostics import CODES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code, (severity, meaning) in CODES.items():
        assert f"| {code} | {severity.value} | {meaning} |" in readme, code
