"""SHACL validation of a built graph against kg/shapes.ttl (pyshacl, with kg/ontology.ttl)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

from kg.rdf import ONTOLOGY_FILE, SHAPES_FILE


class ValidationError(Exception):
    """The file could not be read as Turtle, or holds nothing to check."""


@lru_cache(maxsize=64)
def _prepared(text: str):
    return prepareQuery(text)


class _Data(Graph):
    """The graph to check, parsing each SPARQL query once: pyshacl runs a SPARQL constraint once per
    focus node, as text, and rdflib parses the text every time (0.28 s for the ORCID check digit's;
    95 ORCIDs took 33 s, a build with thousands of identifiers hours). Bindings still differ per node."""

    def query(self, query_object, *args, **kwargs) -> Result:  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def check(ttl: Path) -> tuple[bool, str]:
    """(conforms, report text). Holds the graph in rdflib: meant for small and medium builds.

    A file without a triple is an error, not a conforming graph: every shape holds vacuously on it, and
    an interrupted build leaves exactly such a file.
    """
    data = _Data()
    try:
        data.parse(ttl, format="turtle")
    except FileNotFoundError:
        raise ValidationError(f"{ttl}: no such file") from None
    except IsADirectoryError:
        raise ValidationError(f"{ttl}: is a folder, not a Turtle file") from None
    except Exception as e:  # rdflib raises several parser error types, with messages over several lines
        raise ValidationError(f"{ttl}: not valid Turtle: {_one_line(e)}") from None
    if len(data) == 0:
        raise ValidationError(f"{ttl}: holds no triples (an empty or interrupted build?)")
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    conforms, _, text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", inplace=True
    )  # in place: a copy would be a plain Graph that parses every query again
    return bool(conforms), str(text)


def _one_line(error: Exception, limit: int = 300) -> str:
    line = " ".join(str(error).split()) or type(error).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"
