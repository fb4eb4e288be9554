"""The dumps ``stancegraph build`` writes, downloadable under ``/dumps/``.

Which files are dumps is the catalog's (:mod:`stancegraph.catalog.dumps`); only files present in
``dist_dir`` are offered.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, send_file
from flask.typing import ResponseReturnValue

from stancegraph.catalog.dumps import available

bp = Blueprint("dumps", __name__)


@bp.get("/dumps/<name>")
def download(name: str) -> ResponseReturnValue:
    """A dump file, with its media type, ETag and Last-Modified (conditional requests work)."""
    dump = next((d for d in available(current_app.config["DIST_DIR"]) if d.name == name), None)
    if dump is None:
        abort(404, f"No dump named {name!r}; see /dataset for the dumps on offer.")
    return send_file(
        dump.path.resolve(),
        mimetype=dump.media_type,
        download_name=dump.name,
        conditional=True,
        etag=True,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
