"""The Crossref REST API reader on small invented answers with the API's real envelope and fields:
one work, a work list, an organisation author, ORCID with affiliations and ROR, JATS abstracts, and
answers that are not works. Each answer is chosen by content, as a build chooses it."""

from __future__ import annotations

import datetime as dt
import json

from kg.extract import Context, choose

CTX = Context(as_of=dt.date(2026, 11, 24))


def read(answer: dict | str):
    text = answer if isinstance(answer, str) else json.dumps(answer, indent=2, ensure_ascii=False)
    lines = text.split("\n")
    chosen = choose(lines)
    assert chosen is not None, "no format claims the answer"
    fmt, view = chosen
    assert fmt.name == "crossref"
    return fmt.extract("answer.json", view.lines, CTX), lines


def envelope(kind: str, message: dict) -> dict:
    return {"status": "ok", "message-type": kind, "message-version": "1.0.0", "message": message}


WORK = {
    "indexed": {"date-parts": [[2026, 1, 2]]},
    "publisher": "Example Press",
    "DOI": "10.5555/Ex.2024.17",
    "type": "proceedings-article",
    "title": ["Graphs of Lichens"],
    "subtitle": ["A Field Survey"],
    "author": [
        {
            "ORCID": "http://orcid.org/0000-0002-1825-0097",
            "authenticated-orcid": True,
            "given": "Mira",
            "family": "Okafor",
            "sequence": "first",
            "affiliation": [
                {
                    "id": [{"id": "https://ror.org/02mhbdp94", "id-type": "ROR", "asserted-by": "publisher"}],
                    "name": "Lichen Institute",
                },
                {"name": "Moss College"},
            ],
        },
        {"name": "The Lichen Consortium", "sequence": "additional", "affiliation": []},
        {"given": "Jan", "family": "Berg", "sequence": "additional", "affiliation": []},
    ],
    "container-title": ["Proceedings of the Moss &amp; Lichen Meeting"],
    "published-online": {"date-parts": [[2024, 3, 9]]},
    "issued": {"date-parts": [[2024, 3, 9]]},
    "abstract": "<jats:title>Abstract</jats:title><jats:p>We map <jats:italic>lichens</jats:italic> in "
    "parks.</jats:p><jats:p>Counts &amp; maps follow.</jats:p>",
}


def test_a_single_work_is_one_record_with_every_field():
    ex, _ = read(envelope("work", WORK))
    assert not ex.rejects
    [r] = ex.records
    assert r.title == "Graphs of Lichens: A Field Survey"
    assert r.authors == ["Mira Okafor", "The Lichen Consortium", "Jan Berg"]
    assert r.doi == "10.5555/ex.2024.17"
    assert r.date == "2024-03-09" and r.year is None
    assert r.venue == "Proceedings of the Moss & Lichen Meeting"
    assert r.entry_type == "proceedings-article"
    assert r.locator == "/message"
    assert r.layout == "crossref"


def test_orcid_affiliations_and_ror_follow_their_author():
    ex, _ = read(envelope("work", WORK))
    [r] = ex.records
    first, org, last = r.author_details
    assert first["orcid"] == "0000-0002-1825-0097"
    assert first["affiliations"] == [{"name": "Lichen Institute", "ror": "02mhbdp94"}, {"name": "Moss College"}]
    assert org == {} and last == {}


def test_jats_abstract_is_plain_text_without_its_heading():
    ex, _ = read(envelope("work", WORK))
    assert ex.records[0].abstract == "We map lichens in parks. Counts & maps follow."
    escaped = dict(WORK, abstract="<jats:p>&lt;p&gt;Escaped HTML inside JATS.&lt;/p&gt;</jats:p>")
    ex, _ = read(envelope("work", escaped))
    assert ex.records[0].abstract == "Escaped HTML inside JATS."


def test_a_work_list_keeps_each_work_its_pointer_and_line():
    second = {
        "DOI": "10.5555/two",
        "type": "posted-content",
        "title": ["Second Work"],
        "author": [{"given": "Ana", "family": "Lima", "sequence": "first"}],
        "issued": {"date-parts": [[2021, 5]]},
    }
    answer = envelope("work-list", {"facets": {}, "total-results": 2, "items": [WORK, second], "items-per-page": 20})
    ex, lines = read(answer)
    assert not ex.rejects
    assert [r.locator for r in ex.records] == ["/message/items/0", "/message/items/1"]
    assert [r.title for r in ex.records] == ["Graphs of Lichens: A Field Survey", "Second Work"]
    assert ex.records[1].year == 2021 and ex.records[1].date is None
    assert lines[ex.records[1].line - 1].strip() == "{"
    assert '"DOI": "10.5555/two"' in lines[ex.records[1].line]
    assert ex.records[0].line < ex.records[1].line


def test_a_work_without_a_title_is_a_bad_entry():
    untitled = {"DOI": "10.5555/none", "type": "journal-article", "title": [], "author": []}
    ex, _ = read(envelope("work-list", {"items": [untitled, {"title": ["Kept"]}]}))
    assert [r.title for r in ex.records] == ["Kept"]
    [bad] = ex.rejects
    assert bad.code == "bad_entry" and bad.locator == "/message/items/0" and "10.5555/none" in bad.reason


def test_an_answer_that_is_not_works_is_not_a_paper():
    member = envelope("member", {"id": 98, "primary-name": "Example Press", "prefixes": ["10.5555"]})
    ex, _ = read(member)
    assert not ex.records
    [bad] = ex.rejects
    assert bad.code == "not_a_paper" and "'member'" in bad.reason


def test_a_date_from_print_when_issued_is_empty():
    undated = dict(WORK, issued={"date-parts": [[None]]}, **{"published-print": {"date-parts": [[2019, 7]]}})
    ex, _ = read(envelope("work", undated))
    assert ex.records[0].year == 2019 and ex.records[0].date is None


def test_a_work_list_cut_off_keeps_the_works_before_the_break():
    text = json.dumps(envelope("work-list", {"items": [WORK, {"title": ["Second"]}, {"title": ["Third"]}]}), indent=2)
    cut = text[: text.index('"Third"') + 3]
    ex, _ = read(cut)
    assert [r.title for r in ex.records] == ["Graphs of Lichens: A Field Survey", "Second"]
    [bad] = ex.rejects
    assert bad.code == "cut_off" and bad.locator == "/message/items/2"
    assert bad.raw.startswith("{") and bad.raw.endswith('"Th') and "/message/items/2" in bad.reason


def test_text_after_the_answer_is_a_reject_not_lost():
    text = json.dumps(envelope("work", WORK)) + "\nHTTP/1.1 200 OK"
    ex, _ = read(text)
    assert len(ex.records) == 1
    [bad] = ex.rejects
    assert bad.code == "bad_syntax" and bad.raw == "HTTP/1.1 200 OK"
