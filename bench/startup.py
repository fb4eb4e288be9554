"""Start-up: seconds from starting a server to its first answer, and its memory then."""

from __future__ import annotations

from bench import servers
from bench.corpus import Corpus, label
from bench.processes import Started, children, descendants, memory_mb, stop
from bench.servers import Server

#: Families served by gunicorn, whose memory is reported per worker.
GUNICORN = ("stancegraph", "flask")


def measure(server: Server, corpus: Corpus, repeats: int, with_store: bool) -> dict[str, object]:
    """Start, wait for the first answer, measure memory, stop; ``repeats`` times."""
    runs: list[dict[str, object]] = []
    found: dict[str, object] = {"server": server.key, "size": corpus.size, "runs": runs}
    for _ in range(repeats):
        started = servers.launch(server, corpus, with_store)
        try:
            seconds = servers.wait_ready(server, started, corpus)
            runs.append({"seconds": seconds, **memory(server, started)})
        except (RuntimeError, TimeoutError, OSError) as error:
            found["error"] = str(error)
            print(f"  start {server.key}: {error}", flush=True)
            break
        finally:
            stop(started)
        print(f"  start {label(corpus.size):>4} {server.key:<20} {seconds:7.2f} s", flush=True)
    return found


def memory(server: Server, started: Started) -> dict[str, object]:
    """Per worker (gunicorn) or per process: RSS and PSS in MB, and the PSS of the whole tree."""
    workers = children(started.pid) if server.family in GUNICORN else [started.pid]
    each = [memory_mb(pid) for pid in workers]
    tree = [started.pid, *descendants(started.pid)]
    return {
        "worker_rss_mb": [rss for rss, _ in each],
        "worker_pss_mb": [pss for _, pss in each],
        "total_pss_mb": sum(memory_mb(pid)[1] for pid in tree),
        "processes": len(tree),
    }
