"""SPARQL over the graph: an embedded pyoxigraph store, or any SPARQL 1.1 endpoint over HTTP.

Queries go to endpoints through SPARQLWrapper as a form-encoded POST (SPARQL 1.1 Protocol, "query via
URL-encoded POST"): every store answers it, while Virtuoso 7 waits two minutes on a POST whose body is
the bare query (`application/sparql-query`). Graphs go to stores by the SPARQL 1.1 Graph Store HTTP
Protocol: a PUT that replaces the graph (Oxigraph's /store, Fuseki's /data, Virtuoso's
/sparql-graph-crud-auth with digest authentication).
"""

from __future__ import annotations

import ast
import base64
import contextlib
import html.parser
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

TIMEOUT = 120  # seconds for one HTTP request
XSD = "http://www.w3.org/2001/XMLSchema#"
# Virtuoso 7 answers ASK in JSON as a one-column table (openlink/virtuoso-opensource#1016): one row
# for true, none for false.
VIRTUOSO_ASK = "__ASK_RETVAL"


LOAD_HINTS = {
    401: "; wrong user or password?",
    403: "; the user may not write (Virtuoso: /sparql-graph-crud-auth, --user dba or one granted SPARQL_UPDATE)",
}


class SparqlError(Exception):
    """A query or a request that failed, in one line."""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]  # Python values: str, int, float, bool, or None where unbound
    # The row limit the endpoint cut the answer at, when it says it did (Virtuoso sends X-SPARQL-MaxRows
    # when its ResultSetMaxRows, 10,000 by default, stopped the answer): the rows are then incomplete.
    cut_at: int | None = None


def with_params(query: str, params: dict[str, str]) -> str:
    """Binds variables by a trailing VALUES clause, which any SPARQL 1.1 store accepts.

    Grouped queries must group by a bound variable: the clause joins after grouping.
    """
    if not params:
        return query
    names = " ".join(f"?{k}" for k in params)
    values = " ".join(_quote(v) for v in params.values())
    return f"{query.rstrip()}\nVALUES ({names}) {{ ({values}) }}\n"


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        return _typed(term.value, datatype)
    return term.value


def _typed(value: str, datatype: str) -> Any:
    if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
        return int(value)
    if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        return float(value)
    if datatype == XSD + "boolean":
        return value in ("true", "1")
    return value


# ---------------------------------------------------------------- embedded store


def open_store(ttl: Path) -> ox.Store:
    """An in-memory store holding one Turtle file."""
    if not ttl.is_file():
        raise SparqlError(f"{ttl}: no such file (run `kg build` first, or pass --ttl)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as e:
        raise SparqlError(f"{ttl}: cannot load: {e}") from None
    return store


def calls_service(query: str) -> bool:
    """True if the query holds a SERVICE clause (a request to another endpoint), or might.

    Read with rdflib's SPARQL parser, which expands \\u escapes first as the grammar asks; a query it
    cannot read counts as calling a service if the word appears in it at all, so nothing slips through.
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery  # compiles a grammar: only here

    try:
        return _has_service(parseQuery(query))
    except ParseException:
        pass
    with contextlib.suppress(ValueError):  # an escape that does not decode: search the text as it is
        query = expandUnicodeEscapes(query)
    return re.search(r"service", query, re.IGNORECASE) is not None


def _has_service(node: Any) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in node.values())
    if isinstance(node, ParseResults | list | tuple):
        return any(_has_service(v) for v in node)
    return False


def query_store(store: ox.Store, query: str, allow_service: bool = False) -> Table:
    """Runs a query in the embedded store; SERVICE clauses are refused unless `allow_service`."""
    if not allow_service and calls_service(query):
        raise SparqlError("the query calls (or may call) another endpoint (SERVICE); pass --allow-service to let it")
    try:
        result = store.query(query)
    except SyntaxError as e:
        raise SparqlError(f"query does not parse: {e}") from None
    except (ValueError, OSError) as e:
        raise SparqlError(f"query failed: {e}") from None
    if isinstance(result, ox.QueryBoolean | bool):
        return Table(["boolean"], [[bool(result)]])
    if not isinstance(result, ox.QuerySolutions):
        raise SparqlError("only SELECT and ASK queries print as a table")
    columns = [v.value for v in result.variables]
    return Table(columns, [[_python(s[c]) for c in columns] for s in result])


# ---------------------------------------------------------------- endpoints


def check_url(endpoint: str) -> None:
    """An endpoint must be an absolute http(s) URL; anything else is a user mistake, said in one line."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as e:
        raise SparqlError(f"{endpoint!r} is not a valid URL ({e})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in endpoint):
        raise SparqlError(f"{endpoint!r} is not an http:// or https:// URL")


def query_endpoint(endpoint: str, query: str, graph: str | None = None, timeout: int | None = None) -> Table:
    """Sends a query to a SPARQL 1.1 endpoint (form-encoded POST) and reads its JSON results.

    `graph` restricts the query to one graph (the protocol's default-graph-uri).
    """
    check_url(endpoint)
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED)
    client.setReturnFormat(JSON)
    client.setOnlyConneg(True)  # the Accept header only, no format=/output= parameters
    client.setTimeout(timeout or TIMEOUT)
    if graph:
        client.addDefaultGraph(graph)
    client.setQuery(query)
    try:
        answer = client.query()
        content_type = answer.info().get("content-type", "no content type")
        cut_at = _row_limit(answer.info().get("x-sparql-maxrows"))
        # Read here rather than by answer.convert(): that would parse an XML answer with minidom.
        body = answer.response.read() if "json" in content_type else b""
    except SPARQLWrapperException as e:
        raise _wrapper_error(endpoint, e) from None
    except urllib.error.HTTPError as e:
        raise _http_error(endpoint, e.code, e.reason, e.read()) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
        raise _connect_error(endpoint, e, timeout or TIMEOUT) from None
    try:
        data = json.loads(body)
    except ValueError:  # not JSON, or not UTF-8
        data = None
    table = _table(endpoint, data, content_type)
    table.cut_at = cut_at
    return table


def _row_limit(header: str | None) -> int | None:
    """The row limit in Virtuoso's X-SPARQL-MaxRows header; -1 when the header holds no number."""
    if header is None:
        return None
    text = header.strip()
    return int(text) if text.isdigit() else -1


def _table(endpoint: str, data: Any, content_type: str) -> Table:
    """Reads SPARQL JSON results (https://www.w3.org/TR/sparql11-results-json/), refusing anything else."""
    not_json = SparqlError(f"{endpoint}: the answer is not SPARQL JSON results ({content_type})")
    if not isinstance(data, dict):
        raise not_json
    if isinstance(data.get("boolean"), bool):
        return Table(["boolean"], [[data["boolean"]]])
    head, results = data.get("head"), data.get("results")
    columns = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if (
        not isinstance(columns, list)
        or not isinstance(bindings, list)
        or not all(isinstance(b, dict) for b in bindings)
    ):
        raise not_json
    if columns == [VIRTUOSO_ASK]:
        return Table(["boolean"], [[any(_json_value(b.get(VIRTUOSO_ASK)) not in (0, None) for b in bindings)]])
    try:
        return Table(columns, [[_json_value(b.get(c)) for c in columns] for b in bindings])
    except (AttributeError, KeyError, TypeError, ValueError):  # a binding that is not {"type":…, "value":…}
        raise not_json from None


def _json_value(cell: Any) -> Any:
    if cell is None:
        return None
    if cell["type"] in ("literal", "typed-literal"):
        return _typed(cell["value"], cell.get("datatype", ""))
    return cell["value"]


def _wrapper_error(endpoint: str, error: SPARQLWrapperException) -> SparqlError:
    """SPARQLWrapper turns an HTTP error into its own exception, keeping the body only in the message
    (as a bytes literal after "Response:") and the HTTP error as the context."""
    cause = error.__context__
    code = cause.code if isinstance(cause, urllib.error.HTTPError) else 0
    reason = cause.reason if isinstance(cause, urllib.error.HTTPError) else type(error).__name__
    _, found, literal = str(error).partition("Response:\n")
    body = b""
    if found:
        try:
            body = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            body = literal.encode("utf-8")
    return _http_error(endpoint, code, reason, body if isinstance(body, bytes) else b"")


def _http_error(endpoint: str, code: int, reason: str, body: bytes) -> SparqlError:
    detail = _first_words(body.decode("utf-8", "replace"))
    hint = "; this store has no default graph: pass --graph IRI" if "default graph" in detail else ""
    return SparqlError(f"{endpoint}: HTTP {code} {reason}{': ' + detail if detail else ''}{hint}")


def _connect_error(endpoint: str, error: BaseException, timeout: int) -> SparqlError:
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
        return SparqlError(f"{endpoint}: no answer within {timeout} s")
    return SparqlError(f"{endpoint}: cannot connect ({reason})")


class _Text(html.parser.HTMLParser):
    """The visible text of an HTML error page (Virtuoso's and Jetty's say what went wrong in <h3>/<pre>)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.skip += tag in ("title", "style", "script", "head")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("title", "style", "script", "head") and self.skip > 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _first_words(body: str, limit: int = 300) -> str:
    """An error body as one short line: HTML reduced to its text, whitespace collapsed."""
    if re.match(r"\s*<(!doctype|html)", body, re.IGNORECASE):
        reader = _Text()
        reader.feed(body)
        body = " ".join(reader.parts)
    line = " ".join(body.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------- loading


def has_triples(ttl: Path) -> bool:
    """True once the file's first triple parses (reads no further)."""
    try:
        return next(iter(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)), None) is not None
    except (SyntaxError, ValueError) as e:
        raise SparqlError(f"{ttl}: not valid Turtle: {e}") from None


def push(
    ttl: Path,
    endpoint: str,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    allow_empty: bool = False,
) -> int:
    """Replaces the default graph (or `graph`) of a SPARQL 1.1 Graph Store endpoint with the file.

    HTTP PUT replaces: loading a rebuilt graph again updates the store, it never adds a copy. With
    `user`, the store may ask for Basic or Digest authentication (Virtuoso's /sparql-graph-crud-auth asks
    for Digest). A file without a triple is refused unless `allow_empty`: pushing it empties the graph.
    Returns the HTTP status.
    """
    check_url(endpoint)
    if not ttl.is_file():
        raise SparqlError(f"{ttl}: no such file (run `kg build` first, or pass --ttl)")
    if not allow_empty and not has_triples(ttl):
        raise SparqlError(f"{ttl}: holds no triples; pushing it would empty the store's graph (--allow-empty does)")
    target = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    url = endpoint + ("&" if "?" in endpoint else "?") + target
    headers = {"Content-Type": "text/turtle; charset=utf-8"}
    if user is not None:
        signed = _authorization(url, endpoint, user, password or "")
        if signed:
            headers["Authorization"] = signed
    try:
        status, reason, body = _put(url, ttl.read_bytes(), headers)
    except (http.client.HTTPException, OSError) as e:
        raise _connect_error(endpoint, e, TIMEOUT) from None
    if status >= 300:
        error = _http_error(endpoint, status, reason, body)
        raise SparqlError(f"{error}{LOAD_HINTS.get(status, '') if user or status != 401 else '; pass --user'}")
    return status


def _put(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, str, bytes]:
    """One PUT, its answer read even when the store answers before taking the whole body and closes the
    connection (Virtuoso does, on a refusal): the broken pipe is then only the symptom, the answer says why."""
    parts = urllib.parse.urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", parts.port, timeout=TIMEOUT)
    selector = parts.path + ("?" + parts.query if parts.query else "")
    try:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # read the answer below instead
            connection.request("PUT", selector, body=data, headers=headers)
        response = connection.getresponse()
        return response.status, response.reason, response.read()
    finally:
        connection.close()


def _authorization(url: str, endpoint: str, user: str, password: str) -> str | None:
    """The Authorization header for a PUT to `url`, from the challenge a HEAD without a body gets.

    Fetched first so that the file goes once, signed, rather than once to be refused and once again.
    """
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=TIMEOUT):
            return None  # the store asks for no authentication
    except urllib.error.HTTPError as e:
        challenge = e.headers.get("WWW-Authenticate", "") if e.code == 401 else ""
    except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
        raise _connect_error(endpoint, e, TIMEOUT) from None
    scheme, _, params = challenge.partition(" ")
    if scheme.lower() == "basic":
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, endpoint, user, password)
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
        signed = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(
            urllib.request.Request(url, method="PUT"), fields
        )
        return f"Digest {signed}" if signed else None
    return None  # no challenge, or a scheme urllib cannot answer: the store's own answer will say so
