"""`proofline serve` in a subprocess, as users run it: shared by the browser tests and bench_web.py.

Not a test module: conftest.py and bench/bench_web.py import it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH")) if p)
    for name in [n for n in env if n.startswith(("PROOFLINE_", "OPENAI_"))]:
        env.pop(name)  # the workspace's own SQLite file and the offline compose provider, whatever the shell says
    return env


def start_serve(root: Path, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    """`proofline serve --demo` on `root`, returned once /login answers; fails with its log if it dies or hangs."""
    argv = [sys.executable, "-m", "proofline", "serve", "--workspace", str(root), "--host", "127.0.0.1",
            "--port", str(port), "--demo", *extra]
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=server_env(), cwd=root)
    url = f"http://127.0.0.1:{port}/login"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{log.read_text('utf-8')[-3000:]}")
        try:
            if httpx.get(url, timeout=2.0, trust_env=False).status_code < 500:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"the server did not answer {url} within {START_TIMEOUT_S:.0f} s:\n"
                       f"{log.read_text('utf-8')[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
