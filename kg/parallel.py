"""Extraction file by file, over a process pool, through the extraction cache.

Each input is read, its format chosen and its records extracted in a worker process; files go
to the workers in contiguous chunks and come back in file order, so the result is the one the
single-process build gives. Two passes, as in the serial build: formats that need names
(compact lists) are read after all the others, with the set of names those print.

Reading a file, choosing its format and extracting it depend only on the file's name and text,
the reference date, kg's own code and (for compact lists) the known names, so each file's
extraction can be kept in the cache (kg/cache.py) and reused by the next build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import multiprocessing
import operator
import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from kg import cache as kgcache
from kg.capture import View
from kg.extract import BY_NAME, FORMATS, Context, InputFormat, choose
from kg.model import Page, Record, Rejected
from kg.read import Text, read

PARALLEL_BYTES = 2 << 20  # below this much input, starting worker processes costs more than it saves
CHUNKS_PER_WORKER = 8  # enough chunks that a slow one does not leave the other cores idle
DEFERRED = b"kg:deferred"  # the cache's entry for a file whose format reads with the known names

FileResult = tuple[Page, list[Record], list[Rejected]]


@dataclass(frozen=True)
class Job:
    """What every task of one build shares."""

    as_of: dt.date
    env: str = ""  # the cache's environment key; empty without a cache
    folder: str = ""  # the cache folder; empty without a cache
    packed: bool = False  # results travel as pickles (to a parent process, or into the cache)


# A task's answer: (status, cache key, content hash, payload). Status "new": extracted here (payload
# a result, pickled if the job says so); "hit": the cache's pickle; "deferred": a compact list for the
# second pass (payload None when the cache said so; "deferred-new" when the cache should remember
# it, with the text, format name and view as payload, so the second pass need not choose again);
# "uncached": a file that could not be read (its reject is not kept: reading it again costs nothing).
Answer = tuple[str, str, str, object]


# How a complete abstract ends; the last line of a file cut while it was saved ends anywhere.
# A line cut while saving stops inside a word or a clause; one ending in anything else (".", ")",
# a closing tag, a URL's "/") is taken as complete, so a finished abstract is never called cut.
CUT_ENDS = frozenset(",;:-–")


def cut_abstract(source: str, lines: list[str], records: list[Record]) -> Rejected | None:
    """A reject for the abstract a file ends inside, taken off its record (which is kept), or None.

    Only a file with no line end after its last line can be cut (a saved page ends in one or
    in a complete sentence: two of the seeds have no final line end), and only an abstract
    that is that last line and ends mid-sentence is taken for cut.
    """
    last = lines[-1].strip() if lines else ""
    if not last or not (last[-1].isalnum() or last[-1] in CUT_ENDS):
        return None
    record = max(records, key=lambda r: r.line, default=None)
    if record is None or not record.abstract or not record.abstract.rstrip().endswith(last):
        return None
    reject = Rejected(
        source,
        len(lines),
        "the abstract is cut off at the end of the file (kept the record without it)",
        record.abstract[:2_000],
        "cut_off",
    )
    record.abstract = None
    return reject


def extract_one(source: str, text: Text, fmt: InputFormat, view: View, ctx: Context) -> FileResult:
    """One file's extraction, with lines mapped from the view back to the file."""
    out = fmt.extract(source, view.lines, ctx)
    for item in (*out.records, *out.rejects):
        item.line = view.file_line(item.line)
    cut = cut_abstract(source, text.lines, out.records)
    if cut is not None:
        out.rejects.append(cut)
        out.page.notes.append(f"the file ends inside the abstract on line {cut.line}: the page was saved incomplete")
    out.page.records, out.page.rejects = len(out.records), len(out.rejects)
    out.page.notes = text.notes + view.notes + out.page.notes
    out.page.capture = view.capture
    return out.page, out.records, out.rejects


def unknown(source: str, text: Text) -> FileResult:
    bad = Rejected(
        source,
        1,
        # The readers are not listed: with two dozen of them the line would not stay one readable line.
        f"no known page layout or export format (none of kg's {len(FORMATS)} readers recognises it; "
        "README.md lists what kg reads)",
        "\n".join(text.lines[:5])[:500],
        "unknown_layout",
    )
    return Page(source, None, rejects=1, notes=text.notes), [], [bad]


def reader_failed(source: str, error: Exception) -> FileResult:
    """A file on which kg itself failed (a reader or a sniff raised): one reject saying so, so the
    build goes on with the files beside it. KG_DEBUG=1 raises the error instead, with its traceback."""
    if os.environ.get("KG_DEBUG"):
        raise error
    said = " ".join(str(error).split())[:200]
    bad = Rejected(
        source,
        1,
        f"kg failed while reading this file ({type(error).__name__}{': ' + said if said else ''}): a bug in kg, "
        "please report it with the file (KG_DEBUG=1 shows where it failed)",
        "",
        "reader_failed",
    )
    return Page(source, None, rejects=1), [], [bad]


def _isolated(job: Job, source: str, answer: Callable[[], Answer]) -> Answer:
    """`answer()`, or where it raises, the file's reader_failed reject (never cached)."""
    try:
        return answer()
    except Exception as e:
        return "uncached", "", "", _pack(job, reader_failed(source, e))


# A record travels (to the parent, into the cache) as the tuple of its fields, made again by
# Record(*fields): pickled whole it is a dict of 28 names and values, which took the parent twice the
# time and twice the memory to read back (at 100k papers 0.35 s against 0.19 s, 128 MiB against 60).
_RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(Record))
_record_values = operator.attrgetter(*_RECORD_FIELDS)


def _as_row(record: Record) -> tuple | Record:
    """A record's fields in order; the record itself if it is more than its fields (a subclass, an
    attribute set beside them), so that nothing is lost on the way."""
    if type(record) is Record and len(vars(record)) == len(_RECORD_FIELDS):
        return _record_values(record)
    return record


def _pack(job: Job, result: FileResult) -> object:
    if not job.packed:
        return result
    page, records, rejects = result
    return pickle.dumps((page, [_as_row(r) for r in records], rejects), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(payload: bytes) -> FileResult:
    """What `_pack` pickled."""
    page, rows, rejects = pickle.loads(payload)
    return page, [Record(*row) if type(row) is tuple else row for row in rows], rejects


def _carry(job: Job, chosen: tuple[Text, str, View]) -> object:
    """A compact list's text, format name and view, from the first pass to the second."""
    return pickle.dumps(chosen, protocol=pickle.HIGHEST_PROTOCOL) if job.packed else chosen


def _first(job: Job, path: Path, source: str) -> Answer:
    text = read(path, source)
    if isinstance(text, Rejected):
        return "uncached", "", "", _pack(job, (Page(source, None, rejects=1), [], [text]))
    content, k = "", ""
    if job.env:
        content = kgcache.text_hash(text)
        k = kgcache.key(job.env, source, content)
        blob = kgcache.Cache(Path(job.folder)).get(k)
        if blob == DEFERRED:
            return "deferred", k, content, None
        if blob is not None:
            return "hit", k, content, blob
    chosen = choose(text.lines)
    if chosen is None:
        return "new", k, content, _pack(job, unknown(source, text))
    if chosen[0].needs_names:
        return "deferred-new", k, content, _carry(job, (text, chosen[0].name, chosen[1]))
    return "new", k, content, _pack(job, extract_one(source, text, *chosen, Context(as_of=job.as_of)))


def _second(job: Job, names: str, ctx: Context, item: tuple[Path, str, str, object]) -> Answer:
    path, source, content, carried = item
    k = kgcache.key(job.env, source, content, names) if job.env and carried is not None else ""
    if k:
        blob = kgcache.Cache(Path(job.folder)).get(k)
        if blob is not None and blob != DEFERRED:
            return "hit", k, content, blob
    if carried is not None:  # what the first pass read and chose
        text, name, view = pickle.loads(carried) if job.packed else carried  # type: ignore[arg-type]
        return "new", k, content, _pack(job, extract_one(source, text, BY_NAME[name], view, ctx))
    text = read(path, source)  # the cache knew it for a compact list: read it now
    if isinstance(text, Rejected):  # gone since the first pass: it says so
        return "uncached", "", "", _pack(job, (Page(source, None, rejects=1), [], [text]))
    if job.env:
        content = kgcache.text_hash(text)
        k = kgcache.key(job.env, source, content, names)
        blob = kgcache.Cache(Path(job.folder)).get(k)
        if blob is not None and blob != DEFERRED:
            return "hit", k, content, blob
    chosen = choose(text.lines)
    if chosen is None:
        return "new", k, content, _pack(job, unknown(source, text))
    return "new", k, content, _pack(job, extract_one(source, text, *chosen, ctx))


def _first_chunk(job: Job, chunk: list[tuple[Path, str]]) -> list[Answer]:
    return [_isolated(job, source, lambda p=path, s=source: _first(job, p, s)) for path, source in chunk]


def _second_chunk(job: Job, names: str, known: frozenset[str] | bytes, chunk: list[tuple]) -> list[Answer]:
    ctx = Context(as_of=job.as_of, known_names=_evidence(known))  # built once per chunk, not per page
    return [_isolated(job, item[1], lambda i=item: _second(job, names, ctx, i)) for item in chunk]


# The known names as a worker process last unpickled them: (the pickle, the set).
_EVIDENCE: tuple[bytes, frozenset[str]] = (b"", frozenset())


def _evidence(known: frozenset[str] | bytes) -> frozenset[str]:
    """The names other pages print, given to a second-pass task as a set (in this process) or as its
    pickle (to a worker). Every chunk is sent the same pickle, which a worker reads once: at a million
    papers the set is 400,000 names, and pickling it for each chunk took the parent seconds."""
    global _EVIDENCE
    if isinstance(known, frozenset):
        return known
    if _EVIDENCE[0] != known:
        _EVIDENCE = (known, pickle.loads(known))
    return _EVIDENCE[1]


def _chunks(items: Sequence, count: int) -> list[list]:
    """`items` cut into at most `count` contiguous runs of near-equal length, in order."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for i in range(count):
        stop = start + size + (1 if i < extra else 0)
        out.append(list(items[start:stop]))
        start = stop
    return [c for c in out if c]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def auto_workers(files: Sequence[tuple[Path, str]]) -> int:
    """All cores for inputs above PARALLEL_BYTES, one below (tests and small builds stay in-process)."""
    total = 0
    for path, _ in files:
        with suppress(OSError):  # an unreadable path becomes a reject when it is read
            total += os.stat(path).st_size
        if total >= PARALLEL_BYTES:
            return cores()
    return 1


@contextmanager
def _pool(workers: int) -> Iterator[Executor | None]:
    if workers <= 1:
        yield None
        return
    # fork: workers start with the readers already imported and nothing to re-run (forkserver and
    # spawn re-import the main module, which breaks scripts without a __main__ guard). Workers only
    # read files and extract; they take no lock a thread of the parent (the CLI's spinner) may hold.
    # A worker parses pages (HTML, Markdown), which leaves reference cycles: its collector runs
    # (the parent's is paused while it gathers the records, see `collector_paused`).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.enable)
    with pool, collector_paused():
        yield pool


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the block runs, as it was after.

    A build holds millions of long-lived objects (records, name keys, table rows) and makes next
    to no reference cycles after extraction (none at all on a 100k-paper corpus): each of the
    collector's full passes walks them all and frees nothing. At 100k papers they cost a sixth of
    the build's CPU (56.0 -> 46.4 s), and in a forked process they also copy the pages the walk
    touches. Objects are still freed as their last reference goes; only cycles wait for the end.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _run(pool: Executor | None, workers: int, fn, *args, items: Sequence) -> Iterator[Answer]:
    """The answers for `items` in their order, a chunk's as soon as it and those before it are done:
    the parent unpickles them while the workers read on (not all of them after the last chunk)."""
    if pool is None:
        yield from fn(*args, list(items))
        return
    chunks = _chunks(items, workers * CHUNKS_PER_WORKER)
    for future in [pool.submit(fn, *args, chunk) for chunk in chunks]:
        yield from result_of(future)


def result_of(future: Future):
    """future.result(), the wait woken every fifth of a second. The kernel may hand a SIGINT to any
    thread (the pool's own manager thread, a library's); Python acts on it only when the main thread
    runs Python code, and a wait without a timeout would never let it: the build would hang
    instead of stopping (seen in the test suite)."""
    while not future.done():
        wait([future], timeout=0.2)
    return future.result()


def extract_all(
    files: Sequence[tuple[Path, str]], as_of: dt.date, workers: int | None = None, cache: Path | None = None
) -> list[FileResult]:
    """Every file's extraction, in file order; `workers` None picks by input size; `cache` is the
    cache folder (None: no cache)."""
    workers = auto_workers(files) if workers is None else max(1, workers)
    store = kgcache.Cache(cache) if cache is not None else None
    job = Job(
        as_of,
        env=kgcache.environment(as_of) if store else "",
        folder=str(cache) if store else "",
        packed=workers > 1 or store is not None,
    )
    results: dict[str, FileResult] = {}
    deferred: list[tuple[Path, str, str, object]] = []  # path, source, content hash, what the first pass read
    known: set[str] = set()

    def take(source: str, answer: Answer) -> FileResult | None:
        status, k, _, payload = answer
        if status.startswith("deferred"):
            if store is not None:
                store.used.add(k)
                if status == "deferred-new":
                    store.put(k, DEFERRED)
            return None
        if store is not None and status != "uncached":
            store.used.add(k)
            if status == "hit":
                store.hits += 1
            else:
                store.misses += 1
                store.put(k, payload)  # type: ignore[arg-type]
        result = _unpack(payload) if job.packed else payload  # type: ignore[arg-type]
        results[source] = result
        return result

    with _pool(workers) as pool:
        for (path, source), answer in zip(files, _run(pool, workers, _first_chunk, job, items=files)):
            result = take(source, answer)
            if result is None:
                deferred.append((path, source, answer[2], answer[3]))
                continue
            page, records, _ = result
            known.update(name for r in records for name in r.authors)
            if page.owner:
                known.add(page.owner)
        if deferred:
            evidence = frozenset(known)
            names = kgcache.names_hash(evidence) if store is not None else ""
            sent = evidence if pool is None else pickle.dumps(evidence, protocol=pickle.HIGHEST_PROTOCOL)
            answers = _run(pool, workers, _second_chunk, job, names, sent, items=deferred)
            for (_, source, _, _), answer in zip(deferred, answers):
                take(source, answer)
    if store is not None:
        store.prune()
    return [results[source] for _, source in files]


FORK_SHARE = 0.5  # of the memory available, what forked processes may take as copies of this one


def affordable(processes: int, resident: int, available: int) -> int:
    """How many of `processes` forked processes fit in `available` bytes beside this process of
    `resident` bytes (at least 1: the work then stays in this process).

    A fork shares this process's pages only until it writes them, and CPython writes the reference
    count of every object it reads: a process that reads the whole graph comes to hold a private
    copy of it. So each fork counts as `resident`, and together they take at most FORK_SHARE of
    what is available, the rest being left for what they build (at a million papers two writers
    forked from an 8 GiB build came to 15 GiB each, and the kernel killed one)."""
    return max(1, min(processes, _copies(resident, available)))


def _copies(resident: int, available: int) -> int:
    """How many copies of a process of `resident` bytes FORK_SHARE of `available` holds."""
    return int(available * FORK_SHARE) // resident if resident > 0 else 2**31


def memory_now() -> tuple[int, int] | None:
    """(this process's resident bytes, the machine's available bytes), or None where /proc does not tell."""
    try:
        resident = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return resident, int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def give_back() -> None:
    """Hands the memory freed so far back to the system: the free pages glibc's malloc keeps
    (malloc_trim) and those Arrow's pool keeps (release_unused). The build calls it between stages.

    Each stage frees what it worked with (the records once written, a stage's working arrays), but
    the allocators keep freed pages for reuse, so the process stays as large as its largest stage
    so far: what the next stage's peak is measured from, and what kg.parallel.affordable counts a
    fork as. Values are untouched; where there is no glibc, nothing happens."""
    import ctypes

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def fork_affordable() -> bool:
    """Whether memory affords one forked copy of this process now (see `affordable`)."""
    found = memory_now()
    return found is None or _copies(*found) >= 1


def affordable_now(processes: int) -> int:
    """`affordable` with this process's and the machine's memory as they are now."""
    found = memory_now()
    return processes if found is None else affordable(processes, *found)


def forked_pool(workers: int) -> ProcessPoolExecutor | None:
    """Processes forked from this one (they see its values as they are when the first task is
    submitted), deaf to SIGINT: a terminal sends it to all, and the parent alone answers it
    (see `stop`). None where fork is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=signal.signal,
        initargs=(signal.SIGINT, signal.SIG_IGN),
    )


def stop(pool: ProcessPoolExecutor) -> None:
    """The pool's processes killed at once (not left to finish work that is no longer wanted)."""
    processes = getattr(pool, "_processes", None) or {}  # Python 3.14 has terminate_workers(); 3.11 has not
    for process in list(processes.values()):
        process.terminate()
    for process in list(processes.values()):
        process.join()


def picklable(e: Exception) -> Exception:
    """`e`, or where it cannot travel to the parent as a pickle, an error with its type's name and text."""
    try:
        pickle.loads(pickle.dumps(e))
    except Exception:
        return RuntimeError(f"{type(e).__name__}: {e}")
    return e


_INHERITED: tuple[Callable, tuple] | None = None  # what `beside` runs, set before the fork


def _result_file(fn: Callable, args: tuple) -> str:
    """Runs `fn(*args)` and leaves its result in a file, whose path is what goes back: a result
    sent through the pool's pipe is megabytes, and a process killed while sending it (an
    interrupt at that moment) leaves half a message that the pool's thread waits on forever; a
    path is one write below PIPE_BUF, which the kernel makes whole or nothing."""
    try:
        result = fn(*args)
    except Exception as e:
        error = picklable(e)
        if error is e:
            raise
        raise error from None
    fd, path = tempfile.mkstemp(prefix="kg-beside-", suffix=".pickle")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _call_inherited() -> str:
    """The inherited call (`beside`), its result in a file (`_result_file`)."""
    assert _INHERITED is not None
    return _result_file(*_INHERITED)


def _call(fn: Callable, *args: object) -> str:
    """`fn(*args)` sent to a standby process, its result in a file (`_result_file`)."""
    return _result_file(fn, args)


def _load_result(path: str) -> object:
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    finally:
        os.unlink(path)


def beside_result(future: Future) -> object:
    """The result of the call `beside` runs (result_of, then read from its file and the file removed)."""
    return _load_result(result_of(future))


def _forget_result(future: Future | None) -> None:
    """The result file of a call whose result nobody will read, removed."""
    if future is not None and future.done() and not future.cancelled() and future.exception() is None:
        with suppress(OSError):
            os.unlink(future.result())


@contextmanager
def beside(fn: Callable, *args: object) -> Iterator[Future | None]:
    """`fn(*args)` in a forked process while the block runs (its arguments inherited, not pickled;
    its result pickled back); None where fork is not available or memory does not afford a copy of
    this process (see `affordable`), for the caller to call `fn` itself.
    An error or SIGINT in the block kills the process."""
    global _INHERITED
    pool = forked_pool(1) if fork_affordable() else None
    if pool is None:
        yield None
        return
    _INHERITED = (fn, args)
    future = pool.submit(_call_inherited)
    try:
        yield future
    except BaseException:
        stop(pool)
        _forget_result(future)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _INHERITED = None


class Standby:
    """One process forked while this one is still small, to run one call later (`standby`).

    A process forked late (once the build holds its tables) shares this one's pages only until
    either writes them: what this process frees or changes afterwards (the records once written,
    every table it builds over old ones) stays in the fork as its own copy. At a million papers the
    topics process forked after the papers were resolved came to hold 6.2 GiB, most of it pages
    this process had let go. A standby process is forked before any of that exists; its call's
    arguments are pickled to it (send a path, not the data) and its result comes back in a file."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool
        self.future: Future | None = None

    def submit(self, fn: Callable, *args: object) -> Future:
        """`fn(*args)` in the standby process (one call per standby)."""
        assert self.future is None, "a standby process runs one call"
        self.future = self.pool.submit(_call, fn, *args)
        return self.future

    def result(self) -> object:
        """The call's result (woken every fifth of a second, as `result_of`); the process is let go
        before the result is read, so its memory is the system's again by then."""
        assert self.future is not None
        path = result_of(self.future)
        self.close()
        return _load_result(path)

    def close(self) -> None:
        """The process ends (once its call, if any, is done)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def standby(wanted: bool = True) -> Iterator[Standby | None]:
    """A `Standby` process forked now, for the block; None if not `wanted`, where fork is not
    available or memory does not afford a copy of this process. An error or SIGINT in the block
    kills it (it ignores SIGINT itself, as every forked_pool does)."""
    pool = forked_pool(1) if wanted and fork_affordable() else None
    if pool is None:
        yield None
        return
    pool.submit(int)  # a fork pool starts its processes with its first task: so the fork is now
    held = Standby(pool)
    try:
        yield held
    except BaseException:
        stop(pool)
        _forget_result(held.future)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
