"""``/healthz``: 200 once the dataset is loaded, with its triple count and version tag."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue

from server.store import Snapshot

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    snapshot: Snapshot = current_app.extensions["stancegraph.snapshot"]
    return jsonify(status="ok", triples=snapshot.quad_count(), dataset=snapshot.etag)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
