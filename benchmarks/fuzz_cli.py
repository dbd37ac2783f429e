"""Fuzz the command line: mutate a project's files and look for internal errors (exit 70).

    python -m benchmarks.fuzz_cli [--seconds 180] [--count N] [--seed 1] [--out DIR]
                                  [--ignore TEXT ...]

A small document project (a base role, a child with a variant, a clerk, and a ledger with
sign-offs) is written once. Each case copies it, mutates one file — a role file,
``jdgen.toml``, a ledger file or a stored content file — with one of a few dozen
mutations (byte flips, lines deleted or doubled, truncation, and tokens known to upset
parsers: huge integers, NUL, bidi controls, YAML tags and anchors, ``${``, ``{{``), then
runs ``validate``, ``build --format html``, ``status``, ``verify`` and ``diff`` (the
original role against the mutated one) in-process. A case is a finding when a command
exits 70 or raises (commands run with ``--debug``, so the traceback's last line tells
findings apart). Each finding is saved under ``--out`` (default ``fuzz-findings/``)
as the mutated file, the command and the output, and the run prints a summary.

Bounded by time and by count; the same seed gives the same cases.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from jdgen.cli import main

CONFIG = """\
languages = ["th", "en"]
organisation = { th = "บริษัท ทดสอบ จำกัด", en = "Test Co., Ltd." }
formats = ["html"]

[approval]
approver = { th = "กรรมการผู้จัดการ", en = "Managing Director" }
"""

ROLES = {
    "base": """\
        abstract: true
        title: {th: พนักงาน, en: Employee}
        department: {th: ฝ่ายขาย, en: Sales}
        reports_to: {th: หัวหน้าฝ่าย, en: Head of Department}
        general_provisions:
          - id: category
            text: {th: จัดอยู่ในกลุ่มพนักงาน, en: Belongs to staff.}
        functions:
          - id: search
            text: {th: สรรหาลูกค้าใน ${region}, en: "Searching for clients in ${region}."}
            items:
              - {id: calls, text: {th: โทรหาลูกค้า, en: Calling clients.}}
        rights:
          - id: information
            text: {th: เข้าถึงข้อมูล, en: To access information.}
        responsibility:
          - id: duties
            text: {th: การไม่ปฏิบัติหน้าที่, en: Failure to perform duties.}
        """,
    "am": """\
        extends: base
        title: {th: ผู้จัดการบัญชี, en: Account Manager}
        number: HR-001
        variants:
          - id: bangkok
            params: {region: {th: กรุงเทพ, en: Bangkok}}
          - id: north
            params: {region: {th: ภาคเหนือ, en: the North}}
        functions:
          - id: report
            after: search
            text: {th: รายงานยอดขาย, en: Reporting sales.}
        requirements:
          - {id: degree, kind: education, text: {th: ปริญญาตรี, en: A bachelor's degree.}}
        """,
    "clerk": """\
        title: {th: เสมียน, en: Clerk}
        department: {th: ธุรการ, en: Administration}
        reports_to: {th: ผู้จัดการสำนักงาน, en: Office Manager}
        general_provisions:
          - {id: category, text: {th: พนักงาน, en: Staff.}}
        functions:
          - {id: filing, text: {th: จัดเก็บเอกสาร, en: Filing documents.}}
        rights:
          - {id: tools, text: {th: ใช้อุปกรณ์, en: To use the tools.}}
        responsibility:
          - {id: loss, text: {th: การสูญหาย, en: Loss of documents.}}
        """,
}

SIGNATURES = [
    [
        "sign",
        "clerk",
        "--as",
        "lawyer",
        "--name",
        "Somchai Jaidee",
        "--post",
        "Legal Counsel",
        "--date",
        "2024-05-01",
    ],
    [
        "sign",
        "clerk",
        "--as",
        "hr",
        "--name",
        "Somying Rakngan",
        "--post",
        "HR Manager",
        "--date",
        "2024-05-02",
    ],
]

TOKENS = [
    "9" * 5000,
    "-" + "9" * 4400,
    "1e999",
    "0x" + "f" * 5000,
    "\x00",
    "\ufeff",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u2028",
    "e\u0301",
    "${",
    "${region",
    "${nope}",
    "{{ x }}",
    "{% if %}",
    "<script>",
    "&a",
    "*a",
    "&a [*a, *a]",
    "!!python/object:os.system",
    "!!binary",
    "? ",
    ": ",
    "- ",
    "---",
    "...",
    "\t",
    "~",
    "null",
    "[]",
    "{}",
    "''",
    '"',
    "'",
    "#",
    "id:",
    "extends: base",
    "extends: am",
    "extends: clerk",
    "remove: true",
    "after: nope",
    "languages = []",
    'languages = ["xx"]',
    'output = "/etc"',
    "[approval]",
    "= 1",
    "2999-01-01",
    "0001-01-01",
    "ceo",
    "sha256: " + "0" * 64,
    "\udcff",
    "\x85",
    "\r",
    "a" * 300,
]


def write_base(root: Path) -> Path:
    """The project every case starts from, with a ledger: returns its folder."""
    (root / "roles").mkdir(parents=True)
    (root / "jdgen.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in ROLES.items():
        (root / "roles" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    runner = CliRunner()
    for args in SIGNATURES:
        result = runner.invoke(main, ["--project", str(root), *args])
        if result.exit_code != 0:
            raise SystemExit(f"fuzz_cli: could not sign the base project: {result.output}")
    return root


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One mutation of ``data``, and a word saying which."""
    lines = data.split(b"\n")
    kind = rng.choice(
        [
            "token",
            "token",
            "value",
            "value",
            "value",
            "flip",
            "delete",
            "double",
            "truncate",
            "swap",
            "indent",
        ]
    )
    valued = [i for i, line in enumerate(lines) if b": " in line or b" = " in line]
    if kind == "value" and valued:  # a whole value replaced: reaches the typed checks
        at = rng.choice(valued)
        sep = b": " if b": " in lines[at] else b" = "
        token = rng.choice(TOKENS).encode("utf-8", "surrogateescape")
        head = lines[at].split(sep, 1)[0]
        lines[at] = head + sep + token
        return b"\n".join(lines), f"value of line {at + 1} := {token[:40]!r}"
    if kind == "flip" and data:
        at = rng.randrange(len(data))
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :], f"flip@{at}"
    if kind == "delete" and lines:
        at = rng.randrange(len(lines))
        return b"\n".join(lines[:at] + lines[at + 1 :]), f"delete-line {at + 1}"
    if kind == "double" and lines:
        at = rng.randrange(len(lines))
        return b"\n".join(lines[: at + 1] + lines[at:]), f"double-line {at + 1}"
    if kind == "truncate" and data:
        at = rng.randrange(len(data))
        return data[:at], f"truncate@{at}"
    if kind == "swap" and len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return b"\n".join(lines), f"swap-lines {a + 1},{b + 1}"
    if kind == "indent" and lines:
        at = rng.randrange(len(lines))
        lines[at] = b" " * rng.choice([1, 2, 3, 8]) + lines[at]
        return b"\n".join(lines), f"indent-line {at + 1}"
    token = rng.choice(TOKENS).encode("utf-8", "surrogateescape")
    at = rng.randrange(len(data) + 1)
    if rng.random() < 0.5:  # replace a word instead of inserting
        end = min(len(data), at + rng.randrange(1, 12))
        return data[:at] + token + data[end:], f"replace@{at}:{end} with {token[:40]!r}"
    return data[:at] + token + data[at:], f"insert@{at} {token[:40]!r}"


def targets(root: Path) -> list[Path]:
    """The files a case may mutate."""
    found = [root / "jdgen.toml", *sorted((root / "roles").glob("*.yaml"))]
    found += sorted((root / "signoffs").glob("*.yaml"))
    found += sorted((root / "signoffs" / "content").glob("*.json"))
    return found


def commands(root: Path, original: Path, mutated: Path) -> list[list[str]]:
    """The commands each case runs (``diff`` only when a role file was mutated)."""
    found = [["validate"], ["build", "--format", "html", "-j1"], ["status"], ["verify"]]
    if mutated.parent.name == "roles":
        found.append(["diff", str(original), str(mutated), "--format", "json"])
    return found


def run_case(runner: CliRunner, root: Path, argv: list[str]) -> tuple[int, str, str]:
    """Exit code, output and (if it raised) the exception's repr."""
    result = runner.invoke(main, ["--debug", "--project", str(root), *argv], catch_exceptions=True)
    raised = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raised = repr(result.exception)
    return result.exit_code, result.output, raised


def fuzz(
    seconds: float,
    count: int,
    seed: int,
    out: Path,
    say: Callable[[str], None] = print,
    ignore: tuple[str, ...] = (),
) -> int:
    """Run cases until ``seconds`` or ``count`` run out; the number of findings.

    A finding whose last traceback line contains one of ``ignore`` (a known bug) is not
    counted, so that a run can look for others.
    """
    rng = random.Random(seed)
    runner = CliRunner()
    findings = 0
    seen: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="jdgen-fuzz-") as work:
        base = write_base(Path(work) / "base")
        originals = Path(work) / "originals"
        shutil.copytree(base / "roles", originals / "roles")
        shutil.copy(base / "jdgen.toml", originals / "jdgen.toml")
        started, cases, runs = time.monotonic(), 0, 0
        while cases < count and time.monotonic() - started < seconds:
            cases += 1
            case = Path(work) / "case"
            shutil.rmtree(case, ignore_errors=True)
            shutil.copytree(base, case)
            target = rng.choice(targets(case))
            data, how = target.read_bytes(), ""
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                data, step = mutate(rng, data)
                how = f"{how}; {step}" if how else step
            target.write_bytes(data)
            relative = target.relative_to(case).as_posix()
            original = originals / relative
            for argv in commands(case, original, target):
                runs += 1
                code, output, raised = run_case(runner, case, argv)
                if code != 70 and not raised:
                    continue
                lines = (raised or output).strip().splitlines()  # --debug: the traceback
                signature = lines[-1][:160] if lines else f"exit {code}"
                if any(known in signature for known in ignore):
                    continue
                findings += 1
                where = out / f"{findings:04d}-{argv[0]}"
                where.mkdir(parents=True, exist_ok=True)
                (where / Path(relative).name).write_bytes(data)
                (where / "case.txt").write_text(
                    f"file: {relative}\nmutation: {how}\ncommand: jdgen {' '.join(argv)}\n"
                    f"exit: {code}\n{raised}\n--- output ---\n{output}",
                    encoding="utf-8",
                )
                if signature not in seen:
                    seen.add(signature)
                    say(
                        f"FINDING {findings}: jdgen {argv[0]} exit {code} on {relative} "
                        f"({how}): {signature}  -> {where}"
                    )
        elapsed = time.monotonic() - started
        say(
            f"{cases} case(s), {runs} command run(s) in {elapsed:.0f} s; {findings} "
            f"finding(s) (exit 70 or an exception), {len(seen)} distinct"
        )
    return findings


def main_(argv: list[str] | None = None) -> int:
    """Command-line entry: exit 1 when anything was found."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.fuzz_cli", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=180.0, help="time budget")
    parser.add_argument("--count", type=int, default=100_000, help="most cases to run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("fuzz-findings"),
        help="folder for the findings (created when there are some)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="TEXT",
        help="do not count findings whose error contains TEXT (repeatable)",
    )
    args = parser.parse_args(argv)
    found = fuzz(args.seconds, args.count, args.seed, args.out, ignore=tuple(args.ignore))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main_())
