"""``jdgen serve``: preview latency after a keystroke, catalogue time, memory over edits.

    python -m benchmarks.serve_bench [--edits 1000] [--roles 750] [--work DIR]

Runs the real server (uvicorn on 127.0.0.1, an ephemeral port, in a thread) and talks to it
over HTTP as the pages do:

* preview: ``POST /api/check/account-manager`` with the bundled library's largest document
  edited by one character each time (validate + resolve + render HTML; the rendered page is
  fetched too), median and p95; target < 300 ms;
* catalogue: ``GET /`` of a synthetic library (``benchmarks/synthetic.py``: N roles give
  about 4N/3 documents), median of 20 after the first analysis; target < 500 ms;
* memory: the process's resident set after every 100 of ``--edits`` edits (each a new text,
  so a new preview); it should stay flat (previews are kept 32 at most).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from benchmarks.synthetic import write_project
from jdgen.project import load_project
from jdgen.serve.server import Served, prepare

REPO = Path(__file__).resolve().parent.parent
ROLE = "account-manager"


def rss_mb() -> float:
    """The resident set size of this process now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1e6


@contextmanager
def running(root: Path) -> Iterator[tuple[Served, httpx2.Client]]:
    """The server on ``root`` and a client holding its token, stopped afterwards."""
    served = prepare(load_project(root), "127.0.0.1", 0, watch=False)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    base = served.url.split("/?")[0]
    headers = {"origin": base, "x-csrf-token": served.secrets.csrf}
    client = httpx2.Client(
        base_url=base,
        headers=headers,
        timeout=120,
        cookies={served.secrets.cookie: served.secrets.token},
    )
    try:
        for _ in range(200):
            try:
                client.get("/static/serve.css")
                break
            except httpx2.TransportError:
                time.sleep(0.05)
        yield served, client
    finally:
        client.close()
        served.stop()
        thread.join(15)


def bundled_copy(work: Path) -> Path:
    root = work / "bundled"
    root.mkdir()
    shutil.copy(REPO / "jdgen.toml", root)
    shutil.copytree(REPO / "roles", root / "roles")
    return root


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_preview(client: httpx2.Client, edits: int) -> None:
    text = client.get(f"/api/role/{ROLE}").json()["text"]
    timings: list[float] = []
    memory: list[tuple[int, float]] = [(0, rss_mb())]
    for n in range(1, edits + 1):
        edited = text.replace("Account Manager", f"Account Manager {n}", 1)
        started = time.perf_counter()
        result = client.post(f"/api/check/{ROLE}", json={"text": edited, "lang": "th+en"})
        preview = result.json()["preview"]
        page = client.get(preview)
        timings.append((time.perf_counter() - started) * 1000)
        assert page.status_code == 200 and f"Account Manager {n}" in page.text
        if n % 100 == 0:
            memory.append((n, rss_mb()))
    print(
        f"preview after a keystroke ({ROLE}, th+en, {edits} edits): "
        f"median {statistics.median(timings):.0f} ms, p95 {percentile(timings, 0.95):.0f} ms, "
        f"first {timings[0]:.0f} ms (target < 300 ms)"
    )
    print("memory (RSS, MB) after N edits: " + ", ".join(f"{n}: {mb:.0f}" for n, mb in memory))
    later = [mb for n, mb in memory if n >= 200]
    if len(later) > 1:
        print(f"growth from 200 to {memory[-1][0]} edits: {later[-1] - later[0]:+.1f} MB")


def bench_catalogue(work: Path, roles: int) -> None:
    root = write_project(work / "synthetic", roles)
    with running(root) as (served, client):
        started = time.perf_counter()
        first = client.get("/")
        analysis = time.perf_counter() - started
        documents = len(served.server.jdgen.workspace.snapshot.state.documents)
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            page = client.get("/")
            timings.append((time.perf_counter() - started) * 1000)
        assert first.status_code == page.status_code == 200
        filtered = []
        for _ in range(10):
            started = time.perf_counter()
            client.get("/?q=manager&status=draft")
            filtered.append((time.perf_counter() - started) * 1000)
    print(
        f"catalogue of {documents} documents ({roles} role files): first request (analysis) "
        f"{analysis:.2f} s; then median {statistics.median(timings):.0f} ms, "
        f"p95 {percentile(timings, 0.95):.0f} ms, {len(page.content) / 1e6:.1f} MB of HTML; "
        f"searched median {statistics.median(filtered):.0f} ms (target < 500 ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.serve_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--roles", type=int, default=750)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="jdgen-serve-bench-", dir=args.work))
    try:
        with running(bundled_copy(work)) as (_served, client):
            bench_preview(client, args.edits)
        bench_catalogue(work, args.roles)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
