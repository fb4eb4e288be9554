"""Every setting of stancegraph, declared once: name, default, type and help.

The command line (``--<name-with-dashes>``, :mod:`stancegraph.cli.options`), the environment
(``STANCEGRAPH_<NAME>``), the Flask configuration and the README's configuration table are all
derived from :data:`SETTINGS`; tests check the options and the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from stancegraph.vocabulary import DEFAULT_BASE_URI

ENV_PREFIX: Final = "STANCEGRAPH_"


@dataclass(frozen=True)
class Setting:
    """One configuration value: its name, default, type and a one-line help text."""

    name: str
    default: Any
    help: str
    type: type = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    @property
    def flask_key(self) -> str:
        return self.name.upper()

    def parse(self, raw: str) -> Any:
        """Convert a string from the environment or the command line, or raise ValueError."""
        if self.type is bool:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"{self.env}={raw!r}: expected true or false")
        try:
            return self.type(raw)
        except ValueError:
            raise ValueError(f"{self.env}={raw!r}: expected {self.type.__name__}") from None


SETTINGS: Final[tuple[Setting, ...]] = (
    Setting("base_uri", DEFAULT_BASE_URI, "Base under which data IRIs are minted ({base}id/...)."),
    Setting("seeds_dir", "seeds", "Folder of the source articles."),
    Setting("mappings_dir", "mappings", "Folder of the article mappings and registries."),
    Setting("dist_dir", "dist", "Folder the build writes and the server reads."),
    Setting(
        "store",
        "memory",
        "Store served: memory (dist/ loaded at start), oxigraph:DIR (on disk, loaded by "
        "build --store), or the http(s) URL of a SPARQL endpoint.",
    ),
    Setting(
        "store_update",
        "",
        "SPARQL Update URL of a remote store: publish drops there the graphs a build no "
        "longer has; serve never writes.",
    ),
    Setting(
        "graph_store",
        "",
        "Graph Store Protocol URL of a remote store: where publish uploads the build.",
    ),
    Setting(
        "store_user",
        "",
        "User publish gives the remote store (HTTP Basic or Digest, as the store asks).",
    ),
    Setting(
        "store_password",
        "",
        "Password of store_user; from the environment only, never an option.",
    ),
    Setting(
        "store_password_file",
        "",
        "File whose first line is the password of store_user (instead of store_password).",
    ),
    Setting(
        "store_poll",
        5.0,
        "Seconds between two looks of serve at a remote store's publication mark: a new "
        "version is served within about this time, without a restart.",
        float,
    ),
    Setting("host", "127.0.0.1", "Address the server listens on."),
    Setting("port", 8080, "Port the server listens on.", int),
    Setting(
        "forwarded_allow_ips",
        "",
        "Addresses or networks (comma-separated) of the proxies trusted to set SCRIPT_NAME and "
        "X-Forwarded-Proto; empty trusts no client's, loopback's included.",
    ),
    Setting("workers", 2, "Number of gunicorn worker processes.", int),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped.", float),
    Setting(
        "store_timeout",
        60.0,
        "Seconds a remote store has to answer what serve reads itself (the index it reads once, "
        "a page's triples); the SPARQL endpoint's queries have query_timeout.",
        float,
    ),
    Setting("max_query_length", 100_000, "Longest SPARQL query accepted, in bytes.", int),
    Setting(
        "max_result_rows", 10_000, "Most rows a SELECT answer carries (truncated beyond).", int
    ),
    Setting(
        "answer_cache_mb",
        32,
        "Memory per worker, in MB, for whole SPARQL answers of the memory or oxigraph:DIR store, "
        "answered again without running the query; 0 keeps none.",
        int,
    ),
    Setting(
        "query_slots",
        4,
        "SPARQL queries started at once per worker; more wait in the queue. As many again are "
        "kept for queries running past half a second, so that those do not hold up the others.",
        int,
    ),
    Setting(
        "query_queue",
        64,
        "SPARQL queries per worker that may wait for a slot, clients taking turns; past it 503.",
        int,
    ),
    Setting(
        "query_wait",
        10.0,
        "Seconds a SPARQL query may wait for a slot; past it 503 with Retry-After.",
        float,
    ),
    Setting(
        "query_memory_mb",
        0,
        "Memory, in MB, one SPARQL query may take on top of what its process shares with the "
        "server; past it the query gets 503. 0 sizes it from the machine: half its memory shared "
        "by all queries that can run (workers x 2 x query_slots), at least 256.",
        int,
    ),
    Setting(
        "threads",
        80,
        "Threads per gunicorn worker; must exceed 2 x query_slots + query_queue, so that pages "
        "are served while queries run and wait.",
        int,
    ),
    Setting(
        "client_timeout",
        10.0,
        "Seconds a client has to send a whole request once it starts one (408 after), and to "
        "send its first; a new connection that sends nothing is closed after it.",
        float,
    ),
    Setting(
        "min_client_rate",
        4096,
        "Bytes per second a client must read of an answer, over each client_timeout; a slower "
        "one is cut off.",
        int,
    ),
    Setting(
        "answer_spool_mb",
        1024,
        "Disk per worker, in MB, for answers waiting for their clients to read them (the query "
        "slot is free meanwhile); past it an answer waits for its client.",
        int,
    ),
    Setting(
        "max_url_length",
        8000,
        "Longest request target (path and query string) accepted, in bytes; longer gets 414.",
        int,
    ),
    Setting(
        "max_request_bytes",
        1_000_000,
        "Largest request body accepted, in bytes; larger gets 413.",
        int,
    ),
    Setting("license", "", "IRI of the dataset's licence for /dataset; empty states none chosen."),
)

BY_NAME: Final = {s.name: s for s in SETTINGS}


def by_name(config: Mapping[str, Any]) -> dict[str, Any]:
    """The settings held in a configuration keyed by :attr:`Setting.flask_key`, by name."""
    return {s.name: config[s.flask_key] for s in SETTINGS if s.flask_key in config}


def defaults() -> dict[str, Any]:
    """The default value of every setting, by name."""
    return {s.name: s.default for s in SETTINGS}


def resolve(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Settings by name: defaults, then ``STANCEGRAPH_*`` environment variables, then overrides.

    Overrides whose value is ``None`` are ignored, so unset command-line options fall through.
    """
    environ = os.environ if environ is None else environ
    values = defaults()
    for setting in SETTINGS:
        if setting.env in environ:
            values[setting.name] = setting.parse(environ[setting.env])
    for name, value in (overrides or {}).items():
        if name not in BY_NAME:
            raise KeyError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = value
    return values
