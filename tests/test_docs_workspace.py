"""docs/workspace-format.md and the blank template agree with the loader.

The keys come from the code (the pydantic kit model, the loader's key constants, the enums, the
rules the kit compiles into), never from a list kept in this test, so a key added to the loader
fails here until it is documented. Every YAML or Markdown example of the page carries a marker
(`<!-- example: KIND -->`) and is loaded by the real loader according to it.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from proofline.cli import cli
from proofline.model import Category, Severity, SourceType
from proofline.workspace import loader
from proofline.workspace.model import Kit, WorkspaceError

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "workspace-format.md"
BLANK = REPO / "src" / "proofline" / "workflow" / "templates" / "blank"
SAMPLE = REPO / "examples" / "sample-workspace"

MARKER = re.compile(r"<!-- example: ([^>]*?) -->\n```(\w+)\n(.*?)^```\n", re.S | re.M)
FENCE = re.compile(r"^```(\w*)\n", re.M)


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


# --- the keys, from the code ---------------------------------------------------------------------


def _unwrap(tp: Any) -> tuple[Any, str]:
    """The model inside an annotation, and how it nests: '' (plain), '[]' (list) or '.*' (mapping)."""
    how = ""
    while True:
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
        elif origin is list:
            tp, how = get_args(tp)[0], how + "[]"
        elif origin is dict:
            tp, how = get_args(tp)[1], how + ".*"
        else:
            return tp, how


def _model(tp: Any) -> type[BaseModel] | None:
    inner, _ = _unwrap(tp)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def kit_sections() -> dict[str, list[str]]:
    """Every top-level kit key, with the keys of the model under it (an entry, a channel...)."""
    out: dict[str, list[str]] = {}
    for name, info in Kit.model_fields.items():
        inner = _model(info.annotation)
        out[info.alias or name] = [i.alias or n for n, i in inner.model_fields.items()] if inner else []
    return out


def kit_paths(model: type[BaseModel] = Kit, prefix: str = "") -> Iterator[str]:
    """Dotted paths of every key: `voice.address`, `terminology[].use`, `channels.*.max_chars`."""
    for name, info in model.model_fields.items():
        path = prefix + (info.alias or name)
        yield path
        inner = _model(info.annotation)
        if inner is not None:
            yield from kit_paths(inner, path + _unwrap(info.annotation)[1] + ".")


def yaml_paths(data: Any, model: type[BaseModel] = Kit, prefix: str = "") -> set[str]:
    """The same paths, of a parsed example."""
    found: set[str] = set()
    for key, value in (data or {}).items():
        info = next(i for n, i in model.model_fields.items() if key in (n, i.alias))
        path = prefix + str(key)
        found.add(path)
        inner = _model(info.annotation)
        how = _unwrap(info.annotation)[1]
        if inner is None:
            continue
        items = value if how == "[]" else list(value.values()) if how == ".*" else [value]
        for item in items:
            found |= yaml_paths(item, inner, path + how + ".")
    return found


def _blank_code(text: str) -> str:
    """The text with fenced code blanked (same length), so that a `# comment` is not a heading."""
    return re.sub(r"^```.*?^```", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S | re.M)


def section(text: str, heading: str) -> str:
    """The text under `heading` (a whole heading line) up to the next heading of its level or above."""
    level = heading.split(" ", 1)[0]
    start = _blank_code(text).index(heading + "\n") + len(heading) + 1
    stop = re.search(rf"^#{{1,{len(level)}}} ", _blank_code(text)[start:], re.M)
    return text[start:start + stop.start()] if stop else text[start:]


def rows(text: str) -> list[str]:
    """First cells of the table rows of `text`, without backticks."""
    return [m.group(1) for m in re.finditer(r"^\| `([^`|]+)`", text, re.M)]


# --- every key is documented --------------------------------------------------------------------


def test_the_kit_sections_are_exactly_the_kit_keys() -> None:
    kit_part = section(doc(), "## kit.yaml")
    documented = re.findall(r"^### `(\w+)`$", kit_part, re.M)
    assert documented == list(kit_sections()), "one `### `key`` section per kit key, in the model's order"
    assert rows(section(kit_part, "### Top-level keys")) == list(kit_sections())


@pytest.mark.parametrize("key", [k for k, sub in kit_sections().items() if sub])
def test_every_key_under_a_kit_key_has_a_row(key: str) -> None:
    kit_part = section(doc(), "## kit.yaml")
    assert rows(section(kit_part, f"### `{key}`")) == kit_sections()[key]


def test_the_proof_section_lists_every_category() -> None:
    proof = section(section(doc(), "## kit.yaml"), "### `proof`")
    assert rows(proof) == [c.value for c in Category]


def test_every_category_and_source_type_has_a_row() -> None:
    assert rows(section(doc(), "## Claim categories")) == [c.value for c in Category]
    assert rows(section(doc(), "## Source types")) == [t.value for t in SourceType]


def test_every_front_matter_key_has_a_row() -> None:
    front = section(doc(), "### Front matter")
    assert sorted(rows(front)) == sorted(loader.SOURCE_KEYS)
    assert rows(front)[0] == "type", "the one required key comes first"


def test_every_attestation_key_has_a_row_and_the_required_ones_say_so() -> None:
    part = section(doc(), "## attestations.yaml")
    assert rows(part) == list(loader.ATTESTATION_KEYS)
    for key in loader.ATTESTATION_KEYS:
        row = re.search(rf"^\| `{key}` \| (\w+) \|", part, re.M)
        assert row is not None
        assert row.group(1) == ("yes" if key in loader.ATTESTATION_REQUIRED else "no"), key


def test_every_source_suffix_is_documented() -> None:
    formats = section(doc(), "## Sources")
    for suffix in loader.SUPPORTED_SUFFIXES:
        assert f"`{suffix}`" in formats, suffix


def test_every_built_in_style_pack_has_a_row() -> None:
    from proofline.voice.styles import BUILTIN_PACKS

    assert rows(section(doc(), "### Built-in style packs")) == list(BUILTIN_PACKS)


def _complete_kit(tmp: Path) -> Kit:
    block = next(b for kind, _, b in MARKER.findall(doc()) if kind == "kit complete")
    return loader.load_kit(_write(tmp, "kit.yaml", block))


def test_every_rule_the_kit_compiles_into_is_in_the_voice_rules_table_with_its_severity(tmp_path: Path) -> None:
    from proofline.voice import rules_for
    from proofline.voice.compile import channel_rules
    from proofline.voice.styles import BUILTIN_PACKS

    kit = _complete_kit(tmp_path)
    rules = list(rules_for(kit)[0])
    for channel in kit.channels:
        rules += channel_rules(kit, channel)
    compiled = {r.id: r.severity for r in rules if r.id.split(".")[0] not in BUILTIN_PACKS}
    table = section(doc(), "## Voice rules")
    documented = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([\w.]+)` \| (\w+) \|", table, re.M)}
    assert set(documented) == set(compiled)
    for rule, severity in compiled.items():
        assert documented[rule] == Severity(severity).value, rule


def test_the_complete_kit_example_uses_every_kit_key() -> None:
    block = next(b for kind, _, b in MARKER.findall(doc()) if kind == "kit complete")
    used = yaml_paths(yaml.safe_load(block))
    missing = sorted(set(kit_paths()) - used)
    assert missing == [], f"the complete kit of docs/workspace-format.md lacks {missing}"
    proof = yaml.safe_load(block)["proof"]
    assert list(proof) == [c.value for c in Category]


# --- every example loads ------------------------------------------------------------------------


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def examples() -> list[tuple[str, str, str]]:
    return MARKER.findall(doc())


def test_every_yaml_and_markdown_block_is_a_checked_example() -> None:
    text = doc()
    fenced = [m for m in FENCE.finditer(text) if m.group(1) in ("yaml", "markdown", "md", "yml")]
    checked = {m.start(2) - 3 for m in MARKER.finditer(text)}
    unmarked = [text[: m.start()].count("\n") + 1 for m in fenced if m.start() not in checked]
    assert unmarked == [], f"lines {unmarked}: a YAML/Markdown example without an <!-- example: ... --> marker"
    assert len(examples()) >= 15


@pytest.mark.parametrize(("kind", "lang", "block"), examples(),
                         ids=[f"{i}-{kind}" for i, (kind, _, _) in enumerate(examples(), 1)])
def test_the_example_loads(kind: str, lang: str, block: str, tmp_path: Path) -> None:
    words = kind.split()
    if words in (["kit", "complete"], ["kit", "file"]):
        kit = loader.load_kit(_write(tmp_path, "kit.yaml", block))
        assert kit.brand
    elif words == ["kit", "fragment"]:
        kit = loader.load_kit(_write(tmp_path, "kit.yaml", "kit: 1\nbrand: Example\n" + block))
        key = next(iter(yaml.safe_load(block)))
        assert getattr(kit, key) != Kit.model_fields[key].get_default(call_default_factory=True), key
    elif words == ["kit", "error"]:
        _write(tmp_path, "kit.yaml", block)
        (tmp_path / "sources").mkdir()
        done = CliRunner().invoke(cli, ["check", "-", "--workspace", str(tmp_path)], input="Bonjour.\n")
        assert done.exit_code == 2
        after = doc()[doc().index(block) + len(block):]
        expected = re.search(r"```text\n(.*?)```", after, re.S)
        assert expected is not None
        for line in expected.group(1).splitlines():
            assert line in done.output, f"{line!r} not in\n{done.output}"
    elif words[0] == "source":
        problems: list[Any] = []
        source = loader.load_source(_write(tmp_path, words[1], block), problems)
        assert problems == []
        front = yaml.safe_load(block.split("---\n")[1])
        assert source.id == front["id"] and source.type.value == front["type"]
    elif words[0] == "sidecar":
        document = _write(tmp_path, words[1].removesuffix(".yaml"), "Audit réalisé en mars 2026.\n")
        _write(tmp_path, words[1], block)
        problems = []
        source = loader.load_source(document, problems)
        assert problems == []
        assert source.id == yaml.safe_load(block)["id"]
    elif words == ["attestations"]:
        attestations = loader.load_attestations(_write(tmp_path, "attestations.yaml", block))
        assert len(attestations) == len(yaml.safe_load(block))
    elif words == ["labels"]:
        real = yaml.safe_load((SAMPLE / "cases" / "landing-en-security.labels.yaml").read_text("utf-8"))
        for key, value in yaml.safe_load(block).items():
            if isinstance(value, list):
                assert all(item in real[key] for item in value), key
            else:
                assert str(value) == str(real[key]), key
    else:
        pytest.fail(f"unknown example kind {kind!r}")


def test_the_sources_and_attestations_of_the_examples_load_together(tmp_path: Path) -> None:
    """The page's examples make one valid workspace (ids unique across sources and attestations)."""
    found = examples()
    _write(tmp_path, "kit.yaml", next(b for k, _, b in found if k == "kit complete"))
    for kind, _, block in found:
        words = kind.split()
        if words[0] == "source":
            _write(tmp_path, words[1], block)
        elif words[0] == "sidecar":
            _write(tmp_path, words[1].removesuffix(".yaml"), "Audit réalisé en mars 2026.\n")
            _write(tmp_path, words[1], block)
    att = [b for k, _, b in found if k == "attestations"]
    _write(tmp_path, "attestations.yaml", att[0])
    _write(tmp_path, "attestations.validated.yaml", att[1])
    ws = loader.load_workspace(tmp_path)
    assert ws.problems == []
    assert len(ws.sources) == 3 and len(ws.attestations) == 2


def test_what_the_page_says_a_banned_entry_and_a_terminology_entry_do(tmp_path: Path) -> None:
    """Plural forms of a banned word match; a terminology alternative is a warning with the fix;
    directives silence voice findings, never a forbidden claim."""
    import proofline

    _write(tmp_path, "kit.yaml", next(b for k, _, b in examples() if k == "kit complete"))
    (tmp_path / "sources").mkdir()
    ws = proofline.load_workspace(tmp_path)
    report = proofline.check_text(ws, "Des outils révolutionnaires. Le logiciel Sentinair vous aide.\n")
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["banned"].severity is Severity.ERROR
    assert by_rule["terminology"].severity is Severity.WARNING
    assert by_rule["terminology"].fix == "plateforme Sentinair"
    silenced = proofline.check_text(ws, "<!-- proofline off -->\nC'est zéro panne, révolutionnaire !\n")
    assert silenced.findings == [] and [c.verdict.value for c in silenced.claims] == ["forbidden"]


def test_what_the_page_says_of_the_smallest_kit_and_of_the_version(tmp_path: Path) -> None:
    from proofline.model import SourceType as T
    from proofline.voice import rules_for
    from proofline.voice.styles import BUILTIN_PACKS

    kit = loader.load_kit(_write(tmp_path, "kit.yaml", "kit: 1\nbrand: My Company\n"))
    assert kit.languages == ["fr"] and kit.proof == {}
    assert [c for c in Category if any(kit.accepts(c, t) for t in T)] == [Category.THIRD_PARTY]
    assert {r.id.split(".")[0] for r in rules_for(kit)[0]} <= set(BUILTIN_PACKS)
    _write(tmp_path, "kit.yaml", "kit: 2\nbrand: My Company\n")
    with pytest.raises(WorkspaceError) as err:
        loader.load_kit(tmp_path / "kit.yaml")
    message = "unsupported kit format version 2; this version of Proofline reads `kit: 1`"
    assert message in str(err.value)
    assert message.replace("\n", " ") in " ".join(section(doc(), "### `kit`").split())


def test_the_asset_kinds_and_the_sample_proof_table_are_those_of_the_code() -> None:
    from proofline.cli.workflow import KINDS

    channels = " ".join(section(section(doc(), "## kit.yaml"), "### `channels`").split())
    assert "(" + ", ".join(f"`{k}`" for k in KINDS) + ")" in channels
    sample = loader.load_kit(SAMPLE / "kit.yaml")
    table = section(section(doc(), "## kit.yaml"), "### `proof`")
    for category in Category:
        row = re.search(rf"^\| `{category.value}` \| (.*) \|$", table, re.M)
        assert row is not None
        accepted = [t.value for t in SourceType if sample.accepts(category, t)]
        assert sorted(re.findall(r"`(\w+)`", row.group(1))) == sorted(accepted), category
        assert ("not named" in row.group(1)) is (category not in sample.proof), category


# --- the blank template -------------------------------------------------------------------------

EMPTY_LIST = re.compile(r"^(\w+): \[\]$", re.M)


def _uncommented(text: str, empty_line: str) -> tuple[str, str]:
    """The commented example right after the line `empty_line`, uncommented, and the whole text
    with that line replaced by it: what the file's header tells a user to do. The example ends at
    the first line that is not a comment, or a comment of prose (`# What...`)."""
    lines = text.splitlines(keepends=True)
    at = lines.index(empty_line + "\n")
    example = []
    for line in lines[at + 1:]:
        # the example's first line, then its indented lines or further entries (`# - ...`)
        if not line.startswith("# ") or (example and not line.startswith(("#  ", "# -"))):
            break
        example.append(line[2:])
    filled = [*lines[:at], *example, *lines[at + 1 + len(example):]]
    return "".join(example), "".join(filled)


def test_the_blank_template_loads() -> None:
    ws = loader.load_workspace(BLANK)
    assert ws.kit.brand and ws.sources and ws.attestations == []
    assert ws.problems == []


def test_every_empty_list_of_the_blank_kit_has_a_commented_example_that_loads(tmp_path: Path) -> None:
    text = (BLANK / "kit.yaml").read_text("utf-8")
    empty = [(m.group(1), m.start()) for m in EMPTY_LIST.finditer(text)]
    lists = [k for k, info in Kit.model_fields.items() if get_origin(info.annotation) is list
             and _model(info.annotation) is not None]
    assert sorted(k for k, _ in empty) == sorted(lists), "every list of entries is in the blank kit, empty"
    for key, _ in empty:
        example, filled = _uncommented(text, f"{key}: []")
        assert re.match(rf"{key}:(\s|$)", example), f"the example after `{key}: []` must start with `# {key}:`"
        kit = loader.load_kit(_write(tmp_path, "kit.yaml", filled))
        entries = getattr(kit, key)
        assert len(entries) >= 1, key
        model = _model(Kit.model_fields[key].annotation)
        assert model is not None
        shown = set(yaml.safe_load(example)[key][0])
        assert shown == {i.alias or n for n, i in model.model_fields.items()}, f"{key}: show every key of an entry"


def test_the_blank_attestations_have_a_commented_example_that_loads(tmp_path: Path) -> None:
    text = (BLANK / "attestations.yaml").read_text("utf-8")
    example, filled = _uncommented(text, "[]")
    attestations = loader.load_attestations(_write(tmp_path, "attestations.yaml", filled))
    assert len(attestations) == 1
    assert set(yaml.safe_load(example)[0]) == set(loader.ATTESTATION_KEYS)


def test_init_copies_the_commented_template(tmp_path: Path) -> None:
    from proofline.cli.check import resolve_workspace

    target = tmp_path / "new"
    done = CliRunner().invoke(cli, ["init", str(target)], env={"PROOFLINE_DATABASE_URL": None})
    assert done.exit_code == 0, done.output
    assert (target / "kit.yaml").read_text("utf-8") == (BLANK / "kit.yaml").read_text("utf-8")
    assert resolve_workspace(str(target)) == target
