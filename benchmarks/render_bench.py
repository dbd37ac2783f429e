"""Per-document PDF and DOCX render time over the bundled library, against naive rendering.

    PYTHONPATH=src python benchmarks/render_bench.py [--runs 5] [--no-libreoffice]

jdgen: warm engines (fonts registered and stylesheets parsed once), median over warm runs.
Naive PDF: a fresh ``HTML(string).write_pdf()`` per document with the same HTML as jdgen's
PDF (no clause ids) and an inline stylesheet, no FontConfiguration or CSS reuse. Naive
DOCX->PDF: LibreOffice converting jdgen's DOCX (one ``soffice --headless --convert-to pdf``
call per document).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from weasyprint import HTML

from jdgen.assets.fonts import all_fonts
from jdgen.assets.templates import TemplateSet
from jdgen.pipeline import analyse
from jdgen.project import load_config
from jdgen.render.docx import render_docx
from jdgen.render.fonts import font_face_css
from jdgen.render.formats import warm_up
from jdgen.render.html import RenderContext, render_html
from jdgen.render.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent


def timed(fn: object, runs: int) -> float:
    """Median seconds of ``runs`` calls."""
    assert callable(fn)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    """Print per-document medians and the speed-up over the naive ways."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.render_bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()
    state = analyse(load_config(ROOT))
    templates = TemplateSet(ROOT / "templates")
    ctx = RenderContext(templates)
    jobs = [(doc, langs) for doc in state.documents for langs in (("th",), ("en",), ("th", "en"))]
    warm_up(templates)
    for doc, langs in jobs:  # one warm pass
        render_pdf(doc, langs, ctx)
        render_docx(doc, langs, ctx)

    css = templates.find("html/style.css").read_text(encoding="utf-8")
    fonts = font_face_css(all_fonts(templates))
    print(
        f"{len(jobs)} documents (library x th, en, th+en), median of {args.runs} runs each; "
        f"{os.cpu_count()} CPUs, other processes may share them\n"
    )
    print(f"{'document':34} {'pdf s':>7} {'naive s':>8} {'x':>5} {'docx s':>7}")
    pdf_times, naive_times, docx_times = [], [], []
    for doc, langs in jobs:
        name = f"{doc.id}.{'+'.join(langs)}"
        pdf = timed(lambda d=doc, la=langs: render_pdf(d, la, ctx), args.runs)
        html = render_html(doc, langs, ctx, inline_css=False, anchors=False).replace(
            "<head>", f"<head><style>{fonts}\n{css}</style>", 1
        )
        naive = timed(lambda h=html: HTML(string=h).write_pdf(), max(2, args.runs // 2))
        docx = timed(lambda d=doc, la=langs: render_docx(d, la, ctx), args.runs)
        pdf_times.append(pdf)
        naive_times.append(naive)
        docx_times.append(docx)
        print(f"{name:34} {pdf:7.3f} {naive:8.3f} {naive / pdf:5.1f} {docx:7.3f}")
    pdf_median, naive_median = statistics.median(pdf_times), statistics.median(naive_times)
    docx_median = statistics.median(docx_times)
    print(
        f"\nmedian per document: PDF {pdf_median:.3f} s (target < 0.2), "
        f"DOCX {docx_median:.3f} s (target < 0.06)"
    )
    print(
        f"naive WeasyPrint: {naive_median:.3f} s -> jdgen PDF throughput "
        f"{naive_median / pdf_median:.1f}x (target >= 3x)"
    )

    phases(state, templates, ctx, args.runs)

    soffice = shutil.which("soffice")
    if soffice and not args.no_libreoffice:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            doc, langs = jobs[0]
            source = folder / "doc.docx"
            source.write_bytes(render_docx(doc, langs, ctx))
            profile = (folder / "profile").as_uri()
            command = [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ]
            subprocess.run(command, check=True, capture_output=True)  # creates the profile
            lo = timed(lambda: subprocess.run(command, check=True, capture_output=True), 3)
        print(
            f"LibreOffice DOCX->PDF (naive PDF route), per document: {lo:.3f} s -> "
            f"jdgen PDF is {lo / pdf_median:.1f}x faster"
        )
    return 0


def phases(state: object, templates: TemplateSet, ctx: RenderContext, runs: int) -> None:
    """Where one document's PDF time goes, and WeasyPrint's floor with a bare stylesheet."""
    from weasyprint import CSS

    from jdgen.render.pdf import engine_for

    doc = state.document("key-account-manager--north")  # type: ignore[attr-defined]
    if doc is None:
        return
    engine = engine_for(templates)
    base = templates.find("html/document.html.j2").as_uri()
    html = render_html(doc, ("th",), ctx, inline_css=False, anchors=False)

    def parse() -> object:
        return HTML(string=html, base_url=base, url_fetcher=engine.fetcher)

    def layout(sheets: list[object]) -> object:
        return parse().render(stylesheets=sheets, font_config=engine.font_config)

    bare = [
        engine.stylesheets[0],
        CSS(
            string="@page { size: A4; margin: 20mm } html { "
            "font-family: Sarabun; font-size: 11pt }",
            font_config=engine.font_config,
        ),
    ]
    rendered = layout(engine.stylesheets)
    pages = len(rendered.pages)  # type: ignore[attr-defined]
    print(f"\nphases of {doc.id}.th ({pages} pages), median of {runs}:")
    jinja = timed(lambda: render_html(doc, ("th",), ctx, inline_css=False, anchors=False), runs)
    print(f"  jinja      {jinja:.3f} s")
    print(f"  parse      {timed(parse, runs):.3f} s")
    print(f"  layout     {timed(lambda: layout(engine.stylesheets), runs):.3f} s")
    print(f"  write      {timed(lambda: rendered.write_pdf(), runs):.3f} s")  # type: ignore[attr-defined]
    print(
        f"  layout with a bare stylesheet (WeasyPrint's floor for this text) "
        f"{timed(lambda: layout(bare), runs):.3f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
