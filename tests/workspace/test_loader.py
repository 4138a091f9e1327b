"""Loading a workspace: what a marketer sees when a file is right, and when it is wrong."""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proofline.model import Category, SourceType
from proofline.workspace.loader import (
    SourceError,
    load_attestations,
    load_kit,
    load_source,
    load_workspace,
    parse_date,
)
from proofline.workspace.model import Problem, Workspace, WorkspaceError

EVAL = Path("/work/shared/eval/dev")
ONDINE = EVAL / "ondine"
KIT = "kit: 1\nbrand: Acme\n"


def make_ws(
    root: Path,
    kit: str | None = KIT,
    attestations: str | None = None,
    sources: dict[str, str | bytes] | None = None,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if kit is not None:
        (root / "kit.yaml").write_text(kit, encoding="utf-8")
    if attestations is not None:
        (root / "attestations.yaml").write_text(attestations, encoding="utf-8")
    for name, content in (sources or {}).items():
        path = root / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def errors_of(root: Path) -> list[str]:
    with pytest.raises(WorkspaceError) as info:
        load_workspace(root)
    return [str(p) for p in info.value.problems if p.severity == "error"]


def kit_errors(tmp_path: Path, kit: str) -> list[str]:
    return errors_of(make_ws(tmp_path / "ws", kit=kit))


def one(lines: list[str], *fragments: str) -> str:
    """The single problem line containing every fragment (fails with the full list otherwise)."""
    hits = [line for line in lines if all(f in line for f in fragments)]
    assert len(hits) == 1, f"{fragments} not found once in:\n" + "\n".join(lines)
    return hits[0]


def md(front: str, body: str = "Body text.\n") -> str:
    return f"---\n{front}---\n{body}"


# --- the evaluation workspaces -----------------------------------------------------------------


@pytest.mark.parametrize("kit_path", sorted(EVAL.glob("*/kit.yaml")), ids=lambda p: p.parent.name)
def test_every_eval_workspace_loads_unchanged(kit_path: Path) -> None:
    before = sorted(str(p) for p in kit_path.parent.rglob("*"))
    ws = load_workspace(kit_path.parent)
    assert ws.sources and ws.kit.brand
    assert [p for p in ws.problems if p.severity == "error"] == []
    assert sorted(str(p) for p in kit_path.parent.rglob("*")) == before  # nothing written


@pytest.mark.skipif(not ONDINE.is_dir(), reason="eval workspace absent")
def test_ondine_workspace_contents() -> None:
    ws = load_workspace(ONDINE)
    assert isinstance(ws, Workspace)
    assert ws.problems == []
    assert len(ws.sources) == 8
    assert len(ws.attestations) == 4
    assert ws.kit.brand == "Ondine Analytics"
    study = ws.source("etude-impact-2025")
    assert study is not None
    assert study.type is SourceType.STUDY
    assert study.lang == "fr"
    assert study.validated_on == date(2025, 10, 6)
    assert study.valid_until == date(2027, 10, 6)
    assert study.text.startswith("Entre janvier 2024")
    assert len(study.content_hash) == 20
    press = ws.source("article-presse-2024")
    assert press is not None and press.valid_until is None
    assert press.title == "Ouest Tech : « Ondine veut diviser par deux les fuites »"
    first = ws.attestations[0]
    assert (first.id, first.category, first.line) == ("att-iso-en-cours", Category.COMPLIANCE, 1)
    assert ws.attestations[1].line == 7


@pytest.mark.skipif(not ONDINE.is_dir(), reason="eval workspace absent")
def test_read_only_workspace_loads_and_is_not_written(tmp_path: Path) -> None:
    ws_root = tmp_path / "ro"
    shutil.copytree(ONDINE, ws_root)
    for path in [ws_root, *ws_root.rglob("*")]:
        mode = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
        if path.is_dir():
            mode |= stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
        path.chmod(mode)
    try:
        before = sorted(str(p) for p in ws_root.rglob("*"))
        ws = load_workspace(ws_root)
        assert len(ws.sources) == 8
        assert sorted(str(p) for p in ws_root.rglob("*")) == before
    finally:
        for path in [ws_root, *ws_root.rglob("*")]:
            path.chmod(0o755)


# --- kit.yaml ----------------------------------------------------------------------------------


def test_missing_kit(tmp_path: Path) -> None:
    lines = errors_of(make_ws(tmp_path / "ws", kit=None))
    assert "kit.yaml" in lines[0] and "missing" in lines[0]


def test_kit_yml_is_named_for_renaming(tmp_path: Path) -> None:
    root = make_ws(tmp_path / "ws", kit=None)
    (root / "kit.yml").write_text(KIT)
    assert "rename it to kit.yaml" in errors_of(root)[0]


def test_missing_folder(tmp_path: Path) -> None:
    assert "does not exist" in errors_of(tmp_path / "nope")[0]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_kit(tmp_path: Path, text: str) -> None:
    lines = kit_errors(tmp_path, text)
    assert lines == ["kit.yaml: the kit is empty; it needs at least `kit: 1` and `brand: <your brand>`"]


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, "kit: 1\nbrand: Acme\nvoise:\n  address: vous\n")
    line = one(lines, "kit.yaml:3:", "[voise]")
    assert "unknown key 'voise' (did you mean 'voice'?)" in line
    assert "valid keys here: kit, brand, languages, voice" in line


def test_nested_unknown_keys_name_their_path(tmp_path: Path) -> None:
    kit = (
        KIT
        + "voice:\n  adress: vous\nchannels:\n  email: {max_word: 3}\nterminology:\n  - use: a\n    nott: [b]\n"
    )
    lines = kit_errors(tmp_path, kit)
    assert "unknown key 'adress' (did you mean 'address'?)" in one(lines, "kit.yaml:4:", "[voice.adress]")
    assert "did you mean 'max_words'?" in one(lines, "kit.yaml:6:", "[channels.email.max_word]")
    assert "did you mean 'not'?" in one(lines, "kit.yaml:9:", "[terminology[0].nott]")
    assert "missing required key 'not'" in one(lines, "kit.yaml:8:", "[terminology[0].not]")


def test_missing_required_keys(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, "kit: 1\naudiences:\n  - id: a\n")
    assert "missing required key 'brand'" in one(lines, "kit.yaml:1:", "[brand]")
    assert "missing required key 'name'" in one(lines, "kit.yaml:3:", "[audiences[0].name]")


def test_wrong_types(tmp_path: Path) -> None:
    kit = (
        "kit: 1\nbrand: 1664\nvoice:\n  max_sentence_words: thirty\n  exclamation: never\n"
        "banned:\n  - phrases: disruptif\n"
    )
    lines = kit_errors(tmp_path, kit)
    assert "expected text, got the number 1664; put it in quotes" in one(lines, "kit.yaml:2:", "[brand]")
    assert "expected a whole number, got the text 'thirty'" in one(lines, "kit.yaml:4:", "max_sentence_words")
    assert "expected 'allow' or 'avoid', got the text 'never'" in one(lines, "kit.yaml:5:", "exclamation")
    assert "expected a list such as [a, b]" in one(lines, "kit.yaml:7:", "[banned[0].phrases]")


def test_kit_version_and_languages(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, "kit: 2\nbrand: Acme\nlanguages: [fr, de]\n")
    assert "unsupported kit format version 2" in one(lines, "kit.yaml:1:", "[kit]")
    assert "unsupported language 'de'; expected fr or en" in one(lines, "kit.yaml:3:", "[languages[1]]")


def test_bad_regex_names_pattern_and_error(tmp_path: Path) -> None:
    kit = KIT + "forbidden_claims:\n  - id: x\n    patterns:\n      - 'ok'\n      - '(RGPD'\n      - '[a-'\n"
    lines = kit_errors(tmp_path, kit)
    first = one(lines, "kit.yaml:7:", "[forbidden_claims[0].patterns[1]]")
    assert "bad regular expression '(RGPD': missing ), unterminated subpattern" in first
    assert "unterminated character set" in one(lines, "kit.yaml:8:", "patterns[2]")
    assert len(lines) == 2


def test_unknown_category_and_source_type_in_proof(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, KIT + "proof:\n  perfomance: [study]\n  pricing: [price_lst, study]\n")
    cat = one(lines, "kit.yaml:4:", "[proof.perfomance]")
    assert "unknown claim category 'perfomance' (did you mean 'performance'?)" in cat
    assert "valid categories: performance, compliance, security, customer, pricing" in cat
    typ = one(lines, "kit.yaml:5:", "[proof.pricing[0]]")
    assert "unknown source type 'price_lst' (did you mean 'price_list'?)" in typ
    assert "valid types: study, customer_data, certificate" in typ


def test_duplicate_forbidden_claim_and_audience_ids(tmp_path: Path) -> None:
    kit = KIT + (
        "forbidden_claims:\n  - id: x\n    patterns: [a]\n  - id: x\n    patterns: [b]\n"
        "audiences:\n  - {id: ops, name: A}\n  - {id: ops, name: B}\n"
    )
    lines = kit_errors(tmp_path, kit)
    assert "duplicate forbidden claim id 'x': already used on line 4" in one(lines, "kit.yaml:6:")
    assert "duplicate audience id 'ops': already used on line 9" in one(lines, "kit.yaml:10:")


def test_repeated_key_is_not_silently_overwritten(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, "kit: 1\nbrand: Acme\nbrand: Acme Corp\n")
    assert lines == ["kit.yaml:3: [brand] key 'brand' appears twice (lines 2 and 3); keep only one"]


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, "kit: 1\nbrand: Acme: the best\n")
    assert len(lines) == 1
    assert lines[0].startswith("kit.yaml:2: YAML syntax error: mapping values are not allowed")
    assert "(column 12)" in lines[0]
    assert "must be put in quotes" in lines[0]


def test_unclosed_quote_points_where_it_opened(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, 'kit: 1\nbrand: "Acme\nvoice: {}\n')
    assert lines[0].startswith("kit.yaml:2: YAML syntax error")
    assert "never closed" in lines[0]


def test_tab_indentation(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, "kit: 1\nvoice:\n\taddress: vous\n")
    assert "kit.yaml:3: YAML syntax error" in lines[0] and "tabs" in lines[0]


def test_kit_must_be_a_mapping(tmp_path: Path) -> None:
    lines = kit_errors(tmp_path, "- kit: 1\n")
    assert lines == ["kit.yaml:1: the kit must be `key: value` lines (kit, brand, voice...), got a list"]


def test_empty_sections_mean_not_given(tmp_path: Path) -> None:
    root = make_ws(tmp_path / "ws", kit=KIT + "voice:\nbanned:\nchannels:\n  landing:\n")
    ws = load_workspace(root)
    assert ws.kit.banned == [] and "landing" in ws.kit.channels


def test_all_kit_problems_are_reported_together(tmp_path: Path) -> None:
    kit = "kit: 1\nbrand: Acme\nvoise: {}\nproof:\n  perf: [study]\nforbidden_claims:\n  - id: x\n    patterns: ['(']\n"
    lines = kit_errors(tmp_path, kit)
    assert [line.split(":")[1] for line in lines] == ["3", "5", "8"]


def test_load_kit_public_function(tmp_path: Path) -> None:
    path = tmp_path / "kit.yaml"
    path.write_text(KIT + "voice: {address: vous, max_sentence_words: 25}\n")
    kit = load_kit(path)
    assert kit.brand == "Acme" and kit.voice.max_sentence_words == 25
    path.write_text("kit: 1\n")
    with pytest.raises(WorkspaceError) as info:
        load_kit(path)
    assert info.value.problems[0].key == "brand"
    assert info.value.problems[0].line == 1


# --- attestations.yaml ---------------------------------------------------------------------------


ATT = "- id: att-a\n  claim: Support 24/7.\n  category: availability\n  expert: Marc\n  validated_on: 2026-03-01\n"


def test_attestations_are_optional(tmp_path: Path) -> None:
    assert load_workspace(make_ws(tmp_path / "ws")).attestations == []


def test_attestation_loaded_with_line(tmp_path: Path) -> None:
    ws = load_workspace(make_ws(tmp_path / "ws", attestations="# expert claims\n" + ATT))
    (att,) = ws.attestations
    assert att.id == "att-a" and att.category is Category.AVAILABILITY
    assert att.validated_on == date(2026, 3, 1) and att.valid_until is None
    assert att.line == 2


def test_attestation_errors(tmp_path: Path) -> None:
    text = (
        "- id: a1\n  claim: Foo.\n  category: availabilty\n  expert: Marc\n"
        "  validated_on: 12/09/2026\n  valid_until: 2026-13-01\n"
        "- id: a2\n  claim: Bar.\n  categroy: pricing\n  expert: Ana\n"
        "  validated_on: 2026-09-12\n  valid_until: 2026-01-01\n"
        "- id: a1\n  category: company\n  expert: Léa\n"
    )
    lines = errors_of(make_ws(tmp_path / "ws", attestations=text))
    cat = one(lines, "attestations.yaml:3: [category]")
    assert "unknown claim category 'availabilty' (did you mean 'availability'?)" in cat
    assert "valid categories: performance, compliance" in cat
    assert "expected a date in YYYY-MM-DD form (e.g. 2026-09-12), got the text '12/09/2026'" in one(
        lines, "attestations.yaml:5:", "validated_on"
    )
    assert "'2026-13-01' is not a real date" in one(lines, "attestations.yaml:6:", "valid_until")
    assert "unknown key 'categroy' (did you mean 'category'?)" in one(lines, "attestations.yaml:9:")
    assert "missing required key 'category'" in one(lines, "attestations.yaml:7:", "category")
    assert "valid_until (2026-01-01) is before validated_on (2026-09-12)" in one(
        lines, "attestations.yaml:12:"
    )
    assert "duplicate attestation id 'a1': already used on line 1" in one(
        lines, "attestations.yaml:13:", "[id]"
    )
    assert "missing required key 'claim'" in one(lines, "attestations.yaml:13:", "[claim]")


def test_attestations_must_be_a_list(tmp_path: Path) -> None:
    lines = errors_of(make_ws(tmp_path / "ws", attestations="id: a\nclaim: b\n"))
    assert lines[0].startswith("attestations.yaml:1: expected a list of attestations")


def test_attestation_yaml_error_is_fatal(tmp_path: Path) -> None:
    lines = errors_of(make_ws(tmp_path / "ws", attestations="- id: a\n  claim: [oops\n"))
    assert lines[0].startswith("attestations.yaml:") and "YAML syntax error" in lines[0]


def test_source_and_attestation_share_ids(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        attestations=ATT.replace("att-a", "etude"),
        sources={"etude.md": md("type: study\n")},
    )
    line = one(errors_of(root), "attestations.yaml:1:", "[id]")
    assert "'etude' is also the id of the source sources/etude.md" in line


def test_load_attestations_public_function(tmp_path: Path) -> None:
    path = tmp_path / "attestations.yaml"
    path.write_text(ATT)
    assert [a.id for a in load_attestations(path)] == ["att-a"]
    path.write_text(ATT.replace("availability", "nope"))
    with pytest.raises(WorkspaceError) as info:
        load_attestations(path)
    assert info.value.problems[0].line == 3


# --- sources ----------------------------------------------------------------------------------


def test_source_defaults_and_exact_body(tmp_path: Path) -> None:
    body = "\n# Étude 2025\r\n\r\nLes pertes ont baissé de 18 %.\r\n"
    root = make_ws(tmp_path / "ws", sources={"etude.md": "---\r\ntype: study\r\n---\r\n" + body})
    (source,) = load_workspace(root).sources
    assert source.id == "etude"
    assert source.title == "Étude 2025"
    assert source.text == "\n# Étude 2025\n\nLes pertes ont baissé de 18 %.\n"
    assert source.lang is None and source.validated_on is None


def test_source_title_defaults_to_stem_and_front_matter_wins(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        sources={
            "a.md": md("type: press\n"),
            "b.md": md("type: press\nid: other-id\ntitle: Given\nlang: en\n", "# Heading\n"),
        },
    )
    a, b = load_workspace(root).sources
    assert (a.id, a.title) == ("a", "a")
    assert (b.id, b.title, b.lang) == ("other-id", "Given", "en")


def test_broken_sources_are_skipped_with_warnings(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        sources={
            "good.md": md("type: study\n"),
            "no-type.md": md("title: X\n"),
            "bad-type.md": md("type: stdy\n"),
            "bad-date.md": md("type: study\nvalidated_on: 12/09/2026\n"),
            "bad-order.md": md("type: study\nvalidated_on: 2026-09-12\nvalid_until: 2025-01-01\n"),
            "bad-yaml.md": "---\ntype: study\ntitle: a: b\n---\nText\n",
            "unclosed.md": "---\ntype: study\nText\n",
            "latin1.txt": "Données".encode("latin-1"),
            "empty.md": md("type: study\n", ""),
        },
    )
    ws = load_workspace(root)
    assert [s.id for s in ws.sources] == ["good"]
    lines = [str(p) for p in ws.problems]
    assert all(p.severity == "warning" for p in ws.problems)
    assert "source skipped: missing required key 'type'; valid types: study" in one(
        lines, "sources/no-type.md"
    )
    assert "unknown source type 'stdy' (did you mean 'study'?); valid types:" in one(
        lines, "sources/bad-type.md:2:", "[type]"
    )
    assert "expected a date in YYYY-MM-DD form" in one(lines, "sources/bad-date.md:3:", "[validated_on]")
    assert "valid_until (2025-01-01) is before validated_on (2026-09-12)" in one(
        lines, "sources/bad-order.md:4:"
    )
    assert "YAML syntax error" in one(lines, "sources/bad-yaml.md:3:")
    assert "never closed" in one(lines, "sources/unclosed.md:1:")
    assert "not valid UTF-8 (byte 0xe9 on line 1)" in one(lines, "sources/latin1.txt")
    assert "no text" in one(lines, "sources/empty.md")


def test_unknown_source_key_warns_but_loads(tmp_path: Path) -> None:
    root = make_ws(tmp_path / "ws", sources={"a.md": md("type: study\nvalid_untill: 2025-01-01\n")})
    ws = load_workspace(root)
    assert [s.id for s in ws.sources] == ["a"]
    (problem,) = ws.problems
    assert problem.severity == "warning"
    assert str(problem).startswith("sources/a.md:3: [valid_untill] unknown key 'valid_untill' ignored")
    assert "did you mean 'valid_until'?" in problem.message


def test_duplicate_source_ids(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        sources={"a.md": md("type: study\nid: same\n"), "b.md": md("type: press\nid: same\n")},
    )
    ws = load_workspace(root)
    assert [s.path.name for s in ws.sources] == ["a.md"]
    assert "id 'same' is already used by sources/a.md" in one([str(p) for p in ws.problems], "sources/b.md")


def test_source_dates_accepted_quoted_or_not(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        sources={"a.md": md("type: study\nvalidated_on: '2025-09-12'\nvalid_until: 2026-09-12\n")},
    )
    (source,) = load_workspace(root).sources
    assert (source.validated_on, source.valid_until) == (date(2025, 9, 12), date(2026, 9, 12))


def test_parse_date() -> None:
    assert parse_date(date(2026, 9, 12)) == date(2026, 9, 12)
    assert parse_date("2026-09-12") == date(2026, 9, 12)
    for bad in ("12/09/2026", "2026-13-01", "2026-9-12", 20260912, None):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_date(bad)


def test_walk_skips_hidden_readme_and_sorts_recursively(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        sources={
            "z.md": md("type: study\n"),
            "sub/b.md": md("type: study\n"),
            "README.md": "How to add sources",
            ".hidden.md": md("type: study\n"),
            ".git/x.md": md("type: study\n"),
            "notes.md~": "backup",
            "logo.png": b"\x89PNG",
        },
    )
    ws = load_workspace(root)
    assert [s.id for s in ws.sources] == ["b", "z"]
    (problem,) = ws.problems
    assert problem.file == "sources/logo.png" and "unsupported file type '.png'" in problem.message


def test_txt_without_sidecar_is_other_with_warning(tmp_path: Path) -> None:
    root = make_ws(tmp_path / "ws", sources={"notes.txt": "Plain notes.\n"})
    ws = load_workspace(root)
    (source,) = ws.sources
    assert source.type is SourceType.OTHER and source.text == "Plain notes.\n"
    (problem,) = ws.problems
    assert problem.severity == "warning" and "add notes.txt.yaml next to it" in problem.message


def test_sidecar_metadata_and_hash(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        sources={
            "page.html": "<html lang='en'><head><title>Our page</title></head><body><p>We ship in 48 h.</p></body></html>",
            "page.html.yaml": "type: product_doc\nvalidated_on: 2026-01-02\n",
            "lonely.pdf.yaml": "type: certificate\n",
        },
    )
    ws = load_workspace(root)
    (source,) = ws.sources
    assert (source.id, source.title, source.type, source.lang) == (
        "page",
        "Our page",
        SourceType.PRODUCT_DOC,
        "en",
    )
    assert source.text == "We ship in 48 h."
    assert source.validated_on == date(2026, 1, 2)
    (problem,) = ws.problems
    assert problem.file == "sources/lonely.pdf.yaml" and "lonely.pdf not found" in problem.message
    first_hash = source.content_hash
    (root / "sources" / "page.html.yaml").write_text("type: product_doc\nvalidated_on: 2026-01-03\n")
    assert load_workspace(root).sources[0].content_hash != first_hash


def test_sidecar_errors_name_the_sidecar(tmp_path: Path) -> None:
    root = make_ws(
        tmp_path / "ws",
        sources={"a.txt": "Text.\n", "a.txt.yaml": "type: study\nvalid_until: 2026-02-30\n"},
    )
    ws = load_workspace(root)
    assert ws.sources == []
    assert "not a real date" in one([str(p) for p in ws.problems], "sources/a.txt.yaml:2:", "[valid_until]")


def test_pdf_and_docx_sources(tmp_path: Path) -> None:
    import docx
    from test_extract import make_pdf

    root = make_ws(
        tmp_path / "ws",
        sources={
            "cert.pdf": make_pdf(["ISO 27001 certificate issued 2026."]),
            "cert.pdf.yaml": "type: certificate\nid: iso\n",
            "broken.pdf": b"%PDF-1.4\nthis is not a pdf",
            "broken.pdf.yaml": "type: certificate\n",
        },
    )
    document = docx.Document()
    document.add_heading("Price list 2026", level=1)
    document.add_paragraph("Starter plan: 390 EUR per month.")
    document.save(str(root / "sources" / "prices.docx"))
    (root / "sources" / "prices.docx.yaml").write_text("type: price_list\n")
    ws = load_workspace(root)
    by_id = {s.id: s for s in ws.sources}
    assert set(by_id) == {"iso", "prices"}
    assert "ISO 27001 certificate issued 2026." in by_id["iso"].text
    assert by_id["prices"].title == "Price list 2026"
    assert "Starter plan: 390 EUR per month." in by_id["prices"].text
    (problem,) = ws.problems
    assert problem.file == "sources/broken.pdf" and problem.message.startswith(
        "source skipped: cannot read the PDF"
    )


def test_load_source_public_function(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(md("type: study\nfoo: bar\n"))
    warnings: list[Problem] = []
    assert load_source(path, warnings).type is SourceType.STUDY
    assert "unknown key 'foo'" in warnings[0].message
    path.write_text(md("title: no type\n"))
    with pytest.raises(SourceError) as info:
        load_source(path)
    assert info.value.problem.key == "type"
    assert str(path) in str(info.value)


def test_no_sources_folder_is_a_warning(tmp_path: Path) -> None:
    ws = load_workspace(make_ws(tmp_path / "ws"))
    assert ws.sources == [] and ws.problems[0].severity == "warning"


def test_workspace_error_lists_source_warnings_after_errors(tmp_path: Path) -> None:
    root = make_ws(tmp_path / "ws", kit="kit: 1\n", sources={"a.md": md("title: x\n")})
    with pytest.raises(WorkspaceError) as info:
        load_workspace(root)
    severities = [p.severity for p in info.value.problems]
    assert severities == ["error", "warning"]


def test_path_like_root(tmp_path: Path) -> None:
    root = make_ws(tmp_path / "ws", sources={"a.md": md("type: study\n")})
    assert load_workspace(os.fspath(root)).sources[0].path == root / "sources" / "a.md"


# --- robustness: whatever is in the files, a list of problems, never a traceback ----------------

KIT_WORDS = st.sampled_from(
    ["kit: 1\n", "brand: A\n", "voice:\n", "  address: vous\n", "proof:\n", "  pricing: [price_list]\n", "- x\n",
     "forbidden_claims:\n", "  - id: a\n", "    patterns: ['(']\n", "  ", ": ", "[", "'", "\t", "\n", "2026-13-01"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kit=st.lists(KIT_WORDS, max_size=12).map("".join), front=st.text(max_size=60))
def test_any_input_gives_problems_not_tracebacks(tmp_path: Path, kit: str, front: str) -> None:
    root = make_ws(tmp_path / "fuzz", kit=kit, sources={"a.md": f"---\n{front}\n---\nText\n"})
    try:
        ws = load_workspace(root)
    except WorkspaceError as exc:
        assert exc.problems and all(isinstance(p, Problem) and p.message for p in exc.problems)
    else:
        assert len(ws.sources) + len(ws.problems) >= 1
