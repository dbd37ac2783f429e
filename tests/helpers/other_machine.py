"""Test-only: make a subprocess look like another machine at another time.

Installed by ``tests/helpers/sitecustomize.py`` when the variables are set, so that every
process of a build (and pool workers, whatever start method) sees the same world:

* ``JDGEN_TEST_CLOCK_SHIFT=SECONDS``: ``time.time()`` and ``datetime.now()`` run that far
  ahead (no sleeping, no faketime).
* ``JDGEN_TEST_NO_HARFBUZZ_SUBSET=1``: libharfbuzz-subset is missing, for WeasyPrint (it
  subsets fonts with fontTools) and for jdgen's check alike.
"""

from __future__ import annotations

import datetime as dt
import os
import time


def shift_clock(seconds: float) -> None:
    """Move ``time.time`` and ``datetime.datetime.now``/``utcnow``/``today`` ``seconds``
    ahead."""
    real_time = time.time
    time.time = lambda: real_time() + seconds
    real_datetime = dt.datetime

    class ShiftedDateTime(real_datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def]
            return real_datetime.now(tz) + dt.timedelta(seconds=seconds)

        @classmethod
        def utcnow(cls):  # type: ignore[no-untyped-def]
            return real_datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=seconds)

        @classmethod
        def today(cls):  # type: ignore[no-untyped-def]
            return cls.now()

    dt.datetime = ShiftedDateTime  # type: ignore[misc]


def drop_harfbuzz_subset() -> None:
    """Hide libharfbuzz-subset from WeasyPrint and from jdgen.render.pdf_stack."""
    import weasyprint.pdf.fonts

    from jdgen.render import pdf_stack

    weasyprint.pdf.fonts.harfbuzz_subset = None
    pdf_stack._HARFBUZZ_SUBSET = ("libjdgen-test-no-such-library.so.0",)


def install_from_env() -> None:
    """Apply what ``JDGEN_TEST_CLOCK_SHIFT`` and ``JDGEN_TEST_NO_HARFBUZZ_SUBSET`` ask."""
    shift = float(os.environ.get("JDGEN_TEST_CLOCK_SHIFT", "0") or 0)
    if shift:
        shift_clock(shift)
    if os.environ.get("JDGEN_TEST_NO_HARFBUZZ_SUBSET"):
        drop_harfbuzz_subset()
