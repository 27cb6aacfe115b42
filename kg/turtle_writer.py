"""graph.ttl written column by column: the triples of kg.rdf.triples, without a term per triple.

kg.rdf.triples makes a pyoxigraph term for every subject, predicate and object (3 µs a triple,
most of the Turtle stage). Here each predicate's triples are rendered at once from the tables'
columns: subjects and objects as Turtle text over whole Arrow columns (escaping, prefixed names,
numbers). TurtleWriter.close then writes each subject's triples in one block, as pyoxigraph does
(`s a T ;` then tab-indented `p o1 , o2 ;` lines): a reader finds a paper in one place, and the
file is half the size of one triple a line. The order is fixed (subjects as they first came,
predicates as they first came with `a` first): the same input gives the same bytes.
tests/test_turtle_writer.py holds it to kg.rdf.triples, triple for triple.

Text is escaped as kg.rdf's writer (pyoxigraph) escapes it: `\\` and `"` and the line ends as
ECHAR, other control characters as UCHAR, the rest raw. Unicode noncharacters become U+FFFD (see
kg.rdf.NONCHARACTERS: raptor reads them in no form), and so do lone surrogates, which UTF-8 cannot
hold (pyoxigraph refused them). A character an IRI cannot hold is percent-encoded: IRIREF forbids
<>"{}|^`\\ and spaces, and a UCHAR escape of one gives an IRI strict parsers refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kg.rdf import (
    ARXIV_SCHEME,
    DEFAULT_BASE,
    KG,
    NONCHARACTERS,
    PERSON_FIGURES,
    TOPIC_SCHEME,
    _iri_of,
    prefixes,
)
from kg.schema import NODE_KINDS, KnowledgeGraph

TEXT = pa.large_string()
Column = pa.Array | str  # rendered terms, or one term for every line


def _s(text: str) -> pa.Scalar:
    return pa.scalar(text, TEXT)


# ---------------------------------------------------------------- escaping

_NONCHARS = "".join(f"\\x{{{c:X}}}" for c in sorted(NONCHARACTERS))
_NONCHAR = f"[{_NONCHARS}]"
NEEDS_ESCAPE = rf'["\\\x00-\x1f\x7f{_NONCHARS}]'  # RE2, over Arrow columns
HARD = rf"[\x00-\x1f\x7f{_NONCHARS}]"  # what the per-value escape handles
NONCHAR = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(NONCHARACTERS)) + "]")
SURROGATE = re.compile("[\ud800-\udfff]")

# Text in a string literal, as pyoxigraph writes it (STRING_LITERAL_QUOTE with ECHAR and UCHAR).
LITERAL_ESCAPES = {
    **{c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]},
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
    **{c: "\ufffd" for c in NONCHARACTERS},
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},
}

# Characters of an IRI that IRIREF forbids or that RFC 3987 leaves out of IRIs (controls, U+FFF0-FFFF,
# noncharacters): percent-encoded, as resolver_iri encodes the identifiers.
IRI_FORBIDDEN = rf'[\x00-\x20<>"{{}}|^`\\\x7f-\x9f\x{{FFF0}}-\x{{FFFF}}{_NONCHARS}]'
_IRI_FORBIDDEN = re.compile(
    r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\ud800-\udfff\ufff0-\uffff]|' + NONCHAR.pattern, flags=re.UNICODE
)

# Paths of the nodes that are no kind's (schemes, ties): prefixes of their own in graph.ttl, for short lines.
PATHS = ("scheme", "coauthorship", "derived-affiliation", "expertise", "cooccurrence")
# Node ids that are a prefix and a local name Turtle reads without escapes: written `paper:x`.
NODE_PREFIXES = frozenset([*(k.prefix.rstrip("/") for k in NODE_KINDS), *PATHS])
SAFE_NODE = "^(?:" + "|".join(re.escape(p) for p in sorted(NODE_PREFIXES)) + ")/"
SAFE_NODE += "[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$"
_NAME_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
BARE_DECIMAL = r"^-?[0-9]+\.[0-9]+$"
BLOCK = 1 << 18  # rows of graph.ttl written at once (some 15 MB)
PAPER_BLOCK = 1 << 15  # subjects (papers, people, ties, cells) whose triples are rendered and flushed at once


def escape_text(text: str) -> tuple[str, bool]:
    """A literal's text escaped; and whether a noncharacter or lone surrogate became U+FFFD."""
    return text.translate(LITERAL_ESCAPES), bool(NONCHAR.search(text) or SURROGATE.search(text))


def escape_iri(iri: str) -> str:
    """An IRI with what IRIREF cannot hold percent-encoded (a lone surrogate as U+FFFD's bytes)."""

    def encode(m: re.Match) -> str:
        char = m.group()
        return quote("\ufffd" if "\ud800" <= char <= "\udfff" else char, safe="")

    return _IRI_FORBIDDEN.sub(encode, iri)


def _any(mask: pa.Array) -> bool:
    return len(mask) > 0 and bool(pc.any(mask).as_py())


# ---------------------------------------------------------------- the writer


class TurtleWriter:
    """Writes lines of triples to a binary file; counts them and the literals whose text was replaced."""

    def __init__(self, f: BinaryIO, base: str = DEFAULT_BASE) -> None:
        self.f = f
        self.base = base
        self.count = 0
        self.replaced = 0
        self.prefixes = prefixes(base) | {path: f"{base}{path}/" for path in PATHS}
        self._predicates: dict[str, int] = {"a": 0}  # their order in a subject's block
        self._chunks: list[tuple[pa.Array, np.ndarray | None, int, int | str]] = []  # emit()s, for close()
        # The objects' text, one after the other, and each one's length: a rendered column is copied
        # here and let go, so the next column is rendered in memory already touched.
        self._objects = bytearray()
        self._sizes: list[np.ndarray] = []
        self._names = sorted(((ns, name) for name, ns in self.prefixes.items()), key=lambda x: -len(x[0]))
        for name, ns in self.prefixes.items():
            f.write(f"@prefix {name}: <{escape_iri(ns)}> .\n".encode())
        f.write(b"\n")

    # -- terms

    def term(self, iri: Any) -> str:
        """A vocabulary IRI as a prefixed name (rdf:type as `a`)."""
        iri = str(iri)
        if iri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            return "a"
        for ns, name in self._names:
            local = iri[len(ns) :]
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", local):
                return f"{name}:{local}"
        return f"<{escape_iri(iri)}>"

    def node1(self, node_id: str) -> str:
        return self.nodes([node_id])[0].as_py()

    def nodes(self, ids: Any) -> pa.Array:
        """Node ids as IRIs: `paper:x` where the id allows, else the full IRI."""
        ids = strings(ids)
        prefixed = pc.replace_substring(ids, "/", ":", max_replacements=1)
        if _all_safe(ids):
            return prefixed
        safe = pc.match_substring_regex(ids, SAFE_NODE)
        full = self.iris(pc.binary_join_element_wise(_s(self.base), ids, _s("")))
        return pc.if_else(safe, prefixed, full)

    def iris(self, values: Any) -> pa.Array:
        """Full IRIs, `<...>`."""
        values = strings(values)
        bad = pc.match_substring_regex(values, IRI_FORBIDDEN)
        if _any(bad):
            fixed = pa.array([escape_iri(v) for v in values.filter(bad).to_pylist()], TEXT)
            values = pc.replace_with_mask(values, bad, fixed)
        return pc.binary_join_element_wise(_s("<"), values, _s(">"), _s(""))

    def texts(self, values: Any, suffix: str = "") -> pa.Array:
        """Strings as quoted literals, `suffix` after each ("@en", "^^xsd:date"); no missing values."""
        values = strings(values)
        if values.null_count:
            raise ValueError("a literal without a value")
        if _any(pc.match_substring_regex(values, NEEDS_ESCAPE)):
            hard = pc.match_substring_regex(values, HARD)
            easy = pc.replace_substring(pc.replace_substring(values, "\\", "\\\\"), '"', '\\"')
            if _any(hard):
                fixed = [escape_text(v) for v in values.filter(hard).to_pylist()]
                self.replaced += sum(changed for _, changed in fixed)
                easy = pc.replace_with_mask(easy, hard, pa.array([text for text, _ in fixed], TEXT))
            values = easy
        return pc.binary_join_element_wise(_s('"'), values, _s('"' + suffix), _s(""))

    def literals(self, values: Any, language: str | None = None) -> pa.Array:
        """Cells of a text column as kg.rdf's _Terms.literal makes them: text as a plain (or language)
        literal; a cell of another kind (a number, None) as that literal, as kg.rdf writes it."""
        suffix = f"@{language}" if language else ""
        try:
            text = _text(values)
        except (pa.ArrowException, TypeError, UnicodeEncodeError):
            text = None
        if text is not None and not text.null_count:
            return self.texts(text, suffix)
        return pa.array([self._literal(v, language) for v in _values(values)], TEXT)

    def _literal(self, value: Any, language: str | None) -> str:
        if isinstance(value, bool) or (hasattr(value, "dtype") and value.dtype == bool):
            return "true" if value else "false"
        if isinstance(value, int) or (hasattr(value, "is_integer") and not isinstance(value, float)):
            return str(int(value))
        if isinstance(value, float):
            return f'"{float(value)!r}"^^xsd:decimal'
        text, changed = escape_text(str(value))
        self.replaced += changed
        return f'"{text}"@{language}' if language else f'"{text}"'

    def integers(self, values: Any) -> pa.Array:
        """Whole numbers (a float's whole part, as int() takes it) as bare xsd:integer literals."""
        numbers = np.asarray(values, dtype=np.float64 if _is_float(values) else np.int64)
        if numbers.dtype == np.float64:
            numbers = np.trunc(numbers).astype(np.int64)
        return pc.cast(pa.array(numbers), TEXT)

    def decimals(self, values: Any) -> pa.Array:
        """Numbers in the canonical xsd:decimal form (kg.rdf.decimal), bare where Turtle reads them so."""
        # kg.rdf.decimal over the column: Python's correctly rounded round() and format(), the zeros
        # trimmed by Arrow (the test holds the two to the same triples).
        fixed = pa.array([format(round(v, 12), ".12f") for v in np.asarray(values, dtype=np.float64).tolist()], TEXT)
        trimmed = pc.utf8_rtrim(fixed, "0")
        text = pc.if_else(pc.ends_with(trimmed, "."), pc.binary_join_element_wise(trimmed, _s("0"), _s("")), trimmed)
        text = pc.if_else(pc.equal(text, _s("-0.0")), _s("0.0"), text)
        bare = pc.match_substring_regex(text, BARE_DECIMAL)
        if len(text) == 0 or pc.all(bare).as_py():
            return text
        return pc.if_else(bare, text, self.texts(text, "^^xsd:decimal"))

    def booleans(self, values: Any) -> pa.Array:
        flags = pa.array(np.asarray([bool(v) for v in _values(values)], dtype=bool))
        return pc.if_else(flags, _s("true"), _s("false"))

    # -- lines

    def emit(self, subjects: Column | Rows, predicate: Any, objects: Column) -> None:
        """Triples, one per row: subject, predicate, object (a str is the same term on every row).
        Kept until close(), which writes each subject's triples together."""
        p = predicate if type(predicate) is str else self.term(predicate)  # rdflib's terms are str too
        if isinstance(subjects, str):
            subjects = Rows(
                pa.array([subjects], TEXT), np.zeros(1 if isinstance(objects, str) else len(objects), np.int64)
            )
        n = len(subjects)
        if not n:
            return
        column, at = (subjects.of, subjects.at) if isinstance(subjects, Rows) else (subjects, None)
        if column.null_count or (not isinstance(objects, str) and objects.null_count):
            raise ValueError(f"{p} triples without a subject or object")
        if not isinstance(objects, str) and len(objects) != n:
            raise ValueError(f"{n} subjects and {len(objects)} objects for {p}")
        if not isinstance(objects, str):
            objects = objects if objects.type == TEXT else objects.cast(TEXT)
            self._objects += _data(objects)
            self._sizes.append(_sizes(objects))
        rank = self.rank(p)
        self._chunks.append((column, at, rank, objects if isinstance(objects, str) else n))
        self.count += n

    def rank(self, predicate: str) -> int:
        """The predicate's place in a subject's block: the order in which predicates were first emitted
        (write_graph ranks a group's predicates before it emits the group in blocks)."""
        return self._predicates.setdefault(predicate, len(self._predicates))

    def close(self) -> None:
        """Writes the triples kept (see flush)."""
        self.flush()

    def flush(self) -> None:
        """Writes the triples kept, as pyoxigraph writes Turtle: each subject's in one block (`s p o ;`
        then tab-indented `p o`), the objects of one predicate side by side (`o1 , o2`). Subjects in
        the order they first came, predicates in theirs (`a` first), objects in theirs.

        Call it where no triple still to come has a subject among those kept (write_graph does between
        groups of subjects): the file is then the one close() alone writes, and what this holds (every
        object's text, and arrays of a row per triple) is a group's, not the whole graph's (at a
        million papers, 8 GiB for 58M triples at once).

        No line is joined: the file is the cells of one array (every object, every subject once, every
        predicate twice: " p " after a subject and "p " after a tab, the three endings) taken in the
        order the file reads them; Arrow's take copies each cell's bytes where they belong, a block
        at a time (the memory of one block serves the next: fresh pages cost more than copies)."""
        chunks, self._chunks = self._chunks, []
        if not chunks:
            return
        data, self._objects = self._objects, bytearray()
        sizes, self._sizes = self._sizes, []
        # Subjects: each column looked up once (Rows are positions in theirs), one dictionary for all.
        first: dict[int, int] = {}  # a column's place among the columns (the chunks hold them: ids stay theirs)
        columns = []
        for s, _, _, _ in chunks:
            if id(s) not in first:
                first[id(s)] = len(columns)
                columns.append(s)
        found = pc.dictionary_encode(pa.chunked_array(columns, TEXT))
        subjects = found.chunk(0).dictionary
        indices = [c.indices.to_numpy() for c in found.chunks]
        del found, columns

        names = list(self._predicates)
        constants = list(dict.fromkeys(o for _, _, _, o in chunks if isinstance(o, str)))
        small = [f" {q} " for q in names] + [f"{q} " for q in names] + [" .\n", " ;\n\t", " , "] + constants
        # The cells: the objects, the subjects, then the predicates, endings and constant objects.
        u, p, m = len(subjects), len(names), sum(o for _, _, _, o in chunks if not isinstance(o, str))
        head, end = m + u, m + u + 2 * p  # where the predicates and the endings are among the cells
        at_constant = {c: end + 3 + i for i, c in enumerate(constants)}
        sizes += [_sizes(subjects), np.array([len(c.encode()) for c in small], dtype=np.int64)]
        data += _data(subjects)
        data += "".join(small).encode()
        offsets = np.zeros(m + u + len(small) + 1, dtype=np.int64)
        np.cumsum(np.concatenate(sizes), out=offsets[1:])
        cells = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))
        del subjects, sizes

        # Each row's place in the file (subject, then predicate) and the cell of its object: the
        # next of its chunk's, or its chunk's one constant. 4-byte integers where they fit: at a
        # million papers these are arrays of 58 million rows, and the sort holds four of them.
        n = sum(len(s) if at is None else len(at) for s, at, _, _ in chunks)
        key = np.empty(n, dtype=_fitting(u * p))
        cell = np.empty(n, dtype=_fitting(len(offsets)))
        row, next_object = 0, 0
        for s, at, rank, o in chunks:
            column = indices[first[id(s)]]
            length = len(column) if at is None else len(at)
            span = slice(row, row + length)
            key[span] = column if at is None else column[at]
            key[span] *= p
            key[span] += rank
            if isinstance(o, str):
                cell[span] = at_constant[o]
            else:
                cell[span] = np.arange(next_object, next_object + length)
                next_object += length
            row += length
        del chunks, indices
        order = np.argsort(key, kind="stable")
        key = key[order]
        cell = cell[order]
        del order
        for a in range(0, n, BLOCK):
            b = min(a + BLOCK, n)
            # The block's keys with the row before it and the row after it: a row starts a subject or
            # a predicate where its key differs from the row before's, and what ends a row is what
            # the next starts: a new subject (" .\n"), a new predicate (" ;\n\t"), or another
            # object of the same (" , ").
            lo, hi = max(a - 1, 0), min(b + 1, n)
            near = key[lo:hi].astype(np.int64)
            subject = near // p
            new_subject, new_predicate = np.ones(len(near), dtype=bool), np.ones(len(near), dtype=bool)
            new_subject[1:] = subject[1:] != subject[:-1]
            new_predicate[1:] = near[1:] != near[:-1]
            mine = slice(a - lo, b - lo)  # the block's rows among `near`
            starts, heads = new_subject[mine], new_predicate[mine]
            ending = np.full(b - a, end, dtype=np.int64)
            following = slice(a - lo + 1, b - lo + 1)  # each row's next row, where there is one
            ending[: len(near[following])] += 2 - new_subject[following] - new_predicate[following]
            # Each row's cells: its subject and predicate where they are new (-1 where not), object, ending.
            pick = np.full((b - a, 4), -1, dtype=np.int64)
            pick[starts, 0] = m + subject[mine][starts]
            pick[heads, 1] = head + near[mine][heads] % p + p * ~starts[heads]
            pick[:, 2] = cell[a:b]
            pick[:, 3] = ending
            pick = pick.ravel()
            self.f.write(_data(cells.take(pa.array(pick[pick >= 0]))))


def _fitting(largest: int) -> type:
    """The smaller integer type that holds 0..largest."""
    return np.int32 if largest < 2**31 - 1 else np.int64


@dataclass(frozen=True)
class Rows:
    """Some rows of a column of subjects, by position (from rows_of()): close() looks a column's
    subjects up once, however many of its subsets are written."""

    of: pa.Array
    at: np.ndarray

    def __len__(self) -> int:
        return len(self.at)


def rows_of(subjects: pa.Array | Rows, which: Any) -> Rows:
    """The rows of `subjects` where a mask is true, or at positions."""
    which = np.asarray(which)
    at = np.flatnonzero(which) if which.dtype == bool else which.astype(np.int64)
    return Rows(subjects.of, subjects.at[at]) if isinstance(subjects, Rows) else Rows(subjects, at)


def strings(values: Any) -> pa.Array:
    """A column of text as one Arrow array; text UTF-8 cannot hold (lone surrogates) as U+FFFD."""
    try:
        return _text(values)
    except UnicodeEncodeError:
        return _text([SURROGATE.sub("\ufffd", v) for v in _values(values)])


def _text(values: Any) -> pa.Array:
    """Text as one large_string array (pandas' Arrow columns as they are); TypeError for anything but text."""
    if len(values) == 0:
        return pa.array([], TEXT)
    if isinstance(values, pd.Series | pd.Index) and values.dtype != object:
        if not pd.api.types.is_string_dtype(values.dtype):
            raise TypeError(f"{values.dtype} is not text")
        values = pa.array(values, from_pandas=True)
    elif not isinstance(values, pa.Array | pa.ChunkedArray):
        values = pa.array(values, TEXT, from_pandas=True)
    if isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([c.cast(TEXT) for c in values.chunks], TEXT).combine_chunks()
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        raise TypeError(f"{values.type} is not text")
    return values if values.type == TEXT else values.cast(TEXT)


def _sizes(values: pa.Array) -> np.ndarray:
    """The length in bytes of every cell."""
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)
    return np.diff(offsets[values.offset : values.offset + len(values) + 1])


def _data(values: pa.Array) -> bytes:
    """The text of every cell, one after the other (Arrow's data buffer)."""
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)
    start, end = offsets[values.offset], offsets[values.offset + len(values)]
    return memoryview(values.buffers()[2])[start:end] if end > start else b""


def _all_safe(ids: pa.Array) -> bool:
    """Whether every id matches SAFE_NODE, checked on the whole column at once (a regex a cell costs
    more than the rest of the line): one prefix, one '/' each, only name characters, and a local
    name neither empty, nor starting with '.' or '-', nor ending with '.'."""
    if len(ids) == 0:
        return True
    first = ids[0].as_py()
    kind = first.split("/", 1)[0] if first else ""
    if ids.null_count or kind not in NODE_PREFIXES or not pc.all(pc.starts_with(ids, kind + "/")).as_py():
        return False
    data = bytes(_data(ids))
    if data.translate(None, _NAME_BYTES) != b"/" * len(ids) or b"/." in data or b"/-" in data:
        return False
    return not pc.any(pc.ends_with(ids, "/")).as_py() and not pc.any(pc.ends_with(ids, ".")).as_py()


def _values(values: Any) -> list:
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values.to_pylist()
    return values.tolist() if isinstance(values, pd.Series | pd.Index | np.ndarray) else list(values)


def _is_float(values: Any) -> bool:
    return isinstance(values, pd.Series) and pd.api.types.is_float_dtype(values.dtype)


def _cat(*parts: Any) -> pa.Array:
    """Columns and strings joined row by row."""
    arrays = [_s(p) if isinstance(p, str) else strings(p) for p in parts]
    return pc.binary_join_element_wise(*arrays, _s(""))


def _local(ids: Any) -> pa.Array:
    """A node id without its kind ("paper/x" -> "x")."""
    return pc.replace_substring_regex(strings(ids), "^[^/]*/", "", max_replacements=1)


def _explode(keys: pd.Series, lists: pd.Series) -> tuple[pd.Series, list]:
    """Each key once per item of its list, and the items."""
    lengths = [len(items) for items in lists]
    return keys.repeat(lengths), list(chain.from_iterable(lists))


def _isin(column: pd.Series, values: Any) -> np.ndarray:
    """Which cells are among `values` (Arrow's hash join: pandas' isin on Arrow text goes through Python)."""
    found = pc.is_in(strings(column), value_set=strings(values))
    return found.to_numpy(zero_copy_only=False)


def _among(table: pd.DataFrame, column: str, values: Any) -> pd.DataFrame:
    """The rows whose `column` is among `values`: the table itself where all are (most often: a
    copy of the authorships is hundreds of megabytes at a million papers)."""
    found = _isin(table[column], values)
    return table if found.all() else table[found]


# ---------------------------------------------------------------- the graph


def write_graph(kg: KnowledgeGraph, path: Path, base: str = DEFAULT_BASE, arxiv_scheme: bool = True) -> TurtleWriter:
    """graph.ttl: the triples of kg.rdf.triples(kg, base); without the arXiv scheme's own triples
    unless `arxiv_scheme` (kg.distributed writes them in its first part only)."""
    with path.open("wb") as f:
        # w.flush() where the subjects written so far get no more triples (each group's are its own:
        # node ids start with their kind, the cells with their node's id and the cell's name).
        w = TurtleWriter(f, base)
        _categories(kg, w, arxiv_scheme)
        _topics(kg, w)
        w.flush()
        ids = _Identifiers(kg.identifiers)
        orgs = kg.organizations
        s = w.nodes(orgs["org_id"])
        w.emit(s, "a", "schema:Organization")
        w.emit(s, "schema:name", w.literals(orgs["name"]))
        w.emit(s, "schema:alternateName", w.literals(orgs["slug"]))
        w.emit(s, "kg:curatedName", w.booleans(orgs["known"]))
        ids.write(w, orgs["org_id"])
        w.flush()
        _pages(kg, w)
        w.flush()
        _papers(kg, w, ids)
        w.flush()
        _people(kg, w, ids)
        w.flush()
        _ties(w, kg.coauthors, "coauthorship", KG.Coauthorship, ("a", KG.coauthor), ("b", KG.coauthor), KG.jointPaper)
        w.flush()
        _ties(
            w, kg.person_organizations, "derived-affiliation", KG.DerivedAffiliation,
            ("person_id", KG.person), ("org_id", KG.organization), "prov:wasDerivedFrom",
        )  # fmt: skip
        w.close()
    return w


def _scheme(w: TurtleWriter, node_id: str, label: str, concepts: pd.Series) -> None:
    scheme = w.node1(node_id)
    w.emit(scheme, "a", "skos:ConceptScheme")
    w.emit(scheme, "skos:prefLabel", f'"{escape_text(label)[0]}"@en')
    w.emit(scheme, "skos:hasTopConcept", w.nodes(concepts))


def _concepts(w: TurtleWriter, s: pa.Array, node_id: str) -> None:
    w.emit(s, "a", "skos:Concept")
    w.emit(s, "skos:inScheme", w.node1(node_id))
    w.emit(s, "skos:topConceptOf", w.node1(node_id))


def _categories(kg: KnowledgeGraph, w: TurtleWriter, arxiv_scheme: bool) -> None:
    cats = kg.categories
    if arxiv_scheme:
        _scheme(w, ARXIV_SCHEME, "arXiv categories", cats["category_id"])
    s = w.nodes(cats["category_id"])
    _concepts(w, s, ARXIV_SCHEME)
    w.emit(s, "skos:notation", w.literals(cats["notation"]))
    labelled = cats["label"].notna()
    w.emit(rows_of(s, labelled.to_numpy()), "skos:prefLabel", w.literals(cats["label"][labelled], "en"))


def _topics(kg: KnowledgeGraph, w: TurtleWriter) -> None:
    if kg.topics.empty:
        return
    concepts = pd.concat([kg.topics, kg.topic_rollups], ignore_index=True)
    _scheme(w, TOPIC_SCHEME, "Topics drawn from titles and abstracts", concepts["topic_id"])
    s = w.nodes(concepts["topic_id"])
    _concepts(w, s, TOPIC_SCHEME)
    w.emit(s, "skos:prefLabel", w.literals(concepts["label"], "en"))
    keys, alts = _explode(concepts["topic_id"], concepts["alt_labels"])
    w.emit(w.nodes(keys), "skos:altLabel", w.literals(alts, "en"))
    narrower, broader = w.nodes(kg.topic_broader["narrower"]), w.nodes(kg.topic_broader["broader"])
    w.emit(narrower, "skos:broader", broader)
    w.emit(broader, "skos:narrower", narrower)
    w.flush()
    _ties(
        w, kg.person_topics, "expertise", KG.TopicExpertise,
        ("person_id", KG.person), ("topic_id", KG.topic), "prov:wasDerivedFrom",
    )  # fmt: skip
    w.flush()
    _ties(
        w, kg.topic_cooccurrence, "cooccurrence", KG.TopicCooccurrence, ("a", KG.topic), ("b", KG.topic), KG.jointPaper
    )


def _ties(w: TurtleWriter, table: pd.DataFrame, path: str, kind: Any, end_a: tuple, end_b: tuple, via: Any) -> None:
    """Weighted ties, each its own subject: a block of rows at a time (see _in_blocks)."""
    (col_a, prop_a), (col_b, prop_b) = end_a, end_b
    kind, prop_a, prop_b, via = (_name(w, x) for x in (kind, prop_a, prop_b, via))

    def steps(rows: pd.DataFrame) -> Iterator[Step]:
        n = len(rows)
        s = cache(lambda: w.nodes(_cat(path + "/", _local(rows[col_a]), "--", _local(rows[col_b]))))
        lengths = np.fromiter((len(p) for p in rows["papers"]), dtype=np.int64, count=n)
        yield "node", "a", n, lambda p: (s(), p, kind)
        yield "node", prop_a, n, lambda p: (s(), p, w.nodes(rows[col_a]))
        yield "node", prop_b, n, lambda p: (s(), p, w.nodes(rows[col_b]))
        yield "node", "kg:weight", n, lambda p: (s(), p, w.integers(rows["weight"]))
        owners = np.repeat(np.arange(n), lengths)
        yield (
            "node",
            via,
            len(owners),
            lambda p: (rows_of(s(), owners), p, w.nodes(list(chain.from_iterable(rows["papers"])))),
        )

    _in_blocks(w, steps, table, [("node", steps, _row_blocks(table))])


def _name(w: TurtleWriter, term: Any) -> str:
    """A vocabulary term as emit() writes it."""
    return term if type(term) is str else w.term(term)


def _row_blocks(table: pd.DataFrame) -> Iterator[pd.DataFrame]:
    return (table.iloc[lo : lo + PAPER_BLOCK] for lo in range(0, len(table), PAPER_BLOCK))


def _in_blocks(w: TurtleWriter, steps: Any, whole: Any, passes: Iterable[tuple[str, Any, Iterable[Any]]]) -> None:
    """A group of subjects (one flush's worth, as write_graph once wrote it) written a block at a time:
    `steps(whole)` yields the group's Steps in the order they were emitted at once, which ranks the
    predicates (TurtleWriter.rank: a block may lack a predicate that another has); then each pass
    (part, steps, blocks) emits that part's Steps of each block and flushes. The blocks of a part hold
    its subjects in their order and each subject in one block; the parts come in the order their
    subjects first appeared: the bytes of one flush, with one block's rendered text held at a time."""
    for _, predicate, count, _ in steps(whole):
        if count:
            w.rank(predicate)
    for part, part_steps, blocks in passes:
        for block in blocks:
            _emit(w, part_steps(block), part)
            w.flush()


class _Identifiers:
    """Persistent identifiers (kg.rdf._identifiers): numbered per node in table order, with their resolver IRIs."""

    def __init__(self, table: pd.DataFrame) -> None:
        table = table[["node_id", "scheme", "value"]].reset_index(drop=True)
        n = table.groupby("node_id", sort=False).cumcount() + 1
        iri = [
            _iri_of(node, scheme, value)
            for node, scheme, value in zip(table["node_id"], table["scheme"], table["value"])
        ]
        self.table = table.assign(cell=table["node_id"] + ".id." + n.astype(str), iri=pd.Series(iri, dtype=object))

    def write(self, w: TurtleWriter, nodes: pd.Series) -> None:
        for _, predicate, count, make in _identifier_steps(w, _among(self.table, "node_id", nodes)):
            if count:
                w.emit(*make(predicate))


# A step of a group's triples, in the order write_graph emits them: (part, predicate, rows, make), where
# make(predicate) gives emit()'s arguments, rendered only when called; part says whose subjects they are.
Step = tuple[str, str, int, Any]


def _identifier_steps(w: TurtleWriter, rows: pd.DataFrame) -> Iterator[Step]:
    """A node's identifiers (its own triples, part "node") and their PropertyValue cells ("id")."""
    linked = rows["iri"].notna().to_numpy()
    yield "node", "schema:sameAs", int(linked.sum()), lambda p: (
        w.nodes(rows["node_id"][linked]), p, w.iris(rows["iri"][linked]))  # fmt: skip
    yield "node", "schema:identifier", len(rows), lambda p: (w.nodes(rows["node_id"]), p, w.nodes(rows["cell"]))
    yield from _identifier_cells(w, rows)


def _identifier_cells(w: TurtleWriter, rows: pd.DataFrame) -> Iterator[Step]:
    linked = rows["iri"].notna().to_numpy()
    n, cells = len(rows), cache(lambda: w.nodes(rows["cell"]))
    yield "id", "a", n, lambda p: (cells(), p, "schema:PropertyValue")
    yield "id", "schema:propertyID", n, lambda p: (cells(), p, w.literals(rows["scheme"]))
    yield "id", "schema:value", n, lambda p: (cells(), p, w.literals(rows["value"]))
    yield "id", "schema:url", int(linked.sum()), lambda p: (rows_of(cells(), linked), p, w.iris(rows["iri"][linked]))


def _venue_rows(venues: pd.DataFrame, nodes: pd.Series) -> pd.DataFrame:
    last = venues.drop_duplicates("node_id", keep="last")  # kg.rdf reads them into a dict
    return last[_isin(last["node_id"], nodes) & last["venue"].notna().to_numpy() & (last["venue"] != "").to_numpy()]


def _venue_steps(w: TurtleWriter, rows: pd.DataFrame) -> Iterator[Step]:
    """schema:isPartOf a schema:Periodical with the printed name (kg.rdf._venue): the node's, then the cell's."""
    yield "node", "schema:isPartOf", len(rows), lambda p: (
        w.nodes(rows["node_id"]), p, w.nodes(_cat(rows["node_id"], ".venue")))  # fmt: skip
    yield from _venue_cells(w, rows)


def _venue_cells(w: TurtleWriter, rows: pd.DataFrame) -> Iterator[Step]:
    cells = cache(lambda: w.nodes(_cat(rows["node_id"], ".venue")))
    yield "venue", "a", len(rows), lambda p: (cells(), p, "schema:Periodical")
    yield "venue", "schema:name", len(rows), lambda p: (cells(), p, w.literals(rows["venue"]))


def _some(w: TurtleWriter, s: pa.Array, predicate: str, column: pd.Series, render: Any) -> None:
    """One triple per row whose cell has a value."""
    there = column.notna().to_numpy()
    w.emit(rows_of(s, there), predicate, render(column[there]))


def _pages(kg: KnowledgeGraph, w: TurtleWriter) -> None:
    pages = kg.pages
    s = w.nodes(pages["page_id"])
    w.emit(s, "a", "prov:Entity")
    w.emit(s, "a", "schema:WebPage")
    w.emit(s, "schema:name", w.literals(pages["source"]))
    _some(w, s, "kg:layout", pages["layout"], w.literals)
    if "owner_id" in pages.columns:
        _some(w, s, "kg:owner", pages["owner_id"], w.nodes)
    if "listing_date" in pages.columns:
        _some(w, s, "kg:listingDate", pages["listing_date"], lambda v: w.texts(v, "^^xsd:date"))
    figures = {
        "h_index": "kg:hIndex",
        "papers": "kg:paperCount",
        "citations": "kg:citationCount",
        "novelty": "kg:novelty",
        "ai_score": "kg:aiScore",
        "records": "kg:recordCount",
        "rejects": "kg:rejectCount",
    }
    for column, term in figures.items():
        if column in pages.columns:
            _some(w, s, term, pages[column], w.decimals if column in ("novelty", "ai_score") else w.integers)


@dataclass
class _Subjects:
    """Subjects (a table's rows) and the rows of other tables about them, each with `at`, the place of
    its subject among them (so a block of subjects takes its rows without a join)."""

    frame: pd.DataFrame
    tables: dict[str, tuple[pd.DataFrame, np.ndarray]]

    @staticmethod
    def of(frame: pd.DataFrame, key: str, tables: dict[str, tuple[pd.DataFrame, str]]) -> _Subjects:
        keys = strings(frame[key])

        def row_of(values: Any) -> np.ndarray:  # Arrow's hash: a pandas Index of Arrow text makes Python strings
            found = pc.index_in(strings(values), value_set=keys)
            return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)

        if keys.null_count or not np.array_equal(row_of(keys), np.arange(len(keys))):
            raise ValueError(f"{key}s that repeat")
        found = {}
        for name, (table, column) in tables.items():
            at = row_of(table[column])
            if len(at) and at.min() < 0:
                raise ValueError(f"a {column} that is not among the {key}s")
            found[name] = (table, at)
        return _Subjects(frame, found)

    def __len__(self) -> int:
        return len(self.frame)

    def block(self, lo: int, hi: int) -> _Subjects:
        """Subjects lo..hi-1 and their rows, in table order."""
        tables = {}
        for name, (table, at) in self.tables.items():
            mine = (at >= lo) & (at < hi)
            tables[name] = (table[mine], at[mine] - lo)
        return _Subjects(self.frame.iloc[lo:hi], tables)

    def blocks(self) -> Iterator[_Subjects]:
        return (self.block(lo, lo + PAPER_BLOCK) for lo in range(0, len(self), PAPER_BLOCK))

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name][0]

    def rows(self, s: Any, name: str) -> Rows:
        """The subjects at a table's rows."""
        return rows_of(s, self.tables[name][1])


def _with_cells(w: TurtleWriter, t: _Subjects, steps: Any) -> None:
    """A node kind's group in blocks: its nodes, then its identifiers' cells, then its venues' cells."""
    cells = [("node", lambda b: steps(w, b), t.blocks())]
    for part, name, make in (("id", "identifiers", _identifier_cells), ("venue", "venues", _venue_cells)):
        if name in t.tables:
            cells.append((part, lambda rows, make=make: make(w, rows), _row_blocks(t.table(name))))
    _in_blocks(w, lambda b: steps(w, b), t, cells)


def _paper_rows(kg: KnowledgeGraph, ids: _Identifiers) -> _Subjects:
    """The papers and the rows their own triples read."""
    pid = kg.papers["paper_id"]
    authors = _among(kg.authorship, "paper_id", pid)
    placed = authors[authors["position"].notna()]
    sources = _among(kg.paper_sources.sort_values(["paper_id", "source", "line"], kind="stable"), "paper_id", pid)
    topics = kg.paper_topics.sort_values(["paper_id", "rank"], kind="stable")
    return _Subjects.of(
        kg.papers,
        "paper_id",
        {
            "categories": (_among(kg.paper_categories, "paper_id", pid), "paper_id"),
            "topics": (_among(topics, "paper_id", pid), "paper_id"),
            "organizations": (_among(kg.paper_organizations, "paper_id", pid), "paper_id"),
            "authors": (authors, "paper_id"),
            "listed": (placed[["paper_id"]].drop_duplicates(), "paper_id"),
            "identifiers": (_among(ids.table, "node_id", pid), "node_id"),
            "venues": (_venue_rows(kg.venues, pid), "node_id"),
            "versions": (_among(kg.paper_versions, "paper_id", pid), "paper_id"),
            "pages": (sources.drop_duplicates(["paper_id", "page_id"]), "paper_id"),
            "sources": (sources, "paper_id"),
        },
    )


def _paper_steps(w: TurtleWriter, t: _Subjects) -> Iterator[Step]:
    """The papers' own triples (part "node") and their identifiers' and venues' cells, in the order
    write_graph emitted them as one group (the order that ranks the predicates: TurtleWriter.rank)."""
    papers = t.frame
    s = cache(lambda: w.nodes(papers["paper_id"]))

    def some(predicate: str, column: pd.Series, render: Any) -> Step:
        return _some_step(w, s, predicate, column, render)

    def joined(predicate: str, name: str, render: Any) -> Step:
        table = t.table(name)
        return "node", predicate, len(table), lambda p: (t.rows(s(), name), p, render(table))

    n = len(papers)
    yield "node", "a", n, lambda p: (s(), p, "schema:ScholarlyArticle")
    yield "node", "schema:name", n, lambda p: (s(), p, w.literals(papers["title"]))
    yield some("schema:abstract", papers["abstract"], w.literals)
    yield from _published_steps(w, s, papers["date"], papers["year"])
    yield joined("schema:about", "categories", lambda r: w.nodes(r["category_id"]))
    yield joined("schema:about", "topics", lambda r: w.nodes(r["topic_id"]))
    yield joined("schema:sourceOrganization", "organizations", lambda r: w.nodes(r["org_id"]))
    yield joined("schema:author", "authors", lambda r: w.nodes(r["person_id"]))
    yield joined("bibo:authorList", "listed", lambda r: w.nodes(_cat(r["paper_id"], ".authors.1")))
    yield some("kg:authorListTruncated", papers["authors_truncated"], w.booleans)
    yield some("kg:printedAuthorCount", papers["author_count"], w.integers)
    yield "node", "kg:hasCode", n, lambda p: (s(), p, w.booleans(papers["has_code"]))
    yield some("kg:score", papers["score"], w.decimals)
    yield some("kg:upvotes", papers["upvotes"], w.integers)
    yield from _identifier_steps(w, t.table("identifiers"))
    yield from _venue_steps(w, t.table("venues"))
    yield joined("schema:workExample", "versions", lambda r: w.nodes(r["version_id"]))
    yield joined("prov:wasDerivedFrom", "pages", lambda r: w.nodes(r["page_id"]))
    yield joined("prov:qualifiedDerivation", "sources", lambda r: w.nodes(_derivations(r)))
    yield joined("kg:authorship", "authors", lambda r: w.nodes(_authorship_ids(r)))


def _derivations(sources: pd.DataFrame) -> pa.Array:
    return _cat(sources["paper_id"], ".listed.", _local(sources["page_id"]), ".", sources["line"].astype(str))


def _authorship_ids(authors: pd.DataFrame) -> pa.Array:
    return _cat(authors["paper_id"], ".author.", _local(authors["person_id"]))


def _emit(w: TurtleWriter, steps: Iterable[Step], part: str) -> None:
    for whose, predicate, count, make in steps:
        if count and whose == part:
            w.emit(*make(predicate))


def _papers(kg: KnowledgeGraph, w: TurtleWriter, ids: _Identifiers) -> None:
    # Each group (one flush once: at a million papers the papers' held 2.5 GiB, the build's peak) a
    # block at a time, with the same bytes (_in_blocks).
    _with_cells(w, _paper_rows(kg, ids), _paper_steps)

    pid = kg.papers["paper_id"]
    authors = _among(kg.authorship, "paper_id", pid)
    # The printed author list as an rdf:List whose cells are IRIs (kg.rdf: sorted by position, then person).
    placed = authors[authors["position"].notna()]
    placed = placed.assign(position=placed["position"].astype("int64"))
    placed = placed.sort_values(["paper_id", "position", "person_id"], kind="stable")
    placed = placed.assign(
        n=placed.groupby("paper_id", sort=False).cumcount().to_numpy() + 1,
        size=placed.groupby("paper_id", sort=False)["paper_id"].transform("size").to_numpy(),
    )

    def author_lists(rows: pd.DataFrame) -> Iterator[Step]:
        n, size = rows["n"].to_numpy(), rows["size"].to_numpy()
        cells = cache(lambda: w.nodes(_cat(rows["paper_id"], ".authors.", rows["n"].astype(str))))
        following = _cat(rows["paper_id"], ".authors.", pd.Series(n + 1).astype(str))
        yield "node", "rdf:first", len(rows), lambda p: (cells(), p, w.nodes(rows["person_id"]))
        yield "node", "rdf:rest", len(rows), lambda p: (
            cells(), p, pc.if_else(pa.array(n < size), w.nodes(following), _s("rdf:nil")))  # fmt: skip

    _in_blocks(w, author_lists, placed, [("node", author_lists, _row_blocks(placed))])
    del placed

    _authorships(kg, w, authors)
    del authors

    versions = _among(kg.paper_versions, "paper_id", pid)
    vid = versions["version_id"]
    rows = _Subjects.of(
        versions,
        "version_id",
        {
            "identifiers": (_among(ids.table, "node_id", vid), "node_id"),
            "venues": (_venue_rows(kg.venues, vid), "node_id"),
        },
    )
    _with_cells(w, rows, _version_steps)


def _version_steps(w: TurtleWriter, t: _Subjects) -> Iterator[Step]:
    versions = t.frame
    n, v = len(versions), cache(lambda: w.nodes(versions["version_id"]))
    yield "node", "a", n, lambda p: (v(), p, "schema:CreativeWork")
    yield "node", "a", n, lambda p: (v(), p, "kg:PaperVersion")
    yield "node", "schema:exampleOfWork", n, lambda p: (v(), p, w.nodes(versions["paper_id"]))
    yield "node", "kg:preprint", n, lambda p: (v(), p, w.booleans(versions["preprint"]))
    yield from _published_steps(w, v, versions["date"], versions["year"])
    yield from _identifier_steps(w, t.table("identifiers"))
    yield from _venue_steps(w, t.table("venues"))


def _published_steps(w: TurtleWriter, s: Any, date: pd.Series, year: pd.Series) -> Iterator[Step]:
    """The publication date (kg.rdf._published): a day as xsd:date, a year alone as xsd:gYear."""
    dated = date.notna().to_numpy()
    yield _some_step(w, s, "schema:datePublished", date, lambda v: w.texts(v, "^^xsd:date"))
    yield _some_step(
        w, s, "schema:datePublished", year.where(~dated), lambda v: w.texts([f"{int(y):04d}" for y in v], "^^xsd:gYear")
    )


def _some_step(w: TurtleWriter, s: Any, predicate: str, column: pd.Series, render: Any) -> Step:
    """One triple per row whose cell has a value (s() gives the rows' subjects)."""
    there = column.notna().to_numpy()
    return "node", predicate, int(there.sum()), lambda p: (rows_of(s(), there), p, render(column[there]))


def _authorships(kg: KnowledgeGraph, w: TurtleWriter, authors: pd.DataFrame) -> None:
    """The authorships, the derivations and the printed affiliations: one group, in blocks of
    authorships (with their affiliations), then of derivations, then the affiliations of no authorship."""
    pid = kg.papers["paper_id"]
    sources = _among(kg.paper_sources.sort_values(["paper_id", "source", "line"], kind="stable"), "paper_id", pid)
    printed = _among(kg.affiliations, "paper_id", pid)
    at = pc.index_in(_authorship_ids(printed), value_set=_authorship_ids(authors))
    at = pc.fill_null(at, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    t = _Subjects(authors, {"printed": (printed[at >= 0], at[at >= 0])})
    loose = printed[at < 0]

    def steps(t: _Subjects, sources: pd.DataFrame, loose: pd.DataFrame) -> Iterator[Step]:
        authors, n = t.frame, len(t)
        s = cache(lambda: w.nodes(_authorship_ids(authors)))
        yield "authorship", "a", n, lambda p: (s(), p, "kg:Authorship")
        yield "authorship", "kg:person", n, lambda p: (s(), p, w.nodes(authors["person_id"]))
        _, predicate, count, make = _some_step(w, s, "kg:position", authors["position"], w.integers)
        yield "authorship", predicate, count, make
        yield "authorship", "kg:fromPageOwner", n, lambda p: (s(), p, w.booleans(authors["from_owner"]))
        d = cache(lambda: w.nodes(_derivations(sources)))
        yield "derivation", "a", len(sources), lambda p: (d(), p, "prov:Derivation")
        yield "derivation", "prov:entity", len(sources), lambda p: (d(), p, w.nodes(sources["page_id"]))
        yield "derivation", "kg:line", len(sources), lambda p: (d(), p, w.integers(sources["line"]))
        mine = t.table("printed")
        yield "authorship", "kg:affiliation", len(mine), lambda p: (t.rows(s(), "printed"), p, w.nodes(mine["org_id"]))
        yield "loose", "kg:affiliation", len(loose), lambda p: (
            w.nodes(_authorship_ids(loose)), p, w.nodes(loose["org_id"]))  # fmt: skip

    none = sources.iloc[:0]
    _in_blocks(
        w,
        lambda whole: steps(whole, sources, loose),
        t,
        [
            ("authorship", lambda b: steps(b, none, loose.iloc[:0]), t.blocks()),
            ("derivation", lambda b: steps(t.block(0, 0), b, loose.iloc[:0]), _row_blocks(sources)),
            ("loose", lambda b: steps(t.block(0, 0), none, b), _row_blocks(loose)),
        ],
    )


def _people(kg: KnowledgeGraph, w: TurtleWriter, ids: _Identifiers) -> None:
    people = kg.people
    person = people["person_id"]
    lengths = np.fromiter((len(a) for a in people["alternate_names"]), dtype=np.int64, count=len(people))
    alternates = np.empty(int(lengths.sum()), dtype=object)  # Python's text as it is (a lone surrogate too)
    alternates[:] = list(chain.from_iterable(people["alternate_names"]))
    affiliated = _among(kg.affiliations.drop_duplicates(["person_id", "org_id"]), "person_id", person)
    t = _Subjects.of(
        people,
        "person_id",
        {"affiliated": (affiliated, "person_id"), "identifiers": (_among(ids.table, "node_id", person), "node_id")},
    )
    t.tables["alternates"] = (alternates, np.repeat(np.arange(len(people)), lengths))
    _with_cells(w, t, _people_steps)


def _people_steps(w: TurtleWriter, t: _Subjects) -> Iterator[Step]:
    people, n = t.frame, len(t)
    s = cache(lambda: w.nodes(people["person_id"]))
    yield "node", "a", n, lambda p: (s(), p, "schema:Person")
    yield "node", "schema:name", n, lambda p: (s(), p, w.literals(people["name"]))
    alternates = t.table("alternates")
    yield "node", "schema:alternateName", len(alternates), lambda p: (
        t.rows(s(), "alternates"), p, w.literals(alternates))  # fmt: skip
    affiliated = t.table("affiliated")
    yield "node", "schema:affiliation", len(affiliated), lambda p: (
        t.rows(s(), "affiliated"), p, w.nodes(affiliated["org_id"]))  # fmt: skip
    for column, (term, integer) in PERSON_FIGURES.items():
        if column in people.columns:
            yield _some_step(w, s, w.term(term), people[column], w.integers if integer else w.decimals)
    yield from _identifier_steps(w, t.table("identifiers"))
