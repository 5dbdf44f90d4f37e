"""GET /admin: the admin page (sign-in with the admin token, uploads, reports, the query report).

Static HTML, script and stylesheet from service/static, like the widget: no build step, no CDN.
The page holds no secret; every call it makes is checked by the API like any other client's."""

from __future__ import annotations

from fastapi import APIRouter, Response

from wenbao.service.routers.widget import static_asset
from wenbao.service.security import PAGE_CSP, SCRIPT_CSP

router = APIRouter(tags=["admin"])


def _static(name: str, media_type: str, csp: str) -> Response:
    return Response(
        static_asset(name),
        media_type=f"{media_type}; charset=utf-8",
        headers={"Content-Security-Policy": csp, "Cache-Control": "no-cache"},
    )


@router.get("/admin", response_class=Response, responses={200: {"content": {"text/html": {}}}})
async def admin_page() -> Response:
    """The admin page: sign in with WENBAO_ADMIN_TOKEN, upload and correct reports, read the query report."""
    return _static("admin.html", "text/html", PAGE_CSP)


@router.get("/admin.js", response_class=Response, include_in_schema=False)
async def admin_js() -> Response:
    return _static("admin.js", "text/javascript", SCRIPT_CSP)


@router.get("/admin.css", response_class=Response, include_in_schema=False)
async def admin_css() -> Response:
    return _static("admin.css", "text/css", SCRIPT_CSP)
