"""Issue 12: a hostile but realistic user at the command line. Nothing lost, nothing half-written.

Each test starts from one of the probe's commands (S0, S1 are the first two seeds) and checks
that it now holds: no input lost for its name or its kind, a build that replaces its folder
whole or not at all, text printed as text, CSV cells no spreadsheet runs, a split that stays
linear, and the smaller cases. The property test at the end throws random names, bytes and
page text at `kg build`, `kg stats` and `kg query`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg import build as build_module
from kg.build import extract_files, find_inputs
from kg.cli import app
from kg.extract import compact
from kg.ids import title_key
from kg.model import REJECT_CODES, Record
from kg.outputs import neutralize, restore
from kg.resolve import AliasError, Aliases

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_COUNTS = {
    "000_507a028c40c23cf4.txt": 34,
    "001_255aaf5710b68c8f.txt": 50,
    "002_9b389e03cf5b3e93.txt": 25,
    "003_624d472fb023f9d5.txt": 119,
}
S0, S1 = (SEEDS / name for name in list(SEED_COUNTS)[:2])
AS_OF = "2026-11-24"
KG = Path(sys.executable).with_name("kg")


# ---- helpers --------------------------------------------------------------------------------


def cli(*args: str) -> tuple[int, str, str]:
    """`kg ARGS` in-process: exit code, stdout, stderr; never a traceback nor an internal error."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "internal error" not in text
    assert result.exit_code != 70
    return result.exit_code, result.stdout, result.stderr


def kg(*args: str, timeout: float = 300, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `kg` in its own process."""
    assert KG.exists(), f"{KG} is not installed"
    return subprocess.run(
        [str(KG), *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def read_jsonl(path: Path) -> list[dict]:
    # splitlines() as many readers do: it also splits at U+0085 and U+2028, which kg writes escaped
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(folder: Path) -> list[str]:
    """What a build left beside its output folder (temporary folders must be gone)."""
    return sorted(
        p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.") and "lock" not in p.name
    )


def compact_page(titles: list[str], authors: tuple[str, ...] = ("Ann Lee", "Bob Wu")) -> str:
    records = [
        Record(
            source="",
            line=0,
            layout="compact",
            title=title,
            abstract=f"An abstract of paper {n}, long enough to be one.",
            authors=list(authors),
            category="CL",
            date=f"2024-05-{n % 28 + 1:02d}",
            score=float(n % 90 + 10) / 10,
        )
        for n, title in enumerate(titles)
    ]
    return compact.render(records) + "\n"


def seeds_folder(folder: Path, extra: dict[str | bytes, bytes] | None = None) -> Path:
    """The four seeds in `folder`, and `extra` files (names as text or as raw bytes) beside them."""
    folder.mkdir(parents=True)
    for seed in SEED_COUNTS:
        shutil.copy(SEEDS / seed, folder / seed)
    for name, data in (extra or {}).items():
        raw = name if isinstance(name, bytes) else name.encode()
        with open(os.path.join(os.fsencode(folder), raw), "wb") as f:
            f.write(data)
    return folder


def assert_seed_counts(out: Path) -> None:
    counts = Counter(r["source"] for r in read_jsonl(out / "records.jsonl"))
    assert {name: counts[name] for name in SEED_COUNTS} == SEED_COUNTS


# ---- 1. inputs by their full path; every path that cannot be read is a reject ---------------------


def test_two_inputs_with_one_name_are_both_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(S0, tmp_path / "a" / "page.txt")
    shutil.copy(S1, tmp_path / "b" / "page.txt")
    for inputs in ([tmp_path / "a" / "page.txt", tmp_path / "b" / "page.txt"], [tmp_path / "a", tmp_path / "b"]):
        files = find_inputs(inputs)
        assert [source for _, source in files] == ["a/page.txt", "b/page.txt"]
        found = extract_files(files, dt.date.fromisoformat(AS_OF))
        assert Counter(r.source for r in found.records) == {"a/page.txt": 34, "b/page.txt": 50}
    # one file named twice is one input, not two
    assert len(find_inputs([tmp_path / "a", tmp_path / "a" / "page.txt"])) == 1


def test_same_name_in_two_folders_through_the_command(tmp_path: Path) -> None:
    for name, seed in (("a", S0), ("b", S1)):
        (tmp_path / name).mkdir()
        shutil.copy(seed, tmp_path / name / "page.txt")
    code, stdout, _ = cli("build", tmp_path / "a", tmp_path / "b", "--out", tmp_path / "out", "--as-of", AS_OF)
    assert code == 0
    counts = Counter(r["source"] for r in read_jsonl(tmp_path / "out" / "records.jsonl"))
    assert counts == {"a/page.txt": 34, "b/page.txt": 50}
    assert "a/page.txt" in stdout and "b/page.txt" in stdout


def test_a_file_name_that_is_not_utf8_is_one_reject_and_the_build_goes_on(tmp_path: Path) -> None:
    pages = seeds_folder(tmp_path / "pages", {b"caf\xe9 [bold]x[red].txt": S0.read_bytes()})
    done = kg("build", pages, "--out", tmp_path / "out", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if "caf" in line]
    reason = "the file name is not UTF-8 (its odd bytes are shown as \\xNN); rename the file"
    assert line == f"kg: caf\\xe9 [bold]x[red].txt: {reason}"
    [reject] = read_jsonl(tmp_path / "out" / "rejects.jsonl")
    assert (reject["source"], reject["code"]) == ("caf\\xe9 [bold]x[red].txt", "bad_name")
    assert_seed_counts(tmp_path / "out")


def test_paths_that_are_not_files_are_rejects_not_skips(tmp_path: Path) -> None:
    pages = seeds_folder(tmp_path / "pages")
    (pages / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (pages / "loop.txt").symlink_to(pages / "loop.txt")
    os.mkfifo(pages / "pipe.txt")
    (pages / "sub").mkdir()
    (pages / "sub" / "inner.txt").symlink_to("../sub")  # a folder reached twice is read once
    done = kg("build", pages, "--out", tmp_path / "out", "--as-of", AS_OF, timeout=300)  # a FIFO opened would hang
    assert done.returncode == 0, done.stderr
    rejects = {r["source"]: r for r in read_jsonl(tmp_path / "out" / "rejects.jsonl")}
    assert sorted(rejects) == ["dangling.txt", "loop.txt", "pipe.txt"]
    assert all(r["code"] == "unreadable" for r in rejects.values())
    assert "dangling symlink" in rejects["dangling.txt"]["reason"]
    assert "symlink loop" in rejects["loop.txt"]["reason"]
    assert rejects["pipe.txt"]["reason"] == "a FIFO (named pipe), not a file: not read"
    assert len(done.stderr.splitlines()) == 3
    assert_seed_counts(tmp_path / "out")
    # named directly, a FIFO is a FIFO, not "no such file"
    direct = kg("build", pages / "pipe.txt", S0, "--out", tmp_path / "out2", "--as-of", AS_OF, timeout=300)
    assert done.returncode == 0
    assert "kg: pipe.txt: a FIFO (named pipe), not a file: not read" in direct.stderr.splitlines()


def test_an_unreadable_file_and_an_unlistable_folder_are_rejects(tmp_path: Path, monkeypatch) -> None:
    pages = seeds_folder(tmp_path / "pages", {"secret.txt": S0.read_bytes()})
    (pages / "locked").mkdir()
    (pages / "locked" / "inside.txt").write_bytes(S1.read_bytes())
    real_read_bytes, real_scandir = Path.read_bytes, os.scandir

    # Root reads any file whatever its mode, so the kernel's refusal is played here.
    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    def scandir(path=None):  # type: ignore[no-untyped-def]
        if path is not None and os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    code, _, stderr = cli("build", pages, "--out", tmp_path / "out", "--as-of", AS_OF)
    assert code == 0
    assert sorted(stderr.splitlines()) == [
        "kg: locked: cannot list the folder: Permission denied",
        "kg: secret.txt: cannot read the file: Permission denied",
    ]
    assert {r["code"] for r in read_jsonl(tmp_path / "out" / "rejects.jsonl")} == {"unreadable"}
    assert_seed_counts(tmp_path / "out")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode (the monkeypatched test covers it)")
def test_an_unreadable_file_by_its_mode(tmp_path: Path) -> None:
    pages = seeds_folder(tmp_path / "pages", {"secret.txt": S0.read_bytes()})
    (pages / "secret.txt").chmod(0)
    code, _, stderr = cli("build", pages, "--out", tmp_path / "out", "--as-of", AS_OF)
    assert code == 0 and "kg: secret.txt: cannot read the file: Permission denied" in stderr


def test_aliases_on_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "aliases.csv")
    done = kg("build", S0, "--aliases", tmp_path / "aliases.csv", "--out", tmp_path / "out", timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"kg: {tmp_path / 'aliases.csv'}: the alias file is not a regular file"]


# ---- 2. a build replaces its folder whole, or leaves it as it was ---------------------------------


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A finished build of S1 in tmp_path/out, and its bytes."""
    out = tmp_path / "out"
    code, _, _ = cli("build", S1, "--out", out, "--as-of", AS_OF)
    assert code == 0
    return out, tree(out)


BAD_OPTIONS = [
    (["--base-iri", "https://example.org/my kg/"], "--base-iri 'https://example.org/my kg/' must be an absolute IRI"),
    (["--base-iri", "example.org/kg/"], "--base-iri 'example.org/kg/' must be an absolute IRI"),
    (["--base-iri", "https://example.org/kg"], "--base-iri 'https://example.org/kg' must be an absolute IRI"),
    (["--as-of", "20261124"], "--as-of '20261124' is not a date in the form YYYY-MM-DD"),
    (["--as-of", "2026-W48-2"], "--as-of '2026-W48-2' is not a date in the form YYYY-MM-DD"),
    (["--engine", "fast"], "--engine 'fast' is not one of"),
]


@pytest.mark.parametrize(("options", "message"), BAD_OPTIONS, ids=[o[0][0] + "=" + o[0][1] for o in BAD_OPTIONS])
def test_bad_options_are_refused_before_any_work(previous, options: list[str], message: str) -> None:
    out, before = previous
    code, stdout, stderr = cli("build", S0, "--out", out, *options)
    assert code == 2 and stdout == ""
    [line] = stderr.splitlines()
    assert line.startswith(f"kg: {message}")
    assert tree(out) == before and beside(out) == []


def test_out_that_is_a_file_or_below_one_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("mine")
    for out, message in (
        (tmp_path / "file", f"--out {tmp_path / 'file'} is a file, not a folder"),
        (tmp_path / "file" / "out", f"--out {tmp_path / 'file' / 'out'}: {tmp_path / 'file'} is a file, not a folder"),
    ):
        code, _, stderr = cli("build", S0, "--out", out, "--as-of", AS_OF)
        assert (code, stderr.splitlines()) == (2, [f"kg: {message}"])
    assert (tmp_path / "file").read_text() == "mine"


def test_out_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        if not Path("/sys").is_dir():
            pytest.skip("no /sys to stand for a folder root cannot write")
        out = Path("/sys/kg-test-out")
    else:
        (tmp_path / "ro").mkdir(mode=0o555)
        out = tmp_path / "ro" / "out"
    code, _, stderr = cli("build", S0, "--out", out, "--as-of", AS_OF)
    [line] = stderr.splitlines()
    assert code == 2 and line.startswith(f"kg: --out {out}: cannot write there (")


def test_out_inside_the_input_folder_is_not_read(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(S0, pages / "s0.txt")
    for _ in range(2):  # the second build would read the first one's outputs as pages
        code, _, stderr = cli("build", pages, "--out", pages / "out", "--as-of", AS_OF, "--strict")
        assert (code, stderr) == (0, "")
        assert [p["source"] for p in read_jsonl(pages / "out" / "pages.jsonl")] == ["s0.txt"]


def test_out_holding_an_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(S0, pages / "s0.txt")
    (pages / "report.html").write_text("<p>my own report</p>")
    for inputs in ([pages], [pages / "s0.txt"]):
        code, _, stderr = cli("build", *inputs, "--out", pages, "--as-of", AS_OF)
        assert code == 2
        [line] = stderr.splitlines()
        assert line.startswith(f"kg: --out {pages} holds the input ")
    assert (pages / "report.html").read_text() == "<p>my own report</p>"
    assert sorted(p.name for p in pages.iterdir()) == ["report.html", "s0.txt"]


def test_out_holding_the_current_folder_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, stderr = cli("build", S0, "--out", ".", "--as-of", AS_OF)
    assert code == 2 and stderr.startswith("kg: --out . holds the current folder")


def test_a_second_build_into_a_locked_folder_is_refused_at_once(previous) -> None:
    out, before = previous
    with open(out.parent / f".{out.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a build under way holds this
        code, _, stderr = cli("build", S0, "--out", out, "--as-of", AS_OF)
    assert code == 75
    assert stderr.splitlines() == [f"kg: --out {out}: another kg build is writing it; run this one when it ends"]
    assert tree(out) == before and beside(out) == []


def test_two_builds_into_one_folder_never_mix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [
        subprocess.Popen([str(KG), "build", str(seed), "--out", str(out), "--as-of", AS_OF], stderr=subprocess.PIPE)
        for seed in (S0, S1)
    ]
    codes = [run.wait(timeout=300) for run in runs]
    # the second is refused at once when the first holds the lock, or runs after it has ended
    assert sorted(codes) in ([0, 0], [0, 75]), codes
    sources = {r["source"] for r in read_jsonl(out / "records.jsonl")}
    assert sources in ({S0.name}, {S1.name})
    assert {p["source"] for p in read_jsonl(out / "pages.jsonl")} == sources
    summary = json.loads((out / "stats" / "summary.json").read_text())
    assert summary["papers"] == {S0.name: 34, S1.name: 50}[sources.pop()]
    assert beside(out) == []


def test_a_failing_build_leaves_the_previous_one(previous, monkeypatch) -> None:
    out, before = previous

    def broken(*_: object) -> None:
        raise RuntimeError("a bug in an output writer")

    monkeypatch.setattr("kg.html.write_pages", broken)  # the last output: everything else was written
    result = CliRunner().invoke(app, ["build", str(S0), "--out", str(out), "--as-of", AS_OF])
    assert isinstance(result.exception, RuntimeError)
    assert tree(out) == before and beside(out) == []


def test_a_build_keeps_the_users_own_files_in_out(previous) -> None:
    out, _ = previous
    (out / "notes.md").write_text("mine")
    code, _, _ = cli("build", S0, "--out", out, "--as-of", AS_OF)
    assert code == 0
    assert (out / "notes.md").read_text() == "mine"
    assert {r["source"] for r in read_jsonl(out / "records.jsonl")} == {S0.name}


def test_sigint_during_the_swap_is_reported_as_after_the_build(tmp_path: Path, monkeypatch) -> None:
    """The swap of folders runs with SIGINT held back; one arriving then is reported after it."""
    real_replace = build_module._replace

    def replace_and_interrupt(out: Path, new: Path) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        real_replace(out, new)

    monkeypatch.setattr(build_module, "_replace", replace_and_interrupt)
    code, _, stderr = cli("build", S0, "--out", tmp_path / "out", "--as-of", AS_OF)
    assert code == 130
    assert stderr.splitlines() == [
        f"kg: interrupted after the build was complete: {tmp_path / 'out'}/ holds the new outputs"
    ]
    assert {r["source"] for r in read_jsonl(tmp_path / "out" / "records.jsonl")} == {S0.name}


_FORK_INTERRUPTS: list[str] = []  # "armed" while the test below wants the next fork interrupted, then "fired"


def _interrupt_as_a_fork_hook_would() -> None:
    if _FORK_INTERRUPTS == ["armed"]:
        _FORK_INTERRUPTS.append("fired")
        raise KeyboardInterrupt  # what the SIGINT handler raises when a signal lands inside an at-fork hook


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_parent=_interrupt_as_a_fork_hook_would)


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="needs os.register_at_fork (POSIX)")
def test_a_sigint_python_swallows_at_a_fork_still_stops_the_build(previous, capfd) -> None:
    """Python cannot raise an exception out of an at-fork hook: a SIGINT handled inside one (logging's
    runs in the parent each time a pool forks) is printed as "Exception ignored" and dropped, and the
    build went on to replace the folder and exit 0 (the random-point test below saw it once). It
    must still stop the build, leave the previous outputs, and print nothing of its own."""
    out, before = previous
    _FORK_INTERRUPTS[:] = ["armed"]
    try:
        with pytest.raises(build_module.Interrupted) as caught:
            build_module.build(find_inputs([S0]), out, dt.date.fromisoformat(AS_OF), workers=2)
    finally:
        fired, _FORK_INTERRUPTS[:] = "fired" in _FORK_INTERRUPTS, []
    assert fired, "the build forked no process"
    assert caught.value.committed is False
    assert tree(out) == before and beside(out) == []
    assert "Exception ignored" not in capfd.readouterr().err


@pytest.mark.slow
def test_sigint_at_a_random_point_of_a_5000_paper_build_leaves_the_previous_outputs(tmp_path: Path) -> None:
    """The probe's case: a real `kg` building 5,000 papers, interrupted after a random (seeded) delay."""
    assert kg("synth", "--papers", "5000", "--seed", "7", "--out", tmp_path / "synth").returncode == 0
    out = tmp_path / "out"
    # How long a build runs once its folder beside --out appears (the start-up before it, loading
    # kg's libraries, varies most with the machine's load and is left out of the delay below).
    first = subprocess.Popen(
        [str(KG), "build", str(tmp_path / "synth" / "pages"), "--out", str(out), "--as-of", AS_OF],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not beside(out) and first.poll() is None:
        time.sleep(0.01)
    started = time.perf_counter()
    _, first_err = first.communicate(timeout=300)
    took = time.perf_counter() - started
    assert first.returncode == 0, first_err
    before = tree(out)
    # The second build differs (another date), so a half-written folder could not pass for the first.
    process = subprocess.Popen(
        [str(KG), "build", str(tmp_path / "synth" / "pages"), "--out", str(out), "--as-of", "2026-12-01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # A random point of the build itself: the clock starts when its folder beside --out appears.
    deadline = time.perf_counter() + 120
    while not beside(out) and process.poll() is None and time.perf_counter() < deadline:
        time.sleep(0.01)
    assert beside(out), "the build never started writing"
    time.sleep(random.Random(12).uniform(0, 0.5 * took))
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == [f"kg: interrupted: {out}/ is as it was before this build (nothing written)"]
    assert tree(out) == before
    assert beside(out) == []


def _loading_pandas(pid: int) -> bool:
    """Whether the process has begun loading pandas (its compiled modules are mapped): kg's own
    imports have begun, and they run for a second or more after."""
    try:
        return "/pandas/_libs/" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads the memory map of a process from Linux /proc")
@pytest.mark.parametrize("command", [[str(KG)], [sys.executable, "-m", "kg"]], ids=["kg", "python -m kg"])
def test_sigint_while_kg_loads_its_libraries_is_one_line(tmp_path: Path, command: list[str]) -> None:
    """Loading pandas, igraph, scikit-learn and the rest takes a second or more; a SIGINT then (sent
    as pandas begins to load) is one line and exit 130, not a traceback out of an import."""
    process = subprocess.Popen(
        [*command, "build", str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "--as-of", AS_OF],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.perf_counter() + 30
    while not _loading_pandas(process.pid) and process.poll() is None and time.perf_counter() < deadline:
        time.sleep(0.001)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == ["kg: interrupted while starting: nothing was read or written"]
    assert not (tmp_path / "out").exists()


# ---- 3. text printed as text -----------------------------------------------------------------

HOSTILE_TITLES = [
    "Prompting with [INST] and [/INST] tokens",
    "[link=https://example.com]Click here[/link] for the paper",
    "Escape \x1b[31mred\x1b[0m and \x1b]8;;https://x\x07link\x1b]8;;\x07 titles",
    "=1+1 is a formula in a title",
    "@SUM(A1:A9) reaches the sheet",
    "-2+3 starts with a minus",
    "+cmd|' /C calc'!A0 is classic",
    "'=already quoted in the source",
    "A title with \u202eright to left\u202c text",
]
HOSTILE_AUTHORS = ("Ann [bold]Lee[/bold]", "Bob Wu")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "pages").mkdir()
    (root / "pages" / "hostile.txt").write_text(compact_page(HOSTILE_TITLES, ("Ann Lee", "Bob Wu")), encoding="utf-8")
    (root / "pages" / "[red]name[red] \x1b[2J.txt").write_bytes(b"\x00\x01binary")
    done = kg("build", root / "pages", "--out", root / "out", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "[red]name[red] \\x1b[2J.txt" in done.stderr  # a file name from the input: as text, escaped
    assert "\x1b" not in done.stderr
    return root / "out"


def test_titles_are_read_as_written(hostile_build: Path) -> None:
    titles = [r["title"] for r in read_jsonl(hostile_build / "records.jsonl")]
    assert titles == HOSTILE_TITLES


def test_stats_author_prints_markup_as_text(hostile_build: Path) -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm", "COLUMNS": "400"}
    done = kg("stats", hostile_build, "--author", "Ann Lee", env=env)
    assert done.returncode == 0, done.stderr
    assert "Prompting with [INST] and [/INST] tokens" in done.stdout
    assert "[link=https://example.com]Click here[/link] for the paper" in done.stdout
    assert "\x1b]8;" not in done.stdout  # no terminal hyperlink
    assert "Escape \\x1b[31mred\\x1b[0m and \\x1b]8;;https://x\\x07link" in done.stdout
    assert "\\u202e" in done.stdout and "\u202e" not in done.stdout
    assert "=1+1 is a formula in a title" in done.stdout  # the CSV's quote is taken off again
    assert "'=already quoted in the source" in done.stdout


def test_stats_tables_print_names_as_text(tmp_path: Path) -> None:
    # An export prints names as they are (a listing page's reader would not take "[/INST]" for a name).
    people = [{"literal": "Ann [/INST] Lee"}, {"literal": "Bob [link=https://x]Wu\x1b[2J"}]
    papers = [
        {
            "id": f"p{n}",
            "type": "article-journal",
            "title": f"Paper {n}",
            "author": people,
            "issued": {"date-parts": [[2024]]},
        }
        for n in range(2)
    ]
    (tmp_path / "p.json").write_text(json.dumps(papers), encoding="utf-8")
    assert cli("build", tmp_path / "p.json", "--out", tmp_path / "out", "--as-of", AS_OF)[0] == 0
    wide = {**os.environ, "COLUMNS": "400"}
    done = kg("stats", tmp_path / "out", env=wide)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "Ann [/INST] Lee" in done.stdout and "Bob [link=https://x]Wu\\x1b[2J" in done.stdout
    done = kg("stats", tmp_path / "out", "--author", "Ann [/INST] Lee", env=wide)
    assert done.returncode == 0 and "Bob [link=https://x]Wu\\x1b[2J" in done.stdout
    assert "\x1b]8;" not in done.stdout and "\x1b[2J" not in done.stdout


def test_control_characters_in_names_are_shown_not_written_into_the_report(tmp_path: Path) -> None:
    """A raw ESC in report.html is an HTML parse error and drew no glyph in its charts (matplotlib
    warned): the report shows it as "\\x1b", as `kg stats` does; the JSON pages escape it already."""
    import warnings

    from kg.build import build, find_inputs

    people = [{"literal": "Ann Lee"}, {"literal": "Bob Wu\x1b[2J\x07"}]
    papers = [
        {"id": f"p{n}", "type": "article-journal", "title": f"Paper {n}", "author": people,
         "issued": {"date-parts": [[2024]]}}
        for n in range(2)
    ]  # fmt: skip
    (tmp_path / "p.json").write_text(json.dumps(papers), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")
        build(find_inputs([tmp_path / "p.json"]), tmp_path / "out", dt.date(2026, 11, 24))
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "\x1b" not in page and "\x07" not in page
    assert "Bob Wu\\x1b[2J\\x07" in page


def test_a_corrupt_stats_folder_is_one_line(previous) -> None:
    out, _ = previous
    (out / "stats" / "authors.csv").write_bytes(b'\x00\xff garbage,\n"unclosed')
    code, _, stderr = cli("stats", out)
    [line] = stderr.splitlines()
    assert code == 2 and line.startswith(f"kg: {out / 'stats' / 'authors.csv'}: not a table a build writes")
    (out / "stats" / "authors.csv").write_text("name,papers\nAnn,x\n")
    assert cli("stats", out)[0] == 2
    (out / "stats" / "summary.json").write_text("[1, 2")
    code, _, stderr = cli("stats", out)
    assert code == 2 and "summary.json: not the summary a build writes" in stderr


def test_synth_with_a_negative_seed_is_one_line(tmp_path: Path) -> None:
    code, _, stderr = cli("synth", "--papers", "5", "--seed", "-1", "--out", tmp_path / "s")
    assert (code, stderr.splitlines()) == (2, ["kg: --seed -1 is negative: a seed is 0 or more"])
    (tmp_path / "file").write_text("x")
    code, _, stderr = cli("synth", "--papers", "5", "--out", tmp_path / "file")
    assert code == 2 and stderr.startswith(f"kg: --out {tmp_path / 'file'}: cannot write the corpus there")


# ---- 4. CSV cells no spreadsheet runs ----------------------------------------------------------


def test_csv_cells_are_neutralized_and_the_other_outputs_keep_the_text(hostile_build: Path) -> None:
    import csv

    with (hostile_build / "stats" / "authorships.csv").open(encoding="utf-8", newline="") as f:
        titles = [row["title"] for row in csv.DictReader(f)]
    assert "'=1+1 is a formula in a title" in titles
    assert "'@SUM(A1:A9) reaches the sheet" in titles
    assert "'-2+3 starts with a minus" in titles
    assert "'+cmd|' /C calc'!A0 is classic" in titles
    assert "''=already quoted in the source" in titles  # one more quote, so that it comes back as it was
    for name in ("authorships", "pairs", "authors", "topics", "communities"):
        with (hostile_build / "stats" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in row), (name, row)
    turtle = (hostile_build / "graph.ttl").read_text(encoding="utf-8")
    assert '"=1+1 is a formula in a title"' in turtle
    assert "=1+1 is a formula in a title" in {r["title"] for r in read_jsonl(hostile_build / "records.jsonl")}


def test_every_csv_kg_writes_goes_through_the_neutralizing_writer(tmp_path: Path) -> None:
    import pandas as pd

    from kg.outputs import read_csv, write_csv

    frame = pd.DataFrame({"value": ["=1+1", "-x", "plain", "'@y", None], "score": [-1.5, 2.0, -3.0, 0.0, 1.0]})
    write_csv(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text().splitlines() == [
        "value,score",
        "'=1+1,-1.5",  # a negative number stays a number
        "'-x,2.0",
        "plain,-3.0",
        "''@y,0.0",
        ",1.0",
    ]
    back = read_csv(tmp_path / "t.csv", ["value"])
    assert back["value"].tolist() == ["=1+1", "-x", "plain", "'@y", ""]
    assert back["score"].tolist() == [-1.5, 2.0, -3.0, 0.0, 1.0]
    source = (ROOT / "kg" / "outputs.py").read_text()
    assert ".to_csv(" not in source.replace("safe.to_csv(", "")  # merges.csv and conflicts.csv included


@given(st.text())
def test_neutralize_is_undone_by_restore(text: str) -> None:
    safe = neutralize(text)
    assert restore(safe) == text
    assert str(safe)[:1] not in ("=", "+", "-", "@", "\t", "\r")


# ---- 5. the compact split stays linear ----------------------------------------------------------


def crafted_page(lines: int = 200, width: int = 2_000) -> str:
    """The probe's page: lines of `width` characters, each a title glued to a list of names in which
    every name has a capital after a small letter ("McKenzie"), a place where the split may fall."""
    out = []
    for n in range(lines):
        line = f"Crafted Title {n}"
        k = 0
        while len(line) + 20 < width:
            line += ("" if k == 0 else ", ") + f"Ab{chr(97 + k % 26)} McKenzie Lee"
            k += 1
        out += ["5.0CLOct 12, 2022", line, "An abstract."]
    return "\n".join(out) + "\n"


def test_a_crafted_compact_page_costs_the_order_of_the_seeds(tmp_path: Path) -> None:
    page = tmp_path / "crafted.txt"
    page.write_text(crafted_page(), encoding="utf-8")
    assert max(len(line) for line in page.read_text().splitlines()) > 1_950
    as_of = dt.date.fromisoformat(AS_OF)

    def seconds(files: list) -> float:
        best = float("inf")
        for _ in range(2):  # the better of two runs: the machine is shared
            started = time.perf_counter()
            found = extract_files(files, as_of)
            best = min(best, time.perf_counter() - started)
        assert found.records
        return best

    seeds = seconds(find_inputs([SEEDS]))
    crafted = seconds([(page, "crafted.txt")])
    # The seeds are 4 pages of 228 papers; the crafted page is 200 papers of about 110 names each. Measured on
    # the shared 2-core machine: the crafted page reads in about 60 seeds' time (1.4 s against 0.023 s;
    # whole builds 6.3 s against 4.0 s). The search at every capital took 1,500 (31.6 s; build 43.8 s).
    assert crafted < 300 * seeds, (crafted, seeds)


def test_the_linear_split_answers_as_the_search_at_every_capital() -> None:
    from kg.extract.text import is_name_token, parse_author_list

    def every_capital(line: str) -> list[tuple[str, object]]:
        out = []
        for i in range(1, len(line)):
            if line[i].isupper() and not line[i - 1].isspace() and line[i - 1] != "-":
                word = line[i:].replace(",", " ").split(" ")[0]
                authors = parse_author_list(line[i:]) if word and is_name_token(word) else None
                if authors is not None:
                    out.append((line[:i], authors))
        return out

    words = ["Ann", "McKenzie", "Lee", "van", "J.", "NLP", ",", ", ", " ", " et al.", " · ", "mit", "Ting-Yun"]
    rng = random.Random(3)
    for _ in range(3_000):
        line = "".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        assert [(s.title, s.authors) for s in compact.split_candidates(line)] == every_capital(line), line


# ---- 6. the smaller cases ---------------------------------------------------------------------


def test_letter_free_titles_keep_distinct_keys() -> None:
    assert title_key(" , ") != title_key('""""""')
    assert title_key(" , ") == " , "
    assert title_key("LAMBADA: Backward Chaining") == title_key("lambada — backward chaining")


def test_letter_free_titles_stay_two_papers(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(compact_page(["(?)", '""""""']), encoding="utf-8")
    assert cli("build", tmp_path / "p.txt", "--out", tmp_path / "out", "--as-of", AS_OF)[0] == 0
    summary = json.loads((tmp_path / "out" / "stats" / "summary.json").read_text())
    assert summary["papers"] == 2


def test_noncharacters_give_turtle_every_parser_reads(tmp_path: Path) -> None:
    titles = ["Odd \ufffe one", "Odd \uffff two", "Odd \ufdd0 three", "Odd \U0010fffe four"]
    (tmp_path / "p.txt").write_text(compact_page(titles), encoding="utf-8")
    code, _, stderr = cli("build", tmp_path / "p.txt", "--out", tmp_path / "out", "--as-of", AS_OF)
    assert code == 0 and "4 text values hold Unicode noncharacters" in stderr
    assert [r["title"] for r in read_jsonl(tmp_path / "out" / "records.jsonl")] == titles  # kept exactly
    ttl = tmp_path / "out" / "graph.ttl"
    names = {str(o) for o in rdflib.Graph().parse(ttl, format="turtle").objects() if str(o).startswith("Odd ")}
    assert names == {"Odd \ufffd one", "Odd \ufffd two", "Odd \ufffd three", "Odd \ufffd four"}
    stored = {t.object.value for t in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)}
    assert "Odd \ufffd one" in stored and not any("\ufffe" in v or "\uffff" in v for v in stored)
    rapper = shutil.which("rapper")
    if rapper:  # raptor2-utils: `make test` installs it
        checked = subprocess.run([rapper, "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils is not installed (make test installs it)")
def test_rapper_refuses_the_escape_kg_no_longer_writes(tmp_path: Path) -> None:
    """Why U+FFFE is replaced: raptor refuses the escape a plain Turtle writer gives it."""
    (tmp_path / "x.ttl").write_text('<http://x/a> <http://x/p> "a\\uFFFEb" .\n')
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(tmp_path / "x.ttl")], capture_output=True, text=True)
    assert done.returncode != 0 and "FFFE" in done.stderr


def test_a_page_cut_inside_an_abstract_is_noted_and_rejected(tmp_path: Path) -> None:
    data = S1.read_bytes()
    cut = data[: data.index(b"out-of-distribution (OOD) data streams") + 30]
    (tmp_path / "cut.txt").write_bytes(cut)
    code, _, stderr = cli("build", tmp_path / "cut.txt", "--out", tmp_path / "out", "--as-of", AS_OF)
    assert code == 0
    assert stderr.splitlines() == [
        "kg: cut.txt: note: the file ends inside the abstract on line 9: the page was saved incomplete",
        "kg: cut.txt:9: the abstract is cut off at the end of the file (kept the record without it)",
    ]
    [reject] = read_jsonl(tmp_path / "out" / "rejects.jsonl")
    assert reject["code"] == "cut_off" and reject["raw"].endswith("(OOD) data")
    records = read_jsonl(tmp_path / "out" / "records.jsonl")
    assert len(records) == 3 and records[-1]["abstract"] is None
    # the seeds, two of which end without a line end, are not taken for cut
    assert extract_files(find_inputs([SEEDS]), dt.date.fromisoformat(AS_OF)).rejects == []


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_page_is_read(tmp_path: Path, codec: str) -> None:
    text = S1.read_text(encoding="utf-8")
    data = ("\ufeff" + text).encode(codec) if codec.endswith("-be") else text.encode(codec)  # these write a BOM
    (tmp_path / "wide.txt").write_bytes(data)
    as_of = dt.date.fromisoformat(AS_OF)
    wide = extract_files([(tmp_path / "wide.txt", S1.name)], as_of)
    alone = extract_files([(S1, S1.name)], as_of)
    assert [r.to_dict() for r in wide.records] == [r.to_dict() for r in alone.records]
    assert len(wide.records) == 50
    assert wide.pages[0].notes == [f"read as {'UTF-32' if '32' in codec else 'UTF-16'} (byte-order mark)"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "Ann Lee,Ann B. Lee\nAnn B. Lee,Ann Lee\n",
            "row 1 (Ann Lee → Ann B. Lee) and row 2 (Ann B. Lee → Ann Lee) force",
        ),
        (
            "Ann Lee,Ann B. Lee\nAnn Lee,Ann C. Lee\n",
            "row 1 (Ann Lee → Ann B. Lee) and row 2 (Ann Lee → Ann C. Lee) force",
        ),
        ("A One,B Two\nB Two,C Three\nC Three,A One\n", "row 1 (A One → B Two) and row 2"),
        ("Ann Lee,Ann B. Lee\n!Ann Lee,Ann B. Lee\n", "force and forbid one merge"),
    ],
    ids=["circle", "two-canonicals", "three-circle", "forced-and-forbidden"],
)
def test_contradictory_alias_files_are_refused_with_their_rows(tmp_path: Path, rows: str, message: str) -> None:
    (tmp_path / "aliases.csv").write_text(rows)
    with pytest.raises(AliasError, match="contradictory aliases") as e:
        Aliases.read(tmp_path / "aliases.csv")
    assert message in str(e.value)
    code, _, stderr = cli("build", S0, "--aliases", tmp_path / "aliases.csv", "--out", tmp_path / "out")
    assert code == 2 and len(stderr.splitlines()) == 1 and message in stderr
    # a chain and a repeated row are no contradiction
    (tmp_path / "fine.csv").write_text("A One,B Two\nB Two,C Three\nA One,B Two\n")
    assert Aliases.read(tmp_path / "fine.csv").force == {"a one": "B Two", "b two": "C Three"}


# ---- 7. random names, bytes and text through build, stats and query -------------------------------

HOSTILE_TEXT = st.lists(
    st.sampled_from(
        [*"abcXYZ =+-@\t[]/\\\"'`$;|,.·", "\x1b", "\x00", "\x07", "\x85", "\u202e", "\ufffe", "[/INST]", "[link=x]"]
    ),
    min_size=1,
    max_size=30,
).map("".join)
NAME_BYTES = st.lists(
    st.sampled_from(
        [b"a", b"Z", b" ", b"-", b"[b]", b"[link=x]", b"\xff", b"\xc3", b"\x1b", b"=", b"\n", b"%s", b"\xe2\x80\xae"]
    ),
    min_size=1,
    max_size=12,
).map(b"".join)


@st.composite
def bad_file(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A file name (raw bytes) and what the file holds: random bytes, or a page with hostile titles."""
    name = draw(NAME_BYTES.filter(lambda n: not n.startswith(b".") and n.decode("utf-8", "replace") not in SEED_COUNTS))
    kind = draw(st.sampled_from(["bytes", "page", "text"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=300))
    elif kind == "page":
        titles = draw(st.lists(HOSTILE_TEXT.map(lambda t: "Title " + t), min_size=1, max_size=4, unique=True))
        data = compact_page(titles).encode("utf-8", "surrogatepass")
    else:
        data = draw(HOSTILE_TEXT).encode("utf-8", "surrogatepass")
    return name, data


# Each example is three builds' worth of work: few examples, and no shrinking (minutes per step).
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
@example(bad=(b"a\xe2\x80\xaeaa", compact_page(["Title a,", "Title \x85a\u2028$a@"]).encode()))
@given(bad=bad_file())
def test_random_names_bytes_and_text_lose_nothing_beside_the_bad_file(
    tmp_path_factory, bad: tuple[bytes, bytes]
) -> None:
    root = tmp_path_factory.mktemp("random")
    name, data = bad
    pages = seeds_folder(root / "pages", {name: data})
    out = root / "out"
    code, _, _ = cli("build", pages, "--out", out, "--as-of", AS_OF)
    assert code == 0
    assert_seed_counts(out)
    sources = [p["source"] for p in read_jsonl(out / "pages.jsonl")]
    assert len(sources) == 5  # the bad file is there: read, or rejected with its name
    for row in read_jsonl(out / "rejects.jsonl"):
        assert row["code"] in REJECT_CODES
    assert cli("stats", out)[0] == 0
    assert cli("stats", out, "--author", "Bill Yuchen Lin")[0] == 0
    assert cli("stats", out, "--author", "Ann Lee")[0] in (0, 2)
    code, stdout, _ = cli("query", "SELECT ?t WHERE { ?p <https://schema.org/name> ?t }", "--ttl", out / "graph.ttl")
    assert code == 0 and "\x1b" not in stdout


def test_one_hostile_case_through_the_installed_command(tmp_path: Path) -> None:
    name = b"-[b]x\xff\x1b=.txt"
    page = compact_page(['=HYPERLINK("http://x") [/INST] \x1b[2J']).encode()
    pages = seeds_folder(tmp_path / "pages", {b"page -[b]x=.txt": page, name: bytes(range(256))})
    done = kg("build", pages, "--out", tmp_path / "out", "--as-of", AS_OF)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "\x1b" not in done.stdout + done.stderr
    assert_seed_counts(tmp_path / "out")
    stats = kg("stats", tmp_path / "out", "--author", "Ann Lee")
    assert stats.returncode == 0 and "Traceback" not in stats.stderr
    query = kg("query", "SELECT ?t WHERE { ?p <https://schema.org/name> ?t }", "--ttl", tmp_path / "out" / "graph.ttl")
    assert query.returncode == 0 and "\x1b" not in query.stdout
