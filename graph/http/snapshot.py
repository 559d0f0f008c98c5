"""What ``diplokg serve`` reads: a snapshot of the store, queried by a pool of worker processes.

The embedded store allows one process at a time (Oxigraph's on-disk store takes a lock), and
``diplokg ingest`` holds it for the whole job. So the server never keeps the store open:

* :class:`Snapshots` opens the store for the few milliseconds a checkpoint takes
  (``pyoxigraph.Store.backup``: hard links when on the same file system), closes it, and
  serves the checkpoint. Every ``refresh`` seconds it looks at the store's data files (the
  ``*.sst`` tables and non-empty ``*.log`` write-ahead logs; opening a store for reading
  changes neither); when they changed and nobody holds the store, it takes a new checkpoint.
  While an ingest runs, readers get the last snapshot, and the newer data once it is done.
* :class:`QueryPool` evaluates queries in worker processes that open the snapshot read-only
  (``pyoxigraph.Store.read_only``: safe, since nothing writes a snapshot). A query past its
  timeout cannot be interrupted inside Oxigraph, so its worker is killed and replaced: a
  runaway query never keeps a CPU busy after its client got its 503.

A worker cannot reach the network (:func:`diplokg.graph.queries.netguard.deny_network`, for the
whole process, before it reads a job) and may use at most ``memory_mb`` of data memory
(``RLIMIT_DATA``): a query that needs more makes its allocation fail, the worker dies, the client
gets a 503 saying so, and a new worker takes its place.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from diplokg.graph.model.errors import DiplokgError, QueryError, StoreBusyError
from diplokg.graph.store.viewdb import copy_views


class Busy(DiplokgError):
    """Every worker stayed busy for as long as the query may run (HTTP 503)."""


class Timeout(DiplokgError):
    """The query ran past the timeout; its worker was replaced (HTTP 503)."""


class OutOfMemory(DiplokgError):
    """The query needed more memory than a worker may use; its worker was replaced (HTTP 503)."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    taken_at: float  # time.time()

    @property
    def iso(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.taken_at))


def data_fingerprint(store_dir: Path) -> tuple:
    """What changes when data is written: the table files and the non-empty write-ahead logs."""
    out = []
    try:
        entries = list(os.scandir(store_dir))
    except OSError:
        return ()
    for e in entries:
        try:
            if e.name.endswith(".sst") or (e.name.endswith(".log") and e.stat().st_size > 0):
                out.append((e.name, e.stat().st_size))
        except OSError:  # removed while we looked (a compaction)
            continue
    return tuple(sorted(out))


class Snapshots:
    """Checkpoints of the store at ``store_dir``, kept in ``root`` (a folder of our own)."""

    def __init__(self, store_dir: str | os.PathLike, root: str | os.PathLike | None = None, *,
                 lock_timeout: float | None = None):
        self.store_dir = Path(store_dir)
        self._own_root = root is None
        self.root = Path(root) if root is not None else _default_root(self.store_dir)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._n = 0
        self._fp: tuple | None = None
        self.busy_since: float | None = None  # last refresh found the store held by another process
        self.current = self._take(lock_timeout)

    def _take(self, lock_timeout: float | None) -> Snapshot:
        from diplokg.graph.store.embedded import Store

        self._n += 1
        target = self.root / f"snapshot-{self._n}"
        s = Store(self.store_dir, create=False, lock_timeout=lock_timeout)
        try:
            s.oxigraph.backup(str(target))
            copy_views(self.store_dir, target)  # the row views, as current as the checkpoint
            fp = data_fingerprint(self.store_dir)  # still holding the lock: nothing newer is missed
        finally:
            s.close()
        self._fp = fp
        return Snapshot(target, time.time())

    def refresh(self) -> bool:
        """Take a new snapshot if the store changed and is free; True when one was taken."""
        with self._lock:
            if data_fingerprint(self.store_dir) == self._fp:
                return False
            try:
                snap = self._take(0.0)
            except StoreBusyError:
                if self.busy_since is None:
                    self.busy_since = time.time()
                return False
            self.busy_since = None
            self.current = snap
            return True

    def prune(self, in_use: set) -> None:
        """Delete the snapshots that are neither current nor open in a worker."""
        keep = {str(self.current.path)} | {str(p) for p in in_use if p}
        for d in self.root.glob("snapshot-*"):
            if str(d) not in keep:
                shutil.rmtree(d, ignore_errors=True)

    def close(self) -> None:
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
        else:
            for d in self.root.glob("snapshot-*"):
                shutil.rmtree(d, ignore_errors=True)


def _default_root(store_dir: Path) -> Path:
    """A folder beside the store (same file system: checkpoints are hard links), else in $TMPDIR."""
    parent = store_dir.resolve().parent
    try:
        return Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.serve-", dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="diplokg-serve-"))


# -- the worker processes ---------------------------------------------------------------------

def run_job(ox_store, job: dict, views=None) -> dict:
    """Evaluate one job in a worker: the response as ``{status, type, body, ...}``.

    A saved query's job (``saved``, ``values``, ``limit``, ``offset``) is answered from the
    snapshot's row views (``views``: :func:`diplokg.graph.store.viewsync.snapshot_views`) when
    they can, else by its SPARQL; ``total`` is then how many rows there are in all, when known.
    """
    from diplokg.graph.http.sparqlhttp import NotAcceptable, evaluate, media_type, negotiate, render_bytes
    from diplokg.graph.queries.readonly import QueryRefused

    total = None
    try:
        if job.get("saved"):
            ev, total = _saved(ox_store, job, views)
        else:
            ev = evaluate(ox_store, job["sparql"], max_rows=job.get("max_rows"),
                          default_graph_uris=job.get("default_graph") or (),
                          named_graph_uris=job.get("named_graph") or (), check=job.get("check", True))
        kind = ev.result.kind
        fmt = negotiate(job.get("accept"), job.get("format"), kind)
    except NotAcceptable as exc:
        return {"status": 406, "error": str(exc)}
    except QueryRefused as exc:
        return {"status": 403, "error": str(exc)}
    except QueryError as exc:
        return {"status": 400, "error": str(exc)}
    body = render_bytes(ev.result, fmt)
    n = len(ev.result.rows) if kind == "select" else len(ev.result.triples)
    return {"status": 200, "type": media_type(fmt, kind), "body": body, "truncated": ev.truncated,
            "kind": kind, "count": n, "total": total}


def _saved(ox_store, job: dict, views):
    """A page of a saved query's rows: ``limit`` rows from ``offset`` (at most ``max_rows``)."""
    from types import SimpleNamespace

    from diplokg.graph.http.sparqlhttp import Evaluated, evaluate
    from diplokg.graph.queries.fastpath import answer
    from diplokg.graph.queries.run import Result
    from diplokg.graph.queries.saved import load_saved_queries

    cap, limit, offset = job.get("max_rows"), job.get("limit"), job.get("offset") or 0
    page = limit if cap is None else (cap if limit is None else min(limit, cap))
    q = load_saved_queries()[job["saved"]]
    got = answer(SimpleNamespace(views=lambda: views), q, job["values"], limit=page, offset=offset)
    if got is not None:
        rows = list(got.rows)
        truncated = page is not None and page != limit and got.total > offset + len(rows)
        return Evaluated(Result("select", got.variables, rows), truncated), got.total
    ev = evaluate(ox_store, job["sparql"], max_rows=None if page is None else offset + page + 1, check=False)
    rows = ev.result.rows
    total = len(rows) if not ev.truncated and (page is None or len(rows) <= offset + page) else None
    page_rows = rows[offset:] if page is None else rows[offset:offset + page]
    truncated = page is not None and page != limit and len(rows) > offset + page
    return Evaluated(Result("select", ev.result.variables, page_rows), truncated), total


def _limit_memory(memory_mb: int | None) -> None:
    if memory_mb:
        import resource

        limit = memory_mb << 20
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _worker_main(conn, memory_mb: int | None = None) -> None:  # pragma: no cover - runs in a child process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from diplokg.graph.queries.netguard import deny_network

    deny_network()  # before any thread starts: every thread of the worker inherits it
    import pyoxigraph as ox

    import diplokg.graph.http.sparqlhttp  # noqa: F401  (imported before the first job, not during it)
    from diplokg.graph.queries.readonly import read_only_text

    read_only_text("ASK {}")  # rdflib's SPARQL grammar loaded now, not in the first query's time
    _limit_memory(memory_mb)
    conn.send(_READY)

    from diplokg.graph.store.embedded import store_generation
    from diplokg.graph.store.viewsync import snapshot_views

    store, views, path = None, None, None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            if job["snapshot"] != path:
                store = views = None
                store = ox.Store.read_only(job["snapshot"])
                views = snapshot_views(store_generation(store), job["snapshot"])
                path = job["snapshot"]
            conn.send(run_job(store, job, views))
        except MemoryError:
            store = views = None
            path = None
            conn.send({"status": 503, "error": _OUT_OF_MEMORY.format(memory_mb)})
        except Exception as exc:  # a bug: reported as HTTP 500, the worker lives on
            conn.send({"status": 500, "error": f"internal error: {type(exc).__name__}: {exc}"})


_READY = "ready"
WORKER_START_SECONDS = 60.0
_OUT_OF_MEMORY = ("query stopped: it needed more than the {} MB of memory a query may use "
                  "(--max-query-memory); narrow it down or raise the limit")


class _Worker:
    def __init__(self, ctx, memory_mb: int | None = None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, memory_mb), daemon=True,
                                   name="diplokg-query-worker")
        self.process.start()
        child.close()
        self.snapshot: str | None = None
        self.ready = False  # the worker said _READY

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        except Exception:  # already gone
            pass
        self.conn.close()


class QueryPool:
    """``size`` worker processes; :meth:`run` hands a job to an idle one."""

    def __init__(self, size: int = 2, *, memory_mb: int | None = None):
        self._ctx = multiprocessing.get_context("spawn")
        self.memory_mb = memory_mb
        self._idle: queue.Queue = queue.Queue()
        self._all: set = set()
        self._lock = threading.Lock()
        self.replaced = 0
        for _ in range(max(1, size)):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        w = _Worker(self._ctx, self.memory_mb)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
            self.replaced += 1
        w.kill()
        self._idle.put(self._start())

    def snapshots_in_use(self) -> set:
        with self._lock:
            return {w.snapshot for w in self._all if w.snapshot}

    def run(self, job: dict, *, timeout: float, snapshot=None) -> dict:
        """The worker's response; :class:`Busy` or :class:`Timeout` past ``timeout`` seconds.

        ``snapshot()`` gives the snapshot folder to read, asked once a worker is free (under the
        same lock as :meth:`snapshots_in_use`, so a snapshot is never pruned under a job).
        """
        deadline = time.monotonic() + timeout
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {timeout:g} s; try again later") from None
        if not w.ready:  # a new worker's start (imports, 1-2 s) is not the query's time
            try:
                w.ready = w.conn.poll(WORKER_START_SECONDS) and w.conn.recv() == _READY
            except (EOFError, OSError):
                w.ready = False
            if not w.ready:
                self._replace(w)
                return {"status": 500, "error": "internal error: a query worker did not start"}
            deadline = time.monotonic() + timeout
        with self._lock:
            if snapshot is not None:
                job = {**job, "snapshot": str(snapshot())}
            w.snapshot = str(job["snapshot"])
        try:
            w.conn.send(job)
            if w.conn.poll(max(0.0, deadline - time.monotonic())):
                resp = w.conn.recv()
                self._idle.put(w)
                return resp
        except (EOFError, OSError):
            w.process.join(1)
            code = w.process.exitcode
            self._replace(w)
            if self.memory_mb and code == -signal.SIGABRT:  # an allocation failed (Rust aborts)
                raise OutOfMemory(_OUT_OF_MEMORY.format(self.memory_mb)) from None
            return {"status": 500, "error": "internal error: a query worker died"}
        self._replace(w)
        raise Timeout(f"query stopped after {timeout:g} s (--timeout); narrow it down or raise the limit")

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in workers:
            w.process.join(1)
            if w.process.is_alive():
                w.kill()
