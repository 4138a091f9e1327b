"""docs/cli.md is what `python -m proofline.cli.docs` generates from the click commands.

The reference is committed so that it can be read on GitHub; these tests regenerate it and fail,
saying how to regenerate it, when a command, an option or a help text changed without it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from proofline.cli import cli
from proofline.cli.docs import REGENERATE, render

REPO = Path(__file__).resolve().parent.parent
CLI_DOC = REPO / "docs" / "cli.md"
DOCS = REPO / "docs"


def commands() -> Iterator[tuple[str, click.Command, click.Context]]:
    def walk(cmd: click.Command, ctx: click.Context) -> Iterator[tuple[str, click.Command, click.Context]]:
        yield ctx.command_path, cmd, ctx
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                assert sub is not None
                yield from walk(sub, click.Context(sub, info_name=name, parent=ctx))

    yield from walk(cli, click.Context(cli, info_name="proofline"))


def test_the_committed_reference_is_up_to_date() -> None:
    committed = CLI_DOC.read_text(encoding="utf-8") if CLI_DOC.is_file() else ""
    assert committed == render(), (
        f"docs/cli.md is stale: a command, an option or a help text changed. Regenerate it with\n"
        f"    {REGENERATE}\n(or `make docs`) and commit the result.")


def test_the_module_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    done = subprocess.run([sys.executable, "-m", "proofline.cli.docs", str(out)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == render()
    assert REGENERATE.split()[-1] == "docs/cli.md" and "proofline.cli.docs" in REGENERATE


@pytest.mark.parametrize("path", [p for p, _, _ in commands()])
def test_every_command_has_a_section_with_its_usage_help_and_options(path: str) -> None:
    cmd, ctx = next((c, x) for p, c, x in commands() if p == path)
    text = CLI_DOC.read_text(encoding="utf-8")
    heading = re.search(rf"^#+ `{re.escape(path)}`\n(.*?)(?=^#+ `proofline|\Z)", text, re.S | re.M)
    assert heading is not None, f"no section for {path}"
    body = heading.group(1)
    assert f"```\n{path} " in body, "the usage line"
    assert cmd.help and cmd.help.strip(), f"{path} has no help text: write a docstring"
    for param in cmd.get_params(ctx):
        if isinstance(param, click.Option) and param is not cmd.get_help_option(ctx):
            assert param.help, f"{path} {param.opts[0]} has no help text"
            for opt in param.opts:
                assert f"`{opt}`" in body, f"{path}: {opt} missing"


def test_every_environment_variable_the_code_reads_is_in_the_table() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "proofline").rglob("*.py")
                     if p.name != "docs.py")
    in_code = set(re.findall(r"PROOFLINE_[A-Z_]+[A-Z]", code))
    table = re.search(r"^## Environment variables\n(.*?)^## ", CLI_DOC.read_text(encoding="utf-8"), re.S | re.M)
    assert table is not None
    documented = set(re.findall(r"`(PROOFLINE_[A-Z_]+)`", table.group(1)))
    assert in_code - documented == set(), "undocumented environment variables"
    assert documented - in_code == set(), "the table names variables the code does not read"


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


PARALLEL = {"plugins.md"}  # written in another branch (docs/plugins.md); linked ahead of it


@pytest.mark.parametrize("page", [*sorted(p.name for p in DOCS.glob("*.md")), "../README.md"])
def test_the_links_of_every_page_resolve(page: str) -> None:
    """Relative links name a file that exists and, with #anchor, one of its headings."""
    path = (DOCS / page).resolve()
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    for target in re.findall(r"\]\((?!https?:|mailto:)([^)\s]+)\)", text):
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if linked.name in PARALLEL and linked.parent == DOCS and not linked.exists():
            continue
        assert linked.exists(), f"{page}: {target} does not exist"
        if anchor and linked.suffix == ".md":
            body = re.sub(r"^```.*?^```", "", linked.read_text(encoding="utf-8"), flags=re.S | re.M)
            slugs = {_slug(h) for h in re.findall(r"^#+ (.+)$", body, re.M)}
            assert anchor in slugs, f"{page}: #{anchor} is not a heading of {linked.name}"


def test_the_docs_link_each_other_and_the_readme_lists_them() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documentation = re.search(r"^## Documentation\n(.*?)^## ", readme, re.S | re.M)
    assert documentation is not None, "the README has a Documentation list"
    for name in ("workspace-format.md", "report.md", "cli.md"):
        assert f"(docs/{name})" in documentation.group(1), name
        others = {"workspace-format.md", "report.md", "cli.md"} - {name}
        text = (DOCS / name).read_text(encoding="utf-8")
        for other in others:
            assert f"]({other}" in text, f"docs/{name} does not link {other}"
