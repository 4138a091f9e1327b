"""Style packs: the built-in ones (YAML beside this module) and the ones a team brings.

A pack is a YAML file `{pack: name, description: ..., rules: [...]}` whose rules use the check
types of `voice/checks/`. A folder given in `extra_styles` may hold packs or a Vale style (one YAML
rule per file, `extends: existence`...); both load the same way.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from proofline.voice.engine import Rule, RuleError, RuleSet, rule_from_dict

PACKS_DIR = Path(__file__).parent / "packs"
BUILTIN_PACKS: tuple[str, ...] = ("hype", "ai_style", "readability", "rhythm", "passive", "consistency", "typos",
                                  "text")
"""Built-in packs, all on by default; a kit switches one off with `voice.style_packs: {name: false}`."""

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StyleError(ValueError):
    """A pack or style cannot be loaded; the message names the file."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise StyleError(f"{path}: cannot read this style file: {exc}") from exc


def load_pack(path: Path, *, priority: int = 2, language: str | None = None) -> list[Rule]:
    """Load one pack file; any bad rule is an error naming the file and the rule.

    With `language`, rules written for another language are not even built (their regexes cost
    start-up time in a command that must answer in well under a second).
    """
    data = _read_yaml(path) if path not in _PACK_DATA else _PACK_DATA[path]
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise StyleError(f"{path}: a pack needs a 'rules:' list")
    name = str(data.get("pack") or path.stem)
    unknown = set(data) - {"pack", "description", "rules"}
    if unknown:
        raise StyleError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} (expected pack, description, rules)")
    rules = []
    for i, item in enumerate(data["rules"]):
        if not isinstance(item, dict):
            raise StyleError(f"{path}: rule #{i + 1} is not a mapping")
        if language and item.get("lang") and item.get("lang") != language:
            continue
        try:
            rules.append(rule_from_dict(item, default_id=f"{name}.rule{i + 1}", priority=priority, family=name))
        except RuleError as exc:
            raise StyleError(f"{path}: {exc}") from exc
    return rules


_PACK_DATA: dict[Path, Any] = {}


@cache
def builtin_pack(name: str, language: str | None = None) -> tuple[Rule, ...]:
    """A built-in pack's rules (for one language when given), loaded once per process."""
    if name not in BUILTIN_PACKS:
        raise StyleError(f"unknown built-in style pack {name!r} (known: {', '.join(BUILTIN_PACKS)})")
    path = PACKS_DIR / f"{name}.yaml"
    if path not in _PACK_DATA:
        _PACK_DATA[path] = _read_yaml(path)
    return tuple(load_pack(path, language=language))


def unknown_packs(names: object) -> list[str]:
    """Names in a kit's `voice.style_packs` that are not built-in packs (for the kit validator)."""
    if not isinstance(names, dict):
        return []
    return [n for n in names if n not in BUILTIN_PACKS]


def load_styles(paths: tuple[Path, ...]) -> RuleSet:
    """Extra styles: pack files, folders of packs, or Vale style folders."""
    from proofline.voice.vale import is_vale_rule, load_vale_rule

    out = RuleSet()
    for root in paths:
        root = Path(root)
        if root.is_file():
            files = [root]
        elif root.is_dir():
            files = sorted(p for p in root.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        else:
            raise StyleError(f"{root}: no such style file or folder")
        for f in files:
            data = _read_yaml(f)
            if isinstance(data, dict) and "rules" in data:
                out.rules += load_pack(f, priority=1)
            elif is_vale_rule(data):
                rule, warning = load_vale_rule(f, data, style=root.name if root.is_dir() else f.parent.name)
                if rule is not None:
                    out.rules.append(rule)
                if warning:
                    out.warnings.append(warning)
            else:
                out.warnings.append(f"{f}: neither a Proofline pack nor a Vale rule; skipped")
    return out
