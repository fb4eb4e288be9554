"""The data under OWL reasoning: links that survive a reasoner, and the mistake they replace.

A store that applies OWL 2 RL (GraphDB's "OWL-RL" ruleset, Stardog, RDFox) adds every triple the
rules entail. The data must still conform to the shapes afterwards: a researcher who loads the
dumps into such a store must not find two speakers for a quote. ``owlrl`` computes the OWL 2 RL
closure in Python, the same rules those stores apply.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import owlrl
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, SKOS

from stancegraph.shacl.validation import validate

SKOS_AXIOMS = Path(__file__).parent / "fixtures" / "reasoning" / "skos-excerpt.ttl"


def union(dist: Path) -> Graph:
    dataset = Dataset()
    dataset.parse(dist / "dataset.nq", format="nquads")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def closure(graph: Graph) -> Graph:
    """The OWL 2 RL closure, without the triples RDF cannot write (a literal as subject)."""
    expanded = Graph()
    expanded += graph
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(expanded)
    legal = Graph()
    for s, p, o in expanded:
        if not isinstance(s, Literal) and not isinstance(p, Literal):
            legal.add((s, p, o))
    return legal


def test_the_data_conforms_under_owl_rl_reasoning(seed_dist: Path) -> None:
    data = union(seed_dist)
    reasoned = closure(data)
    assert len(reasoned) > len(data) + 1000  # the reasoner did entail something
    report = validate(reasoned)
    assert (report.conforms, report.results) == (True, [])


def test_the_data_conforms_under_owl_rl_with_the_skos_vocabulary_loaded(seed_dist: Path) -> None:
    """With SKOS's own axioms: labels of SKOS are rdfs:labels (so an actor's other names are
    schema:alternateName, not skos:altLabel), skos:exactMatch is symmetric and transitive (so
    every linked actor matches itself), and everything is owl:sameAs itself."""
    data = union(seed_dist)
    data.parse(SKOS_AXIOMS, format="turtle")
    report = validate(closure(data))
    assert (report.conforms, report.results) == (True, [])


def test_owl_same_as_to_wikidata_would_break_the_shapes_under_reasoning(seed_dist: Path) -> None:
    """Why the links are skos:exactMatch: with owl:sameAs a reasoner copies every statement about
    an actor onto its Wikidata IRI and back, so NATO's quote gets two speakers (our NATO and
    wd:Q7184), a position two holders, and every "exactly one" shape breaks."""
    data = union(seed_dist)
    same_as = Graph()
    for s, p, o in data:
        same_as.add((s, OWL.sameAs if p == SKOS.exactMatch else p, o))
    report = validate(closure(same_as))
    broken = Counter(str(result.shape).rsplit("#", 1)[1] for result in report.results)
    assert broken["NoSameAsToWikidata"] > 0
    counting = {shape for shape in broken if shape.endswith("-count")}
    assert "Statement-speaker-count" in counting and "Position-holder-count" in counting
