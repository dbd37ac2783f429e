"""``jdgen build --check``: validate, verify the output folder, and say what a build would do.

Writes nothing. Every manifest in the output folder (``manifest.json`` and any shard
manifests) must be true: each listed file exists with the listed size and sha256. A file is
up to date when a manifest the build would take it over from lists it with its key: after
shard builds into one folder, a full ``--check`` says what a full build would render.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jdgen.errors import Problem
from jdgen.project import Project, ProjectConfig, as_project
from jdgen.publish.outdir import OutputFolder
from jdgen.publish.plan import Target
from jdgen.publish.shard import Shard
from jdgen.render.preflight import check_templates


@dataclass
class CheckResult:
    """The findings of ``--check``."""

    mismatches: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    up_to_date: int = 0
    manifests: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # about the templates

    @property
    def ok(self) -> bool:
        """Whether every manifest in the output folder matches the files on disk."""
        return not self.mismatches


def check(
    source: Project | ProjectConfig, targets: list[Target], shard: Shard | None
) -> CheckResult:
    """Verify the manifests in the output folder and compare them with the planned files.

    The templates the planned files need are checked first, as a build would (a broken one
    raises :class:`ConfigError`).
    """
    project = as_project(source)
    result = CheckResult()
    result.warnings = check_templates(
        project.assets.templates,
        {t.format for t in targets},
        {lang for t in targets for lang in t.langs},
    )
    root = project.output
    if not root.is_dir():
        result.outdated = [t.name for t in targets]
        return result
    folders: dict[str, OutputFolder] = {}
    for path in sorted(root.glob("manifest*.json")):
        suffix = path.name[len("manifest") : -len(".json")]
        if suffix and not suffix.startswith(".shard-"):
            continue
        folder = folders[suffix] = OutputFolder(root, suffix)
        folder.load()
        result.manifests.append(path.name)
        for entry in sorted(folder.entries.values(), key=lambda e: e.path):
            if not (root / entry.path).is_file():
                result.mismatches.append(f"{path.name}: {entry.path}: listed but missing")
            elif not folder.matches_disk(entry):
                result.mismatches.append(
                    f"{path.name}: {entry.path}: differs from the manifest (changed outside jdgen?)"
                )
    own_suffix = shard.suffix if shard else ""
    own = folders.get(own_suffix)
    if own is None:
        own = OutputFolder(root, own_suffix)
        own.load()
    sources = [own, *(f for suffix, f in folders.items() if adopts(shard, suffix))]
    for target in targets:
        if any(_up_to_date(folder, target) for folder in sources):
            result.up_to_date += 1
        else:
            result.outdated.append(target.name)
    return result


def adopts(shard: Shard | None, suffix: str) -> bool:
    """Whether a build of ``shard`` takes over entries from the manifest of ``suffix``
    (as :func:`jdgen.publish.run.adopt_other_manifests` does): a full build from every shard
    manifest, a shard from ``manifest.json`` and from shards of a different split."""
    if shard is None:
        return suffix != ""
    return suffix != shard.suffix and not suffix.endswith(f"-of-{shard.count}")


def _up_to_date(folder: OutputFolder, target: Target) -> bool:
    listed = folder.entries.get(target.name)
    return listed is not None and listed.key == target.key and folder.matches_disk(listed)
