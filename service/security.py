"""Cheap protections at the HTTP edge: security headers, who the client is, a per-client rate
limit, a constant-time admin token check and a throttle on wrong admin tokens."""

from __future__ import annotations

import contextvars
import hmac
import ipaddress
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wenbao.errors import WenbaoError
from wenbao.service.errors import AuthRejectedError, AuthRequiredError, RateLimitedError, error_response

logger = logging.getLogger("wenbao.service")

# The demo page loads only its own script and stylesheet and talks only to its own origin.
# The widget styles itself through constructable stylesheets, which CSP does not treat as inline.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# widget.js is a script for other sites; opened on its own it must do nothing.
SCRIPT_CSP = "default-src 'none'; frame-ancestors 'none'"
# JSON and event streams are never documents to render.
API_CSP = "default-src 'none'; frame-ancestors 'none'"

_BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
# Swagger UI / ReDoc pages load their own assets; they keep the framework's defaults.
_NO_CSP_PREFIXES = ("/docs", "/redoc")


class SecurityHeadersMiddleware:
    """Adds the standard headers to every response; a route's own CSP wins."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _BASE_HEADERS.items():
                    headers.setdefault(name, value)
                if not path.startswith(_NO_CSP_PREFIXES):
                    headers.setdefault("content-security-policy", API_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLargeError(HTTPException):
    """Raised from `receive` once the streamed body passes the limit.

    An HTTPException, because FastAPI re-raises those from body parsing (anything else
    would become a generic 400), and the one exception handler turns it into a 413.
    """

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


class BodySizeLimitMiddleware:
    """Refuse oversized request bodies while they stream in, never buffering them whole.

    A declared Content-Length over the limit is refused before a byte is read; a body
    without one (chunked) is counted chunk by chunk and cut off when it passes the limit.
    Uploads (`POST upload_path`) get `upload_limit`, everything else `default_limit`.
    """

    def __init__(
        self, app: ASGIApp, default_limit: int, upload_limit: int, upload_message: str, upload_path: str
    ) -> None:
        self.app = app
        self.default_limit = default_limit
        self.upload_limit = upload_limit
        self.upload_message = upload_message
        self.upload_path = upload_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_upload = scope.get("method") == "POST" and scope.get("path") == self.upload_path
        limit = self.upload_limit if is_upload else self.default_limit
        message = (
            self.upload_message
            if is_upload
            else f"请求内容过大：问答请求最多 {self.default_limit // 1024} KB。"
        )
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            response = error_response(
                Request(scope), 413, message, "RequestTooLarge", {"Connection": "close"}
            )
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(message)
            return msg

        await self.app(scope, counting_receive, send)


# --- who the client is ----------------------------------------------------------------------
# The client of the request being served: the key of the per-client rate limit and of the worker
# pool's fair sharing (runtime.py). Set by ClientKeyMiddleware for every HTTP request.
current_client: contextvars.ContextVar[str] = contextvars.ContextVar("wenbao_client", default="unknown")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Sequence[str]) -> tuple[Network, ...]:
    """`WENBAO_TRUSTED_PROXIES` entries ("10.0.0.5", "10.0.0.0/8") as networks; a wrong entry
    stops the start-up with a sentence rather than trusting nothing (or everything) silently."""
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise WenbaoError(
                f"WENBAO_TRUSTED_PROXIES 中的“{entry[:60]}”不是 IP 地址或网段，例如 10.0.0.5 或 10.0.0.0/8。"
            ) from None
    return tuple(networks)


def _in(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in n for n in networks)


def client_key(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The client a request counts against: the connection's address, or, when that address is
    a listed proxy, the nearest address in X-Forwarded-For that is not a listed proxy.

    Loopback is not exempt and not trusted by default: a rotating X-Forwarded-For from anywhere
    unlisted is ignored, so it cannot buy a fresh share per request.
    """
    key = peer or "unknown"
    if not forwarded_for or not trusted or not _in(key, trusted):
        return key
    # Each proxy appends the address it got the request from: read from the right, past the
    # listed proxies, to the first address a client could not have written itself.
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return key  # a forged or broken chain: the proxy's own address
        key = hop
        if not _in(hop, trusted):
            break
    return key


class ClientKeyMiddleware:
    """Sets `current_client` for each HTTP request (see client_key)."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str] = ()) -> None:
        self.app = app
        self.trusted = parse_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            peer = scope["client"][0] if scope.get("client") else None
            forwarded = Headers(scope=scope).get("x-forwarded-for") if self.trusted else None
            current_client.set(client_key(peer, forwarded, self.trusted))
        await self.app(scope, receive, send)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class ClientRateLimiter:
    """Token bucket per client address: a burst of `per_minute`, refilled evenly.

    In memory and per process, which is what one uvicorn process on a small box needs;
    behind a reverse proxy the proxy should rate-limit by the real client address.
    """

    MAX_CLIENTS = 10_000

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, _Bucket] = {}

    def check(self, client: str, now: float | None = None) -> None:
        if self.per_minute <= 0:
            return
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= self.MAX_CLIENTS:
                self._forget_idle(now)
            bucket = self._buckets[client] = _Bucket(tokens=float(self.per_minute), updated=now)
        bucket.tokens = min(float(self.per_minute), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            retry_after = max(1, int((1.0 - bucket.tokens) / rate + 0.999))
            logger.warning("rate limit: refused a request from %s", client)
            raise RateLimitedError(
                f"请求过于频繁：每分钟最多 {self.per_minute} 次，请 {retry_after} 秒后再试。", retry_after
            )
        bucket.tokens -= 1.0

    def _forget_idle(self, now: float) -> None:
        full_after = 60.0  # a bucket idle this long is full again: forgetting it changes nothing
        for key in [k for k, b in self._buckets.items() if now - b.updated > full_after]:
            del self._buckets[key]
        if len(self._buckets) >= self.MAX_CLIENTS:
            self._buckets.clear()


@dataclass(frozen=True)
class TokenPolicy:
    """Who a bearer token guards and the sentences of each refusal (built fresh per refusal)."""

    name: str  # for the log: "admin", "MCP", "Dify"
    missing: Callable[[], WenbaoError]
    wrong: Callable[[], WenbaoError]
    # None: with no token configured the endpoint is open (the read API's default).
    disabled: Callable[[], WenbaoError] | None = None


UPLOADS_DISABLED = (
    "上传和删除报告的功能未开启：请在启动服务前设置环境变量 WENBAO_ADMIN_TOKEN（一段足够长的随机口令），"
    "然后在请求头中发送 Authorization: Bearer <口令>。"
)
TOKEN_MISSING = "需要管理口令：请在请求头中发送 Authorization: Bearer <WENBAO_ADMIN_TOKEN>。"
TOKEN_WRONG = "管理口令不正确：请检查 Authorization 请求头中的口令。"

ADMIN_POLICY = TokenPolicy(
    name="admin",
    missing=lambda: AuthRequiredError(TOKEN_MISSING),
    wrong=lambda: AuthRejectedError(TOKEN_WRONG),
    disabled=lambda: AuthRejectedError(UPLOADS_DISABLED),
)


# --- admin sign-in ---------------------------------------------------------------------------
MIN_ADMIN_TOKEN_CHARS = 24
MAKE_TOKEN = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def check_admin_token_strength(token: str | None) -> None:
    """A short admin token is refused at start-up: at a thousand guesses a second, a 12-character
    token of a few kinds of characters falls in days; 32 random bytes never do."""
    if token is not None and 0 < len(token) < MIN_ADMIN_TOKEN_CHARS:
        raise WenbaoError(
            f"WENBAO_ADMIN_TOKEN 太短（{len(token)} 个字符，至少 {MIN_ADMIN_TOKEN_CHARS} 个）："
            f"请用 {MAKE_TOKEN} 生成一个随机口令。"
        )


class SignInThrottle:
    """Wrong admin tokens per address: past `per_minute` within a minute, every further attempt
    from that address (the right token too, so a guesser learns nothing) gets 429 until the
    minute that began with its first wrong token is over. Logged once per burst."""

    WINDOW_S = 60.0
    MAX_ADDRESSES = 10_000

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._failures: dict[str, tuple[float, int]] = {}  # address -> (window start, count)

    def check(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        started, count = self._failures.get(client, (now, 0))
        if now - started >= self.WINDOW_S:
            self._failures.pop(client, None)
            return
        if count >= self.per_minute:
            retry_after = max(1, int(self.WINDOW_S - (now - started) + 0.999))
            raise RateLimitedError(
                f"管理口令错误次数过多：每分钟最多试 {self.per_minute} 次，请 {retry_after} 秒后再试。",
                retry_after,
            )

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        started, count = self._failures.get(client, (now, 0))
        if now - started >= self.WINDOW_S:
            started, count = now, 0
        if len(self._failures) >= self.MAX_ADDRESSES and client not in self._failures:
            self._failures = {k: v for k, v in self._failures.items() if now - v[0] < self.WINDOW_S}
        self._failures[client] = (started, count + 1)
        if count + 1 == self.per_minute:
            logger.warning(
                "admin sign-in: %d wrong tokens from %s within a minute; its attempts wait", count + 1, client
            )


def check_bearer_token(
    configured: str | None, presented: str | None, where: str, policy: TokenPolicy
) -> None:
    """Raise unless `presented` equals the configured token; the comparison takes constant time.

    Refusals are logged with where they came from, never with the token itself.
    """
    if not configured:
        if policy.disabled is None:
            return
        logger.warning("refused %s request %s: no token is configured", policy.name, where)
        raise policy.disabled()
    if not presented:
        logger.warning("refused %s request %s: no bearer token", policy.name, where)
        raise policy.missing()
    if not hmac.compare_digest(presented.encode("utf-8"), configured.encode("utf-8")):
        logger.warning("refused %s request %s: wrong token", policy.name, where)
        raise policy.wrong()


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None when absent or another scheme."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None
