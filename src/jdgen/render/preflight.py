"""Check a project's templates once, before a build renders anything from them.

A broken template file (a Jinja syntax error, labels that are not TOML, a reference DOCX
that is not a Word file, a damaged font) would otherwise fail every document in turn, or
stop the render pool, with no line to look at. Here each is named with its line where one
is known, the build stops before it touches the output folder, and the exit code is 1.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jdgen.assets.fonts import font_dirs, template_coverage
from jdgen.assets.labels import jdgen_labels, shipped_labels
from jdgen.assets.templates import PACKAGE_TEMPLATES, TemplateSet
from jdgen.errors import ConfigError, Location, Problem
from jdgen.render.html import DOCUMENT_TEMPLATE


def check_templates(
    templates: TemplateSet, formats: Iterable[str], langs: Iterable[str]
) -> list[Problem]:
    """Raise :class:`ConfigError` naming every template file ``formats`` in ``langs`` need
    that cannot be used; else return warnings (declarations of the project's stylesheet
    that WeasyPrint ignores)."""
    wanted = set(formats)
    problems: list[Problem] = []
    for lang in dict.fromkeys(langs):
        try:
            problems.extend(_missing_labels(templates, lang))
        except ConfigError as err:
            problems.extend(err.problems)
    try:
        template_coverage(templates)
    except ConfigError as err:
        problems.extend(err.problems)
    if wanted & {"html", "pdf"}:
        problems.extend(_document_template(templates))
        try:
            templates.style_css  # noqa: B018 - read (and checked) once, here
        except ConfigError as err:
            problems.extend(err.problems)
    if "docx" in wanted:
        problems.extend(_reference_docx(templates))
    if problems:
        raise ConfigError(problems)
    return _stylesheet_warnings(templates) if "pdf" in wanted else []


class _Collector(logging.Handler):
    """Keeps the warnings logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_IGNORED = re.compile(
    r"^Ignored `(?P<what>.*)` at (?P<line>\d+):(?P<col>\d+), (?P<why>.*?)\.?$", re.DOTALL
)


def _stylesheet_warnings(templates: TemplateSet) -> list[Problem]:
    """What WeasyPrint says it ignores in the project's ``html/style.css`` (a browser
    ignores the same silently; a typo there would otherwise go unnoticed)."""
    path, text = templates.style_css
    if path.is_relative_to(PACKAGE_TEMPLATES):
        return []  # and WeasyPrint (a second to import) stays out of the parent
    try:
        from weasyprint import CSS  # type: ignore[import-untyped]

        from jdgen.render.fetcher import SafeFetcher
    except OSError:
        return []  # no Pango: every PDF file fails with what to install (render.formats)

    where = templates.display(path)
    handler = _Collector()
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        CSS(
            string=text,
            base_url=path.as_uri(),
            url_fetcher=SafeFetcher((*templates.folders, *font_dirs(templates))),
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    warnings = []
    for record in handler.records:
        message = record.getMessage()
        found = _IGNORED.match(message)
        if found:
            warnings.append(
                Problem(
                    Location(where, int(found["line"]), int(found["col"])),
                    "",
                    f"WeasyPrint ignores `{found['what']}` ({found['why']}); the PDF is set "
                    "without it",
                    "warning",
                )
            )
        else:
            warnings.append(
                Problem(Location(where), "", f"WeasyPrint: {' '.join(message.split())}", "warning")
            )
    return warnings


def _missing_labels(templates: TemplateSet, lang: str) -> list[Problem]:
    """A project's ``labels/<lang>.toml`` replaces jdgen's whole file, so it must give every
    label jdgen's has (jdgen's English ones for a language it does not ship)."""
    given = _keys(templates.labels(lang))
    path = templates.find(f"labels/{lang}.toml")
    if path.is_relative_to(PACKAGE_TEMPLATES):
        return []
    shipped = shipped_labels(lang)
    missing = sorted(
        key
        for key in _keys(jdgen_labels(lang if shipped else "en")) - given
        if not key.startswith("posts.")
    )  # optional: jdgen's own fill them in
    if not missing:
        return []
    named = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    return [
        Problem(
            Location(templates.display(path)),
            "",
            f"{len(missing)} label(s) missing: {named}; a project's labels file "
            f"replaces jdgen's, so copy jdgen's labels/{lang if shipped else 'en'}.toml "
            "and change what you need",
        )
    ]


def _keys(table: Mapping[str, Any], prefix: str = "") -> set[str]:
    """The dotted names of every value in a labels table."""
    found: set[str] = set()
    for key, value in table.items():
        if isinstance(value, Mapping):
            found |= _keys(value, f"{prefix}{key}.")
        else:
            found.add(f"{prefix}{key}")
    return found


def _document_template(templates: TemplateSet) -> list[Problem]:
    import jinja2

    try:
        templates.jinja.get_template(DOCUMENT_TEMPLATE)
        return _unsafe_names(templates, DOCUMENT_TEMPLATE, set())
    except ConfigError as err:  # unreadable, or a link out of its folder
        return err.problems
    except jinja2.TemplateSyntaxError as err:
        where = Location(
            templates.display(err.filename or templates.find(DOCUMENT_TEMPLATE)), err.lineno or 0
        )
        return [
            Problem(
                where,
                "",
                f"template syntax error: {err.message}; fix the template, "
                "or remove it to use jdgen's",
            )
        ]
    except jinja2.TemplateNotFound as err:
        where = Location(templates.display(templates.find(DOCUMENT_TEMPLATE)))
        return [
            Problem(
                where,
                "",
                f"includes {err.name}, which is in neither the project's nor jdgen's templates",
            )
        ]


def _attribute_name(node: Any) -> object:
    """The attribute name ``x.name``, ``x["name"]`` or ``x|attr("name")`` reads, if constant."""
    from jinja2 import nodes

    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Filter):
        arg = node.args[0] if node.name == "attr" and node.args else None
    else:
        arg = node.arg
    return arg.value if isinstance(arg, nodes.Const) else None


def _unsafe_names(templates: TemplateSet, name: str, seen: set[str]) -> list[Problem]:
    """Every ``x.__name__`` or ``x["_name"]`` in template ``name`` and what it includes.

    The sandbox refuses them while rendering, one document at a time; found here, they
    stop the build before anything is written, with the template line to fix.
    """
    from jinja2 import nodes

    seen.add(name)
    env = templates.jinja
    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    where = templates.display(filename or name)
    problems: list[Problem] = []
    for node in env.parse(source).find_all(
        (
            nodes.Getattr,
            nodes.Getitem,
            nodes.Filter,
            nodes.Include,
            nodes.Import,
            nodes.FromImport,
            nodes.Extends,
        )
    ):
        if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Filter):
            attr = _attribute_name(node)
            if isinstance(attr, str) and attr.startswith("_"):
                problems.append(
                    Problem(
                        Location(where, node.lineno),
                        "",
                        (
                            f"the template reads '{attr}', which the template sandbox refuses "
                            "(names starting with _ reach Python internals); use the values "
                            "the template is given (docs/templates.md)"
                        ),
                    )
                )
            continue
        included = getattr(node, "template", None)  # Include, Import, FromImport, Extends
        if isinstance(included, nodes.Const) and included.value not in seen:
            try:
                problems.extend(_unsafe_names(templates, str(included.value), seen))
            except ConfigError as err:  # a link out of the templates folder
                problems.extend(err.problems)
    return problems


def _reference_docx(templates: TemplateSet) -> list[Problem]:
    import docx

    from jdgen.render.docx_reference import REFERENCE_NAME

    path = templates.find(REFERENCE_NAME)
    try:
        docx.Document(io.BytesIO(path.read_bytes()))
    # python-docx reports a damaged package with whatever it tripped on (BadZipFile,
    # KeyError for a missing part, ValueError for another Office format, XML errors).
    except Exception as err:
        return [
            Problem(
                Location(templates.display(path)),
                "",
                f"not a Word document jdgen can open ({type(err).__name__}: {err}); "
                "save it again from Word or LibreOffice as .docx, or remove it to "
                "use jdgen's",
            )
        ]
    return []
