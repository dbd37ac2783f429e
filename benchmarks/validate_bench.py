"""Time ``jdgen validate`` on a synthetic project of N roles (default 1,000).

    python -m benchmarks.validate_bench [N] [RUNS]

Generates the project with :mod:`benchmarks.synthetic` in a temporary folder, then prints
the median (and min/max) of several runs: each stage in-process (load+validate, resolve,
lint), the whole pipeline in-process, and ``python -m jdgen validate`` as a subprocess
(interpreter start and imports included). Target: under 2 s for 1,000 files.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.synthetic import write_project

SRC = Path(__file__).resolve().parent.parent / "src"
TARGET_SECONDS = 2.0


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of ``runs`` calls of ``fn``."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return wall, cpu


def _line(label: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    return (
        f"{label:<28} wall median {statistics.median(wall):6.3f} s "
        f"(min {min(wall):6.3f})   cpu median {statistics.median(cpu):6.3f} s"
    )


def main(argv: list[str]) -> None:
    """Generate the project, time each stage and the CLI, print the figures."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.validate_bench",
        description="Time jdgen validate, stage by stage and as a process, on N synthetic roles.",
    )
    parser.add_argument("roles", nargs="?", type=int, default=1000, metavar="N")
    parser.add_argument("runs", nargs="?", type=int, default=5, metavar="RUNS")
    args = parser.parse_args(argv)
    roles, runs = args.roles, args.runs
    sys.path.insert(0, str(SRC))
    from jdgen.pipeline import analyse, library_linter
    from jdgen.project import load_config
    from jdgen.resolve import resolve_documents
    from jdgen.validate import load_roles

    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp) / "project", roles)
        config = load_config(root)
        roles_, broken, _ = load_roles(config)
        documents, _ = resolve_documents(config, roles_, broken)
        files = len(list(config.roles_dir.iterdir()))
        print(
            f"project: {files} role files, {len(documents)} documents, {runs} runs each; "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
        )
        print(_line("load + validate", _timed(lambda: load_roles(config), runs)))
        # Resolution frees each leaf role's positions as it goes: time it on fresh loads.
        fresh = iter([load_roles(config)[:2] for _ in range(runs)])
        print(_line("resolve", _timed(lambda: resolve_documents(config, *next(fresh)), runs)))

        def lint() -> list[object]:  # as the pipeline lints: one linter, document by document
            linter = library_linter(config, roles_)
            try:
                return [problem for doc in documents for problem in linter(doc)]
            finally:
                linter.release()

        print(_line("lint", _timed(lint, runs)))
        whole = _timed(lambda: analyse(config), runs)
        print(_line("pipeline in-process", whole))
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        command = [sys.executable, "-m", "jdgen", "--project", str(root), "validate"]

        def cli() -> None:
            subprocess.run(command, env=env, check=True, capture_output=True)

        cli_times = _timed(cli, runs)
        print(_line("jdgen validate (subprocess)", cli_times))
        wall = statistics.median(cli_times[0])
        print(
            f"subprocess: {wall / files * 1000:.2f} ms per file; "
            f"{wall / TARGET_SECONDS:.2f} x the {TARGET_SECONDS:.0f} s target "
            "(wall time; compare cpu time when the machine is busy)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
