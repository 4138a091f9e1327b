"""The README's commands run: docs that show a command must not go stale.

Every line of a ```bash block in README.md that starts with `proofline` is run, from the
repository root, as a real process (the installed console script, else `python -m proofline`),
against the bundled sample workspace. Exit 0 or 1 is a working command (1 means claims block,
which is what the sample is for); 2, or a traceback, means the README shows something broken.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "README.md"


def readme_commands() -> list[str]:
    """`proofline ...` lines of the ```bash blocks, with backslash continuations joined."""
    commands = []
    for block in re.findall(r"^```bash\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip().startswith("proofline "):
                commands.append(line.strip())
    return commands


def proofline_argv() -> list[str]:
    script = Path(sys.executable).parent / "proofline"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "proofline"]


def test_the_readme_shows_proofline_commands() -> None:
    commands = readme_commands()
    assert len(commands) >= 3
    assert any("--format json" in c for c in commands)


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command: str) -> None:
    args = shlex.split(command)[1:]
    env = dict(os.environ, NO_COLOR="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT / "src"), env.get("PYTHONPATH")) if p)
    done = subprocess.run([*proofline_argv(), *args], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1), f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip(), "the command printed nothing"
    if "--format json" in command or "--format sarif" in command:
        json.loads(done.stdout)


def test_the_readme_documents_every_verdict_and_exit_code() -> None:
    from proofline.model import Verdict

    text = README.read_text(encoding="utf-8")
    for verdict in Verdict:
        assert f"| `{verdict.value}` |" in text, f"verdict {verdict.value} missing from the README table"
    for status in ("| 0 |", "| 1 |", "| 2 |"):
        assert status in text


def test_the_readme_uses_the_demo_date_of_the_makefile(demo_as_of: str) -> None:
    dates = set(re.findall(r"--as-of (\S+)", README.read_text(encoding="utf-8")))
    assert dates == {demo_as_of}


def test_every_module_the_architecture_names_exists() -> None:
    """docs/architecture.md names folders and modules of src/proofline: each must be there."""
    text = (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    diagram = re.search(r"^```\n(.*?)^```", text, re.S | re.M)
    assert diagram is not None
    package = REPO_ROOT / "src" / "proofline"
    named = set(re.findall(r"(?<![\w/.])([a-z_]+/|[a-z_]+\.py)(?![\w])", diagram.group(1)))
    named |= {f"{folder}{module}" for folder, module in re.findall(r"(\w+/)\s*(\w+\.py)", diagram.group(1))}
    assert len(named) > 15
    missing = sorted(n for n in named if not (package / n).exists()
                     and not any((package / d / n).exists() for d in ("text", "claims", "evidence", "workflow",
                                                                      "compose", "web", "report", "store",
                                                                      "workspace", "cli")))
    assert missing == [], f"docs/architecture.md names what src/proofline lacks: {missing}"


JOURNEY_MARK = "<!-- journey: tests/test_docs.py runs this block -->"


def readme_journey() -> list[str]:
    """The lines of the README's workflow journey (the ```shell block after its marker)."""
    text = README.read_text(encoding="utf-8")
    block = re.search(re.escape(JOURNEY_MARK) + r"\n```shell\n(.*?)^```", text, re.S | re.M)
    assert block is not None, "the README lost its workflow journey"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_workflow_journey_runs_as_written(tmp_path: Path) -> None:
    """From `init` (first admin) to publish, correct and withdraw, in order, in a fresh folder, as a user
    would type it: each line exits 0, except those marked `# refused`, which exit 2 with one line that
    names a claim id or a rule (and the refusal changes nothing the next lines rely on)."""
    (tmp_path / "examples").symlink_to(REPO_ROOT / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROOFLINE_")}
    env.update(NO_COLOR="1", PATH=os.pathsep.join([str(Path(proofline_argv()[0]).parent), env.get("PATH", "")]))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT / "src"), env.get("PYTHONPATH")) if p)
    cwd = tmp_path
    lines = readme_journey()
    assert lines[1].startswith("proofline init ") and "--admin" in lines[1]
    assert any(line.startswith("proofline asset publish") and "# refused" not in line for line in lines)
    for line in lines:
        command = line.split("   #", 1)[0].strip()
        if command.startswith("export "):
            name, value = command.removeprefix("export ").split("=", 1)
            env[name] = value
            continue
        if command.startswith("cd "):
            cwd = cwd / command.removeprefix("cd ").strip()
            continue
        done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in done.stderr, (line, done.stderr[-2000:])
        if "# refused" in line:
            assert done.returncode == 2, (line, done.stdout, done.stderr)
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
            assert re.search(r"claim #\d+|rule \w|source '|four-eyes", done.stderr), done.stderr
        else:
            assert done.returncode == 0, (line, done.returncode, done.stdout, done.stderr)
    assert (cwd / "attestations.validated.yaml").is_file()
    proof = json.loads((cwd / "published" / "asset-1-v3.proof.json").read_text("utf-8"))
    assert proof["published_by"] == "nadia" and proof["withdrawn"]["by"] == "lea"
    assert {c["override"]["confirmed_by"] for c in proof["claims"] if "override" in c} == {"nadia"}
