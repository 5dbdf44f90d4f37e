"""Chromium for the browser tests (Debian's, driven by Playwright), and the widget as a test sees it
(imported into conftest.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from support import REPO

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = REPO / "docs"
# A phone as the browser tests hold one: 375 CSS pixels wide, touch, a 2x screen.
PHONE: dict[str, object] = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
# A portal's page that embeds the widget of one knowledge base (format with api= and kb=).
KB_PORTAL = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>区政府门户</title></head>
<body><h1>区人民政府</h1>
<script src="{api}/widget.js" data-api="{api}" data-kb="{kb}" data-open="true" defer></script>
</body></html>"""


# One Chromium per test module, closed at its end: Playwright's sync API keeps an event loop
# running on the main thread while it is open, and later modules' asyncio.run() would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        message = "Chromium is missing: run `make browser-deps` (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("CI"):  # CI installs it through `make test`: a missing browser is a failure there
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@dataclass
class WidgetPage:
    page: Page
    url: str
    console_errors: list[str] = field(default_factory=list)
    expected_errors: list[str] = field(default_factory=list)
    stream_requests: list[str] = field(default_factory=list)

    def hook(self, name: str) -> Locator:
        # Playwright's CSS selectors pierce the widget's open shadow root.
        return self.page.locator(f'[data-wenbao="{name}"]')

    @property
    def panel(self) -> Locator:
        return self.page.locator("#wenbao-widget").locator('[role="dialog"]')

    def ask(self, question: str) -> Locator:
        """Type a question, press Enter, and wait for the finished answer (its copy button)."""
        before = self.hook("message").count()
        box = self.hook("input")
        box.fill(question)
        box.press("Enter")
        message = self.hook("message").nth(before)
        expect(message.get_by_role("button", name="复制回答")).to_be_visible(timeout=30_000)
        return message

    def thumbs_down(self, message: Locator, comment: str) -> None:
        """👎 with a comment, waiting until the server has the comment: 👎 alone is sent (and
        thanked for) before the comment is typed, so the thanks does not say the comment arrived."""
        message.locator('[data-wb="feedback-down"]').click()
        box = message.locator('[data-wb="feedback-comment"]')
        expect(box).to_be_visible()
        box.fill(comment)
        with self.page.expect_response(
            lambda r: (
                r.request.method == "POST"
                and r.url.endswith("/api/feedback")
                and comment in (r.request.post_data or "")
            )
        ) as sent:
            message.locator('[data-wb="feedback-send"]').click()
        assert sent.value.status == 200, sent.value.text()
        expect(message).to_contain_text("谢谢反馈")
        expect(message.locator('[data-wb="feedback-down"]')).to_have_attribute("aria-pressed", "true")

    def shadow_active(self) -> str:
        return str(
            self.page.evaluate(
                "() => { const a = document.querySelector('#wenbao-widget').shadowRoot.activeElement;"
                " return a ? (a.getAttribute('data-wenbao') || a.tagName) : ''; }"
            )
        )

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.console_errors if not any(x in e for x in self.expected_errors)]


def save_screenshot(page: Page, screenshots: Path, name: str) -> None:
    path = screenshots / name
    page.screenshot(path=str(path))
    # The README's screenshots are refreshed on request (`make screenshots`), not by every test
    # run: they carry times and would change the working tree each time.
    if os.environ.get("WENBAO_UPDATE_SCREENSHOTS") == "1" and DOCS.is_dir():
        shutil.copyfile(path, DOCS / name)


def record_errors(page: Page, errors: list[str]) -> None:
    """Append the page's console errors and uncaught script errors to ``errors``."""
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
