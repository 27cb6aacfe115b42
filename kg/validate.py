"""SHACL validation of a built graph against kg/shapes.ttl (pyshacl, with kg/ontology.ttl)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import Graph

from kg.rdf import ONTOLOGY_FILE, SHAPES_FILE


class ValidationError(Exception):
    """The file could not be read as Turtle."""


def check(ttl: Path) -> tuple[bool, str]:
    """(conforms, report text). Holds the graph in rdflib: meant for small and medium builds."""
    data = Graph()
    try:
        data.parse(ttl, format="turtle")
    except FileNotFoundError:
        raise ValidationError(f"{ttl}: no such file") from None
    except Exception as e:  # rdflib raises several parser error types
        raise ValidationError(f"{ttl}: not valid Turtle: {e}") from None
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    return bool(conforms), str(text)
