"""The whole journey through the CLI, as a team runs it, on SQLite and on PostgreSQL.

Writer creates an asset from a sample draft with blocking claims, the check shows them, the
approver sends it back, the writer removes two claims and cites a re-validated source for a
third, an expert validates the last one, the author cannot approve but the approver can, the
asset is published with its proof pack, the history shows every step, the audit chain verifies,
and a row edited in SQL is then named by `audit verify`.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from dbfixture import fresh_url

from proofline.cli import cli

DRAFT = "cases/linkedin-fr-etude.md"
NEW_SOURCE = """\
---
id: bilan-parc-2024-revalide
title: Bilan 2024 du parc, chiffres revalidés en 2026
type: customer_data
validated_by: Laure Chabert, directrice technique
validated_on: 2026-10-01
valid_until: 2027-12-31
lang: fr
---
Chiffres 2024 revalidés par la direction technique en octobre 2026.

- 214 défaillances ont été évitées grâce à une intervention planifiée après une alerte.
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path, sample_workspace: Path,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str | None]]:
    root = tmp_path / "ws"
    shutil.copytree(sample_workspace, root, ignore=shutil.ignore_patterns(".proofline"))
    monkeypatch.setenv("PROOFLINE_NOW", "2026-11-22T09:00:00Z")
    monkeypatch.delenv("PROOFLINE_USER", raising=False)
    monkeypatch.delenv("PROOFLINE_WORKSPACE", raising=False)
    if request.param == "sqlite":  # the default: the workspace's own database file
        monkeypatch.delenv("PROOFLINE_DATABASE_URL", raising=False)
        yield root, None
        return
    for url in fresh_url("postgresql", tmp_path):
        monkeypatch.setenv("PROOFLINE_DATABASE_URL", url)
        yield root, url


def run(root: Path, *args: str, code: int = 0) -> Result:
    argv = list(args) if args[0] == "init" else [*args, "--workspace", str(root)]
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    assert result.exit_code == code, (args, result.output, result.stderr)
    return result


def claim_ids(output: str) -> dict[str, int]:
    """verdict/first words → claim id, from the lines `claim #N [BLOCKS] verdict (category): «text»`."""
    found = {}
    for m in re.finditer(r"claim #(\d+) \[(\w+)\] (\w+) \(\w+\): «(.+)»", output):
        found[m.group(4)] = int(m.group(1))
    return found


def test_the_whole_journey(env: tuple[Path, str | None], tmp_path: Path) -> None:
    root, url = env
    out = run(root, "init", str(root), "--admin", "ada").output
    assert "Added ada (admin)" in out
    run(root, "user", "add", "wendy", "--role", "writer,approver", "--display-name", "Wendy Writer")
    run(root, "user", "add", "alex", "--role", "approver")
    run(root, "user", "add", "eve", "--role", "expert", "--display-name", "Ève Experte")
    refused = run(root, "user", "add", "mallory", "--role", "admin", "--as", "wendy", code=2)
    assert "needs the admin role" in refused.stderr and "Traceback" not in refused.output

    created = run(root, "asset", "new", str(root / DRAFT), "--kind", "linkedin", "--title", "Étude terrain",
                  "--as", "wendy").output
    assert re.search(r"Created asset #1 «Étude terrain» \(linkedin, fr\), version 1, draft: \d+ claim\(s\), 4 "
                     r"blocking", created), created

    checked = run(root, "asset", "check", "1", "--as", "wendy", code=1).output
    assert len(re.findall(r"claim #\d+ \[BLOCKS\]", checked)) == 4
    assert "finding [BLOCKS] banned line 9: «révolutionnaire»" in checked  # voice findings beside the claims
    ids = claim_ids(checked)
    by_start = {text.split()[0]: i for text, i in ids.items()}
    forbidden, comparison, expired, contradicted = (by_start["Avec"], by_start["Ce"], by_start["En"],
                                                    by_start["Mieux"])

    run(root, "asset", "submit", "1", "--as", "wendy")
    refused = run(root, "asset", "approve", "1", "--as", "alex", code=2)
    assert "cannot be approved: 5 item(s) still block" in refused.stderr  # 4 claims and a banned word
    for claim_id in (forbidden, comparison, expired, contradicted):
        assert f"claim #{claim_id} «" in refused.stderr  # ids that `claim resolve` takes
    assert "rule banned, line 9: «révolutionnaire» (error)" in refused.stderr
    assert "review\tasset #1" in run(root, "queue", "--as", "alex").output
    run(root, "asset", "request-changes", "1", "--reason", "Les chiffres non sourcés doivent partir.",
        "--as", "alex")
    assert "revise\tasset #1" in run(root, "queue", "--as", "wendy").output

    # remove: a new version without the claim
    run(root, "claim", "resolve", str(forbidden), "--remove", "--as", "wendy")
    run(root, "claim", "resolve", str(comparison), "--remove", "--as", "wendy")
    text = run(root, "asset", "text", "1", "--as", "wendy").output
    assert "révolutionnaire" not in text and "la plus fiable du marché" not in text

    # cite: refused while the source does not back it, accepted once a re-validated source does
    bad = run(root, "claim", "resolve", str(expired), "--cite", "tarifs-2026", "--as", "wendy", code=2)
    assert "does not back" in bad.stderr
    (root / "sources" / "bilan-parc-2024-revalide.md").write_text(NEW_SOURCE, "utf-8")
    cited = run(root, "claim", "resolve", str(expired), "--cite", "bilan-parc-2024-revalide", "--as", "wendy")
    assert "backed by bilan-parc-2024-revalide (confirmed by the re-check)" in cited.output

    # expert: only experts validate; the request waits in the expert's queue
    current = claim_ids(run(root, "claim", "list", "1", "--as", "wendy").output)
    assert next(i for t, i in current.items() if t.startswith("Mieux")) == contradicted  # the id stays
    run(root, "claim", "resolve", str(contradicted), "--expert", "--reason", "Mesuré sur 2026", "--as", "wendy")
    assert f"validate\tasset #1 (claim #{contradicted})" in run(root, "queue", "--as", "eve").output
    refused = run(root, "claim", "validate", str(contradicted), "--reason", "sûr", "--as", "wendy", code=2)
    assert "Only experts can validate claims" in refused.stderr
    refused = run(root, "claim", "validate", str(contradicted), "--reason", "Délai moyen mesuré sur 2026",
                  "--until", "2027-06-30", "--as", "eve", code=2)
    assert "source 'etude-terrain-2025' says otherwise" in refused.stderr and "--override" in refused.stderr
    pending = run(root, "claim", "validate", str(contradicted), "--reason", "Délai moyen mesuré sur 2026",
                  "--until", "2027-06-30", "--override", "--as", "eve").output
    assert f"blocks until an approver or admin runs `proofline claim confirm {contradicted}`" in pending
    assert f"confirm\tasset #1 (claim #{contradicted})" in run(root, "queue", "--as", "alex").output
    confirmed = run(root, "claim", "confirm", str(contradicted), "--as", "alex").output
    assert "confirmed by alex" in confirmed
    assert "Délai moyen" not in (root / "attestations.validated.yaml").read_text("utf-8")  # the claim's text is
    assert "Ève Experte" in (root / "attestations.validated.yaml").read_text("utf-8")

    run(root, "asset", "submit", "1", "--as", "wendy")
    refused = run(root, "asset", "approve", "1", "--as", "wendy", code=2)
    assert "wendy wrote asset #1, so someone else must approve it (four-eyes rule)" in refused.stderr
    run(root, "asset", "approve", "1", "--as", "alex")

    out_dir = tmp_path / "out"
    refused = run(root, "asset", "publish", "1", "--out", str(out_dir), "--as", "wendy", code=2)
    assert "cannot publish it (four-eyes rule)" in refused.stderr
    published = run(root, "asset", "publish", "1", "--out", str(out_dir), "--as", "alex").output
    assert "published (version 3)" in published
    final = (out_dir / "asset-1-v3.md").read_text("utf-8")
    assert final == run(root, "asset", "text", "1", "--as", "wendy").output
    proof = json.loads((out_dir / "asset-1-v3.proof.json").read_text("utf-8"))
    assert proof["approved_by"] == "alex" and proof["published_by"] == "alex"
    assert proof["claims"] and all(c["backed_by"] or "expert_validation" in c for c in proof["claims"])
    expert = next(c for c in proof["claims"] if "expert_validation" in c)
    assert expert["expert_validation"]["expert"] == "Ève Experte"
    assert expert["expert_validation"]["valid_until"] == "2027-06-30"
    assert expert["override"]["overrides_source"] == "etude-terrain-2025"
    assert expert["override"]["confirmed_by"] == "alex" and expert["override"]["expert"] == "Ève Experte"
    assert any(c.get("cited_source") == "bilan-parc-2024-revalide" for c in proof["claims"])
    assert len(proof["removed_claims"]) == 2
    assert (out_dir / "asset-1-v3.proof.md").is_file()

    history = run(root, "asset", "history", "1", "--as", "wendy").output
    for step in ("asset.create", "asset.submit draft → in_review", "asset.request_changes in_review → "
                 "changes_requested", "claim.removed", "claim.cite", "claim.expert_requested", "claim.override",
                 "claim.override_confirmed",
                 "asset.approve in_review → approved", "asset.publish approved → published"):
        assert step in history, step
    assert "Les chiffres non sourcés doivent partir." in history

    refused = run(root, "asset", "edit", "1", str(root / DRAFT), "--as", "wendy", code=2)
    assert "is published, so it is not edited: correct it with `proofline asset correct 1 FILE`" in refused.stderr

    kpis = json.loads(run(root, "kpi", "--format", "json").output)
    assert kpis["time_to_publish"]["per_channel"]["linkedin"]["count"] == 1
    assert kpis["review_cycles"]["per_asset"] == {"1": 1}
    assert kpis["resolutions"]["counts"] == {"removed": 2, "cited": 1, "expert": 1}
    assert kpis["compliance_alerts"]["total"] >= 4
    assert run(root, "kpi", "--format", "csv").output.startswith("kpi,measure,value\n")

    assert "chain verified" in run(root, "audit", "verify").output

    # tamper with one audit row in SQL: verify names it
    from sqlalchemy import create_engine, text

    engine = create_engine(url or f"sqlite:///{root / '.proofline' / 'proofline.db'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 7"))
    engine.dispose()
    tampered = run(root, "audit", "verify", code=1)
    assert "audit row 7 was altered" in tampered.stderr


def test_refusals_are_one_line_without_traceback(env: tuple[Path, str | None]) -> None:
    root, _ = env
    run(root, "init", str(root), "--admin", "ada")
    nobody = run(root, "asset", "list", "--as", "ghost", code=0)  # reading needs no identity
    assert nobody.output == ""
    missing = run(root, "asset", "submit", "9", "--as", "ada", code=2)
    assert missing.stderr == "error: There is no asset #9.\n"
    who = run(root, "asset", "new", str(root / DRAFT), "--as", "ghost", code=2)
    assert "'ghost' is not a user of this workspace" in who.stderr and len(who.stderr.splitlines()) == 1


def test_an_edit_names_its_base_and_a_stale_one_is_refused(env: tuple[Path, str | None], tmp_path: Path) -> None:
    """Issue 17: two writers edit the text they read; the second save names who saved first, and when."""
    root, _url = env
    run(root, "init", str(root), "--admin", "ada")
    run(root, "user", "add", "wendy", "--role", "writer", "--display-name", "Wendy Writer", "--as", "ada")
    run(root, "user", "add", "walt", "--role", "writer", "--as", "ada")
    first = tmp_path / "first.md"
    first.write_text("Sentinair suit vos compresseurs d'air comprimé.\n", "utf-8")
    run(root, "asset", "new", str(first), "--kind", "email", "--as", "wendy")
    mine, theirs = tmp_path / "mine.md", tmp_path / "theirs.md"
    mine.write_text(run(root, "asset", "text", "1", "--as", "walt").output + "Ligne de Walt.\n", "utf-8")
    theirs.write_text(run(root, "asset", "text", "1", "--as", "wendy").output + "Ligne de Wendy.\n", "utf-8")
    run(root, "asset", "edit", "1", str(theirs), "--as", "wendy")
    stale = run(root, "asset", "edit", "1", str(mine), "--as", "walt", code=2).stderr
    assert "you edited version 1, but Wendy Writer saved version 2 at 2026-11-22 09:00 UTC" in stale
    assert "Ligne de Wendy." in run(root, "asset", "text", "1", "--as", "walt").output
    # nothing read, nothing named: refused with the way to name a base
    blind = run(root, "asset", "edit", "1", str(mine), "--as", "ada", code=2).stderr
    assert "Say which version of asset #1 you edited" in blind and "--base N" in blind
    run(root, "asset", "edit", "1", str(mine), "--base", "1", "--as", "walt", code=2)  # no way to force it
