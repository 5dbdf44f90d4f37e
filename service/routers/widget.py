"""The chat widget script and the demo page that shows it as a district portal would."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Response

from wenbao.service.security import PAGE_CSP, SCRIPT_CSP

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["widget"])


@lru_cache(maxsize=8)
def static_asset(name: str) -> bytes:
    return (STATIC_DIR / name).read_bytes()


@router.get("/", response_class=Response, responses={200: {"content": {"text/html": {}}}})
async def demo_page() -> Response:
    """A demo district portal page with the widget open."""
    return Response(
        static_asset("demo.html"),
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache"},
    )


@router.get("/demo.css", response_class=Response, include_in_schema=False)
async def demo_css() -> Response:
    return Response(
        static_asset("demo.css"),
        media_type="text/css; charset=utf-8",
        headers={"Content-Security-Policy": SCRIPT_CSP, "Cache-Control": "no-cache"},
    )


@router.get("/widget.js", response_class=Response, responses={200: {"content": {"text/javascript": {}}}})
async def widget_js() -> Response:
    """The embeddable widget: `<script src="HOST/widget.js" data-api="HOST" defer></script>`."""
    return Response(
        static_asset("widget.js"),
        media_type="text/javascript; charset=utf-8",
        headers={
            "Content-Security-Policy": SCRIPT_CSP,
            # Host pages on other origins load it with a plain <script> tag.
            "Cross-Origin-Resource-Policy": "cross-origin",
            "Access-Control-Allow-Origin": "*",
            "Cache-Control": "public, max-age=300",
        },
    )
