"""A folder of Vale YAML rules loads as a style pack; unsupported features are said, not hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from proofline.text.markup import parse_document
from proofline.voice import lint, rules_for
from proofline.voice.styles import StyleError, load_styles
from proofline.workspace.model import Kit

KIT = Kit.model_validate({"kit": 1, "brand": "Acme", "languages": ["en", "fr"],
                          "voice": {"style_packs": {name: False for name in
                                                    ("hype", "ai_style", "readability", "rhythm", "passive",
                                                     "consistency", "typos")}}})

RULES = {
    "Weasel.yml": """
extends: existence
message: "'%s' is a weasel word."
level: warning
ignorecase: true
tokens:
  - clearly
  - obviously
""",
    "Terms.yml": """
extends: substitution
message: "Use '%s' instead of '%s'."
level: error
ignorecase: true
swap:
  log-in: log in
  e-mail: email
""",
    "Sentences.yml": """
extends: occurrence
message: "Keep sentences short."
scope: sentence
level: suggestion
max: 6
token: '\\b(\\w+)\\b'
""",
    "Repeat.yml": """
extends: repetition
message: "'%s' is repeated!"
level: error
alpha: true
tokens:
  - '[^\\s]+'
""",
    "Spelling.yml": """
extends: spelling
message: "Did you really mean '%s'?"
level: error
""",
    "Sequence.yml": """
extends: sequence
message: "Use 'a' or 'an'."
tokens:
  - tag: DT
""",
    "Grade.yml": """
extends: readability
message: "Grade %s is too high."
level: suggestion
grade: 8
metrics:
  - Flesch-Kincaid
  - Gunning Fog
""",
    "Headings.yml": """
extends: capitalization
message: "'%s' should be in sentence case."
level: suggestion
scope: heading
match: $sentence
""",
}


@pytest.fixture
def style(tmp_path: Path) -> Path:
    folder = tmp_path / "styles" / "Acme"
    folder.mkdir(parents=True)
    for name, body in RULES.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def test_vale_style_folder_loads_with_warnings_for_unsupported_types(style: Path) -> None:
    loaded = load_styles((style,))
    ids = sorted(r.id for r in loaded.rules)
    assert ids == ["Acme.Grade", "Acme.Headings", "Acme.Repeat", "Acme.Sentences", "Acme.Terms", "Acme.Weasel"]
    joined = "\n".join(loaded.warnings)
    assert "Acme.Spelling skipped" in joined and "spelling" in joined
    assert "Acme.Sequence skipped" in joined and "part-of-speech" in joined


def test_vale_rules_find_what_vale_would(style: Path) -> None:
    text = "## How We Work\n\nClearly, the the e-mail is sent. Please log-in to read it now today.\n"
    doc = parse_document(text, None, path="d.md", language="en")
    found = lint(doc, KIT, extra_styles=[style])
    seen = [(f.rule, text[f.start:f.end], f.severity.value) for f in found]
    assert ("Acme.Headings", "How We Work", "suggestion") in seen
    assert ("Acme.Weasel", "Clearly", "warning") in seen
    assert ("Acme.Repeat", "the the", "error") in seen
    assert ("Acme.Terms", "e-mail", "error") in seen
    assert ("Acme.Terms", "log-in", "error") in seen
    assert ("Acme.Sentences", "Please log-in to read it now today.", "suggestion") in seen
    terms = next(f for f in found if f.rule == "Acme.Terms" and text[f.start:f.end] == "e-mail")
    assert terms.message == "Use 'email' instead of 'e-mail'." and terms.fix == "email"
    assert next(f for f in found if f.rule == "Acme.Weasel").message == "'Clearly' is a weasel word."


def test_unknown_style_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StyleError, match="no such style"):
        rules_for(KIT, [tmp_path / "missing"])


def test_a_bad_proofline_pack_names_the_file_and_rule(tmp_path: Path) -> None:
    pack = tmp_path / "house.yaml"
    pack.write_text("pack: house\nrules:\n  - id: house.words\n    type: existence\n    phrase: [synergy]\n",
                    encoding="utf-8")
    with pytest.raises(StyleError, match=r"house.yaml.*house.words.*unknown key"):
        load_styles((pack,))
    pack.write_text("pack: house\nrules:\n  - id: house.words\n    type: existence\n    phrases: [synergy]\n",
                    encoding="utf-8")
    doc = parse_document("Real synergy.", None, path="d.md", language="en")
    assert [f.rule for f in lint(doc, KIT, extra_styles=[pack])] == ["house.words"]
