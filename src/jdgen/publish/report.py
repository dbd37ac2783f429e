"""Build reports for CI: JSON, and JUnit XML so that CI systems list each failed document."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from jdgen import __version__
from jdgen.publish.result import BuildResult

REPORT_FORMATS = ("json", "junit")


def json_report(result: BuildResult) -> bytes:
    """Every planned file with its outcome, removed files, and the summary counts."""
    blob = {
        "jdgen": __version__,
        "summary": result.summary(),
        "files": [o.as_json() for o in result.outcomes],
        "removed": result.removed,
    }
    return (json.dumps(blob, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def junit_report(result: BuildResult) -> bytes:
    """One ``testcase`` per planned file (classname = document id); failures carry the message.

    Unchanged files are passing test cases too: the suite always lists the whole set.
    """
    suite = ET.Element(
        "testsuite",
        {
            "name": "jdgen build",
            "tests": str(len(result.outcomes)),
            "failures": str(result.count("failed")),
            "errors": "0",
            "skipped": "0",
            "time": f"{result.elapsed:.3f}",
        },
    )
    for outcome in result.outcomes:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": outcome.document,
                "name": outcome.path,
                "time": f"{outcome.seconds:.3f}",
            },
        )
        if outcome.status == "failed":
            failure = ET.SubElement(
                case, "failure", {"message": outcome.message, "type": "RenderError"}
            )
            failure.text = f"{outcome.path}: {outcome.message}"
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def render_report(result: BuildResult, kind: str) -> bytes:
    """The report in ``kind`` (``json`` or ``junit``)."""
    return junit_report(result) if kind == "junit" else json_report(result)
