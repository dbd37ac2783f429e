"""``jdgen build``: publish every document x language x format into the output folder.

Modules, one job each:

* :mod:`~jdgen.build.plan` — targets and their input keys;
* :mod:`~jdgen.build.manifest` — ``manifest.json`` (read, write, verify, merge);
* :mod:`~jdgen.build.outdir` — what jdgen owns in the output folder, and how it changes it
  so that a killed build leaves a true manifest;
* :mod:`~jdgen.build.resolved` — the resolved-project cache behind fast no-op builds;
* :mod:`~jdgen.build.pool` — rendering workers;
* :mod:`~jdgen.build.shard` — ``--shard K/N``;
* :mod:`~jdgen.build.run` — the build itself; :mod:`~jdgen.build.check` — ``--check``;
* :mod:`~jdgen.build.progress`, :mod:`~jdgen.build.report` — what people and CI see.
"""

from __future__ import annotations

from jdgen.build.plan import output_name
from jdgen.build.result import BuildResult, Outcome
from jdgen.build.run import BuildOptions, build, plan_files
from jdgen.build.shard import Shard
from jdgen.resolve.select import select_documents

__all__ = ["BuildOptions", "BuildResult", "Outcome", "Shard", "build", "output_name", "plan_files",
           "select_documents"]
