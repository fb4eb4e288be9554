"""A client of the SPARQL 1.1 Graph Store HTTP Protocol: replace and read back named graphs.

Used by ``stancegraph publish`` to upload a build to a remote triple store (Oxigraph server,
Apache Jena Fuseki, GraphDB, …). Every call has a timeout; failures raise
:class:`~stancegraph.core.errors.StoreError` with the URL and the store's own message.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph

from stancegraph.core.errors import StoreError

N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class GraphStore:
    """A Graph Store Protocol endpoint, e.g. ``http://127.0.0.1:7878/store``."""

    url: str
    timeout: float = 30.0

    def graph_url(self, graph: str) -> str:
        separator = "&" if "?" in self.url else "?"
        return f"{self.url}{separator}{urllib.parse.urlencode({'graph': graph})}"

    def _send(self, request: urllib.request.Request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as error:
            lines = error.read().decode("utf-8", "replace").strip().splitlines()
            detail = lines[0] if lines else error.reason
            raise StoreError(
                f"{request.get_method()} {request.full_url}: {error.code} {detail}"
            ) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            cause = error.reason if isinstance(error, urllib.error.URLError) else error
            raise StoreError(f"{request.get_method()} {request.full_url}: {cause}") from None

    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace the named graph ``graph`` with the given N-Triples."""
        request = urllib.request.Request(
            self.graph_url(graph), data=ntriples, method="PUT", headers={"Content-Type": N_TRIPLES}
        )
        self._send(request)

    def count(self, graph: str) -> int:
        """How many triples the store holds in ``graph`` (read back in N-Triples)."""
        request = urllib.request.Request(self.graph_url(graph), headers={"Accept": N_TRIPLES})
        data = self._send(request)
        return sum(1 for _ in pyoxigraph.parse(data, pyoxigraph.RdfFormat.N_TRIPLES))
