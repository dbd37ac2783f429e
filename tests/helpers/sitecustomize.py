"""Imported at start-up by every Python process that has tests/helpers on PYTHONPATH."""

import os

if os.environ.get("JDGEN_TEST_RENDER_DELAY") or os.environ.get("JDGEN_TEST_RENDER_FAIL"):
    from slow_renderer import install_from_env

    install_from_env()

if os.environ.get("JDGEN_TEST_CLOCK_SHIFT") or os.environ.get("JDGEN_TEST_NO_HARFBUZZ_SUBSET"):
    from other_machine import install_from_env as look_like_another_machine

    look_like_another_machine()
