"""The command line with its start-up caches on gives byte for byte the output it gives without."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")
SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-workspace"


def run(cache: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": SRC, "PROOFLINE_CACHE_DIR": str(cache), "PYTHONDONTWRITEBYTECODE": "1",
            **env}
    full.pop("PROOFLINE_WORKSPACE", None)
    return subprocess.run([sys.executable, "-m", "proofline", "check", *args], capture_output=True, text=True,
                          env=full, timeout=120)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_cold_and_warm_runs_print_what_an_uncached_run_prints(tmp_path: Path, fmt: str) -> None:
    args = (str(SAMPLE / "cases"), "--workspace", str(SAMPLE), "--format", fmt, "--as-of", "2026-11-22")
    plain = run(tmp_path / "none", *args, PROOFLINE_REGEX_CACHE="0", PROOFLINE_BYTECODE_CACHE="0")
    cold = run(tmp_path / "cache", *args)
    warm = run(tmp_path / "cache", *args)
    assert plain.stdout.strip()
    for done in (cold, warm):
        assert (done.returncode, done.stdout, done.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    kept = {p.name for p in (tmp_path / "cache").iterdir()}
    assert {"workspace", "regex-code", "voice-rules", "bytecode"} <= kept
    assert any(p.name.startswith("proofline.checker-") for p in (tmp_path / "cache" / "bytecode").iterdir())
