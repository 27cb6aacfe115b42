"""SHACL validation of a built graph against kg/shapes.ttl (pyshacl, with kg/ontology.ttl)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import Graph

from kg.rdf import ONTOLOGY_FILE, SHAPES_FILE


class ValidationError(Exception):
    """The file could not be read as Turtle, or holds nothing to check."""


def check(ttl: Path) -> tuple[bool, str]:
    """(conforms, report text). Holds the graph in rdflib: meant for small and medium builds.

    A file without a triple is an error, not a conforming graph: every shape holds vacuously on it, and
    an interrupted build leaves exactly such a file.
    """
    data = Graph()
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
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    return bool(conforms), str(text)


def _one_line(error: Exception, limit: int = 300) -> str:
    line = " ".join(str(error).split()) or type(error).__name__
    return line if len(line) <= limit else line[: limit - 1] + "…"
