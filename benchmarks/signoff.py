"""Sign-off speed: sign every document of a synthetic project through the library, then time
reading the ledger for all of them (what ``jdgen build`` does) and ``jdgen verify``.

    python -m benchmarks.signoff [N]        (default N = 200 documents, 4 entries each)

Prints seconds per step and per document; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_project
from jdgen.pipeline import analyse
from jdgen.project import load_config
from jdgen.signoff import approval_states
from jdgen.signoff.sign import SignOff, sign
from jdgen.signoff.verify import verify

SIGNERS = (
    ("lawyer", "Legal Counsel"),
    ("hr", "HR Manager"),
    ("supervisor", None),
    ("approver", None),
)


def main(count: int) -> None:
    """Run the benchmark on ``count`` documents."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp) / "project", count)
        config = load_config(root)
        started = time.perf_counter()
        state = analyse(config)
        analysed = time.perf_counter() - started
        documents = state.documents
        started = time.perf_counter()
        for doc in documents:
            for role, post in SIGNERS:
                sign(
                    state,
                    SignOff(doc.id, role, f"Signer {role}", post, "2024-05-01"),
                    today=dt.date(2024, 5, 1),
                )
        signing = time.perf_counter() - started
        started = time.perf_counter()
        states = approval_states(config, documents)
        reading = time.perf_counter() - started
        started = time.perf_counter()
        report = verify(state, require_approved=True)
        verifying = time.perf_counter() - started
        n = len(documents)
        assert report.ok and all(s.is_approved for s in states.values())
        print(f"documents: {n}, entries: {report.entries}")
        print(f"analyse (load+resolve+lint): {analysed:.2f}s")
        print(f"sign x{4 * n}: {signing:.2f}s ({signing / (4 * n) * 1000:.1f} ms/sign-off)")
        print(
            f"approval_states: {reading:.3f}s ({reading / n * 1000:.2f} ms/document, "
            f"{reading / analysed:.1%} of analyse)"
        )
        print(
            f"verify --require-approved: {verifying:.3f}s ({verifying / n * 1000:.2f} ms/document)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.signoff",
        description="Sign every document of N synthetic roles, then time the ledger reads.",
    )
    parser.add_argument("count", nargs="?", type=int, default=200, metavar="N")
    main(parser.parse_args().count)
