"""metric: a formula over counts compared to a threshold (which may depend on the kit's reading level).

Keys: `formula` (arithmetic over the counts of voice/readability.py and `length`, `pre`, `list`,
`blockquote`, `heading`), `condition` ("> 12"), `thresholds` (per reading level),
`min_words`, `min_sentences` (shorter texts are not measured).
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from proofline.voice import readability
from proofline.voice.engine import Context, Hit, Rule, RuleError, RuleSpec, render

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
}
_BIN: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.Pow: operator.pow, ast.Mod: operator.mod,
}
_FUNCS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs, "sqrt": math.sqrt, "log": math.log}


def compile_formula(formula: str, where: str) -> ast.Expression:
    """Parse a metric formula once; only arithmetic over named counts is allowed."""
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"{where}: formula {formula!r} is not an arithmetic expression") from exc
    for node in ast.walk(tree):
        ok = isinstance(node, ast.Expression | ast.BinOp | ast.UnaryOp | ast.Constant | ast.Name | ast.Load
                        | ast.Call | ast.USub | ast.UAdd) or type(node) in _BIN
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FUNCS):
            ok = False
        if not ok:
            raise RuleError(f"{where}: formula {formula!r} uses {type(node).__name__}, which is not allowed")
    return tree


def eval_formula(tree: ast.Expression, variables: Mapping[str, float]) -> float | None:
    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in variables:
                raise KeyError(node.id)
            return float(variables[node.id])
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            return _BIN[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return float(_FUNCS[node.func.id](*(ev(a) for a in node.args)))
        raise ValueError(type(node).__name__)

    try:
        return ev(tree)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None


@dataclass(frozen=True, kw_only=True)
class Metric(Rule):
    """A formula over counts compared to a threshold (which may depend on the kit's reading level)."""

    type: ClassVar[str] = "metric"
    keys: ClassVar[frozenset[str]] = frozenset({"formula", "condition", "thresholds", "min_words", "min_sentences"})
    formula: ast.Expression
    op: str = ">"
    threshold: float | None = None
    thresholds: tuple[tuple[str, float], ...] = ()
    min_words: int = 0
    min_sentences: int = 0
    scope: tuple[str, ...] = ("text",)

    @classmethod
    def build(cls, spec: RuleSpec) -> Self:
        data = spec.data
        formula = compile_formula(str(data.get("formula") or ""), spec.where)
        cond = str(data.get("condition") or "").strip()
        m = re.fullmatch(r"(>=|<=|==|!=|>|<)\s*(-?[\d.]+)?", cond)
        if not m:
            raise spec.error(f"condition must look like '> 12', not {cond!r}")
        thresholds = data.get("thresholds") or {}
        if not m.group(2) and not thresholds:
            raise spec.error("a metric rule needs a number in 'condition' or 'thresholds'")
        return cls(formula=formula, op=m.group(1), threshold=float(m.group(2)) if m.group(2) else None,
                   thresholds=tuple((str(k), float(v)) for k, v in thresholds.items()),
                   min_words=int(data.get("min_words", 0)), min_sentences=int(data.get("min_sentences", 0)),
                   **spec.common)

    def hits(self, ctx: Context) -> Iterator[Hit]:
        limit = dict(self.thresholds).get(ctx.reading_level, self.threshold)
        if limit is None:
            return
        block_counts: dict[str, float] = {}
        for _a, _b, k in ctx.blocks:
            block_counts[k] = block_counts.get(k, 0.0) + 1
        for a, b in ctx.regions(self.scope):
            if ctx.count_words(a, b) < self.min_words:
                continue
            n_sent = max(1, len(ctx.sentences_between(a, b)))
            if n_sent < self.min_sentences:
                continue
            body = ctx.prose[a:b]
            variables = readability.counts(body, n_sent, ctx.language)
            variables |= {
                "length": float(len(body.strip())),
                "pre": block_counts.get("code", 0.0), "list": block_counts.get("list_item", 0.0),
                "blockquote": block_counts.get("quote", 0.0), "heading": block_counts.get("heading", 0.0),
            }
            value = eval_formula(self.formula, variables)
            if value is None or not _OPS[self.op](value, limit):
                continue
            raw = ctx.prose[a:b]
            s = a + len(raw) - len(raw.lstrip())
            e = b - (len(raw) - len(raw.rstrip()))
            shown = f"{value:.1f}".removesuffix(".0")
            yield Hit(s, e, render(self.message, value=shown, threshold=f"{limit:g}",
                                   level=ctx.reading_level, match=ctx.quote(s, e)))
