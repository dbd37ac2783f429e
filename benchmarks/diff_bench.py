"""Benchmark ``jdgen diff``: a 150-clause bilingual role against an edited copy (target
< 0.5 s), and ``--from REV`` over the bundled library in a temporary git repo (target < 3 s).

    python -m benchmarks.diff_bench
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import EN_WORDS, TH_WORDS
from jdgen.diff import diff_documents, diff_sets
from jdgen.diff.formats import Options, writers
from jdgen.diff.sources import revision_side, worktree_side
from jdgen.errors import Location
from jdgen.resolve.document import Clause, Document, Section
from jdgen.validate.model import SECTION_ORDER

REPO = Path(__file__).resolve().parent.parent


def _text(rng: random.Random) -> dict[str, str]:
    return {
        "th": "".join(rng.choice(TH_WORDS) for _ in range(rng.randint(10, 20))),
        "en": " ".join(rng.choice(EN_WORDS) for _ in range(rng.randint(12, 24))),
    }


def big_document(rng: random.Random, clauses: int = 150) -> Document:
    """A bilingual document of ``clauses`` clauses spread over the nine sections."""
    per = {key: [] for key in SECTION_ORDER}  # type: dict[str, list[Clause]]
    for i in range(clauses):
        per[SECTION_ORDER[i % len(SECTION_ORDER)]].append(Clause(f"c{i}", _text(rng)))
    return Document(
        "big",
        "big",
        None,
        ("big",),
        ("th", "en"),
        "JD-1",
        {"th": "บริษัท", "en": "Co."},
        {"th": "ตำแหน่ง", "en": "Post"},
        {"th": "ฝ่าย", "en": "Unit"},
        {"th": "หัวหน้า", "en": "Head"},
        None,
        tuple(Section(k, tuple(v)) for k, v in per.items()),
        {"th": "ผู้อนุมัติ", "en": "Approver"},
        ("lawyer",),
        Location("big"),
    )


def edited(rng: random.Random, doc: Document) -> Document:
    """A copy with ~15 % of clauses reworded, some removed, added and moved."""
    sections = []
    for section in doc.sections:
        clauses = list(section.clauses)
        for i, clause in enumerate(clauses):
            if rng.random() < 0.15:
                th = clause.text["th"].replace(rng.choice(TH_WORDS), rng.choice(TH_WORDS), 1)
                en = clause.text["en"].replace(rng.choice(EN_WORDS), rng.choice(EN_WORDS), 1)
                clauses[i] = dataclasses.replace(clause, text={"th": th + "ใหม่", "en": en})
        if len(clauses) > 3:
            clauses.pop(rng.randrange(len(clauses)))
            clauses.insert(0, clauses.pop())
        clauses.append(Clause(f"{section.key}-new", _text(rng)))
        sections.append(Section(section.key, tuple(clauses)))
    return dataclasses.replace(doc, sections=tuple(sections))


def timed(label: str, fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best:7.3f} s")
    return best


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def main() -> None:
    """Print the figures."""
    argparse.ArgumentParser(
        prog="python -m benchmarks.diff_bench",
        description="Time jdgen diff on a 150-clause role and --from over the bundled library.",
    ).parse_args()
    rng = random.Random(6)
    old = big_document(rng)
    new = edited(rng, old)
    start = time.perf_counter()
    from jdgen.diff.words import tokenize

    tokenize("ทดสอบ")
    print(
        f"{'first Thai segmentation (PyThaiNLP dictionary load)':<58} "
        f"{time.perf_counter() - start:7.3f} s"
    )
    result = diff_documents(old, new)
    print(f"150-clause role: {len(result.changes)} changes {result.counts()}")
    one = timed(
        "diff_documents, 150 clauses, cold word cache",
        lambda: diff_documents(
            big_document(random.Random(7)), edited(random.Random(8), big_document(random.Random(7)))
        ),
        repeat=1,
    )
    two = timed(
        "diff_documents + json + docx, 150 clauses",
        lambda: [writers()[f](diff_sets([old], [new]), Options()) for f in ("json", "docx")],
    )
    print(
        f"  target 0.5 s: {'ok' if max(one, two) < 0.5 else 'MISSED'} "
        f"(ratio {max(one, two) / 0.5:.2f})"
    )

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "lib"
        repo.mkdir()
        shutil.copyfile(REPO / "jdgen.toml", repo / "jdgen.toml")
        shutil.copytree(REPO / "roles", repo / "roles")
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "library")
        base = repo / "roles" / "account-manager.yaml"
        base.write_text(
            base.read_text(encoding="utf-8").replace("หัวหน้าฝ่ายขาย", "ผู้อำนวยการฝ่ายขาย"),
            encoding="utf-8",
        )
        git(repo, "commit", "-qam", "edit")

        def whole() -> None:
            a, b = revision_side(repo, "HEAD~1"), worktree_side(repo)
            writers()["term"](diff_sets(a.documents, b.documents), Options())

        total = timed("--from HEAD~1 over the bundled library (in-process)", whole)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "jdgen", "--project", str(repo), "diff", "--from", "HEAD~1"],
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
            cwd=repo,
        )
        cli = time.perf_counter() - start
        print(f"{'jdgen diff --from HEAD~1 (new process, incl. imports)':<58} {cli:7.3f} s")
        print(
            f"  target 3 s: {'ok' if max(total, cli) < 3 else 'MISSED'} "
            f"(ratio {max(total, cli) / 3:.2f})"
        )


if __name__ == "__main__":
    main()
