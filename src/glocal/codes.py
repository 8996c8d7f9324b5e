"""The stable codes of Glocal's diagnostics: each with its default severity and its meaning.

README's table of codes lists every one (a test compares them). A code, once released, keeps
its meaning: tools and CI filters match on it. `diagnostics` is the type that carries them.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: Every code Glocal emits, with its default severity and a one-line meaning (README's table).
CODES: dict[str, tuple[Severity, str]] = {
    # GL0xx program and configuration
    "GL001": (Severity.ERROR, "the project has no readable `curriculum/program.yml`"),
    "GL002": (Severity.ERROR, "YAML syntax error in `program.yml` or `mkdocs.yml`"),
    "GL003": (Severity.ERROR, "unknown key in `program.yml` (with a did-you-mean hint)"),
    "GL004": (Severity.ERROR, "wrong value type or invalid value in `program.yml`"),
    "GL005": (Severity.ERROR, "required key missing from `program.yml`"),
    "GL006": (Severity.ERROR, "a module listed in `program.yml` has no file"),
    "GL007": (Severity.ERROR, "a module is listed twice in `program.yml`"),
    "GL008": (Severity.ERROR, "a language code that CLDR does not know (program source language)"),
    "GL009": (Severity.ERROR, "the root `mkdocs.yml` is not a mapping or cannot be read"),
    "GL010": (Severity.ERROR, "a project file that cannot be read, or is not UTF-8 text"),
    "GL011": (Severity.ERROR, "the day plan schedules a module that is not listed, or schedules one twice"),
    "GL012": (
        Severity.WARNING,
        "a listed module that no day of the day plan schedules (added to the last day)",
    ),
    "GL013": (
        Severity.ERROR,
        "a symbolic link (or theme folder) that leads outside the project: not followed, read or copied",
    ),
    "GL014": (
        Severity.ERROR,
        "a project file larger than Glocal reads (5 MB; a catalog 20 MB, 20 times its source and "
        "256 KiB, or 50,000 messages): it is skipped",
    ),
    "GL015": (
        Severity.ERROR,
        "YAML nested more than 64 levels deep, or over 100,000 values once aliases are expanded",
    ),
    "GL016": (Severity.ERROR, "a YAML number with more than 100 digits"),
    "GL017": (
        Severity.ERROR,
        "`mkdocs.yml` uses a YAML tag that would run code (only `!!python/name:` of material, pymdownx "
        "or markdown is read)",
    ),
    "GL018": (Severity.ERROR, "`mkdocs.yml`'s `INHERIT` leaves the project, or loops"),
    "GL019": (Severity.ERROR, "the theme's `custom_dir` in `mkdocs.yml` is not a folder of the project"),
    "GL020": (Severity.ERROR, "a page listed in `pages:` of `program.yml` has no file"),
    # GL1xx modules
    "GL101": (Severity.ERROR, "YAML syntax error in a module's front matter"),
    "GL102": (Severity.ERROR, "unknown front-matter key (with a did-you-mean hint)"),
    "GL103": (Severity.ERROR, "wrong value type or invalid value in front matter"),
    "GL104": (Severity.ERROR, "a slot is declared twice"),
    "GL105": (Severity.ERROR, "front matter missing, unterminated, or without a required key"),
    "GL106": (Severity.WARNING, "a module file that `program.yml` does not list (a draft, not built)"),
    "GL107": (
        Severity.ERROR,
        "duplicate module id, or an id that does not match the file name "
        "(`new module`, `new page`: the file exists)",
    ),
    "GL108": (Severity.WARNING, "unknown container name (rendered as a plain note)"),
    "GL109": (Severity.ERROR, "container opened but never closed"),
    "GL110": (Severity.ERROR, "closing fence `:::` with no open container"),
    "GL111": (Severity.ERROR, "`::: slot` for a slot the front matter does not declare"),
    "GL112": (Severity.ERROR, "a declared slot that the body never places with `::: slot`"),
    "GL113": (
        Severity.ERROR,
        "internal link whose target does not exist, or is a project file no site publishes",
    ),
    "GL114": (Severity.ERROR, "image whose file does not exist, or is a project file no site publishes"),
    "GL115": (
        Severity.ERROR,
        "undefined template variable (`{{ ... }}`) in a module; on a region's `region.yml` when only that "
        "region lacks it",
    ),
    "GL116": (Severity.ERROR, "template syntax error in a module"),
    "GL117": (
        Severity.ERROR,
        "container misused: `fill` in a core module, a slot without an id, a slot placed twice, "
        "a slot or fill in a page",
    ),
    "GL118": (Severity.ERROR, "invalid container attributes (e.g. `{duration=abc}`)"),
    "GL119": (Severity.WARNING, "activities last longer than the module's duration"),
    "GL120": (Severity.ERROR, "containers nested more than 32 deep (the deeper fences are ignored)"),
    "GL121": (
        Severity.ERROR,
        "a template in a module exceeds a rendering limit (loop iterations, output size or time)",
    ),
    "GL122": (
        Severity.ERROR,
        "`import workbench`: no `config.yaml`, or an episode missing, in R Markdown with no current "
        "rendering, or two episodes one module",
    ),
    "GL123": (Severity.ERROR, "`import workbench`: a file it would write exists (nothing is written)"),
    "GL125": (
        Severity.ERROR,
        "`import workbench --update`: no record of an earlier import, or it cannot be read",
    ),
    "GL126": (
        Severity.WARNING,
        "`import workbench --update`: you and the lesson both changed a file (yours is kept, the lesson's "
        "set aside in `upstream/conflicts/`)",
    ),
    "GL127": (
        Severity.WARNING,
        "a lesson's version that `import workbench --update` set aside in `upstream/conflicts/` "
        "is not merged yet",
    ),
    "GL128": (
        Severity.ERROR,
        "`import workbench --translation`: the lesson's language is the programme's source language, "
        "or no region's",
    ),
    "GL129": (
        Severity.WARNING,
        "a link to a place (`#id`) its page does not have: it leads to the top of the page",
    ),
    "GL124": (
        Severity.ERROR,
        "a block too heavy to render: over 500 `[`, `<` and backticks (20,000 in a text) or 50,000 chars, "
        "or over 200 definitions in a row; "
        "or a text with over 10,000 fences or 50,000 block tokens (200,000 inline), or whose "
        "containers would indent it by over 2 MiB (with a fill, the containers around its slot too)",
    ),
    # GL2xx regions and overlays
    "GL201": (Severity.ERROR, "YAML syntax error in `region.yml`"),
    "GL202": (Severity.ERROR, "unknown key in `region.yml` (with a did-you-mean hint)"),
    "GL203": (Severity.ERROR, "wrong value type or invalid value in `region.yml`"),
    "GL204": (Severity.ERROR, "`region.yml` missing, or a required key missing"),
    "GL205": (Severity.ERROR, "a language code that CLDR does not know"),
    "GL206": (Severity.ERROR, "a locale that CLDR does not know, or that belongs to another language"),
    "GL207": (
        Severity.ERROR,
        "an overlay for a module the program does not have (a warning when its name is close to no "
        "module's: one the core removed)",
    ),
    "GL208": (
        Severity.ERROR,
        "an overlay fills a slot its module does not declare (with a did-you-mean hint)",
    ),
    "GL209": (Severity.ERROR, "a required slot the region leaves unfilled (no fill block, or an empty one)"),
    "GL210": (Severity.INFO, "an optional slot the region leaves unfilled: the default is used"),
    "GL211": (Severity.WARNING, "a fill longer than the slot's `max_words`"),
    "GL212": (Severity.ERROR, "a slot filled twice in one overlay"),
    "GL213": (
        Severity.ERROR,
        "region id does not match its folder (`glocal new region`: a file it would write exists)",
    ),
    "GL214": (Severity.ERROR, "a time zone that the IANA database does not know"),
    "GL215": (
        Severity.WARNING,
        "overlay content outside `::: fill` and `::: facilitator` blocks (not shown)",
    ),
    "GL216": (Severity.ERROR, "undefined template variable in an overlay"),
    "GL217": (Severity.ERROR, "template syntax error in an overlay"),
    "GL218": (
        Severity.ERROR,
        "YAML syntax or key error in an overlay's front matter, or front matter never closed (its fills "
        "are still read: no slot is reported unfilled for it)",
    ),
    "GL219": (
        Severity.ERROR,
        "a template in an overlay exceeds a rendering limit (loop iterations, output size or time)",
    ),
    "GL220": (
        Severity.WARNING,
        "an optional slot whose `::: fill` block is still empty (a new region's stub): the default is used",
    ),
    "GL221": (
        Severity.WARNING,
        "a fill adapted an older core: its slot's brief, default or section changed since the region "
        "reviewed it (`glocal adapt accept`)",
    ),
    "GL222": (Severity.WARNING, "a region's `adapted.lock.yml` cannot be read: drift is not tracked"),
    "GL223": (Severity.ERROR, "a region, module or slot named on the command line does not exist"),
    # GL3xx translations
    "GL301": (Severity.ERROR, "a catalog that cannot be read, or is not UTF-8 text"),
    "GL302": (Severity.ERROR, "an entry's number of plural forms differs from the header's `Plural-Forms`"),
    "GL303": (
        Severity.INFO,
        "a fuzzy entry (its source changed, or a suggestion): the source shows until a translator confirms",
    ),
    "GL304": (Severity.ERROR, "a translation drops or changes the source's inline code: not published"),
    "GL305": (
        Severity.ERROR,
        "a translation drops or changes a link or image target or a bare URL: not published",
    ),
    "GL306": (Severity.ERROR, "a translation drops or changes a footnote reference: not published"),
    "GL307": (
        Severity.ERROR,
        "a translation drops, changes or leaves open a `{{ }}` / `{% %}` placeholder, or puts them in an "
        "order its template cannot render, or changes a UI label's `{name}` field: not published",
    ),
    "GL308": (Severity.ERROR, "a translation drops or changes an HTML tag: not published"),
    "GL309": (
        Severity.WARNING,
        "a termbase term is used in the source but its approved translation is missing",
    ),
    "GL310": (Severity.INFO, "a translation identical to its source (counted as translated)"),
    "GL311": (Severity.WARNING, "no catalog for a site language: the source text is shown"),
    "GL312": (Severity.WARNING, "a catalog is out of date: source messages are missing from it"),
    "GL313": (Severity.ERROR, "the termbase `locales/glossary.csv` cannot be read"),
    "GL314": (Severity.WARNING, "a catalog's `Language` header does not match its folder"),
    "GL315": (Severity.ERROR, "`--lang` names a language no region declares"),
    "GL316": (Severity.WARNING, "a line break in the translation of a heading, table cell or title"),
    "GL317": (Severity.INFO, "a catalog has untranslated messages (they fall back to the source)"),
    "GL318": (Severity.ERROR, "a PO string not closed on its line (the entry is not used)"),
    "GL319": (Severity.ERROR, "an invalid escape sequence in a PO string, e.g. `\\q` (entry not used)"),
    "GL320": (Severity.ERROR, "PO syntax error: unknown keyword, stray text, misplaced keyword, BOM"),
    "GL321": (Severity.ERROR, "an incomplete PO entry: no msgstr, no msgstr[0], no msgid_plural or msgid"),
    "GL322": (Severity.ERROR, "a msgstr[N] with the wrong index (out of order, repeated or skipped)"),
    "GL323": (Severity.ERROR, "a message defined twice (same msgctxt and msgid): neither is used"),
    "GL324": (Severity.ERROR, "a bad `Plural-Forms` header: missing, invalid, or values out of range"),
    "GL325": (Severity.ERROR, "a catalog without a header entry, or a header charset other than UTF-8"),
    "GL326": (Severity.ERROR, "msgid and msgstr disagree on a leading or trailing line break"),
    "GL327": (Severity.ERROR, "format directives differ from the msgid's (`#, c-format`, `python-format`)"),
    "GL328": (
        Severity.WARNING,
        "a translation leaves emphasis markers unpaired (`**bold*`) where its source's pair up",
    ),
    "GL330": (
        Severity.ERROR,
        "a translation adds HTML (a tag, comment or attribute) its source lacks: not published",
    ),
    "GL331": (
        Severity.ERROR,
        "a translation adds an attribute list `{ ... }` its source lacks: not published",
    ),
    "GL332": (
        Severity.ERROR,
        "a translation too heavy to render (over 500 `[`, `<` and backticks, or 50 more than its source; "
        "or over 4 times its source's length and 200 characters): not published",
    ),
    "GL333": (
        Severity.ERROR,
        "an `i18n update --compendium` catalog is for no language being updated (or has no `Language`)",
    ),
    "GL334": (
        Severity.ERROR,
        "an SVG diagram whose text cannot be read for translation (not well-formed, entities, over 1 MB)",
    ),
    "GL335": (
        Severity.ERROR,
        "a translation that changes its source's blocks (a blank line, or a line that starts a heading, "
        "list, quote, container or code block): not published",
    ),
    "GL336": (
        Severity.ERROR,
        "`i18n align`: the source is not a Markdown file the project translates into the language, or "
        "a file cannot be read",
    ),
    "GL337": (
        Severity.WARNING,
        "a catalog entry with a `msgctxt`, which Glocal never writes: it is ignored",
    ),
    "GL338": (
        Severity.WARNING,
        "a catalog nothing reads: it translates no source file, or is in a language no region teaches",
    ),
    "GL339": (
        Severity.WARNING,
        "a language Glocal has no labels in, whose `ui.po` does not translate them all: English on its sites",
    ),
    # GL4xx sites
    "GL401": (Severity.WARNING, "a site's core share is below the glocal budget (`glocal.core_share_min`)"),
    "GL402": (Severity.ERROR, "MkDocs could not build a site"),
    "GL403": (Severity.WARNING, "MkDocs reported a warning while building a site"),
    "GL404": (Severity.ERROR, "a site named on the command line does not exist"),
    "GL405": (
        Severity.WARNING,
        "MkDocs Material has no UI language for a site language: the nearest one is used",
    ),
    "GL406": (
        Severity.INFO,
        "search has no stemmer for a site language, or cannot split Chinese into words: simpler search",
    ),
    "GL407": (Severity.ERROR, "build --from-shards: a folder is not a shard's output, or shares are missing"),
    "GL408": (
        Severity.ERROR,
        "`--out` names the project, its sources, a file, or a non-empty folder Glocal did not create",
    ),
    "GL409": (
        Severity.WARNING,
        "a site's core share is above the glocal budget (`glocal.core_share_max`): too little adaptation",
    ),
    "GL410": (Severity.ERROR, "a page named on the command line (`glocal explain SITE PAGE`) does not exist"),
    # GL5xx Train-the-Trainer, rosters, packs and credentials
    "GL501": (
        Severity.ERROR,
        "YAML syntax error in `certification.yml`, or a TTT guide's unclosed front matter",
    ),
    "GL502": (Severity.ERROR, "unknown key in `certification.yml` (with a did-you-mean hint)"),
    "GL503": (Severity.ERROR, "wrong value type or invalid value in `certification.yml`"),
    "GL504": (Severity.ERROR, "required key missing from `certification.yml`"),
    "GL505": (Severity.WARNING, "a module without a Train-the-Trainer guide"),
    "GL506": (Severity.ERROR, "a rubric criterion names an unknown competency"),
    "GL507": (Severity.ERROR, "a competency that modules develop but no rubric criterion assesses"),
    "GL508": (Severity.ERROR, "a rubric criterion without an anchor for every level"),
    "GL509": (Severity.ERROR, "certification requirements name an unknown module"),
    "GL510": (Severity.WARNING, "a Train-the-Trainer guide for a module the program does not have"),
    "GL511": (Severity.ERROR, "a module lists a competency that `certification.yml` does not define"),
    "GL512": (Severity.ERROR, "a competency or criterion id used twice"),
    "GL513": (Severity.ERROR, "an anchor for a level the rubric does not define"),
    "GL514": (Severity.WARNING, "Train-the-Trainer guides without a `certification.yml`"),
    "GL520": (Severity.ERROR, "a roster without a required column"),
    "GL521": (Severity.ERROR, "a roster row attends a module the program does not have"),
    "GL522": (Severity.ERROR, "a roster cell that should be a number is not"),
    "GL523": (Severity.ERROR, "a roster score out of range"),
    "GL524": (Severity.ERROR, "a trainee id used twice in a roster"),
    "GL525": (Severity.ERROR, "a roster that is not UTF-8 text, or cannot be read as CSV"),
    "GL526": (
        Severity.ERROR,
        "a roster row with an empty or unprintable id or name, or an invalid e-mail address",
    ),
    "GL527": (Severity.ERROR, "a roster row with more or fewer cells than the header"),
    "GL530": (Severity.ERROR, "no issuer signing key, or a key that cannot be read"),
    "GL531": (Severity.ERROR, "a pack cannot be written or verified: a missing, changed or unsigned file"),
    "GL532": (Severity.ERROR, "a credential whose proof does not verify"),
    "GL533": (
        Severity.WARNING,
        "`verify`: every signature holds, but the issuer is unverified (no trusted key was given; exit 3)",
    ),
    "GL534": (
        Severity.ERROR,
        "`verify`: signed by a key the verifier does not trust for the issuer, "
        "or the issuer id is not bound to the signing key",
    ),
    "GL535": (
        Severity.ERROR,
        "a trust file that cannot be read, or a line that is not `<issuer id> <public key multibase>`",
    ),
    "GL536": (
        Severity.ERROR,
        "a pack beyond `verify`'s limits: too many entries, too large, too compressed (a zip bomb), "
        "or an unsupported compression",
    ),
    "GL537": (Severity.ERROR, "JSON in a pack or credential nested too deeply or too large"),
    "GL538": (
        Severity.ERROR,
        "a QR payload larger than a QR code holds, or a compressed payload that does not inflate",
    ),
    "GL539": (
        Severity.ERROR,
        "two roster ids that become the same file name once made file-safe (e.g. `a/b` and `a-b`)",
    ),
    "GL540": (Severity.ERROR, "a roster with a header but no trainees"),
    "GL541": (Severity.ERROR, "`keygen --out` inside the git work tree at a path git does not ignore"),
    "GL542": (Severity.ERROR, "a signing key file its group or others can read or write (`chmod 600` it)"),
    "GL543": (
        Severity.ERROR,
        "`validity_months` so large that the end of validity is past the year 9999",
    ),
    "GL544": (
        Severity.WARNING,
        "a pack document refers to a file it may not embed (not an image inside the project, outside its "
        "hidden folders) or to the network: left out",
    ),
    "GL545": (
        Severity.WARNING,
        "a signed credential too large for a QR code: its certificate names the credential's file instead",
    ),
    "GL546": (
        Severity.WARNING,
        "a credential whose proof verifies but which is expired, or not valid yet, on the day checked",
    ),
    "GL547": (
        Severity.WARNING,
        "a roster's teach_back a whole level or more from the average of the row's criterion levels",
    ),
}
