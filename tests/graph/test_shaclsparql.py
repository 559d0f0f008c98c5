"""The shapes compiled to SPARQL (diplokg.graph.shapes.shaclsparql) flag every node pySHACL reports.

Soundness is the contract (compiled ⊇ pySHACL, per focus node); where the two agree exactly on
the shape examples the test says so, so a loss of precision shows too.
"""
from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from diplokg.graph.shapes import shapesgraph, validate
from diplokg.graph.shapes.shaclsparql import (FUNCTIONS, ShapeCompileError, compile_shapes, compiled_shapes, integer_ranges,
                               screen_triples)
from diplokg.graph.store.embedded import ONTOLOGY_GRAPH, Store, rdflib_to_triples, triples_to_rdflib
from diplokg.graph.shapes.storecheck import validate_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "ontology" / "shapes"
CASES = sorted(d.name for d in EXAMPLES.iterdir() if d.is_dir())
GOLDEN = sorted((ROOT / "tests" / "loaders" / "cases").glob("*/expected.ttl"))
SEED_ABOX = ROOT / "tests" / "data" / "seed-abox.ttl"
DKG = "https://w3id.org/diplokg/ontology#"
SH = "http://www.w3.org/ns/shacl#"


def _key(term) -> str:
    if isinstance(term, (BNode, ox.BlankNode)):
        return "_:" + (term.value if isinstance(term, ox.BlankNode) else str(term))
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def _pyshacl_focus(g: Graph) -> set[str]:
    return {_key(r.focus) for r in validate._pyshacl(g, None).results}


def _screened_focus(g: Graph) -> set[str] | None:
    """The compiled screen's focus nodes, fed as validate_graph feeds it; None when it flags the
    whole graph or leaves the graph to pySHACL (a term with no faithful Oxigraph twin: an explicit
    ^^xsd:string, an ill-typed literal whose text rdflib rewrote, which N-Triples would hide)."""
    triples = validate._to_oxigraph(g)
    if triples is None:
        return None
    flags = screen_triples(triples)
    return None if flags.everything else {_key(f) for f in flags.focus}


def _assert_sound(g: Graph, what: str) -> tuple[set, set | None]:
    expected = _pyshacl_focus(g)
    got = _screened_focus(g)
    if got is not None:
        assert expected <= got, f"{what}: pySHACL reports {sorted(expected - got)} the screen missed"
    return expected, got


# -- (a) compiling ---------------------------------------------------------------------------

def test_the_shapes_file_compiles_one_check_per_targeted_shape():
    compiled = compiled_shapes()
    shapes = shapesgraph.shapes_graph()
    targeted = {str(s) for s in shapes.subjects(URIRef(SH + "targetClass"), None)}
    assert {c.shape for c in compiled.checks} == targeted
    assert compiled_shapes() is compiled  # cached per file version
    # the store-wide form parses in Oxigraph
    list(ox.Store().query(compiled.query(named_graphs=True, exclude=[ONTOLOGY_GRAPH]), custom_functions=FUNCTIONS))


# -- (b) unsupported features raise ------------------------------------------------------------

_PREFIXES = f"""@prefix sh: <{SH}> . @prefix dkg: <{DKG}> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.mark.parametrize("body", [
    "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:nodeKind sh:IRI .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:xone ( [ sh:class dkg:Person ] ) .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:closed true .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:property [ sh:path ( dkg:holds dkg:postIn ) ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:property [ sh:path [ sh:inversePath dkg:heldBy ] ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:property [ sh:path dkg:x ; sh:pattern \"a\" ; sh:flags \"i\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:property [ sh:path dkg:x ; sh:datatype xsd:decimal ] .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:property [ sh:path dkg:x ; sh:maxInclusive 3 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:property [ sh:path dkg:x ; sh:in ( 1 2 ) ] .",
    "ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:deactivated true ; sh:nodeKind sh:IRI .",
])
def test_an_unsupported_feature_makes_compilation_raise(body):
    shapes = Graph().parse(data=_PREFIXES + body, format="turtle")
    with pytest.raises(ShapeCompileError):
        compile_shapes(shapes, shapesgraph.class_hierarchy(), integer_ranges())


# -- (c) the shape examples ------------------------------------------------------------------

def _example(case: str, which: str) -> Graph:
    g = Graph().parse(EXAMPLES / "_common.ttl", format="turtle")
    return g.parse(EXAMPLES / case / which, format="turtle")


@pytest.mark.parametrize("which", ["valid.ttl", "invalid.ttl"])
@pytest.mark.parametrize("case", CASES)
def test_shape_examples_flag_exactly_what_pyshacl_reports(case, which):
    expected, got = _assert_sound(_example(case, which), f"{case}/{which}")
    assert got == expected  # no false positive on the examples either


def test_validate_graph_fast_path_report_renders_as_an_empty_conforming_report():
    rep = validate.validate_graph(_example("MeetingShape", "valid.ttl"))
    assert rep.conforms and rep.results == [] and rep.graph is None
    assert rep.to_text() == "conforms\n"
    assert '"conforms": true' in rep.to_json()
    assert "sh:conforms true" in rep.to_turtle()


def test_validate_triples_matches_validate_graph():
    for case in ("MeetingShape", "TextSpanShape"):
        for which in ("valid.ttl", "invalid.ttl"):
            g = _example(case, which)
            fast = validate.validate_triples(rdflib_to_triples(g))
            with_rdf = validate.validate_triples(rdflib_to_triples(g), rdf=g)
            slow = validate._pyshacl(g, None)
            for rep in (fast, with_rdf):
                assert rep.conforms == slow.conforms
                assert sorted(r.message for r in rep.results) == sorted(r.message for r in slow.results)


# -- (d) mutations of real data ----------------------------------------------------------------

_CLASSES = [URIRef(DKG + c) for c in ("Person", "State", "Post", "Meeting", "Visit", "TextSpan", "Article",
                                      "Agreement", "City", "Place", "BilateralRelation", "Topic")]
_DATATYPES = [XSD.string, XSD.integer, XSD.date, XSD.gYear, XSD.boolean, XSD.dateTime,
              XSD.nonNegativeInteger, XSD.decimal]


def _mutate(g: Graph, rng: random.Random) -> tuple[Graph, str]:
    """A copy of ``g`` with one random change of the kinds loaders and users get wrong."""
    out = Graph()
    out += g
    triples = sorted(g, key=lambda t: tuple(map(str, t)))
    s, p, o = rng.choice(triples)
    kind = rng.choice(["delete", "duplicate", "datatype", "retype", "wrong-class", "drop-label", "lexical",
                       "language", "bnode"])
    if kind == "delete":
        out.remove((s, p, o))
    elif kind == "duplicate":  # a second value, a different literal or node
        out.add((s, p, Literal(f"{o} again") if isinstance(o, Literal) else URIRef(f"{o}-2")))
    elif kind == "datatype":
        lits = [t for t in triples if isinstance(t[2], Literal)]
        if lits:
            s, p, o = rng.choice(lits)
            out.remove((s, p, o))
            out.add((s, p, Literal(str(o), datatype=rng.choice(_DATATYPES))))
    elif kind == "retype":
        typed = [t for t in triples if t[1] == RDF.type]
        s, p, o = rng.choice(typed)
        out.remove((s, p, o))
        out.add((s, p, rng.choice(_CLASSES)))
    elif kind == "wrong-class":  # point an object at a node of another class
        objs = [t for t in triples if isinstance(t[2], URIRef) and t[1] != RDF.type]
        nodes = sorted({t[0] for t in triples if t[1] == RDF.type})
        if objs and nodes:
            s, p, o = rng.choice(objs)
            out.remove((s, p, o))
            out.add((s, p, rng.choice(nodes)))
    elif kind == "drop-label":
        for t in [t for t in triples if t[0] == s and t[1] == RDFS.label]:
            out.remove(t)
    elif kind == "lexical":  # an odd lexical form for the literal's own datatype
        lits = [t for t in triples if isinstance(t[2], Literal)]
        if lits:
            s, p, o = rng.choice(lits)
            out.remove((s, p, o))
            out.add((s, p, Literal(rng.choice(["", "-1", "0", "abc", "2020-02-30", "2024-13", "07", "x\n"]),
                                   datatype=o.datatype, lang=o.language)))
    elif kind == "language":
        lits = [t for t in triples if isinstance(t[2], Literal)]
        if lits:
            s, p, o = rng.choice(lits)
            out.add((s, p, Literal(str(o) + " bis", lang=rng.choice(["en", "EN", "fr", "en-GB"]))))
    else:  # a blank node where a named node was
        objs = [t for t in triples if isinstance(t[2], URIRef) and t[1] != RDF.type]
        if objs:
            s, p, o = rng.choice(objs)
            out.remove((s, p, o))
            out.add((s, p, BNode()))
    return out, f"{kind} on {s} {p} {o}"


def _mutation_sources() -> list[tuple[str, Graph]]:
    sources = [("seed-abox", Graph().parse(SEED_ABOX, format="turtle"))]
    sources += [(p.parent.name, Graph().parse(p, format="turtle")) for p in GOLDEN]
    return sources


@pytest.mark.parametrize("name,g", _mutation_sources(), ids=lambda v: v if isinstance(v, str) else "")
def test_mutations_of_real_data_are_flagged_wherever_pyshacl_reports(name, g):
    rng = random.Random(f"shaclsparql-{name}")
    _assert_sound(g, name)
    for _ in range(12):
        mutated, what = _mutate(g, rng)
        _assert_sound(mutated, f"{name}: {what}")


# -- (e) the store ---------------------------------------------------------------------------

def _store_with(articles: dict[str, Graph]) -> Store:
    s = Store()
    s.ensure_ontology()
    for iri, g in articles.items():
        s.replace_graph(iri, rdflib_to_triples(g))
    return s


def test_validate_store_finds_and_attributes_the_broken_article():
    good = _example("TextSpanShape", "valid.ttl")
    bad = _example("TextSpanShape", "invalid.ttl")
    articles = {f"https://w3id.org/diplokg/id/article/t{i}": good for i in range(3)}
    broken = "https://w3id.org/diplokg/id/article/broken"
    articles[broken] = bad
    s = _store_with(articles)
    out = validate_store(s)
    assert out.articles == 4
    assert [a for a, _ in out.failing] == [broken]
    legacy = validate_store(s, validator=validate._pyshacl_only)  # the batched pySHACL path
    assert [(a, sorted(r.message for r in rep.results)) for a, rep in out.failing] == \
        [(a, sorted(r.message for r in rep.results)) for a, rep in legacy.failing]
    assert out.render("text") == legacy.render("text")


def test_store_screen_reads_integer_subtypes_as_restore_gives_them_back():
    # Oxigraph keeps "5"^^xsd:nonNegativeInteger as xsd:integer; restore makes dkg:startOffset's
    # values nonNegativeInteger again, so a clean span must not be flagged, and a negative one must
    g = _example("TextSpanShape", "valid.ttl")
    s = _store_with({"https://w3id.org/diplokg/id/article/a": g})
    assert validate_store(s).failing == []
    spans = [t for t in g if t[1] == URIRef(DKG + "startOffset")]
    for sp, p, o in spans:
        g.remove((sp, p, o))
        g.add((sp, p, Literal("-3", datatype=XSD.nonNegativeInteger)))
    s = _store_with({"https://w3id.org/diplokg/id/article/a": g})
    assert [a for a, _ in validate_store(s).failing] == ["https://w3id.org/diplokg/id/article/a"]


# -- (f) issue 13 row 13: a screen that never says yes when pySHACL says no ---------------------

_DATA_PREFIXES = _PREFIXES + "@prefix dkgr: <https://w3id.org/diplokg/id/> .\n"


def _screen_paths(shapes: Graph | None, data_ttl: str):
    """pySHACL's focus nodes and the screen's, by the two ways data reaches the screen: an rdflib
    graph (validate_graph) and triples Oxigraph parsed (validate_triples, ingest)."""
    compiled = None
    if shapes is not None:
        compiled = compile_shapes(shapes, shapesgraph.class_hierarchy(), integer_ranges())
    rdf = Graph().parse(data=_DATA_PREFIXES + data_ttl, format="turtle")
    triples = [q.triple for q in ox.parse(_DATA_PREFIXES + data_ttl, format=ox.RdfFormat.TURTLE)]
    out = []
    for label, screened, pyshacl_input in (("graph", validate._to_oxigraph(rdf), rdf),
                                           ("triples", triples, triples_to_rdflib(triples))):
        expected = {_key(r.focus) for r in validate._pyshacl(pyshacl_input, shapes).results}
        if screened is None:
            got = None
        else:
            flags = screen_triples(screened, compiled)
            got = None if flags.everything else {_key(f) for f in flags.focus}
        out.append((label, expected, got))
    return out


def _assert_screen_sound(shapes: Graph | None, data_ttl: str) -> None:
    for label, expected, got in _screen_paths(shapes, data_ttl):
        assert expected, f"{label}: the case should make pySHACL report something"
        if got is not None:
            assert expected <= got, f"{label}: pySHACL reports {sorted(expected - got)} the screen missed"


def _shapes(body: str) -> Graph:
    return Graph().parse(data=_PREFIXES + body, format="turtle")


def test_an_ill_typed_literal_is_not_screened_as_the_valid_one_rdflib_rewrote_it_to():
    """Issue 13 row 13: `dkg:isFormer "TRUE"^^xsd:boolean` on a post: validate_graph conformed
    with 0 results (rdflib reads "true", ill-typed); pySHACL reports a violation."""
    post = _example("PostShape", "valid.ttl")
    subject = next(post.subjects(RDF.type, URIRef(DKG + "Post")))
    post.remove((None, URIRef(DKG + "isFormer"), None))
    assert validate._pyshacl(post, None).conforms
    ttl = post.serialize(format="turtle") + f'\n<{subject}> dkg:isFormer "TRUE"^^xsd:boolean .\n'
    assert not validate._pyshacl(Graph().parse(data=ttl, format="turtle"), None).conforms
    assert not validate.validate_graph(Graph().parse(data=ttl, format="turtle")).conforms
    triples = [q.triple for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)]
    assert not validate.validate_triples(triples).conforms
    _assert_screen_sound(None, ttl)


@pytest.mark.parametrize("lexical", ["TRUE", "True", " true", "yes"])
def test_ill_typed_booleans_go_to_pyshacl(lexical):
    """Issue 13 row 13: any literal rdflib calls ill-typed (whatever it made of its text)."""
    shapes = _shapes("ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; "
                     "sh:property [ sh:path ex:flag ; sh:datatype xsd:boolean ] .")
    _assert_screen_sound(shapes, f'dkgr:p a dkg:Person ; ex:flag "{lexical}"^^xsd:boolean .')


def test_sh_in_keeps_the_datatype_of_its_constants():
    """Issue 13 row 13: `sh:in ( "x"^^xsd:string )` matched a plain "x" in the screen; pySHACL
    (rdflib) tells them apart."""
    shapes = _shapes('ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; '
                     'sh:property [ sh:path ex:kind ; sh:in ( "state"^^xsd:string ) ] .')
    _assert_screen_sound(shapes, 'dkgr:p a dkg:Person ; ex:kind "state" .')


@pytest.mark.parametrize("where", ["property", "node"])
def test_sh_has_value_keeps_the_datatype_of_its_constant(where):
    """Issue 13 row 13: `sh:hasValue "x"^^xsd:string` on a property and on a node shape."""
    if where == "property":
        shapes = _shapes('ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; '
                         'sh:property [ sh:path ex:kind ; sh:hasValue "state"^^xsd:string ] .')
    else:
        shapes = _shapes('ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; '
                         'sh:property [ sh:path ex:kind ; sh:node [ sh:hasValue "state"^^xsd:string ] ] .')
    _assert_screen_sound(shapes, 'dkgr:p a dkg:Person ; ex:kind "state" .')


def test_a_float_rounded_up_past_an_integer_bound_is_not_screened_as_passing():
    """Issue 13 row 13: xsd:float compared at single precision: 16777217.5 is 16777218 as a
    float32 (passes `sh:minInclusive 16777218` in Oxigraph) and below it for Python."""
    shapes = _shapes("ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; "
                     "sh:property [ sh:path ex:n ; sh:minInclusive 16777218 ] .")
    _assert_screen_sound(shapes, 'dkgr:p a dkg:Person ; ex:n "16777217.5"^^xsd:float .')


def test_less_than_with_a_float_rounded_down_is_not_screened_as_passing():
    """Issue 13 row 13: `sh:lessThan` compared 16777217 as a float32 (16777216) with a double."""
    shapes = _shapes("ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; "
                     "sh:property [ sh:path ex:start ; sh:lessThan ex:end ] .")
    _assert_screen_sound(shapes, 'dkgr:p a dkg:Person ; ex:start "16777217"^^xsd:float ; '
                                 'ex:end "16777217.0"^^xsd:double .')


@pytest.mark.parametrize("bound", ['"0.1"^^xsd:double', "0.1", '"1.5"^^xsd:float', "1e0", '"1"^^xsd:boolean'])
def test_only_integer_bounds_are_compiled(bound):
    """Issue 13 row 13: a double bound was written into SPARQL as a decimal (0.1 compared
    exactly, where pySHACL compares the double nearest 0.1)."""
    with pytest.raises(ShapeCompileError, match="integer bound"):
        compile_shapes(_shapes("ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; "
                               f"sh:property [ sh:path ex:n ; sh:minInclusive {bound} ] ."),
                       shapesgraph.class_hierarchy(), integer_ranges())


@pytest.mark.parametrize("constraint", ["sh:minCount 1", "sh:maxCount 1", "sh:uniqueLang true",
                                        "sh:lessThan ex:end"])
def test_property_only_constraints_on_a_node_shape_raise(constraint):
    """Issue 13 row 13: sh:minCount/maxCount/uniqueLang/lessThan on a node shape were silently
    ignored by the compiler (pySHACL refuses them); they raise at compile time, top level or nested."""
    for body in (f"ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; {constraint} .",
                 f"ex:S a sh:NodeShape ; sh:targetClass dkg:Person ; sh:property [ sh:path ex:x ; "
                 f"sh:node [ {constraint} ] ] ."):
        with pytest.raises(ShapeCompileError, match="node shape"):
            compile_shapes(_shapes(body), shapesgraph.class_hierarchy(), integer_ranges())


def test_the_store_screen_flags_an_article_with_an_ill_typed_literal():
    """Issue 13 row 13, in `diplokg validate`: the store's literals are read as pySHACL reads them
    (a regression test: the datatype check flagged this one before too)."""
    good = _example("PostShape", "valid.ttl")
    bad = Graph()
    bad += good
    subject = next(bad.subjects(RDF.type, URIRef(DKG + "Post")))
    s = _store_with({"https://w3id.org/diplokg/id/article/good": good})
    broken = "https://w3id.org/diplokg/id/article/bad"
    s.replace_graph(broken, rdflib_to_triples(bad) + [ox.Triple(
        ox.NamedNode(str(subject)), ox.NamedNode(DKG + "isFormer"),
        ox.Literal("TRUE", datatype=ox.NamedNode(str(XSD.boolean))))])
    assert [a for a, _ in validate_store(s).failing] == [broken]


_RISKY_LEXICAL = {XSD.boolean: ["TRUE", "1", " true", "yes"], XSD.integer: ["+5", " 5", "05", "5.0", "1e3"],
                  XSD.nonNegativeInteger: ["-0", "+3", "-3", "03"], XSD.date: ["2020-01-01Z", "2020-1-1", "0000-01-01"],
                  XSD.gYear: ["0999", "-2020", "2020Z"], XSD.dateTime: ["2020-01-01T24:00:00", "2020-01-01T10:00:00Z"],
                  XSD.string: ["x"]}


def _mutate_terms(g: Graph, rng: random.Random) -> tuple[Graph, str]:
    """A copy of ``g`` with one change of the kinds row 13 is about: an odd lexical form of a
    literal's own datatype, an explicit ^^xsd:string, a float or decimal for an integer."""
    out = Graph()
    out += g
    lits = sorted((t for t in g if isinstance(t[2], Literal)), key=lambda t: tuple(map(str, t)))
    if not lits:
        return out, "nothing"
    s, p, o = rng.choice(lits)
    kind = rng.choice(["risky-lexical", "explicit-string", "float-for-integer", "decimal-for-integer"])
    out.remove((s, p, o))
    if kind == "risky-lexical":
        dt = o.datatype if o.datatype in _RISKY_LEXICAL else rng.choice(sorted(_RISKY_LEXICAL))
        new = Literal(rng.choice(_RISKY_LEXICAL[dt]), datatype=dt)
    elif kind == "explicit-string":
        new = Literal(str(o), datatype=XSD.string)
    elif kind == "float-for-integer":
        new = Literal(f"{o}.5" if str(o).isdigit() else "16777217", datatype=XSD.float)
    else:
        new = Literal(f"{o}.0" if str(o).isdigit() else "1.0", datatype=XSD.decimal)
    out.add((s, p, new))
    return out, f"{kind} {new!r} for {s} {p} {o!r}"


@pytest.mark.parametrize("name,g", _mutation_sources(), ids=lambda v: v if isinstance(v, str) else "")
def test_seeded_term_mutations_of_real_data_miss_no_focus_node(name, g):
    """Issue 13 row 13: a seeded-mutation run over the real shapes: the screen, fed as
    validate_graph and as validate_triples feed it, misses no focus node pySHACL reports."""
    rng = random.Random(f"shaclsparql-terms-{name}")
    for _ in range(6):
        mutated, what = _mutate_terms(g, rng)
        ttl = mutated.serialize(format="nt")
        for label, expected, got in _screen_paths(None, ttl):
            if got is not None:
                assert expected <= got, f"{name} ({label}): {what}: missed {sorted(expected - got)}"
        _assert_sound(mutated, f"{name}: {what}")
