"""How the build's memory grows with the library: parent and workers, cold and no-op.

    python -m benchmarks.memory_bench [--roles 750,3000,7500] [--formats html] [--work DIR]
                                      [--keep]

For each size, generates a synthetic project (``benchmarks/synthetic.py``: N roles give
about 4N/3 documents), publishes HTML only by default (2 files per document, so that
rendering does not drown the bookkeeping being measured; ``--formats pdf,docx,html`` gives
the 6 files per document of a full build), and runs in fresh processes a cold ``jdgen build
-j2``, then a no-op build. Prints the time, the build process's peak RSS and the
largest worker's peak for each, the parent's growth per 1,000 documents between sizes, and
the size at which the steeper of the two growths would take the parent to 400 MB (issue
#7's limit). Small sizes understate the growth: the cold build's peak is the analysis,
which holds up to 1,024 role specs, so from 4,000 to 10,000 documents it grows by about
3 MB per 1,000 against 5 MB for the no-op build; from 10,000 to 40,000 both grow by
5.2-5.3 MB per 1,000 (docs/performance.md).
HTML output takes about 250 kB per document on disk.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.synthetic import write_project

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 400


def measure(project: Path, *args: str) -> dict[str, Any]:
    """One ``jdgen --project PROJECT ARGS`` in a fresh process: seconds and peaks (kB)."""
    argv = json.dumps(["--project", str(project), *args])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.build_bench", "--_measure", argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"jdgen {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"jdgen {' '.join(args)} exited {result['code']}")
    return result


def count_documents(project: Path) -> int:
    """The number of documents the cold build published (its manifest lists 2 per document)."""
    data = json.loads((project / "output" / "manifest.json").read_bytes())
    return len({entry["document"] for entry in data["files"]})


def main() -> None:
    """Parse options, measure each size, print the table and the slope."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.memory_bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--roles",
        default="750,3000,7500",
        help="comma-separated role counts (750 roles = 1,000 documents)",
    )
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work" / "memory")
    parser.add_argument(
        "--formats",
        default="html",
        help="comma-separated formats to publish (each gives 2 files/document)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args()
    sizes = [int(n) for n in args.roles.split(",")]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    print(
        f"{', '.join(formats)}, -j2, {os.cpu_count()} CPUs; peaks are RSS (parent / largest worker)"
    )
    print(
        f"{'documents':>10}  {'cold':>8}  {'parent':>7}  {'worker':>7}  {'no-op':>7}  {'parent':>7}"
    )
    points: list[tuple[int, float, float]] = []  # documents, cold and no-op parent (MB)
    for roles in sizes:
        project = args.work / f"roles-{roles}"
        shutil.rmtree(project, ignore_errors=True)
        write_project(project, roles)
        config = project / "jdgen.toml"
        text = config.read_text(encoding="utf-8")
        listed = ", ".join(f'"{f}"' for f in formats)
        config.write_text(
            "\n".join(
                f"formats = [{listed}]" if line.startswith("formats =") else line
                for line in text.splitlines()
            )
            + "\n",
            encoding="utf-8",
        )
        cold = measure(project, "build", "-j2")
        noop = measure(project, "build", "-j2")
        documents = count_documents(project)
        points.append((documents, cold["rss_kb"] / 1024, noop["rss_kb"] / 1024))
        print(
            f"{documents:>10,}  {cold['seconds']:>6.1f} s  {cold['rss_kb'] / 1024:>4.0f} MB  "
            f"{cold['children_rss_kb'] / 1024:>4.0f} MB  {noop['seconds']:>5.2f} s  "
            f"{noop['rss_kb'] / 1024:>4.0f} MB",
            flush=True,
        )
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
    for (n0, *before), (n1, *after) in itertools.pairwise(points):
        slopes = [(b - a) / (n1 - n0) * 1000 for a, b in zip(before, after, strict=True)]
        reach = min(
            (n1 + (LIMIT_MB - mb) / slope * 1000 if slope > 0 else float("inf"))
            for mb, slope in zip(after, slopes, strict=True)
        )
        print(
            f"{n0:,} -> {n1:,} documents: parent +{slopes[0]:.1f} MB (cold), "
            f"+{slopes[1]:.1f} MB (no-op) per 1,000 documents; {LIMIT_MB} MB at about "
            f"{reach:,.0f} documents at the steeper slope"
        )


if __name__ == "__main__":
    main()
