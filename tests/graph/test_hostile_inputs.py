"""Issue 13, the input half: a corpus of bad inputs, each handled cleanly.

"Cleanly" means: exit 2, every stderr line an ``Error:`` naming the input and the reason, no
traceback, nothing on stdout, no store created when nothing could be read, and no hang (the
cases that could block run in a subprocess with a timeout). Cases marked ``read`` are inputs
that used to be refused or misread and must now be read correctly. Each case names the row of
the issue's table it belongs to.
"""
from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from diplokg.graph.cli import cli


ROOT = Path(__file__).resolve().parents[2]
DKG = "https://w3id.org/diplokg/ontology#"
GOOD = ("ACCRA, 3 March 2023 — Ghana's Foreign Minister met the Ambassador of Kenya in Accra on "
        "Monday. The two officials discussed trade and security.\n")
TTL_PREFIX = "@prefix ex: <http://example.org/> .\n"


@dataclass
class Case:
    name: str
    row: str  # the row of the table
    build: Callable[[Path], list]  # makes the inputs in a folder, returns the ingest arguments
    names: str = ""  # what the first stderr line must name (default: the case's file)
    reason: str = ""  # a word the message must hold
    read: bool = False  # the input must be read (exit 0), not refused
    subprocess: bool = False  # could hang: run with a timeout
    check: Callable | None = None  # more checks on (result, store_dir)
    extra: list = field(default_factory=list)  # more ingest options


CASES: list[Case] = []


def case(row, **kw):
    def register(build):
        CASES.append(Case(build.__name__, row, build, **kw))
        return build
    return register


def write(d: Path, name: str, data) -> Path:
    p = d / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


# -- rows 5, 9, 14: paths that are not readable regular files ---------------------------------

@case("14 missing path", names="nope.txt", reason="no such file")
def missing_file(d):
    return [d / "nope.txt"]


@case("14 missing path", names="nowhere", reason="no such file")
def missing_folder(d):
    return [d / "nowhere"]


@case("5 FIFO", names="pipe.txt", reason="FIFO", subprocess=True)
def fifo_text(d):
    os.mkfifo(d / "pipe.txt")
    return [d / "pipe.txt"]


@case("5 FIFO", names="pipe.ttl", reason="FIFO", subprocess=True)
def fifo_turtle(d):
    os.mkfifo(d / "pipe.ttl")
    return [d / "pipe.ttl"]


@case("5 FIFO", names="pipe.nq", reason="FIFO", subprocess=True)
def fifo_nquads(d):
    os.mkfifo(d / "pipe.nq")
    return [d / "pipe.nq"]


@case("5 FIFO", names="link.txt", reason="FIFO", subprocess=True)
def symlink_to_fifo(d):
    os.mkfifo(d / "pipe")
    (d / "link.txt").symlink_to(d / "pipe")
    return [d / "link.txt"]


@case("5 FIFO", names="pipe.txt", reason="FIFO", subprocess=True)
def fifo_in_folder(d):
    folder = d / "news"
    folder.mkdir()
    write(folder, "good.txt", GOOD)
    os.mkfifo(folder / "pipe.txt")
    return [folder]


@case("5 device", names="/dev/null", reason="device", subprocess=True)
def dev_null(d):
    return ["/dev/null"]


@case("5 device", names="/dev/zero", reason="device", subprocess=True)
def dev_zero(d):
    return ["/dev/zero"]


@case("5 socket", names="sock.txt", reason="socket", subprocess=True)
def unix_socket(d):
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(d / "sock.txt"))
    return [d / "sock.txt"]


@case("9 unreadable", names="broken.txt", reason="no such file")
def broken_symlink(d):
    (d / "broken.txt").symlink_to(d / "gone.txt")
    return [d / "broken.txt"]


@case("9 unreadable", names="secret.txt", reason="permission denied")
def unreadable_file(d):
    p = write(d, "secret.txt", GOOD)
    _deny.add(str(p))
    return [p]


@case("9 unreadable", names="secret.ttl", reason="permission denied")
def unreadable_turtle(d):
    p = write(d, "secret.ttl", TTL_PREFIX + "ex:a ex:b ex:c .\n")
    _deny.add(str(p))
    return [p]


@case("9 unreadable", names="locked", reason="permission denied")
def unreadable_folder(d):
    folder = d / "locked"
    folder.mkdir()
    write(folder, "a.txt", GOOD)
    _deny.add(str(folder))
    return [folder]


@case("8 empty", names="empty.txt", reason="empty")
def empty_file(d):
    return [write(d, "empty.txt", "")]


@case("8 empty", names="blank.txt", reason="empty")
def blank_file(d):
    return [write(d, "blank.txt", " \n\t\n")]


@case("8 empty", names="nothing", reason="no article")
def empty_folder(d):
    (d / "nothing").mkdir()
    return [d / "nothing"]


@case("8 empty", names="notes", reason="no article")
def folder_without_articles(d):
    (d / "notes").mkdir()
    write(d / "notes", "readme.md", "not an article")
    return [d / "notes"]


@case("8 too large", names="huge.txt", reason="MB")
def huge_file(d):
    p = d / "huge.txt"
    with p.open("wb") as f:
        f.truncate(6 * 1024 * 1024)  # sparse: refused from its size, never read
    return [p]


# -- rows 4, 14: encodings --------------------------------------------------------------------

def _exported(result, store_dir) -> str:
    out = CliRunner().invoke(cli, ["export", "--format", "nquads", "--store", str(store_dir)])
    assert out.exit_code == 0, out.output
    return out.stdout


def _exports(*needles, absent=()):
    def check(result, store_dir):
        text = _exported(result, store_dir)
        for n in needles:
            assert n in text, n
        for n in absent:
            assert n not in text, n
    return check


@case("14 UTF-16 with BOM", read=True, check=_exports("Ghana's Foreign Minister met", absent=("\ufeff", "\\uFEFF")))
def utf16_le_bom(d):
    return [write(d, "utf16.txt", GOOD.encode("utf-16"))]


@case("14 UTF-16 with BOM", read=True, check=_exports("Ghana's Foreign Minister met"))
def utf16_be_bom(d):
    return [write(d, "utf16be.txt", b"\xfe\xff" + GOOD.encode("utf-16-be"))]


@case("4 UTF-8 with BOM", read=True, check=_exports("ACCRA, 3 March 2023", absent=("\ufeff", "\\uFEFF")))
def utf8_bom(d):
    return [write(d, "bom.txt", b"\xef\xbb\xbf" + GOOD.encode("utf-8"))]


@case("4 plain 8-bit text", read=True, check=_exports("café in Zürich"))
def cp1252_unambiguous(d):
    text = GOOD.replace("in Accra", "at a café in Zürich")
    return [write(d, "cp1252.txt", text.encode("cp1252"))]


@case("4 mojibake", names="damaged.txt", reason="offset 46")
def invalid_utf8_in_utf8(d):
    data = GOOD.encode("utf-8")  # the em dash is 3 bytes at offset 25
    return [write(d, "damaged.txt", data[:46] + b"\xff" + data[46:])]


@case("4 mojibake", names="latin1.txt", reason="offset 1")
def latin1_ambiguous(d):
    text = "SÃO PAULO, 3 March 2023 - Brazil's Foreign Minister met the Ambassador of Ghana in Conceição."
    return [write(d, "latin1.txt", text.encode("latin-1"))]


@case("4 mojibake", names="cp1251.txt", reason="offset")
def cyrillic_8bit(d):
    return [write(d, "cp1251.txt", "Министр иностранных дел встретился с послом Ганы.".encode("cp1251"))]


@case("4 mojibake", names="sjis.txt", reason="offset")
def shift_jis(d):
    return [write(d, "sjis.txt", "外務大臣はガーナの大使と東京で会談した。".encode("shift_jis"))]


@case("14 UTF-16 without BOM", names="nobom.txt", reason="byte order mark")
def utf16_without_bom(d):
    return [write(d, "nobom.txt", GOOD.encode("utf-16-le"))]


@case("4 bad UTF-16", names="cut.txt", reason="offset")
def utf16_truncated(d):
    return [write(d, "cut.txt", GOOD.encode("utf-16")[:-1])]


@case("4 bad UTF-16", names="surrogate.txt", reason="offset 2")
def utf16_lone_surrogate(d):
    return [write(d, "surrogate.txt", b"\xff\xfe" + b"\x00\xd8" + GOOD.encode("utf-16-le"))]


@case("8 binary", names="photo.txt", reason="binary")
def binary_png(d):
    return [write(d, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)]


@case("8 binary", names="controls.txt", reason="binary")
def control_characters(d):
    return [write(d, "controls.txt", bytes(range(1, 9)) * 200)]


@case("4 mojibake", names="<stdin>", reason="offset")
def stdin_invalid_utf8(d):
    return ["-", {"input": GOOD.encode("utf-8")[:30] + b"\xc3\x28" + b" more text."}]


# -- rows 2, 3: bounded RDF parsers -----------------------------------------------------------

RDF_XML = ('<?xml version="1.0"?>\n{doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns:ex="http://example.org/">\n{body}\n</rdf:RDF>\n')


def _laughs(levels: int) -> str:
    ents = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">'
                                      for i in range(1, levels + 1)]
    return "<!DOCTYPE rdf:RDF [\n" + "\n".join(ents) + "\n]>\n"


def _small_memory(result, store_dir):
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2_000_000  # KB: never the 11 GB of the issue


@case("3 billion laughs", names="laughs.rdf", reason="DOCTYPE", check=_small_memory)
def billion_laughs(d):
    body = '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description>'
    return [write(d, "laughs.rdf", RDF_XML.format(doctype=_laughs(9), body=body))]


@case("3 billion laughs", names="xxe.owl", reason="DOCTYPE")
def external_entity(d):
    doctype = '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    body = '<rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p></rdf:Description>'
    return [write(d, "xxe.owl", RDF_XML.format(doctype=doctype, body=body))]


@case("3 billion laughs", names="param.rdf", reason="DOCTYPE")
def parameter_entity(d):
    doctype = '<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "http://example.org/evil.dtd"> %p;]>\n'
    body = '<rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p></rdf:Description>'
    return [write(d, "param.rdf", RDF_XML.format(doctype=doctype, body=body))]


@case("2 nesting", names="deep.rdf", reason="deep")
def deep_rdf_xml(d):
    n = 10_000
    body = ('<rdf:Description rdf:about="http://example.org/a">' + "<ex:p><rdf:Description>" * n + "<ex:q>1</ex:q>"
            + "</rdf:Description></ex:p>" * n + "</rdf:Description>")
    return [write(d, "deep.rdf", RDF_XML.format(doctype="", body=body))]


@case("2 nesting", names="deep.ttl", reason="nested")
def deep_turtle(d):
    n = 20_000
    return [write(d, "deep.ttl", TTL_PREFIX + "ex:a ex:p " + "[ ex:p " * n + "1" + " ]" * n + " .\n")]


@case("2 nesting", names="chain.nt", reason="nested")
def deep_flat_chain(d):
    lines = ["<http://example.org/a> <http://example.org/p> _:b0 ."]
    lines += [f"_:b{i} <http://example.org/p> _:b{i + 1} ." for i in range(1000)]
    return [write(d, "chain.nt", "\n".join(lines) + "\n")]


@case("2 nesting", names="deep.jsonld", reason="nested", subprocess=True)
def deep_jsonld(d):
    n = 20_000  # Oxigraph's JSON-LD parser ran out of stack (SIGSEGV) on this
    doc = '{"@id":"http://example.org/a",' + '"http://example.org/p":{' * n + '"http://example.org/q":1' + "}" * n + "}"
    return [write(d, "deep.jsonld", doc)]


@case("2 nesting", names="arrays.jsonld", reason="nested")
def deep_json_arrays(d):
    n = 100_000
    return [write(d, "arrays.jsonld", '{"@id":"http://example.org/a","http://example.org/p":' + "[" * n + "1"
                  + "]" * n + "}")]


@case("2 literal size", names="big.ttl", reason="literal")
def huge_literal(d):
    return [write(d, "big.ttl", TTL_PREFIX + 'ex:a ex:b "' + "x" * 2_000_000 + '" .\n')]


@case("2 literal size", names="big.nq", reason="literal")
def huge_literal_bulk(d):
    line = f'<http://example.org/a> <http://example.org/b> "{"x" * 2_000_000}" <http://example.org/g> .\n'
    return [write(d, "big.nq", line)]


@case("14 relative IRIs", names="relative.ttl", reason="relative IRI")
def relative_turtle(d):
    return [write(d, "relative.ttl", "<a> <http://example.org/p> <#b> .\n")]


@case("14 relative IRIs", names="relative.rdf", reason="relative IRI")
def relative_rdf_xml(d):
    body = '<rdf:Description rdf:about="#x"><ex:p rdf:resource="y"/></rdf:Description>'
    return [write(d, "relative.rdf", RDF_XML.format(doctype="", body=body))]


@case("14 relative IRIs", names="relative.jsonld", reason="relative IRI")
def relative_jsonld(d):
    return [write(d, "relative.jsonld", json.dumps({"@id": "x", "http://example.org/p": {"@id": "#y"}}))]


@case("14 relative IRIs", names="relative.trig", reason="relative IRI")
def relative_trig(d):
    return [write(d, "relative.trig", "<g> { <http://example.org/a> <http://example.org/p> <b> . }\n")]


@case("2 syntax", names="broken.ttl", reason="not valid turtle")
def broken_turtle(d):
    return [write(d, "broken.ttl", TTL_PREFIX + "ex:a ex:b \n")]


@case("2 syntax", names="broken.rdf", reason="not valid xml")
def broken_xml(d):
    return [write(d, "broken.rdf", "<rdf:RDF><unclosed></rdf:RDF>")]


@case("2 syntax", names="remote.jsonld", reason="context")
def remote_context(d):
    return [write(d, "remote.jsonld", '{"@context": "https://schema.org/", "@id": "https://example.org/x", "name": "x"}')]


@case("2 syntax", names="reserved.trig", reason="reserved")
def reserved_graph(d):
    return [write(d, "reserved.trig", "<https://w3id.org/diplokg/graph/ontology> { <http://example.org/a> "
                                      "<http://example.org/p> 1 . }\n")]


# -- row 6: the ontology is not data ----------------------------------------------------------

@case("6 ontology poisoning", names="poison.ttl", reason="ontology")
def ontology_subclass(d):
    return [write(d, "poison.ttl", f'@prefix dkg: <{DKG}> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                                   'dkg:Meeting rdfs:subClassOf dkg:Agreement ; rdfs:label "Hijacked" .\n')]


@case("6 ontology poisoning", names="label.ttl", reason="ontology")
def rdfs_term(d):
    return [write(d, "label.ttl", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                                  'rdfs:label rdfs:label "name" .\n')]


@case("6 ontology poisoning", names="owl.nt", reason="ontology")
def owl_term(d):
    return [write(d, "owl.nt", "<http://www.w3.org/2002/07/owl#Thing> <http://www.w3.org/2000/01/rdf-schema#label> "
                               '"Anything" .\n')]


@case("6 ontology poisoning", names="shape.ttl", reason="ontology")
def shacl_term(d):
    return [write(d, "shape.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                                  "sh:NodeShape a <http://example.org/Nothing> .\n")]


@case("6 ontology poisoning", names="concept.ttl", reason="ontology")
def ontology_concept(d):
    return [write(d, "concept.ttl", "<https://w3id.org/diplokg/position/spokesperson> "
                                    '<http://www.w3.org/2004/02/skos/core#prefLabel> "Spy"@en .\n')]


@case("6 ontology poisoning", names="poison.nq", reason="ontology")
def ontology_in_named_graph_bulk(d):
    return [write(d, "poison.nq", f"<{DKG}Meeting> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                                  f"<{DKG}Agreement> <http://example.org/g> .\n")]


@case("6 ontology poisoning", names="poison.jsonld", reason="ontology")
def ontology_jsonld(d):
    return [write(d, "poison.jsonld", json.dumps({"@id": DKG + "Visit",
                                                  "http://www.w3.org/2000/01/rdf-schema#label": "Holiday"}))]


def _meeting_typed_as(kind: str):
    def check(result, store_dir):
        q = f"ASK {{ <{DKG}Meeting> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{DKG}Agreement> }}"
        out = CliRunner().invoke(cli, ["sparql", q, "--format", "json", "--store", str(store_dir)])
        assert json.loads(out.stdout)["boolean"] is (kind == "allowed")
    return check


@case("6 ontology poisoning", read=True, extra=["--allow-ontology-changes"], check=_meeting_typed_as("allowed"))
def ontology_change_allowed(d):
    return ontology_subclass(d)


# -- rows 7, 8: long text, keeping good work --------------------------------------------------

@case("7 long line", read=True)
def long_line(d):
    sentence = "the minister of Ghana and the envoy of Kenya discussed trade, security and the region "
    return [write(d, "line.txt", (sentence * (200_000 // len(sentence))).strip())]


@case("7 long line", read=True)
def long_word(d):
    return [write(d, "word.txt", "Ghana" + "a" * 300_000)]


@case("7 long line", read=True)
def title_at_the_end(d):
    return [write(d, "end.txt", "The Foreign Minister of Ghana met the Minister of")]


@case("9 exit 3 on a text", read=True)
def ends_in_title_of_the(d):
    return [write(d, "of.txt", "Talks were held in Accra on Monday with the President of the")]


@case("9 exit 3 on a text", read=True)
def ends_in_title_in_the(d):
    return [write(d, "in.txt", "The envoy met in embassies the third President in the")]


def _committed(n_articles: int):
    def check(result, store_dir):
        q = f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{DKG}Article> }}"
        out = CliRunner().invoke(cli, ["sparql", q, "--format", "csv", "--store", str(store_dir)])
        assert out.stdout.split()[-1] == str(n_articles), out.output
    return check


def _batch(d: Path) -> Path:
    folder = d / "batch"
    folder.mkdir()
    for i, place in enumerate(["Accra", "Nairobi", "Lisbon"]):
        write(folder, f"good{i}.txt", GOOD.replace("in Accra", f"in {place}"))
    write(folder, "empty.txt", "")
    write(folder, "photo.txt", b"\x00\x01\x02PNG" * 100)
    return folder


@case("8 keep good work", names="empty.txt", reason="2 inputs could not be read", check=_committed(3))
def folder_with_bad_articles(d):
    return [_batch(d)]


@case("8 keep good work", names="empty.txt", reason="empty", extra=["--strict"])
def folder_with_bad_articles_strict(d):
    return [_batch(d)]


@case("8 keep good work", names="corpus.jsonl:2", reason="malformed JSON", check=_committed(2))
def corpus_with_a_bad_line(d):
    lines = [json.dumps({"url": "https://example.org/1", "text": GOOD}), "{not json",
             json.dumps({"url": "https://example.org/2", "text": GOOD.replace("Accra", "Tema")})]
    return [write(d, "corpus.jsonl", "\n".join(lines) + "\n")]


@case("8 keep good work", names="nope.txt", reason="1 input could not be read", check=_committed(1))
def good_file_and_missing_file(d):
    return [write(d, "good.txt", GOOD), d / "nope.txt"]


# -- running the corpus -----------------------------------------------------------------------

_deny: set[str] = set()  # paths whose reading fails with EACCES (the tests run as root, whom chmod does not stop)


@pytest.fixture
def deny_access(monkeypatch):
    real_open, real_listdir, real_access = os.open, os.listdir, os.access

    def guarded(path, *a, **k):
        if str(path) in _deny:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    def guarded_listdir(path="."):
        if str(path) in _deny:
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    def guarded_access(path, mode, *a, **k):
        return False if str(path) in _deny else real_access(path, mode, *a, **k)

    monkeypatch.setattr(os, "open", guarded)
    monkeypatch.setattr(os, "listdir", guarded_listdir)
    monkeypatch.setattr(os, "access", guarded_access)
    yield
    _deny.clear()


def _run(c: Case, tmp_path: Path, store_dir: Path):
    args = c.build(tmp_path)
    stdin = None
    if args and isinstance(args[-1], dict):
        stdin = args.pop()["input"]
    argv = ["ingest", "--store", str(store_dir), *c.extra, *[str(a) for a in args]]
    if not c.subprocess:
        return CliRunner().invoke(cli, argv, input=stdin)
    p = subprocess.run([sys.executable, "-m", "diplokg", *argv], cwd=ROOT, input=stdin, capture_output=True,
                       timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return _Result(p.returncode, p.stdout.decode(), p.stderr.decode())


@dataclass
class _Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self):
        return self.stdout + self.stderr


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_handled_cleanly(c: Case, tmp_path, store_dir, deny_access):
    """Rows 2-9, 12, 14 of issue 13: each bad input of the corpus handled cleanly (or read)."""
    result = _run(c, tmp_path, store_dir)
    assert "Traceback" not in result.output
    if c.read:
        assert result.exit_code in (0, 1), result.output  # read (1: an extraction the shapes refuse)
        assert store_dir.exists()
    else:
        assert result.exit_code == 2, (result.exit_code, result.output)
        assert result.stdout == ""
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("Error: ")]
        assert errors, result.stderr
        assert (c.names or c.name).lower() in errors[0].lower(), (c.names, errors[0])
        assert c.reason.lower() in result.stderr.lower(), (c.reason, result.stderr)
        if len(lines) == 1:  # nothing could be read: no store was created for nothing
            assert not store_dir.exists()
    if c.check:
        c.check(result, store_dir)


def test_the_corpus_is_large_enough():
    """The issue tried 49 bad inputs; this corpus holds at least as many."""
    assert len(CASES) >= 49


def test_an_os_error_is_a_one_line_exit_2(store_dir, tmp_path, monkeypatch):
    """Row 9: an OSError the machine raises (here writing an export) is exit 2, not exit 3."""
    import diplokg.graph.io.export

    assert CliRunner().invoke(cli, ["ingest", "-q", str(write(tmp_path, "a.txt", GOOD))]).exit_code == 0

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied", "/srv/out.ttl")

    monkeypatch.setattr(diplokg.graph.io.export, "write_output", refuse)
    result = CliRunner().invoke(cli, ["export", "-o", "/srv/out.ttl"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == "Error: /srv/out.ttl: Permission denied"
