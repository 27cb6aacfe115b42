"""Hugging Face papers pages (daily, search, trending) as saved in Markdown or HTML.

Read from a capture view (kg.capture), whose links say what each number is:
- a card's title is an h3 linking to huggingface.co/papers/<arXiv id>;
- the upvote button links to huggingface.co/login?next=/papers/<id>; search and daily pages
  print it BEFORE the title (after the previous card's date), trending pages after the date
  as "Upvote N"; "-" is 0; matched to its card by the id in the link;
- the number printed right after a date links to …/papers/<id>#community: the discussion count;
- an organization (a link to huggingface.co/<org>) may stand where "N authors" would be;
- "Submitted by" and the user's name come before the card's title;
- trending cards print a one-sentence summary instead of the abstract (kept as `summary`).
Some captures keep no paper link at all (a crawler's Markdown with `### Title` headings, a
text rendering whose link list was cut off): on a page that says it is Hugging Face's papers
page, each h3 is then a card read by its printed fields, with no arXiv id; a card printed
twice alike is a duplicate, and a code link ("GitHub 11.3k") says the paper has code.
The plain-text copy of a daily page (no links) is kg.extract.daily's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from kg.capture import View, view_of
from kg.extract.base import Context, InputFormat, reject, too_long
from kg.extract.text import DATE_RE, DateError, parse_date, render_date
from kg.model import Extraction, Page, Record

NAME = "hf"
HOST = "huggingface.co"
PAPER_PATH_RE = re.compile(r"/papers/(?P<id>\d{4}\.\d{4,5})")
COUNT_RE = re.compile(r"(?<!\S)(?P<n>\d+) authors?\b")
DATE_LINE_RE = re.compile(rf"(?:·\s*)?(?:Published on\s+)?(?P<date>{DATE_RE})")
VOTE_RE = re.compile(r"(?P<n>\d+(?:\.\d+)?k?|-)")
NOT_ORGS = frozenset({"papers", "login", "join", "akhaliq", "docs", "models", "datasets", "spaces"})
LOGIN_WORDS = ("Log In", "Log in", "Sign Up", "Sign in", "Login")
SENTENCE_END_RE = re.compile(r"[.!?]\s+[A-Z]")
SUMMARY_MAX = 400
MD_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Hugging Face's own <title> of its papers pages, as a capture's header prints it.
PAPERS_TITLE_RE = re.compile(r"(?:(?:Daily|Trending) )?Papers - Hugging Face")
CODE_HOSTS = ("github.com", "gitlab.com")


def url_paper(url: str) -> tuple[str | None, str]:
    """The paper id a huggingface.co URL points to (the page, or the login's next page), and its fragment."""
    parts = urlsplit(url)
    if parts.netloc and not parts.netloc.endswith(HOST):
        return None, ""
    path = parts.path
    if path.startswith("/login"):
        path = parse_qs(parts.query).get("next", [""])[0]
    m = PAPER_PATH_RE.fullmatch(path)
    return (m.group("id") if m else None), parts.fragment


def _org(url: str) -> bool:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return parts.netloc.endswith(HOST) and len(segments) == 1 and segments[0] not in NOT_ORGS


def _title_index(view: View, i: int) -> str | None:
    """The paper id if view line i is a card title."""
    if view.kinds and view.kinds[i] not in ("h3", "h2", ""):
        return None
    links = view.links_on(i)
    if len(links) != 1 or links[0][0] != view.lines[i]:
        return None
    paper, fragment = url_paper(links[0][1])
    return paper if paper and not fragment and "/login" not in links[0][1] else None


def _papers_page(view: View) -> bool:
    """The capture says this is Hugging Face's papers page (daily, trending or search)."""
    parts = urlsplit(view.meta.get("url", ""))
    on_host = parts.netloc.endswith(HOST) and parts.path.startswith("/papers")
    return on_host or PAPERS_TITLE_RE.fullmatch(view.meta.get("title", "").strip()) is not None


def _linkless_title(view: View, i: int) -> bool:
    """An h3 with no link, or only a reference link whose address the capture lost (url "")."""
    return _kind(view, i) == "h3" and all(not url for _, url in view.links_on(i))


def _kind(view: View, i: int) -> str:
    return view.kinds[i] if view.kinds else ""


def _is_card_text(view: View, i: int, paper: str) -> bool:
    """The abstract (or summary) right under a title: text linking to the same paper, or a
    paragraph with no link at all (an org or a date line links elsewhere or is no paragraph)."""
    links = view.links_on(i)
    if links:
        return len(links) == 1 and links[0][0] == view.lines[i] and url_paper(links[0][1]) == (paper, "")
    return _kind(view, i) in ("p", "") and not DATE_LINE_RE.fullmatch(view.lines[i])


def vote_count(text: str) -> int | None:
    # "[-] 12": text exports print the button's arrow icon as "[-]" before the count
    m = VOTE_RE.fullmatch(text.strip().removeprefix("[-]").strip())
    if not m:
        return None
    n = m.group("n")
    if n == "-":
        return 0
    return round(float(n[:-1]) * 1000) if n.endswith("k") else int(n)


def sniff(lines: list[str]) -> float:
    view = view_of(lines)
    if view is None:
        return 0.0
    if any(_title_index(view, i) for i in view.links):
        return 0.97
    if _papers_page(view) and any(_linkless_title(view, i) for i in range(len(view.lines))):
        return 0.96
    if HOST in view.meta.get("url", "") or any(HOST in u for links in view.links.values() for _, u in links):
        # A Hugging Face page with no card: read here to say why (no listing, login wall), ahead
        # of kg.extract.daily, which claims any "Daily Papers" page but reads plain copies only.
        # A single paper page (huggingface.co/papers/<id>) is kg.extract.hf_paper's, which is surer (0.98).
        return 0.96
    return 0.0


@dataclass
class _Card:
    paper: str | None  # None: the capture kept no link to the paper
    first: int  # view line index of the title
    last: int
    title: str
    text_at: int = -1  # view line index where the abstract or summary may stand
    texts: list[str] = field(default_factory=list)
    org: str | None = None
    count: int | None = None
    date: str | None = None
    comments: int | None = None
    submitted_by: str | None = None
    upvotes: int | None = None
    code: str | None = None  # the address of a code link (GitHub …) on a card read without paper links


def saved_day(view: View, ctx: Context, out: Extraction) -> dt.date:
    """The day the page was saved, when the capture says so and it is before --as-of."""
    saved = view.meta.get("retrieved") or view.meta.get("exported") or view.meta.get("date") or ""
    try:
        day = dt.date.fromisoformat(saved[:10])
    except ValueError:
        return ctx.as_of
    if day < ctx.as_of:
        out.page.notes.append(f"dates without a year read as of {day.isoformat()}, the day the capture was saved")
        return day
    return ctx.as_of


def _read_line(card: _Card, view: View, i: int, as_of: dt.date) -> bool:
    """Reads view line i into the card; False when the line says nothing about it."""
    text, links = view.lines[i], view.links_on(i)
    if card.paper is None:
        text = _read_linkless(card, text, links)
        if not text:
            return True
    if len(links) == 1 and links[0][0] == text and text.isdigit() and url_paper(links[0][1])[1] == "community":
        card.comments = int(text)  # a text export prints the count on a line of its own
        return True
    for link_text, url in links:
        fragment = url_paper(url)[1]
        if fragment == "community" and text.endswith(link_text) and link_text.isdigit():
            date_text = text[: -len(link_text)].strip()
            if DATE_LINE_RE.fullmatch(date_text):
                card.comments = int(link_text)
                text = date_text
    if len(links) == 1 and _org(links[0][1]) and text.startswith(links[0][0]):
        card.org = links[0][0]
        text = text[len(links[0][0]) :].strip()
        if not text or text == "·":
            return True
    m = DATE_LINE_RE.fullmatch(text)
    if m:
        card.date = parse_date(m.group("date"), as_of)
        return True
    m = COUNT_RE.search(text)
    if m and len(text) < 80:
        card.count = int(m.group("n"))
        return True
    return False


def _read_linkless(card: _Card, text: str, links: list[tuple[str, str]]) -> str:
    """What a card without paper links prints beyond the common fields: a code link, and a
    number linked after the date (a reference whose address was lost: the discussion count,
    as on every capture that kept the address …#community). Returns the text left to read."""
    for link_text, url in links:
        if urlsplit(url).netloc.removeprefix("www.") in CODE_HOSTS:
            card.code = card.code or url
            text = text.replace(link_text, "").strip()
        elif not url and link_text.isdigit() and text.endswith(link_text):
            date_text = text[: -len(link_text)].strip()
            if DATE_LINE_RE.fullmatch(date_text):
                card.comments = int(link_text)
                text = date_text
    return text


def extract(source: str, lines: list[str], ctx: Context) -> Extraction:
    out = Extraction(page=Page(source=source, layout=NAME))
    view = view_of(lines)
    if view is None:
        out.rejects.append(reject(source, 1, "a Hugging Face page needs its links; this copy has none", lines[:5]))
        return out
    candidates = [(i, p) for i in range(len(view.lines)) if (p := _title_index(view, i))]
    # Where blocks carry no heading level (text exports, dumps), the abstract is a link to the
    # same paper right under the title: the first of the two is the title.
    titles: list[tuple[int, str | None]] = [
        (i, p) for k, (i, p) in enumerate(candidates) if not (k and candidates[k - 1] == (i - 1, p))
    ]
    linkless = not titles and _papers_page(view)
    if linkless:
        titles = [(i, None) for i in range(len(view.lines)) if _linkless_title(view, i)]
    if not titles:
        walled = any(line.strip() in LOGIN_WORDS for line in view.lines) or "/login" in view.meta.get("url", "")
        code, why = ("login_wall", "asks to log in") if walled else ("no_listing", "lists no paper")
        out.rejects.append(
            reject(source, 1, f"a Hugging Face page that {why}: no card titled with a paper link", lines[:8], code)
        )
        return out
    # The page's own heading, not the "Trending Papers" link every papers page carries.
    trending = "/papers/trending" in view.meta.get("url", "") or any(
        view.lines[i] == "Trending Papers" and not view.links_on(i) and _kind(view, i) in ("h1", "h2", "")
        for i in range(titles[0][0])
    )
    as_of = saved_day(view, ctx, out)
    votes: dict[str, int] = {}
    cards: list[_Card] = []
    submitted: str | None = None
    pending_vote = False
    linkless_vote: int | None = None  # a bare number linked to nowhere known, before a title
    # Lines before the first title and between cards: upvote buttons and "Submitted by" lines
    # belong to the card after them, the rest to the card above.
    i = 0
    card: _Card | None = None
    title_at = dict(titles)
    while i < len(view.lines):
        text = view.lines[i]
        if i in title_at:
            card = _Card(title_at[i], i, i, text, text_at=i + 1, submitted_by=submitted, upvotes=linkless_vote)
            submitted = linkless_vote = None
            cards.append(card)
            i += 1
            if linkless and _title_goes_on(view, i, title_at):
                # "### A long title that\n  wraps": the heading ended at the line end, its rest is the next line
                card.title += " " + view.lines[i]
                card.last, card.text_at = i, i + 1
                i += 1
            continue
        links = view.links_on(i)
        if linkless and links == [(text, "")] and vote_count(text) is not None and i + 1 in title_at:
            linkless_vote = vote_count(text)  # the upvote button stands right before its card's title
            i += 1
            continue
        login = [(t, u) for t, u in links if "/login" in u and url_paper(u)[0]]
        if login and len(links) == 1 and text == login[0][0] and vote_count(text) is not None:
            votes[url_paper(login[0][1])[0] or ""] = vote_count(text) or 0
        elif text.lstrip("[") == "Upvote":
            pending_vote = True
        elif pending_vote and vote_count(text.partition("]")[0]) is not None:
            # "[Upvote\n\n117](login?next=/papers/<id>)": a link the converter broke across a blank line
            paper = url_paper(text.partition("](")[2].rstrip(")"))[0]
            key = paper or (card.paper if card else "")
            votes[key] = vote_count(text.partition("]")[0]) or 0
            pending_vote = False
        elif text == "Submitted by" and i + 1 < len(view.lines) and (i + 1) not in title_at:
            submitted = view.lines[i + 1].strip()
            i += 2
            continue
        elif card is not None:
            try:
                if i == card.text_at and card.paper is None and _kind(view, i) in ("p", ""):
                    # a code link may close the summary's paragraph ("… conditioning. [LINK: GitHub 476](…)")
                    rest = _read_linkless(card, text, links)
                    if rest and not DATE_LINE_RE.fullmatch(rest):
                        card.texts.append(rest)
                    card.last = i
                elif i == card.text_at and _is_card_text(view, i, card.paper):
                    card.texts.append(text)
                    card.last = i
                elif _read_line(card, view, i, as_of):
                    card.last = i
                else:
                    out.page.chrome_lines += 1  # buttons, avatars, a converter's leftovers
            except DateError as e:
                out.rejects.append(reject(source, i + 1, str(e), [text], "bad_date"))
        else:
            out.page.chrome_lines += 1
        i += 1
    _records(source, view, cards, votes, trending, out)
    if linkless:
        out.page.notes.append("the capture keeps no link to the papers: cards read by their printed fields, no ids")
    return out


def _title_goes_on(view: View, i: int, title_at: dict[int, str | None]) -> bool:
    """View line i is the rest of the title above: a paragraph on the very next file line."""
    if i >= len(view.lines) or i in title_at or _kind(view, i) != "p" or view.links_on(i):
        return False
    return view.file_line(i + 1) == view.file_line(i) + 1


def _embedded_authors(view: View) -> dict[str, list[str]]:
    """Full author names by paper id from the page's own data (saved HTML only).

    Read from a real saved page (firefighter-eric/ai-wiki, raw/html/Hugging Face - 2026 -
    Trending Papers.html): `dailyPapers[i].paper.id` and `dailyPapers[i].paper.authors[j].name`.
    """
    data = view.data.get("DailyPapers")
    entries = data.get("dailyPapers") if isinstance(data, dict) else None
    found: dict[str, list[str]] = {}
    for entry in entries if isinstance(entries, list) else []:
        paper = entry.get("paper") if isinstance(entry, dict) else None
        if not isinstance(paper, dict) or not isinstance(paper.get("id"), str):
            continue
        authors = paper.get("authors")
        names = [a["name"].strip() for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
        found[paper["id"]] = [n for n in names if n]
    return found


def _is_summary(text: str) -> bool:
    return len(text) <= SUMMARY_MAX and not SENTENCE_END_RE.search(text)


def _key(card: _Card) -> str:
    """What makes two cards one: the paper id, or without one everything the card prints."""
    if card.paper is not None:
        return card.paper
    return repr((" ".join(card.title.split()).casefold(), card.texts, card.count, card.date, card.code))


def _records(
    source: str, view: View, cards: list[_Card], votes: dict[str, int], trending: bool, out: Extraction
) -> None:
    seen: dict[str, int] = {}
    embedded = _embedded_authors(view)
    if embedded:
        out.page.notes.append(f"author names read from the page's own data for {len(embedded)} papers")
    # A page that prints no date on any card (a trending capture without links) is read without dates.
    dated = any(card.date for card in cards) or any(card.paper for card in cards)
    for n, card in enumerate(cards):
        block = view.lines[card.first : card.last + 1]
        bad = too_long(source, card.first + 1, block)
        if bad:
            out.rejects.append(bad)
            continue
        key = _key(card)
        if key in seen:
            what = card.paper or f"titled {card.title!r}"
            out.rejects.append(
                reject(
                    source,
                    card.first + 1,
                    f"second copy of the card for {what} (first at line {view.file_line(seen[key])})",
                    block,
                    "duplicate",
                )
            )
            continue
        empty = not (card.texts or card.count is not None or card.code)
        if card.date is None if dated else empty:
            at_end = n == len(cards) - 1
            code, why = (
                ("cut_off", "card cut off at the end of the file") if at_end else ("bad_record", "card with no date")
            )
            out.rejects.append(reject(source, card.first + 1, why, block, code))
            continue
        seen[key] = card.first + 1
        text = card.texts[0] if card.texts else None
        summary = text if trending and text and _is_summary(text) else None
        if card.paper is None:
            identifiers = {"code": card.code} if card.code else {}
            upvotes = card.upvotes
        else:
            identifiers = {"url": f"https://huggingface.co/papers/{card.paper}"}
            upvotes = votes.get(card.paper)
        names = embedded.get(card.paper or "", [])
        out.records.append(
            Record(
                source=source,
                line=card.first + 1,
                layout=NAME,
                title=card.title,
                abstract=None if summary else text,
                summary=summary,
                authors=names,
                author_count=card.count if card.count is not None else len(names) or None,
                date=card.date,
                has_code=card.code is not None,
                upvotes=upvotes,
                comments=card.comments,
                org=card.org,
                submitted_by=card.submitted_by,
                arxiv_id=card.paper,
                identifiers=identifiers,
            )
        )


def _md_text(text: str) -> str:
    """Text as Markdown that reads back as the same text: every ASCII punctuation escaped."""
    return "".join("\\" + c if c in MD_PUNCTUATION else c for c in text)


def render(records: list[Record], page: Page | None = None, year_omitted: frozenset[int] = frozenset()) -> str:
    """A Hugging Face search or daily page as firecrawl saves it (the shape of
    ../shared/real-pages/02): upvote button before the title, abstract as a link, an
    organization or "N authors", the date and the discussion count."""
    out = [
        "---",
        "url: https://huggingface.co/papers",
        "title: Daily Papers - Hugging Face",
        "---",
        "Get trending papers in your email inbox once a day!",
        "",
        "# Daily Papers",
        "",
    ]
    for n, r in enumerate(records):
        paper = f"https://huggingface.co/papers/{r.arxiv_id}"
        if r.submitted_by is not None:
            out += ["Submitted by", "", _md_text(r.submitted_by), ""]
        if r.upvotes is not None:
            votes = str(r.upvotes) if r.upvotes else "-"
            out += [f"[{votes}](https://huggingface.co/login?next=%2Fpapers%2F{r.arxiv_id})", ""]
        out += [f"### [{_md_text(r.title)}]({paper})", "", f"[{_md_text(r.abstract or '')}]({paper})", ""]
        if r.org is not None:
            out += [f"[{_md_text(r.org)}](https://huggingface.co/org-{n})", ""]
        elif r.author_count is not None:
            out += [f"[- {r.author_count} authors]({paper})", ""]
        out += ["·", ""]
        if r.date is not None:
            date = render_date(r.date, n not in year_omitted)
            discussed = f"[{r.comments}]({paper}#community)" if r.comments is not None else ""
            out += [date + discussed, ""]
    return "\n".join(out)


FORMAT = InputFormat(
    name=NAME,
    description="Hugging Face papers pages (daily, search, trending) saved as Markdown or HTML",
    sniff=sniff,
    extract=extract,
    render=render,
    priority=2,
)
