"""Issue 17: every tampering case, on SQLite and PostgreSQL, detected by name (tamper_cases.py lists them).

Bounded and local: one workspace and database built per backend, each case on a copy of both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tamper_cases import CASES, Built, Case, backends, build, drop, pristine, run_case


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    if request.param not in backends():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432; run .ci/ensure-postgres")
    b = build(request.param, tmp_path_factory.mktemp(f"tamper-{request.param}"))
    yield b
    drop(b.url)


def test_the_untouched_copy_verifies_and_its_archive_imports(built: Built, tmp_path: Path) -> None:
    checked, imported = pristine(built, tmp_path)
    assert checked.code == 0, checked.output
    assert "Audit log intact" in checked.output
    assert imported.code == 0, imported.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_tampering_is_detected_by_name(case: Case, built: Built, tmp_path: Path) -> None:
    result = run_case(case, built, tmp_path)
    assert result.detected, (case.name, result)
