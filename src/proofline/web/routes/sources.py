"""Sources: the list with type, validator and validity; one source with a passage marked; upload."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from proofline.model import SourceType
from proofline.web import auth
from proofline.web.deps import ANY, SOURCES, get_desk, page_user, render
from proofline.web.errors import status_of
from proofline.web.i18n import language
from proofline.web.render import passage
from proofline.web.routes.assets import parse_day
from proofline.workflow.errors import InputRefused, NotFound, WorkflowError

router = APIRouter(include_in_schema=False)
Anyone = Annotated[auth.Identity, Depends(page_user(ANY))]
Curator = Annotated[auth.Identity, Depends(page_user(SOURCES))]
MAX_UPLOAD = 20 * 1024 * 1024


def _list(request: Request, *, error: str | None = None, form: dict[str, str] | None = None,
          status: int = 200) -> HTMLResponse:
    desk = get_desk(request)
    ws = desk.wf.workspace(reload=True)
    today = desk.now().date()
    backing = desk.wf.source_backing()
    ok = request.query_params.get("ok")
    return render(request, "sources.html", {
        "sources": ws.sources, "today": today, "backing": backing, "types": [t.value for t in SourceType],
        "error": error, "form": form or {}, "ok": ok if ok == "added" else None,
    }, status=status)


@router.get("/sources")
def source_list(request: Request, ident: Anyone) -> HTMLResponse:
    return _list(request)


@router.post("/sources")
async def source_upload(request: Request, ident: Curator, file: Annotated[UploadFile | None, File()] = None,
                        source_id: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
                        type: Annotated[str, Form()] = "", validated_by: Annotated[str, Form()] = "",
                        validated_on: Annotated[str, Form()] = "", valid_until: Annotated[str, Form()] = "",
                        lang: Annotated[str, Form()] = "") -> Response:
    from starlette.concurrency import run_in_threadpool

    form = {"source_id": source_id, "title": title, "type": type, "validated_by": validated_by,
            "validated_on": validated_on, "valid_until": valid_until, "lang": lang}
    try:
        if file is None or not file.filename:
            raise InputRefused("source.no_file")
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise InputRefused("source.too_large", megabytes=MAX_UPLOAD // (1024 * 1024))
        on = parse_day(validated_on)
        if on is None:
            raise InputRefused("source.no_validation_date")
        wf = get_desk(request).wf
        await run_in_threadpool(lambda: wf.add_source(ident.name, file.filename or "", data, source_id=source_id,
                                                      title=title, type=type, validated_by=validated_by,
                                                      validated_on=on, valid_until=parse_day(valid_until),
                                                      lang=lang or None))
    except WorkflowError as exc:
        message, code = exc.message(language(request)), status_of(exc)
        return await run_in_threadpool(lambda: _list(request, error=message, form=form, status=code))
    return RedirectResponse(f"/sources/{source_id}?ok=added", status_code=303)


@router.get("/sources/{source_id}")
def source_view(request: Request, source_id: str, ident: Anyone, start: int | None = None,
                end: int | None = None) -> HTMLResponse:
    desk = get_desk(request)
    src = desk.wf.workspace().source(source_id) or desk.wf.workspace(reload=True).source(source_id)
    if src is None:
        raise NotFound("source.missing", source_id=source_id)
    return render(request, "source.html", {"source": src, "body": passage(src.text, start, end),
                                           "today": desk.now().date(),
                                           "backs": desk.wf.source_backing().get(source_id, []),
                                           "ok": request.query_params.get("ok") == "added"})
