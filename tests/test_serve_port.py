"""A port another program holds: ``serve`` stops at once with one line that says what to do."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path


def test_a_busy_port_gets_a_one_line_hint(seed_dist: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        port = other.getsockname()[1]
        command = [sys.executable, "-m", "stancegraph.cli", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--dataset", str(seed_dist / "dataset.nq")]
        served = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert served.returncode == 2
    assert served.stdout == ""
    assert served.stderr.splitlines() == [
        f"stancegraph serve: 127.0.0.1:{port} is in use by another program; serve on another "
        f"port: make serve PORT={port + 1}, or stancegraph serve --port {port + 1}"
    ]
