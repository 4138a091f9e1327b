"""Asset pages: list, new, the asset itself (highlighted draft, claims, actions), history, diff, downloads.

Each action calls one service and redirects back to the asset (303); a refusal re-renders the
asset page with the service's message and the matching status, so nothing typed is lost.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from proofline.web import auth, i18n
from proofline.web.deps import ANY, CONFIRM, PUBLISH, REVIEW, WRITE, cached, get_desk, has, page_user, render
from proofline.web.errors import status_of
from proofline.web.render import VERDICT_SYMBOL, claim_span, diff, finding_span, highlight
from proofline.workflow.errors import GateRefused, NotFound, WorkflowError
from proofline.workflow.states import TRANSITIONS, Kind, State

router = APIRouter(include_in_schema=False)
Anyone = Annotated[auth.Identity, Depends(page_user(ANY))]
Writer = Annotated[auth.Identity, Depends(page_user(WRITE))]
Reviewer = Annotated[auth.Identity, Depends(page_user(REVIEW))]
Publisher = Annotated[auth.Identity, Depends(page_user(PUBLISH))]
Confirmer = Annotated[auth.Identity, Depends(page_user(CONFIRM))]

OK_KEYS = frozenset({"created", "edited", "checked", "submitted", "approved", "changes_requested", "published",
                     "archived", "removed", "cited", "expert_requested", "validated", "rejected", "feedback",
                     "corrected", "withdrawn", "confirmed"})


def can(ident: auth.Identity | None, state: str, action: str) -> bool:
    """Whether to offer a button: the transition table's roles and states (the service decides for real)."""
    t = TRANSITIONS[action]
    return ident is not None and bool(ident.roles & {r.value for r in t.roles}) and State(state) in t.sources


def asset_context(request: Request, ident: auth.Identity | None, asset_id: int) -> dict[str, Any]:
    wf = get_desk(request).wf
    asset, check, text = cached(request, ("asset_page", asset_id),
                                lambda: (wf.asset(asset_id), wf.current_check(asset_id), wf.text(asset_id)))
    spans = []
    findings: list[dict[str, Any]] = []
    if check is not None:
        for c in check.claims:
            spans.append(claim_span(c.id, c.start, c.end, c.verdict, c.still_blocks, f"{c.verdict} · {c.category}"))
        findings = [f for f in check.report.get("findings", []) if isinstance(f, dict)]
        for i, f in enumerate(findings):
            spans.append(finding_span(i, int(f.get("start", 0)), int(f.get("end", 0)), str(f.get("severity", "")),
                                      str(f.get("message", ""))))
    ok = request.query_params.get("ok")
    blocking_findings = {b.finding_index for b in check.gate} if check is not None else set()
    return {
        "asset": asset, "check": check, "text": text, "draft": highlight(text, spans), "findings": findings,
        "blocking_findings": blocking_findings,
        "sources": wf.workspace().sources, "symbols": VERDICT_SYMBOL, "ok": ok if ok in OK_KEYS else None,
        "can": {a: can(ident, asset.state, a) for a in TRANSITIONS},
        "is_author": ident is not None and ident.name == asset.author,
        "published": asset.state == State.PUBLISHED.value,
        "versions": list(range(asset.version, 0, -1)),
    }


def asset_page(request: Request, ident: auth.Identity, asset_id: int, *, error: str | None = None,
               status: int = 200, form: dict[str, str] | None = None,
               blockers: list[Any] | None = None) -> HTMLResponse:
    ctx = asset_context(request, ident, asset_id)
    ctx.update(error=error, form=form or {}, blockers=blockers or [])
    return render(request, "asset.html", ctx, ident=ident, status=status)


def _done(asset_id: int, key: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/assets/{asset_id}?ok={key}{anchor}", status_code=303)


def _refused(request: Request, ident: auth.Identity, asset_id: int | None, exc: WorkflowError,
             form: dict[str, str] | None = None) -> Response:
    if asset_id is None or isinstance(exc, NotFound):
        raise exc
    # A gate refusal links each claim and finding it names to its place on the page.
    return asset_page(request, ident, asset_id, error=exc.message(i18n.language(request)), status=status_of(exc),
                      form=form, blockers=list(exc.blockers) if isinstance(exc, GateRefused) else None)


# ---------------------------------------------------------------------------- list and new


@router.get("/assets")
def asset_list(request: Request, ident: Anyone, state: str = "") -> HTMLResponse:
    wf = get_desk(request).wf
    wanted = state if state in {s.value for s in State} else None
    return render(request, "assets.html", {"assets": cached(request, ("assets", wanted), lambda: wf.assets(wanted)),
                                           "state": wanted or "",
                                           "states": [s.value for s in State]})


def _new_page(request: Request, *, error: str | None = None, form: dict[str, str] | None = None,
              status: int = 200) -> HTMLResponse:
    ws = get_desk(request).wf.workspace()
    return render(request, "asset_new.html", {"kinds": [k.value for k in Kind], "audiences": ws.kit.audiences,
                                              "error": error, "form": form or {}}, status=status)


@router.get("/assets/new")
def asset_new_form(request: Request, ident: Writer) -> HTMLResponse:
    return _new_page(request)


@router.post("/assets/new")
def asset_new(request: Request, ident: Writer, title: Annotated[str, Form()] = "",
              kind: Annotated[str, Form()] = "other", text: Annotated[str, Form()] = "",
              language: Annotated[str, Form()] = "", audience: Annotated[str, Form()] = "") -> Response:
    wf = get_desk(request).wf
    try:
        a = wf.create_asset(ident.name, title=title, kind=kind, text=text.replace("\r\n", "\n"),
                            language=language or None, audience=audience or None)
    except WorkflowError as exc:
        return _new_page(request, error=exc.message(i18n.language(request)), status=status_of(exc),
                         form={"title": title, "kind": kind, "text": text, "language": language,
                               "audience": audience})
    return _done(a.id, "created")


# ---------------------------------------------------------------------------- the asset


@router.get("/assets/{asset_id}")
def asset_view(request: Request, asset_id: int, ident: Anyone) -> HTMLResponse:
    return asset_page(request, ident, asset_id)


@router.post("/assets/{asset_id}/edit")
def asset_edit(request: Request, asset_id: int, ident: Writer, text: Annotated[str, Form()] = "",
               base_version: Annotated[int | None, Form()] = None, note: Annotated[str, Form()] = "") -> Response:
    try:
        get_desk(request).wf.edit(ident.name, asset_id, text.replace("\r\n", "\n"), base_version=base_version,
                                  note=note or None)
    except WorkflowError as exc:
        # The form comes back with its own base: saving it again is refused again, never a silent overwrite.
        return _refused(request, ident, asset_id, exc, {"text": text, "note": note,
                                                        "base_version": "" if base_version is None else str(base_version)})
    return _done(asset_id, "edited", "#draft")


@router.post("/assets/{asset_id}/check")
def asset_check(request: Request, asset_id: int, ident: Anyone) -> Response:
    try:
        get_desk(request).wf.check(ident.name, asset_id)
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc)
    return _done(asset_id, "checked", "#draft")


def _transition(request: Request, ident: auth.Identity, asset_id: int, action: str, revision: int | None,
                reason: str) -> Response:
    wf = get_desk(request).wf
    try:
        if action == "submit":
            wf.submit(ident.name, asset_id, expected_revision=revision, reason=reason or None)
        elif action == "approve":
            wf.approve(ident.name, asset_id, expected_revision=revision, reason=reason or None)
        elif action == "request_changes":
            wf.request_changes(ident.name, asset_id, reason=reason, expected_revision=revision)
        elif action == "archive":
            wf.archive(ident.name, asset_id, reason=reason or None, expected_revision=revision)
        elif action == "publish":
            wf.publish(ident.name, asset_id, wf.root / get_desk(request).settings.publish_dir,
                       expected_revision=revision)
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc, {"reason": reason})
    return _done(asset_id, {"submit": "submitted", "approve": "approved", "request_changes": "changes_requested",
                            "archive": "archived", "publish": "published"}[action])


Revision = Annotated[int | None, Form()]
Reason = Annotated[str, Form()]
AssetField = Annotated[int | None, Form()]


@router.post("/assets/{asset_id}/submit")
def asset_submit(request: Request, asset_id: int, ident: Writer, revision: Revision = None,
                 reason: Reason = "") -> Response:
    return _transition(request, ident, asset_id, "submit", revision, reason)


@router.post("/assets/{asset_id}/approve")
def asset_approve(request: Request, asset_id: int, ident: Reviewer, revision: Revision = None,
                  reason: Reason = "") -> Response:
    return _transition(request, ident, asset_id, "approve", revision, reason)


@router.post("/assets/{asset_id}/request-changes")
def asset_request_changes(request: Request, asset_id: int, ident: Reviewer, revision: Revision = None,
                          reason: Reason = "") -> Response:
    return _transition(request, ident, asset_id, "request_changes", revision, reason)


@router.post("/assets/{asset_id}/publish")
def asset_publish(request: Request, asset_id: int, ident: Publisher, revision: Revision = None) -> Response:
    return _transition(request, ident, asset_id, "publish", revision, "")


@router.post("/assets/{asset_id}/archive")
def asset_archive(request: Request, asset_id: int, ident: Publisher, revision: Revision = None,
                  reason: Reason = "") -> Response:
    return _transition(request, ident, asset_id, "archive", revision, reason)


@router.post("/assets/{asset_id}/correct")
def asset_correct(request: Request, asset_id: int, ident: Writer, text: Annotated[str, Form()] = "",
                  note: Annotated[str, Form()] = "", revision: Revision = None) -> Response:
    try:
        get_desk(request).wf.correct(ident.name, asset_id, text.replace("\r\n", "\n"), note=note or None,
                                     expected_revision=revision)
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc, {"text": text, "note": note})
    return _done(asset_id, "corrected", "#draft")


@router.post("/assets/{asset_id}/withdraw")
def asset_withdraw(request: Request, asset_id: int, ident: Confirmer, revision: Revision = None,
                   reason: Reason = "") -> Response:
    try:
        get_desk(request).wf.withdraw(ident.name, asset_id, reason=reason, expected_revision=revision)
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc, {"reason": reason})
    return _done(asset_id, "withdrawn")


@router.post("/claims/{claim_id}/confirm")
def claim_confirm(request: Request, claim_id: int, ident: Confirmer, asset_id: AssetField = None) -> Response:
    wf = get_desk(request).wf
    try:
        wf.confirm_claim(ident.name, claim_id)
        target = wf.claim(claim_id)[0].id
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc)
    return _done(target, "confirmed", f"#claim-{claim_id}")


@router.post("/assets/{asset_id}/feedback")
def asset_feedback(request: Request, asset_id: int, ident: Anyone, accepted: Annotated[str, Form()] = "",
                   reason: Reason = "") -> Response:
    try:
        get_desk(request).wf.record_feedback(ident.name, asset_id, accepted=accepted == "yes",
                                             reason=reason or None)
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc, {"reason": reason})
    return _done(asset_id, "feedback")


# ---------------------------------------------------------------------------- history, diff, downloads


@router.get("/assets/{asset_id}/history")
def asset_history(request: Request, asset_id: int, ident: Anyone) -> HTMLResponse:
    wf = get_desk(request).wf
    asset, entries = cached(request, ("history", asset_id), lambda: (wf.asset(asset_id), wf.history(asset_id)))
    return render(request, "history.html", {"asset": asset, "entries": entries})


@router.get("/assets/{asset_id}/diff")
def asset_diff(request: Request, asset_id: int, ident: Anyone, a: int | None = None,
               b: int | None = None) -> HTMLResponse:
    wf = get_desk(request).wf
    asset = wf.asset(asset_id)
    new = b if b is not None else asset.version
    old = a if a is not None else max(1, new - 1)
    return render(request, "diff.html", {"asset": asset, "a": old, "b": new, "versions": range(1, asset.version + 1),
                                         "diff": diff(wf.text(asset_id, old), wf.text(asset_id, new))})


def _download(body: str, filename: str, media: str) -> Response:
    return PlainTextResponse(body, media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/assets/{asset_id}/download/text")
def download_text(request: Request, asset_id: int, ident: Anyone) -> Response:
    text, proof = get_desk(request).wf.publication(asset_id)
    return _download(text, f"asset-{asset_id}-v{proof['version']}.md", "text/markdown; charset=utf-8")


@router.get("/assets/{asset_id}/download/proof.{ext}")
def download_proof(request: Request, asset_id: int, ext: str, ident: Anyone) -> Response:
    """The proof pack as any registered exporter writes it (`proof.json`, `proof.md`, a plugin's)."""
    from proofline.workflow.exporters import exporter_for_suffix

    exporter = exporter_for_suffix(f".proof.{ext}")
    if exporter is None:
        raise NotFound("export.missing", name=f"proof.{ext}")
    _text, proof = get_desk(request).wf.publication(asset_id)
    return _download(exporter.render(proof), f"asset-{asset_id}-v{proof['version']}{exporter.suffix}",
                     exporter.media_type)


# ---------------------------------------------------------------------------- claims (writer side)


@router.post("/claims/{claim_id}/remove")
def claim_remove(request: Request, claim_id: int, ident: Writer, asset_id: AssetField = None,
                 reason: Reason = "") -> Response:
    try:
        a = get_desk(request).wf.resolve_remove(ident.name, claim_id, reason=reason or None)
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc)
    return _done(a.id, "removed", "#claims")


@router.post("/claims/{claim_id}/cite")
def claim_cite(request: Request, claim_id: int, ident: Writer, asset_id: AssetField = None,
               source_id: Annotated[str, Form()] = "", reason: Reason = "") -> Response:
    try:
        view = get_desk(request).wf.resolve_cite(ident.name, claim_id, source_id, reason=reason or None)
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc)
    return _done(view.asset_id, "cited", "#claims")


@router.post("/claims/{claim_id}/expert")
def claim_expert(request: Request, claim_id: int, ident: Writer, asset_id: AssetField = None,
                 reason: Reason = "") -> Response:
    wf = get_desk(request).wf
    try:
        wf.request_expert(ident.name, claim_id, reason=reason or None)
        target = wf.claim(claim_id)[0].id
    except WorkflowError as exc:
        return _refused(request, ident, asset_id, exc)
    return _done(target, "expert_requested", "#claims")


def parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        from proofline.workflow.errors import InputRefused

        raise InputRefused("input.bad_date", value=value) from None


__all__ = ["asset_context", "can", "has", "parse_day", "router"]
