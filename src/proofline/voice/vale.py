"""Vale styles as Proofline style packs: one YAML rule per file, `extends:` naming its check.

Teams that already keep a Vale style (a folder such as `styles/Acme/*.yml`) pass that folder as
an extra style; each rule becomes `Acme.<FileName>` with the same message, level and scope.

Supported: existence, substitution, occurrence, repetition, consistency, capitalization, metric,
conditional and readability (as a metric averaging the grade formulas it lists), with tokens,
raw, swap, either, exceptions, ignorecase, nonword, scope, level, message (`%s`), link, and
`action: replace/remove` as the fix.
Not supported, said as a warning and skipped: `spelling` (needs Hunspell dictionaries),
`sequence` (needs part-of-speech tagging), `script` (Tengo scripts), `lt`; substitution `pos`.
Ignored with a warning: `limit`, `vocab`, `capitalize`, capitalization `style`/`indicators`
(one title-case algorithm is used), other `action` names. Regexes run on Python's `re`, so
RE2-only syntax such as `\\p{L}` makes a rule fail to load (with a warning naming it).
Vale scopes `code`, `comment`, `alt`, `title` and `table.*` have no match here and skip the rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from proofline.voice.engine import Rule, RuleError, rule_from_dict

UNSUPPORTED_CHECKS = {
    "spelling": "needs Hunspell dictionaries",
    "sequence": "needs part-of-speech tagging",
    "script": "runs Tengo scripts",
    "lt": "needs a LanguageTool server",
}
_IGNORED = ("limit", "vocab", "capitalize", "style", "indicators", "threshold", "prefix", "description")
_SCOPES = {"text", "sentence", "paragraph", "heading", "list", "blockquote", "summary", "raw", "table"}
_READABILITY = {
    "flesch-kincaid": "(0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59)",
    "gunning fog": "(0.4 * ((words / sentences) + 100 * (complex_words / words)))",
    "coleman-liau": "(0.0588 * (characters / words * 100) - 0.296 * (sentences / words * 100) - 15.8)",
    "smog": "(1.043 * sqrt(polysyllabic_words * 30 / sentences) + 3.1291)",
    "automated readability": "(4.71 * (characters / words) + 0.5 * (words / sentences) - 21.43)",
}


def is_vale_rule(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("extends"), str)


def _message(template: str, kind: str) -> str:
    """Vale's printf `%s` become our named fields (substitution: expected first, then found)."""
    fields = ["fix", "match"] if kind == "substitution" else ["match", "match"]
    out = template
    for name in fields:
        out = out.replace("%s", "{" + name + "}", 1)
    return out


def _scope(value: Any) -> tuple[list[str], str | None]:
    items = [value] if isinstance(value, str) else list(value or ["text"])
    out = []
    for item in items:
        neg = item.startswith("~")
        base = item.lstrip("~").split(".", 1)[0]
        if base not in _SCOPES:
            if neg:
                continue  # excluding a region we never look at changes nothing
            return [], f"scope {item!r} is not supported"
        out.append(("~" if neg else "") + ("table" if base == "table" else item.lstrip("~")))
    return out, None


def vale_to_dict(data: dict[str, Any], rid: str) -> tuple[dict[str, Any] | None, list[str]]:
    """Translate one Vale rule into our rule dictionary; notes say what was ignored."""
    kind = str(data["extends"]).lower()
    notes: list[str] = []
    if kind in UNSUPPORTED_CHECKS:
        return None, [f"'{kind}' rules are not supported ({UNSUPPORTED_CHECKS[kind]})"]
    out: dict[str, Any] = {"id": rid, "type": kind, "severity": str(data.get("level", "warning")).lower(),
                           "ignorecase": bool(data.get("ignorecase", False)), "nonword": bool(data.get("nonword", False))}
    if "message" in data:
        out["message"] = _message(str(data["message"]), kind)
    if "link" in data:
        out["link"] = data["link"]
    scope, problem = _scope(data.get("scope"))
    if problem:
        return None, [problem]
    out["scope"] = scope
    for key in _IGNORED:
        if key in data and key != "description":
            notes.append(f"'{key}' is ignored")
    if kind == "existence":
        out["tokens"] = data.get("tokens") or []
        if data.get("raw"):
            out["raw"] = data["raw"]
        if data.get("exceptions"):
            out["exceptions"] = [f"/{e}/" for e in data["exceptions"]]
        action = data.get("action") or {}
        if isinstance(action, dict) and action.get("name") == "replace" and action.get("params"):
            out["fix"] = str(action["params"][0])
        elif isinstance(action, dict) and action.get("name") == "remove":
            out["fix"] = ""
        elif action:
            notes.append("'action' other than replace/remove is ignored")
    elif kind == "substitution":
        if data.get("pos"):
            notes.append("'pos' (part-of-speech filter) is ignored")
        out["swap"] = {str(k): str(v) for k, v in (data.get("swap") or {}).items()}
        if data.get("exceptions"):
            out["exceptions"] = [f"/{e}/" for e in data["exceptions"]]
    elif kind == "occurrence":
        for key in ("max", "min"):
            if key in data:
                out[key] = int(data[key])
        out["token"] = str(data.get("token") or "")
    elif kind == "repetition":
        out["tokens"] = data.get("tokens") or []
        out["alpha"] = bool(data.get("alpha", False))
    elif kind == "consistency":
        out["either"] = data.get("either") or {}
    elif kind == "capitalization":
        out["match"] = str(data.get("match", "$title"))
        out["exceptions"] = data.get("exceptions") or []
    elif kind == "metric":
        out["formula"] = str(data.get("formula", ""))
        out["condition"] = str(data.get("condition", ""))
    elif kind == "conditional":
        out["first"] = str(data.get("first", ""))
        out["second"] = str(data.get("second", ""))
        out["exceptions"] = data.get("exceptions") or []
    elif kind == "readability":
        names = [str(m).lower() for m in data.get("metrics") or []]
        known = [_READABILITY[n] for n in names if n in _READABILITY]
        if len(known) < len(names):
            notes.append(f"metrics {', '.join(n for n in names if n not in _READABILITY)} are not supported")
        if not known:
            return None, [*notes, "no supported readability metric"]
        out.update(type="metric", formula="(" + " + ".join(known) + f") / {len(known)}",
                   condition=f"> {float(data.get('grade', 8))}")
        out.setdefault("message", "Try to keep the reading grade ({value}) below {threshold}.")
    else:
        return None, [f"unknown check type {kind!r}"]
    return out, notes


def load_vale_rule(path: Path, data: dict[str, Any], *, style: str) -> tuple[Rule | None, str | None]:
    """One Vale rule file as a Proofline rule, or None with a warning naming the file and why."""
    rid = f"{style}.{path.stem}"
    translated, notes = vale_to_dict(data, rid)
    if translated is None:
        return None, f"{path}: {rid} skipped: {'; '.join(notes)}"
    try:
        rule = rule_from_dict(translated, priority=1, family=style.lower())
    except RuleError as exc:
        return None, f"{path}: {rid} skipped: {exc}"
    return rule, (f"{path}: {rid}: {'; '.join(notes)}" if notes else None)
