"""Imported at start-up by every Python process that has tests/helpers on PYTHONPATH."""

import os

if os.environ.get("JDGEN_TEST_RENDER_DELAY") or os.environ.get("JDGEN_TEST_RENDER_FAIL"):
    from slow_renderer import install_from_env

    install_from_env()
