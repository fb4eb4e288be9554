"""A page's HTML as a tree of elements, to assert on what it shows: texts, links, where.

The standard library's parser only, no browser: for tests of the pages' content through Flask's
test client. Selection is by tag, ``id`` and class, and by the ``<dt>`` heading of a ``<dd>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise

#: Elements that never have an end tag.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        return re.sub(r"\s+", " ", "".join(self._texts())).strip()

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        """Every element below (not this one) with the tag, class and attribute values given."""
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (
                (tag is None or child.tag == tag)
                and (cls is None or cls in child.classes())
                and all(child.attrs.get(name) == v for name, v in attrs.items())
            ):
                found.append(child)
            found.extend(child.all(tag, cls, **attrs))
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        """The only element below that matches (see :meth:`all`)."""
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} class={cls} {attrs}> found, expected one"
        return found[0]

    def first(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        """The first element below that matches, in document order (see :meth:`all`)."""
        found = self.all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}> found"
        return found[0]

    def links(self) -> list[str]:
        """The ``href`` of every link below, in document order."""
        return [a.attrs["href"] for a in self.all("a") if "href" in a.attrs]

    def fact(self, heading: str) -> Element:
        """The ``<dd>`` that follows the ``<dt>`` with this text, in the one ``dl`` holding it."""
        for dl in self.all("dl"):
            items = [c for c in dl.children if isinstance(c, Element)]
            for dt, dd in pairwise(items):
                if dt.tag == "dt" and dd.tag == "dd" and dt.text == heading:
                    return dd
        raise AssertionError(f"no <dt>{heading}</dt> on the page")

    def has_fact(self, heading: str) -> bool:
        try:
            self.fact(heading)
        except AssertionError:
            return False
        return True


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """The document's tree of elements."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
