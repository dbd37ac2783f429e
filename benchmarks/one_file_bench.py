"""Time ``jdgen validate`` on one role file with N clauses (default 10,000).

    python -m benchmarks.one_file_bench [N] [RUNS]

One file is the duplicate-clause lint's worst case: every pair of its clauses is a
candidate pair. Prints the median wall and CPU time of the whole in-process pipeline and of
the lint alone (one document, every clause in one group).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import CONFIG, _clause
from benchmarks.validate_bench import SRC, _cpu

LIMITS = "[limits]\nmax_file_bytes = 100000000\nmax_nodes = 10000000\n\n"


def write_one_file(root: Path, clauses: int, seed: int = 3) -> Path:
    """A project whose single role file has ``clauses`` functions (and one clause in each
    other required section)."""
    rng = random.Random(seed)
    (root / "roles").mkdir(parents=True, exist_ok=True)
    (root / "jdgen.toml").write_text(
        CONFIG.replace("[approval]", LIMITS + "[approval]"), encoding="utf-8"
    )
    out = [
        "title: {th: ตำแหน่งใหญ่, en: Big Position}\ndepartment: {th: ฝ่าย, en: Division}\n"
        "reports_to: {th: หัวหน้า, en: Head}\n"
    ]
    for section in ("general_provisions", "rights", "responsibility"):
        out.append(f"{section}:\n" + _clause(rng, section, 0, "x"))
    out.append("functions:\n")
    out.extend(_clause(rng, "functions", i, "f") for i in range(clauses))
    (root / "roles" / "big.yaml").write_text("".join(out), encoding="utf-8")
    return root


def main(argv: list[str]) -> None:
    """Generate the file, time the pipeline and the lint, print the figures."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.one_file_bench", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument(
        "clauses",
        nargs="?",
        type=int,
        default=10_000,
        help="clauses in the one role file (default 10,000)",
    )
    parser.add_argument("runs", nargs="?", type=int, default=3, help="runs (default 3)")
    args = parser.parse_args(argv)
    clauses, runs = args.clauses, args.runs
    sys.path.insert(0, str(SRC))
    from jdgen.lint.duplicates import DuplicateFinder
    from jdgen.pipeline import analyse, spec_texts
    from jdgen.project import load_config

    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(write_one_file(Path(tmp) / "project", clauses))
        state = analyse(config)
        assert not state.errors, state.errors[:3]
        doc = state.documents[0]
        texts = list(spec_texts(list(state.roles.held()), config.languages[0]))
        print(f"one role file, {clauses:,} clauses, {runs} runs each")
        for label, job in (
            ("validate (in-process)", lambda: analyse(config)),
            ("duplicate-clause lint", lambda: DuplicateFinder(texts)(doc)),
        ):
            wall, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), _cpu()
                job()
                wall.append(time.perf_counter() - start)
                cpu.append(_cpu() - start_cpu)
            print(
                f"{label:<24} wall median {statistics.median(wall):7.2f} s   "
                f"cpu median {statistics.median(cpu):7.2f} s"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
