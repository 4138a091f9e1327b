"""The plugin system: built-ins are plugins registered like outside ones, first; outside plugins are
chosen by PROOFLINE_LOAD_PLUGINS; a check of a built-in format never creates the plugin manager."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from proofline.compose.providers import available_providers
from proofline.hookspecs import (
    DEFAULT_PLUGINS,
    LOAD_PLUGINS_ENV,
    hookimpl,
    make_plugin_manager,
    plugin_manager,
)
from proofline.report.formats import ReportFormat, report_format, report_formats
from proofline.report.renderers import BUILTIN_FORMATS
from proofline.voice.checks import check_types
from proofline.voice.checks.builtin import BUILTIN_CHECKS
from proofline.workflow.exporters import Exporter, exporters
from proofline.workflow.publishers import publishers

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "sample-workspace"


def test_the_tests_load_no_outside_plugin() -> None:
    assert os.environ[LOAD_PLUGINS_ENV] == ""
    assert {name for name, _ in plugin_manager().list_name_plugin()} >= set(DEFAULT_PLUGINS)


def test_every_default_plugin_is_registered_under_its_module_name() -> None:
    pm = make_plugin_manager()
    assert [name for name, _ in pm.list_name_plugin()] == list(DEFAULT_PLUGINS)
    for name in DEFAULT_PLUGINS:
        assert pm.get_plugin(name) is sys.modules[name]


def test_the_built_ins_come_from_the_default_plugins() -> None:
    pm = make_plugin_manager()
    assert list(report_formats(pm)) == ["terminal", "json", "sarif"]
    assert list(exporters(pm)) == ["json", "markdown"]
    assert list(publishers(pm)) == ["folder"]
    assert list(available_providers(pm)) == ["offline", "openai-compatible"]
    assert list(check_types(pm)) == [c.type for c in BUILTIN_CHECKS]


def test_a_built_in_format_is_answered_without_the_plugin_manager_and_is_the_registrys() -> None:
    for fmt in BUILTIN_FORMATS:
        assert report_format(fmt.name) is report_formats()[fmt.name] is fmt
    assert report_format("nope") is None


class _Impostor:
    """Asks to be called first and registers built-in names: it gets none of them."""

    @hookimpl(tryfirst=True)
    def register_report_formats(self, register: Callable[[ReportFormat], None]) -> None:
        register(ReportFormat("json", "not json", lambda reports, options: "{}\n"))
        register(ReportFormat("yaml", "a new one", lambda reports, options: "---\n"))

    @hookimpl(tryfirst=True)
    def register_exporters(self, register: Callable[[Exporter], None]) -> None:
        register(Exporter("markdown", ".proof.md", "text/plain", lambda proof: "nothing\n"))


def test_a_plugin_cannot_take_a_built_in_name_even_asking_to_be_first() -> None:
    pm = make_plugin_manager()
    pm.register(_Impostor())
    formats = report_formats(pm)
    assert list(formats) == ["terminal", "json", "sarif", "yaml"]
    assert formats["json"] is BUILTIN_FORMATS[1]
    assert exporters(pm)["markdown"].media_type == "text/markdown; charset=utf-8"


def test_a_registered_item_of_the_wrong_kind_is_refused_when_it_loads() -> None:
    class Wrong:
        @hookimpl
        def register_exporters(self, register: Callable[[object], None]) -> None:
            register("proof.txt")

    pm = make_plugin_manager()
    pm.register(Wrong())
    with pytest.raises(TypeError, match=r"register_exporters: 'proof.txt' is not a Exporter"):
        exporters(pm)


# ---------------------------------------------------------------------------- outside plugins, for real

ENTRY_POINTS = "[proofline]\nacme-hello = acme_hello\n"
PLUGIN = '''import click
from proofline.hookspecs import hookimpl


@hookimpl
def register_commands(cli):
    @cli.command("hello")
    def hello():
        click.echo("hello from acme")
'''


def _proofline(site: Path, *args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO / "src")])}
    for key, value in env.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    return subprocess.run([sys.executable, "-m", "proofline", *args], capture_output=True, text=True, env=full,
                          timeout=120)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installed distribution `acme-hello` (a dist-info folder on the path) with one entry point."""
    root = tmp_path_factory.mktemp("site")
    info = root / "acme_hello-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-hello\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, "utf-8")
    (root / "acme_hello.py").write_text(PLUGIN, "utf-8")
    return root


@pytest.mark.parametrize(("wanted", "loaded"), [(None, True), ("", False), ("acme-hello", True),
                                                ("other-plugin, acme-hello", True), ("other-plugin", False)])
def test_load_plugins_chooses_the_outside_plugins(site: Path, wanted: str | None, loaded: bool) -> None:
    done = _proofline(site, "hello", **{LOAD_PLUGINS_ENV: wanted})
    if loaded:
        assert (done.returncode, done.stdout) == (0, "hello from acme\n"), done.stderr
    else:
        assert done.returncode == 2 and "No such command 'hello'" in done.stderr
    assert ("'other-plugin'" in done.stderr) == ("other-plugin" in (wanted or ""))


def test_a_check_in_a_built_in_format_creates_no_plugin_manager(tmp_path: Path) -> None:
    """The fast path of `proofline check`: neither pluggy nor the entry points are loaded (warm cache)."""
    code = ("import sys\nfrom proofline.cli import cli\n"
            "try:\n    cli.main(sys.argv[1:], prog_name='proofline')\nexcept SystemExit:\n    pass\n"
            "h = sys.modules.get('proofline.hookspecs')\nprint('pluggy' in sys.modules, getattr(h, '_manager', None) is not None)\n")
    args = [str(SAMPLE / "cases" / "linkedin-fr-etude.md"), "--workspace", str(SAMPLE), "--as-of", "2026-11-22"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PROOFLINE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop(LOAD_PLUGINS_ENV)
    for fmt in ("json", "json", "terminal"):  # the first run fills the cache
        done = subprocess.run([sys.executable, "-c", code, "check", *args, "--format", fmt], capture_output=True,
                              text=True, env=env, timeout=120)
    assert done.stdout.splitlines()[-1] == "False False", done.stderr


# ---------------------------------------------------------------------------- docs/plugins.md


def test_every_hook_is_documented() -> None:
    """As Datasette's test_plugin_hooks_are_documented: each hookspec has its section in docs/plugins.md."""
    import re

    import proofline.hookspecs as specs

    hooks = sorted(name for name, value in vars(specs).items() if hasattr(value, "proofline_spec"))
    assert len(hooks) == 7, hooks
    text = (REPO / "docs" / "plugins.md").read_text("utf-8")
    headings = set(re.findall(r"^### `(\w+)\(", text, re.M))
    assert set(hooks) - headings == set(), "hooks without a section in docs/plugins.md"
    assert headings - set(hooks) == set(), "docs/plugins.md documents hooks hookspecs.py lacks"
    for name in DEFAULT_PLUGINS:
        assert f"`{name}`" in text, f"docs/plugins.md does not name the default plugin {name}"
