"""The dumps ``stancegraph build`` writes, downloadable under ``/dumps/``.

Which files are dumps is the catalog's (:mod:`stancegraph.catalog.dumps`); only files present in
``dist_dir`` are offered. A dump that also has a gzipped copy (``dataset.nq`` and
``dataset.nq.gz``) is sent as that copy with ``Content-Encoding: gzip`` to a client that accepts
gzip, so a client reads it as N-Quads and fetches fewer bytes; ``dataset.nq.gz`` itself stays a
download of ``application/gzip``.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, current_app, request, send_file

from stancegraph.catalog.dumps import Dump, available, gzipped_copy

bp = Blueprint("dumps", __name__)


@bp.get("/dumps/<name>")
def download(name: str) -> Response:
    """A dump file, with its media type, ETag and Last-Modified (conditional and range requests
    work, on the bytes sent: the gzipped ones when the answer is gzip-encoded)."""
    dumps = available(current_app.config["DIST_DIR"])
    dump = next((d for d in dumps if d.name == name), None)
    if dump is None:
        abort(404, f"No dump named {name!r}; see /dataset for the dumps on offer.")
    encoded = gzipped_copy(dump, dumps)
    if encoded is None:
        return _send(dump, dump)
    gzip = request.accept_encodings.quality("gzip") > 0
    response = _send(encoded if gzip else dump, dump)
    if gzip:
        response.content_encoding = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def _send(file: Dump, dump: Dump) -> Response:
    """``file``'s bytes as ``dump``: its name and media type; the validators are ``file``'s, so
    the gzip-encoded and the identity answers have different entity tags."""
    return send_file(
        file.path.resolve(),
        mimetype=dump.media_type,
        download_name=dump.name,
        conditional=True,
        etag=True,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
