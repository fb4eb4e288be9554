"""``/healthz``: 200 while the store answers, with the dataset's triple count and version tag.

A remote store that is down makes it 503 (with ``Retry-After``), like every page that needs it.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue

from stancegraph.stores.store import Snapshot

#: The cheapest query: answered at once by any store that is up.
PING = "SELECT ?up WHERE { BIND (true AS ?up) }"

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    snapshot: Snapshot = current_app.extensions["stancegraph.snapshot"]
    snapshot.store.select(PING)
    return jsonify(status="ok", triples=snapshot.quad_count(), dataset=snapshot.etag)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
