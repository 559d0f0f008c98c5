"""Apache Jena TDB2 as a peer: the same N-Quads export loaded with ``tdb2.tdbloader``, the same
saved queries (bound as diplokg binds them) timed with ``tdb2.tdbquery``, rows compared.

Jena is found as ``$JENA_HOME/bin`` scripts, as ``tdb2.tdbquery`` on the PATH, or as the jars of
Debian's ``libapache-jena-java`` in ``/usr/share/java`` (which ships no scripts; the command
classes run on a class path built as ``../shared/tools/owl-check/jena`` builds it, with the
same fix for Debian's relocated Xerces message bundles). The JVM keeps its default JIT (no
``TieredStopAtLevel``): a query is timed after warm-up runs in the same JVM (``--repeat``).

The store holds the export's named graphs, and its default graph holds their union plus the
ontology, as diplokg's store does (the export with the graph names dropped, loaded into the
default graph: a set, so each triple once).
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

DEBIAN_JARS = Path("/usr/share/java")
_JARS = ("jena-cmds jena-arq jena-core jena-base jena-iri jena-shacl jena-shex jena-rdfconnection jena-tdb "
         "jena-tdb2 jena-dboe-base jena-dboe-index jena-dboe-storage jena-dboe-trans-data "
         "jena-dboe-transaction commons-cli commons-codec commons-compress commons-csv commons-io "
         "commons-lang3 dexx.collection gson guava httpclient httpcore jackson-core jackson-databind "
         "jackson-annotations jsonld-java jakarta.json-api titanium-json-ld protobuf thrift slf4j-api "
         "slf4j-simple").split()
_TIME = re.compile(r"^Time: ([0-9.]+) sec", re.M)


def jena() -> list[str] | None:
    """The argv prefix that runs a Jena command class (``tdb2.tdbquery``...), or None."""
    home = os.environ.get("JENA_HOME")
    if home and (Path(home) / "bin" / "tdb2.tdbquery").exists():
        return [str(Path(home) / "bin")]
    if shutil.which("tdb2.tdbquery"):
        return [str(Path(shutil.which("tdb2.tdbquery")).parent)]
    java = shutil.which("java")
    if java is None or not (DEBIAN_JARS / "jena-cmds.jar").exists():
        return None
    fix = _xerces_fix()
    cp = ":".join([str(fix)] + [str(DEBIAN_JARS / f"{j}.jar") for j in _JARS if (DEBIAN_JARS / f"{j}.jar").exists()])
    heap = os.environ.get("BENCH_JENA_HEAP", "4g")
    return [java, f"-Xmx{heap}", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", cp]


def _xerces_fix() -> Path:
    """Debian's jena-core relocates Xerces to ``xerces.*`` but leaves its message bundles
    under ``org/apache/jena/ext/xerces/``: copy them where the classes look."""
    core = DEBIAN_JARS / "jena-core.jar"
    fix = Path(tempfile.gettempdir()) / f"diplokg-bench-jena-xerces-{core.stat().st_size}"
    if not (fix / "xerces" / "impl" / "msg" / "XMLSchemaMessages.properties").exists():
        with zipfile.ZipFile(core) as z:
            for name in z.namelist():
                for sub in ("impl/msg/", "impl/xpath/regex/"):
                    prefix = "org/apache/jena/ext/xerces/" + sub
                    if name.startswith(prefix) and name.endswith(".properties"):
                        target = fix / "xerces" / sub / Path(name).name
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(z.read(name))
    return fix


def command(prefix: list[str], cls: str, *args: str) -> list[str]:
    if len(prefix) == 1:  # a folder of Jena's scripts
        return [str(Path(prefix[0]) / cls), *args]
    return [*prefix, cls, *args]


def default_graph_copy(nquads: Path, out: Path) -> None:
    """The N-Quads with the graph names dropped: the default graph diplokg keeps."""
    with nquads.open("rb") as f, out.open("wb") as o:
        for line in f:
            stripped = line.rstrip()
            if not stripped or stripped.startswith(b"#"):
                continue
            cut = stripped.rfind(b" <")  # the graph name is the line's last term
            o.write(stripped[:cut] + b" .\n")


def load(prefix: list[str], loc: Path, nquads: Path, ontology: Path, *, log: Path) -> float:
    """``tdb2.tdbloader`` the export, its default-graph copy and the ontology; seconds."""
    nt = loc.parent / (loc.name + "-default.nt")
    default_graph_copy(nquads, nt)
    t0 = time.perf_counter()
    with open(log, "ab") as out:
        p = subprocess.run(command(prefix, "tdb2.tdbloader", "--loc", str(loc), str(nquads), str(nt), str(ontology)),
                           stdout=out, stderr=out)
    seconds = time.perf_counter() - t0
    nt.unlink(missing_ok=True)
    if p.returncode != 0:
        raise RuntimeError(f"tdb2.tdbloader failed (exit {p.returncode}); see {log}")
    return seconds


def time_query(prefix: list[str], loc: Path, sparql: str, *, runs: int, cap_s: float) -> dict:
    """``tdb2.tdbquery --repeat 1,runs --time``: p50 of the timed runs (after one warm-up in the
    same JVM), and the rows of the first run as tuples of values ('' when unbound)."""
    with tempfile.NamedTemporaryFile("w", suffix=".rq", delete=False, encoding="utf-8") as f:
        f.write(sparql)
        qfile = f.name
    try:
        p = subprocess.run(command(prefix, "tdb2.tdbquery", "--loc", str(loc), "--query", qfile, "--results=csv",
                                   "--time", f"--repeat=1,{runs}"),
                           capture_output=True, timeout=cap_s * (runs + 1) + 60)
    except subprocess.TimeoutExpired:
        return {"p50_ms": "> cap", "rows": None}
    finally:
        os.unlink(qfile)
    if p.returncode != 0:
        return {"p50_ms": "error", "rows": None, "error": p.stderr.decode("utf-8", "replace")[-300:]}
    times = sorted(float(t) * 1000 for t in _TIME.findall(p.stderr.decode("utf-8", "replace")))
    text = p.stdout.decode("utf-8")
    # the result is printed once per timed run: keep the first
    header = text.split("\r\n", 1)[0] if "\r\n" in text else text.split("\n", 1)[0]
    blocks = text.split(header)
    first = header + (blocks[1] if len(blocks) > 1 else "")
    table = list(csv.reader(io.StringIO(first)))
    head, rows = (table[0], table[1:]) if table else ([], [])
    return {"p50_ms": round(times[len(times) // 2], 3) if times else "error", "runs": len(times),
            "rows": len(rows), "header": head, "result": [tuple(r) for r in rows]}
