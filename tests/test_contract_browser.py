"""The widget and the admin page on a desktop as residents and staff have it: Debian's Chromium with
fonts-noto-cjk and no colour emoji font (as on UOS, Kylin and plain Debian), where an emoji draws
as an empty box. The rating icons are checked by what is drawn (pixels and size), the daily chart
at phone width with a single day, and the sign-in sentences for the words a person reads."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser_fixtures import PHONE, WidgetPage
from PIL import Image
from playwright.sync_api import Browser, Locator, expect
from service_fixtures import ADMIN_TOKEN, LiveServer
from test_admin_browser import AdminPage, _server
from test_admin_browser import _open as open_admin
from test_widget_browser import _open as open_widget

from wenbao.index.embedders import Embedder

pytestmark = pytest.mark.browser

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"
EMOJI = ("\U0001f44d", "\U0001f44e")  # thumbs up / down


def no_emoji_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    fonts = subprocess.run([fc_list], capture_output=True, text=True, check=False).stdout
    return "emoji" not in fonts.lower()


def drawn_share(element: Locator) -> float:
    """The share of an element's pixels that differ from its most common colour (its background)."""
    image = Image.open(io.BytesIO(element.screenshot())).convert("L")
    pixels = list(image.tobytes())
    background = max(set(pixels), key=pixels.count)
    return sum(abs(p - background) > 40 for p in pixels) / len(pixels)


@pytest.fixture
def widget(browser: Browser, live_server: LiveServer) -> Iterator[WidgetPage]:
    yield from open_widget(browser, live_server, viewport={"width": 1280, "height": 800})


def test_rating_icons_are_drawn_without_an_emoji_font(widget: WidgetPage) -> None:
    assert no_emoji_font(), "this test is about a desktop without a colour emoji font"
    message = widget.ask(GDP_2024)
    for name in ("feedback-up", "feedback-down"):
        button = message.locator(f'[data-wb="{name}"]')
        expect(button).to_be_visible()
        assert not any(e in button.inner_text() for e in EMOJI), "no emoji that may draw as a box"
        icon = button.locator("svg")
        box = icon.bounding_box()
        assert box is not None and box["width"] >= 12 and box["height"] >= 12
        # a drawn thumb covers a good part of its box; an empty box (tofu) is a thin outline
        assert drawn_share(icon) > 0.2, f"{name}: the icon is drawn"
    up = drawn_share(message.locator('[data-wb="feedback-up"] svg'))
    down = drawn_share(message.locator('[data-wb="feedback-down"] svg'))
    assert abs(up - down) < 0.05  # the same thumb, turned over
    # the buttons still say what they do, to a screen reader and as a tooltip
    expect(message.get_by_role("button", name="回答有帮助")).to_have_attribute("title", "有帮助")


@pytest.fixture(scope="module")
def report_server(
    seed_index_dir: Path, shared_e5: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server whose query log holds one day: one question asked today."""
    server = _server(seed_index_dir, tmp_path_factory.mktemp("chart"), shared_e5, ADMIN_TOKEN)
    asked = httpx.post(f"{server.url}/api/ask", json={"question": GDP_2024}, timeout=60)
    assert asked.status_code == 200, asked.text
    yield server
    server.stop()


def open_signed_in(browser: Browser, server: LiveServer, **context_args: object) -> Iterator[AdminPage]:
    for admin in open_admin(browser, server, **context_args):
        admin.sign_in(ADMIN_TOKEN)
        expect(admin.hook("app")).to_be_visible()
        yield admin


def test_the_daily_chart_reads_with_one_day_at_phone_width(
    browser: Browser, report_server: LiveServer
) -> None:
    for admin in open_signed_in(browser, report_server, **PHONE):
        admin.tab("report")
        bar = admin.hook("daily-bar")
        expect(bar).to_have_count(1)
        # the count is written on the bar, not only in a hover title a phone cannot show
        expect(admin.hook("daily-value")).to_have_text("1")
        chart = admin.hook("daily-chart").locator("svg")
        box = chart.bounding_box()
        assert box is not None and box["width"] <= 375
        # text as large on the phone as on a desktop: at least 11 CSS pixels high
        for text in admin.hook("daily-chart").locator("svg text").all():
            height = text.bounding_box()
            assert height is not None and height["height"] >= 11, text.text_content()
        rect = bar.locator("rect.asked").bounding_box()
        assert rect is not None and rect["width"] >= 20 and rect["height"] >= 100
        assert admin.page.evaluate("() => document.documentElement.scrollWidth") <= 375


def test_sign_in_messages_speak_without_http_terms(browser: Browser, report_server: LiveServer) -> None:
    for admin in open_admin(browser, report_server, viewport={"width": 1280, "height": 900}):
        admin.sign_in("not-the-token")
        error = admin.hook("login-error")
        expect(error).to_have_text("口令不正确，请重新输入。")
        for word in ("Authorization", "Bearer", "请求头", "HTTP", "401", "403"):
            assert word not in error.inner_text()
