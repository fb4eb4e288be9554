"""Mutation testing of the core modules with mutmut, on a copy of the project (see TESTING.md).

mutmut 3 names each mutant after the path of its file (``stancegraph/sparql/query_guard.py`` →
``stancegraph.sparql.query_guard``) and switches a mutant on only where that name is the
function's ``__module__``. Our code lives in three source roots (``ontology/``, ``mappings/``,
``server/``), whose paths do not spell module names, so each run works on a copy of the project
in which the three ``stancegraph/`` folders are merged into one ``stancegraph/`` at the top. mutmut
copies that again into ``mutants/`` and rewrites the modules it mutates there; ``mutants/`` comes
first on ``sys.path`` (mutmut puts it there, and ``PYTHONPATH`` does so for any subprocess), ahead
of the editable install's finder. Nothing in the checkout is ever written, apart from nothing:
the copy lives under ``--work`` (default: a folder in the system's temporary directory).

Usage::

    python mutation/run.py                      # every module of mutation/modules.toml
    python mutation/run.py --module query_guard # one (or several: a,b)
    python mutation/run.py --report-only        # the scores of the last run, no new run

It prints the score of each module and the survivors (each with its diff) that
``mutation/equivalents.toml`` does not explain, and writes the same as JSON and text beside the
copy (``<work>/report.json``, ``<work>/report.txt``).
"""

from __future__ import annotations

import argparse
import ast
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MODULES = HERE / "modules.toml"
EQUIVALENTS = HERE / "equivalents.toml"
SOURCE_ROOTS = ("ontology", "mappings", "server")
MUTMUT = "3.8.1"
PR_SET_CHILD_SUBREAPER = 36
DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "stancegraph-mutation"

#: mutmut's exit codes of a mutant's test run, as its ``stats.status_by_exit_code`` reads them.
KILLED = {1: "killed", 3: "killed"}
TIMEOUT = {36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout"}
STATUS = {
    **KILLED,
    **TIMEOUT,
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    37: "caught by type check",
    -11: "segfault",
    -9: "segfault",
    None: "not checked",
}


#: What counts as a mutant caught: a test failed, ran out of time, or its run died of a signal.
CAUGHT = ("killed", "timeout", "segfault")


@dataclass
class Module:
    name: str
    source: str
    suite: str
    tests: list[str]

    @property
    def flat(self) -> str:
        """The module's path in the merged copy, where mutmut finds it."""
        return self.source.split("/", 1)[1]

    @property
    def dotted(self) -> str:
        return self.flat.removesuffix(".py").replace("/", ".")


@dataclass
class Result:
    module: str
    statuses: dict[str, str] = field(default_factory=dict)  # mutant → status
    diffs: dict[str, str] = field(default_factory=dict)  # surviving mutant → its diff
    lines: dict[str, int] = field(default_factory=dict)  # surviving mutant → line in the source

    def count(self, *statuses: str) -> int:
        return sum(1 for s in self.statuses.values() if s in statuses)


def load_modules() -> dict[str, Module]:
    data = tomllib.loads(MODULES.read_text(encoding="utf-8"))
    suites = data["suites"]
    return {
        name: Module(name, entry["source"], entry["suite"], suites[entry["suite"]])
        for name, entry in data["modules"].items()
    }


def load_equivalents() -> dict[str, str]:
    """Surviving mutants judged harmless, each with its one-line reason."""
    if not EQUIVALENTS.exists():
        return {}
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    return {name: entry["reason"] for name, entry in data.get("mutant", {}).items()}


def project_files() -> list[str]:
    """The checkout's files as git sees them (tracked, and new ones not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted({p for p in listed.split("\0") if p and os.path.lexists(ROOT / p)})


def make_copy(tree: Path) -> None:
    """The project at ``tree``, with the three ``stancegraph/`` folders merged into one."""
    if tree.exists():
        shutil.rmtree(tree)
    for relative in project_files():
        source, target = ROOT / relative, tree / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        elif source.is_file():
            shutil.copy2(source, target)
    for root in SOURCE_ROOTS:  # symbolic links (the vocabulary's data files) become files
        shutil.copytree(
            tree / root / "stancegraph",
            tree / "stancegraph",
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )


def lines(key: str, values: list[str]) -> str:
    return f"{key} =\n" + "".join(f"    {v}\n" for v in values)


def write_config(tree: Path, modules: list[Module], tests: list[str]) -> None:
    """mutmut's settings, as a ``[mutmut]`` section of ``setup.cfg`` in the copy."""
    top = sorted(
        p.name
        for p in tree.iterdir()
        if p.name not in {"stancegraph", "tests", "pyproject.toml", "setup.cfg", "mutants"}
    )
    config = (
        "[mutmut]\n"
        + "source_paths = stancegraph\n"
        + lines("only_mutate", [m.flat for m in modules])
        + lines("also_copy", top)
        + lines("pytest_add_cli_args_test_selection", tests)
        + lines("pytest_add_cli_args", ["-p", "no:cacheprovider", "-p", "mutation.ordering"])
        + "use_git_change_detection = false\n"
        # Each mutant runs in a process forked from a server that imported the libraries but
        # none of our code (mutation/preload.txt): no cache filled by the stats pass (the
        # shapes, parsed once per process; remembered negotiations) hides a mutant.
        + "process_isolation = forkserver\n"
        + "forkserver_warmup = import\n"
        + "preload_modules_file = mutation/preload.txt\n"
        # A mutant's tests may take (their time in the stats pass + 3 s) × 8 of wall time; the
        # 3 s cover what the stats pass does not time (fixtures: the seed build, the app).
        + "timeout_multiplier = 8.0\n"
        + "timeout_constant = 3.0\n"
    )
    (tree / "setup.cfg").write_text(config, encoding="utf-8")


def mutmut_env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANCEGRAPH_")}
    # Compiled once: each mutant's process imports the mutated modules (every mutant of a
    # function is a function of its own) and the rewritten test modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Subprocesses (the build a fixture runs, a query process) import the mutated copy too.
    env["PYTHONPATH"] = str(tree / "mutants")
    return env


def become_subreaper() -> bool:
    """Have the processes our descendants leave behind reparented to us (Linux ``prctl``)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def end_orphans(keep: int) -> int:
    """Kill and reap each child of this process but ``keep`` (mutmut itself).

    When mutmut stops a mutant's test run at its time limit, what that run had started (the
    seed build of a fixture, a query process, a server) is left running the mutant, often in an
    endless loop. As a subreaper we become its parent, and end it here.
    """
    me, ended = os.getpid(), 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == keep:
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) != me:
            continue
        with suppress(ProcessLookupError):
            os.kill(int(entry), signal.SIGKILL)
        with suppress(ChildProcessError):
            os.waitpid(int(entry), 0)
        ended += 1
    return ended


def run_group(
    modules: list[Module], work: Path, children: int, log: Path, baseline: bool = False
) -> float:
    """One mutmut run over ``modules``, which share their test files; its wall time in seconds.

    ``baseline``: without the tests written against survivors (``tests/test_mutants_*``).
    """
    tree = work / modules[0].suite
    tests = [t for t in modules[0].tests if (ROOT / t).exists()]
    if baseline:
        tests = [t for t in tests if not Path(t).name.startswith("test_mutants_")]
    # The tests written against mutants first: mutmut charges what a module calls while it is
    # imported (rdf's terms, say) to the first test of its stats pass, and that test alone
    # then runs for those mutants.
    tests.sort(key=lambda t: not Path(t).name.startswith("test_mutants_"))
    print(f"== {', '.join(m.name for m in modules)}: tests {' '.join(tests)}", flush=True)
    make_copy(tree)
    write_config(tree, modules, tests)
    # Made before mutmut starts: a sys.path entry that did not exist then is never searched.
    (tree / "mutants").mkdir()
    start = time.monotonic()
    supervise([sys.executable, "-m", "mutmut", "run", "--max-children", str(children)], tree, log)
    took = time.monotonic() - start
    print(f"   {took / 60:.1f} min; log {log}", flush=True)
    return took


def supervise(command: list[str], tree: Path, log: Path) -> None:
    """Run mutmut in ``tree``, ending what the mutants' test runs leave behind as it goes."""
    with log.open("w", encoding="utf-8") as out:
        mutmut = subprocess.Popen(
            command,
            cwd=tree,
            env=mutmut_env(tree),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # nothing a mutant signals to "its group" reaches this script
        )
        try:
            while mutmut.poll() is None:
                end_orphans(keep=mutmut.pid)
                time.sleep(0.5)
        finally:
            if mutmut.poll() is None:
                mutmut.terminate()  # mutmut stops its fork server and the mutants' processes
                try:
                    mutmut.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    mutmut.kill()
                    mutmut.wait()
            for _ in range(50):  # their own children come to us in turn
                if not end_orphans(keep=-1):
                    break
                time.sleep(0.1)
    if mutmut.returncode != 0:
        print(f"   mutmut failed ({mutmut.returncode}); its output: {log}", flush=True)


def recheck(modules: list[Module], work: Path, children: int, log: Path) -> None:
    """Run the survivors of the last run of ``modules`` again, against the checkout's tests now.

    The copy keeps its mutants; only ``tests/`` is refreshed (in the copy and in ``mutants/``),
    so a test written against a survivor is checked against that very mutant in minutes.
    """
    tree = work / modules[0].suite
    survivors = []
    for module in modules:
        found = read_results(module, work, diffs=False)
        if found is not None:
            survivors += [n for n, s in found.statuses.items() if s not in CAUGHT]
    harmless = load_equivalents()
    survivors = [n for n in survivors if n not in harmless]  # those are known to survive
    if not survivors:
        print(f"== {', '.join(m.name for m in modules)}: no survivor to check again", flush=True)
        return
    print(f"== {', '.join(m.name for m in modules)}: {len(survivors)} survivors again", flush=True)
    # The same test files as the run (its settings stay, so mutmut keeps the other results).
    for target in (tree, tree / "mutants"):
        shutil.rmtree(target / "tests")
        shutil.copytree(
            ROOT / "tests", target / "tests", ignore=shutil.ignore_patterns("__pycache__")
        )
    supervise(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *survivors],
        tree,
        log,
    )


def read_results(module: Module, work: Path, diffs: bool = True) -> Result | None:
    """The status of each mutant of ``module`` in the newest run that mutated it."""
    runs = sorted(
        (p for p in work.glob("*/mutants") if (p / (module.flat + ".meta")).exists()),
        key=lambda p: (p / (module.flat + ".meta")).stat().st_mtime,
    )
    if not runs:
        return None
    mutants = runs[-1]
    meta = json.loads((mutants / (module.flat + ".meta")).read_text(encoding="utf-8"))
    result = Result(module.name)
    for name, code in meta["exit_code_by_key"].items():
        result.statuses[name] = STATUS.get(code, "suspicious")
    survivors = [n for n, s in result.statuses.items() if s not in CAUGHT]
    if survivors and diffs:
        result.diffs = mutant_diffs(mutants.parent, survivors)
        source = (ROOT / module.source).read_text(encoding="utf-8")
        result.lines = {n: locate(source, n, d) for n, d in result.diffs.items()}
    return result


def mutant_diffs(tree: Path, names: list[str]) -> dict[str, str]:
    """``mutmut show`` for each mutant, in one process."""
    script = (
        "import json, sys\n"
        "from mutmut.mutation.diff_apply import get_diff_for_mutant\n"
        "print(json.dumps({n: get_diff_for_mutant(n) for n in json.load(sys.stdin)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tree,
        env=mutmut_env(tree),
        input=json.dumps(names),
        capture_output=True,
        text=True,
        check=True,
    )
    diffs: dict[str, str] = json.loads(done.stdout)
    return diffs


def function_span(source: str, mutant: str) -> tuple[int, int]:
    """The first and last line of the function ``mutant`` was made from."""
    mangled = mutant.rpartition(".")[2].partition("__mutmut_")[0]
    if mangled.startswith("x_"):
        owner, name = None, mangled[2:]
    else:  # xǁClassǁmethod
        _, owner, name = mangled.split("ǁ")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == owner:
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name:
                    return item.lineno, item.end_lineno or item.lineno
        function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if owner is None and function and node.name == name:
            return node.lineno, node.end_lineno or node.lineno
    return 1, len(source.splitlines())


def locate(source: str, mutant: str, diff: str) -> int:
    """The source line a mutant changes: its first removed line, found in its function."""
    first, last = function_span(source, mutant)
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and line[1:2] != "-"]
    source_lines = source.splitlines()
    for text in removed:
        for number in range(first, last + 1):
            if source_lines[number - 1].strip() == text.strip():
                return number
    return first


def short(mutant: str) -> str:
    """``stancegraph.sparql.query_guard.xǁTokenǁf__mutmut_3`` → ``Token.f#3``."""
    mangled, _, number = mutant.rpartition(".")[2].partition("__mutmut_")
    name = mangled[2:] if mangled.startswith("x_") else ".".join(mangled.split("ǁ")[1:])
    return f"{name}#{number}"


def report(results: list[Result], modules: dict[str, Module], equivalents: dict[str, str]) -> str:
    out = [
        f"{'module':<14} {'killed':>6} {'timeout':>7} {'survived':>8} {'no tests':>8} "
        f"{'total':>5} {'score':>6} {'+equiv.':>7}"
    ]
    unexplained: list[str] = []
    for r in results:
        total = len(r.statuses)
        caught = r.count(*CAUGHT)
        harmless = sum(1 for n, s in r.statuses.items() if s not in CAUGHT and n in equivalents)
        score = 100 * caught / total if total else 100.0
        adjusted = 100 * caught / (total - harmless) if total - harmless else 100.0
        out.append(
            f"{r.module:<14} {r.count('killed'):>6} {r.count('timeout'):>7} "
            f"{r.count('survived'):>8} {r.count('no tests'):>8} {total:>5} "
            f"{score:>5.1f}% {adjusted:>6.1f}%"
        )
        for name in sorted(r.diffs, key=lambda n: (r.lines.get(n, 0), n)):
            where = f"{modules[r.module].source}:{r.lines.get(name, 0)}"
            reason = equivalents.get(name)
            head = f"  {where} {short(name)} [{r.statuses[name]}]" + (
                f" harmless: {reason}" if reason else ""
            )
            if reason:
                out.append(head)
            else:
                unexplained.append(head + "\n" + indent(r.diffs[name]))
    if unexplained:
        out.append("")
        out.append(f"Survivors not explained in {EQUIVALENTS.relative_to(ROOT)}:")
        out.extend(unexplained)
    return "\n".join(out)


def markdown(results: list[Result], modules: dict[str, Module], equivalents: dict[str, str]) -> str:
    """The scores and every survivor, as TESTING.md records them."""
    out = [
        "| module | killed | timeout | signal | survived | no tests | total | score | harmless "
        "| score without harmless |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    survivors: list[str] = []
    for r in results:
        total = len(r.statuses)
        caught = r.count(*CAUGHT)
        harmless = sum(1 for n, s in r.statuses.items() if s not in CAUGHT and n in equivalents)
        out.append(
            f"| `{modules[r.module].source}` | {r.count('killed')} | {r.count('timeout')} | "
            f"{r.count('segfault')} | {r.count('survived')} | {r.count('no tests')} | {total} | "
            f"{100 * caught / total:.1f} % | {harmless} | "
            f"{100 * caught / (total - harmless):.1f} % |"
        )
        for name in sorted(r.diffs, key=lambda n: (r.lines.get(n, 0), n)):
            removed = [
                x[1:].strip() for x in r.diffs[name].splitlines() if x[:1] == "-" and x[1:2] != "-"
            ]
            added = [
                x[1:].strip() for x in r.diffs[name].splitlines() if x[:1] == "+" and x[1:2] != "+"
            ]
            change = f"`{' '.join(removed)}` → `{' '.join(added)}`"
            why = equivalents.get(name, "**not explained yet**")
            survivors.append(
                f"- `{modules[r.module].source}:{r.lines.get(name, 0)}` {short(name)} "
                f"({r.statuses[name]}): {change}. {why}"
            )
    return "\n".join(out) + "\n\n" + "\n".join(survivors) + "\n"


def indent(diff: str) -> str:
    body = [line for line in diff.splitlines() if not line.startswith(("---", "+++"))]
    return "\n".join("      " + line for line in body)


def ensure_mutmut() -> None:
    try:
        from importlib.metadata import version

        if version("mutmut") == MUTMUT:
            return
    except Exception:  # not installed: install it below
        pass
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", f"mutmut=={MUTMUT}"], check=True
    )


def stop(signum: int, frame: object) -> None:
    """SIGTERM (a ``kill`` of this script) ends mutmut and what it started, as Ctrl-C does."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, stop)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", default="", help="comma-separated names from modules.toml")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where the copies go")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--report-only", action="store_true", help="read the last run's results")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run the last run's survivors again against the tests as they are now",
    )
    parser.add_argument(
        "--baseline", action="store_true", help="leave out tests/test_mutants_* (the score before)"
    )
    args = parser.parse_args(argv)

    modules = load_modules()
    chosen = [n.strip() for n in args.module.split(",") if n.strip()] or list(modules)
    unknown = [n for n in chosen if n not in modules]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(modules)}")
    args.work.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    if args.recheck:
        ensure_mutmut()
        become_subreaper()
        suites: dict[str, list[Module]] = {}
        for name in chosen:
            suites.setdefault(modules[name].suite, []).append(modules[name])
        for suite, group in suites.items():
            recheck(group, args.work, args.max_children, args.work / f"{suite}-recheck.log")
    elif not args.report_only:
        ensure_mutmut()
        if not become_subreaper():
            print("warning: not a subreaper; a timed-out mutant's subprocesses may linger")
        groups: dict[str, list[Module]] = {}
        for name in chosen:
            groups.setdefault(modules[name].suite, []).append(modules[name])
        for suite, group in groups.items():
            log = args.work / f"{suite}.log"
            run_group(group, args.work, args.max_children, log, args.baseline)

    results = [r for r in (read_results(modules[n], args.work) for n in chosen) if r is not None]
    missing = [n for n in chosen if n not in {r.module for r in results}]
    text = report(results, modules, load_equivalents())
    if missing:
        text += f"\n\nNo results for: {', '.join(missing)}"
    if not args.report_only and not args.recheck:
        text += f"\n\nWall time: {(time.monotonic() - started) / 60:.1f} min"
    print(text)
    (args.work / "report.txt").write_text(text + "\n", encoding="utf-8")
    (args.work / "report.md").write_text(markdown(results, modules, load_equivalents()), "utf-8")
    summary = {
        r.module: {
            "statuses": r.statuses,
            "survivors": {n: {"line": r.lines.get(n), "diff": d} for n, d in r.diffs.items()},
        }
        for r in results
    }
    (args.work / "report.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
