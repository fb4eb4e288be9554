"""``bench/attack``: the attacks of issue 16 against a live ``stancegraph serve``, and which held.

    bench/attack                  # 30 s of each attack, about four minutes in all
    bench/attack --quick          # 5 s of each, under a minute
    bench/attack --url URL        # attack a server already running (http://host:port)
    bench/attack --write          # also record the table in SECURITY.md

Without ``--url`` it starts ``stancegraph serve`` with the settings of this environment (the
defaults, unless ``STANCEGRAPH_*`` says otherwise) on a free loopback port, logging to
``bench/out/logs/attack.log``, and stops it and all it started on exit, Ctrl-C and SIGTERM.

Four attacks try to starve the server while probes ask it, twice a second and each on a new
connection, for ``/healthz``, a page and a cheap SPARQL query asked for the first time (no answer
kept from before can serve it). The attack held only if every probe got a 2xx within 1 s:

- slowloris, three ways, each with ``--connections`` connections (reopened when the server closes
  them): a header line every 2 s; nothing at all; a POST body a byte every 2 s;
- slow readers: one connection per query slot, each asking for a different ~21 MB answer and
  reading none of it (only its header, to retry those refused for want of a slot).

Three more are checks. Memory bombs: a CONCAT chain and an ORDER BY over a 3-way cross product,
one by one and then a query slot's worth at once; the chain must get 503 "query exceeded its
memory limit", every bomb a 503 that stopped it (memory, time or no free slot), and the next
query must answer. The query check: SERVICE hidden from it four ways must get
403 with a reason (never a 500) and reach nobody; RAND() hidden from it must not be answered
twice the same. Host and SCRIPT_NAME sent by a client must be named in no ``Location``, ``Link``
or link of a page.

It prints a Markdown table (``--write`` puts it between markers in SECURITY.md, creating the file
if need be) and exits 1 when any attack worked or the server was slow even unattacked.

The modules, in the order the data flows:

- :mod:`~bench.attacks.raw_http`: requests and answers over plain sockets;
- :mod:`~bench.attacks.queries`: the SPARQL each attack and probe sends;
- :mod:`~bench.attacks.target`: the server attacked (started or found, watched, waited for);
- :mod:`~bench.attacks.probes`: the probes, and a row for an attack that tries to starve them;
- :mod:`~bench.attacks.slow_clients`: slowloris and slow readers;
- :mod:`~bench.attacks.memory_bombs`, :mod:`~bench.attacks.query_check`,
  :mod:`~bench.attacks.reflection`: the three checks;
- :mod:`~bench.attacks.report`: the table, and its place in SECURITY.md;
- :mod:`~bench.attacks.main`: the options and the run.
"""
