"""Turning a path into lines, or into one readable reason why not.

Every path an input names ends here, whatever it is: a file, a folder that could not be
listed, a FIFO, a dangling symlink, a name that is not text. Nothing is skipped in silence,
and nothing but a regular file is ever opened (opening a FIFO waits for a writer forever).
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Rejected

SNIFF_BYTES = 8192

# Byte-order marks that name an encoding other than UTF-8; UTF-32 before UTF-16 (FF FE starts both).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Where a file that is not UTF-8 says what it is, in its first bytes: an XML declaration, an HTML
# <meta> charset (either form), JabRef's "% Encoding: Cp1252" line above a BibTeX library.
DECLARED_BYTES = 2048
DECLARATIONS = (
    re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"""),
    re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE),
    re.compile(rb"^%\s*Encoding:\s*([A-Za-z0-9._:-]+)", re.MULTILINE),
)
# HTML's rule (WHATWG Encoding): a page labelled Latin-1 or ASCII is read as windows-1252, which
# browsers do, since such pages carry its curly quotes and dashes in 0x80-0x9f.
HTML_AS_WINDOWS_1252 = {"latin_1", "iso8859_1", "ascii"}


# A gzip-compressed export (OpenAlex's snapshot parts are JSON Lines in .gz) is read through,
# up to this many bytes of text or this many times its own size, whichever is larger: a small file
# that unpacks to gigabytes is built to exhaust memory, not saved by anyone.
GZIP_MAGIC = b"\x1f\x8b"
GZIP_MIN_LIMIT = 64 * 2**20
GZIP_RATIO = 100


@dataclass
class Text:
    lines: list[str]
    notes: list[str] = field(default_factory=list)


def shown_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogate escapes) shown as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def has_bad_bytes(name: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in name)


# Control bytes no text page holds (tab, line feed, form feed and carriage return are text).
CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, CONTROLS))  # counted in C, not a Python step a byte
    return controls > len(head) * 0.1


def _decode_marked(source: str, data: bytes) -> str | Rejected | None:
    """The text of a page that starts with a UTF-16 or UTF-32 byte-order mark; None for any other page."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)  # the codec reads the mark and drops it
            except UnicodeDecodeError as e:
                return Rejected(
                    source, 1, f"marked as {codec.upper()} but not {codec.upper()}: {e.reason}", "", "not_utf8"
                )
    return None


def _gunzip(source: str, data: bytes) -> bytes | Rejected:
    """The bytes a gzip file holds (every member of it), or why not."""
    limit = max(GZIP_MIN_LIMIT, GZIP_RATIO * len(data))
    out: list[bytes] = []
    size, rest = 0, data
    try:
        while rest.startswith(GZIP_MAGIC):
            member = zlib.decompressobj(wbits=31)
            out.append(member.decompress(rest, limit - size + 1))
            size += len(out[-1])
            if size > limit:
                return Rejected(
                    source, 1, f"a gzip file that unpacks to over {limit:,} bytes: not read", "", "too_large"
                )
            if not member.eof:
                return Rejected(source, 1, "a gzip file cut off before its end", "", "cut_off")
            rest = member.unused_data
    except zlib.error as e:
        return Rejected(source, 1, f"a gzip file that does not unpack: {e}", "", "binary")
    return b"".join(out)


def decode(source: str, data: bytes) -> Text | Rejected:
    """Lines of a UTF-8 page (or a UTF-16/32 one with its byte-order mark); CRLF and CR line ends are
    accepted, and a gzip-compressed file is read through."""
    if data.startswith(GZIP_MAGIC):
        inner = _gunzip(source, data)
        if isinstance(inner, Rejected):
            return inner
        if inner.startswith(GZIP_MAGIC):  # gzip inside gzip is no export; one layer is read, no more
            return Rejected(source, 1, "a gzip file inside a gzip file: not read", "", "binary")
        text = decode(source, inner)
        if isinstance(text, Text):
            text.notes.insert(0, "read from gzip")
        return text
    notes = []
    marked = _decode_marked(source, data)
    if isinstance(marked, Rejected):
        return marked
    if marked is not None:
        codec = next(codec for bom, codec in BOMS if data.startswith(bom))
        notes.append(f"read as {codec.upper()} (byte-order mark)")
        text = marked
        if not text.strip():
            return Rejected(source, 1, "file holds only white space", "", "empty")
    else:
        if not data.strip():
            return Rejected(source, 1, "empty file" if not data else "file holds only white space", "", "empty")
        if _looks_binary(data[:SNIFF_BYTES]):
            return Rejected(source, 1, "binary file, not a saved text page", repr(data[:64]), "binary")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            declared = _decode_declared(data)
            if declared is not None:
                text, codec = declared
                notes.append(f"read as {codec} (declared by the file; not UTF-8)")
                return _lines(text, notes)
            line = data.count(b"\n", 0, e.start) + 1
            return Rejected(
                source,
                line,
                f"not UTF-8: byte 0x{data[e.start]:02x} on line {line} (re-save the page as UTF-8)",
                data[max(0, e.start - 40) : e.start + 40].decode("utf-8", "replace"),
                "not_utf8",
            )
        if text.startswith("\ufeff"):
            text = text[1:]
            notes.append("byte-order mark removed")
    return _lines(text, notes)


def _lines(text: str, notes: list[str]) -> Text:
    if "\r" in text:
        notes.append("CRLF line ends read as LF" if "\r\n" in text else "CR line ends read as LF")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Text(text.split("\n"), notes)


def _decode_declared(data: bytes) -> tuple[str, str] | None:
    """The text of a file that is not UTF-8 but declares its encoding (DECLARATIONS), and the
    encoding's name; None where it declares none, one Python does not know, one that does not
    write ASCII as ASCII (the declaration could not have been read so), or one the bytes break."""
    head = data[:DECLARED_BYTES]
    for n, pattern in enumerate(DECLARATIONS):
        found = pattern.search(head)
        if found is None:
            continue
        label = found.group(1).decode("ascii")
        try:
            name = codecs.lookup(label).name.replace("-", "_")
        except LookupError:
            return None
        if name in HTML_AS_WINDOWS_1252 and n == 1:
            name = "cp1252"
        if name.startswith("utf_8") or b"<?xml %".decode(name, "replace") != "<?xml %":
            return None
        try:
            return data.decode(name), codecs.lookup(name).name.upper()
        except UnicodeDecodeError:
            return None
    return None


FILE_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def _unreadable(source: str, reason: str) -> Rejected:
    return Rejected(source, 0, reason, "", "unreadable")


def _stat_error(path: Path, source: str, e: OSError) -> Rejected:
    if e.errno == errno.ELOOP:
        return _unreadable(source, "a symlink loop: the link never reaches a file")
    if isinstance(e, FileNotFoundError) and os.path.islink(path):
        return _unreadable(source, f"a dangling symlink (to {shown_name(os.readlink(path))}, which does not exist)")
    return _unreadable(source, f"cannot read the file: {e.strerror or e}")


def read(path: Path, source: str) -> Text | Rejected:
    """The lines of the file at `path`, or why there are none. Only a regular file is opened."""
    if has_bad_bytes(str(path)):
        return Rejected(
            source, 0, "the file name is not UTF-8 (its odd bytes are shown as \\xNN); rename the file", "", "bad_name"
        )
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        return _stat_error(path, source, e)
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path):
                pass
        except OSError as e:
            return _unreadable(source, f"cannot list the folder: {e.strerror or e}")
        return _unreadable(source, "a folder that could not be listed")
    if not stat.S_ISREG(mode):
        return _unreadable(source, f"{FILE_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a file: not read")
    try:
        data = path.read_bytes()
    except OSError as e:
        return _unreadable(source, f"cannot read the file: {e.strerror or e}")
    return decode(source, data)
