"""Extraction on Dask ``distributed``: :func:`diplokg.extract_partition` mapped over the
partitions of a JSON Lines corpus, each partition's N-Quads written as a shard
(``part-NNNNN.nq``) that ``diplokg ingest DIR`` then loads in bulk::

    from dask.distributed import Client, LocalCluster
    from diplokg.on_dask import extract_shards

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        extract_shards("corpus.jsonl", "shards/", client=client)
    # then: diplokg ingest --store kg shards/

The store is the one ``diplokg ingest corpus.jsonl`` builds (a test checks the quads). Extraction
is CPU-bound Python: give each worker process one thread, and as many processes as cores. The
workers write the shards themselves, so on a cluster ``out`` must be a folder every worker and
the loading machine see (a shared file system). Install with ``pip install 'diplokg[dask]'``.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from diplokg.graph.model.errors import InputError

#: bytes of the corpus per partition (Dask's ``read_text`` blocksize): ~600 articles of the
#: generated corpus, a few seconds of work, enough partitions to keep every worker busy
BLOCKSIZE = 4_000_000


def extract_shards(corpus: str | Path, out: str | Path, *, client=None, blocksize: int = BLOCKSIZE,
                   now: str | None = None) -> list[tuple[str, int]]:
    """Extract the JSON Lines ``corpus`` on Dask into N-Quads shards in ``out`` (a new or empty
    folder); returns ``(shard path, records)`` per partition.

    ``client`` is a ``dask.distributed.Client`` (None: Dask's local process pool). ``now`` pins
    the ingest time every article records [default: the time of this call, one for all shards].
    An article that fails validation is left out of its shard, as ``diplokg extract`` does.
    """
    import dask
    import dask.bag

    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(str(out), "give a new or empty folder for the shards")
    target.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(timezone.utc).isoformat(timespec="seconds")
    parts = dask.bag.read_text(str(corpus), blocksize=blocksize, encoding="utf-8").to_delayed()
    tasks = [dask.delayed(write_shard)(part, str(target / f"part-{i:05d}.nq"), now)
             for i, part in enumerate(parts)]
    if client is not None:
        return list(client.gather(client.compute(tasks)))
    return list(dask.compute(*tasks, scheduler="processes"))


def write_shard(lines: list[str], path: str, now: str) -> tuple[str, int]:
    """One partition: its JSON lines (blank ones skipped) → the N-Quads of its valid articles,
    written to ``path``. Runs on a worker."""
    from diplokg.graph.io.extraction import extract_partition

    records = []
    for line in lines:
        line = line.lstrip("\ufeff").strip()  # a BOM at the file's start; blank lines
        if line:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(path, f"a corpus line is not JSON: {exc}") from None
    Path(path).write_bytes(extract_partition(records, now=now))
    return path, len(records)
