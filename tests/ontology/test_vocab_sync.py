"""graph/vocab.py and ontology/diplo.ttl declare the same dkg: terms, both ways."""
from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from diplokg.graph.model import vocab
from diplokg.graph.model.vocab import DKG, LEVELS, POSITIONS, TOPICS, concept_slug
from ontotest_support import DKG_NS, dkg_terms


def _vocab_terms() -> set[URIRef]:
    return {URIRef(DKG_NS + name) for name in DKG.__annotations__}


def test_every_ontology_term_is_in_vocab(onto):
    assert sorted(dkg_terms(onto) - _vocab_terms()) == []


def test_every_vocab_term_is_declared_in_the_ontology(onto):
    assert sorted(_vocab_terms() - dkg_terms(onto)) == []


def test_vocab_namespace_is_closed():
    with pytest.raises(AttributeError):
        DKG.Meting  # noqa: B018


@pytest.mark.parametrize("mapping,kind,scheme", [
    (POSITIONS, DKG.PositionType, vocab.POSITION_SCHEME),
    (LEVELS, DKG.Level, vocab.LEVEL_SCHEME),
    (TOPICS, DKG.Topic, vocab.TOPIC_SCHEME),
])
def test_concept_constants_match_the_schemes(onto, mapping, kind, scheme):
    in_onto = set(onto.subjects(RDF.type, kind))
    assert set(mapping.values()) == in_onto
    for label, iri in mapping.items():
        assert (iri, SKOS.inScheme, scheme) in onto
        assert [str(x) for x in onto.objects(iri, SKOS.prefLabel)] == [label]
        assert str(iri).endswith("/" + concept_slug(label))


def test_ontology_iri_and_version_match(onto):
    assert (vocab.ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert (vocab.ONTOLOGY_IRI, OWL.versionIRI, vocab.ONTOLOGY_VERSION_IRI) in onto
    assert str(onto.value(vocab.ONTOLOGY_IRI, OWL.versionInfo)) == vocab.ONTOLOGY_VERSION
    assert str(vocab.ONTOLOGY_VERSION_IRI).endswith("/" + vocab.ONTOLOGY_VERSION)


def test_diplomatic_positions_match_the_diplomat_definition(onto):
    """The nominals in dkg:Diplomat's definition are vocab.DIPLOMATIC_POSITIONS."""
    from rdflib.collection import Collection
    nominals = set()
    for lst in onto.objects(None, OWL.oneOf):
        nominals |= set(Collection(onto, lst))
    assert nominals == set(vocab.DIPLOMATIC_POSITIONS)
    assert vocab.ENVOY_POSITIONS <= vocab.DIPLOMATIC_POSITIONS
    assert (DKG.Diplomat, RDFS.label, None) in onto
