"""A machine without Pango: PDF files fail with what to install, the other formats build."""

from __future__ import annotations

import importlib.abc
import sys

import pytest

import jdgen.render
from conftest import CONFIG


class _NoPango(importlib.abc.MetaPathFinder):
    """Makes ``import weasyprint`` fail as it does where Pango is not installed."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': error 0x7e")
        return None


@pytest.fixture
def no_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name.startswith(("weasyprint", "jdgen.render.pdf")):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.delattr(jdgen.render, "pdf", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])


def test_missing_pango_is_named_with_what_to_install(make_project, run, no_pango):
    root = make_project(config=CONFIG.replace('formats = ["html"]', 'formats = ["pdf", "docx"]'))
    result = run("build", "-j", "1", "--lang", "en", project=root)
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert (
        "jdgen: am.en.pdf: PDF output needs the Pango and HarfBuzz system "
        "libraries, which could not be loaded (cannot load library 'libpango-1.0-0': "
        "error 0x7e); install them (Debian/Ubuntu: apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0 libharfbuzz-subset0; macOS: brew install pango) or build "
        "without PDF (--format docx,html)"
    ) in result.stderr.splitlines()
    assert (root / "output" / "am.en.docx").is_file()
    assert not (root / "output" / "am.en.pdf").exists()
