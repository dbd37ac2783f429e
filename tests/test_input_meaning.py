"""What a role file or jdgen.toml says is what jdgen reads: no silent change of meaning on
the way in (issue 14 §4, issue 19 "text that shows something else", "silently accepted",
"exit 70 on bad input")."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from conftest import BASE_ROLE, CONFIG, REPO
from jdgen.load.invisible import normalize
from jdgen.pipeline import analyse
from jdgen.project import load_config
from jdgen.validate.schema import normalize_text

BASE = BASE_ROLE


def digest(root: Path) -> str:
    state = analyse(load_config(root))
    assert not state.errors, state.errors
    return state.documents[0].digest


# -- warnings that name the fix, errors under --strict ---------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            BASE + "purpose: จัดทำรายงานประจำเดือน\n",
            "roles/am.yaml:16:1: warning[single-language-text]: purpose: one text in Thai for "
            "every "
            "language: the en document would print Thai; write it per language ({th: …, en: …})",
        ),
        (
            BASE.replace("id: search", "id: 1e3"),
            "roles/am.yaml:8:9: warning[ambiguous-scalar]: functions[0].id: '1e3' is read as text "
            "here, but other YAML tools read it as a number; put it in quotes",
        ),
        (
            BASE + "number: 2024-05-01\n",
            "roles/am.yaml:16:9: warning[ambiguous-scalar]: number: '2024-05-01' is read as text "
            "here, but other YAML tools read it as a date; put it in quotes",
        ),
        (
            BASE + 'purpose: {th: ก, en: "A\u200dB"}\n',
            "roles/am.yaml:16:24: warning[invisible-character]: invisible character U+200D ZERO "
            "WIDTH JOINER: readers of the document and of its redline cannot see it; remove it "
            "unless the script needs it",
        ),
    ],
)
def test_traps_are_warnings_and_errors_under_strict(make_project, run, role, expected):
    root = make_project({"am": role})
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout.splitlines()) == (0, [expected])
    assert run("validate", "--strict", project=root).exit_code == 1


def test_a_thai_text_in_a_thai_only_project_is_fine(make_project, run):
    config = CONFIG.replace('["th", "en"]', '["th"]').replace(', en = "Test Co., Ltd."', "")
    config = config.replace(', en = "Managing Director"', "")
    role = BASE.replace(", en: ", ", xx: ").replace("{th: ", "").replace(", xx: ", " #")
    root = make_project(
        {
            "am": "\n".join(line.split(" #")[0] for line in role.splitlines())
            + "\npurpose: จัดทำรายงาน\n"
        },
        config=config,
    )
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout


def test_a_legitimate_comment_after_an_id_is_fine(make_project, run):
    root = make_project({"am": BASE.replace("id: search", "id: search  # the client search")})
    assert (run("validate", project=root).exit_code, run("validate", project=root).stdout) == (
        0,
        "",
    )


# -- normalised: NFC twins and zero-width spaces are one text --------------------------------


def test_nfc_and_nfd_twins_are_one_document(make_project, tmp_path):
    composed = BASE.replace("Sales}", "Caf\u00e9 Sales}")
    root = make_project({"am": composed})
    first = digest(root)
    (root / "roles" / "am.yaml").write_text(composed.replace("\u00e9", "e\u0301"))
    assert digest(root) == first


def test_zero_width_spaces_do_not_change_the_document(make_project):
    root = make_project()
    first = digest(root)
    (root / "roles" / "am.yaml").write_text(BASE.replace("สรรหาลูกค้า", "สรรหา\u200bลูกค้า\u2060"))
    assert digest(root) == first


THAI = [
    "ผู้จัดการฝ่ายขาย",
    "กรรมการผู้จัดการ",
    "ปฏิบัติงานอื่นตามที่ได้รับมอบหมาย",
    "น้ำ",
    "ที่",
    "กำหนด",
    "เจ้าหน้าที่",
    "ฤๅษี",
    "ฯลฯ",
    "๑๒๓",
]


@pytest.mark.parametrize("text", THAI)
def test_thai_survives_normalisation_unchanged(text):
    assert normalize_text(text) == text
    assert normalize(text).encode() == text.encode()


def test_every_text_of_the_bundled_library_is_stable():
    for path in sorted((REPO / "roles").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert normalize(text) == text, path
        assert unicodedata.is_normalized("NFC", text), path


# -- roles/: nothing that looks like a role file is skipped without a word --------------------


def test_odd_entries_named_like_role_files_are_errors(make_project, run):
    root = make_project()
    roles = root / "roles"
    (roles / "Kam.YAML").write_text(BASE)
    (roles / "old.Yml").write_text(BASE)
    (roles / "folder.yaml").mkdir()
    os.mkfifo(roles / "pipe.yaml")
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "roles/Kam.YAML: role files end in .yaml in lowercase, so this file is not read; "
        "rename it to Kam.yaml",
        "roles/folder.yaml: a folder named like a role file; role files are files in roles/ "
        "itself: rename the folder",
        "roles/old.Yml: role files end in .yml in lowercase, so this file is not read; rename "
        "it to old.yml",
        "roles/pipe.yaml: not a regular file (a pipe, socket or device), so it is not read; "
        "replace it with the role file",
    ]


def test_an_unreadable_roles_folder_is_a_message(make_project, run, monkeypatch):
    root = make_project()
    iterdir = Path.iterdir

    def refuse(self: Path):  # the tests run as root, where chmod 000 does not stop a read
        if self.name == "roles":
            raise PermissionError(13, "Permission denied")
        return iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout) == (
        1,
        "roles: cannot read the folder: Permission denied; check its permissions\n",
    )


# -- jdgen.toml: read as written, or a message at the line of the mistake ---------------------


def config_error(make_project, run, config: str | bytes) -> tuple[int, str]:
    root = make_project()
    path = root / "jdgen.toml"
    if isinstance(config, bytes):
        path.write_bytes(config)
    else:
        path.write_text(config, encoding="utf-8")
    result = run("validate", project=root)
    assert "Traceback" not in result.stderr + result.stdout
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            CONFIG.encode().replace(b"Test Co.", b"Caf\xe9 Co."),
            "jdgen.toml:2:54: not valid UTF-8 (byte 0xE9); save the file as UTF-8",
        ),
        (
            CONFIG.replace("Test Co.", "Test\\u0000 Co."),
            "jdgen.toml:2:1: organisation.en: control character U+0000 (character 5 of the text) "
            "is "
            "not allowed; remove the escape",
        ),
        (
            CONFIG.replace("Test Co.", "Test\u202e Co."),
            "jdgen.toml:2:55: invisible character U+202E RIGHT-TO-LEFT OVERRIDE can make a text "
            "show "
            "something other than what it says; remove it",
        ),
        (
            CONFIG + "\n[limits]\nmax_nodes = " + "9" * 5000 + "\n",
            "jdgen.toml:9:13: a number too long to read (over 4,300 digits); shorten it",
        ),
        (
            CONFIG.replace('"en"]', '"en"'),
            "jdgen.toml:1:13: TOML syntax error: a list [ … ] is not closed; add ']'",
        ),
        (
            CONFIG.replace('"Test Co., Ltd." }', '"Test Co., Ltd."'),
            "jdgen.toml:2:16: TOML syntax error: a table { … } is not closed on its line; add '}' "
            "(a { … } table is written on one line)",
        ),
        (
            CONFIG.replace('formats = ["html"]', "formats = html"),
            'jdgen.toml:3:11: TOML syntax error: not a value; put text in quotes ("text"), or '
            "write a number, true or false, a list [ … ] or a table { … }",
        ),
    ],
)
def test_config_mistakes_are_located(make_project, run, config, expected):
    assert config_error(make_project, run, config) == (1, expected + "\n")


def test_an_unreadable_config_is_a_message(make_project, run, monkeypatch):
    root = make_project()
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "jdgen.toml":
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = run("validate", project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        "jdgen.toml: cannot read the file: Permission denied; check its permissions\n",
    )


def test_an_unreadable_role_file_is_a_message_in_every_command(make_project, run, monkeypatch):
    root = make_project({"am": BASE, "kam": "extends: am\n"})
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "kam.yaml":
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    message = "roles/kam.yaml: cannot read file: Permission denied; check its permissions\n"
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout) == (1, message)
    result = run("build", "--format", "html", project=root)
    assert result.exit_code == 1 and message in result.stdout + result.stderr
    assert not (root / "output" / "am.th.html").exists()
