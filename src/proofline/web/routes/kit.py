"""The brand kit: read it, edit it (admins) with the loader's problems shown by line, and its versions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proofline.cache import sha256_hex
from proofline.web import auth
from proofline.web.deps import ADMIN, ANY, get_desk, page_user, render
from proofline.web.errors import status_of
from proofline.web.i18n import language
from proofline.web.render import diff
from proofline.workflow.errors import NotFound, WorkflowError

router = APIRouter(include_in_schema=False)
Anyone = Annotated[auth.Identity, Depends(page_user(ANY))]
Admin = Annotated[auth.Identity, Depends(page_user(ADMIN))]


def _page(request: Request, *, text: str | None = None, base: str | None = None, problems: list[str] | None = None,
          error: str | None = None, status: int = 200) -> HTMLResponse:
    wf = get_desk(request).wf
    current = wf.kit_text()
    return render(request, "kit.html", {
        "current": current, "text": current if text is None else text, "base": base or sha256_hex(current),
        "problems": problems or [], "error": error, "versions": wf.kit_versions(),
        "ok": request.query_params.get("ok") == "saved",
    }, status=status)


@router.get("/kit")
def kit_view(request: Request, ident: Anyone) -> HTMLResponse:
    return _page(request)


@router.post("/kit")
def kit_save(request: Request, ident: Admin, text: Annotated[str, Form()] = "",
             base: Annotated[str, Form()] = "") -> Response:
    text = text.replace("\r\n", "\n")
    try:
        problems = get_desk(request).wf.save_kit(ident.name, text, base_sha256=base or None)
    except WorkflowError as exc:
        return _page(request, text=text, base=base, error=exc.message(language(request)), status=status_of(exc))
    if problems:
        return _page(request, text=text, base=base, problems=problems, status=422)
    return RedirectResponse("/kit?ok=saved", status_code=303)


@router.get("/kit/versions/{sha}")
def kit_version(request: Request, sha: str, ident: Anyone) -> HTMLResponse:
    wf = get_desk(request).wf
    found = next((v for v in wf.kit_versions() if v[0] == sha), None)
    if found is None:
        raise NotFound("kit.version_missing")
    return render(request, "kit_version.html", {"version": found, "diff": diff(found[3], wf.kit_text())})
