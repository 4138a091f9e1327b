"""Adding a check type is one module and one hook call: a type defined here runs through a team's pack."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from proofline.hookspecs import hookimpl, plugin_manager
from proofline.report import Action
from proofline.text.markup import parse_document
from proofline.voice import lint
from proofline.voice.checks import check_types
from proofline.voice.checks.builtin import BUILTIN_CHECKS
from proofline.voice.checks.existence import Existence
from proofline.voice.engine import Rule, RuleError, rule_from_dict
from proofline.workspace.model import Kit


def _example_shout() -> type[Rule]:
    """The example check type of tests/plugins (one file a plugin author would write), loaded by path."""
    path = Path(__file__).parents[1] / "plugins" / "shout_check.py"
    spec = importlib.util.spec_from_file_location("shout_check_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    shout: type[Rule] = module.Shout
    return shout


Shout = _example_shout()


class ShoutPlugin:
    @hookimpl
    def register_voice_checks(self, register: Callable[[type[Rule]], None]) -> None:
        register(Shout)


@pytest.fixture
def shout() -> Iterator[None]:
    pm = plugin_manager()
    pm.register(ShoutPlugin(), name="test-shout")
    try:
        yield
    finally:
        pm.unregister(name="test-shout")


PACK = """pack: house
rules:
  - id: house.shout
    type: shout
    min_length: 3
    message: "'{match}' shouts; write it in lower case."
    link: https://example.com/style#shout
"""
KIT = Kit.model_validate({"kit": 1, "brand": "Acme", "languages": ["en"]})


def test_the_built_in_types_come_first_in_their_order() -> None:
    assert list(check_types()) == [c.type for c in BUILTIN_CHECKS]
    assert check_types()["existence"] is Existence


def test_a_plugin_check_type_runs_through_a_pack(shout: None, tmp_path: Path) -> None:
    assert check_types()["shout"] is Shout
    pack = tmp_path / "house.yaml"
    pack.write_text(PACK, "utf-8")
    text = "Try it FREE today, no card needed.\n"
    findings = lint(parse_document(text, None, path="draft.md", language="en"), KIT, extra_styles=[pack])
    found = [f for f in findings if f.rule == "house.shout"]
    assert [(text[f.start:f.end], f.message, f.fix) for f in found] == [
        ("FREE", "'FREE' shouts; write it in lower case.", "Free")]
    (f,) = found
    assert (f.match, f.action, f.link) == ("FREE", Action("replace", ("Free",)), "https://example.com/style#shout")
    assert f.to_json_dict()["link"] == "https://example.com/style#shout"
    assert "match" not in f.to_json_dict() and "action" not in f.to_json_dict()


def test_a_plugin_check_type_validates_its_own_keys(shout: None) -> None:
    with pytest.raises(RuleError, match=r"rule t\.shout: 'min_length' must be a whole number"):
        rule_from_dict({"id": "t.shout", "type": "shout", "min_length": "loud"})
    with pytest.raises(RuleError, match=r"unknown key\(s\) tokens for a shout rule"):
        rule_from_dict({"id": "t.shout", "type": "shout", "tokens": ["x"]})


def test_without_the_plugin_the_type_is_unknown() -> None:
    with pytest.raises(RuleError, match="unknown check type 'shout'"):
        rule_from_dict({"id": "t.shout", "type": "shout"})


def test_a_plugin_cannot_take_over_a_built_in_name() -> None:
    @dataclass(frozen=True, kw_only=True)
    class FakeExistence(Shout):
        type: ClassVar[str] = "existence"

    class Plugin:
        @hookimpl
        def register_voice_checks(self, register: Callable[[type[Rule]], None]) -> None:
            register(FakeExistence)

    pm = plugin_manager()
    pm.register(Plugin(), name="test-fake-existence")
    try:
        assert check_types()["existence"] is Existence
    finally:
        pm.unregister(name="test-fake-existence")


def test_only_rule_classes_with_a_type_can_register() -> None:
    class Plugin:
        @hookimpl
        def register_voice_checks(self, register: Callable[[object], None]) -> None:
            register(Rule)

    pm = plugin_manager()
    pm.register(Plugin(), name="test-bad-check")
    try:
        with pytest.raises(TypeError, match="not a Rule subclass with a `type` of its own"):
            check_types()
    finally:
        pm.unregister(name="test-bad-check")


def test_a_finding_says_what_it_matched_and_what_to_do() -> None:
    text = "Zero\u200b downtime, guaranteed.\n"
    findings = lint(parse_document(text, None, path="draft.md", language="en"), KIT)
    hidden = next(f for f in findings if f.rule == "text.hidden_character")
    assert (hidden.match, hidden.fix, hidden.action) == ("\u200b", "", Action("remove"))
    assert all(f.match == text[f.start:f.end] for f in findings)
    assert all(f.action is None for f in findings if f.fix is None)
    assert "link" not in hidden.to_json_dict()
