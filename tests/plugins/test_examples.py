"""Adding a report format, a check type, an exporter or a command is one new file plus one test.

Each example plugin is a module beside this file, registered on the real plugin manager as an
installed plugin's entry point would be, and seen through the real command line.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import csv_format
import hello_command
import pytest
import shout_check
import text_exporter
from click.testing import CliRunner, Result

from proofline.cli import cli
from proofline.hookspecs import plugin_manager

AS_OF = "2026-11-22"


@pytest.fixture
def use() -> Iterator[list[ModuleType]]:
    """Register plugin modules for one test, then unregister them."""
    modules: list[ModuleType] = []
    yield modules
    for module in modules:
        plugin_manager().unregister(module)


def _register(use: list[ModuleType], module: ModuleType) -> None:
    plugin_manager().register(module, name=module.__name__)
    use.append(module)


def _run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, (args, result.output, result.stderr)
    return result


def test_a_report_format_is_one_module(use: list[ModuleType], sample_workspace: Path) -> None:
    assert "[terminal|json|sarif]" in _run("check", "--help").output
    _register(use, csv_format)
    assert "[terminal|json|sarif|csv]" in _run("check", "--help").output
    draft = sample_workspace / "cases" / "linkedin-fr-etude.md"
    out = _run("check", str(draft), "--workspace", str(sample_workspace), "--as-of", AS_OF, "--format", "csv",
               code=1).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    as_json = json.loads(_run("check", str(draft), "--workspace", str(sample_workspace), "--as-of", AS_OF,
                              "--format", "json", code=1).stdout)
    assert [(r["verdict"], r["text"]) for r in rows] == [(c["verdict"], c["text"]) for c in as_json["claims"]]


def test_a_check_type_is_one_module(use: list[ModuleType], sample_workspace: Path, tmp_path: Path) -> None:
    draft, pack = tmp_path / "draft.md", tmp_path / "house.yaml"
    draft.write_text("Essayez-le GRATUITEMENT dès aujourd'hui.\n", "utf-8")
    pack.write_text("pack: house\nrules:\n  - id: house.shout\n    type: shout\n    safe_fix: true\n"
                    "    message: \"'{match}' shouts; write it in lower case.\"\n", "utf-8")
    refused = _run("fix", str(draft), "--workspace", str(sample_workspace), "--style", str(pack), code=2)
    assert "unknown check type 'shout'" in refused.stderr
    _register(use, shout_check)
    out = _run("fix", str(draft), "--workspace", str(sample_workspace), "--style", str(pack)).output
    assert "+Essayez-le Gratuitement dès aujourd'hui." in out


def test_an_exporter_is_one_module(use: list[ModuleType], sample_workspace: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = tmp_path / "ws", tmp_path / "published"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    for name in ("PROOFLINE_USER", "PROOFLINE_WORKSPACE", "PROOFLINE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROOFLINE_NOW", "2026-11-22T09:00:00Z")
    draft = tmp_path / "post.md"
    draft.write_text("Écrivez-moi si vous souhaitez lire le document complet.\n", "utf-8")
    ws = ("--workspace", str(root))
    _run("init", str(root), "--admin", "ada")
    _run("user", "add", "wendy", "--role", "writer", *ws)
    _run("user", "add", "alex", "--role", "approver", *ws)
    _run("asset", "new", str(draft), "--kind", "linkedin", "--title", "Contact", "--as", "wendy", *ws)
    _run("asset", "submit", "1", "--as", "wendy", *ws)
    _run("asset", "approve", "1", "--as", "alex", *ws)
    refused = _run("asset", "publish", "1", "--out", str(out), "--to", "cms", "--as", "alex", *ws, code=2)
    assert "There is no publisher 'cms'; the publishers are: folder." in refused.stderr
    _register(use, text_exporter)
    _run("asset", "publish", "1", "--out", str(out), "--as", "alex", *ws)
    assert sorted(p.name for p in out.iterdir()) == [
        "asset-1-v1.md", "asset-1-v1.proof.json", "asset-1-v1.proof.md", "asset-1-v1.proof.txt"]
    assert (out / "asset-1-v1.proof.txt").read_text("utf-8").startswith("Contact v1, approved by alex\n")
    _run("asset", "withdraw", "1", "--reason", "Plus d'actualité", "--as", "alex", *ws)
    assert "withdrawn" in json.loads((out / "asset-1-v1.proof.json").read_text("utf-8"))


def test_a_command_is_one_module(use: list[ModuleType]) -> None:
    assert "No such command 'hello'" in _run("hello", code=2).stderr
    _register(use, hello_command)
    try:
        assert _run("hello", "Ada").output == "Hello, Ada!\n"
        assert "hello" in _run("--help").output
        assert "Check drafts" in _run("check", "--help").output  # a built-in name stays the built-in's
    finally:
        cli.commands.pop("hello", None)
        cli.commands.pop("check", None)
