"""GET /admin: the admin page (sign-in with the admin token, uploads, reports, the query report).

Static HTML, script and stylesheet from service/static, like the widget: no build step, no CDN.
The page holds no secret; every call it makes is checked by the API like any other client's."""

from __future__ import annotations

from fastapi import APIRouter, Response

from wenbao.service.routers.widget import static_asset
from wenbao.service.security import PAGE_CSP, SCRIPT_CSP

router = APIRouter(tags=["admin"])

# The page is the same for everyone; what it shows comes from the API after sign-in.
_NO_CACHE = {"Cache-Control": "no-cache"}


@router.get("/admin", response_class=Response, responses={200: {"content": {"text/html": {}}}})
async def admin_page() -> Response:
    """The admin page: sign in with WENBAO_ADMIN_TOKEN, upload and correct reports, read the query report."""
    return Response(
        static_asset("admin.html"),
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PAGE_CSP, **_NO_CACHE},
    )


@router.get("/admin.js", response_class=Response, include_in_schema=False)
async def admin_js() -> Response:
    return Response(
        static_asset("admin.js"),
        media_type="text/javascript; charset=utf-8",
        headers={"Content-Security-Policy": SCRIPT_CSP, **_NO_CACHE},
    )


@router.get("/admin.css", response_class=Response, include_in_schema=False)
async def admin_css() -> Response:
    return Response(
        static_asset("admin.css"),
        media_type="text/css; charset=utf-8",
        headers={"Content-Security-Policy": SCRIPT_CSP, **_NO_CACHE},
    )
