"""SSH-signed sign-offs: signing, allowed signers, and every attack of issue 18 failing verify.

Keys are made with ``ssh-keygen -t ed25519 -N ''`` in the test's temporary folder; jdgen's
in-process verification is cross-checked against ``ssh-keygen -Y verify``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CONFIG
from jdgen.signoff.allowed_signers import signoff_namespace
from jdgen.signoff.chain import signed_message
from jdgen.signoff.ssh_sig import armor, parse_signature
from signoff_helpers import edit_role, sign_args

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen (openssh-client) is not installed"
)


def keygen(folder: Path, name: str, kind: str = "ed25519") -> Path:
    """A new passphrase-less key ``folder/name`` (and ``name.pub``)."""
    path = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", name, "-f", str(path)], check=True
    )
    return path


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "keys"
    folder.mkdir()
    return {
        name: keygen(folder, name) for name in ("owner", "law", "hr", "sup", "boss", "stranger")
    }


def ok(result) -> None:
    assert result.exit_code == 0, (result.stdout, result.stderr)


@pytest.fixture
def signed(make_project, run, keys):
    """A project with allowed signers and a fully signed, approved document am."""
    root = make_project()
    ok(
        run(
            "signers",
            "add",
            "owner@ex.com",
            "--as",
            "signers",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-04-01",
            project=root,
        )
    )
    for who, role in (("law", "lawyer"), ("hr", "hr"), ("sup", "supervisor"), ("boss", "approver")):
        ok(
            run(
                "signers",
                "add",
                f"{who}@ex.com",
                "--as",
                role,
                "--public-key",
                f"{keys[who]}.pub",
                "--key",
                str(keys["owner"]),
                "--date",
                "2024-04-01",
                project=root,
            )
        )
    for who, role in (("law", "lawyer"), ("hr", "hr"), ("sup", "supervisor"), ("boss", "approver")):
        ok(run(*sign_args("am", role), "--key", str(keys[who]), project=root))
    return root


def verify(run, root: Path, *args: str):
    return run("verify", "--require-signatures", *args, project=root)


def ledger(root: Path) -> Path:
    return root / "signoffs" / "am.yaml"


def rehash(text: str) -> str:
    """Recompute every hash and prev of a ledger text, as a forger without the keys would."""
    from jdgen.signoff.ledger import entry_hash

    out, prev = [], None
    blocks = text.split("  - seq: ")
    out.append(blocks[0])
    for block in blocks[1:]:
        fields = dict(re.findall(r"^ {4}(\w+): (.*)$", "    seq: " + block, re.M))
        data = {k: json.loads(v) for k, v in fields.items() if k not in ("hash",)}
        data["seq"] = int(fields["seq"])
        data["prev"] = prev
        new_hash = entry_hash(data)
        block = re.sub(r"^    prev: .*$", f"    prev: {json.dumps(prev)}", block, flags=re.M)
        block = re.sub(r"^    hash: .*$", f'    hash: "{new_hash}"', block, flags=re.M)
        out.append(block)
        prev = new_hash
    return "  - seq: ".join(out)


def test_signed_flow_verifies_and_status_names_the_principals(signed, run, keys):
    result = verify(run, signed, "--require-approved")
    ok(result)
    lines = result.stderr.splitlines()
    assert lines[-3].startswith("signers root: owner@ex.com SHA256:")
    assert lines[-2] == (
        "signatures: 4 of 4 sign-off(s) signed, 0 problem(s); 5 allowed "
        "signer line(s), 5 signed change(s); 0 acknowledgement(s) "
        "(signatures required)"
    )
    status = run("status", "am", project=signed)
    ok(status)
    details = status.stdout.splitlines()[2:]
    assert details[0] == "am: sign-offs of the current content"
    assert re.fullmatch(
        r"  lawyer      Somchai Jaidee  2024-05-01  signed by law@ex.com "
        r"\(SHA256:[A-Za-z0-9+/]{43}\)",
        details[1],
    )
    data = json.loads(run("status", "--format", "json", project=signed).stdout)
    sig = data["documents"][0]["signoffs"][3]["signature"]
    assert sig["verified"] and sig["principal"] == "boss@ex.com"


def test_unsigned_projects_keep_their_output(make_project, run):
    root = make_project()
    ok(run(*sign_args("am", "lawyer"), project=root))
    result = run("verify", project=root)
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["head am", "ok"]
    assert "signature" not in run("status", "--format", "json", project=root).stdout
    failed = run("verify", "--require-signatures", project=root)
    assert failed.exit_code == 1
    assert failed.stdout.splitlines() == [
        "signoffs/allowed_signers: signatures are required, but the project has no allowed "
        'signers; add the first with `jdgen signers add` (docs/signoff.md, "Signed '
        'sign-offs")',
        "signoffs/am.yaml:7:5: document am, entry 1 (lawyer): not signed, and this project "
        "requires signed sign-offs (require_signatures); sign again with --key — see "
        "docs/signoff.md",
    ]


def test_matches_ssh_keygen_verify(signed, tmp_path):
    from jdgen.project import load_config
    from jdgen.signoff.store import read_ledger

    allowed = signed / "signoffs" / "allowed_signers"
    for entry in read_ledger(load_config(signed), "am").entries:
        assert entry.sig is not None
        sig_file = tmp_path / "e.sig"
        sig_file.write_text(armor(entry.sig))
        who = {"lawyer": "law", "hr": "hr", "supervisor": "sup", "approver": "boss"}
        principal = f"{who[entry.role]}@ex.com"
        done = subprocess.run(
            [
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                principal.strip(),
                "-n",
                signoff_namespace(entry.role, "am"),
                "-s",
                str(sig_file),
            ],
            input=signed_message(entry.payload()),
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        # and OpenSSH refuses the capacity a key does not have, as jdgen does
        other = "approver" if entry.role != "approver" else "hr"
        done = subprocess.run(
            [
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                principal.strip(),
                "-n",
                signoff_namespace(other, "am"),
                "-s",
                str(sig_file),
            ],
            input=signed_message(entry.payload()),
            capture_output=True,
            check=False,
        )
        assert done.returncode != 0


def test_forged_entry_with_recomputed_chain_fails(signed, run):
    path = ledger(signed)
    text = path.read_text(encoding="utf-8")
    forged = rehash(text.replace('"Prasert Wongsa"', '"Someone Else"'))
    path.write_text(forged, encoding="utf-8")
    assert run("verify", project=signed).exit_code == 1
    result = verify(run, signed)
    assert (
        "document am, entry 4 (approver): the signature does not match the entry" in result.stdout
    )
    # an unsigned forged entry (signature dropped, chain recomputed) fails the gate too
    unsigned = rehash(re.sub(r"^    sig: .*\n", "", text, count=0, flags=re.M))
    path.write_text(unsigned, encoding="utf-8")
    assert run("verify", project=signed).exit_code == 0  # a plain chain is still a chain
    result = verify(run, signed)
    assert result.exit_code == 1 and result.stdout.count("not signed") == 4


def test_signature_moved_to_another_digest_or_document_fails(signed, run, make_project):
    path = ledger(signed)
    text = path.read_text(encoding="utf-8")
    digest = re.search(r'digest: "([0-9a-f]{64})"', text)[1]
    moved = rehash(text.replace(digest, "0" * 64, 1))
    path.write_text(moved, encoding="utf-8")
    result = run("verify", project=signed)
    assert "entry 1 (lawyer): the signature does not match the entry" in result.stdout
    # another document: the namespace names the document
    path.write_text(text, encoding="utf-8")
    other = text.replace('"am"', '"bm"')
    (signed / "roles" / "bm.yaml").write_text(
        (signed / "roles" / "am.yaml").read_text(encoding="utf-8").replace("id: am", "id: bm"),
        encoding="utf-8",
    )
    (signed / "signoffs" / "bm.yaml").write_text(rehash(other), encoding="utf-8")
    result = run("verify", project=signed)
    assert (
        "entry 1 (lawyer): the signature was made for 'jdgen-signoff:lawyer:am', not "
        "'jdgen-signoff:lawyer:bm'"
    ) in result.stdout


def test_key_not_allowed_and_capacity_not_allowed(signed, run, keys, make_project):
    root = signed
    edit_role(root, "Searching for clients.", "Searching for new clients.")
    # a stranger's key is refused at signing, and a hand-made entry with it fails verify
    edit = run(
        *sign_args("am", "lawyer", date="2024-05-04"), "--key", str(keys["stranger"]), project=root
    )
    assert edit.exit_code == 1
    assert "is not in allowed_signers" in edit.stderr
    # hr's key signing as lawyer is refused by jdgen sign
    result = run(*sign_args("am", "lawyer"), "--key", str(keys["hr"]), project=root)
    assert result.exit_code == 1
    assert re.search(
        r"key SHA256:\S+ of hr@ex.com may not sign "
        r"'jdgen-signoff:lawyer:am'; it may sign: jdgen-signoff:hr:\*",
        result.stderr,
    )


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (
            "hr",
            r"key SHA256:\S+ of hr@ex.com may not sign 'jdgen-signoff:approver:am'; it may "
            r"sign: jdgen-signoff:hr:\*",
        ),
        ("stranger", r"key SHA256:\S+ is not in allowed_signers"),
    ],
)
def test_approver_entry_signed_by_another_key_fails_verify(signed, run, keys, who, message):
    from jdgen.project import load_config
    from jdgen.signoff.ssh_sig import SigningKey, sign_message
    from jdgen.signoff.store import read_ledger

    approver = read_ledger(load_config(signed), "am").entries[3]
    forged = sign_message(
        SigningKey(keys[who]),
        signoff_namespace("approver", "am"),
        signed_message(approver.payload()),
    )
    path = ledger(signed)
    assert approver.sig is not None
    path.write_text(
        rehash(path.read_text(encoding="utf-8").replace(approver.sig, forged)), encoding="utf-8"
    )
    result = run("verify", project=signed)
    assert result.exit_code == 1
    assert re.search(r"entry 4 \(approver\): " + message, result.stdout), result.stdout


def test_entry_signed_by_a_key_with_another_capacity_fails_verify(make_project, run, keys):
    root = make_project()
    ok(
        run(
            "signers",
            "add",
            "owner@ex.com",
            "--as",
            "signers",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-04-01",
            project=root,
        )
    )
    # signed before hr became an allowed signer (signing checks nothing then)…
    shutil.move(root / "signoffs" / "allowed_signers", root / "a")
    shutil.move(root / "signoffs" / "signers", root / "s")
    for role in ("lawyer", "hr", "supervisor", "approver"):
        ok(run(*sign_args("am", role), "--key", str(keys["hr"]), project=root))
    shutil.move(root / "a", root / "signoffs" / "allowed_signers")
    shutil.move(root / "s", root / "signoffs" / "signers")
    ok(
        run(
            "signers",
            "add",
            "hr@ex.com",
            "--as",
            "hr",
            "--public-key",
            f"{keys['hr']}.pub",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-04-01",
            project=root,
        )
    )
    result = run("verify", project=root)
    assert result.exit_code == 1
    bad = [line for line in result.stdout.splitlines() if "may not sign" in line]
    assert [line.split("(")[1].split(")")[0] for line in bad] == [
        "lawyer",
        "supervisor",
        "approver",
    ]


def test_revoked_key(signed, run, keys):
    ok(
        run(
            "signers",
            "remove",
            "law@ex.com",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-05-10",
            project=signed,
        )
    )
    ok(verify(run, signed))  # signed before the removal: still counts
    ok(
        run(
            "signers",
            "remove",
            "hr@ex.com",
            "--compromised",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-05-10",
            project=signed,
        )
    )
    result = verify(run, signed)
    assert result.exit_code == 1
    assert re.search(
        r"entry 2 \(hr\): key SHA256:\S+ of hr@ex.com was removed from "
        r"allowed_signers \(valid before 19700101\)",
        result.stdout,
    )
    # after removal the key may not sign any more
    listed = run("signers", "list", project=signed)
    assert "valid before 20240510" in listed.stdout


def test_removed_key_refused_for_later_entries(make_project, run, keys):
    root = make_project()
    ok(
        run(
            "signers",
            "add",
            "owner@ex.com",
            "--as",
            "signers",
            "--as",
            "lawyer",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-04-01",
            project=root,
        )
    )
    ok(
        run(
            "signers",
            "add",
            "law@ex.com",
            "--as",
            "lawyer",
            "--public-key",
            f"{keys['law']}.pub",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-04-01",
            project=root,
        )
    )
    ok(
        run(
            "signers",
            "remove",
            "law@ex.com",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-04-20",
            project=root,
        )
    )
    result = run(*sign_args("am", "lawyer"), "--key", str(keys["law"]), project=root)
    assert result.exit_code == 1
    assert "was removed from allowed_signers (valid before 20240420)" in result.stderr


@pytest.mark.parametrize("damage", ["truncate", "edit"])
def test_truncated_or_edited_signature(signed, run, damage):
    path = ledger(signed)
    text = path.read_text(encoding="utf-8")
    sig = re.search(r'sig: "([^"]+)"', text)[1]
    bad = (
        sig[:40] if damage == "truncate" else sig[:60] + ("A" if sig[60] != "A" else "B") + sig[61:]
    )
    path.write_text(rehash(text.replace(sig, bad)), encoding="utf-8")
    result = run("verify", project=signed)
    assert result.exit_code == 1
    assert re.search(
        r"signoffs/am.yaml:\d+:5: document am, entry 1 \(lawyer\): "
        r"(the signature is truncated|the signature is not valid base64"
        r"|the signature does not match the entry|not an SSH signature)",
        result.stdout,
    ), result.stdout


def test_allowed_signers_edited_by_hand_fails(signed, run, keys):
    path = signed / "signoffs" / "allowed_signers"
    text = path.read_text(encoding="utf-8")
    stranger = Path(f"{keys['stranger']}.pub").read_text().split()[:2]
    path.write_text(
        text + f'mallory@ex.com namespaces="jdgen-signoff:approver:*" {" ".join(stranger)}\n',
        encoding="utf-8",
    )
    result = run("verify", project=signed)
    assert result.exit_code == 1
    assert re.search(
        r"signoffs/allowed_signers:10: mallory@ex.com SHA256:\S+: this line is "
        r"not what the signed changes in signoffs/signers/changes.yaml say",
        result.stdout,
    ), result.stdout
    # widening an existing line fails too, and gives the key nothing
    path.write_text(text.replace("jdgen-signoff:hr:*", "jdgen-signoff:*"), encoding="utf-8")
    assert "hr@ex.com" in run("verify", project=signed).stdout
    # the signers ledger cannot be extended without an allowed key's signature
    path.write_text(text, encoding="utf-8")
    result = run(
        "signers",
        "add",
        "mallory@ex.com",
        "--as",
        "approver",
        "--public-key",
        f"{keys['stranger']}.pub",
        "--key",
        str(keys["stranger"]),
        project=signed,
    )
    assert result.exit_code == 1
    assert "is not in allowed_signers" in result.stderr
    ok(run("verify", project=signed))


def test_bootstrap_must_be_self_signed(make_project, run, keys):
    root = make_project()
    result = run(
        "signers",
        "add",
        "owner@ex.com",
        "--as",
        "signers",
        "--public-key",
        f"{keys['owner']}.pub",
        "--key",
        str(keys["stranger"]),
        project=root,
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "jdgen: the first allowed signer signs its own entry: give its "
        "private key with --key (the bootstrap)\n"
    )
    assert not (root / "signoffs" / "allowed_signers").exists()


def test_require_signatures_in_config_refuses_unsigned_sign(make_project, run, keys):
    root = make_project(config="require_signatures = true\n" + CONFIG)
    result = run(*sign_args("am", "lawyer"), project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith("jdgen: this project requires signed entries")
    assert not ledger(root).exists()


def test_git_signing_key_is_used(signed, run, keys):
    subprocess.run(["git", "init", "-q", str(signed)], check=True)
    for name, value in (("gpg.format", "ssh"), ("user.signingkey", str(keys["boss"]))):
        subprocess.run(["git", "-C", str(signed), "config", name, value], check=True)
    edit_role(signed, "Searching for clients.", "Searching for new clients.")
    result = run(*sign_args("am", "lawyer"), project=signed)
    assert result.exit_code == 1  # boss's key is not a lawyer's
    assert "boss@ex.com may not sign 'jdgen-signoff:lawyer:am'" in result.stderr


def test_ssh_keygen_missing_is_a_clear_message(signed, run, keys, monkeypatch):
    edit_role(signed, "Searching for clients.", "Searching for new clients.")
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run(
        *sign_args("am", "lawyer", date="2024-05-05"), "--key", str(keys["law"]), project=signed
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "jdgen: ssh-keygen (OpenSSH) is not installed or not on "
        "the PATH; signing with --key needs it"
    )
    monkeypatch.setenv("PATH", os.defpath)


def test_acknowledgements_per_revision(signed, run, keys):
    ok(
        run(
            "signers",
            "add",
            "emp@ex.com",
            "--as",
            "acknowledge",
            "--public-key",
            f"{keys['stranger']}.pub",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-05-01",
            project=signed,
        )
    )
    ok(
        run(
            "acknowledge",
            "am",
            "--name",
            "Emp One",
            "--employee-id",
            "E1",
            "--date",
            "2024-05-04",
            "--key",
            str(keys["stranger"]),
            project=signed,
        )
    )
    ok(run("acknowledge", "am", "--name", "Emp Two", "--date", "2024-05-04", project=signed))
    again = run("acknowledge", "am", "--name", "Emp One", "--employee-id", "E1", project=signed)
    assert again.exit_code == 1 and "E1 already acknowledged revision 1 of am" in again.stderr
    ok(verify(run, signed))
    edit_role(signed, "Searching for clients.", "Searching for new clients.")
    refused = run("acknowledge", "am", "--name", "Emp One", project=signed)
    assert refused.exit_code == 1 and "is not approved (draft)" in refused.stderr
    for who, role in (("law", "lawyer"), ("hr", "hr"), ("sup", "supervisor"), ("boss", "approver")):
        ok(run(*sign_args("am", role, date="2024-06-01"), "--key", str(keys[who]), project=signed))
    ok(run("acknowledge", "am", "--name", "Emp Two", "--date", "2024-06-02", project=signed))
    lines = run("status", "am", project=signed).stdout.splitlines()
    at = lines.index("am: acknowledged revision 2: 1")
    assert lines[at + 1] == "  Emp Two  2024-06-02  unsigned"
    assert lines[at + 2] == (
        "am: must acknowledge again (acknowledged an earlier revision only): 1"
    )
    assert lines[at + 3] == "  Emp One (E1)  revision 1 (2024-05-04)"
    # an edited acknowledgement fails verify
    path = signed / "signoffs" / "acknowledgements" / "am.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Emp One", "Emp Uno"), encoding="utf-8"
    )
    assert run("verify", project=signed).exit_code == 1


def test_signature_parser_rejects_garbage():
    from jdgen.signoff.ssh_sig import BadSignature

    for body in ("", "AAAA", "U1NIU0lH", "!!"):
        with pytest.raises(BadSignature):
            parse_signature(body)


def test_20_concurrent_signers_with_keys(make_project, run, tmp_path):
    from conftest import BASE_ROLE
    from jdgen.project import load_config
    from jdgen.signoff.store import read_ledger
    from test_signoff_concurrency import finish, jdgen

    names = [f"d{i:02d}" for i in range(20)]
    root = make_project(dict.fromkeys(names, BASE_ROLE))
    folder = tmp_path / "many"
    folder.mkdir()
    owner = keygen(folder, "owner")
    ok(
        run(
            "signers",
            "add",
            "owner@ex.com",
            "--as",
            "signers",
            "--key",
            str(owner),
            "--date",
            "2024-04-01",
            project=root,
        )
    )
    signers = [keygen(folder, f"s{i:02d}") for i in range(20)]
    for name, key in zip(names, signers, strict=True):
        ok(
            run(
                "signers",
                "add",
                f"{key.name}@ex.com",
                "--as",
                "lawyer",
                "--documents",
                name,
                "--public-key",
                f"{key}.pub",
                "--key",
                str(owner),
                "--date",
                "2024-04-01",
                project=root,
            )
        )
    results = finish(
        [
            jdgen(root, *sign_args(name, "lawyer"), "--key", str(key))
            for name, key in zip(names, signers, strict=True)
        ]
    )
    assert [code for code, _ in results] == [0] * 20, results
    config = load_config(root)
    for name in names:
        (entry,) = read_ledger(config, name).entries
        assert entry.sig is not None and entry.role == "lawyer"
    result = verify(run, root)
    ok(result)
    assert "signatures: 20 of 20 sign-off(s) signed, 0 problem(s)" in result.stderr


def test_printed_sheets_carry_fingerprints_and_acknowledgements(signed, run, keys):
    ok(
        run(
            "acknowledge",
            "am",
            "--name",
            "Emp One",
            "--employee-id",
            "E1",
            "--date",
            "2024-05-04",
            project=signed,
        )
    )
    ok(run("build", "am", "--format", "html", "--lang", "en", project=signed))
    html = (signed / "output" / "am.en.html").read_text(encoding="utf-8")
    prints = re.findall(
        r'<td class="blank"><div class="key">(SHA256:[A-Za-z0-9+/]{43})</div>', html
    )
    assert len(prints) == 3  # lawyer, hr, supervisor on the approval sheet
    assert (
        '<tr class="recorded"><td class="n">1</td><td>Emp One (E1)</td><td>4 May 2024'
        '</td><td class="blank"></td></tr>'
    ) in html
    assert '<tr><td class="n">2</td><td></td><td></td><td></td></tr>' in html


def test_dropping_a_removal_is_caught_by_since(signed, run, keys):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(signed), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@ex.com", "commit", "-qm", "signers")
    changes = signed / "signoffs" / "signers" / "changes.yaml"
    allowed = signed / "signoffs" / "allowed_signers"
    before = (changes.read_bytes(), allowed.read_bytes())
    ok(
        run(
            "signers",
            "remove",
            "hr@ex.com",
            "--compromised",
            "--key",
            str(keys["owner"]),
            "--date",
            "2024-05-10",
            project=signed,
        )
    )
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@ex.com", "commit", "-qm", "revoke hr")
    assert verify(run, signed).exit_code == 1  # hr's signature no longer counts
    # roll the removal back: both files as before, every chain intact
    changes.write_bytes(before[0])
    allowed.write_bytes(before[1])
    ok(verify(run, signed))
    result = verify(run, signed, "--since", "HEAD")
    assert result.exit_code == 1
    assert re.search(
        r"signoffs/signers/changes.yaml:\d+:5: signers, entry 6 \(hash \w{12}…\) "
        r"present at HEAD is missing or changed now — the ledger is append-only",
        result.stdout,
    ), result.stdout
