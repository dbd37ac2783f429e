"""Benchmark ``jdgen build`` against itself and against the obvious alternatives.

    python -m benchmarks.build_bench --roles 200 [--sample 10] [--work DIR]

Generates a synthetic project (``benchmarks/synthetic.py``) of N bilingual roles, then
measures, each run in a fresh process (so peak memory is per run):

* cold build throughput at ``-j1`` and ``-j2`` (every format jdgen can render here);
* a no-op rebuild; a one-role edit and a base-role edit (files rebuilt + time);
* peak memory (ru_maxrss) of the build process and of its largest worker;
* the alternatives on the same content, side by side, with ratios: a naive loop (one
  ``weasyprint.HTML(string=html).write_pdf()`` per document, of jdgen's own HTML),
  LibreOffice headless converting jdgen's DOCX to PDF, and pandoc (Markdown -> DOCX).
  An alternative whose input format or tool is missing is skipped with the reason.

Alternatives run on ``--sample`` documents (they are slow) and are compared per file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import write_project

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"


# -- measuring one jdgen run in a fresh process ---------------------------------------------


def _descendants(root: int) -> list[int]:
    """Process ids below ``root`` (workers are the forkserver's children, not ours)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        found.extend(kids)
        frontier.extend(kids)
    return found


def _watch_workers(peak: dict[int, int], stop: threading.Event) -> None:
    """Record each descendant's VmHWM (peak RSS, kB) until ``stop`` is set."""
    while not stop.wait(0.2):
        for pid in _descendants(os.getpid()):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak[pid] = max(peak.get(pid, 0), int(line.split()[1]))


def _measure_main(argv: list[str]) -> None:
    """(In a child process) run the jdgen CLI and print timing and peak memory as JSON.

    A worker's peak is read from /proc while it runs (workers are forked from a server
    process, so our own RUSAGE_CHILDREN does not see them).
    """
    from jdgen.cli import main

    peak: dict[int, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_workers, args=(peak, stop), daemon=True)
    if Path("/proc/self/status").exists():
        watcher.start()
    start = time.perf_counter()
    code = 0
    try:
        main(argv, standalone_mode=False)
    except SystemExit as exc:  # pragma: no cover - click exits
        code = int(exc.code or 0)
    except Exception as exc:  # report, don't hide, a failed benchmark run
        print(f"jdgen failed: {exc!r}", file=sys.stderr)
        code = 1
    elapsed = time.perf_counter() - start
    stop.set()
    if watcher.is_alive():
        watcher.join()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = max([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, *peak.values()])
    print(json.dumps({"seconds": elapsed, "code": code, "rss_kb": own, "children_rss_kb": kids}))


def jdgen(project: Path, *args: str) -> dict[str, Any]:
    """Run ``jdgen --project PROJECT ARGS`` in a fresh process; timing, memory and report."""
    report = Path(tempfile.mkstemp(suffix=".json")[1])
    argv = ["--project", str(project), *args, "--report", str(report)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(ROOT)])}
    wall = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.build_bench", "--_measure", json.dumps(argv)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - wall
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"jdgen {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall"] = wall
    out["report"] = json.loads(report.read_text()) if report.stat().st_size else {}
    report.unlink()
    summary = out["report"].get("summary", {})
    out["built"] = summary.get("built", 0)
    return out


# -- the alternatives -----------------------------------------------------------------------


def _documents(project: Path) -> list[Any]:
    from jdgen.pipeline import load_documents
    from jdgen.project import load_config

    return load_documents(load_config(project)).documents


def naive_pages(project: Path, sample: int) -> list[str]:
    """The HTML jdgen's PDF engine typesets for ``sample`` documents, made standalone.

    Same markup (no clause ids), with the stylesheet and the same @font-face rules (font
    files, not the preview's embedded subsets) inline, so a naive renderer sets the same
    glyphs on the same pages and differs from jdgen only in how WeasyPrint is driven.
    """
    from jdgen.assets.fonts import all_fonts
    from jdgen.assets.templates import TemplateSet
    from jdgen.render.fonts import font_face_css
    from jdgen.render.html import RenderContext, render_html

    docs = _documents(project)[:sample]
    templates = TemplateSet(project / "templates")
    ctx = RenderContext(templates)
    style = f"<head><style>{font_face_css(all_fonts(templates))}\n{templates.style_css[1]}</style>"
    return [
        render_html(d, (lang,), ctx, inline_css=False, anchors=False).replace("<head>", style, 1)
        for d in docs
        for lang in d.languages
    ]


def naive_weasyprint(project: Path, sample: int) -> tuple[float, int] | str:
    """Seconds and files for one default WeasyPrint call per document, in one process."""
    try:
        import weasyprint
    except ImportError as err:
        return f"weasyprint is not installed ({err})"
    pages = naive_pages(project, sample)
    start = time.perf_counter()
    for html in pages:
        weasyprint.HTML(string=html).write_pdf()
    return time.perf_counter() - start, len(pages)


def naive_weasyprint_cli(project: Path, sample: int, work: Path) -> tuple[float, int] | str:
    """Seconds and files for a shell loop running the ``weasyprint`` command per document."""
    folder = work / "cli"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources = []
    for index, html in enumerate(naive_pages(project, sample)):
        path = folder / f"{index}.html"
        path.write_text(html, encoding="utf-8")
        sources.append(path)
    start = time.perf_counter()
    for path in sources:
        subprocess.run(
            [sys.executable, "-m", "weasyprint", str(path), str(path.with_suffix(".pdf"))],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start, len(sources)


def libreoffice(out: Path, sample: int, work: Path) -> tuple[float, int] | str:
    """Seconds and files for ``soffice --headless --convert-to pdf`` of jdgen's DOCX."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "soffice is not installed"
    docx = sorted(out.glob("*.docx"))[: 2 * sample]
    if not docx:
        return "jdgen produced no DOCX here (no docx renderer registered)"
    target = work / "lo"
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(target), *map(str, docx)],
        capture_output=True,
        check=True,
        timeout=1800,
    )
    return time.perf_counter() - start, len(docx)


def markdown(doc: Any, lang: str) -> str:
    """The document as Markdown (what a pandoc-based pipeline would keep in git)."""
    from jdgen.render.view import number_document

    lines = [f"# {doc.title[lang]}", "", f"{doc.organisation[lang]} — {doc.number}", ""]
    for section in number_document(doc):
        lines += [f"## {section.number}. {section.key.replace('_', ' ')}", ""]
        for clause in section.clauses:
            lines.append(f"{clause.number} {clause.text(lang)}")
            lines += [f"    {i.number} {i.text(lang)}" for i in clause.items]
            lines.append("")
    return "\n".join(lines)


def pandoc(project: Path, sample: int, work: Path) -> tuple[float, int] | str:
    """Seconds and files for one ``pandoc x.md -o x.docx`` per document."""
    exe = shutil.which("pandoc")
    if exe is None:
        return "pandoc is not installed"
    folder = work / "pandoc"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources = []
    for doc in _documents(project)[:sample]:
        for lang in doc.languages:
            path = folder / f"{doc.id}.{lang}.md"
            path.write_text(markdown(doc, lang), encoding="utf-8")
            sources.append(path)
    start = time.perf_counter()
    for path in sources:
        subprocess.run(
            [exe, str(path), "-o", str(path.with_suffix(".docx"))], check=True, capture_output=True
        )
    return time.perf_counter() - start, len(sources)


# -- the run --------------------------------------------------------------------------------


def rate(seconds: float, files: int) -> float:
    """Files per second."""
    return files / seconds if seconds > 0 else float("inf")


def edit_role(project: Path, name: str) -> None:
    """Change one word of one clause of ``roles/<name>.yaml``."""
    path = project / "roles" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('en: "', 'en: "Edited: ', 1), encoding="utf-8")


def main() -> None:
    """Parse options, run every measurement, print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.build_bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--roles", type=int, default=100)
    parser.add_argument(
        "--sample", type=int, default=10, help="documents given to the (slow) alternatives"
    )
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work" / "build")
    parser.add_argument("--_measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._measure:
        _measure_main(json.loads(args._measure))
        return
    sys.path.insert(0, str(SRC))
    from jdgen.render.formats import RENDERERS

    formats = [f for f in ("pdf", "docx", "html") if f in RENDERERS]
    fmt = ",".join(formats)
    shutil.rmtree(args.work, ignore_errors=True)
    project = write_project(args.work / "project", args.roles)
    out = project / "output"
    ndocs = len(_documents(project))
    print(
        f"project: {args.roles} roles -> {ndocs} documents x 2 languages x {fmt} "
        f"on {os.cpu_count()} CPUs"
    )

    rows: list[tuple[str, str]] = []
    cold = {}
    for jobs in ("1", "2"):
        shutil.rmtree(out, ignore_errors=True)
        run = jdgen(project, "build", "--format", fmt, "-j", jobs)
        cold[jobs] = run
        rows.append(
            (
                f"cold build -j{jobs}",
                f"{run['built']} files in {run['wall']:.2f} s = "
                f"{rate(run['wall'], run['built']):.1f} files/s; peak RSS parent "
                f"{run['rss_kb'] / 1024:.0f} MB, largest worker "
                f"{run['children_rss_kb'] / 1024:.0f} MB",
            )
        )
    speedup = cold["1"]["wall"] / cold["2"]["wall"]
    rows.append(("-j2 / -j1 speed-up", f"{speedup:.2f}x"))
    noop = jdgen(project, "build", "--format", fmt)
    rows.append(
        (
            "no-op rebuild",
            f"{noop['wall']:.3f} s wall ({noop['seconds']:.3f} s in "
            f"jdgen, the rest interpreter start), {noop['built']} files built, "
            f"{noop['report']['summary']['unchanged']} unchanged",
        )
    )
    edit_role(project, "role-00001")
    one = jdgen(project, "build", "--format", fmt)
    rows.append(("one-role edit", f"{one['built']} files rebuilt in {one['wall']:.2f} s"))
    edit_role(project, "base-1")
    base = jdgen(project, "build", "--format", fmt)
    rows.append(
        (
            "base-role edit",
            f"{base['built']} files rebuilt in {base['wall']:.2f} s "
            f"(the documents extending base-1)",
        )
    )

    jd_rate = {f: None for f in ("pdf", "docx")}
    for f in ("pdf", "docx"):
        if f in formats:
            shutil.rmtree(out, ignore_errors=True)
            run = jdgen(project, "build", "--format", f, "-j2")
            jd_rate[f] = rate(run["wall"], run["built"])
            rows.append((f"cold {f} only -j2", f"{jd_rate[f]:.1f} files/s"))
    if "docx" in formats:  # LibreOffice converts jdgen's DOCX
        shutil.rmtree(out, ignore_errors=True)
        jdgen(project, "build", "--format", "docx", "-j2")

    work = args.work / "alt"
    work.mkdir(parents=True, exist_ok=True)
    alternatives = [
        (
            "naive WeasyPrint loop, one process (PDF)",
            "pdf",
            lambda: naive_weasyprint(project, args.sample),
        ),
        (
            "naive `weasyprint` command per document (PDF)",
            "pdf",
            lambda: naive_weasyprint_cli(project, args.sample, work),
        ),
        ("LibreOffice DOCX -> PDF", "pdf", lambda: libreoffice(out, args.sample, work)),
        ("pandoc Markdown -> DOCX", "docx", lambda: pandoc(project, args.sample, work)),
    ]
    for name, compared, measure in alternatives:
        found = measure()
        if isinstance(found, str):
            rows.append((name, f"skipped: {found}"))
            continue
        seconds, files = found
        alt = rate(seconds, files)
        ratio = (
            f"jdgen {compared} -j2 is {jd_rate[compared] / alt:.1f}x faster"
            if jd_rate[compared]
            else f"no ratio: jdgen has no {compared} renderer on this branch"
        )
        rows.append((name, f"{files} files in {seconds:.2f} s = {alt:.2f} files/s; {ratio}"))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")


if __name__ == "__main__":
    main()
