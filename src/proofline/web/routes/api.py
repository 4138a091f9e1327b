"""The JSON API under /api: the CLI journey over HTTP for CI and scripts, on the same services.

Authenticate with `Authorization: Bearer <token>` (no CSRF: no cookie is involved), or from the
desk's own pages with the session cookie plus the `X-CSRF-Token` header. Refusals are JSON
`{"error": <kind>, "key": <stable message key>, "message": <what to do>}` with 401/403/404/409/422.
Match on `key` (e.g. "four_eyes", "state.forbids"; see `proofline.messages`), not on the
text. `message` is English, like the CLI, unless the request's `Accept-Language` prefers French
(`Accept-Language: fr`): the desk's language cookie does not apply here.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel, Field

from proofline.web import auth
from proofline.web.deps import ANY, CONFIRM, PUBLISH, REVIEW, WRITE, api_user, get_desk
from proofline.workflow.errors import NotFound
from proofline.workflow.services import AssetView, CheckView

router = APIRouter(prefix="/api", tags=["api"])
Anyone = Annotated[auth.Identity, Depends(api_user(ANY))]
Writer = Annotated[auth.Identity, Depends(api_user(WRITE))]
Reviewer = Annotated[auth.Identity, Depends(api_user(REVIEW))]
Publisher = Annotated[auth.Identity, Depends(api_user(PUBLISH))]
Expert = Annotated[auth.Identity, Depends(api_user(frozenset({"expert"})))]
Confirmer = Annotated[auth.Identity, Depends(api_user(CONFIRM))]


class NewAsset(BaseModel):
    title: str
    kind: str = "other"
    text: str
    language: str | None = None
    audience: str | None = None
    parent_asset_id: int | None = None
    parent_source_id: str | None = None


class Edit(BaseModel):
    text: str
    base_version: int | None = Field(None, description="The version you edited (required: refused without it, and if a "
                                                     "newer one exists).")
    note: str | None = None


class Move(BaseModel):
    expected_revision: int | None = Field(None, description="The revision you looked at (optimistic lock).")
    reason: str | None = None


class Cite(BaseModel):
    source_id: str
    reason: str | None = None


class Why(BaseModel):
    reason: str | None = None


class Validate(BaseModel):
    reason: str
    valid_until: date | None = None
    override: bool = Field(False, description="Overrule the source that contradicts the claim (or its expired "
                                              "proof); it blocks until an approver or admin confirms it.")


class Correction(BaseModel):
    text: str
    note: str | None = None
    expected_revision: int | None = None


class Withdrawal(BaseModel):
    reason: str
    expected_revision: int | None = None


class Reject(BaseModel):
    reason: str


class Feedback(BaseModel):
    accepted: bool
    reason: str | None = None


def _asset(a: AssetView) -> dict[str, Any]:
    return dict(jsonable_encoder(dataclasses.asdict(a)))


def _check(v: CheckView | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"check": v.check_id, "asset": v.asset_id, "version": v.version, "as_of": v.as_of.isoformat(),
            "blocking": len(v.blocking),
            "claims": [{"id": c.id, "text": c.text, "start": c.start, "end": c.end, "category": c.category,
                        "verdict": c.verdict, "blocking": c.still_blocks, "message": c.message,
                        "evidence": list(c.evidence), "resolution": c.resolution, "replaces": c.replaces,
                        "note": c.note} for c in v.claims],
            "findings": v.report.get("findings", []),
            "gate": [b.to_json_dict() for b in v.gate]}


def _wf(request: Request) -> Any:
    return get_desk(request).wf


@router.get("/me")
def me(ident: Anyone) -> dict[str, Any]:
    return {"name": ident.name, "display_name": ident.display_name, "roles": sorted(ident.roles), "via": ident.via}


@router.get("/assets")
def list_assets(request: Request, ident: Anyone, state: str | None = None) -> list[dict[str, Any]]:
    return [_asset(a) for a in _wf(request).assets(state)]


@router.post("/assets", status_code=201)
def create_asset(request: Request, body: NewAsset, ident: Writer) -> dict[str, Any]:
    wf = _wf(request)
    a = wf.create_asset(ident.name, title=body.title, kind=body.kind, text=body.text, language=body.language,
                        audience=body.audience, parent_asset_id=body.parent_asset_id,
                        parent_source_id=body.parent_source_id)
    return {"asset": _asset(a), "check": _check(wf.current_check(a.id))}


@router.get("/assets/{asset_id}")
def get_asset(request: Request, asset_id: int, ident: Anyone) -> dict[str, Any]:
    wf = _wf(request)
    return {"asset": _asset(wf.asset(asset_id)), "check": _check(wf.current_check(asset_id))}


@router.get("/assets/{asset_id}/text")
def get_text(request: Request, asset_id: int, ident: Anyone, version: int | None = None) -> dict[str, Any]:
    return {"asset": asset_id, "version": version, "text": _wf(request).text(asset_id, version)}


@router.post("/assets/{asset_id}/edit")
def edit_asset(request: Request, asset_id: int, body: Edit, ident: Writer) -> dict[str, Any]:
    wf = _wf(request)
    a = wf.edit(ident.name, asset_id, body.text, base_version=body.base_version, note=body.note)
    return {"asset": _asset(a), "check": _check(wf.current_check(asset_id))}


@router.post("/assets/{asset_id}/check")
def check_asset(request: Request, asset_id: int, ident: Anyone) -> dict[str, Any] | None:
    return _check(_wf(request).check(ident.name, asset_id))


@router.post("/assets/{asset_id}/submit")
def submit(request: Request, asset_id: int, body: Move, ident: Writer) -> dict[str, Any]:
    return _asset(_wf(request).submit(ident.name, asset_id, expected_revision=body.expected_revision,
                                      reason=body.reason))


@router.post("/assets/{asset_id}/request-changes")
def request_changes(request: Request, asset_id: int, body: Move, ident: Reviewer) -> dict[str, Any]:
    return _asset(_wf(request).request_changes(ident.name, asset_id, reason=body.reason or "",
                                               expected_revision=body.expected_revision))


@router.post("/assets/{asset_id}/approve")
def approve(request: Request, asset_id: int, body: Move, ident: Reviewer) -> dict[str, Any]:
    return _asset(_wf(request).approve(ident.name, asset_id, expected_revision=body.expected_revision,
                                       reason=body.reason))


@router.post("/assets/{asset_id}/publish")
def publish(request: Request, asset_id: int, body: Move, ident: Publisher) -> dict[str, Any]:
    wf = _wf(request)
    p = wf.publish(ident.name, asset_id, wf.root / get_desk(request).settings.publish_dir,
                   expected_revision=body.expected_revision)
    return {"asset": asset_id, "version": p.version, "proof": p.proof}


@router.post("/assets/{asset_id}/archive")
def archive(request: Request, asset_id: int, body: Move, ident: Publisher) -> dict[str, Any]:
    return _asset(_wf(request).archive(ident.name, asset_id, reason=body.reason,
                                       expected_revision=body.expected_revision))


@router.post("/assets/{asset_id}/correct")
def correct(request: Request, asset_id: int, body: Correction, ident: Writer) -> dict[str, Any]:
    """A new version of a published asset, back in review; the published text stays live until it is published."""
    wf = _wf(request)
    a = wf.correct(ident.name, asset_id, body.text, note=body.note, expected_revision=body.expected_revision)
    return {"asset": _asset(a), "check": _check(wf.current_check(asset_id))}


@router.post("/assets/{asset_id}/withdraw")
def withdraw(request: Request, asset_id: int, body: Withdrawal, ident: Confirmer) -> dict[str, Any]:
    return _asset(_wf(request).withdraw(ident.name, asset_id, reason=body.reason,
                                        expected_revision=body.expected_revision))


@router.post("/assets/{asset_id}/feedback", status_code=204)
def feedback(request: Request, asset_id: int, body: Feedback, ident: Anyone) -> None:
    _wf(request).record_feedback(ident.name, asset_id, accepted=body.accepted, reason=body.reason)


@router.get("/assets/{asset_id}/history")
def history(request: Request, asset_id: int, ident: Anyone) -> list[dict[str, Any]]:
    return [dataclasses.asdict(e) for e in _wf(request).history(asset_id)]


@router.get("/assets/{asset_id}/report")
def report(request: Request, asset_id: int, ident: Anyone, format: str = "json") -> Response:
    """The check report of the latest version against today's workspace (not recorded), in any registered
    report format: `json` (the documented contract, by default), `sarif`, `terminal` or a plugin's."""
    from proofline.report.formats import FormatOptions, report_format, report_formats

    fmt = report_format(format)
    if fmt is None:
        raise NotFound("report.unknown_format", name=format, available=list(report_formats()))
    return Response(fmt.render([_wf(request).report(asset_id)], FormatOptions()), media_type=fmt.media_type)


@router.get("/assets/{asset_id}/proof")
def proof(request: Request, asset_id: int, ident: Anyone) -> dict[str, Any]:
    """The proof pack of the published version."""
    _text, pack = _wf(request).publication(asset_id)
    return dict(pack)


@router.get("/assets/{asset_id}/published")
def published(request: Request, asset_id: int, ident: Anyone) -> dict[str, Any]:
    text, pack = _wf(request).publication(asset_id)
    return {"asset": asset_id, "version": pack["version"], "text": text, "text_sha256": pack["text_sha256"]}


@router.post("/claims/{claim_id}/remove")
def claim_remove(request: Request, claim_id: int, body: Why, ident: Writer) -> dict[str, Any]:
    wf = _wf(request)
    a = wf.resolve_remove(ident.name, claim_id, reason=body.reason)
    return {"asset": _asset(a), "check": _check(wf.current_check(a.id))}


@router.post("/claims/{claim_id}/cite")
def claim_cite(request: Request, claim_id: int, body: Cite, ident: Writer) -> dict[str, Any] | None:
    return _check(_wf(request).resolve_cite(ident.name, claim_id, body.source_id, reason=body.reason))


@router.post("/claims/{claim_id}/expert", status_code=202)
def claim_expert(request: Request, claim_id: int, body: Why, ident: Writer) -> dict[str, Any]:
    return {"request": _wf(request).request_expert(ident.name, claim_id, reason=body.reason)}


@router.post("/claims/{claim_id}/validate")
def claim_validate(request: Request, claim_id: int, body: Validate, ident: Expert) -> dict[str, Any]:
    att = _wf(request).validate_claim(ident.name, claim_id, reason=body.reason, valid_until=body.valid_until,
                                      override=body.override)
    return dict(jsonable_encoder(dataclasses.asdict(att)))


@router.post("/claims/{claim_id}/confirm")
def claim_confirm(request: Request, claim_id: int, ident: Confirmer) -> dict[str, Any]:
    """Confirm an expert's override (an approver or admin who is neither the expert nor an author)."""
    return dict(jsonable_encoder(dataclasses.asdict(_wf(request).confirm_claim(ident.name, claim_id))))


@router.post("/claims/{claim_id}/reject", status_code=204)
def claim_reject(request: Request, claim_id: int, body: Reject, ident: Expert) -> None:
    _wf(request).reject_claim(ident.name, claim_id, reason=body.reason)


@router.get("/queue")
def queue(request: Request, ident: Anyone) -> list[dict[str, Any]]:
    return [dataclasses.asdict(q) for q in _wf(request).queue(ident.name)]


@router.get("/kpi")
def kpis(request: Request, ident: Anyone, period: str = "month") -> dict[str, Any]:
    return dict(_wf(request).kpis("week" if period == "week" else "month"))


@router.get("/sources")
def sources(request: Request, ident: Anyone) -> list[dict[str, Any]]:
    wf = _wf(request)
    backing = wf.source_backing()
    return [{"id": s.id, "title": s.title, "type": str(s.type), "validated_by": s.validated_by,
             "validated_on": s.validated_on, "valid_until": s.valid_until, "lang": s.lang,
             "backs": [{"asset": a, "claim": c} for a, _t, c in backing.get(s.id, [])]}
            for s in wf.workspace(reload=True).sources]
