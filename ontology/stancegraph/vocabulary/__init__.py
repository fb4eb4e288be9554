"""The stancegraph vocabulary: namespaces, and the paths of the ontology, shapes and JSON-LD context.

Vocabulary IRIs never change with the data's base IRI; data IRIs are minted under a
configurable base by :mod:`stancegraph.vocabulary.iris`, the one module that owns the IRI and URL
scheme.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

HERE: Final = Path(__file__).resolve().parent
ONTOLOGY_TTL: Final = HERE / "stancegraph.ttl"
SHAPES_TTL: Final = HERE / "shapes.ttl"
CONTEXT_JSONLD: Final = HERE / "context.jsonld"

ONTOLOGY_IRI: Final = "https://w3id.org/stancegraph/ontology"
SG: Final = Namespace(ONTOLOGY_IRI + "#")
NIF: Final = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
OA: Final = Namespace("http://www.w3.org/ns/oa#")
SCHEMA: Final = Namespace("http://schema.org/")
SH: Final = Namespace("http://www.w3.org/ns/shacl#")
VOID: Final = Namespace("http://rdfs.org/ns/void#")
DCAT: Final = Namespace("http://www.w3.org/ns/dcat#")
WD: Final = Namespace("http://www.wikidata.org/entity/")

DEFAULT_BASE_URI: Final = "https://w3id.org/stancegraph/"
KINDS: Final = ("article", "actor", "statement", "issue", "position")

#: Prefixes bound in every graph we serialise; the JSON-LD context declares the same ones.
PREFIXES: Final = {
    "sg": SG,
    "prov": PROV,
    "nif": NIF,
    "oa": OA,
    "schema": SCHEMA,
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "time": TIME,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}
