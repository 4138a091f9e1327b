"""The first KPIs, computed from the database only (never from logs or files).

- time to publish: created → published, median and distribution per channel (asset kind);
- review cycles per asset (in_review → changes_requested);
- compliance alerts: blocking claims found (each claim of an asset counted once, when first seen),
  by category, by verdict and per period;
- how blocking claims were resolved: removed / cited / expert-validated;
- sales acceptance: accepted / rejected, with the reasons given.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from proofline.store.models import Asset, CheckRun, Claim, Resolution, SalesFeedback

DURATION_BUCKETS: tuple[tuple[str, float], ...] = (
    ("< 1 day", 24.0), ("1-3 days", 72.0), ("3-7 days", 168.0), ("1-2 weeks", 336.0), ("> 2 weeks", float("inf")))


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _stats(hours: list[float]) -> dict[str, Any]:
    buckets = dict.fromkeys((name for name, _ in DURATION_BUCKETS), 0)
    for h in hours:
        buckets[next(name for name, limit in DURATION_BUCKETS if h < limit)] += 1
    if not hours:
        return {"count": 0, "median_hours": None, "p25_hours": None, "p75_hours": None, "min_hours": None,
                "max_hours": None, "distribution": buckets}
    return {"count": len(hours), "median_hours": round(statistics.median(hours), 2),
            "p25_hours": round(_quantile(hours, 0.25), 2), "p75_hours": round(_quantile(hours, 0.75), 2),
            "min_hours": round(min(hours), 2), "max_hours": round(max(hours), 2), "distribution": buckets}


def _period(day: Any, period: str) -> str:
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def compute(session: Session, *, period: str = "month") -> dict[str, Any]:
    """Every KPI as plain JSON-ready data."""
    assets = list(session.execute(select(Asset).order_by(Asset.id)).scalars())

    per_kind: dict[str, list[float]] = defaultdict(list)
    for a in assets:
        if a.published_at is not None:
            per_kind[a.kind].append((a.published_at - a.created_at).total_seconds() / 3600)
    all_hours = [h for hs in per_kind.values() for h in hs]
    time_to_publish = {"all": _stats(all_hours), "per_channel": {k: _stats(v) for k, v in sorted(per_kind.items())}}

    cycles = [a.review_cycles for a in assets]
    review_cycles = {
        "assets": len(assets),
        "mean": round(statistics.mean(cycles), 2) if cycles else None,
        "median": statistics.median(cycles) if cycles else None,
        "distribution": {str(k): v for k, v in sorted(Counter(cycles).items())},
        "per_asset": {str(a.id): a.review_cycles for a in assets},
    }

    seen: set[tuple[int, str, str]] = set()
    by_category: Counter[str] = Counter()
    by_verdict: Counter[str] = Counter()
    over_time: Counter[str] = Counter()
    rows = session.execute(select(Claim, CheckRun.created_at).join(CheckRun, CheckRun.id == Claim.check_id)
                           .where(Claim.blocking.is_(True)).order_by(CheckRun.created_at, Claim.id)).all()
    for claim, at in rows:
        ident = (claim.asset_id, claim.key, claim.verdict)
        if ident in seen:
            continue
        seen.add(ident)
        by_category[claim.category] += 1
        by_verdict[claim.verdict] += 1
        over_time[_period(at.date(), period)] += 1
    alerts = {"total": len(seen), "by_category": dict(sorted(by_category.items())),
              "by_verdict": dict(sorted(by_verdict.items())), "period": period,
              "over_time": dict(sorted(over_time.items()))}

    kinds = Counter(r.kind for r in session.execute(select(Resolution).where(Resolution.status == "done")).scalars())
    total = sum(kinds.values())
    resolutions = {"total": total,
                   "counts": {k: kinds.get(k, 0) for k in ("removed", "cited", "expert")},
                   "shares": {k: (round(kinds.get(k, 0) / total, 4) if total else None)
                              for k in ("removed", "cited", "expert")}}

    feedback = list(session.execute(select(SalesFeedback).order_by(SalesFeedback.id)).scalars())
    accepted = sum(1 for f in feedback if f.accepted)
    reasons = Counter((f.reason or "").strip() or "(no reason)" for f in feedback if not f.accepted)
    sales = {"accepted": accepted, "rejected": len(feedback) - accepted,
             "acceptance_rate": round(accepted / len(feedback), 4) if feedback else None,
             "rejection_reasons": dict(reasons.most_common())}

    return {"time_to_publish": time_to_publish, "review_cycles": review_cycles, "compliance_alerts": alerts,
            "resolutions": resolutions, "sales_acceptance": sales}


def flatten(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kpi, measure, value) rows; nested keys are joined with dots."""
    out: list[tuple[str, str, str]] = []

    def walk(kpi: str, prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(kpi, f"{prefix}.{k}" if prefix else str(k), v)
        else:
            out.append((kpi, prefix, "" if value is None else str(value)))

    for kpi, value in data.items():
        walk(kpi, "", value)
    return out


def to_csv(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["kpi", "measure", "value"])
    writer.writerows(flatten(data))
    return buf.getvalue()


def render_text(data: dict[str, Any]) -> str:
    """A short plain-text summary for the terminal."""
    lines: list[str] = []
    ttp = data["time_to_publish"]
    lines.append("Time to publish (created → published)")
    lines.append(f"  all: {_fmt_stats(ttp['all'])}")
    for kind, st in ttp["per_channel"].items():
        lines.append(f"  {kind}: {_fmt_stats(st)}")
        lines.append("    " + ", ".join(f"{k}: {v}" for k, v in st["distribution"].items()))
    rc = data["review_cycles"]
    lines.append(f"Review cycles: {rc['assets']} asset(s), mean {rc['mean']}, median {rc['median']}; "
                 + ", ".join(f"{k} cycle(s): {v}" for k, v in rc["distribution"].items()))
    al = data["compliance_alerts"]
    lines.append(f"Compliance alerts (blocking claims found): {al['total']}")
    lines.append("  by verdict: " + (", ".join(f"{k} {v}" for k, v in al["by_verdict"].items()) or "none"))
    lines.append("  by category: " + (", ".join(f"{k} {v}" for k, v in al["by_category"].items()) or "none"))
    lines.append(f"  per {al['period']}: " + (", ".join(f"{k} {v}" for k, v in al["over_time"].items()) or "none"))
    res = data["resolutions"]
    lines.append(f"Resolutions: {res['total']} — " + ", ".join(
        f"{k} {res['counts'][k]} ({_pct(res['shares'][k])})" for k in ("removed", "cited", "expert")))
    sa = data["sales_acceptance"]
    lines.append(f"Sales acceptance: {sa['accepted']} accepted, {sa['rejected']} rejected "
                 f"({_pct(sa['acceptance_rate'])} accepted)")
    for reason, n in sa["rejection_reasons"].items():
        lines.append(f"  rejected ×{n}: {reason}")
    return "\n".join(lines) + "\n"


def _fmt_stats(st: dict[str, Any]) -> str:
    if not st["count"]:
        return "nothing published yet"
    return (f"{st['count']} published, median {st['median_hours']} h "
            f"(p25 {st['p25_hours']} h, p75 {st['p75_hours']} h, max {st['max_hours']} h)")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:.0f} %"
