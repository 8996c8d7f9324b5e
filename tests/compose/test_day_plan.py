"""The day plan on a site's home page: teaching time and the whole day apart, in the site's locale.

A tiny project is written for each test: one day of two modules around a break and a lunch,
and regions whose language and `numbering:` choose how its numbers read.
"""

from __future__ import annotations

from pathlib import Path

from glocal.compose import SiteInputs, compose_site
from glocal.i18n import ui
from glocal.i18n.ui import labels_for
from glocal.load import load_project
from glocal.model import SiteRef

MODULE = "---\nid: {id}\ntitle: {title}\nduration: {minutes}\n---\n\n# {title}\n\nBody.\n"


def project(root: Path, days: str, regions: dict[str, str]) -> Path:
    (root / "curriculum/modules").mkdir(parents=True)
    (root / "curriculum/program.yml").write_text(
        f"id: demo\ntitle: Demo\nsource_language: en\nmodules: [opening, practice]\n{days}",
        encoding="utf-8",
    )
    for module_id, title, minutes in [("opening", "Opening", 150), ("practice", "Practice", 180)]:
        (root / f"curriculum/modules/{module_id}.md").write_text(
            MODULE.format(id=module_id, title=title, minutes=minutes), encoding="utf-8"
        )
    for region_id, extra in regions.items():
        folder = root / "toolkits/regions" / region_id
        folder.mkdir(parents=True)
        (folder / "region.yml").write_text(
            f"id: {region_id}\nname: {region_id.title()}\n{extra}", encoding="utf-8"
        )
    return root


def agenda(root: Path, region: str, language: str) -> list[str]:
    """The home page's lines from the agenda heading to the programme total."""
    loaded, diagnostics = load_project(root)
    assert [d.to_text() for d in diagnostics] == []
    home = compose_site(loaded, SiteRef(region, language), SiteInputs(labels_for(language), {})).home
    lines = home.splitlines()
    return lines[lines.index(next(line for line in lines if line.startswith("## ") and "|" not in line)) :]


ONE_DAY = "days:\n  - [opening, {break: 15}, practice, {lunch: 45}]\n"


def test_teaching_time_and_the_whole_day_are_two_rows_named_for_what_they_count(tmp_path):
    root = project(tmp_path, ONE_DAY, {"north": "languages: [en]\nlocales: {en: en_GB}\n"})
    home = "\n".join(agenda(root, "north", "en"))
    assert (
        "| 09:00–11:30 | 1 | [Opening](modules/opening.md) | 150 mins |\n"
        "| 11:30–11:45 | | *Break* | 15 mins |\n"
        "| 11:45–14:45 | 2 | [Practice](modules/practice.md) | 180 mins |\n"
        "| 14:45–15:30 | | *Lunch* | 45 mins |\n"
        "| | | **Teaching time** | **5 hrs, 30 mins** |\n"
        "| | | Whole day, breaks included | 6 hrs, 30 mins |\n"
        "\n"
        "**Teaching time, whole programme:** 5 hrs, 30 mins"
    ) in home


def test_a_day_without_breaks_has_no_whole_day_row(tmp_path):
    root = project(tmp_path, "", {"north": "languages: [en]\nlocales: {en: en_GB}\n"})
    home = "\n".join(agenda(root, "north", "en"))
    assert "| | | **Teaching time** | **5 hrs, 30 mins** |\n\n" in home
    assert "Whole day" not in home


def test_the_day_plan_in_danish(tmp_path):
    root = project(
        tmp_path, ONE_DAY, {"nordics": "languages: [da]\nlocales: {da: da_DK}\nsource_language: da\n"}
    )
    lines = agenda(root, "nordics", "da")
    total = lines.index("**Undervisningstid, hele programmet:** 5 t. og 30 min.")
    assert lines[total - 4 : total] == [
        "| 14.45–15.30 | | *Frokost* | 45 min. |",
        "| | | **Undervisningstid** | **5 t. og 30 min.** |",
        "| | | Hele dagen inkl. pauser | 6 t. og 30 min. |",
        "",
    ]


def test_arabic_in_egypt_writes_arabic_indic_digits_and_names_hours_and_minutes_once(tmp_path):
    root = project(
        tmp_path,
        "days:\n  - [opening, {break: 15}]\n  - [practice]\n",
        {"egypt": "languages: [ar]\nlocales: {ar: ar_EG}\nsource_language: ar\n"},
    )
    lines = agenda(root, "egypt", "ar")
    assert "### اليوم ١" in lines and "### اليوم ٢" in lines
    # the title has no Arabic translation: marked as English, as on its own page and in navigation
    opening = '<span class="glocal-fallback" lang="en" dir="ltr" title="{}">Opening</span>'.format(
        ui.labels_for("ar").get("not_translated")
    )
    assert f"| ٩:٠٠ ص–١١:٣٠ ص | ١ | [{opening}](modules/opening.md) | ١٥٠ د |" in lines
    assert "| | | **وقت التدريس** | **٢ س و٣٠ د** |" in lines  # Babel 2.19: "٢ س، و٣٠ د، و٣٠ د"
    assert "| | | اليوم كاملًا، شاملًا الاستراحات | ٢ س و٤٥ د |" in lines
    assert "**وقت التدريس في البرنامج كله:** ٥ س و٣٠ د" in lines


def test_a_region_can_choose_latin_digits(tmp_path):
    root = project(
        tmp_path,
        ONE_DAY,
        {
            "egypt": "languages: [ar, en]\nlocales: {ar: ar_EG, en: en_GB}\nnumbering: latn\n",
            "gulf": "languages: [ar]\nlocales: {ar: ar_AE}\nsource_language: ar\nnumbering: {ar: native}\n",
        },
    )
    assert "| | | **وقت التدريس** | **5 س و30 د** |" in agenda(root, "egypt", "ar")
    assert "| | | **Teaching time** | **5 hrs, 30 mins** |" in agenda(root, "egypt", "en")
    # ar_AE writes Latin digits by default; its native system is Arabic-Indic
    assert "| | | **وقت التدريس** | **٥ س و٣٠ د** |" in agenda(root, "gulf", "ar")


def test_the_notes_page_numbers_modules_in_the_sites_digits(tmp_path):
    root = project(
        tmp_path, ONE_DAY, {"egypt": "languages: [ar]\nlocales: {ar: ar_EG}\nsource_language: ar\n"}
    )
    module = root / "curriculum/modules/practice.md"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n::: facilitator\nA note.\n:::\n", encoding="utf-8"
    )
    loaded, _ = load_project(root)
    notes = compose_site(loaded, SiteRef("egypt", "ar"), SiteInputs(labels_for("ar"), {})).notes
    assert '\n## ٢. <span class="glocal-fallback" lang="en" dir="ltr"' in notes  # untranslated: marked
    assert ">Practice</span>\n" in notes
