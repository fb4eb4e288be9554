"""A client of the SPARQL 1.1 Graph Store HTTP Protocol: replace, read back and delete graphs.

Used by ``stancegraph publish`` to upload a build to a remote triple store (Oxigraph server,
Virtuoso, Apache Jena Fuseki, GraphDB, …), with the store's user and password when it asks for
them (:mod:`stancegraph.stores.credentials`). Every call has a timeout; failures raise
:class:`~stancegraph.core.errors.StoreError` naming the store and the cause in one line, never
the password.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph

from stancegraph.core.errors import StoreError
from stancegraph.stores.credentials import Credentials, opener

N_TRIPLES = "application/n-triples"
#: What a graph is read back in: N-Triples, else Turtle (Virtuoso answers Turtle for ``*/*``).
READ_ACCEPT = "application/n-triples, text/turtle;q=0.9"


@dataclass(frozen=True)
class GraphStore:
    """A Graph Store Protocol endpoint, e.g. ``http://127.0.0.1:7878/store`` (Oxigraph) or
    ``http://127.0.0.1:8890/sparql-graph-crud-auth`` (Virtuoso)."""

    url: str
    timeout: float = 30.0
    credentials: Credentials | None = field(default=None, repr=False)

    @cached_property
    def _client(self) -> urllib.request.OpenerDirector:
        return opener(self.url, self.credentials)

    def graph_url(self, graph: str) -> str:
        separator = "&" if "?" in self.url else "?"
        return f"{self.url}{separator}{urllib.parse.urlencode({'graph': graph})}"

    def _send(self, request: urllib.request.Request) -> tuple[str, bytes]:
        """The media type and body of the answer."""
        try:
            with self._client.open(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return response.headers.get_content_type(), body
        except urllib.error.HTTPError as error:
            raise StoreError(self._refusal(request, error)) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            cause = error.reason if isinstance(error, urllib.error.URLError) else error
            cause = getattr(cause, "strerror", None) or cause
            raise StoreError(
                f"the store at {self.url} is unavailable ({cause}) for {request.get_method()} "
                f"{request.full_url}"
            ) from None

    def _refusal(self, request: urllib.request.Request, error: urllib.error.HTTPError) -> str:
        if error.code in (401, 403):
            who = f"user {self.credentials.user!r}" if self.credentials else "no user"
            fix = (
                "check store_user and STANCEGRAPH_STORE_PASSWORD (or store_password_file)"
                if self.credentials
                else "set store_user and STANCEGRAPH_STORE_PASSWORD (or store_password_file)"
            )
            return (
                f"the store at {self.url} refused {request.get_method()} with {who} "
                f"({error.code} {error.reason}); {fix}"
            )
        lines = error.read().decode("utf-8", "replace").strip().splitlines()
        detail = lines[0] if lines else error.reason
        return f"{request.get_method()} {request.full_url}: {error.code} {detail}"

    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace the named graph ``graph`` with the given N-Triples."""
        request = urllib.request.Request(
            self.graph_url(graph), data=ntriples, method="PUT", headers={"Content-Type": N_TRIPLES}
        )
        self._send(request)

    def delete(self, graph: str) -> None:
        """Delete the named graph ``graph`` (a graph that is not there is no error)."""
        request = urllib.request.Request(self.graph_url(graph), method="DELETE")
        try:
            self._send(request)
        except StoreError as error:
            if ": 404 " not in str(error):
                raise

    def read(self, graph: str) -> list[pyoxigraph.Triple]:
        """The triples the store holds in ``graph`` (none when it has no such graph)."""
        request = urllib.request.Request(self.graph_url(graph), headers={"Accept": READ_ACCEPT})
        try:
            media_type, data = self._send(request)
        except StoreError as error:
            if ": 404 " in str(error):
                return []
            raise
        rdf = pyoxigraph.RdfFormat.from_media_type(media_type) or pyoxigraph.RdfFormat.N_TRIPLES
        try:
            return list(pyoxigraph.parse(data, rdf))
        except SyntaxError as error:
            raise StoreError(
                f"GET {request.full_url}: the store answered {media_type} that cannot be read "
                f"({error})"
            ) from None

    def has(self, graph: str) -> bool:
        """Whether the store has the graph ``graph`` (an empty one too, where it keeps those)."""
        request = urllib.request.Request(self.graph_url(graph), headers={"Accept": READ_ACCEPT})
        try:
            self._send(request)
        except StoreError as error:
            if ": 404 " in str(error):
                return False
            raise
        return True

    def count(self, graph: str) -> int:
        """How many triples the store holds in ``graph``."""
        return len(self.read(graph))
