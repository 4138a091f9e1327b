"""Compose benchmark: provider calls and tokens per derivative, and the offline composer's speed.

    python bench/bench_compose.py            # print the figures (Markdown)
    python bench/bench_compose.py --write    # also append them to bench/RESULTS.md

- openai-compatible: each derivative of the sample's richest source is composed against the
  scripted OpenAI-compatible server of the tests (loopback, no internet). The server answers with
  a realistic draft (the offline draft with [S1] markers) and reports tokens as characters / 4 of
  what it actually received and sent, so prompt sizes reflect the real prompts built from the kit.
- offline: the five derivatives of a synthetic 1,500-word source, after the evidence index is
  built (as in a long-running process); median of --runs. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests" / "compose")]

from compose_llm_server import Reply, ScriptedServer, completion, long_source  # noqa: E402

import proofline  # noqa: E402
from proofline.compose import compose, plan  # noqa: E402
from proofline.compose.channels import CHANNELS  # noqa: E402
from proofline.compose.providers.offline import OfflineProvider  # noqa: E402
from proofline.compose.providers.openai_compatible import OpenAICompatibleProvider  # noqa: E402
from proofline.compose.settings import ProviderSettings  # noqa: E402

SAMPLE = REPO / "examples" / "sample-workspace"
AS_OF = date(2026, 11, 22)
SOURCE = "etude-terrain-2025"


def _with_markers(draft: Any) -> str:
    text = draft.result.text
    for cit in sorted(draft.result.citations, key=lambda c: -c.end):
        markers = ", ".join(p.marker for p in cit.passages)
        text = text[:cit.end] + f" [{markers}]" + text[cit.end:]
    return text


def bench_provider() -> list[dict[str, Any]]:
    ws = proofline.load_workspace(SAMPLE)
    offline = {d.channel: d for d in compose(ws, plan(ws, [SOURCE], ["outline", *CHANNELS]), OfflineProvider(),
                                            as_of=AS_OF)}
    server = ScriptedServer()
    server.thread.start()
    rows = []
    try:
        for channel in ["outline", *CHANNELS]:
            content = json.dumps({"text": _with_markers(offline[channel])}, ensure_ascii=False)

            def respond(payload: Any, content: str = content) -> Reply:
                prompt = sum(len(m["content"]) for m in payload["messages"])
                return completion(content, prompt_tokens=prompt // 4, completion_tokens=len(content) // 4)

            server.responder = respond
            settings = ProviderSettings(name="openai-compatible", base_url=server.base_url, model="bench",
                                        input_cost_per_million=0.2, output_cost_per_million=0.6)
            provider = OpenAICompatibleProvider(settings)
            job = plan(ws, [SOURCE], [channel], audience_id="responsables-maintenance")
            (draft,) = compose(ws, job, provider, as_of=AS_OF)
            u = draft.result.usage
            rows.append({"channel": channel, "calls": u.calls, "prompt_tokens": u.prompt_tokens,
                         "completion_tokens": u.completion_tokens, "cost": u.cost, "latency_ms": u.latency_s * 1000,
                         "blocking": draft.report.blocking})
            provider.close()
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
    return rows


def bench_offline(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        shutil.copytree(SAMPLE, root)
        source_id = long_source(root)
        ws = proofline.load_workspace(root)
        words = len(ws.source(source_id).text.split())  # type: ignore[union-attr]
        proofline.check_text(ws, "Bonjour.", as_of=AS_OF)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            drafts = compose(ws, plan(ws, [source_id], list(CHANNELS)), OfflineProvider(), as_of=AS_OF)
            times.append(time.perf_counter() - started)
        return {"words": words, "median_s": statistics.median(times), "max_s": max(times),
                "blocking": sum(d.report.blocking for d in drafts), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="append the figures to bench/RESULTS.md")
    args = parser.parse_args()
    rows = bench_provider()
    off = bench_offline(args.runs)
    out = [f"## Compose benchmark ({date.today().isoformat()})", "",
           f"`python bench/bench_compose.py --runs {args.runs}`", "",
           f"openai-compatible against the scripted loopback server, source `{SOURCE}` (tokens = chars / 4):", "",
           "| derivative | calls | prompt tokens | completion tokens | cost | latency | blocking |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['channel']} | {r['calls']} | {r['prompt_tokens']} | {r['completion_tokens']} | "
                   f"{r['cost']:.6f} | {r['latency_ms']:.1f} ms | {r['blocking']} |")
    out += ["", f"offline composer, five derivatives of a {off['words']}-word source: median "
            f"{off['median_s'] * 1000:.0f} ms, max {off['max_s'] * 1000:.0f} ms over {off['runs']} runs "
            f"(target < 1 s); blocking claims: {off['blocking']}.", ""]
    text = "\n".join(out)
    print(text)
    if args.write:
        with (REPO / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()
