"""The optional judge: asked only about undecided claims, checked, and named in the report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from proofline.checker import Checker
from proofline.hookspecs import hookimpl, plugin_manager
from proofline.model import Verdict
from proofline.workspace.model import Workspace

AS_OF = date(2026, 11, 22)


class ScriptedJudge:
    def __init__(self, answer: dict[str, Any] | None) -> None:
        self.answer = answer
        self.asked: list[str] = []

    @hookimpl
    def proofline_judge(self, claim_text: str, claim_language: str, passages: list[Any]) -> dict[str, Any] | None:
        self.asked.append(claim_text)
        return self.answer


@pytest.fixture
def judged(logivia: Workspace) -> Iterator[tuple[Checker, list[ScriptedJudge]]]:
    plugins: list[ScriptedJudge] = []
    checker = Checker(logivia, *_parts(logivia), judge=True)
    yield checker, plugins
    for p in plugins:
        plugin_manager().unregister(p)


def _parts(ws: Workspace) -> tuple[Any, Any]:
    base = Checker.for_workspace(ws)
    return base.lexicon, base.index


def _use(plugins: list[ScriptedJudge], judge: ScriptedJudge) -> ScriptedJudge:
    plugin_manager().register(judge)
    plugins.append(judge)
    return judge


INVENTED = "Logivia a remporté le Grand Prix du Transport 2025."


def test_the_rules_alone_leave_the_claim_unsupported(logivia: Workspace) -> None:
    claim = Checker.for_workspace(logivia).check(INVENTED, as_of=AS_OF).claims[0]
    assert (claim.verdict, claim.decided_by) == (Verdict.UNSUPPORTED, "rules")


def test_the_judge_can_decide_an_undecided_claim_and_the_report_says_so(judged: Any) -> None:
    checker, plugins = judged
    judge = _use(plugins, ScriptedJudge({"passage": 0, "relation": "contradicts", "reason": "other award"}))
    claim = checker.check(INVENTED, as_of=AS_OF).claims[0]
    assert judge.asked == ["Logivia a remporté le Grand Prix du Transport 2025"]
    assert (claim.verdict, claim.decided_by) == (Verdict.CONTRADICTED, "judge")
    assert claim.to_json_dict()["decided_by"] == "judge"


def test_an_answer_about_a_passage_it_was_not_shown_is_ignored(judged: Any) -> None:
    checker, plugins = judged
    _use(plugins, ScriptedJudge({"passage": 99, "relation": "supports"}))
    claim = checker.check(INVENTED, as_of=AS_OF).claims[0]
    assert (claim.verdict, claim.decided_by) == (Verdict.UNSUPPORTED, "rules")


def test_a_backed_claim_never_reaches_the_judge(judged: Any) -> None:
    checker, plugins = judged
    judge = _use(plugins, ScriptedJudge({"passage": 0, "relation": "contradicts"}))
    claim = checker.check("Logivia Pro coûte 1 150 € HT par mois.", as_of=AS_OF).claims[0]
    assert claim.verdict is Verdict.SUPPORTED
    assert judge.asked == []


def test_the_check_reads_no_environment(logivia: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether to ask a judge is the caller's argument: PROOFLINE_JUDGE is read by the entry points."""
    monkeypatch.setenv("PROOFLINE_JUDGE", "1")
    assert Checker.for_workspace(logivia).judge is False
    assert Checker.for_workspace(logivia, judge=True).judge is True
    assert Checker.for_workspace(logivia, judge=True).index is Checker.for_workspace(logivia).index
