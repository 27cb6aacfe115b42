"""Turning a file's bytes into lines, or into one readable reason why not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Rejected

SNIFF_BYTES = 8192


@dataclass
class Text:
    lines: list[str]
    notes: list[str] = field(default_factory=list)


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.1


def decode(source: str, data: bytes) -> Text | Rejected:
    """Lines of a UTF-8 page; CRLF and CR line ends and a byte-order mark are accepted."""
    if not data.strip():
        return Rejected(source, 1, "empty file" if not data else "file holds only white space", "", "empty")
    if _looks_binary(data[:SNIFF_BYTES]):
        return Rejected(source, 1, "binary file, not a saved text page", repr(data[:64]), "binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return Rejected(
            source,
            line,
            f"not UTF-8: byte 0x{data[e.start]:02x} on line {line} (re-save the page as UTF-8)",
            data[max(0, e.start - 40) : e.start + 40].decode("utf-8", "replace"),
            "not_utf8",
        )
    notes = []
    if text.startswith("\ufeff"):
        text = text[1:]
        notes.append("byte-order mark removed")
    if "\r" in text:
        notes.append("CRLF line ends read as LF" if "\r\n" in text else "CR line ends read as LF")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Text(text.split("\n"), notes)


def read(path: Path, source: str) -> Text | Rejected:
    try:
        data = path.read_bytes()
    except OSError as e:
        return Rejected(source, 0, f"cannot read the file: {e.strerror or e}", "", "unreadable")
    return decode(source, data)
