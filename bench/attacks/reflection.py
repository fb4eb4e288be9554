"""Host and SCRIPT_NAME sent by a client, where the server once put them in its links.

Held: no ``Location``, ``Content-Location``, ``Link`` or link of a page names the client's host
or starts with its mount point.
"""

from __future__ import annotations

import re
import urllib.parse

from bench.attacks.raw_http import Reply, exchange, request
from bench.attacks.report import Row, tally
from bench.attacks.target import Target

EVIL = "evil.example"
#: Every link, stylesheet and script of a page.
LINK = re.compile(rb'(?:href|src)="([^"]*)"')


def reflection(target: Target) -> Row:
    """A client's SCRIPT_NAME and Host, sent where the server once put them in links."""
    thing = target.page.replace("/doc/", "/id/", 1)
    mount = {"SCRIPT_NAME": f"//{EVIL}", "Accept": "text/html"}
    forwarded = {"Accept": "text/turtle", "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https"}
    asks = [
        (f"//{EVIL}{thing}", mount, "127.0.0.1"),
        (f"//{EVIL}{target.page}", mount, "127.0.0.1"),
        (target.page.replace("/doc/", "/doc//", 1), {"Accept": "text/html"}, EVIL),
        (thing, forwarded, EVIL),
        ("/", {"Accept": "text/turtle"}, EVIL),
        (target.page, {"SCRIPT_NAME": "/mount", "Accept": "text/html"}, "127.0.0.1"),
    ]
    replies = [
        exchange(target.address, request(path, headers, host)) for path, headers, host in asks
    ]
    wrong = [f"{path}: {what}" for (path, _, _), r in zip(asks, replies, strict=True)
             if (what := reflected(r))]  # fmt: skip
    locations = [f"{r.header('location')} ({r.status})" for r in replies if r.header("location")]
    notes = wrong or ["no client host or mount point in any answer"]
    notes.append("Locations: " + (", ".join(locations) or "none"))
    sent = (f"SCRIPT_NAME: //{EVIL} on //{EVIL}/id/… and /doc/…; Host: {EVIL} on /doc//…, "
            f"/id/… (with X-Forwarded-Host and -Proto) and /; SCRIPT_NAME: /mount on a page")  # fmt: skip
    answered = f"answers naming no client host or mount {len(asks) - len(wrong)}/{len(asks)}"
    return Row("5. Host / SCRIPT_NAME", sent, answered, tally(r.status for r in replies),
               not wrong, notes)  # fmt: skip


def reflected(reply: Reply) -> str:
    """What in the answer names a host or mount point the client sent ("" if nothing does)."""
    if not isinstance(reply.status, int) or reply.status >= 500:
        return f"answered {reply.status}"
    named = [reply.header("location"), reply.header("content-location")]
    named += re.findall(r"<([^>]*)>", reply.header("link"))
    named += [link.decode("latin-1") for link in LINK.findall(reply.body)]
    hosts = {urllib.parse.urlsplit(url).netloc for url in named if "//" in url}
    if EVIL in hosts or f"//{EVIL}".encode() in reply.body:
        return f"names {EVIL}"
    if any(url.startswith("/mount/") for url in named):
        return "starts links with the client's SCRIPT_NAME"
    return ""
