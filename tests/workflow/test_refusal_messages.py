"""The refusal catalogue: every key in English and French with the same values, every raise site's key
in it, French written in French (typography included), and `str(exc)` still the CLI's English."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

import proofline
from proofline.compose.providers.base import ComposeError, ProviderConfigError, ProviderTimeout
from proofline.compose.settings import SettingsError
from proofline.messages import CATALOGUE, LANGS, NBSP, NNBSP, Refusal, describe, fields, render
from proofline.web.i18n import catalog
from proofline.workflow import errors
from proofline.workflow.states import Role, State

SRC = Path(proofline.__file__).resolve().parent
KEY = re.compile(r"[a-z_]+(\.[a-z_]+)*")
# Keyword arguments of the exception classes themselves, not values of the message.
OWN_KEYWORDS = {"provider", "status", "attempts"}


def _refusal_classes() -> set[str]:
    seen: set[str] = set()
    todo: list[type[Refusal]] = [Refusal]
    while todo:
        cls = todo.pop()
        seen.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return seen


def _raise_calls(path: Path) -> list[ast.Call]:
    """Calls to a refusal class (WorkflowError, ComposeError, SettingsError and their kind) that are raised."""
    names = _refusal_classes()
    calls = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in names:
                calls.append(node.exc)
    return calls


def test_every_key_has_both_languages_with_the_same_values() -> None:
    assert len(CATALOGUE) > 60
    for key, texts in CATALOGUE.items():
        assert KEY.fullmatch(key), key
        assert set(texts) == set(LANGS), key
        assert fields(texts["en"]) == fields(texts["fr"]), key
        assert texts["en"].strip() and texts["fr"].strip(), key


def test_french_typography() -> None:
    for key, texts in CATALOGUE.items():
        fr = texts["fr"]
        assert not re.search(r" [:;?!]|« | »|n° ", fr), (key, fr)
        assert not re.search(r"'\{|\}'", fr) and '"' not in fr, key  # guillemets, not quotes, around values
        prose = re.sub(r"\{[^}]*\}|`[^`]*`", "", fr)  # the values' {name:spec} and `code` aside
        for m in re.finditer(r"[:;?!]", prose):
            assert prose[m.start() - 1] == (NBSP if m.group() == ":" else NNBSP), (key, fr)


def test_every_raise_site_names_a_key_with_its_values() -> None:
    """Services raise keys only; elsewhere a string that looks like a key must be one, with its values."""
    sites = 0
    for path in sorted(SRC.rglob("*.py")):
        for call in _raise_calls(path):
            first = call.args[0] if call.args else None
            is_key = isinstance(first, ast.Constant) and isinstance(first.value, str) and KEY.fullmatch(first.value)
            if path.name == "services.py" and path.parent.name == "workflow":
                assert is_key, f"{path.name}:{call.lineno}: a refusal without a catalogue key"
            if not is_key:
                continue
            assert isinstance(first, ast.Constant)
            key = str(first.value)
            assert key in CATALOGUE, f"{path.relative_to(SRC)}:{call.lineno}: unknown key {key!r}"
            given = {k.arg for k in call.keywords if k.arg}
            if any(k.arg is None for k in call.keywords):  # **params: cannot tell
                continue
            assert fields(CATALOGUE[key]["en"]) == given - OWN_KEYWORDS, f"{path.relative_to(SRC)}:{call.lineno}"
            sites += 1
    assert sites >= 80


ENGLISH = {"the", "is", "are", "cannot", "asset", "assets", "claim", "claims", "draft", "and", "or", "approve",
           "approved", "review", "writer", "approver", "admin", "none", "given", "past", "insufficient", "more",
           "someone", "else", "must", "proof", "source", "needs", "role", "roles", "unknown", "kind", "kinds",
           "empty", "nothing", "check", "rule", "published", "feedback", "offline", "language", "only"}
ENGLISH -= {"source"}  # the same word in French


@pytest.mark.parametrize(("key", "params"), [
    ("state.forbids", {"asset_id": 3, "state": State.DRAFT, "action": "approve"}),
    ("role.needed", {"user": "wendy", "action": "request_changes", "asset_id": 3, "roles": ["approver"]}),
    ("role.needed", {"user": "wendy", "action": "publish", "asset_id": 3, "roles": ["admin", "approver", "writer"]}),
    ("four_eyes", {"user": "wendy", "asset_id": 1, "action": "validate"}),
    ("approve.blocking", {"asset_id": 1, "count": 4,
                          "items": [("claim", 7, "30 % de pannes en moins", "unsupported", ""),
                                    ("claim", 8, "n° 1 en France", "forbidden", ""),
                                    ("claim", 9, "depuis 1998", "contradicted", "override_pending"),
                                    ("finding", "banned", "révolutionnaire", "error", 3)]}),
    ("publish.four_eyes", {"user": "wendy", "asset_id": 1}),
    ("validate.needs_override", {"claim_id": 4, "verdict": "contradicted", "source_id": "etude-2025"}),
    ("validate.past", {"until": date(2026, 3, 1)}),
    ("user.no_role", {"roles": [r.value for r in Role]}),
    ("feedback.not_published", {"asset_id": 2, "state": State.CHANGES_REQUESTED}),
    ("expert.not_blocking", {"claim_id": 5, "verdict": "supported"}),
    ("text.empty", {}),
    ("compose.cannot_translate", {"langs": ["en"], "lang": "fr", "first": "en"}),
])
def test_french_has_no_english_left(key: str, params: dict[str, object]) -> None:
    french = render(key, "fr", params)
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", french)}
    assert not words & ENGLISH, (french, words & ENGLISH)
    assert "{" not in french
    english = render(key, "en", params)
    assert english != french and "{" not in english


def test_words_inside_messages_are_the_desks_words() -> None:
    for lang in LANGS:
        labels = catalog(lang)
        for role in Role:
            assert labels[f"role.{role.value}"] in render("user.no_role", lang, {"roles": [role.value]})
        for verdict in ("supported", "attested", "unsupported", "insufficient_proof", "contradicted", "expired",
                        "forbidden"):
            assert labels[f"verdict.{verdict}"] in render("expert.not_blocking", lang,
                                                          {"claim_id": 1, "verdict": verdict})
    for state in (State.DRAFT, State.IN_REVIEW, State.APPROVED, State.PUBLISHED, State.ARCHIVED):
        assert catalog("fr")[f"state.{state.value}"] in describe(state, "fr")
    assert describe(State.DRAFT) == "a draft"


def test_str_is_english_and_message_speaks_the_language() -> None:
    exc = errors.SelfApprovalError("four_eyes", user="wendy", asset_id=1, action="approve")
    assert str(exc) == "wendy wrote asset #1, so someone else must approve it (four-eyes rule)."
    assert exc.message("en") == str(exc) and exc.message("de") == str(exc)
    assert exc.message("fr") == (f"wendy a écrit le contenu n°{NBSP}1{NBSP}: quelqu'un d'autre doit l'approuver "
                                 "(règle des quatre yeux).")
    assert exc.key == "four_eyes" and exc.params["user"] == "wendy"
    moved = errors.InvalidTransition("state.forbids", asset_id=3, state="published", action="edit")
    assert str(moved) == "Asset #3 is published, so it cannot be edited now."
    assert moved.message("fr") == f"Le contenu n°{NBSP}3 est publié{NBSP}: impossible de le modifier pour l'instant."
    blocking = errors.BlockingClaimsError("approve.blocking", ["a", "b"], asset_id=1, count=3,
                                          items=[("claim", 1, "a", "unsupported", ""), ("claim", 2, "b", "expired", ""),
                                                 ("finding", "banned", "top", "error", 4)])
    assert blocking.claims == ["a", "b"]
    assert str(blocking).startswith("Asset #1 cannot be approved: 3 item(s) still block: claim #1 «a» (unsupported); "
                                    "claim #2 «b» (expired); rule banned, line 4: «top» (error). ")
    assert f"affirmation n°{NBSP}2 «{NBSP}b{NBSP}» (preuve expirée)" in blocking.message("fr")
    assert f"règle banned, ligne 4{NBSP}: «{NBSP}top{NBSP}» (erreur)." in blocking.message("fr")


def test_a_text_that_is_not_a_key_stays_as_written() -> None:
    """Messages not (yet) in the catalogue keep working; compose-side ones get a French lead-in."""
    plain = errors.ArchiveError("x.zip is not a Proofline archive.")
    assert plain.key is None and plain.message("fr") == str(plain) == "x.zip is not a Proofline archive."
    timeout = ProviderTimeout("http://127.0.0.1:9/v1 did not answer within 3 s", provider="openai-compatible")
    assert str(timeout) == timeout.message("en") == "http://127.0.0.1:9/v1 did not answer within 3 s"
    assert timeout.message("fr") == (f"Le fournisseur de modèle a échoué{NBSP}: "
                                     "http://127.0.0.1:9/v1 did not answer within 3 s")
    assert SettingsError("settings.toml: [provider] must be a table").message("fr").startswith(
        "Les réglages du fournisseur de modèle sont inutilisables")
    assert ComposeError("compose.no_channel").message("fr") == "Choisissez au moins une déclinaison."
    config = ProviderConfigError("compose.provider_unknown", provider="nope", name="nope", origin="PROOFLINE_PROVIDER",
                                 available=["offline", "openai-compatible"])
    assert config.provider == "nope"
    assert str(config) == "unknown provider 'nope' (from PROOFLINE_PROVIDER); available: offline, openai-compatible"


def test_a_stored_refusal_is_shown_later_in_the_readers_language() -> None:
    """A failed compose item keeps its refusal as data: the desk shows it in French, the CLI in English."""
    from proofline.messages import shown, stored
    from proofline.workflow.errors import NotFound

    text = stored(NotFound("asset.missing", asset_id=7))
    assert shown(text, "en") == "There is no asset #7."
    assert "n°" in shown(text, "fr") and "7" in shown(text, "fr")
    assert shown(stored(RuntimeError("disk full")), "fr") == "disk full"  # not a refusal: kept as it is
    assert shown(None, "fr") == ""
