"""Audience variants keep the master's facts, drift is flagged; the CLI stores, resumes and exports the register."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from compose_llm_server import SAMPLE, ScriptedServer, draft_reply

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import Clock, database_url  # noqa: F401  (the fixture, for this module's tests)

from proofline.compose.providers.offline import OfflineProvider
from proofline.compose.providers.openai_compatible import OpenAICompatibleProvider
from proofline.compose.settings import ProviderSettings
from proofline.workflow.compose_runs import ComposeFlow
from proofline.workflow.drift import claim_drift
from proofline.workflow.queries import ai_register
from proofline.workflow.services import Workflow

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "etude-terrain-2025"
PLANT_DIRECTORS = """\
  - id: directeurs-usine
    name: Directeurs d'usine
    lang: fr
    pains: [coûts de production, disponibilité des lignes]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    dest = tmp_path / "ws"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns(".proofline"))
    kit = dest / "kit.yaml"
    kit.write_text(kit.read_text("utf-8").rstrip("\n") + "\n" + PLANT_DIRECTORS, "utf-8")
    return dest


def _master(wf: Workflow, channel: str = "linkedin") -> int:
    out = ComposeFlow(wf, OfflineProvider()).derive("wendy", [SOURCE], [channel],
                                                    audiences=["responsables-maintenance"])
    asset = out.items[0].asset
    assert asset is not None
    return asset.id


# --------------------------------------------------------------------------- drift, as a function


def test_drift_is_a_new_or_changed_figure_not_a_rewording() -> None:
    master = ["Le nombre d'arrêts non planifiés a baissé de 41 % en moyenne.",
              "Nous avons suivi 9 sites industriels de septembre 2024 à août 2025."]
    same = ["Les arrêts non planifiés ont baissé de 41 % en moyenne.",
            "Nous avons suivi neuf sites industriels de septembre 2024 à août 2025."]
    assert claim_drift(master, same, "fr") == []
    changed = claim_drift(master, ["Le nombre d'arrêts non planifiés a baissé de 45 % en moyenne.",
                                   "Les arrêts ont baissé de plus de 40 %.",
                                   "Sentinair est certifié ISO 27001.",
                                   "Sentinair est le leader européen de la maintenance prédictive."], "fr")
    assert [d.claim[:20] for d in changed] == ["Le nombre d'arrêts n", "Les arrêts ont baiss", "Sentinair est certif",
                                               "Sentinair est le lea"]
    assert "45 %" in changed[0].reason and "not in the master" in changed[0].reason
    assert "ISO 27001" in changed[2].reason
    assert changed[3].reason == "a claim the master does not make"


# --------------------------------------------------------------------------- variants through the workflow


def test_offline_variants_reframe_but_keep_every_fact(wf: Workflow) -> None:
    master_id = _master(wf)
    master_text = wf.text(master_id)
    out = ComposeFlow(wf, OfflineProvider()).compose_variants("wendy", master_id, ["directeurs-usine"])
    (item,) = out.items
    assert out.status == "done" and item.asset is not None and item.check is not None
    assert item.asset.parent_asset_id == master_id and item.asset.audience == "directeurs-usine"
    assert item.asset.kind == "linkedin" and item.asset.parent_source_id == SOURCE
    text = wf.text(item.asset.id)
    assert text != master_text
    assert text.startswith("Coûts de production : regardons les faits.")  # the hook speaks to the audience
    assert "Directeurs d'usine : seriez-vous disponible" in text  # so does the call to action
    master_check = wf.current_check(master_id)
    assert master_check is not None
    assert sorted(c.text for c in item.check.claims) == sorted(c.text for c in master_check.claims)
    assert item.drift == () and not item.check.blocking
    assert ComposeFlow(wf, OfflineProvider()).variant_drift(item.asset.id) == []
    (call,) = [c for c in ai_register(wf.db) if c["purpose"] == "variant"]
    assert call["asset_id"] == item.asset.id


def test_an_llm_variant_that_changes_a_figure_is_flagged(wf: Workflow, llm_server: ScriptedServer) -> None:
    master_id = _master(wf)
    changed = wf.text(master_id).replace("41 %", "45 %").replace("Arrêts non planifiés", "Coûts de production")
    llm_server.queue(draft_reply(changed, prompt_tokens=700, completion_tokens=200))
    provider = OpenAICompatibleProvider(ProviderSettings(name="openai-compatible", base_url=llm_server.base_url,
                                                         model="test-model", api_key="k", max_retries=1))
    flow = ComposeFlow(wf, provider)
    out = flow.compose_variants("wendy", master_id, ["directeurs-usine"])
    (item,) = out.items
    assert item.asset is not None and item.asset.parent_asset_id == master_id
    assert [d.claim for d in item.drift] and all("45 %" in d.claim for d in item.drift)
    assert "45 %" in item.drift[0].reason
    (stored,) = flow.run_items(out.run_id)
    assert stored["drift"] and "45 %" in stored["drift"][0]["claim"]
    assert [d.claim for d in flow.variant_drift(item.asset.id)] == [d.claim for d in item.drift]
    sent = llm_server.posts()[-1]["json"]["messages"]
    assert "keep every fact" in sent[0]["content"] and "41 %" in sent[1]["content"]
    call = ai_register(wf.db)[-1]
    assert call["purpose"] == "variant" and call["prompt_tokens"] == 700 and call["asset_id"] == item.asset.id


# --------------------------------------------------------------------------- CLI


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PROOFLINE_NOW": "2026-11-22T09:00:00Z", **(env or {})}
    for key in ("PROOFLINE_PROVIDER", "PROOFLINE_BASE_URL", "PROOFLINE_MODEL", "PROOFLINE_API_KEY",
                "PROOFLINE_USER", "PROOFLINE_DATABASE_URL", "PROOFLINE_WORKSPACE"):
        if env is None or key not in env:
            full.pop(key, None)
    return subprocess.run([sys.executable, "-m", "proofline", *args], capture_output=True, text=True, env=full,
                          timeout=180)


def test_cli_derive_stores_assets_then_variants_and_the_register(root: Path, tmp_path: Path,
                                                                 llm_server: ScriptedServer) -> None:
    w = ("-w", str(root))
    assert _cli("init", str(root), "--admin", "ada").returncode == 0
    assert _cli("user", "add", "wendy", "--role", "writer", *w).returncode == 0
    out = tmp_path / "files"
    derived = _cli("compose", "derive", SOURCE, *w, "--as", "wendy", "-a", "responsables-maintenance",
                   "--out", str(out))
    assert derived.returncode == 0, derived.stderr + derived.stdout
    assert derived.stdout.count("OK      asset #") == 5 and "Run #1 (derive): 5 of 5" in derived.stdout
    assert "Assets: #1, #2, #3, #4, #5." in derived.stdout
    assert len(list(out.iterdir())) == 5
    shown = _cli("asset", "show", "1", *w)
    assert "wendy" in shown.stdout and "draft" in shown.stdout

    variants = _cli("compose", "variants", "1", "--audiences", "directeurs-usine", *w, "--as", "wendy")
    assert variants.returncode == 0, variants.stderr + variants.stdout
    assert "asset #6 linkedin for directeurs-usine" in variants.stdout

    llm = {"PROOFLINE_PROVIDER": "openai-compatible", "PROOFLINE_BASE_URL": llm_server.base_url,
           "PROOFLINE_MODEL": "test-model", "PROOFLINE_API_KEY": "k"}
    master = _cli("asset", "text", "1", *w).stdout
    llm_server.queue(draft_reply(master.replace("41 %", "45 %")))
    drift = _cli("compose", "variants", "1", "--audiences", "directeurs-usine", *w, "--as", "wendy", env=llm)
    assert drift.returncode == 1, drift.stderr + drift.stdout
    assert "variant changes facts:" in drift.stdout and "45 %" in drift.stdout

    quiet = _cli("compose", "derive", SOURCE, "--to", "email", *w, "--as", "wendy", "--no-log")
    assert quiet.returncode == 0 and "register" not in quiet.stdout

    table = _cli("ai-log", *w)
    assert table.returncode == 0 and table.stdout.strip().endswith("tokens") and "7 call(s)" in table.stdout
    as_json = json.loads(_cli("ai-log", *w, "--format", "json").stdout)
    assert [c["purpose"] for c in as_json] == ["derive"] * 5 + ["variant", "variant"]
    assert as_json[-1]["provider"] == "openai-compatible" and as_json[-1]["model"] == "test-model"
    rows = list(csv.DictReader(io.StringIO(_cli("ai-log", *w, "--format", "csv", "--asset", "1").stdout)))
    assert len(rows) == 1 and rows[0]["asset_id"] == "1" and rows[0]["status"] == "ok"


def test_cli_resume_after_a_provider_failure(root: Path, llm_server: ScriptedServer) -> None:
    w = ("-w", str(root))
    assert _cli("init", str(root), "--admin", "ada").returncode == 0
    llm = {"PROOFLINE_PROVIDER": "openai-compatible", "PROOFLINE_BASE_URL": llm_server.base_url,
           "PROOFLINE_MODEL": "test-model", "PROOFLINE_API_KEY": "k"}
    settings = root / ".proofline" / "settings.toml"
    settings.write_text("[provider]\nmax_retries = 0\nbackoff = 0\n", "utf-8")
    failed = _cli("compose", "derive", SOURCE, "--to", "linkedin", *w, env=llm)  # acts as ada (init --admin)
    assert failed.returncode == 2, failed.stdout + failed.stderr
    assert "FAILED  linkedin" in failed.stdout and "proofline compose resume 1" in failed.stdout
    assert _cli("asset", "list", *w).stdout.strip() == ""
    errors = json.loads(_cli("ai-log", *w, "--format", "json").stdout)
    assert [c["status"] for c in errors] == ["error"]
    llm_server.queue(draft_reply("Les coûts de maintenance corrective ont baissé de 28 % en moyenne [S7].\n"))
    resumed = _cli("compose", "resume", "1", *w, env=llm)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Run #1 (derive): 1 of 1" in resumed.stdout and "asset #1 linkedin" in resumed.stdout


def test_cli_without_a_user_writes_files_only(root: Path) -> None:
    result = _cli("compose", "derive", SOURCE, "--to", "email", "-w", str(root))
    assert result.returncode == 0, result.stderr
    assert "not stored as assets" in result.stderr
    assert (root / "drafts" / f"{SOURCE}.email.fr.md").is_file()
    assert not (root / ".proofline" / "proofline.db").exists()


def test_cli_ctrl_c_between_drafts_leaves_a_run_that_resumes(root: Path, llm_server: ScriptedServer) -> None:
    import signal
    import time

    from compose_llm_server import Reply

    w = ("-w", str(root))
    assert _cli("init", str(root), "--admin", "ada").returncode == 0
    (root / ".proofline" / "settings.toml").write_text("[provider]\nmax_retries = 0\ntimeout = 30\n", "utf-8")
    good = "Les coûts de maintenance corrective ont baissé de 28 % en moyenne [S7].\n"
    slow = draft_reply(good)
    llm_server.queue(draft_reply(good), Reply(status=slow.status, body=slow.body, delay=20))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PROOFLINE_NOW": "2026-11-22T09:00:00Z",
           "PROOFLINE_PROVIDER": "openai-compatible", "PROOFLINE_BASE_URL": llm_server.base_url,
           "PROOFLINE_MODEL": "test-model", "PROOFLINE_API_KEY": "k"}
    env.pop("PROOFLINE_USER", None)
    env.pop("PROOFLINE_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "proofline", "compose", "derive", SOURCE, "--to",
                             "linkedin,email,one_pager", *w], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    deadline = time.monotonic() + 60
    while len(llm_server.posts()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(llm_server.posts()) == 2, "the second draft was never asked for"
    proc.send_signal(signal.SIGINT)  # while the second draft is being written
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "Interrupted: 1 of 3 draft(s) stored" in err and "proofline compose resume 1" in err
    assert len(_cli("asset", "list", *w).stdout.strip().splitlines()) == 1
    llm_server.queue(draft_reply(good), draft_reply(good))
    resumed = _cli("compose", "resume", "1", *w, env={k: env[k] for k in env if k.startswith("PROOFLINE_")})
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Run #1 (derive): 3 of 3" in resumed.stdout and "email" in resumed.stdout and "linkedin" not in resumed.stdout
    assert len(_cli("asset", "list", *w).stdout.strip().splitlines()) == 3


def test_a_variant_is_for_another_audience(wf: Workflow) -> None:
    from proofline.compose.providers.base import ComposeError

    master_id = _master(wf)
    with pytest.raises(ComposeError, match="already written for responsables-maintenance"):
        ComposeFlow(wf, OfflineProvider()).compose_variants("wendy", master_id, ["responsables-maintenance"])
