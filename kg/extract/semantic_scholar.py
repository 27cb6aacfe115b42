"""Semantic Scholar Academic Graph answers saved as JSON, and the datasets' JSON Lines.

Shapes read (learned from recorded answers of api.semanticscholar.org, see the tests' list):
- a list of papers (`POST /paper/batch`), with null where an id asked for was not found;
- {"total", "offset", "next", "data": [paper …]} (`/paper/search`), {"total", "token", "data"}
  (`/paper/search/bulk`), {"offset", "next", "data"} (`/author/{id}/papers`), {"data"} (`/paper/search/match`);
- {"data": [{"citingPaper": paper …}]} and {"data": [{"citedPaper": paper …}]} (citations, references);
- {"data": [{"snippet", "score", "paper"}]} (`/snippet/search`), {"recommendedPapers": [paper …]};
- one paper (`/paper/{id}`), whose `citations` and `references`, when asked for, are papers too;
- authors (`/author/{id}`, `/author/batch`, `/author/search`): their `papers` are read, the author
  alone describes no paper and is one `not_a_paper` reject;
- JSON Lines: a paper a line, in the API's keys (camelCase) or the `papers` dataset's (lower case:
  corpusid, externalids, publicationdate …), or the old Open Research Corpus's (id, paperAbstract,
  authors [{name, ids}]); an answer a line has its papers read at "/n/data/k".

Each paper becomes a record located by its JSON pointer and the line it starts on; a paper without
a title (an answer asked for other fields) is a `bad_entry` reject, and so is a null in a batch (an
id Semantic Scholar did not find): the file holds no paper where one was asked for, and rejects.jsonl
says at which place. Identifiers: `paperId` as "s2", CorpusId, DBLP key, MAG, PubMed, PubMedCentral
and ACL ids as "corpusid", "dblp", "mag", "pmid", "pmcid", "acl"; DOI lower case; the arXiv id from
`ArXiv`, else arXiv's DOI (10.48550/arXiv.…), else a CoRR volume ("abs/2101.06569"). Dates:
Semantic Scholar prints a full `publicationDate` where its source gave a month only, on the 1st
(24% of 1,039 dates in recorded answers fall on a 1st): as with OpenAlex, a date on a 1st reads
as its year. The venue is `venue` (the same as `publicationVenue.name` wherever both are given),
else `publicationVenue.name`, else `journal.name` (which says "ArXiv" for papers whose venue is a
journal). `tldr` is a machine summary, kept as `summary`, never the abstract. `fieldsOfStudy` and
`s2FieldsOfStudy` are Semantic Scholar's own subject labels, not arXiv categories: not read, as
the OpenAlex reader leaves its concepts. An author id (`authorId`) identifies a person; the
author's ORCID and DBLP name (`externalIds`) and affiliations are kept where the answer has them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from kg.extract.base import Context, InputFormat, reject
from kg.extract.csl_json import Position, broken_json, check_trailing, json_head, json_lines, skip_space, walk_array
from kg.extract.openalex import clean
from kg.extract.text import arxiv_volume
from kg.identifiers import arxiv_of_doi, normalize_arxiv, normalize_doi, normalize_orcid
from kg.model import AuthorInfo, Extraction, Page, Record

NAME = "semantic-scholar"

SNIFF_CHARS = 8192
_DECODER = json.JSONDecoder()
KEY_RE = re.compile(r'"([A-Za-z0-9_-]+)"\s*:')
# Keys of other JSON formats kg reads: their files are never Semantic Scholar's.
OTHER_KEYS = {"authorships", "message-type", "date-parts", "container-title"}
# Where an answer lists what it holds.
LISTS = ("data", "recommendedPapers")
# externalIds of a paper -> Record.identifiers key (DOI and ArXiv are Record fields).
PAPER_IDS = {"CorpusId": "corpusid", "DBLP": "dblp", "MAG": "mag", "PubMed": "pmid", "PubMedCentral": "pmcid"}
PAPER_IDS |= {"ACL": "acl"}
PAPER_URL_RE = re.compile(r"semanticscholar\.org/paper/(?:[^/?#]*/)?([0-9a-f]{40})\b")


def _keys(head: str) -> set[str]:
    return set(KEY_RE.findall(head))


def sniff(lines: list[str]) -> float:
    """Sure when a JSON document or JSON Lines file carries Semantic Scholar's own keys."""
    head = json_head(lines, SNIFF_CHARS)
    if not head:
        return 0.0
    keys = _keys(head)
    if keys & OTHER_KEYS:
        return 0.0
    if "paperId" in keys or {"citingPaper", "citedPaper", "recommendedPapers"} & keys:
        return 0.9
    if "corpusid" in keys and keys & {"externalids", "title", "publicationvenueid"}:
        return 0.9  # the papers dataset
    if {"s2Url", "paperAbstract"} <= keys:
        return 0.9  # the Open Research Corpus (2019-2021)
    if "corpusId" in keys and "title" in keys:
        return 0.85  # snippet search: papers named by corpus id only
    if "authorId" in keys and "name" in keys:
        return 0.8  # authors: their papers, or one reject each
    return 0.0


# --- one paper -> one record ----------------------------------------------------------------


def _get(obj: dict, key: str) -> Any:
    """The API's camelCase key, else the datasets' lower-case one."""
    value = obj.get(key)
    return obj.get(key.lower()) if value is None else value


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return clean(value) or None if isinstance(value, str) else None


def _date(paper: dict) -> tuple[str | None, int | None]:
    """(date, year): a day only when it is not the 1st Semantic Scholar fills a month-only date with."""
    year = _get(paper, "year")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    printed = _get(paper, "publicationDate")
    if isinstance(printed, str):
        try:
            day = dt.date.fromisoformat(printed.strip()[:10])
        except ValueError:
            return None, year
        if day.day != 1:
            return day.isoformat(), None
        return None, year or day.year
    return None, year


def _dblp_name(value: Any) -> str | None:
    """An author's DBLP name: a list of the names DBLP gives the person, the first its own."""
    if isinstance(value, list):
        value = value[0] if value else None
    return _text(value)


def _authors(paper: dict) -> tuple[list[str], list[AuthorInfo], int]:
    listed = _get(paper, "authors")
    listed = listed if isinstance(listed, list) else []
    names: list[str] = []
    details: list[AuthorInfo] = []
    for author in listed:
        if isinstance(author, str):  # snippet search prints names only
            author = {"name": author}
        if not isinstance(author, dict):
            continue
        name = _text(author.get("name"))
        if not name:
            continue  # nobody to name; author_count still counts them
        info: AuthorInfo = {}
        s2_id = _text(author.get("authorId") or author.get("authorid"))
        if not s2_id and isinstance(author.get("ids"), list) and author["ids"]:  # the Open Research Corpus
            s2_id = _text(author["ids"][0])
        if s2_id:
            info["semanticscholar"] = s2_id
        ids = _get(author, "externalIds")
        ids = ids if isinstance(ids, dict) else {}
        orcid = normalize_orcid(ids["ORCID"]) if isinstance(ids.get("ORCID"), str) else None
        if orcid:
            info["orcid"] = orcid
        dblp = _dblp_name(ids.get("DBLP"))
        if dblp:
            info["dblp"] = dblp
        affiliations = [_text(a) for a in author.get("affiliations") or [] if _text(a)]
        if affiliations:
            info["affiliations"] = [{"name": a} for a in affiliations if a]
        names.append(name)
        details.append(info)
    return names, (details if any(details) else []), len(listed)


def _venue(paper: dict) -> str | None:
    place = _get(paper, "publicationVenue")
    journal = _get(paper, "journal")
    return (
        _text(_get(paper, "venue"))
        or (_text(place.get("name")) if isinstance(place, dict) else None)
        or (_text(journal.get("name")) if isinstance(journal, dict) else None)
        or _text(paper.get("journalName"))  # the Open Research Corpus
    )


def _arxiv(ids: dict, doi: str | None, paper: dict) -> tuple[str, str | None] | None:
    journal = _get(paper, "journal")
    journal = journal if isinstance(journal, dict) else {}
    return (
        normalize_arxiv(_text(ids.get("ArXiv")))
        or arxiv_of_doi(doi)
        # an arXiv preprint cited by its CoRR volume: journal "ArXiv", volume "abs/2101.06569"
        or normalize_arxiv(arxiv_volume(_text(journal.get("name")), _text(journal.get("volume"))))
    )


def _paper_record(source: str, line: int, pointer: str, paper: dict, title: str) -> Record:
    ids = _get(paper, "externalIds")
    ids = ids if isinstance(ids, dict) else {}
    doi = normalize_doi(_text(ids.get("DOI")) or _text(paper.get("doi")))
    arxiv = _arxiv(ids, doi, paper)
    identifiers: dict[str, str] = {}
    s2 = _text(paper.get("paperId")) or (_text(paper.get("id")) if "s2Url" in paper else None)
    url = _text(paper.get("url")) or _text(paper.get("s2Url"))
    in_url = PAPER_URL_RE.search(url) if url and not s2 else None
    s2 = s2 or (in_url.group(1) if in_url else None)  # the papers dataset names a paper by its URL only
    if s2:
        identifiers["s2"] = s2
    for key, plain in PAPER_IDS.items():
        if _text(ids.get(key)):
            identifiers[plain] = _text(ids[key])  # type: ignore[assignment]
    corpus = _text(_get(paper, "corpusId"))
    if corpus and "corpusid" not in identifiers:
        identifiers["corpusid"] = corpus
    for key, plain in (("pmid", "pmid"), ("magId", "mag")):  # the Open Research Corpus
        if _text(paper.get(key)) and plain not in identifiers:
            identifiers[plain] = _text(paper[key])  # type: ignore[assignment]
    if url:
        identifiers["url"] = url
    if arxiv and arxiv[1]:
        identifiers["arxiv_version"] = arxiv[1]
    authors, details, count = _authors(paper)
    date, year = _date(paper)
    tldr = paper.get("tldr")
    types = _get(paper, "publicationTypes")
    return Record(
        source=source,
        line=line,
        layout=NAME,
        title=title,
        abstract=_text(paper.get("abstract")) or _text(paper.get("paperAbstract")),
        summary=_text(tldr.get("text")) if isinstance(tldr, dict) else None,
        authors=authors,
        author_count=count or None,
        date=date,
        year=year,
        venue=_venue(paper),
        arxiv_id=arxiv[0] if arxiv else None,
        doi=doi,
        identifiers=identifiers,
        entry_type=_text(types[0]) if isinstance(types, list) and types else None,
        author_details=details,
        locator=pointer,
    )


# --- the JSON as papers, each with where it starts ---------------------------------------------


def _is_author(obj: dict) -> bool:
    return bool(obj.get("authorId") or obj.get("authorid")) and not any(
        k in obj for k in ("paperId", "title", "corpusId", "corpusid")
    )


@dataclass
class _Reader:
    source: str
    text: str
    at: Position
    out: Extraction

    def bad(self, line: int, pointer: str, reason: str, raw: str, code: str) -> None:
        where = f" {pointer}" if pointer else ""
        rejected = reject(self.source, line, f"Semantic Scholar entry{where}: {reason}", raw.split("\n"), code)
        rejected.locator = pointer or None
        self.out.rejects.append(rejected)

    def items(self, begin: int, end: int, key: str, values: list) -> list[tuple[int, int, Any]] | None:
        """Where each element of `key`'s list inside the object at text[begin:end] starts and ends;
        None when the first such key there is not that list (its elements then take the object's line)."""
        found = re.compile(rf'"{re.escape(key)}"\s*:\s*\[').search(self.text, begin, end)
        if found is None:
            return None
        items, error, _stop = walk_array(self.text, found.end() - 1)
        if error is not None or [v for _, _, v in items] != values:
            return None
        return items

    def each(self, begin: int, end: int, pointer: str, key: str, values: list) -> None:
        """The elements of a list held at `pointer/key`, each read as an entry."""
        placed = self.items(begin, end, key, values)
        line = self.at.line(begin)
        for n, value in enumerate(values):
            if placed:
                b, e, _ = placed[n]
                self.entry(self.at.line(b), f"{pointer}/{key}/{n}", value, b, e)
            else:
                self.entry(line, f"{pointer}/{key}/{n}", value, None, None)

    def entry(self, line: int, pointer: str, value: Any, begin: int | None, end: int | None) -> None:
        """One element: a paper, a wrapper around one (citations, references, snippets), an author
        with papers, or what describes no paper."""
        if value is None:
            why = "null: Semantic Scholar found no paper (or author) for the id asked for at this place"
            self.bad(line, pointer, why, "null", "bad_entry")
            return
        if not isinstance(value, dict):
            why = f"{type(value).__name__}, not a JSON object"
            self.bad(line, pointer, why, self.raw(value, begin, end), "bad_record")
            return
        for wrapper in ("citingPaper", "citedPaper", "paper"):
            inner = value.get(wrapper)
            if isinstance(inner, dict) and "paperId" not in value and "title" not in value:
                at = self.text.find(f'"{wrapper}"', begin, end) if begin is not None else -1
                inner_line = self.at.line(at) if at >= 0 else line
                self.entry(inner_line, f"{pointer}/{wrapper}", inner, None, None)
                return
        if _is_author(value):
            self.author(line, pointer, value, begin, end)
            return
        self.paper(line, pointer, value, begin, end)

    def raw(self, value: Any, begin: int | None, end: int | None) -> str:
        """The entry's text as the file prints it, or as JSON where its place is not known (made only
        for a reject: most entries are records)."""
        return self.text[begin:end] if begin is not None else json.dumps(value, ensure_ascii=False)

    def paper(self, line: int, pointer: str, paper: dict, begin: int | None, end: int | None) -> None:
        title = _text(paper.get("title"))
        if title:
            self.out.records.append(_paper_record(self.source, line, pointer, paper, title))
        else:
            named = _text(paper.get("paperId")) or _text(_get(paper, "corpusId")) or _text(paper.get("id"))
            what = f"paper {named}" if named else "an object with no paper id"
            why = f"{what} has no title (the answer was asked for other fields)"
            self.bad(line, pointer, why, self.raw(paper, begin, end), "bad_entry")
        for key in ("citations", "references"):  # asked for with fields=citations.title, …
            if isinstance(paper.get(key), list):
                if begin is not None and end is not None:
                    self.each(begin, end, pointer, key, paper[key])
                else:
                    for n, value in enumerate(paper[key]):
                        self.entry(line, f"{pointer}/{key}/{n}", value, None, None)

    def author(self, line: int, pointer: str, author: dict, begin: int | None, end: int | None) -> None:
        papers = author.get("papers")
        if isinstance(papers, list):
            if begin is not None and end is not None:
                self.each(begin, end, pointer, "papers", papers)
            else:
                for n, value in enumerate(papers):
                    self.entry(line, f"{pointer}/papers/{n}", value, None, None)
            return
        who = f"{_text(author.get('name')) or 'no name'}, {_text(author.get('authorId') or author.get('authorid'))}"
        why = f"an author ({who}) with no papers listed, not a paper"
        self.bad(line, pointer, why, self.raw(author, begin, end), "not_a_paper")

    def document(self, start: int) -> None:
        """The file as one JSON document: a list, an answer with a list, one paper or one author."""
        text = self.text
        if text[start] == "[":
            self.top_list(start, "")
            return
        try:
            whole, end = _DECODER.raw_decode(text, start)
        except json.JSONDecodeError as e:
            for key in (*LISTS, "papers"):  # cut off or broken inside its list: keep the papers before
                found = re.compile(rf'"{key}"\s*:\s*\[').search(text, start)
                if found:
                    self.top_list(found.end() - 1, f"/{key}")
                    return
            self.out.rejects.append(broken_json(self.source, text, self.at, start, e, ""))
            return
        if not isinstance(whole, dict):
            self.bad(self.at.line(start), "", "a JSON value that is no answer", text[start:end], "bad_record")
            return
        listed = next((key for key in LISTS if isinstance(whole.get(key), list)), None)
        if listed:
            self.each(start, end, "", listed, whole[listed])
            self.counts(whole, len(whole[listed]))
        elif _is_author(whole):
            if isinstance(whole.get("papers"), list):
                self.owner(whole)
            self.author(self.at.line(start), "", whole, start, end)
        elif set(whole) <= {"error", "message", "code"}:
            said = _text(whole.get("error")) or _text(whole.get("message")) or "no message"
            why = f"an error answer ({said}), no paper"
            self.bad(self.at.line(start), "", why, text[start:end], "no_listing")
        else:
            self.entry(self.at.line(start), "", whole, start, end)
        check_trailing(self.source, text, self.at, end, self.out)

    def top_list(self, array: int, prefix: str) -> None:
        items, error, stop = walk_array(self.text, array)
        for n, (begin, end, value) in enumerate(items):
            self.entry(self.at.line(begin), f"{prefix}/{n}", value, begin, end)
        if error is not None:
            self.out.rejects.append(broken_json(self.source, self.text, self.at, stop, error, f"{prefix}/{len(items)}"))
        elif not prefix:
            check_trailing(self.source, self.text, self.at, stop, self.out)

    def counts(self, answer: dict, held: int) -> None:
        total = answer.get("total")
        if isinstance(total, int) and total > held:
            note = f"Semantic Scholar counts {total} results for the query; this answer holds {held}"
            self.out.page.notes.append(note)
        elif answer.get("next") is not None or answer.get("token"):
            self.out.page.notes.append("the answer is one page of a longer list (it names the next)")

    def owner(self, author: dict) -> None:
        """One author's answer is their profile: its papers are theirs (as a profile page's)."""
        page = self.out.page
        page.owner = _text(author.get("name"))
        for key, field in (("hIndex", "h_index"), ("paperCount", "papers"), ("citationCount", "citations")):
            if isinstance(author.get(key), int) and not isinstance(author.get(key), bool):
                setattr(page, field, author[key])


def _is_json_lines(lines: list[str]) -> bool:
    filled = [line.strip() for line in lines if line.strip()]
    if len(filled) < 2 or not filled[0].startswith("{"):
        return False
    try:
        return isinstance(json.loads(filled[0]), dict)
    except json.JSONDecodeError:
        return filled[0].startswith('{"') and bool(_keys(filled[0]) & {"paperId", "corpusid", "s2Url"})


def _json_lines(reader: _Reader, lines: list[str]) -> None:
    reader.out.page.notes.append("JSON Lines: one paper (or answer) per line")
    for i, pointer, value, problem in json_lines(lines):
        if problem is not None:
            reader.bad(i + 1, pointer, problem[0], lines[i], problem[1])
            continue
        listed = next((k for k in LISTS if isinstance(value, dict) and isinstance(value.get(k), list)), None)
        if listed:  # answers saved one per line (pages of a search)
            for k, each in enumerate(value[listed]):
                reader.entry(i + 1, f"{pointer}/{listed}/{k}", each, None, None)
        else:
            reader.entry(i + 1, pointer, value, None, None)


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    text = "\n".join(line.rstrip("\r") for line in lines).lstrip("\ufeff")
    reader = _Reader(source, text, Position(text), out)
    if _is_json_lines(lines):
        _json_lines(reader, [line.rstrip("\r").lstrip("\ufeff") for line in lines])
        return out
    start = skip_space(text, 0)
    if start >= len(text):
        out.rejects.append(reject(source, 1, "the file holds no JSON", lines, "empty"))
        return out
    reader.document(start)
    return out


FORMAT = InputFormat(
    name=NAME,
    description="Semantic Scholar API answers (paper search, batch, citations, authors' papers) and dataset JSON Lines",
    sniff=sniff,
    extract=extract,
    render=None,
    priority=20,
    kind="export",
)
