"""One value node against one SHACL core constraint, with literals read as XSD defines them.

Each check takes the value's canonical N-Triples term (:mod:`stancegraph.terms.ntriples`), so literals
are judged exactly as written. Where pySHACL follows rdflib's lenient reading, these follow XSD:
an integer is ``[+-]?[0-9]+`` (rdflib also takes ``" 5"``, ``"1_000"`` or Arabic digits), and a
value with no number or text value fails a comparison.

A check these cannot make faithfully raises :class:`Unsupported` when it is built: a datatype of
XSD or RDF whose lexical space is not known here (``xsd:dateTime``, say), a range bound that is no
number, string or IRI, a pattern flag other than ``i``. The shape then goes to pySHACL
(:mod:`stancegraph.shacl.fallback`) instead.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from rdflib import Node
from rdflib.namespace import RDFS, XSD

from stancegraph.terms.ntriples import (
    RDF_LANG_STRING,
    XSD_STRING,
    from_rdflib,
    is_blank,
    is_iri,
    is_literal,
    lexical_form,
    literal_parts,
)
from stancegraph.vocabulary import SH

#: A check of one value node; it gets the value's N-Triples term.
ValueCheck = Callable[[str], bool]


class Unsupported(ValueError):
    """A shape, or a constraint of it, that the built-in engine cannot check as SHACL defines."""


INTEGER = re.compile(r"[+-]?[0-9]+\Z")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
FLOAT = re.compile(r"(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)\Z")
#: Integer types and their ranges (None: unbounded).
INTEGERS: dict[str, tuple[int | None, int | None]] = {
    str(XSD[name]): bounds
    for name, bounds in {
        "integer": (None, None),
        "nonNegativeInteger": (0, None),
        "positiveInteger": (1, None),
        "nonPositiveInteger": (None, 0),
        "negativeInteger": (None, -1),
        "long": (-(2**63), 2**63 - 1),
        "int": (-(2**31), 2**31 - 1),
        "short": (-(2**15), 2**15 - 1),
        "byte": (-128, 127),
        "unsignedLong": (0, 2**64 - 1),
        "unsignedInt": (0, 2**32 - 1),
        "unsignedShort": (0, 2**16 - 1),
        "unsignedByte": (0, 255),
    }.items()
}
FLOATS = {str(XSD.float), str(XSD.double)}
DATE = re.compile(
    r"-?(?P<year>[1-9][0-9]{3,}|0[0-9]{3})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?\Z"
)
RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: The datatypes of XSD and RDF whose lexical space :func:`well_typed` knows (or that have none).
KNOWN_DATATYPES = {*INTEGERS, *FLOATS, str(XSD.decimal), str(XSD.boolean), str(XSD.date),
                   XSD_STRING, RDF_LANG_STRING, str(RDFS.Literal)}  # fmt: skip


def _real_date(lexical: str) -> bool:
    """Whether an xsd:date's month and day exist (29 February only in leap years)."""
    found = DATE.match(lexical)
    if not found:
        return False
    year, month, day = (int(found[part]) for part in ("year", "month", "day"))
    if not 1 <= month <= 12:
        return False
    # The Gregorian calendar repeats every 400 years; keep the year in datetime's range.
    return day <= calendar.monthrange(2000 + year % 400, month)[1] and day >= 1


def well_typed(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is in the lexical space of ``datatype`` (unknown datatypes: yes)."""
    if datatype in INTEGERS:
        if not INTEGER.match(lexical):
            return False
        low, high = INTEGERS[datatype]
        number = int(lexical)
        return (low is None or number >= low) and (high is None or number <= high)
    if datatype == str(XSD.decimal):
        return bool(DECIMAL.match(lexical))
    if datatype in FLOATS:
        return bool(FLOAT.match(lexical))
    if datatype == str(XSD.boolean):
        return lexical in ("true", "false", "1", "0")
    if datatype == str(XSD.date):
        return _real_date(lexical)
    return True


def value_of(term: str) -> object:
    """What a comparison compares: a number, the text of a string or IRI; None for the rest."""
    if is_iri(term):
        return term[1:-1]
    if not is_literal(term):
        return None
    lexical, language, datatype = literal_parts(term)
    if language or datatype == XSD_STRING:
        return lexical
    if datatype in INTEGERS:
        return int(lexical) if INTEGER.match(lexical) else None
    if datatype == str(XSD.decimal):
        return Decimal(lexical) if DECIMAL.match(lexical) else None
    if datatype in FLOATS and FLOAT.match(lexical):
        try:
            return float(lexical.replace("INF", "inf"))
        except ValueError:
            return None
    return None


def compare(value: object, bound: object) -> int | None:
    """-1, 0 or 1; None when the two cannot be compared (a string and a number, say)."""
    if value is None or bound is None or isinstance(value, str) != isinstance(bound, str):
        return None
    try:
        return (value > bound) - (value < bound)  # type: ignore[operator]
    except (TypeError, InvalidOperation):
        return None


# ---------------------------------------------------------------- checks, one per component


def datatype(datatype: Node) -> ValueCheck:
    expected = str(datatype)
    if expected.startswith((str(XSD), RDF_NAMESPACE)) and expected not in KNOWN_DATATYPES:
        raise Unsupported(f"the lexical space of sh:datatype {datatype} is not checked here")
    plain = f'"^^<{expected}>'

    def check(term: str) -> bool:
        if term[0] != '"':
            return False
        if expected == XSD_STRING:
            return term[-1] == '"'
        if term.endswith(plain):
            return well_typed(literal_parts(term)[0], expected)
        if expected == RDF_LANG_STRING:
            return literal_parts(term)[1] is not None
        return expected == str(RDFS.Literal)

    return check


NODE_KINDS = {
    SH.IRI: (True, False, False),
    SH.BlankNode: (False, True, False),
    SH.Literal: (False, False, True),
    SH.BlankNodeOrIRI: (True, True, False),
    SH.BlankNodeOrLiteral: (False, True, True),
    SH.IRIOrLiteral: (True, False, True),
}


def node_kind(kind: Node) -> ValueCheck:
    iri_ok, blank_ok, literal_ok = NODE_KINDS[kind]  # type: ignore[index]

    def check(term: str) -> bool:
        if is_iri(term):
            return iri_ok
        return blank_ok if is_blank(term) else literal_ok

    return check


def in_range(bound: Node, passes: Callable[[int], bool]) -> ValueCheck:
    limit = value_of(from_rdflib(bound))
    if limit is None:
        raise Unsupported(f"a range bound {bound.n3()} cannot be compared here")

    def check(term: str) -> bool:
        order = compare(value_of(term), limit)
        return order is not None and passes(order)

    return check


def length(bound: Node, passes: Callable[[int], bool]) -> ValueCheck:
    limit = int(bound)  # type: ignore[call-overload]

    def check(term: str) -> bool:
        if is_blank(term):
            return limit == 0 and passes(0)
        return passes(len(lexical_form(term)) - limit)

    return check


def pattern(pattern: Node, flags: Node | None) -> ValueCheck:
    if flags is not None and set(str(flags)) - {"i"}:
        raise Unsupported(f"sh:flags {str(flags)!r}: only the flag i is supported")
    options = re.IGNORECASE if flags is not None and "i" in str(flags) else 0
    compiled = re.compile(str(pattern), options)
    return lambda term: not is_blank(term) and compiled.search(lexical_form(term)) is not None


def language_in(languages: list[Node]) -> ValueCheck:
    wanted = {str(language).lower() for language in languages}

    def check(term: str) -> bool:
        if not is_literal(term):
            return False
        language = literal_parts(term)[1]
        if not language:
            return False
        language = language.lower()
        return "*" in wanted or language in wanted or language.split("-")[0] in wanted

    return check


def one_of(members: list[Node]) -> ValueCheck:
    allowed = {from_rdflib(member) for member in members}
    return allowed.__contains__
