"""Speed of the text layer on a ~1,500-word draft: language, sentences, lexicon terms, figures,
and the matching view (text/normalize.py) beside the whole check it is part of.

    python bench/bench_text.py              # print the figures
    python bench/bench_text.py --write      # also append them to bench/RESULTS.md

The draft is the bundled sample drafts, concatenated and repeated to ~1,500 words (French and
English). Each step is timed `--runs` times after one warm-up run (which compiles patterns and
loads the lexicon): median and best. These were timed unit tests once; timings belong here.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "src"), str(HERE)]

from results import append_section  # noqa: E402

from proofline.checker import check_text  # noqa: E402
from proofline.text.language import detect_language  # noqa: E402
from proofline.text.lexicon import Lexicon  # noqa: E402
from proofline.text.normalize import fold, readings  # noqa: E402
from proofline.text.quantities import find_quantities  # noqa: E402
from proofline.text.sentences import split_sentences  # noqa: E402


def draft(words: int = 1500) -> str:
    texts = [p.read_text("utf-8") for p in sorted((REPO / "examples" / "sample-workspace" / "cases").glob("*.md"))]
    text = "\n\n".join(texts)
    while len(text.split()) < words:
        text += "\n\n" + "\n\n".join(texts)
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    return text[:ends[words - 1]]


def disguised(text: str) -> str:
    """The draft with what an evasion would add: a zero-width space, a soft hyphen and a Cyrillic
    "е" every 40 words or so, NBSP before every colon."""
    words = text.split(" ")
    for i in range(0, len(words), 40):
        w = words[i]
        words[i] = w[:1] + ("\u200b", "\u00ad", "")[i % 3] + w[1:].replace("e", "\u0435", 1)
    return " ".join(words).replace(" :", "\u00a0:")


def timed(step: Callable[[], object], runs: int) -> tuple[float, float]:
    step()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--write", action="store_true", help="append a dated section to bench/RESULTS.md")
    args = ap.parse_args()
    text = draft()
    hidden = disguised(text)
    lex = Lexicon.default()
    steps: dict[str, Callable[[], object]] = {
        "detect_language": lambda: detect_language(text),
        "split_sentences": lambda: split_sentences(text, 0, len(text), "fr"),
        "lexicon terms": lambda: lex.terms(text, "fr"),
        "find_quantities": lambda: find_quantities(text, "fr"),
        "normalize: fold (the draft)": lambda: fold(text),
        "normalize: both readings (disguised draft)": lambda: readings(hidden),
    }
    lines = [f"Python {platform.python_version()} on {platform.machine()}; a {len(text.split()):,}-word draft "
             f"(the sample drafts, repeated), {args.runs} runs after a warm-up.", "",
             "| step | median ms | best ms |", "|---|---:|---:|"]
    medians: dict[str, float] = {}
    for name, step in steps.items():
        median, best = timed(step, args.runs)
        medians[name] = median
        lines.append(f"| {name} | {median:.1f} | {best:.1f} |")
    from proofline.workspace.loader import load_workspace

    workspace = load_workspace(REPO / "examples" / "sample-workspace")
    for name, body in (("check_text (sample workspace, the draft)", text),
                       ("check_text (sample workspace, disguised draft)", hidden)):
        median, best = timed(lambda body=body: check_text(workspace, body, path="draft.md"), max(3, args.runs // 4))
        medians[name] = median
        lines.append(f"| {name} | {median:.1f} | {best:.1f} |")
    share = medians["normalize: fold (the draft)"] / medians["check_text (sample workspace, the draft)"]
    lines += ["", f"One fold of the draft is {share:.2%} of its whole check (forbidden claims fold each "
                  "sentence again, voice folds the draft once when it holds anything to fold)."]
    out = "\n".join(lines) + "\n"
    print(out)
    if args.write:
        append_section("Text layer speed", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
