"""BibTeX and BibLaTeX exports (INSPIRE, Zotero, Google Scholar, DBLP …), read with bibtexparser v2.

bibtexparser splits the file into blocks that remember their line; a block it cannot read
(unbalanced braces, a missing comma before `@`) comes back as a failed block, which becomes
one reject here while every other entry is still read. `@string` macros are resolved by the
library; `crossref` inheritance is done here (bibtexparser leaves it to the caller).

Names: the library splits the author list on " and " (braces respected, so
"{MicroBooNE Collaboration}" stays one author) and each name into First/von/Last/Jr, which
reads "Last, First", "First Last" and "Last, Jr, First" alike; names come out "First von
Last Jr" with LaTeX accents decoded. A trailing "and others" is kept as a truncated list.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from kg.categories import is_known
from kg.extract.addresses import scopus_lettered, sole_author_affiliations, wos_affiliations
from kg.extract.base import Context, InputFormat, reject
from kg.extract.text import arxiv_volume, is_et_al, is_no_author, iso_day
from kg.identifiers import normalize_arxiv, normalize_doi, normalize_orcid
from kg.model import AuthorInfo, Extraction, Page, Record

NAME = "bibtex"

ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")
KEY_IN_RAW = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s]*)")
# Four digits not inside a longer number: natbib's "2019a" (the first of two works of one author
# in one year) is the year 2019.
YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
ISO_DAY_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# DBLP's own key of a record ("conf/stoc/FournierL0T24"): in its BibTeX the entry key is "DBLP:" and
# that key, and `biburl` links the record ("https://dblp.org/rec/conf/….bib", formerly "/rec/bib/conf/…").
DBLP_KEY_RE = re.compile(r"[a-z]+/[^/\s]+/[^/\s]+")
DBLP_BIBURL_RE = re.compile(r"dblp\.org/rec/(?:bib\d?/)?([a-z]+/[^/\s]+/[^/\s]+?)(?:\.bib)?/?$")
# Web of Science wraps long values at a fixed width, and can cut an escaped brace in two: "\\" at
# the end of a line and "}" opening the next. bibtexparser counts "\\}" as no brace but the lone
# "}" as one, so the value closes early and the entry is lost. The two are put back together,
# the line break moved after them (line numbers stay as printed).
WRAPPED_ESCAPE = re.compile(r"(?<!\\)\\\n([ \t]*)([{}])")
# Scopus builds an entry key from the first author's surname as printed, comma included when the
# name carries a suffix ("@ARTICLE{Ribeiro, Jr2022,"); a key cannot hold a comma, so bibtexparser
# reads "Jr2022" as a field without "=" and loses the entry. The comma is read as a space and the
# key given back as printed.
COMMA_KEY = re.compile(
    r"^([ \t]*@[ \t]*[A-Za-z]+[ \t]*\{[ \t]*)([^\s,{}=\"]+), ([^\s,{}=\"]+)([ \t]*,[ \t]*)$", re.MULTILINE
)
# A value that still prints BibTeX's concatenation operator: bibtexparser leaves an @string
# expression as written when one of its macros is not defined in the file (JabRef users keep
# author macros in a file of their own: "Author = SmithJ # { and } # DoeA").
UNRESOLVED_RE = re.compile(r"(?:^|\s)#(?:\s|$)")
# NASA ADS prints a journal as an AAS macro (`journal = {\\apj}`); LaTeX would expand it with
# aas_macros.sty, which ADS provides: these are its definitions (bccp/cosmobib, aas_macros.sty,
# commit e9ef36625e6bd724797e22cf274350555157d7fd, "taken from the AAS TeX macro package version 5.2").
AAS_JOURNALS = {
    "aj": "AJ", "actaa": "Acta Astron.", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJ", "apjs": "ApJS",
    "ao": "Appl. Opt.", "apss": "Ap&SS", "aap": "A&A", "aapr": "A&A Rev.", "aaps": "A&AS", "azh": "AZh",
    "baas": "BAAS", "bac": "Bull. astr. Inst. Czechosl.", "caa": "Chinese Astron. Astrophys.",
    "cjaa": "Chinese J. Astron. Astrophys.", "icarus": "Icarus", "jcap": "J. Cosmology Astropart. Phys.",
    "jrasc": "JRASC", "memras": "MmRAS", "mnras": "MNRAS", "na": "New A", "nar": "New A Rev.",
    "pra": "Phys. Rev. A", "prb": "Phys. Rev. B", "prc": "Phys. Rev. C", "prd": "Phys. Rev. D",
    "pre": "Phys. Rev. E", "prl": "Phys. Rev. Lett.", "pasa": "PASA", "pasp": "PASP", "pasj": "PASJ",
    "rmxaa": "Rev. Mexicana Astron. Astrofis.", "qjras": "QJRAS", "skytel": "S&T", "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.", "ssr": "Space Sci. Rev.", "zap": "ZAp", "nat": "Nature", "iaucirc": "IAU Circ.",
    "aplett": "Astrophys. Lett.", "apspr": "Astrophys. Space Phys. Res.",
    "bain": "Bull. Astron. Inst. Netherlands", "fcp": "Fund. Cosmic Phys.", "gca": "Geochim. Cosmochim. Acta",
    "grl": "Geophys. Res. Lett.", "jcp": "J. Chem. Phys.", "jgr": "J. Geophys. Res.",
    "jqsrt": "J. Quant. Spec. Radiat. Transf.", "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A", "physrep": "Phys. Rep.", "physscr": "Phys. Scr", "planss": "Planet. Space Sci.",
    "procspie": "Proc. SPIE", "astap": "A&A", "apjlett": "ApJ", "apjsupp": "ApJS", "applopt": "Appl. Opt.",
}  # fmt: skip
AAS_MACRO_RE = re.compile(r"\{?\s*\\([A-Za-z]+)\s*\}?")
# A journal field that names a preprint server, not a venue of its own: "ArXiv", "CoRR",
# "arXiv preprint arXiv:2106.03843", "arXiv e-prints".
PREPRINT_VENUE_RE = re.compile(r"\s*(arxiv|corr)\b", re.IGNORECASE)
MONTHS = {m: i for i, m in enumerate(("jan feb mar apr may jun jul aug sep oct nov dec").split(), 1)}
# BibTeX's own non-entry blocks (an `@comment{…}` is not a paper) and BibLaTeX's containers:
# an @set lists other entries, an @xdata holds fields that entries take in with `xdata`.
NOT_ENTRIES = {"string", "preamble", "comment", "set", "xdata"}
# Where a crossref'd parent's title goes in the child (BibLaTeX's default inheritance).
PARENT_TITLE_AS = {"proceedings": "booktitle", "book": "booktitle", "collection": "booktitle"}
# Volumes whose parts are the papers: a @proceedings that entries of the file crossref (DBLP's
# "with crossref" export prints one per conference) is their venue, not one more paper by its
# editors. A volume nobody in the file crossrefs is an entry cited whole, and stays one.
VOLUMES = {"proceedings", "mvproceedings", "collection", "mvcollection", "periodical"}


def _latex_context():  # type: ignore[no-untyped-def]
    # pylatexenc drops macros it does not know; these print words in titles ("{\TeX}: The Program").
    words = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "XeTeX": "XeTeX"}
    words |= {"LuaTeX": "LuaTeX", "ConTeXt": "ConTeXt", "hyphen": "-", "textendash": "–", "textemdash": "—"}
    words["textasciicircum"] = "^"  # pylatexenc gives the modifier letter "ˆ"
    db = get_default_latex_context_db()
    specs = [MacroTextSpec(name, simplify_repl=text) for name, text in words.items()]
    db.add_context_category("kg-bibtex", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s"), *specs])
    return db


# LaTeX is decoded here, once per value (bibtexparser's LatexDecodingMiddleware would leave names
# to us anyway). Math stays as printed ("$B\to K^*$"): turning it into text would invent symbols.
_DECODER = LatexNodes2Text(latex_context=_latex_context(), math_mode="verbatim")
# Names are decoded before they are split, keeping plain braces: "{MicroBooNE Collaboration}"
# stays one word, while an accent written with a tie ("I\~naki") is not taken for a space.
_NAME_DECODER = LatexNodes2Text(latex_context=_latex_context(), math_mode="verbatim", keep_braced_groups=True)
# After the LaTeX parser, field keys in lower case (Web of Science writes `Author = {…}`, and the
# name splitter looks for `author` only), then the separation of names into authors (braces respected).
_STACK = [middlewares.NormalizeFieldKeys(), middlewares.SeparateCoAuthors()]
# bibtexparser logs every failed block as a warning with a traceback-like text; the
# reject says the same in one line, so the library's log stays quiet.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)


def sniff(lines: list[str]) -> float:
    """Sure when the first line that is not blank or a `%` comment opens an `@type{` block."""
    head = lines[:2000]
    if "@" not in "\n".join(head):  # no entry can start (ENTRY_START): most files sniffed are no BibTeX
        return 0.0
    starts = 0
    first: str | None = None
    for line in head:
        text = line.lstrip("\ufeff").strip()
        if not text or text.startswith("%"):
            continue
        if first is None:
            first = text
        if ENTRY_START.match(text):
            starts += 1
    if first is None or not starts:
        return 0.0
    return 0.95 if ENTRY_START.match(first) else (0.7 if starts >= 2 else 0.0)


# Text without a macro (no backslash) nor any other LaTeX special or ligature reads as printed,
# its braces being grouping only; most names and titles are such text ("{Global LHC …}"), and
# leaving pylatexenc out for them makes a large file several times faster.
LATEX_SPECIAL = re.compile(r"[\\$~%&^_#]|--|``|''|[!?]`")
# The parsing context pylatexenc would otherwise rebuild for every value.
_WALKER_CONTEXT = latexwalker.get_default_latex_context_db()


# Google Scholar turns a title's protective braces ("{FLAME}: Taming …") into math braces:
# "$\{$FLAME$\}$: Taming …". They protected the case of a word; the title has no brace.
GS_BRACE_RE = re.compile(r"\$\\[{}]\$")
# ScienceDirect escapes the braces that protect an acronym's case ("Sleep \{EEG\} correlates"); only
# its entries are read so, since elsewhere "\{" is a brace the title prints.
SD_BRACE_RE = re.compile(r"\\\{([^{}\\]*)\\\}")


# A bare "&" is LaTeX's column separator, which pylatexenc drops; exporters that do not escape
# it (ScienceDirect's `journal = {Computers & Security}`) mean the character.
BARE_AMPERSAND = re.compile(r"(?<!\\)&")
# HTML character references some exporters leave in values: the ACM Digital Library
# ("Needs \&\#38; Motivations", "\&Ldquo;…\&Rdquo;", title-cased), ScienceDirect ("Walking &amp;
# Cycling"). Only complete references with their ";": "&not" alone is no entity in a name.
HTML_REF = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity(found: re.Match[str]) -> str:
    text = found.group(0)
    out = html.unescape(text)
    if out == text and not found.group(1).startswith("#"):
        out = html.unescape(text.lower())  # ACM title-cases them: "&Amp;", "&Ndash;"
    return out


# Zotero keeps LaTeX it imported (from ADS, say) as text and escapes it on export:
# "Fern{\textbackslash}'andez" decodes to "Fern\'andez". The accents that remain are applied; nothing
# else is decoded twice (a second pass would drop what reads as an unknown macro, "Uro\vs" → "Uro").
LEFTOVER_ACCENT_RE = re.compile(r"\\([`'^\"~=.])\{?([A-Za-z])\}?")
# Zotero's escape is "{\textbackslash}" (or "\textbackslash " before a space); a backslash a title
# really prints is written "\textbackslash{}" (kg's own writer), and stays one.
ZOTERO_BACKSLASH_RE = re.compile(r"\{\\textbackslash\}|\\textbackslash\s")
COMBINING = {"`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307", '"': "\u0308"}


def _accented(found: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", found.group(2) + COMBINING[found.group(1)])


def _decode(text: str, decoder: LatexNodes2Text = _DECODER) -> str:
    out = HTML_REF.sub(_entity, _decode_latex(text, decoder))
    return LEFTOVER_ACCENT_RE.sub(_accented, out) if ZOTERO_BACKSLASH_RE.search(text) else out


def _decode_latex(text: str, decoder: LatexNodes2Text) -> str:
    text = BARE_AMPERSAND.sub(r"\\&", GS_BRACE_RE.sub("", text))
    if not LATEX_SPECIAL.search(text):
        plain = text if decoder is _NAME_DECODER else text.replace("{", "").replace("}", "")
        return " ".join(plain.split())
    try:
        out = decoder.latex_to_text(text, latex_context=_WALKER_CONTEXT)
    except Exception:  # pylatexenc on malformed LaTeX: keep the text as printed
        out = text.replace("{", "").replace("}", "")
    return " ".join(out.split())


def _parse(text: str) -> Library:
    return bibtexparser.parse_string(text, append_middleware=_STACK)


def _transformed(entry: Entry, library: Library) -> Entry | None:
    """A failed block's entry, put through the parse stack alone (with the file's macros)."""
    alone = Library([*library.strings, entry])
    for middleware in [*middlewares.default_parse_stack(), *_STACK]:
        alone = middleware.transform(alone)
    return alone.entries[0] if alone.entries else None


def _fields(entry: Entry) -> dict[str, object]:
    return {f.key.lower(): f.value for f in entry.fields}


# Web of Science's entry keys ("WOS:000985648900009", formerly "ISI:000371557900003").
FOOTNOTE_MARK_RE = re.compile(r"(?<=\w)[*†‡§¶]+(?=\s|$)")
ETC_RE = re.compile(r"\s*\{?\s*etc\.?\s*\}?\s*", re.IGNORECASE)
WOS_KEY_RE = re.compile(r"\s*(WOS|ISI):\d")
CORPORATE_RE = re.compile(r"(.+?),\s*CORPORATE")


def _names(value: object) -> tuple[list[str], list[str], bool]:
    """(names "First von Last Jr", names as printed with accents decoded, "and others")."""
    printed = value if isinstance(value, list) else [str(value)]
    names, raw, truncated = [], [], False
    for name in printed:
        # "and others", or "and et al." / "and etc." as people write it by hand in citation blocks
        if is_et_al(name) or ETC_RE.fullmatch(name):
            truncated = True
            continue
        if is_no_author(_decode(name)):  # Web of Science's "{[}Anonymous]": no known author, not a person
            continue
        corporate = CORPORATE_RE.fullmatch(_decode(name))
        if corporate:  # the ACM Digital Library marks a body's name: "Task Force of the ACM, CORPORATE"
            names.append(corporate.group(1))
            raw.append(_decode(name))
            continue
        try:
            parts = parse_single_name_into_parts(_decode(name, _NAME_DECODER), strict=False)
            words = [*parts.first, *parts.von, *parts.last, *parts.jr]
            shown = " ".join(" ".join(words).replace("{", "").replace("}", "").split())
            # names copied from a paper's byline keep its footnote marks ("Lowe*, Ryan" for equal
            # contribution, as OpenReview prints them): the mark is not part of the name
            shown = " ".join(FOOTNOTE_MARK_RE.sub("", shown).split())
        except Exception:  # a name bibtexparser cannot split is kept whole
            shown = _decode(name)
        # arXiv's BibTeX of a team report prints the colon of "OpenAI: Josh Achiam, …" as a name
        # ("OpenAI and : and Josh Achiam"): punctuation alone names nobody.
        if any(c.isalnum() for c in shown):
            names.append(shown)
            raw.append(_decode(name))
    return names, raw, truncated


def wos_orcids(value: str, printed: list[str]) -> list[str | None]:  # also kg.extract.wos (OI)
    """Each printed author's ORCID from Web of Science's `ORCID-Numbers` ("Heron, Grace/0000-…" a
    line): by the full name, else by the one author whose name it begins ("Bergmann, Luciano" for
    "Bergmann, Luciano Andrei"), else by the one author printed with that surname and initial
    (older records print "Aria, M." where the ORCID list prints "Aria, Massimo")."""
    keys = [" ".join(p.split()).casefold() for p in printed]
    out: list[str | None] = [None] * len(printed)
    for line in value.replace("{", "").replace("}", "").split("\n"):
        name, _, number = line.rpartition("/")
        orcid = normalize_orcid(number)
        name = " ".join(name.split()).casefold()
        if not (orcid and name):
            continue
        found = [i for i, k in enumerate(keys) if k == name]
        found = found or [i for i, k in enumerate(keys) if k.startswith(name + " ")]
        found = found or [i for i, k in enumerate(keys) if _initialled(k, name)]
        if len(found) == 1 and out[found[0]] is None:
            out[found[0]] = orcid
    return out


INITIALS_RE = re.compile(r"(?:[^\W\d_]\.?[\s-]*){1,3}")


def _initialled(printed: str, full: str) -> bool:
    last, _, given = printed.partition(",")
    full_last, _, full_given = full.partition(",")
    given, full_given = given.strip(), full_given.strip()
    return (
        bool(given and full_given) and last == full_last and given[0] == full_given[0] and len(given.rstrip(".")) <= 3
    )


def _venue(text: str) -> str:
    """The venue as printed, an ADS journal macro ("\\apj") as the abbreviation it stands for."""
    macro = AAS_MACRO_RE.fullmatch(text.strip())
    if macro and macro.group(1) in AAS_JOURNALS:
        return AAS_JOURNALS[macro.group(1)]
    return _decode(text)


def _unescaped(text: str) -> str:
    """An identifier as it reads once LaTeX's escapes are undone: Web of Science, JabRef and
    Mendeley print a DOI's underscore as "\\_" ("10.1386/eta\\_00143\\_1"), some a brace around it."""
    return re.sub(r"\\([_%&#$])", r"\1", text).replace("{", "").replace("}", "")


def _date(fields: dict[str, object]) -> tuple[str | None, int | None]:
    """(ISO date when a day is known, year) from BibLaTeX `date` or BibTeX year/month/day."""
    date = str(fields.get("date") or "")
    iso = ISO_DAY_RE.match(date)
    if iso and iso_day(*map(int, iso.groups())):
        return iso_day(*map(int, iso.groups())), int(iso.group(1))
    found = YEAR_RE.search(str(fields.get("year") or "")) or YEAR_RE.search(date)
    year = int(found.group(1)) if found else None
    month_text = str(fields.get("month") or "").strip().lower()
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text[:3])
    day_text = str(fields.get("day") or "").strip()
    day = iso_day(year, month, int(day_text)) if year and month and day_text.isdigit() else None
    return day, year


def _arxiv(fields: dict[str, object]) -> tuple[str, str | None] | None:
    prefix = str(fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if fields.get("eprint") and prefix in ("", "arxiv"):
        found = normalize_arxiv(str(fields["eprint"]))
        if found:
            return found
    if fields.get("arxiv"):
        return normalize_arxiv(str(fields["arxiv"]))
    venue = str(fields.get("journal") or fields.get("journaltitle") or "")
    if arxiv_volume(venue, str(fields.get("volume") or "")):
        return normalize_arxiv(arxiv_volume(venue, str(fields["volume"])))
    # Google Scholar names a preprint only in its venue ("journal={arXiv preprint arXiv:2012.13995}");
    # others in a note, howpublished or the URL of its arXiv page.
    for key in ("journal", "journaltitle", "note", "howpublished", "booktitle", "url"):
        text = str(fields.get(key) or "")
        marked = "arxiv.org/" in text.lower() if key == "url" else "arxiv" in text.lower()
        found = normalize_arxiv(text) if marked else None
        if found:
            return found
    return None


def _dblp_key(key: str, biburl: str) -> str | None:
    """The DBLP record key of an entry exported from DBLP (its `biburl`, else its "DBLP:" key)."""
    found = DBLP_BIBURL_RE.search(biburl.strip())
    if found:
        return found.group(1)
    if key.startswith("DBLP:") and DBLP_KEY_RE.fullmatch(key[5:]):
        return key[5:]
    return None


def _xdata(fields: dict[str, object], parents: dict[str, dict[str, object]]) -> list[str]:
    """Fills missing fields from the @xdata entries named in `xdata`; the keys not in the file."""
    missing = []
    for key in str(fields.get("xdata") or "").split(","):
        parent = parents.get(key.strip().lower())
        if parent is None:
            missing.append(key.strip())
            continue
        for name, value in parent.items():
            fields.setdefault(name, value) if name != "entrytype" else None
    return [key for key in missing if key]


def _inherit(fields: dict[str, object], parents: dict[str, dict[str, object]]) -> str | None:
    """Fills missing fields from the crossref'd entry; the parent's key, or None when absent."""
    key = str(fields.get("crossref") or "").strip()
    parent = parents.get(key.lower())
    if parent is None:
        return None
    for name, value in parent.items():
        if name in ("title", "entrytype") or name in fields:
            continue
        fields[name] = value
    title_as = PARENT_TITLE_AS.get(str(parent.get("entrytype", "")), "booktitle")
    if parent.get("title") and not fields.get(title_as):
        fields[title_as] = parent["title"]
    return key


def _top_commas(text: str) -> list[str]:
    """The text cut at the commas outside braces ("{Smith, Jones and Co}" stays whole)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [p.strip() for p in [*parts, text[start:]] if p.strip()]


def _comma_listed(names: object, fields: dict[str, object]) -> object:
    """Kaggle's "Cite" BibTeX lists its authors with commas, handles among them ("author =
    {Walter Reade, Ashley Chow}", "{cjadams, Daniel Borkan, inversion, …}"): there a comma
    separates two people, not a surname from a first name. (Elsewhere commas alone are Scopus's
    "Last, I., Last, I." pairs, read by addresses.scopus_lettered, or BibTeX's "Last, Jr, First".)"""
    if not isinstance(names, list) or len(names) != 1:
        return names
    kaggle = "kaggle" in str(fields.get("publisher") or "").lower() or "kaggle.com/" in str(fields.get("url") or "")
    parts = _top_commas(str(names[0])) if kaggle else []
    return parts if len(parts) > 1 else names


def _record(source: str, entry: Entry, fields: dict[str, object], printed_key: str) -> Record:
    line = (entry.start_line or 0) + 1
    names = _comma_listed(fields.get("author", []), fields)
    lettered = scopus_lettered(names, str(fields.get("affiliation") or "")) if isinstance(names, list) else None
    authors, printed, truncated = _names(lettered[0] if lettered else names)
    date, year = _date(fields)
    arxiv = _arxiv(fields)
    identifiers = {"bibtex": printed_key}
    dblp = _dblp_key(entry.key, str(fields.get("biburl") or ""))
    if dblp:
        identifiers["dblp"] = dblp
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    url = str(fields.get("url") or "").strip()
    if url:
        identifiers["url"] = url
    doi = normalize_doi(_unescaped(str(fields.get("doi") or "")))
    doi = doi or (normalize_doi(_unescaped(url)) if "doi.org/" in url else None)
    if "sciencedirect.com/" in url:
        for key in ("title", "abstract", "journal", "booktitle"):
            fields[key] = SD_BRACE_RE.sub(r"\1", str(fields.get(key) or ""))
    venue = next((_venue(str(fields[k])) for k in ("journal", "journaltitle", "booktitle") if fields.get(k)), "")
    if fields.get("booktitle") and PREPRINT_VENUE_RE.match(venue):
        # Semantic Scholar prints a proceedings paper with the arXiv copy as its journal
        # ("booktitle = {Neural Information Processing Systems}, journal = {ArXiv}, volume = {abs/…}"):
        # the arXiv id is kept from the volume, the venue is the meeting's.
        venue = _venue(str(fields["booktitle"]))
    # BibLaTeX names arXiv's class `eprintclass` (`primaryclass` is its BibTeX alias)
    category = str(fields.get("primaryclass") or fields.get("eprintclass") or "").strip() or None
    if category and "." not in category and not is_known(category):
        # Zotero prints only the archive of an arXiv preprint ("primaryclass = {cs}"): no category
        category = None
    details: list[AuthorInfo] = []
    if any(p != a for p, a in zip(printed, authors)):
        details = [AuthorInfo(raw_name=p) if p != a else AuthorInfo() for p, a in zip(printed, authors)]
    per_author = lettered[1] if lettered else None
    wos = bool(WOS_KEY_RE.match(entry.key) or str(fields.get("unique-id") or "").startswith("WOS:"))
    if per_author is None and fields.get("affiliation") and isinstance(names, list):
        per_author = wos_affiliations(str(fields["affiliation"]), [str(n) for n in names])
    addresses = str(fields.get("affiliations" if not wos else "affiliation") or fields.get("affiliation") or "")
    scopus = str(fields.get("source") or "").strip().lower() == "scopus"
    if per_author is None and len(authors) == 1 and addresses and (wos or scopus):
        per_author = [sole_author_affiliations(addresses, wos)]  # one author: the record's addresses are theirs
    if per_author and len(per_author) == len(authors) and any(per_author):
        details = details or [AuthorInfo() for _ in authors]
        for info, orgs in zip(details, per_author):
            if orgs:  # Web of Science prints the names LaTeX-escaped ("Xian Univ Architecture \& Technol")
                info["affiliations"] = [{**a, "name": _decode(a["name"])} for a in orgs]  # type: ignore[typeddict-item]
    if fields.get("orcid-numbers") and isinstance(names, list) and len(names) == len(authors):
        orcids = wos_orcids(str(fields["orcid-numbers"]), [str(n) for n in names])
        if any(orcids):
            details = details or [AuthorInfo() for _ in authors]
            for info, orcid in zip(details, orcids):
                if orcid:
                    info["orcid"] = orcid
    abstract = _decode(str(fields["abstract"])) if fields.get("abstract") else None
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=_decode(str(fields["title"])),
        abstract=abstract or None,
        authors=authors,
        authors_truncated=truncated,
        category=category,
        categories=[category] if category else [],
        date=date,
        year=None if date else year,
        venue=venue or None,
        arxiv_id=arxiv[0] if arxiv else None,
        doi=doi,
        identifiers=identifiers,
        entry_type=entry.entry_type.lower(),
        author_details=details,
        locator=printed_key,
    )


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    text = "\n".join(line.rstrip("\r") for line in lines).lstrip("\ufeff")
    text = WRAPPED_ESCAPE.sub(r"\\\2\n\1", text)
    printed_keys: dict[str, str] = {}
    for found in COMMA_KEY.finditer(text):
        printed_keys[f"{found.group(2)} {found.group(3)}"] = f"{found.group(2)}, {found.group(3)}"
    text = COMMA_KEY.sub(r"\1\2 \3\4", text) if printed_keys else text
    try:
        library = _parse(text)
    except Exception as e:  # the library's own failure: the whole file is one reject, never a traceback
        out.rejects.append(reject(source, 1, f"bibtexparser could not read the file: {e}", lines[:20], "bad_syntax"))
        return out
    entries: list[tuple[Entry, dict[str, object]]] = []
    parents: dict[str, dict[str, object]] = {}
    for block in library.blocks:
        entry = _entry_of(source, block, library, out)
        if entry is None:
            continue
        fields = _fields(entry)
        fields["entrytype"] = entry.entry_type.lower()
        parents[entry.key.lower()] = dict(fields)
        if entry.entry_type.lower() in NOT_ENTRIES:
            if entry.entry_type.lower() in ("set", "xdata"):
                out.page.notes.append(
                    f"@{entry.entry_type} {entry.key} (line {(entry.start_line or 0) + 1}) is no paper"
                )
            continue
        entries.append((entry, fields))
    crossrefed = {str(fields.get("crossref") or "").strip().lower() for _, fields in entries} - {""}
    volumes = [e for e, f in entries if e.key.lower() in crossrefed and f["entrytype"] in VOLUMES]
    if volumes:
        first = volumes[0]
        out.page.notes.append(
            f"{len(volumes)} volumes that other entries crossref (first: @{first.entry_type.lower()}"
            f" {first.key}, line {(first.start_line or 0) + 1}) are read as those entries' venue, not as papers"
        )
        kept = {id(e) for e, _ in entries} - {id(e) for e in volumes}
        entries = [(e, f) for e, f in entries if id(e) in kept]
    unresolved: list[str] = []
    for entry, fields in entries:
        line = (entry.start_line or 0) + 1
        printed = fields.get("author", [])
        # a bare word bibtexparser could not resolve keeps "no-enclosing" ("Author = SmithJ,")
        bare = any(f.key == "author" and f.enclosing == "no-enclosing" for f in entry.fields)
        if bare or any(UNRESOLVED_RE.search(str(p)) for p in (printed if isinstance(printed, list) else [printed])):
            # the names behind the macros are in another file: the authors stay unknown, not "SmithJ # and # DoeA"
            unresolved.append(f"{entry.key} (line {line})")
            fields["author"] = []
        for key in _xdata(fields, parents) if fields.get("xdata") else []:
            out.page.notes.append(f"{entry.key} (line {line}): xdata {key} is not in the file")
        if fields.get("crossref") and _inherit(fields, parents) is None:
            out.page.notes.append(f"{entry.key} (line {line}): crossref {fields['crossref']} is not in the file")
        if not _decode(str(fields.get("title") or "")):
            bad = reject(source, line, f"entry {entry.key or '(no key)'} has no title", [entry.raw or ""], "bad_entry")
            bad.locator = entry.key or None
            out.rejects.append(bad)
            continue
        out.records.append(_record(source, entry, fields, printed_keys.get(entry.key, entry.key)))
    if unresolved:
        out.page.notes.append(
            f"{len(unresolved)} entries print their authors as @string macros this file does not define"
            f" (first: {unresolved[0]}); their authors are left unknown"
        )
    return out


def _entry_of(source: str, block: object, library: Library, out: Extraction) -> Entry | None:
    """The entry a block holds, or None (rejecting it when it is a failed block)."""
    if isinstance(block, Entry):
        return block
    line = (getattr(block, "start_line", 0) or 0) + 1
    raw = getattr(block, "raw", "") or ""
    if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock) and isinstance(
        block.ignore_error_block, Entry
    ):
        # Two entries with one key are still two entries (resolution decides whether they are
        # one paper); an entry printing a field twice (Scopus repeats `funding_details`) is
        # still an entry, read with the last value of the field.
        entry = _transformed(block.ignore_error_block, library)
        if entry is not None:
            what = (
                f"entry key {entry.key} appears again"
                if isinstance(block, DuplicateBlockKeyBlock)
                else (f"{entry.key} prints {', '.join(sorted(block.duplicate_keys))} more than once")
            )
            out.page.notes.append(f"line {line}: {what}; read")
            return entry
    if isinstance(block, MiddlewareErrorBlock) and isinstance(block.ignore_error_block, Entry):
        out.page.notes.append(f"line {line}: {block.error}; the entry is read with its fields as printed")
        return block.ignore_error_block
    if isinstance(block, ParsingFailedBlock):
        key = KEY_IN_RAW.search(raw)
        first = raw.strip().splitlines()[0][:80] if raw.strip() else ""
        reason = f"BibTeX block at line {line} does not parse ({_why(block.error)}): {first}"
        bad = reject(source, line, reason, [raw], "bad_syntax")
        bad.locator = (key.group(1) if key else None) or None
        out.rejects.append(bad)
    return None


def _why(error: Exception | None) -> str:
    # The splitter's BlockAbortedException keeps its sentence in `abort_reason`, not in str().
    text = " ".join(str(getattr(error, "abort_reason", "") or error or "").split())
    return text or type(error).__name__


def render(records: list[Record], page: Page | None = None) -> str:
    """BibTeX for records, written by bibtexparser's writer (tests read it back)."""
    library = Library()
    for n, r in enumerate(records):
        key = r.identifiers.get("bibtex") or f"kg{n}"
        fields = [Field("title", _escape(r.title))]
        names = [_escape(a) for a in r.authors] + (["others"] if r.authors_truncated else [])
        if names:
            fields.append(Field("author", " and ".join(names)))
        if r.date:
            fields.append(Field("date", r.date))
        if r.year:
            fields.append(Field("year", str(r.year)))
        if r.venue:
            fields.append(Field("journal", _escape(r.venue)))
        if r.doi:
            fields.append(Field("doi", r.doi))
        if r.arxiv_id:
            fields += [Field("eprint", r.arxiv_id), Field("archiveprefix", "arXiv")]
        library.add(Entry(r.entry_type or "article", key, fields))
    return bibtexparser.write_string(library)


# LaTeX's special characters and the ligatures (--, ``, '') that decoding would turn into others.
_ESCAPES = [("\\", "\\textbackslash{}"), ("{", "\\{"), ("}", "\\}")]
_ESCAPES += [(c, "\\" + c) for c in "&%$#_"]
_ESCAPES += [("~", "\\textasciitilde{}"), ("^", "\\textasciicircum{}")]


def _escape(text: str) -> str:
    out = "".join(next((v for k, v in _ESCAPES if k == c), c) for c in text)
    for ligature in ("--", "``", "''", "!`", "?`"):
        out = out.replace(ligature, ligature[0] + "{}" + ligature[1])
    return out


FORMAT = InputFormat(
    name=NAME,
    description="BibTeX / BibLaTeX export (.bib): @string macros, crossref, LaTeX accents, 'and others'",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=20,
    kind="export",
)
