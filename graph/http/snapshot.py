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


class Busy(DiplokgError):
    """Every worker stayed busy for as long as the query may run (HTTP 503)."""


class Timeout(DiplokgError):
    """The query ran past the timeout; its worker was replaced (HTTP 503)."""


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

def run_job(ox_store, job: dict) -> dict:
    """Evaluate one job in a worker: the response as ``{status, type, body, ...}``."""
    from diplokg.graph.http.sparqlhttp import NotAcceptable, evaluate, media_type, negotiate, render_bytes

    try:
        ev = evaluate(ox_store, job["sparql"], max_rows=job.get("max_rows"),
                      default_graph_uris=job.get("default_graph") or (),
                      named_graph_uris=job.get("named_graph") or ())
        kind = ev.result.kind
        fmt = negotiate(job.get("accept"), job.get("format"), kind)
    except NotAcceptable as exc:
        return {"status": 406, "error": str(exc)}
    except QueryError as exc:
        return {"status": 400, "error": str(exc)}
    body = render_bytes(ev.result, fmt)
    n = len(ev.result.rows) if kind == "select" else len(ev.result.triples)
    return {"status": 200, "type": media_type(fmt, kind), "body": body, "truncated": ev.truncated,
            "kind": kind, "count": n}


def _worker_main(conn) -> None:  # pragma: no cover - runs in a child process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import pyoxigraph as ox

    import diplokg.graph.http.sparqlhttp  # noqa: F401  (imported before the first job, not during it)

    store, path = None, None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            if job["snapshot"] != path:
                store = None
                store = ox.Store.read_only(job["snapshot"])
                path = job["snapshot"]
            conn.send(run_job(store, job))
        except Exception as exc:  # a bug: reported as HTTP 500, the worker lives on
            conn.send({"status": 500, "error": f"internal error: {type(exc).__name__}: {exc}"})


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), daemon=True,
                                   name="diplokg-query-worker")
        self.process.start()
        child.close()
        self.snapshot: str | None = None

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        except Exception:  # already gone
            pass
        self.conn.close()


class QueryPool:
    """``size`` worker processes; :meth:`run` hands a job to an idle one."""

    def __init__(self, size: int = 2):
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue = queue.Queue()
        self._all: set = set()
        self._lock = threading.Lock()
        self.replaced = 0
        for _ in range(max(1, size)):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        w = _Worker(self._ctx)
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
            self._replace(w)
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
