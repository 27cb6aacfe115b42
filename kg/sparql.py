"""SPARQL over the graph: an embedded pyoxigraph store, or any SPARQL 1.1 endpoint over HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

TIMEOUT = 120  # seconds for one HTTP request


class SparqlError(Exception):
    """A query or a request that failed, in one line."""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]  # Python values: str, int, float, bool, or None where unbound


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
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if datatype in (xsd + "integer", xsd + "int", xsd + "long"):
        return int(value)
    if datatype in (xsd + "decimal", xsd + "double", xsd + "float"):
        return float(value)
    if datatype == xsd + "boolean":
        return value == "true"
    return value


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


def query_store(store: ox.Store, query: str) -> Table:
    try:
        result = store.query(query)
    except SyntaxError as e:
        raise SparqlError(f"query does not parse: {e}") from None
    except (ValueError, OSError) as e:
        raise SparqlError(f"query failed: {e}") from None
    if isinstance(result, bool):
        return Table(["boolean"], [[result]])
    if not isinstance(result, ox.QuerySolutions):
        raise SparqlError("only SELECT and ASK queries print as a table")
    columns = [v.value for v in result.variables]
    return Table(columns, [[_python(s[c]) for c in columns] for s in result])


def query_endpoint(endpoint: str, query: str) -> Table:
    """POSTs a query (SPARQL 1.1 Protocol) and reads the JSON results."""
    request = urllib.request.Request(
        endpoint,
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        method="POST",
    )
    body = _send(request, endpoint)
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise SparqlError(f"{endpoint}: the answer is not SPARQL JSON results") from None
    if "boolean" in data:
        return Table(["boolean"], [[data["boolean"]]])
    columns = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        rows.append([_json_value(binding.get(c)) for c in columns])
    return Table(columns, rows)


def _json_value(cell: dict | None) -> Any:
    if cell is None:
        return None
    if cell["type"] == "literal" or cell["type"] == "typed-literal":
        return _typed(cell["value"], cell.get("datatype", ""))
    return cell["value"]


def push(ttl: Path, endpoint: str, graph: str | None = None) -> int:
    """Replaces the default graph (or `graph`) of a SPARQL 1.1 Graph Store endpoint with the file.

    HTTP PUT replaces: loading a rebuilt graph again updates the store, it never adds a copy.
    Returns the HTTP status.
    """
    if not ttl.is_file():
        raise SparqlError(f"{ttl}: no such file (run `kg build` first, or pass --ttl)")
    target = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    url = endpoint + ("&" if "?" in endpoint else "?") + target
    request = urllib.request.Request(
        url, data=ttl.read_bytes(), headers={"Content-Type": "text/turtle; charset=utf-8"}, method="PUT"
    )
    return _send(request, endpoint, status_only=True)


def _send(request: urllib.request.Request, endpoint: str, status_only: bool = False) -> Any:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status if status_only else response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace").strip().splitlines()
        raise SparqlError(f"{endpoint}: HTTP {e.code} {e.reason}{': ' + detail[0] if detail else ''}") from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise SparqlError(f"{endpoint}: cannot connect ({reason})") from None
