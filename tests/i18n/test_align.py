"""Aligning a translated text's messages with its source's (`glocal.i18n.align`)."""

from __future__ import annotations

import time

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from glocal.i18n.align import MAX_CELLS, Item, align, coverage, fill, items, offer, suggestions, variants


def _p(text: str, context: str = "") -> Item:
    return Item("paragraph", text, context, 0)


def _pairs(sources: list[Item], translations: list[Item]) -> list[tuple[str, str]]:
    return [(pair.source.text, pair.translation.text) for pair in align(sources, translations)]


#: an English text and its Spanish translation, which lacks the English's third paragraph
LISTING = [
    Item("heading", "Listing files", "", 0),
    _p("Run `ls` to see what the folder holds."),
    _p("Hidden files start with a dot, and most tools leave them out unless asked."),
    _p("Add `-a` to `ls` and the hidden ones appear as well."),
]
LISTADO = [
    Item("heading", "Listar archivos", "", 0),
    _p("Ejecuta `ls` para ver qué contiene la carpeta."),
    _p("Añade `-a` a `ls` y aparecen también los ocultos."),
]


def test_a_paragraph_the_translation_lacks_is_left_unpaired_and_its_neighbours_pair():
    english, spanish = LISTING, LISTADO
    assert _pairs(english, spanish) == [
        ("Listing files", "Listar archivos"),
        ("Run `ls` to see what the folder holds.", "Ejecuta `ls` para ver qué contiene la carpeta."),
        (
            "Add `-a` to `ls` and the hidden ones appear as well.",
            "Añade `-a` a `ls` y aparecen también los ocultos.",
        ),
    ]


def test_two_paragraphs_the_translation_merged_into_one_are_not_given_it():
    english = [
        _p("Git stores everything in a folder of its own."),
        _p("Deleting that folder deletes the project's history."),
        _p("Run `git status` often."),
    ]
    spanish = [
        _p("Git guarda todo en una carpeta propia. Si se borra esa carpeta, se borra también el historial."),
        _p("Ejecuta `git status` a menudo."),
    ]
    assert _pairs(english, spanish) == [("Run `git status` often.", "Ejecuta `git status` a menudo.")]


def test_a_code_block_decides_which_paragraph_a_translation_belongs_to():
    code = Item("code", "for name in *.csv\ndo\n    head -n 2 $name\ndone\n", "", 0)
    english = [_p("Loops repeat commands for each file you give them."), code, _p("Each pass sees one name.")]
    spanish = [code, _p("Cada vuelta ve un nombre distinto del anterior.")]
    # without the code between them, the first English paragraph (closer in length) would be chosen
    assert _pairs(english, spanish) == [
        ("Each pass sees one name.", "Cada vuelta ve un nombre distinto del anterior.")
    ]
    assert _pairs([english[0], english[2]], spanish[1:]) == [
        (
            "Loops repeat commands for each file you give them.",
            "Cada vuelta ve un nombre distinto del anterior.",
        )
    ]


def test_messages_between_two_pairs_pair_in_order_when_their_shapes_match():
    """A drifted translation: the code renamed (`planets` for `recipes`) so nothing is kept, but the
    paragraphs between two sure pairs are the same run of kinds: they pair in order."""
    english = [
        Item("heading", "Creating a Repository", "", 0),
        _p("Then we tell Git to make `recipes` a [repository](../learners/reference.md#repository)."),
        Item("heading", "Places to Create Git Repositories", "challenge block", 0),
        _p("Is `git init` in `desserts` needed?", "challenge block"),
    ]
    spanish = [
        Item("heading", "Creando un repositorio", "", 0),
        _p(
            "Después le indicamos a Git hacer de `planets` un "
            "[repositorio](../learners/reference.md#repositorio)."
        ),
        Item("heading", "Lugares para crear un repositorio Git", "challenge block", 0),
        _p("¿Es necesario `git init` en `moons`?", "challenge block"),
    ]
    paired = _pairs(english, spanish)
    assert len(paired) == 4
    assert paired[1] == (english[1].text, spanish[1].text)
    # but never two texts too unlike for one to help translate the other (a line and a page)
    spanish[1] = _p("Después le indicamos a Git que guarde aquí cada versión de cada receta. " * 6)
    paired = _pairs(english, spanish)
    assert [pair[0] for pair in paired] == [english[0].text, english[2].text, english[3].text]


def test_messages_pair_only_with_their_kind_in_their_kind_of_container():
    english = [Item("heading", "Solution", "solution block", 0), _p("Solution", "hint block")]
    spanish = [_p("Solución", "solution block"), Item("heading", "Solución", "hint block", 0)]
    assert _pairs(english, spanish) == []
    # a slot's default is the lesson's text, adapted: it pairs with the translation's plain text
    slotted = [_p("An example from your region.", "slot default 'local-example'")]
    assert _pairs(slotted, [_p("Un ejemplo de tu región.")]) == [
        ("An example from your region.", "Un ejemplo de tu región.")
    ]


def test_texts_too_long_to_compare_pair_nothing_and_quickly():
    side = int(MAX_CELLS**0.5) + 1
    english = [_p(f"Paragraph {i} of the source.") for i in range(side)]
    spanish = [_p(f"Párrafo {i} de la traducción.") for i in range(side)]
    started = time.perf_counter()
    assert align(english, spanish) == []
    assert time.perf_counter() - started < 1.0
    assert len(align(english[:400], spanish[:400])) == 400  # below the bound, every one pairs


def test_items_are_the_messages_extract_finds_with_the_code_between_them():
    text = (
        "---\ntitle: Loops\nobjectives:\n  - Write a loop.\n---\n\n"
        "## A first loop\n\nA loop repeats commands:\n\n```bash\nfor x in a b\ndo echo $x; done\n```\n\n"
        "::: challenge\n\nWhat does it print?\n\n:::\n"
    )
    found = [(item.kind, item.text, item.context, item.line) for item in items(text, "loops.md")]
    assert found == [
        ("title", "Loops", "", 1),
        ("objective", "Write a loop.", "", 3),
        ("heading", "A first loop", "", 6),
        ("paragraph", "A loop repeats commands:", "", 8),
        ("code", "for x in a b\ndo echo $x; done\n", "", 10),
        ("paragraph", "What does it print?", "challenge block", 17),
    ]


def test_a_message_takes_the_translation_it_was_paired_with_most_often():
    english = [Item("heading", "Solution", "solution block", i) for i in range(3)]
    spanish = [
        Item("heading", text, "solution block", i)
        for i, text in enumerate(["Respuesta", "Solución", "Solución"])
    ]
    assert suggestions(align(english, spanish))["Solution"].text == "Solución"


def test_fill_changes_only_untranslated_singular_entries():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Loops", msgstr=""))
    po.append(polib.POEntry(msgid="Setup", msgstr="Nuestra preparación"))
    po.append(polib.POEntry(msgid="Reference", msgstr="Referencias", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="file", msgid_plural="files", msgstr_plural={0: "", 1: ""}))
    po.append(polib.POEntry(msgid="Old", msgstr="", obsolete=True))
    po.append(polib.POEntry(msgid="Unaligned", msgstr=""))
    offered = {
        text: Item("heading", translated, "", 9)
        for text, translated in [
            ("Loops", "Bucles"),
            ("Setup", "Preparación"),
            ("Reference", "Referencia"),
            ("file", "archivo"),
            ("Old", "Antiguo"),
        ]
    }
    assert fill(po, offered, "lesson-es/episodes/loops.md") == 1
    loops = po.find("Loops")
    assert (loops.msgstr, loops.flags) == ("Bucles", ["fuzzy"])
    assert loops.tcomment == "glocal: aligned with lesson-es/episodes/loops.md, line 10"
    assert po.find("Setup").msgstr == "Nuestra preparación" and po.find("Setup").flags == []
    assert po.find("Reference").msgstr == "Referencias"
    assert po.find("file").msgstr_plural == {0: "", 1: ""}
    assert po.find("Old", include_obsolete_entries=True).msgstr == ""
    assert po.find("Unaligned").msgstr == ""


def test_a_glossary_sorted_in_another_order_does_not_pair_its_terms_crosswise():
    """A translated glossary is sorted in its own language: a term pairs only with the term whose
    anchor it keeps (`{#pipe}`), never with whichever term happens to stand in its place."""
    english = [
        _p("[filename extension]{#filename-extension}"),
        _p("[pipe]{#pipe}"),
        _p("[process]{#process}"),
        _p("[standard input]{#standard-input}"),
    ]
    spanish = [  # sorted in Spanish: "entrada estándar" comes first
        _p("[entrada estándar]{#entrada-estandar}"),
        _p("[extensión de archivo]{#extension-de-archivo}"),
        _p("[pipe]{#pipe}"),
        _p("[proceso]{#proceso}"),
    ]
    assert _pairs(english, spanish) == [("[pipe]{#pipe}", "[pipe]{#pipe}")]


def test_coverage_is_the_share_of_the_longer_text_that_aligns_titles_aside():
    english = [Item("title", "Listing", "", 0), *LISTING[1:], _p("Type `man ls` to read every option.")]
    spanish = [Item("title", "Listar", "", 0), *LISTADO[1:]]
    assert coverage(english, spanish) == 2 / 4  # not 2 / 2: half the English has no translation
    assert coverage(english[:1] + english[-1:], spanish[:1] + [_p("Escribe `man ls`.")]) == 1.0
    assert coverage(english[:1], spanish[:1]) == 0.0  # two titles alone are no evidence


def test_a_message_left_in_the_source_language_is_no_suggestion_but_still_anchors():
    """A partial translation (Crowdin leaves what is not translated yet in English)."""
    english = [*LISTING, _p("Type `man ls` to read every option.")]
    manual = _p("Escribe `man ls` para leer todas las opciones.")
    partial = [LISTADO[0], LISTING[1], LISTING[2], LISTADO[2], manual]
    offered = suggestions(align(english, partial))
    assert {msgid: item.text for msgid, item in offered.items()} == {
        "Listing files": "Listar archivos",
        "Add `-a` to `ls` and the hidden ones appear as well.": LISTADO[2].text,
        "Type `man ls` to read every option.": "Escribe `man ls` para leer todas las opciones.",
    }


def test_a_pair_in_the_source_language_still_is_no_suggestion_unless_the_languages_are_variants():
    """An older version of the source, left untranslated (`upside down` and all), shares most of its
    words with the source; a translation shares its code, not its words."""
    older = Item("paragraph", "The filesystem looks like an upside down tree.\nThe top is `/`.", "", 0)
    newer = Item("paragraph", "The filesystem looks like an upside-down tree. The top is `/`.", "", 0)
    spanish = Item("paragraph", "Rastrea `log_01` usando `git add -f log_01`.", "", 0)
    source = Item("paragraph", "Track `log_01` using `git add -f log_01`.", "", 0)
    assert offer([newer, source], [older, spanish], "es", "en") == {source.text: spanish}
    british = offer([newer], [older], "en-GB", "en")  # en to en-GB: a spelling may be all that changes
    assert british == {newer.text: older}
    # nor is a paragraph of the source text that the translation still has in place of another
    other = Item("paragraph", "Type `man ls` to read every option.", "", 0)
    moved = Item("paragraph", "The tree looks like an upside down filesystem, its top the root.", "", 0)
    assert [pair.translation for pair in align([other, newer], [moved, older])] == [moved, older]
    assert offer([other, newer], [moved, older], "es", "en") == {}
    # a name or two, spelt another way, is not a translation either
    assert offer([Item("heading", "Vim", "", 0)], [Item("heading", "vim", "", 0)], "es", "en") == {}
    assert variants("en", "en-GB") and variants("pt_BR", "pt") and not variants("es", "en")


def test_a_language_that_writes_shorter_is_measured_and_its_paragraphs_still_pair():
    """Japanese writes the same in about 0.4 times the characters. Compared as they are, a
    paragraph without code pairs with nothing; the ratio the paragraphs with code show (their
    median) makes it pair. The translation lacks one English paragraph, so position alone
    (`_in_order`) cannot pair the paragraph beside it."""
    english = [
        _p("The `ls` command lists the contents of the current directory in alphabetical order."),
        _p("A path that begins at the root of the file system is called an absolute path."),
        _p(
            "Before going further, note that every system arranges its folders in its own way, and that "
            "the names used in this lesson are only examples of what you will find on your own computer."
        ),
        _p("Many commands print a short help text when they are given the `--help` option."),
        _p("Directories are shown with a trailing slash when you add the `-F` option to it."),
    ]
    japanese = [
        _p("`ls` コマンドは現在のディレクトリの内容をアルファベット順に表示します。"),
        _p("ファイルシステムのルートから始まるパスを絶対パスと呼びます。"),
        _p("多くのコマンドは `--help` オプションで短いヘルプを表示します。"),
        _p("`-F` オプションを付けると、ディレクトリの末尾にスラッシュが付きます。"),
    ]
    paired = [(pair.source, pair.translation) for pair in align(english, japanese)]
    assert paired == [
        (english[0], japanese[0]),
        (english[1], japanese[1]),
        *zip(english[3:], japanese[2:], strict=True),
    ]


_KINDS = st.sampled_from(["paragraph", "heading", "code", "alt"])
_CONTEXTS = st.sampled_from(["", "challenge block", "solution block", "slot default 'x'"])
_TEXTS = st.text(alphabet="ab `/-1é語\n", max_size=40)


def _texts_of(kinds_contexts_texts: list[tuple[str, str, str]]) -> list[Item]:
    return [
        Item(kind, text, context, line) for line, (kind, context, text) in enumerate(kinds_contexts_texts)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_KINDS, _CONTEXTS, _TEXTS), max_size=25),
    st.lists(st.tuples(_KINDS, _CONTEXTS, _TEXTS), max_size=25),
)
def test_any_two_texts_align_in_order_each_item_once_kind_with_kind(ours, theirs):
    sources, translations = _texts_of(ours), _texts_of(theirs)
    pairs = align(sources, translations)
    for earlier, later in zip(pairs, pairs[1:], strict=False):
        assert earlier.source.line < later.source.line and earlier.translation.line < later.translation.line
    for pair in pairs:
        assert pair.source.kind == pair.translation.kind != "code"
        assert pair.source.container == pair.translation.container
    offered = offer(sources, translations, "es", "en")
    assert all(msgid != item.text for msgid, item in offered.items())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="#:-*`[](){}!<>\n abc1é", max_size=300))
def test_any_text_gives_items_in_order(text):
    found = items(text, "any.md")
    assert [item.line for item in found] == sorted(item.line for item in found)
