"""``jdgen build``: publish every document x language x format into the output folder.

Modules, one job each:

* :mod:`~jdgen.publish.plan` — targets and their input keys;
* :mod:`~jdgen.publish.manifest` — ``manifest.json`` (read, write, verify, merge);
* :mod:`~jdgen.publish.outdir` — what jdgen owns in the output folder, and how it changes it
  so that a killed build leaves a true manifest;
* :mod:`~jdgen.publish.resolved` — the resolved-project cache behind fast no-op builds;
* :mod:`~jdgen.publish.pool` — rendering workers;
* :mod:`~jdgen.publish.shard` — ``--shard K/N``;
* :mod:`~jdgen.publish.run` — the build itself; :mod:`~jdgen.publish.check` — ``--check``;
* :mod:`~jdgen.publish.progress`, :mod:`~jdgen.publish.report` — what people and CI see.
"""

from __future__ import annotations

from jdgen.publish.plan import output_name
from jdgen.publish.result import BuildResult, Outcome
from jdgen.publish.run import BuildOptions, build, plan_files
from jdgen.publish.shard import Shard
from jdgen.resolve.select import select_documents

__all__ = [
    "BuildOptions",
    "BuildResult",
    "Outcome",
    "Shard",
    "build",
    "output_name",
    "plan_files",
    "select_documents",
]
