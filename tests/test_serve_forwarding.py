"""No link and no ``Location`` names a host a client sent (issue 16, attack 5).

gunicorn trusted a ``SCRIPT_NAME`` header from any client on loopback (its default
``forwarded_allow_ips``), and every link, the stylesheet and the redirect of the page then started
with it: ``SCRIPT_NAME: //evil.example`` sent them all to that host. Werkzeug's redirect that
merges slashes (``/doc//actor/x``) named the ``Host`` the client sent. Both are asked of
``stancegraph serve`` over raw sockets (:mod:`tests.raw_http`): Flask's test client neither
forwards headers as gunicorn does nor builds its environment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, request

from stancegraph.cli.serve import check_proxies, forwarding
from stancegraph.core.errors import UsageError
from stancegraph.web.clients import client_address
from tests.conftest import LiveServer
from tests.raw_http import Answer, exchange, request_bytes

EVIL = "evil.example"
PAGE = "/doc/actor/vlade-radulovic"
#: Every link, stylesheet and script of a page.
LINK = re.compile(rb'(?:href|src)="([^"]*)"')


def ask(
    server: LiveServer, target: str, headers: dict[str, str], host: str = "127.0.0.1"
) -> Answer:
    return exchange(server.port, request_bytes("GET", target, headers, host=host))


def hosts_named(answer: Answer) -> set[str]:
    """The hosts that the answer's ``Location``, ``Content-Location``, ``Link`` and links name."""
    named = [answer.header("location") or "", answer.header("content-location") or ""]
    named += re.findall(r"<([^>]*)>", answer.header("link") or "")
    named += [link.decode() for link in LINK.findall(answer.body)]
    return {urlsplit(url).netloc for url in named if url.startswith("//") or "://" in url}


@pytest.mark.parametrize(
    "target", [f"//{EVIL}/id/actor/vlade-radulovic", f"//{EVIL}{PAGE}", f"//{EVIL}/"]
)
def test_a_client_cannot_set_the_mount_point(live_server: LiveServer, target: str) -> None:
    """The issue's request: gunicorn took the header, and the 303 went to ``//evil.example``."""
    answer = ask(live_server, target, {"SCRIPT_NAME": f"//{EVIL}", "Accept": "text/html"})
    # Without a mount point the path is /evil.example/…, which names nothing here.
    assert (answer.status, answer.header("location")) == (404, None)
    assert b"<h1>Not Found</h1>" in answer.body
    assert f"//{EVIL}".encode() not in answer.body
    assert EVIL not in hosts_named(answer)


def test_a_client_mount_point_is_in_no_link_of_a_page(live_server: LiveServer) -> None:
    answer = ask(live_server, PAGE + ".html", {"SCRIPT_NAME": "/mount"})
    assert answer.status == 200
    links = [link.decode() for link in LINK.findall(answer.body)]
    assert "/static/style.css" in links
    assert not [link for link in links if link.startswith("/mount")]


@pytest.mark.parametrize(
    ("target", "accept", "status", "location"),
    [
        ("/doc//actor/vlade-radulovic", "text/html", 308, PAGE),  # Werkzeug's merge of slashes
        ("/doc//actor/vlade-radulovic?x=1", "text/html", 308, PAGE + "?x=1"),
        ("/id/actor/vlade-radulovic", "text/turtle", 303, PAGE + ".ttl"),
        ("/.well-known/void", "text/turtle", 303, "/dataset"),
        ("/", "text/turtle", 303, "/dataset.ttl"),
        (PAGE, "text/html", 200, None),
    ],
)
def test_a_client_host_is_in_no_location_or_link(
    live_server: LiveServer, target: str, accept: str, status: int, location: str | None
) -> None:
    headers = {"Accept": accept, "X-Forwarded-Proto": "https", "X-Forwarded-Host": EVIL}
    answer = ask(live_server, target, headers, host=EVIL)
    assert (answer.status, answer.header("location")) == (status, location)
    assert EVIL.encode() not in answer.body
    assert EVIL not in hosts_named(answer)


@pytest.fixture(scope="module")
def behind_proxy(start_server: Callable[..., LiveServer], seed_dist: Path) -> LiveServer:
    """A server that trusts the proxy on 127.0.0.1 (the tests play it) to set SCRIPT_NAME."""
    env = {"STANCEGRAPH_FORWARDED_ALLOW_IPS": "127.0.0.1"}
    return start_server(["--dist-dir", str(seed_dist), "--workers", "1"], env=env)


def test_a_proxy_named_by_the_setting_sets_the_mount_point(behind_proxy: LiveServer) -> None:
    headers = {"SCRIPT_NAME": "/mount", "Accept": "text/html"}
    thing = ask(behind_proxy, "/mount/id/actor/vlade-radulovic", headers)
    assert (thing.status, thing.header("location")) == (303, f"/mount{PAGE}.html")
    page = ask(behind_proxy, f"/mount{PAGE}.html", headers)
    assert page.status == 200
    assert b'href="/mount/static/style.css"' in page.body
    alternates = re.findall(r"<([^>]*)>", page.header("link") or "")
    assert alternates and all(url.startswith(f"/mount{PAGE}.") for url in alternates)


def test_a_mount_point_that_names_a_host_is_refused_even_from_a_proxy(
    behind_proxy: LiveServer,
) -> None:
    headers = {"SCRIPT_NAME": f"//{EVIL}", "Accept": "text/plain"}
    answer = ask(behind_proxy, f"//{EVIL}/id/actor/vlade-radulovic", headers)
    assert answer.status == 400
    assert answer.body.decode().startswith(
        f"400 Bad Request: SCRIPT_NAME '//{EVIL}' is not a plain path: links cannot start with it"
    )
    html = ask(behind_proxy, f"//{EVIL}/", {"SCRIPT_NAME": f"//{EVIL}", "Accept": "text/html"})
    assert html.status == 400 and EVIL not in hosts_named(html)


def test_gunicorn_trusts_no_forwarding_header_unless_told() -> None:
    assert forwarding("") == {
        "forwarded_allow_ips": "",
        "forwarder_headers": "",
        "secure_scheme_headers": {},
    }
    assert forwarding("10.0.0.2, 10.1.0.0/16") == {"forwarded_allow_ips": "10.0.0.2, 10.1.0.0/16"}


@pytest.mark.parametrize("entry", ["proxy.example", "10.0.0.300", "10.0.0.1/8"])
def test_a_proxy_that_is_no_address_is_refused_by_name(entry: str) -> None:
    check_proxies("10.0.0.2, ::1, *")
    with pytest.raises(UsageError) as refused:
        check_proxies(f"10.0.0.2,{entry}")
    assert str(refused.value) == (
        f"forwarded_allow_ips: {entry!r} is neither an IP address nor a network "
        "(e.g. 10.0.0.2 or 10.0.0.0/24)"
    )


# --- who a query comes from, behind a proxy (issue 14: the queue's turns, per client) ---------


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "client"),
    [
        ("10.0.0.2", "203.0.113.7", "10.0.0.2", "203.0.113.7"),  # the trusted proxy says
        ("10.0.0.2", "198.51.100.1, 203.0.113.7", "10.0.0.0/24", "203.0.113.7"),  # its entry
        ("10.0.0.9", "203.0.113.7", "10.0.0.2", "10.0.0.9"),  # another peer: its own say
        ("10.0.0.2", "203.0.113.7", "", "10.0.0.2"),  # nobody trusted (the default)
        ("10.0.0.2", "", "10.0.0.2", "10.0.0.2"),  # nothing forwarded
        ("127.0.0.1", "203.0.113.7", "*", "203.0.113.7"),
    ],
)
def test_the_client_behind_a_trusted_proxy_is_its_forwarded_address(
    peer: str, forwarded: str, proxies: str, client: str
) -> None:
    app = Flask(__name__)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    with app.test_request_context("/sparql", headers=headers, environ_base={"REMOTE_ADDR": peer}):
        assert client_address(request, proxies) == client
