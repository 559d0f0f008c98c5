"""diplokg.graph.queries.saved: headers, parameters, binding, and the contract's variables."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from pyoxigraph import Store

from diplokg.graph.model.errors import QueryError
from diplokg.graph.queries.saved import (
    PARAM_KINDS, QueryParam, SavedQuery, load_saved_queries, parse_saved_query,
)

#: CONTRACT.md: the nine saved queries, their parameters and the variables they return
CONTRACT = {
    "officials": (["state"], ["person", "position", "state", "accredited_to"]),
    "meetings": (["state", "person"], ["meeting", "kind", "date", "place", "participant", "party"]),
    "visits": (["state", "person"], ["visit", "visitor", "host", "start", "end"]),
    "agreements": (["state"], ["agreement", "title", "kind", "party", "date"]),
    "dialogues": (["state"], ["dialogue", "name", "level", "party", "topic"]),
    "relations": (["state"], ["state_a", "state_b", "established"]),
    "missions": (["state"], ["mission", "kind", "sending_state", "location"]),
    "timeline": (["state", "state_b"], ["date", "event", "type", "label"]),
    "evidence": (["node"], ["article", "sentence", "start", "end"]),
}
INJECTION = 'Japan" } ; DROP ALL #'
QUERIES = load_saved_queries()


def test_the_nine_contract_queries_exist():
    assert sorted(QUERIES) == sorted(CONTRACT)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_header_and_contract(name):
    q = QUERIES[name]
    assert q.title, f"{name}: no title"
    assert q.description, f"{name}: no description"
    assert q.tags, f"{name}: no tags"
    params, variables = CONTRACT[name]
    assert [p.name for p in q.params] == params
    for p in q.params:
        assert p.kind in PARAM_KINDS and p.description and p.example, f"{name}.{p.name}: incomplete"
    result = Store().query(q.bind({p.name: p.example for p in q.params}))
    assert [v.value for v in result.variables] == variables


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_declared_params_match_body_variables(name):
    q = QUERIES[name]
    declared = {p.name for p in q.params}
    used = q.body_variables()
    assert used == declared, f"{name}: declared {sorted(declared)}, body uses ?_{sorted(used)}"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_parses_unbound_and_bound(name):
    q = QUERIES[name]
    store = Store()
    if not any(p.required for p in q.params):
        list(store.query(q.bind({})))
    list(store.query(q.bind({p.name: p.example for p in q.params})))
    for p in q.params:
        if p.kind == "label_or_iri":
            assert list(store.query(q.bind({p.name: INJECTION}))) == []


def test_only_the_evidence_node_is_required():
    assert [(n, p.name) for n, q in QUERIES.items() for p in q.params if p.required] == [("evidence", "node")]


# ------------------------------------------------------------------------------- binding

def test_bind_inserts_values_after_the_top_level_where():
    text = QUERIES["officials"].bind({"state": "japan"})
    head, _, rest = text.partition("WHERE {")
    assert rest.startswith('\n  VALUES ?_state { "japan" }\n')
    assert "VALUES" not in head


def test_bind_without_values_returns_the_text_unchanged():
    q = QUERIES["officials"]
    assert q.bind({}) == q.text
    assert q.bind({"state": None}) == q.text


@pytest.mark.parametrize("value, term", [
    ("https://w3id.org/diplokg/id/state/JP", "<https://w3id.org/diplokg/id/state/JP>"),
    ("<https://w3id.org/diplokg/id/state/JP>", "<https://w3id.org/diplokg/id/state/JP>"),
    ("HTTP://example.org/x", "<HTTP://example.org/x>"),
    ("dkgr:state/JP", "<https://w3id.org/diplokg/id/state/JP>"),
    ("Japan", '"Japan"'),
    ("dkgr: state", '"dkgr: state"'),
    ("Côte d'Ivoire", '"Côte d\'Ivoire"'),
    (INJECTION, r'"Japan\" } ; DROP ALL #"'),
    ('a\\b\n"c"', r'"a\\b\n\"c\""'),
])
def test_values_become_serialised_terms(value, term):
    text = QUERIES["agreements"].bind({"state": value})
    assert f"VALUES ?_state {{ {term} }}" in text
    Store().query(text)  # still one valid query


def test_injection_is_only_a_label_that_matches_nothing(fixture_store):
    before = len(fixture_store)
    for name in ("officials", "meetings", "relations"):
        text = QUERIES[name].bind({"state": INJECTION})
        assert text.count("DROP ALL") == 1  # inside the literal, nowhere else
        assert list(fixture_store.query(text)) == []
    assert len(fixture_store) == before


def test_unknown_parameter_names_query_and_parameter():
    with pytest.raises(QueryError, match=r"'officials'.*'country'"):
        QUERIES["officials"].bind({"country": "Japan"})


def test_missing_required_parameter():
    with pytest.raises(QueryError, match=r"'evidence'.*'node'.*required"):
        QUERIES["evidence"].bind({})


def test_iri_parameter_refuses_a_label():
    with pytest.raises(QueryError, match=r"'evidence'.*'node'"):
        QUERIES["evidence"].bind({"node": "Japan"})


def test_invalid_iri_is_a_query_error():
    with pytest.raises(QueryError, match="not a valid IRI"):
        QUERIES["evidence"].bind({"node": "<https://x.org/a b>"})


def test_date_and_string_kinds():
    q = parse_saved_query(
        "#+ title: T\n#+ description: D\n#+ params:\n#+   - {name: since, kind: date}\n"
        "#+   - {name: word, kind: string}\n"
        "SELECT * WHERE { BIND(?_since AS ?d) BIND(?_word AS ?w) }\n", "t")
    text = q.bind({"since": "2011-02", "word": "https://not.an.iri/"})
    assert 'VALUES ?_since { "2011-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> }' in text
    assert 'VALUES ?_word { "https://not.an.iri/" }' in text
    row = next(iter(Store().query(text)))
    assert row["d"].value == "2011-02" and row["w"].value == "https://not.an.iri/"
    with pytest.raises(QueryError, match="'since'"):
        q.bind({"since": "yesterday"})


def test_where_in_comments_strings_and_iris_is_skipped():
    text = ('#+ title: T\n#+ description: D\n#+ params: [{name: x}]\n'
            'PREFIX where: <http://example.org/WHERE/>  # WHERE { in a comment\n'
            'SELECT ("WHERE {" AS ?s) ?_x\nwhere\n{ BIND(1 AS ?one) }\n')
    q = parse_saved_query(text, "t")
    bound = q.bind({"x": "v"})
    assert re.search(r'where\n\{\n  VALUES \?_x \{ "v" \}\n BIND', bound)
    row = next(iter(Store().query(bound)))
    assert row["_x"].value == "v"


# -------------------------------------------------------------------------------- headers

def test_header_parsing():
    q = parse_saved_query(
        "\n#+ title: Example\n#+ description: >\n#+   two\n#+   lines\n#+ tags: a, b\n"
        "#+ params:\n#+   - name: state\n#+     example: Japan\n#+     required: true\n"
        "# an ordinary comment\nSELECT * WHERE { ?s ?p ?_state }\n", "example")
    assert q.title == "Example" and q.description == "two lines" and q.tags == ("a", "b")
    assert q.params == (QueryParam("state", "label_or_iri", "", "Japan", True),)
    assert q.body_variables() == {"state"}


@pytest.mark.parametrize("header, message", [
    ("#+ title: [unclosed\n", "not valid YAML"),
    ("#+ - a list\n", "YAML mapping"),
    ("#+ params:\n#+   - kind: iri\n", "needs at least a name"),
    ("#+ params:\n#+   - {name: x, kind: integer}\n", "unknown kind"),
])
def test_bad_headers(header, message):
    with pytest.raises(QueryError, match=message):
        parse_saved_query(header + "SELECT * WHERE { ?s ?p ?o }\n", "bad")


def test_load_from_another_folder(tmp_path):
    (tmp_path / "one.rq").write_text("#+ title: One\n#+ description: d\nASK {}\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    qs = load_saved_queries(tmp_path)
    assert list(qs) == ["one"] and qs["one"].path == tmp_path / "one.rq"
    with pytest.raises(QueryError, match="no such folder"):
        load_saved_queries(tmp_path / "missing")


def test_saved_query_is_frozen():
    with pytest.raises(Exception):
        QUERIES["officials"].title = "x"  # type: ignore[misc]
    assert isinstance(replace(QUERIES["officials"], title="x"), SavedQuery)
