"""Bad input through the command line, as a user meets it.

Each bad file sits in a folder beside the four good seeds. It must cost one readable line on
stderr (file, line where one applies, reason), one row in rejects.jsonl, and nothing else:
no traceback, the seeds still give 34, 50, 25 and 119 records, and only --strict fails the run.
Every run builds the whole graph too, so the bad files share one folder and one run (and one
with --strict); the installed `kg` is also run, in its own process, on one bad file alone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from kg.build import extract_files, find_inputs
from kg.cli import app
from kg.extract import Context, compact, daily, profile, titles
from kg.model import REJECT_CODES

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_COUNTS = {
    "000_507a028c40c23cf4.txt": 34,
    "001_255aaf5710b68c8f.txt": 50,
    "002_9b389e03cf5b3e93.txt": 25,
    "003_624d472fb023f9d5.txt": 119,
}
AS_OF = "2026-11-24"
MEGABYTE_LINE = "x" * 1_000_000


@dataclass
class Bad:
    name: str
    data: bytes
    line: int  # the line the reject names (1 for a file rejected whole)
    reason: str  # part of the reason, as printed


def profile_page(*blocks: str) -> str:
    return "Ann Lee\n\nCL\nh-index3\n2papers\n\n2 Papers\n\n" + "\n\n".join(blocks) + "\n"


GOOD_PROFILE_BLOCK = (
    "CLMay 2, 2024\nA Finished Paper\n\nAnn Lee, Bob Wu\n\nAn abstract of the finished paper, long enough."
)
GOOD_COMPACT = "21.6CLOct 12, 2022\nA Good TitleAnn Lee, Bob Wu et al. · mit\nAn abstract of the good paper.\n"
GOOD_DAILY = (
    "Daily Papers\n\nJan 19\n\nA Good Title\n\nAn abstract that is longer than its title.\n\n"
    "  • 2 authors\n·\nApr 8, 2024 3\n\n"
)
GOOD_TITLES = (
    "Get trending papers in your email inbox!\nSubscribeA Good Title\nAn abstract that is longer than its title.\n"
)

README = """# kg

kg builds knowledge graphs of papers, people, organizations and topics from saved listing pages.

## Usage

Run `kg build seeds --out output` to read the pages in seeds/ and write what it finds to output/.

## Tests

Run `make test` to lint the code and run the tests; it needs Python 3.11 and a virtual environment.
"""

BAD = [
    Bad("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06", 1, "binary file"),
    Bad("empty.txt", b"", 1, "empty file"),
    Bad("blank.txt", b"  \n\t\n   \r\n\n", 1, "only white space"),
    Bad(
        "latin1.txt",
        "Ann Lee\n\nCL\nh-index3\n\nCLMay 2, 2024\nCafé Culture in Language Models\n".encode("latin-1"),
        7,
        "not UTF-8: byte 0xe9 on line 7",
    ),
    Bad("README.md", README.encode(), 1, "no known page layout"),
    Bad(
        "papers.csv", b"title,year,authors\nBLOOM,2022,BigScience Workshop\nCOGS,2020,Najoung Kim\n", 1, "no known page"
    ),
    Bad(
        "cut_profile.txt",
        profile_page(GOOD_PROFILE_BLOCK, "CLJun 3, 2024\nA Paper Cut Off Here").encode(),
        17,
        "record cut off at the end of the file",
    ),
    Bad(
        "cut_profile_no_abstract.txt",
        profile_page(GOOD_PROFILE_BLOCK, "CLJun 3, 2024\nA Paper Cut Off Here\n\nCara Doe, Dan Eve").encode(),
        17,
        "record cut off at the end of the file",
    ),
    Bad(
        "cut_compact.txt",
        (GOOD_COMPACT + "5.0CLJun 2\nA Cut TitleCara Doe, Dan Eve\n").encode(),
        5,
        "record cut off at the end of the file",
    ),
    Bad("cut_daily.txt", (GOOD_DAILY + "A Cut Title\n").encode(), 13, "record cut off at the end of the file"),
    Bad("cut_titles.txt", (GOOD_TITLES + "A Cut Title\n").encode(), 4, "record cut off at the end of the file"),
    Bad("megabyte.txt", MEGABYTE_LINE.encode(), 1, "no known page layout"),
]


def seed_with_megabyte_line(seed: str, line: int) -> bytes:
    lines = (SEEDS / seed).read_text(encoding="utf-8").split("\n")
    lines[line - 1] = MEGABYTE_LINE
    return "\n".join(lines).encode()


# An otherwise good page (a seed) with one abstract replaced by a 1 MB line: that record alone
# is rejected; the reject points at its block and the reason at the long line.
BIG_IN_PAGE = [
    (Bad("big_profile.txt", seed_with_megabyte_line("000_507a028c40c23cf4.txt", 17), 12, "line 17 is 1,000,000"), 34),
    (Bad("big_compact.txt", seed_with_megabyte_line("001_255aaf5710b68c8f.txt", 3), 1, "line 3 is 1,000,000"), 50),
    (Bad("big_daily.txt", seed_with_megabyte_line("002_9b389e03cf5b3e93.txt", 15), 13, "line 15 is 1,000,000"), 25),
    (Bad("big_titles.txt", seed_with_megabyte_line("003_624d472fb023f9d5.txt", 4), 3, "line 4 is 1,000,000"), 119),
]


# A megabyte-line page is a copy of a seed: its other records are the seed's, minus one.
BIG_COUNTS = {bad.name: count - 1 for bad, count in BIG_IN_PAGE}
ALL_BAD = BAD + [bad for bad, _ in BIG_IN_PAGE]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    out: Path


def run(*args: str) -> tuple[int, str, str]:
    """`kg ARGS` in-process: exit code, stdout, stderr; never an uncaught exception."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def build(pages: Path, out: Path, *options: str) -> Run:
    return Run(*run("build", str(pages), "--out", str(out), "--as-of", AS_OF, *options), out)


def folder(base: Path, files: dict[str, bytes]) -> Path:
    """The four seeds, and `files` beside them."""
    base.mkdir()
    for seed in SEED_COUNTS:
        shutil.copy(SEEDS / seed, base / seed)
    for name, data in files.items():
        (base / name).write_bytes(data)
    return base


# Every CLI run builds the whole graph, so the bad files share one folder and two runs
# (without and with --strict); each test below checks its own file's share of the output.
@pytest.fixture(scope="module")
def bad_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return folder(tmp_path_factory.mktemp("bad") / "pages", {bad.name: bad.data for bad in ALL_BAD})


@pytest.fixture(scope="module")
def lenient(bad_pages: Path) -> Run:
    return build(bad_pages, bad_pages.parent / "out")


@pytest.fixture(scope="module")
def strict(bad_pages: Path) -> Run:
    return build(bad_pages, bad_pages.parent / "out-strict", "--strict")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_seeds_intact(out: Path) -> None:
    """The seeds' records are the ones the seeds give alone."""
    alone = extract_files(find_inputs([SEEDS]), dt.date.fromisoformat(AS_OF))
    rows = [r for r in read_jsonl(out / "records.jsonl") if r["source"] in SEED_COUNTS]
    assert Counter(r["source"] for r in rows) == SEED_COUNTS
    assert rows == [r.to_dict() for r in alone.records]


def lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"kg: {name}:")]


def assert_reported(stderr: str, bad: Bad) -> None:
    [line] = lines_naming(stderr, bad.name)  # exactly one line for the file
    assert line.startswith(f"kg: {bad.name}:{bad.line}: ")
    assert bad.reason in line
    assert line.isprintable() and len(line) < 200  # readable: no control bytes, no raw dump


def assert_rejected(out: Path, bad: Bad) -> None:
    [row] = [r for r in read_jsonl(out / "rejects.jsonl") if r["source"] == bad.name]
    assert set(row) == {"source", "line", "reason", "raw", "code", "locator"}
    assert row["code"] in REJECT_CODES
    assert row["line"] == bad.line
    assert bad.reason in row["reason"]
    assert isinstance(row["raw"], str) and len(row["raw"]) <= 2_100  # kept short, even for a megabyte line


@pytest.mark.parametrize("bad", ALL_BAD, ids=lambda b: b.name)
def test_bad_file_is_one_readable_line_on_stderr(lenient: Run, bad: Bad) -> None:
    assert_reported(lenient.stderr, bad)


@pytest.mark.parametrize("bad", ALL_BAD, ids=lambda b: b.name)
def test_bad_file_is_one_row_of_rejects_jsonl(lenient: Run, bad: Bad) -> None:
    assert_rejected(lenient.out, bad)


def test_bad_files_print_nothing_else_and_exit_0(lenient: Run) -> None:
    assert lenient.code == 0
    assert len(lenient.stderr.splitlines()) == len(ALL_BAD)
    assert "Traceback" not in lenient.stdout + lenient.stderr
    assert len(read_jsonl(lenient.out / "rejects.jsonl")) == len(ALL_BAD)


def test_good_seeds_beside_bad_files_are_read_as_alone(lenient: Run) -> None:
    assert_seeds_intact(lenient.out)


def test_megabyte_line_in_a_good_page_costs_that_record_only(lenient: Run) -> None:
    counts = Counter(r["source"] for r in read_jsonl(lenient.out / "records.jsonl"))
    assert {name: counts[name] for name in BIG_COUNTS} == BIG_COUNTS
    for name in BIG_COUNTS:
        assert "characters long (the limit is 20,000)" in lines_naming(lenient.stderr, name)[0]


def test_strict_exits_1_after_the_same_report(lenient: Run, strict: Run) -> None:
    assert strict.code == 1
    assert "Traceback" not in strict.stdout + strict.stderr
    *reports, last = strict.stderr.splitlines()
    assert reports == lenient.stderr.splitlines()
    assert last.startswith(f"kg: {len(ALL_BAD)} rejected") and "--strict" in last
    assert_seeds_intact(strict.out)  # the outputs are written before the run fails


def test_crlf_copies_of_the_seeds_read_like_the_seeds(tmp_path: Path) -> None:
    copies = {f"crlf_{seed}": (SEEDS / seed).read_bytes().replace(b"\n", b"\r\n") for seed in SEED_COUNTS}
    done = build(folder(tmp_path / "pages", copies), tmp_path / "out", "--strict")
    assert done.code == 0  # a note is no reject, even with --strict
    assert done.stderr.splitlines() == [f"kg: {name}: note: CRLF line ends read as LF" for name in copies]
    rows = read_jsonl(tmp_path / "out" / "records.jsonl")
    for seed, count in SEED_COUNTS.items():
        copy = [{**r, "source": seed} for r in rows if r["source"] == f"crlf_{seed}"]
        assert len(copy) == count
        assert copy == [r for r in rows if r["source"] == seed]
    assert read_jsonl(tmp_path / "out" / "rejects.jsonl") == []
    notes = {p["source"]: p["notes"] for p in read_jsonl(tmp_path / "out" / "pages.jsonl")}
    assert all(notes[name] == ["CRLF line ends read as LF"] for name in copies)


def test_missing_input_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    code, stdout, stderr = run("build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), "--as-of", AS_OF)
    assert code == 2
    assert stderr.splitlines() == [f"kg: {tmp_path / 'nowhere'}: no such file or folder"]
    assert stdout == ""
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("as_of", ["2026-02-30", "24/11/2026", "yesterday"])
def test_bad_as_of_is_one_line_and_exit_code_2(tmp_path: Path, as_of: str) -> None:
    code, stdout, stderr = run("build", str(SEEDS), "--out", str(tmp_path / "out"), "--as-of", as_of)
    assert code == 2
    assert stderr.splitlines() == [f"kg: --as-of {as_of!r} is not a date in the form YYYY-MM-DD"]
    assert stdout == ""
    assert not (tmp_path / "out").exists()


def test_same_input_twice_gives_byte_identical_outputs(bad_pages: Path, lenient: Run) -> None:
    again = build(bad_pages, bad_pages.parent / "out-again")
    assert again.code == 0 and again.stderr == lenient.stderr

    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    first, second = files(lenient.out), files(again.out)
    assert {"records.jsonl", "pages.jsonl", "rejects.jsonl"} <= set(first)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


# ---- the installed command, in a real process ------------------------------------------------

KG = Path(sys.executable).with_name("kg")


def kg(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert KG.exists(), f"{KG} is not installed"
    return subprocess.run(
        [str(KG), *args], capture_output=True, text=True, encoding="utf-8", timeout=300, env=env, cwd=cwd, check=False
    )


def test_installed_kg_reports_one_bad_file_in_one_line(tmp_path: Path) -> None:
    bad = next(b for b in BAD if b.name == "latin1.txt")
    pages = folder(tmp_path / "pages", {bad.name: bad.data})
    done = kg("build", str(pages), "--out", str(tmp_path / "out"), "--as-of", AS_OF)
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.splitlines() == lines_naming(done.stderr, bad.name)
    assert_reported(done.stderr, bad)
    assert_rejected(tmp_path / "out", bad)
    assert_seeds_intact(tmp_path / "out")
    strict = kg("build", str(pages), "--out", str(tmp_path / "out"), "--as-of", AS_OF, "--strict")
    assert strict.returncode == 1
    assert "Traceback" not in strict.stdout + strict.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "nowhere: no such file or folder"),
        ([str(SEEDS), "--as-of", "2026-02-30"], "--as-of '2026-02-30' is not a date in the form YYYY-MM-DD"),
    ],
    ids=["missing-input", "bad-as-of"],
)
def test_installed_kg_prints_a_user_mistake_as_one_red_line(tmp_path: Path, args: list[str], message: str) -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    done = kg("build", *args, "--out", str(tmp_path / "out"), env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("\x1b[31mkg: ") and message in line  # red
    assert not (tmp_path / "out").exists()


# ---- the long-line reason names the file's own line, blank lines counted ----------------------

LONG = "y" * 30_000
BLANK_LINED = [
    # (layout, page text, line of the reject, line of the long line)
    (profile, f"CLMay 2, 2024\nA Title\n\nAnn Lee, Bob Wu\n\n{LONG}\n", 1, 6),
    (compact, f"21.6CLOct 12, 2022\n\nA TitleAnn Lee, Bob Wu\n\n{LONG}\n", 1, 5),
    (daily, f"Daily Papers\n\nA Title\n\n\n{LONG}\n\n  • 2 authors\n·\nApr 8, 2024\n", 3, 6),
    (titles, f"Get trending papers in your email inbox!\n\nSubscribeA Title\n\n\n{LONG}\n", 3, 6),
]


@pytest.mark.parametrize(("layout", "text", "line", "long_line"), BLANK_LINED, ids=[m.NAME for m, *_ in BLANK_LINED])
def test_long_line_reason_counts_blank_lines(layout: ModuleType, text: str, line: int, long_line: int) -> None:
    out = layout.extract("page.txt", text.split("\n"), Context(as_of=dt.date.fromisoformat(AS_OF)))
    assert out.records == []
    [bad] = out.rejects
    assert (bad.line, bad.reason) == (line, f"line {long_line} is 30,000 characters long (the limit is 20,000)")


# ---- files that are not UTF-8 but say what they are ----------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared"
ATOM = SHARED / "real-exports" / "arxiv_01_arxivpy_del_maestro_2016.xml"


def _records(tmp_path: Path, name: str, data: bytes) -> tuple[list, list, list[str]]:
    path = tmp_path / name
    path.write_bytes(data)
    result = extract_files(find_inputs([path]), dt.date(2026, 11, 24))
    return result.records, result.rejects, [note for page in result.pages for note in page.notes]


def test_a_bibtex_library_declaring_cp1252_is_read_as_cp1252(tmp_path: Path) -> None:
    """Older JabRef wrote the library in the platform's encoding and said so in its first lines."""
    library = (
        "% This file was created with JabRef 2.10.\n% Encoding: Cp1252\n\n"
        "@Article{perez2010,\n  Author = {Jos\u00e9 P\u00e9rez and Ann Lee},\n"
        "  Title = {Caf\u00e9 \u201cculture\u201d in language models},\n  Year = {2010}\n}\n"
    ).encode("cp1252")
    records, rejects, notes = _records(tmp_path, "library.bib", library)
    assert rejects == []
    assert [(r.authors, r.title) for r in records] == [
        (["Jos\u00e9 P\u00e9rez", "Ann Lee"], "Caf\u00e9 \u201cculture\u201d in language models")
    ]
    assert "read as CP1252 (declared by the file; not UTF-8)" in notes


@pytest.mark.skipif(not ATOM.exists(), reason="../shared/real-exports is absent")
def test_an_atom_feed_declaring_latin1_reads_as_its_utf8_original(tmp_path: Path) -> None:
    """The real arXiv API answer, its declaration changed to ISO-8859-1 and its bytes with it: the
    same records (the text is decoded once, by the declaration, not again by the XML parser)."""
    text = ATOM.read_text(encoding="utf-8").replace("Maestro", "Ma\u00e9stro")
    original, _, _ = _records(tmp_path, "utf8.xml", text.encode("utf-8"))
    latin = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
    assert latin != text
    records, rejects, notes = _records(tmp_path, "latin1.xml", latin.encode("latin-1", "xmlcharrefreplace"))
    assert rejects == [] and len(records) == len(original) == 10
    assert [(r.title, r.authors) for r in records] == [(r.title, r.authors) for r in original]
    assert any("Ma\u00e9stro" in name for r in records for name in r.authors)
    assert "read as ISO8859-1 (declared by the file; not UTF-8)" in notes


def test_a_page_whose_declaration_does_not_fit_its_bytes_is_still_not_utf8(tmp_path: Path) -> None:
    """A label Python does not know, UTF-16 declared in an ASCII text, or bytes the declared encoding
    cannot decode: one reject, as for a file that declares nothing."""
    for name, data in {
        "klingon.xml": '<?xml version="1.0" encoding="klingon"?>\n<feed>Caf\u00e9</feed>'.encode("latin-1"),
        "utf16.xml": '<?xml version="1.0" encoding="UTF-16"?>\n<feed>Caf\u00e9</feed>'.encode("latin-1"),
        "ascii.bib": b"% Encoding: US-ASCII\n@misc{a, title={Caf\xe9}}\n",
    }.items():
        records, rejects, _ = _records(tmp_path, name, data)
        assert records == [] and [r.code for r in rejects] == ["not_utf8"], name


# ---- kg's own failure on one file -------------------------------------------------------------


@pytest.mark.parametrize("where", ["choose", "extract_one"])
@pytest.mark.parametrize("workers", [1, 2])
def test_kg_failing_on_one_file_rejects_that_file_and_reads_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, workers: int
) -> None:
    """A reader or sniff that raises (a bug in kg, met on a file nobody tested) costs that file only:
    one reader_failed reject naming the error, the files beside it read as alone, exit 0 (1 with
    --strict, in one line), never "internal error" for the whole build. Forked workers too."""
    import kg.parallel

    real = getattr(kg.parallel, where)

    def failing(*args: object) -> object:
        if any("TRIGGER-A-BUG" in str(getattr(a, "lines", a)) for a in args):
            raise ValueError("a bug met in the wild")
        return real(*args)

    monkeypatch.setattr(kg.parallel, where, failing)
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(SEEDS.iterdir())[-1]
    shutil.copy(seed, folder / seed.name)
    # A page kg reads (another seed) that trips the bug: by its text (choose) or its name (extract_one).
    odd = sorted(SEEDS.iterdir())[0].read_text(encoding="utf-8") + "\nTRIGGER-A-BUG\n"
    (folder / "TRIGGER-A-BUG.txt").write_text(odd, encoding="utf-8")
    alone = extract_files(find_inputs([seed]), dt.date.fromisoformat(AS_OF), workers=1)
    got = extract_files(find_inputs([folder]), dt.date.fromisoformat(AS_OF), workers=workers)
    assert [r.title for r in got.records] == [r.title for r in alone.records]
    [bad] = got.rejects
    assert (bad.source, bad.code) == ("TRIGGER-A-BUG.txt", "reader_failed")
    assert "ValueError: a bug met in the wild" in bad.reason and "\n" not in bad.reason
    if workers == 1:
        result = CliRunner().invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        strict = CliRunner().invoke(
            app, ["build", str(folder), "--out", str(tmp_path / "out"), "--as-of", AS_OF, "--strict"]
        )
        assert strict.exit_code == 1 and "internal error" not in strict.output
        monkeypatch.setenv("KG_DEBUG", "1")  # the developer's way to the traceback
        with pytest.raises(ValueError, match="a bug met in the wild"):
            extract_files(find_inputs([folder]), dt.date.fromisoformat(AS_OF), workers=1)
