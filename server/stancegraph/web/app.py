"""The application factory: ``create_app(config=None)``.

Configuration comes from the settings' defaults, then ``STANCEGRAPH_*`` environment variables,
then the mapping passed in. Nothing runs at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from stancegraph.core import settings
from stancegraph.stores.by_setting import open_store
from stancegraph.stores.store import Snapshot, dataset_file
from stancegraph.web import (
    dumps,
    endpoint,
    health,
    http_errors,
    index_pages,
    linked_data,
    search_page,
    security,
    urls,
)

#: Modules that add routes, handlers or template helpers, each through ``init_app(app)``
#: (``search_page`` after ``linked_data``, whose page index it reads).
EXTENSIONS = (
    security,
    urls,
    linked_data,
    index_pages,
    search_page,
    dumps,
    health,
    http_errors,
    endpoint,
)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application and load the dataset it serves.

    ``config`` may name any setting (lower case) plus ``dataset``: a dataset file served instead
    of ``{dist_dir}/dataset.nq`` by the ``memory`` store.
    """
    config = dict(config or {})
    dataset = config.pop("dataset", None)
    values = settings.resolve(config)
    app = Flask(__name__)
    app.config.update({settings.BY_NAME[name].flask_key: value for name, value in values.items()})
    app.config["DATASET"] = str(dataset or dataset_file(values["dist_dir"]))
    store = open_store(
        values["store"], app.config["DATASET"], values["store_timeout"], values["base_uri"]
    )
    app.extensions["stancegraph.snapshot"] = Snapshot(store)
    for extension in EXTENSIONS:
        extension.init_app(app)
    return app
