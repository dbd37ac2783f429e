"""The bad-input corpus: every kind of broken role file gets exit 1 and one exact message.

Each case writes a small project, runs ``jdgen validate`` and asserts the exit code and the
exact ``path:line:col: key: message`` line (file name, line, column and message).
"""

from __future__ import annotations

import pytest

from conftest import BASE_ROLE

BASE = BASE_ROLE


def child(body: str, parent: str = "am") -> str:
    """A role that extends ``parent`` with ``body`` appended."""
    return f"extends: {parent}\n{body}"


CASES: list[tuple[str, dict[str, str | bytes], str]] = [
    (
        "yaml-syntax",
        {"am": BASE + 'purpose: "unterminated\n'},
        'roles/am.yaml:16:10: YAML syntax error: the text in quotes (") is never closed; '
        'end it with "',
    ),
    (
        "tab-indentation",
        {"am": BASE.replace("  - id: search", "\t- id: search")},
        "roles/am.yaml:8:1: tab character used for indentation; indent with spaces",
    ),
    (
        "duplicate-key-top",
        {"am": BASE + "title: {th: ซ้ำ, en: Again}\n"},
        "roles/am.yaml:16:1: title: duplicate key 'title' (first at line 1); "
        "YAML keeps only one of them, so merge the two",
    ),
    (
        "duplicate-key-clause",
        {
            "am": BASE.replace(
                "    text: {th: สรรหาลูกค้า, en: Searching for clients.}",
                "    text: {th: สรรหาลูกค้า, en: Searching for clients.}\n    id: again",
            )
        },
        "roles/am.yaml:10:5: functions[0].id: duplicate key 'id' (first at line 8); "
        "YAML keeps only one of them, so merge the two",
    ),
    (
        "unknown-key-suggestion",
        {"am": BASE.replace("responsibility:", "responsibilty:")},
        "roles/am.yaml:13:1: responsibilty: unknown key 'responsibilty'; "
        "did you mean 'responsibility'?",
    ),
    (
        "unknown-clause-key",
        {"am": BASE.replace("  - id: search\n", "  - id: search\n    txet: x\n")},
        "roles/am.yaml:9:5: functions[0].txet: unknown key 'txet'; did you mean 'text'?",
    ),
    (
        "wrong-type-text",
        {"am": BASE + "purpose: 42\n"},
        "roles/am.yaml:16:10: purpose: expected text or a mapping of language to text, "
        "got a number (42); put it in quotes",
    ),
    (
        "wrong-type-section",
        {"am": BASE + "evaluation: {id: x}\n"},
        "roles/am.yaml:16:13: evaluation: expected a list of clauses, got a mapping",
    ),
    (
        "wrong-type-abstract",
        {"am": BASE + "abstract: maybe\n"},
        "roles/am.yaml:16:11: abstract: expected true or false, got text ('maybe')",
    ),
    (
        "clause-without-id",
        {"am": BASE + "evaluation:\n  - text: {th: ก, en: A}\n"},
        "roles/am.yaml:17:5: evaluation[0]: clause has no id; give it a stable id like "
        "'client-search'",
    ),
    (
        "duplicate-clause-id",
        {
            "am": BASE.replace(
                "  - id: search\n", "  - id: search\n    text: {th: ก, en: A}\n  - id: search\n"
            )
        },
        "roles/am.yaml:10:9: functions[1].id: duplicate clause id 'search' (first at line 8); "
        "clause ids are unique in their section",
    ),
    (
        "invalid-clause-id",
        {"am": BASE.replace("id: search", "id: Client Search")},
        "roles/am.yaml:8:9: functions[0].id: 'Client Search' is not a valid clause id "
        "(lowercase letters, digits, '.', '_', '-')",
    ),
    (
        "missing-required-section",
        {"am": BASE.split("rights:")[0]},
        "roles/am.yaml:1:1: rights: required section 'rights' is missing or empty after "
        "inheritance (am)",
    ),
    (
        "missing-translation",
        {"am": BASE.replace("{th: สรรหาลูกค้า, en: Searching for clients.}", "{th: สรรหาลูกค้า}")},
        "roles/am.yaml:9:11: functions[0].text: missing translation: en; every text needs th, en",
    ),
    (
        "unknown-language",
        {"am": BASE.replace("en: Sales}", "en: Sales, fr: Ventes}")},
        "roles/am.yaml:2:38: department.fr: unknown language 'fr'; jdgen.toml lists th, en",
    ),
    (
        "missing-parent",
        {"am": BASE, "kam": child("", "acount-manager")},
        "roles/kam.yaml:1:10: extends: no role 'acount-manager' to extend "
        "(roles/acount-manager.yaml); create it or fix the id",
    ),
    (
        "cycle",
        {"a": "extends: b\n", "b": "extends: a\n"},
        "roles/b.yaml:1:10: extends: inheritance cycle: b -> a -> b; remove one of these extends",
    ),
    (
        "path-like-extends",
        {"am": BASE, "kam": child("", "../roles/am.yaml")},
        "roles/kam.yaml:1:10: extends: extends takes a role id like 'account-manager', "
        "not a path ('../roles/am.yaml')",
    ),
    (
        "id-not-file-name",
        {"am": "id: account-manager\n" + BASE},
        "roles/am.yaml:1:5: id: id 'account-manager' does not match the file name 'am'; "
        "rename the file or fix the id",
    ),
    (
        "python-tag",
        {"am": BASE + "purpose: !!python/object/apply:os.getcwd []\n"},
        "roles/am.yaml:16:10: purpose: YAML tag !!python/object/apply:os.getcwd is not allowed; "
        "role files hold plain text, lists and mappings",
    ),
    (
        "non-utf8",
        {"am": BASE.encode("utf-8") + b"purpose: caf\xe9\n"},
        "roles/am.yaml:16:13: not valid UTF-8 (byte 0xE9); save the file as UTF-8",
    ),
    (
        "empty-file",
        {"am": ""},
        "roles/am.yaml:1:1: file is empty; a role file holds one YAML mapping",
    ),
    (
        "top-level-list",
        {"am": "- id: x\n"},
        "roles/am.yaml:1:1: top level is a list; a role file holds one mapping of keys like "
        "title, functions, rights",
    ),
    (
        "control-char-raw",
        {"am": BASE + "purpose: bad\x01text\n"},
        "roles/am.yaml:16:13: control character U+0001 is not allowed; remove it",
    ),
    (
        "control-char-escape",
        {"am": BASE + 'purpose: "bad\\x01text"\n'},
        "roles/am.yaml:16:10: purpose: control character U+0001 (character 4 of the text) is "
        "not allowed; remove the escape",
    ),
    (
        "unknown-placeholder",
        {
            "am": BASE.replace(
                "en: Searching for clients.}", 'en: "Searching for clients in ${regoin}."}'
            )
            + "params: {region: {th: เหนือ, en: North}}\n"
        },
        "roles/am.yaml:9:11: functions.search: unknown placeholder '${regoin}' (en); "
        "did you mean '${region}'?",
    ),
    (
        "remove-with-text",
        {
            "am": BASE,
            "kam": child(
                "rights:\n  - id: informaton\n    text: {th: ข, en: B}\n    remove: true\n"
            ),
        },
        "roles/kam.yaml:4:5: rights[0].text: a removed clause takes only id and remove",
    ),
    (
        "stale-remove",
        {"am": BASE, "kam": child("rights:\n  - id: informaton\n    remove: true\n")},
        "roles/kam.yaml:4:5: rights[0].remove: removes clause 'informaton' that parent 'am' does "
        "not have in rights (stale override); did you mean 'information'?",
    ),
    (
        "stale-text-override",
        {"am": BASE, "kam": child("rights:\n  - id: informaton\n    after: information\n")},
        "roles/kam.yaml:3:5: rights[0]: overrides clause 'informaton' that parent 'am' does not "
        "have in rights (stale override); did you mean 'information'?",
    ),
    (
        "after-unknown-id",
        {
            "am": BASE,
            "kam": child(
                "rights:\n  - id: leave\n    text: {th: ลา, en: Leave.}\n    after: informaton\n"
            ),
        },
        "roles/kam.yaml:5:5: rights[0].after: no clause 'informaton' in rights to place this "
        "clause after; did you mean 'information'?",
    ),
    (
        "variant-unknown-placeholder",
        {
            "am": BASE.replace("Account Manager}", '"Account Manager (${city})"}').replace(
                "{th: ผู้จัดการบัญชีลูกค้า,", '{th: "ผู้จัดการบัญชีลูกค้า ${city}",'
            )
            + "variants:\n  - id: bkk\n    params: {town: {th: กรุงเทพ, en: Bangkok}}\n"
        },
        "roles/am.yaml:1:8: title: unknown placeholder '${city}' (th, en); known: "
        "${organisation}, ${town}",
    ),
    (
        "multiple-documents",
        {"am": BASE + "---\nid: am\n"},
        "roles/am.yaml:16:1: more than one YAML document (---) in a role file; "
        "keep one role per file",
    ),
    (
        "merge-key",
        {"am": "<<: {title: x}\n" + BASE},
        "roles/am.yaml:1:1: merge keys (<<) are not supported; use extends instead",
    ),
    (
        "sub-sub-clause",
        {
            "am": BASE.replace(
                "    text: {th: สรรหาลูกค้า, en: Searching for clients.}\n",
                "    text: {th: สรรหาลูกค้า, en: Searching for clients.}\n    items:\n"
                "      - id: a\n        text: {th: ก, en: A}\n        items: []\n",
            )
        },
        "roles/am.yaml:13:9: functions[0].items[0].items: sub-clauses cannot have items "
        "(one level only); make it a clause of its own",
    ),
    (
        "bad-requirement-kind",
        {"am": BASE + "requirements:\n  - id: x\n    kind: hobby\n    text: {th: ก, en: A}\n"},
        "roles/am.yaml:18:11: requirements[0].kind: unknown kind 'hobby'; use one of education, "
        "experience, knowledge, skills, qualities",
    ),
    (
        "duty-unknown-function",
        {"am": BASE + "duties:\n  - id: x\n    function: serch\n    text: {th: ก, en: A}\n"},
        "roles/am.yaml:17:5: duties.x.function: no function 'serch' in functions; "
        "did you mean 'search'?",
    ),
    # -- no silent change of meaning (issue 14 §4) ---------------------------------------
    (
        "comment-cuts-text",
        {
            "am": BASE + "purpose:\n  th: ตามประกาศ #3/2567 ของบริษัท\n"
            "  en: As announced in notice 3/2567.\n"
        },
        "roles/am.yaml:17:17: purpose.th: ' #' starts a YAML comment, so the text ends before it "
        "and the rest of the line is lost; put the whole text in quotes (or move the comment to "
        "a line of its own)",
    ),
    (
        "comment-cuts-flow-text",
        {"am": BASE + "purpose: {th: ตามประกาศ #3, en: Notice 3}\n"},
        "roles/am.yaml:16:25: YAML syntax error: ' #' inside a text starts a comment, which cuts "
        "off the rest of the line; put the text in quotes",
    ),
    (
        "yes-no-as-text",
        {"am": BASE + "purpose: {th: ไม่, en: no}\n"},
        "roles/am.yaml:16:24: purpose.en: expected text, got a yes/no value (false, written no); "
        "put it in quotes: 'no'",
    ),
    (
        "octal-clause-id",
        {"am": BASE.replace("id: search", "id: 010")},
        "roles/am.yaml:8:9: functions[0].id: expected clause id (lowercase letters, digits, '.', "
        "'_', '-'), got a number (8, written 010); put it in quotes: '010'",
    ),
    (
        "colon-in-text",
        {"am": BASE + "purpose: Note: the role reports monthly\n"},
        "roles/am.yaml:16:14: YAML syntax error: a colon inside a text (': ' starts a key); put "
        "the text in quotes",
    ),
    (
        "comma-in-flow-text",
        {
            "am": BASE.replace(
                "en: Searching for clients.}", "en: Searching for clients, partners.}"
            )
        },
        "roles/am.yaml:9:56: functions[0].text.partners.: a comma inside {th: …, en: …} ends a "
        "text before 'partners.'; put that text in quotes",
    ),
    (
        "indented-differently",
        {"am": BASE.replace("    text: {th: สรรหาลูกค้า", "     text: {th: สรรหาลูกค้า")},
        "roles/am.yaml:9:10: YAML syntax error: this line is indented differently from the one "
        "above; indent the keys of one mapping by the same number of spaces",
    ),
    (
        "quote-in-quoted-text",
        {"am": BASE + "purpose: 'the client's needs'\n"},
        "roles/am.yaml:16:21: YAML syntax error: a quote inside a text in quotes ends it early; "
        "write it twice ('') or quote the text with \" instead",
    ),
    (
        "huge-integer",
        {"am": BASE + "purpose: " + "9" * 5000 + "\n"},
        "roles/am.yaml:16:10: purpose: a number of 5,000 characters is too long to read; shorten "
        "it, or put it in quotes if it is text",
    ),
    (
        "huge-hex-integer",
        {"am": BASE + "purpose: 0x" + "f" * 4000 + "\n"},
        "roles/am.yaml:16:10: purpose: a number of 4,002 characters is too long to read; shorten "
        "it, or put it in quotes if it is text",
    ),
    # -- text that shows something else (issue 19) -----------------------------------------
    (
        "bidi-override",
        {"am": BASE + 'purpose: {th: ก, en: "Pay 10,000\u202e USD"}\n'},
        "roles/am.yaml:16:33: invisible character U+202E RIGHT-TO-LEFT OVERRIDE can make a text "
        "show something other than what it says; remove it",
    ),
    (
        "bidi-isolate-in-comment",
        {"am": BASE + "# note \u2066\n"},
        "roles/am.yaml:16:8: invisible character U+2066 LEFT-TO-RIGHT ISOLATE can make a text "
        "show something other than what it says; remove it",
    ),
    (
        "tag-character",
        {"am": BASE + 'purpose: {th: ก, en: "A\U000e0041"}\n'},
        "roles/am.yaml:16:24: invisible character U+E0041 TAG LATIN CAPITAL LETTER A can make a "
        "text show something other than what it says; remove it",
    ),
    (
        "line-separator",
        {"am": BASE + 'purpose: {th: ก, en: "a\u2028b"}\n'},
        "roles/am.yaml:16:24: invisible character U+2028 LINE SEPARATOR can make a text show "
        "something other than what it says; remove it",
    ),
    (
        "only-zero-width-space",
        {"am": BASE + 'purpose: {th: "\u200b", en: A}\n'},
        "roles/am.yaml:16:15: purpose.th: text holds only invisible characters (zero-width "
        "spaces); write the text",
    ),
    # -- silently accepted (issue 19) --------------------------------------------------------
    (
        "unclosed-placeholder",
        {
            "am": BASE.replace("en: Searching for clients.}", 'en: "Searching in ${region."}')
            + "params: {region: {th: เหนือ, en: North}}\n"
        },
        "roles/am.yaml:9:11: functions.search: a '${' is never closed (en); end the placeholder "
        "with '}', or write '$${' for a literal '${'",
    ),
    (
        "empty-number",
        {"am": BASE + "number: ''\n"},
        "roles/am.yaml:16:9: number: text is empty; give it or remove the key",
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [(f, e) for _, f, e in CASES], ids=[name for name, _, _ in CASES]
)
def test_bad_input_is_reported_exactly(make_project, run, files, expected):
    root = make_project(files)
    result = run("validate", project=root)
    assert result.exit_code == 1, result.stdout
    assert expected in result.stdout.splitlines(), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_corpus_is_large_and_distinct():
    assert len(CASES) >= 25
    assert len({name for name, _, _ in CASES}) == len(CASES)
    assert len({expected for _, _, expected in CASES}) == len(CASES)


def test_every_problem_of_every_file_is_reported_at_once(make_project, run):
    root = make_project(
        {
            "a": BASE.replace("responsibility:", "responsibilty:"),
            "b": BASE + "purpose: 42\n",
            "c": "",
        }
    )
    result = run("validate", project=root)
    assert result.exit_code == 1
    files = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert files == ["roles/a.yaml", "roles/b.yaml", "roles/c.yaml"]


def test_a_damaged_project_font_is_named_not_a_crash(make_project, run):
    root = make_project()
    fonts = root / "templates" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "Broken.ttf").write_bytes(b"not a font")
    (fonts / "notes.txt").write_text("not a font file name, so not read")
    expected = (
        "templates/fonts/Broken.ttf: not a font jdgen can read (TTLibError: Not a "
        "TrueType or OpenType font (not enough data)); replace it with a TrueType or "
        "OpenType file, or remove it\n"
    )
    for command in ("validate", "build"):
        result = run(command, project=root)
        assert (result.exit_code, result.stderr) == (1, expected), command
    assert not (root / "output").exists()


def test_role_files_that_would_not_be_read_are_reported(make_project, run):
    root = make_project()
    (root / "roles" / "banking" / "tellers").mkdir(parents=True)
    (root / "roles" / "banking" / "tellers" / "teller.yaml").write_text(BASE)
    (root / "roles" / "banking" / "notes.md").write_text("not a role file")
    (root / "roles" / ".archive").mkdir()
    (root / "roles" / ".archive" / "old.yaml").write_text(BASE)  # hidden: kept out on purpose
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout) == (
        0,
        (
            "roles/banking/tellers/teller.yaml: warning[nested-role-file]: 1 role file(s) under "
            "banking/ are not read: roles are read from roles/ itself, not its sub-folders; move "
            "them into roles/ (or start the folder's name with '.')\n"
        ),
    )
    (root / "roles" / "gone.yaml").symlink_to("missing.yaml")
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert (
        "roles/gone.yaml: a link to a file that does not exist; fix or remove the link\n"
        in result.stdout
    )
    (root / "jdgen.toml").write_text(
        (root / "jdgen.toml").read_text() + '\n[lint]\ndisable = ["nested-role-file"]\n'
    )
    (root / "roles" / "gone.yaml").unlink()
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout) == (0, "")
