"""The chat widget in a real Chromium (Debian's, driven by Playwright) against the real server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from browser_fixtures import KB_PORTAL, PHONE, WidgetPage, record_errors, save_screenshot
from playwright.sync_api import Browser, expect
from service_fixtures import ADMIN_TOKEN, LiveServer, PortalServer, fictional_report

pytestmark = pytest.mark.browser

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"


ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@contextmanager
def _portal_base(
    live_server: LiveServer, kb: str, name: str, reports: dict[str, tuple[str, dict[str, str]]]
) -> Iterator[None]:
    """A knowledge base holding ``reports`` (file name -> text and upload form fields), uploaded
    through the API and deleted with its reports at the end."""
    made = httpx.post(f"{live_server.url}/api/kbs", json={"id": kb, "name": name}, headers=ADMIN)
    assert made.status_code == 201, made.text
    try:
        for file_name, (text, form) in reports.items():
            up = httpx.post(
                f"{live_server.url}/api/documents",
                params={"kb": kb, "wait": "true"},
                files={"file": (file_name, text.encode())},
                data=form,
                headers=ADMIN,
                timeout=120,
            )
            assert up.status_code == 201, up.text
        yield
    finally:
        httpx.delete(f"{live_server.url}/api/kbs/{kb}", params={"force": "true"}, headers=ADMIN)


def _open(browser: Browser, live_server: LiveServer, **context_args: object) -> Iterator[WidgetPage]:
    context = browser.new_context(locale="zh-CN", **context_args)  # type: ignore[arg-type]
    page = context.new_page()
    widget = WidgetPage(page, live_server.url)
    record_errors(page, widget.console_errors)
    page.on(
        "request", lambda r: widget.stream_requests.append(r.method) if "/api/ask/stream" in r.url else None
    )
    page.goto(f"{live_server.url}/")
    yield widget
    context.close()
    assert widget.unexpected_errors() == [], "no console errors"


@pytest.fixture
def widget(browser: Browser, live_server: LiveServer) -> Iterator[WidgetPage]:
    yield from _open(browser, live_server, viewport={"width": 1280, "height": 800})


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[WidgetPage]:
    yield from _open(browser, live_server, **PHONE)


def test_demo_page_answers_with_a_citation_that_opens_the_paragraph(
    widget: WidgetPage, screenshots: Path
) -> None:
    page = widget.page
    expect(widget.panel).to_be_visible()  # the demo shows the widget open
    expect(widget.panel.get_by_role("button", name="2024年上半年鼓楼区地区生产总值是多少？")).to_be_visible()

    message = widget.ask(GDP_2024)
    expect(message).to_contain_text("1020.53")
    assert widget.stream_requests == ["POST"], "the answer streamed from POST /api/ask/stream"
    expect(message.locator("ol li").first).to_contain_text("主要指标完成良好")
    save_screenshot(page, screenshots, "widget-desktop.png")

    citation = message.locator('[data-wenbao="citation"]').first
    expect(citation).to_have_text("[1]")
    citation.click()
    source = widget.hook("source")
    expect(source).to_be_visible()
    expect(source).to_contain_text("1020.53")
    expect(source).to_contain_text("主要指标完成良好")
    expect(source).to_contain_text("2024")
    expect(source).to_contain_text("›")  # the heading path, with its numbering
    expect(source.locator("mark.fig").first).to_contain_text("1020.53")  # the quoted figure, highlighted
    save_screenshot(page, screenshots, "widget-citation.png")
    page.keyboard.press("Escape")
    expect(source).to_be_hidden()
    assert widget.shadow_active() == "citation", "focus returns to the marker that opened the paragraph"


def test_an_answer_quoted_from_a_footnote_shows_the_note_under_the_paragraph(widget: WidgetPage) -> None:
    message = widget.ask("“1+N”分布式平台产业基地以什么为核心？")
    expect(message).to_contain_text("产业数字化总部")
    message.locator('[data-wenbao="citation"]').first.click()
    source = widget.hook("source")
    expect(source).to_be_visible()
    notes = source.locator('[data-wb="notes"]')
    expect(notes).to_contain_text("以中国（南京）产业数字化总部为核心")
    expect(notes.locator("mark").first).to_be_visible()  # the quoted note is highlighted
    expect(source).to_contain_text("鼓楼区")  # the report's place beside the year


def test_copy_button_copies_the_answer_with_its_references(widget: WidgetPage) -> None:
    widget.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=widget.url)
    message = widget.ask(GDP_2024)
    copy = message.get_by_role("button", name="复制回答")
    copy.click()
    expect(copy).to_have_text("已复制")
    copied = str(widget.page.evaluate("() => navigator.clipboard.readText()"))
    assert "1020.53" in copied and "参考：" in copied and "主要指标完成良好" in copied


def test_follow_up_and_the_conversation_survives_a_reload(widget: WidgetPage) -> None:
    widget.ask(GDP_2024)
    follow = widget.ask("那2021年上半年呢？")
    expect(follow).to_contain_text("907.27")
    widget.page.reload()
    expect(widget.hook("message")).to_have_count(2)
    expect(widget.hook("message").nth(1)).to_contain_text("907.27")
    widget.panel.get_by_role("button", name="开始新对话").click()
    expect(widget.hook("message")).to_have_count(0)


def test_unanswerable_question_is_shown_as_a_refusal(widget: WidgetPage) -> None:
    message = widget.ask("2023年上半年鼓楼区地区生产总值是多少？")
    expect(message).to_contain_text("报告中没有找到答案")
    expect(message).to_contain_text("最接近的段落")
    assert message.locator("ol li").count() >= 1
    assert message.get_attribute("aria-label") == "未找到答案"


def test_a_thumbs_down_with_a_comment_reaches_the_admin_report(
    widget: WidgetPage, live_server: LiveServer
) -> None:
    message = widget.ask(GDP_2024)
    widget.thumbs_down(message, "想知道全年的数字")
    report = httpx.get(
        f"{live_server.url}/api/admin/report", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=60
    ).json()
    assert any(d["question"] == GDP_2024 and d["comment"] == "想知道全年的数字" for d in report["downvoted"])


def test_report_markup_is_shown_as_text_and_never_runs(widget: WidgetPage, live_server: LiveServer) -> None:
    payload = '<img src=x onerror="window.__wenbaoPwned=1">'
    script = "<script>window.__wenbaoPwned=2</script>"
    report = fictional_report(f"青禾区{script}", 2017, gdp=f"612.34{payload}", growth="4.8", revenue="40.12")
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    up = httpx.post(
        f"{live_server.url}/api/documents?wait=true",
        files={"file": ("qinghe-2017-h1.txt", report.encode())},
        headers=headers,
    )
    assert up.status_code == 201, up.text
    try:
        message = widget.ask("2017年上半年青禾区地区生产总值是多少？")
        expect(message).to_contain_text("612.34")
        message.locator('[data-wenbao="citation"]').first.click()
        source = widget.hook("source")
        expect(source).to_contain_text(payload)
        expect(source).to_contain_text(script)
        shown = widget.page.locator("#wenbao-widget")
        assert shown.locator("img").count() == 0 and shown.locator("script").count() == 0
        assert widget.page.evaluate("() => window.__wenbaoPwned") is None
    finally:
        httpx.delete(f"{live_server.url}/api/documents/{up.json()['doc_id']}", headers=headers)


def test_keyboard_only_use(widget: WidgetPage) -> None:
    page = widget.page
    box = widget.hook("input")
    box.focus()
    box.type("第一行")
    box.press("Shift+Enter")
    box.type("第二行")
    assert box.input_value() == "第一行\n第二行", "Shift+Enter is a new line, not a send"
    assert widget.hook("message").count() == 0
    box.fill("")
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    launcher = widget.hook("launcher")
    assert widget.shadow_active() == "launcher"
    assert launcher.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert widget.shadow_active() == "input"
    assert launcher.get_attribute("aria-expanded") == "true"
    # An example question is a button: Tab to it and press Enter.
    widget.panel.get_by_role("button", name="2024年上半年鼓楼区地区生产总值是多少？").focus()
    page.keyboard.press("Enter")
    expect(widget.hook("message").first).to_contain_text("1020.53", timeout=30_000)


def test_errors_are_polite_messages(widget: WidgetPage) -> None:
    page = widget.page
    widget.expected_errors += ["Failed to load resource", "net::ERR_FAILED"]
    page.route("**/api/ask/stream", lambda route: route.abort())
    box = widget.hook("input")
    box.fill(GDP_2024)
    box.press("Enter")
    alert = widget.panel.get_by_role("alert")
    expect(alert).to_contain_text("暂时无法连接到问答服务")
    page.unroute("**/api/ask/stream")
    page.route(
        "**/api/ask/stream",
        lambda route: route.fulfill(
            status=429,
            json={"detail": "请求过于频繁：每分钟最多 120 次，请 3 秒后再试。", "code": "RateLimitedError"},
        ),
    )
    box.fill(GDP_2024)
    box.press("Enter")
    expect(alert.last).to_contain_text("请求过于频繁")
    page.unroute("**/api/ask/stream")
    expect(widget.hook("input")).to_be_enabled()


def test_phone_layout(phone: WidgetPage, screenshots: Path) -> None:
    page = phone.page
    expect(phone.panel).to_be_visible()
    box = phone.panel.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 0.5
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740 + 0.5
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    phone.hook("input").tap()
    message = phone.ask(GDP_2024)
    expect(message).to_contain_text("1020.53")
    send = phone.panel.get_by_role("button", name="发送问题")
    send_box = send.bounding_box()
    assert send_box is not None and send_box["x"] + send_box["width"] <= 375
    save_screenshot(page, screenshots, "widget-phone.png")
    phone.panel.get_by_role("button", name="关闭问答窗口").tap()
    expect(phone.hook("launcher")).to_be_visible()


HOSTILE_PORTAL = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>街道门户</title>
<style>* {{ font-size: 40px !important; color: red !important; }}
div, section, button, textarea, article {{ display: none !important; }}</style></head>
<body><h1>某街道门户</h1>
<script src="{api}/widget.js" data-api="{api}" data-title="街道报告问答" data-accent="#0b5394"
  data-position="left" data-examples="问题甲|{question}" defer></script></body></html>"""


def test_one_tag_on_another_sites_page(
    browser: Browser, live_server: LiveServer, portal: PortalServer
) -> None:
    """Embedded on another origin (allowed by WENBAO_CORS_ORIGINS) whose CSS is hostile: it still works."""
    portal.html = HOSTILE_PORTAL.format(api=live_server.url, question=GDP_2024)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{portal.origin}/news/index.html")
        widget = WidgetPage(page, portal.origin)
        launcher = widget.hook("launcher")
        expect(launcher).to_be_visible()
        expect(widget.panel).to_be_hidden()  # closed until the resident opens it
        box = launcher.bounding_box()
        assert box is not None and box["x"] < 100, "data-position=left"
        assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 83, 148)"
        launcher.click()
        expect(widget.panel).to_be_visible()
        expect(widget.panel.get_by_role("heading")).to_have_text("街道报告问答")
        assert widget.hook("input").evaluate("t => getComputedStyle(t).fontSize") != "40px"
        widget.panel.get_by_role("button", name=GDP_2024).click()
        expect(widget.hook("message").first).to_contain_text("1020.53", timeout=30_000)
    finally:
        context.close()
    assert errors == []


def test_a_question_sent_while_a_citation_is_open_is_answered_in_view(widget: WidgetPage) -> None:
    first = widget.ask(GDP_2024)
    first.locator('[data-wenbao="citation"]').first.click()
    source = widget.hook("source")
    expect(source).to_be_visible()  # it covers the conversation
    second = widget.ask("那2021年上半年呢？")  # typed while the paragraph is open
    expect(source).to_be_hidden()  # back to the conversation, where the answer is
    expect(second).to_contain_text("907.27")
    expect(second).to_be_in_viewport()


def test_a_widget_with_data_kb_answers_from_that_base(
    browser: Browser, live_server: LiveServer, portal: PortalServer
) -> None:
    """A portal's widget asks its own base: a report only that base holds answers, cited as its place."""
    kb = "qinghe-portal"
    report = fictional_report("青禾区", 2019, gdp="733.91", growth="6.2", revenue="51.08")
    reports = {"qinghe.txt": (report, {"place": "东江市青禾区"})}
    with _portal_base(live_server, kb, "青禾区报告", reports):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        try:
            question = "2019年上半年青禾区地区生产总值是多少？"
            default = httpx.post(f"{live_server.url}/api/ask", json={"question": question}, timeout=60).json()
            assert "733.91" not in default["answer"], "the default base does not hold the report"

            portal.html = KB_PORTAL.format(api=live_server.url, kb=kb)
            page = context.new_page()
            bodies: list[str] = []
            page.on(
                "request", lambda r: bodies.append(r.post_data or "") if "/api/ask/stream" in r.url else None
            )
            page.goto(f"{portal.origin}/qinghe/index.html")
            widget = WidgetPage(page, portal.origin)
            expect(widget.panel).to_be_visible()
            message = widget.ask(question)
            expect(message).to_contain_text("733.91")
            message.locator('[data-wenbao="citation"]').first.click()
            expect(widget.hook("source")).to_contain_text("东江市青禾区")
            assert bodies and all(f'"kb":"{kb}"' in b for b in bodies)
        finally:
            context.close()


@contextmanager
def _two_districts_widget(
    browser: Browser, live_server: LiveServer, portal: PortalServer, kb: str
) -> Iterator[WidgetPage]:
    """A portal's widget over a base of two districts' reports (青禾区 733.91, 白沙区 418.26)."""
    reports = {
        f"{district}.txt": (fictional_report(district, 2019, gdp=gdp, growth="6.2", revenue="51.08"), {})
        for district, gdp in (("青禾区", "733.91"), ("白沙区", "418.26"))
    }
    with _portal_base(live_server, kb, "两个区", reports):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        try:
            portal.html = KB_PORTAL.format(api=live_server.url, kb=kb)
            page = context.new_page()
            page.goto(f"{portal.origin}/qinghe/index.html")
            widget = WidgetPage(page, portal.origin)
            expect(widget.panel).to_be_visible()
            yield widget
        finally:
            context.close()


def test_a_question_naming_no_place_is_asked_back_with_a_button_per_place(
    browser: Browser, live_server: LiveServer, portal: PortalServer
) -> None:
    """A base of two districts: "地区生产总值是多少" names neither, so the widget shows the question
    back with one button per district; the button asks that district's whole question."""
    with _two_districts_widget(browser, live_server, portal, "two-districts") as widget:
        asked_back = widget.ask("2019年上半年地区生产总值是多少？")
        options = asked_back.locator('[data-wenbao="clarify"] button')
        expect(options).to_have_count(2)
        expect(asked_back).not_to_contain_text("733.91")
        expect(asked_back).not_to_contain_text("418.26")
        before = widget.hook("message").count()
        options.filter(has_text="白沙区").click()
        answer = widget.hook("message").nth(before)
        expect(answer.get_by_role("button", name="复制回答")).to_be_visible(timeout=30_000)
        expect(answer).to_contain_text("418.26")


def test_a_question_across_places_shows_a_table_with_a_cited_cell_per_place(
    browser: Browser, live_server: LiveServer, portal: PortalServer
) -> None:
    """ "青禾区和白沙区…分别是多少": one row per district, each cell quoting that district's report
    with its own citation button, which opens that district's passage."""
    with _two_districts_widget(browser, live_server, portal, "two-districts-table") as widget:
        message = widget.ask("2019年上半年青禾区和白沙区的地区生产总值分别是多少？")
        rows = message.locator('[data-wenbao="table"] tbody tr')
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text="青禾区")).to_contain_text("733.91")
        expect(rows.filter(has_text="白沙区")).to_contain_text("418.26")
        rows.filter(has_text="白沙区").locator('[data-wenbao="citation"]').click()
        expect(widget.hook("source")).to_contain_text("白沙区")
