"""The expert queue: claims waiting for validation, each in its context; validate with a date, or reject."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proofline.web import auth
from proofline.web.deps import EXPERT, get_desk, page_user, render
from proofline.web.errors import status_of
from proofline.web.i18n import language
from proofline.web.render import VERDICT_SYMBOL, context
from proofline.web.routes.assets import parse_day
from proofline.workflow.errors import WorkflowError

router = APIRouter(include_in_schema=False)
Expert = Annotated[auth.Identity, Depends(page_user(EXPERT))]


def _queue(request: Request, ident: auth.Identity, *, error: str | None = None, status: int = 200,
           failed: int | None = None) -> HTMLResponse:
    wf = get_desk(request).wf
    items: list[dict[str, Any]] = []
    for q in wf.queue(ident.name):
        if q.task != "validate" or q.claim_id is None:
            continue
        try:
            asset, claim = wf.claim(q.claim_id)
        except WorkflowError:
            continue  # the claim left the latest version meanwhile
        text = wf.text(asset.id)
        items.append({"asset": asset, "claim": claim, "context": context(text, claim.start, claim.end),
                      "requested": q.claim_id})
    ok = request.query_params.get("ok")
    return render(request, "expert.html", {"items": items, "error": error, "failed": failed,
                                           "symbols": VERDICT_SYMBOL,
                                           "ok": ok if ok in ("validated", "rejected") else None}, status=status)


@router.get("/expert")
def expert_queue(request: Request, ident: Expert) -> HTMLResponse:
    return _queue(request, ident)


@router.post("/claims/{claim_id}/validate")
def claim_validate(request: Request, claim_id: int, ident: Expert, reason: Annotated[str, Form()] = "",
                   valid_until: Annotated[str, Form()] = "", override: Annotated[str, Form()] = "") -> Response:
    try:
        get_desk(request).wf.validate_claim(ident.name, claim_id, reason=reason, valid_until=parse_day(valid_until),
                                            override=override == "yes")
    except WorkflowError as exc:
        return _queue(request, ident, error=exc.message(language(request)), status=status_of(exc),
                      failed=claim_id)
    return RedirectResponse("/expert?ok=validated", status_code=303)


@router.post("/claims/{claim_id}/reject")
def claim_reject(request: Request, claim_id: int, ident: Expert, reason: Annotated[str, Form()] = "") -> Response:
    try:
        get_desk(request).wf.reject_claim(ident.name, claim_id, reason=reason)
    except WorkflowError as exc:
        return _queue(request, ident, error=exc.message(language(request)), status=status_of(exc),
                      failed=claim_id)
    return RedirectResponse("/expert?ok=rejected", status_code=303)
