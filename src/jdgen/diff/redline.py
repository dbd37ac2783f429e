"""How a redline is dressed: the languages shown, the revision author and date, the
templates of the DOCX redline."""

from __future__ import annotations

from datetime import UTC, datetime

from jdgen.assets.templates import TemplateSet
from jdgen.dates import source_date_epoch
from jdgen.diff.errors import BadDate, UnknownLanguage
from jdgen.diff.formats import FIXED_DATE
from jdgen.diff.model import SetDiff
from jdgen.diff.sources import Side


def revision_date(value: str | None, side: Side) -> datetime:
    """--date, else the NEW side's commit date, else SOURCE_DATE_EPOCH, else 1980-01-01."""
    if value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise BadDate(
                f"--date: '{value}' is not an ISO date like 2024-05-01 or 2024-05-01T09:30:00+07:00"
            ) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if side.date is not None:
        return side.date
    epoch = source_date_epoch()  # a malformed value is a usage error, as in build
    return epoch if epoch is not None else FIXED_DATE


def parse_lang(value: str | None, diff: SetDiff) -> tuple[str, ...]:
    """``th`` or ``th,en`` -> languages to show; each must be a language of the documents."""
    if not value:
        return ()
    langs = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [lang for lang in langs if lang not in diff.languages]
    if unknown or not langs:
        raise UnknownLanguage(
            f"--lang: '{unknown[0] if unknown else value}' is not a "
            f"language of these documents ({', '.join(diff.languages)})"
        )
    return langs


def redline_templates(old: Side, new: Side) -> TemplateSet:
    """The templates dressing the DOCX redline: the NEW side's project's (else the OLD's),
    so a project's ``templates/docx/reference.docx`` and labels apply; else the package's."""
    assets = new.assets or old.assets
    return assets.templates if assets is not None else TemplateSet(None)
