"""A real OpenAI-compatible HTTP server on 127.0.0.1 with scripted replies (stdlib, threads), and the
long study source that the compose tests and bench/bench_compose.py both draft from."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample-workspace"


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict -> JSON; str -> raw text
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion(content: str, *, finish_reason: str = "stop", prompt_tokens: int = 120,
               completion_tokens: int = 40) -> Reply:
    """A Chat Completions answer whose message content is `content`."""
    return Reply(body={
        "id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    })


def draft_reply(text: str, **kw: Any) -> Reply:
    return completion(json.dumps({"text": text}, ensure_ascii=False), **kw)


class ScriptedServer:
    """Replies are served in order; once the script is empty, `default` is served."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.default: Reply = Reply(status=500, body={"error": {"message": "no scripted reply left"}})
        self.requests: list[dict[str, Any]] = []
        self.responder: Callable[[Any], Reply] | None = None  # answers from the request when the script is empty
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self, payload: Any) -> None:
                with server.lock:
                    server.requests.append({"method": self.command, "path": self.path,
                                            "headers": dict(self.headers), "json": payload,
                                            "at": time.monotonic()})
                    if server.script:
                        reply = server.script.pop(0)
                    elif server.responder is not None and payload is not None:
                        reply = server.responder(payload)
                    else:
                        reply = server.default
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body or {})
                data = body.encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                self._serve(json.loads(raw) if raw else None)

            def do_GET(self) -> None:
                self._serve(None)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def queue(self, *replies: Reply) -> None:
        with self.lock:
            self.script.extend(replies)

    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST"]


def long_source(folder: Path) -> str:
    """A ~1,500-word study built from varied sentences, in the sample's domain."""
    sites = ["Lyon", "Nantes", "Lille", "Grenoble", "Rennes", "Dijon", "Metz", "Tours", "Reims", "Caen"]
    lines = ["---", "id: etude-longue", "title: Étude longue sur les compresseurs", "type: study",
             "validated_by: Équipe données", "validated_on: 2026-01-10", "lang: fr", "---"]
    for i in range(48):
        site = sites[i % len(sites)]
        lines.append(f"Sur le site de {site} numéro {i + 1}, les arrêts non planifiés ont baissé de {10 + i % 30} % "
                     f"en douze mois. La consommation électrique a diminué de {3 + i % 9} % sur la même période.")
        if i % 5 == 0:
            lines.append(f"\n## Site {site} {i + 1}\n")
    (folder / "sources" / "etude-longue.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "etude-longue"
