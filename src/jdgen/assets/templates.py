"""The template set: the project's ``templates/`` first, then the package's.

Only these two folders are ever read; a project overrides the defaults file by file. A file
(or the project's ``templates/`` folder itself) that is a link to somewhere outside its
folder is refused, not followed: a project cannot make jdgen read ``/etc/passwd`` into a
document. Templates run in Jinja's immutable sandbox (docs/trust.md says what that allows).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from jdgen.assets.labels import read_labels
from jdgen.assets.package import PACKAGE_TEMPLATES
from jdgen.errors import ConfigError, Location, Problem, TemplateOutside, TemplateUnreadable

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["PACKAGE_TEMPLATES", "TemplateSet", "css_string"]


class TemplateSet:
    """The template folders of one project, in lookup order."""

    def __init__(self, project_templates: Path | None) -> None:
        self.project_templates = project_templates  # as given: a pool worker opens it again
        folders = [PACKAGE_TEMPLATES]
        if (
            project_templates is not None
            and project_templates.is_dir()
            and (project_templates.resolve() != PACKAGE_TEMPLATES)
        ):
            real = project_templates.resolve()
            if not real.is_relative_to(project_templates.parent.resolve()):
                raise TemplateOutside(
                    [
                        Problem(
                            Location(project_templates.name),
                            "",
                            (
                                f"is a link to {real}, outside the project; jdgen reads templates "
                                "only from the project and from jdgen: copy the folder into the "
                                "project instead"
                            ),
                        )
                    ]
                )
            folders.insert(0, real)
        self.folders: tuple[Path, ...] = tuple(folders)
        self._labels: dict[str, dict[str, Any]] = {}

    def find(self, name: str) -> Path:
        """The first folder's copy of ``name`` (a path relative to a templates folder)."""
        for folder in self.folders:
            path = folder / name
            if path.is_file():
                return self.contained(path, folder)
        raise ConfigError(
            [
                Problem(
                    Location(f"templates/{name}"),
                    "",
                    "template not found in the project or the package",
                )
            ]
        )

    def contained(self, path: Path, folder: Path) -> Path:
        """``path`` (inside ``folder``) if it really is there once links are followed.

        Raises :class:`TemplateOutside` for a link that leads out of ``folder``.
        """
        real = path.resolve()
        if not real.is_relative_to(folder):
            raise TemplateOutside(
                [
                    Problem(
                        Location(self.display(path)),
                        "",
                        (
                            f"is a link to {real}, outside its templates folder; jdgen reads "
                            "templates only from the project and from jdgen: copy the file into "
                            "the project instead"
                        ),
                    )
                ]
            )
        return path

    def read_text(self, path: Path, shown: Path | None = None) -> str:
        """The UTF-8 text of template file ``path``; raises :class:`TemplateUnreadable`
        (named as ``shown``, by default ``path``) when it cannot be read or decoded."""
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            why = f"it is not UTF-8 text (byte {err.start})"
        except OSError as err:
            why = err.strerror or type(err).__name__
        raise TemplateUnreadable(
            [
                Problem(
                    Location(self.display(shown or path)),
                    "",
                    (
                        f"cannot read this template file: {why}; fix it (or its permissions), or "
                        "remove it to use jdgen's"
                    ),
                )
            ]
        ) from None

    @cached_property
    def jinja(self) -> ImmutableSandboxedEnvironment:
        """An autoescaping Jinja environment in the immutable sandbox, over the folders.

        Templates may read the values they are given and call Jinja's filters and tests;
        attributes starting with ``_``, Python internals and any change to a value are
        refused (:class:`jinja2.sandbox.SecurityError`). Jinja is imported here, on first
        render: commands that render nothing never load it.
        """
        import jinja2
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        env = ImmutableSandboxedEnvironment(
            loader=_contained_loader(self),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        env.filters["cssstr"] = css_string
        return env

    def labels(self, lang: str) -> dict[str, Any]:
        """The locale labels for ``lang`` (``labels/<lang>.toml``), read once per set."""
        cached = self._labels.get(lang)
        if cached is None:
            cached = self._labels[lang] = read_labels(self, lang)
        return cached

    def display(self, path: Path | str) -> str:
        """``path`` as messages show it: relative to the templates folder holding it."""
        path = Path(path)
        for folder in self.folders:
            if path.is_relative_to(folder):
                return f"{folder.name}/{path.relative_to(folder).as_posix()}"
        return str(path)

    @cached_property
    def style_css(self) -> tuple[Path, str]:
        """``html/style.css`` (the project's if it has one): its path and text, read once."""
        path = self.find("html/style.css")
        return path, self.read_text(path)


def _unchanged(path: Path) -> Callable[[], bool]:
    """Jinja's "is the compiled template still up to date" check for ``path``."""
    mtime = path.stat().st_mtime

    def check() -> bool:
        try:
            return path.stat().st_mtime == mtime
        except OSError:
            return False

    return check


def _contained_loader(templates: TemplateSet) -> jinja2.BaseLoader:
    """A Jinja loader over the template folders that never follows a link out of them.

    The file is read from its resolved path after the check, so what is checked is what
    is read.
    """
    import jinja2

    class ContainedLoader(jinja2.BaseLoader):
        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            pieces = jinja2.loaders.split_template_path(template)  # refuses ".." and "/x"
            for folder in templates.folders:
                path = folder.joinpath(*pieces)
                if path.is_file():
                    real = templates.contained(path, folder).resolve()
                    source = templates.read_text(real, shown=path)
                    return source, str(path), _unchanged(real)
            raise jinja2.TemplateNotFound(template)

    return ContainedLoader()


def css_string(value: object) -> Markup:
    """``value`` made safe inside a double-quoted CSS string in an HTML ``<style>``.

    ASCII punctuation and every control character become CSS hex escapes, so quotes,
    backslashes, ``<``/``&`` (HTML) and line breaks can neither end the string nor the
    style; letters, digits, spaces and printable non-ASCII text (Thai marks) stay as they are.
    """
    out = []
    for char in str(value):
        printable = ord(char) > 0x7F and unicodedata.category(char)[0] not in "CZ"
        if char.isalnum() or char == " " or printable:
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return Markup("".join(out))
