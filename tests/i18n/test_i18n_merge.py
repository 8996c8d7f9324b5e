"""Merging templates into catalogs (merge.py, workflow.py, `glocal i18n update`): never lose work.

A changed source segment becomes `#, fuzzy` with its previous msgid (`#|`) and old translation, a
removed one becomes obsolete (`#~`), an unchanged one keeps everything. Catalogs Glocal creates are
written without line wrapping, atomically and in a stable order, so a second update changes nothing.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glocal.i18n import catalog, strict
from glocal.i18n.catalog import TemplateEntry
from glocal.i18n.merge import merge

MODULE = "curriculum/modules/shared-vision.md"
OLD = (
    "A training partnership rests on five pillars. This module covers the first: a shared vision of "
    "where the business is going and what the partnership is for. Without it, even excellent "
    "delivery solves the wrong problem."
)
NEW = OLD.replace("even excellent delivery", "even brilliant delivery")
DANISH = "Et træningspartnerskab hviler på fem søjler."


def entries(*msgids: str) -> list[TemplateEntry]:
    return [TemplateEntry(m, (("doc.md", n),), "") for n, m in enumerate(msgids, 1)]


def state(po: polib.POFile) -> list[tuple]:
    return [(e.msgid, e.msgstr, tuple(e.flags), e.previous_msgid, e.obsolete) for e in po]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "locales").rglob("*") if p.is_file()
    }


def mtimes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns
        for p in (root / "locales").rglob("*")
        if p.is_file()
    }


# --- merge() ------------------------------------------------------------------------------------


def translated(*pairs: tuple[str, str]) -> polib.POFile:
    po = merge(None, entries(*(m for m, _ in pairs)), project_id="p", version="1", language="da")
    for entry, (_, msgstr) in zip(po, pairs, strict=True):
        entry.msgstr = msgstr
    return po


def test_new_catalog_has_every_template_message_untranslated_with_a_full_header():
    po = merge(
        None,
        entries("One sentence here.", "Another sentence."),
        project_id="demo",
        version="2",
        language="da",
    )
    assert state(po) == [
        ("One sentence here.", "", (), None, False),
        ("Another sentence.", "", (), None, False),
    ]
    assert [e.occurrences for e in po] == [[("doc.md", "1")], [("doc.md", "2")]]
    assert po.metadata["Language"] == "da"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_merge_keeps_unchanged_fuzzies_changed_and_obsoletes_removed_messages():
    old = translated(
        ("Keep this sentence as it is.", "Behold denne sætning."),
        ("The partner joins the annual strategy session.", "Partneren deltager i det årlige strategimøde."),
        ("This paragraph is removed from the source.", "Dette afsnit fjernes."),
        ("Untranslated and removed.", ""),
    )
    old[0].tcomment = "checked by Anna"
    merged = merge(
        old,
        entries(
            "Keep this sentence as it is.",
            "The partner joins each annual strategy session.",
            "A brand new sentence about something else entirely.",
        ),
    )
    assert state(merged) == [
        ("Keep this sentence as it is.", "Behold denne sætning.", (), None, False),
        (
            "The partner joins each annual strategy session.",
            "Partneren deltager i det årlige strategimøde.",
            ("fuzzy",),
            "The partner joins the annual strategy session.",
            False,
        ),
        ("A brand new sentence about something else entirely.", "", (), None, False),
        ("This paragraph is removed from the source.", "Dette afsnit fjernes.", (), None, True),
    ]
    assert merged[0].tcomment == "checked by Anna"
    text = catalog.render(merged)
    assert (
        '#, fuzzy\n#| msgid "The partner joins the annual strategy session."\n'
        'msgid "The partner joins each annual strategy session."\n'
        'msgstr "Partneren deltager i det årlige strategimøde."\n'
    ) in text
    assert text.endswith(
        '#~ msgid "This paragraph is removed from the source."\n#~ msgstr "Dette afsnit fjernes."\n'
    )


def test_an_obsolete_message_that_comes_back_gets_its_translation_back():
    old = translated(
        ("First sentence of the text.", "Første sætning."), ("Second sentence of the text.", "Anden sætning.")
    )
    removed = merge(old, entries("First sentence of the text."))
    assert state(removed)[1] == ("Second sentence of the text.", "Anden sætning.", (), None, True)
    restored = merge(removed, entries("First sentence of the text.", "Second sentence of the text."))
    assert state(restored) == state(old)


def test_a_fuzzy_message_stays_fuzzy_with_its_previous_msgid_until_confirmed():
    old = translated(
        ("The partner joins the annual strategy session.", "Partneren deltager i strategimødet.")
    )
    once = merge(old, entries("The partner joins every annual strategy session."))
    twice = merge(once, entries("The partner joins every annual strategy session."))
    assert state(twice) == [
        (
            "The partner joins every annual strategy session.",
            "Partneren deltager i strategimødet.",
            ("fuzzy",),
            "The partner joins the annual strategy session.",
            False,
        )
    ]
    assert catalog.render(twice) == catalog.render(once)


def test_merging_2000_messages_with_100_edits_gives_exactly_100_fuzzy_entries():
    rng = random.Random(20)
    vocabulary = sorted(
        {
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
            for _ in range(3000)
        }
    )
    msgids: list[str] = []
    while len(msgids) < 2000:
        sentence = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 16))).capitalize() + "."
        if sentence not in msgids:
            msgids.append(sentence)
    old = merge(None, entries(*msgids), project_id="p", version="1", language="da")
    for index, entry in enumerate(old):
        entry.msgstr = f"[{index}] {entry.msgid.upper()}"
    edited = sorted(rng.sample(range(2000), 100))
    changed = list(msgids)
    for index in edited:
        words = changed[index].rstrip(".").split(" ")
        words[len(words) // 2] = "revised"
        changed[index] = " ".join(words) + "."
    assert len(set(changed)) == 2000

    merged = merge(old, entries(*changed))
    assert [e.msgid for e in merged] == changed  # source order, nothing obsolete: every edit was matched
    fuzzy = [(i, e) for i, e in enumerate(merged) if "fuzzy" in e.flags]
    assert [i for i, _ in fuzzy] == edited
    assert [(e.previous_msgid, e.msgstr) for _, e in fuzzy] == [
        (msgids[i], f"[{i}] {msgids[i].upper()}") for i in edited
    ]
    untouched = [
        (e.msgid, e.msgstr, e.flags, e.previous_msgid) for i, e in enumerate(merged) if i not in set(edited)
    ]
    assert untouched == [
        (msgids[i], f"[{i}] {msgids[i].upper()}", [], None) for i in range(2000) if i not in set(edited)
    ]


SENTENCE = st.lists(
    st.sampled_from(
        [
            "the",
            "partner",
            "joins",
            "annual",
            "strategy",
            "session",
            "goal",
            "trust",
            "review",
            "each",
            "team",
            "plan",
        ]
    ),
    min_size=2,
    max_size=8,
).map(lambda ws: " ".join(ws).capitalize() + ".")


@st.composite
def catalog_change(draw):
    """An old catalog (some entries translated, some fuzzy) and a new template made by keeping, editing,
    dropping and adding messages."""
    old_ids = draw(st.lists(SENTENCE, min_size=1, max_size=12, unique=True))
    old = merge(None, entries(*old_ids), project_id="p", version="1", language="da")
    for number, entry in enumerate(old):
        kind = draw(st.sampled_from(["translated", "translated", "fuzzy", "untranslated"]))
        if kind != "untranslated":
            entry.msgstr = f"oversat {number}"
        if kind == "fuzzy":
            entry.flags.append("fuzzy")
            entry.previous_msgid = "Some earlier text."
    new_ids: list[str] = []
    for msgid in old_ids:
        action = draw(st.sampled_from(["keep", "keep", "edit", "drop"]))
        if action == "keep":
            new_ids.append(msgid)
        elif action == "edit":
            new_ids.append(msgid[:-1] + " " + draw(st.sampled_from(["today", "again", "too"])) + ".")
    new_ids += draw(st.lists(SENTENCE, max_size=4))
    return old, list(dict.fromkeys(new_ids))


@settings(max_examples=200, deadline=None)
@given(catalog_change())
def test_merging_never_loses_a_translation(change):
    old, new_ids = change
    merged = merge(old, entries(*new_ids))
    active = [e for e in merged if not e.obsolete]
    assert [e.msgid for e in active] == new_ids
    assert [e.obsolete for e in merged] == sorted(e.obsolete for e in merged)  # obsolete entries come last
    for before in old:
        if before.msgid in new_ids:  # unchanged source: everything kept
            after = merged.find(before.msgid)
            assert (after.msgstr, after.flags, after.previous_msgid) == (
                before.msgstr,
                before.flags,
                before.previous_msgid,
            )
        elif before.msgstr:  # changed or removed: the translation lives on, fuzzy or obsolete
            # a fuzzy entry's #| names the text its translation was made for, whatever came between
            made_for = before.previous_msgid if "fuzzy" in before.flags else before.msgid
            homes = [
                e
                for e in merged
                if (e.obsolete and e.msgid == before.msgid)
                or (not e.obsolete and "fuzzy" in e.flags and e.previous_msgid == made_for)
            ]
            # (as in msgmerge, one translation may be proposed for several new messages)
            assert before.msgstr in [e.msgstr for e in homes], before.msgid
    for entry in active:  # a new or edited message never shows a translation unreviewed
        if entry.msgid not in [e.msgid for e in old] and entry.msgstr:
            assert "fuzzy" in entry.flags
            assert entry.previous_msgid in [e.msgid for e in old] + [e.previous_msgid for e in old]
    # idempotent, and written text reads back the same (polib cannot read the `#~|` of an obsolete
    # entry, which msgmerge and Glocal keep: the strict reader can)
    again = merge(merged, entries(*new_ids))
    assert catalog.render(again) == catalog.render(merged)
    assert state(strict.parse(catalog.render(merged), "da.po")[0]) == state(merged)


# --- glocal i18n update on the sample --------------------------------------------------------------


def test_update_creates_catalogs_for_a_language_at_the_template_paths(glocal, sample):
    other_before = {k: v for k, v in snapshot(sample).items() if not k.startswith("locales/nb/")}
    for path in (sample / "locales" / "nb").rglob("*.po"):
        path.unlink()
    result = glocal("-C", sample, "i18n", "update", "--lang", "nb")
    assert result.code == 0, result.err
    after = snapshot(sample)
    # nb is a nordics language: every core template and the nordics templates, none of another region's
    templates = sorted(
        Path(k).relative_to("locales/templates")
        for k in after
        if k.startswith("locales/templates/") and ("/regions/" not in k or "/regions/nordics/" in k)
    )
    created = sorted(
        line[len("created ") :] for line in result.out.splitlines() if line.startswith("created locales/nb/")
    )
    assert created == sorted(f"locales/nb/{t.with_suffix('.po').as_posix()}" for t in templates)
    assert sorted(k for k in after if k.startswith("locales/nb/")) == created
    # no other language was touched
    assert {k: after[k] for k in other_before} == other_before
    assert [
        k
        for k in after
        if k not in other_before
        and not k.startswith("locales/nb/")
        and not k.startswith("locales/templates/")
    ] == []
    for template in templates:
        pot = polib.pofile(str(sample / "locales" / "templates" / template))
        po = polib.pofile(str(sample / "locales" / "nb" / template.with_suffix(".po")))
        assert [(e.msgid, e.occurrences, e.comment) for e in po] == [
            (e.msgid, e.occurrences, e.comment) for e in pot
        ]
        assert all(e.msgstr == "" and not e.flags for e in po)
        assert (po.metadata["Language"], po.metadata["Plural-Forms"]) == (
            "nb",
            "nplurals=2; plural=(n != 1);",
        )


def test_update_with_an_unknown_language_is_a_usage_error(glocal, sample):
    assert glocal("-C", sample, "i18n", "update").code == 0
    before = snapshot(sample)
    result = glocal("-C", sample, "i18n", "update", "--lang", "xx")
    assert result.code == 2
    assert "GL315" in result.err
    assert snapshot(sample) == before


def test_a_second_update_changes_nothing_and_touches_no_file(glocal, sample):
    first = glocal("-C", sample, "i18n", "update")
    assert first.code == 0, first.err
    before, stamps = snapshot(sample), mtimes(sample)
    second = glocal("-C", sample, "i18n", "update")
    count = len([p for p in before if p.endswith((".po", ".pot"))])
    assert second.out == f"{count} file(s) unchanged\n"
    assert snapshot(sample) == before
    assert mtimes(sample) == stamps


def _wrapped_lines(text: str) -> list[str]:
    """Lines where a string continues on the next line although it has no newline there."""
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines[:-1]):
        nxt = lines[number + 1]
        if (
            re.match(r'^(#~ |#\| )?"', nxt)
            and re.search(r'"$', line)
            and not line.endswith('\\n"')
            and not re.match(r'^(#~ |#\| )?(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d+\]) ""$', line)
        ):
            found.append(line)
    return found


def test_catalogs_are_written_without_line_wrapping(glocal, sample):
    long_paragraph = "A deliberately long paragraph " + " ".join(f"word{n}" for n in range(60)) + "."
    module = sample / MODULE
    module.write_text(
        module.read_text(encoding="utf-8") + f"\n{long_paragraph}\n\nFirst line\nsecond line\n",
        encoding="utf-8",
    )
    assert glocal("-C", sample, "i18n", "update").code == 0
    for path in (sample / "locales").rglob("*.po*"):
        assert _wrapped_lines(path.read_text(encoding="utf-8")) == [], path
    da = (sample / "locales/da/curriculum/modules/shared-vision.po").read_text(encoding="utf-8")
    assert f'msgid "{long_paragraph}"\nmsgstr ""\n' in da
    assert 'msgid ""\n"First line\\n"\n"second line"\nmsgstr ""\n' in da


def test_a_failed_write_leaves_the_old_catalog_whole(sample, monkeypatch):
    path = sample / "locales/da/curriculum/modules/shared-vision.po"
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        catalog.write(path, merge(polib.pofile(str(path)), [TemplateEntry(NEW, ((MODULE, 20),), "")]))
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_removing_a_paragraph_keeps_its_translations_as_obsolete(glocal, sample):
    assert glocal("-C", sample, "i18n", "update").code == 0
    module = sample / MODULE
    module.write_text(module.read_text(encoding="utf-8").replace(OLD + "\n\n", ""), encoding="utf-8")
    assert glocal("-C", sample, "i18n", "update").code == 0
    for language in ("da", "nb", "nl", "vi"):
        po = polib.pofile(str(sample / f"locales/{language}/curriculum/modules/shared-vision.po"))
        ghosts = [(e.msgid, bool(e.msgstr)) for e in po.obsolete_entries()]
        assert ghosts == [(OLD, True)], language
        assert OLD not in [e.msgid for e in po if not e.obsolete]
    # and putting it back restores the translation without review
    module.write_text(
        module.read_text(encoding="utf-8").replace("\n![The five pillars", f"\n{OLD}\n\n![The five pillars"),
        encoding="utf-8",
    )
    assert glocal("-C", sample, "i18n", "update").code == 0
    po = polib.pofile(str(sample / "locales/da/curriculum/modules/shared-vision.po"))
    entry = po.find(OLD)
    assert (entry.msgstr.startswith(DANISH), entry.flags, po.obsolete_entries()) == (True, [], [])


def test_editing_one_paragraph_makes_exactly_that_entry_fuzzy_and_the_site_falls_back(glocal, sample):
    # settle the copy first, so that only the edit below can change anything
    assert glocal("-C", sample, "i18n", "update").code == 0
    baseline = json.loads(glocal("-C", sample, "check", "--format", "json").out)
    da_before = next(s["translated"] for s in baseline["sites"] if s["site"] == "nordics/da")
    before = snapshot(sample)
    catalogs = sorted(k for k in before if k.endswith("/curriculum/modules/shared-vision.po"))
    assert catalogs == [
        f"locales/{lang}/curriculum/modules/shared-vision.po" for lang in ("ar", "da", "nb", "nl", "vi")
    ]

    module = sample / MODULE
    source = module.read_text(encoding="utf-8")
    assert source.count(OLD) == 1
    module.write_text(source.replace(OLD, NEW), encoding="utf-8")
    result = glocal("-C", sample, "i18n", "update")
    assert result.code == 0, result.err
    assert sorted(
        line for line in result.out.splitlines() if line.startswith(("created", "updated"))
    ) == sorted(
        ["updated locales/templates/curriculum/modules/shared-vision.pot"]
        + [f"updated {c}" for c in catalogs]
    )

    after = snapshot(sample)
    template = "locales/templates/curriculum/modules/shared-vision.pot"
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == sorted(catalogs + [template])
    assert after[template] == before[template].replace(OLD.encode(), NEW.encode())
    for path in catalogs:
        old_text = before[path].decode("utf-8")
        assert old_text.count(f'msgid "{OLD}"\n') == 1
        expected = old_text.replace(f'msgid "{OLD}"\n', f'#, fuzzy\n#| msgid "{OLD}"\nmsgid "{NEW}"\n')
        assert after[path].decode("utf-8") == expected, path
        entry = polib.pofile(str(sample / path)).find(NEW)
        assert (entry.flags, entry.previous_msgid, entry.msgstr) == (
            ["fuzzy"],
            OLD,
            polib.pofile(old_text).find(OLD).msgstr,
        )
        run = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(sample / path)],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0 and "1 fuzzy translation" in run.stderr and "warning" not in run.stderr, (
            run.stderr
        )

    report = json.loads(glocal("-C", sample, "check", "--format", "json").out)
    da = next(s["translated"] for s in report["sites"] if s["site"] == "nordics/da")
    assert da < 1.0 and da < da_before
    fuzzy_before = {(d["path"], d["line"]) for d in baseline["diagnostics"] if d["code"] == "GL303"}
    fuzzy_now = [d["path"] for d in report["diagnostics"] if d["code"] == "GL303"]
    fuzzy_new = [
        d["path"]
        for d in report["diagnostics"]
        if d["code"] == "GL303" and (d["path"], d["line"]) not in fuzzy_before
    ]
    assert fuzzy_new == catalogs  # exactly the edited entry, in every language
    assert len(fuzzy_now) == len(fuzzy_before) + len(catalogs)

    assert glocal("-C", sample, "build", "nordics/da").code == 0
    page = (sample / "site/nordics/da/modules/shared-vision.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="glocal-fallback" lang="en"[^>]*>' + re.escape(NEW) + "</span>", page)
    assert DANISH not in page
    assert OLD not in page

    # a translator confirms the translation: the Danish text is back
    path = sample / "locales/da/curriculum/modules/shared-vision.po"
    po = polib.pofile(str(path))
    po.find(NEW).flags.remove("fuzzy")
    po.find(NEW).previous_msgid = None
    po.save()
    assert glocal("-C", sample, "build", "nordics/da").code == 0
    page = (sample / "site/nordics/da/modules/shared-vision.html").read_text(encoding="utf-8")
    assert DANISH in page
    assert NEW not in page
    report = json.loads(glocal("-C", sample, "check", "--format", "json").out)
    assert next(s["translated"] for s in report["sites"] if s["site"] == "nordics/da") == da_before
