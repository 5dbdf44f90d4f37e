"""The admin page /admin in a real Chromium against a real server with an admin token: sign in,
upload with metadata, correct it, ask it through the widget, read the question and its 👎 comment
in the report, export CSV, delete with confirmation; and a server with no token configured."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from browser_fixtures import WidgetPage, record_errors, save_screenshot
from playwright.sync_api import Browser, Locator, Page, expect
from service_fixtures import ADMIN_TOKEN, LiveServer, fictional_report

from wenbao.index.embedders import Embedder
from wenbao.index.library import ReportLibrary
from wenbao.service.main import create_app
from wenbao.settings import Settings

pytestmark = pytest.mark.browser

PLACE = "江州市临江区"  # the override: the report itself says only 临江区
QUESTION = "2019年上半年临江区地区生产总值是多少？"
NEW_TITLE = "临江区2019年上半年经济运行报告"
COMMENT = "想看全年的数字"
# Chromium logs every refused request (the wrong token, the 409, the 422) as a console error;
# the page shows them as sentences, which is what the test checks.
EXPECTED_CONSOLE = ("Failed to load resource",)


def _report(gdp: str) -> bytes:
    return fictional_report("临江区", 2019, gdp=gdp, growth="5.1", revenue="28.09").encode("utf-8")


def _server(seed_index_dir: Path, tmp: Path, embedder: Embedder, token: str | None) -> LiveServer:
    data = tmp / "data"
    shutil.copytree(seed_index_dir, data)
    settings = Settings(data_dir=data, admin_token=token, ingest_isolation="thread", llm_base_url=None)
    return LiveServer(create_app(settings, library=ReportLibrary(settings, embedder=embedder))).start()


@pytest.fixture(scope="module")
def admin_server(
    seed_index_dir: Path, shared_e5: Embedder, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    server = _server(seed_index_dir, tmp_path_factory.mktemp("admin"), shared_e5, ADMIN_TOKEN)
    yield server
    server.stop()


@dataclass
class AdminPage:
    page: Page
    url: str
    errors: list[str] = field(default_factory=list)
    admin_calls: list[tuple[str, str, str | None]] = field(default_factory=list)

    def hook(self, name: str) -> Locator:
        return self.page.locator(f'[data-admin="{name}"]')

    def sign_in(self, token: str) -> None:
        self.hook("token").fill(token)
        self.hook("login-submit").click()

    def tab(self, name: str) -> None:
        self.page.locator(f'[role=tab][data-tab="{name}"]').click()

    def row(self, text: str) -> Locator:
        return self.hook("doc-row").filter(has_text=text)

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(x in e for x in EXPECTED_CONSOLE)]


def _open(browser: Browser, server: LiveServer, **context_args: object) -> Iterator[AdminPage]:
    context = browser.new_context(locale="zh-CN", **context_args)  # type: ignore[arg-type]
    page = context.new_page()
    admin = AdminPage(page, server.url)
    record_errors(page, admin.errors)
    page.on(
        "request",
        lambda r: (
            admin.admin_calls.append((r.method, r.url, r.headers.get("authorization")))
            if "/api/" in r.url
            else None
        ),
    )
    page.goto(f"{server.url}/admin")
    yield admin
    context.close()
    assert admin.unexpected_errors() == [], "no script errors"


@pytest.fixture
def admin(browser: Browser, admin_server: LiveServer) -> Iterator[AdminPage]:
    yield from _open(browser, admin_server, viewport={"width": 1280, "height": 900})


def test_sign_in_upload_correct_ask_report_and_delete(
    admin: AdminPage, admin_server: LiveServer, screenshots: Path, tmp_path: Path
) -> None:
    page = admin.page
    # --- sign in: the wrong token first, and the server's sentence is shown
    expect(admin.hook("login")).to_be_visible()
    expect(admin.hook("app")).to_be_hidden()
    admin.sign_in("not-the-token")
    expect(admin.hook("login-error")).to_contain_text("管理口令不正确")
    expect(admin.hook("app")).to_be_hidden()
    admin.sign_in(ADMIN_TOKEN)
    expect(admin.hook("app")).to_be_visible()
    expect(admin.hook("login")).to_be_hidden()
    expect(admin.row("gulou-2024-h1")).to_have_count(1)  # the stored reports are listed
    stored = page.evaluate("() => [sessionStorage.getItem('wenbao-admin-token'), localStorage.length]")
    assert stored == [ADMIN_TOKEN, 0], "the token is kept for this tab only"
    assert page.context.cookies() == []

    # --- upload two files with a place override: one refused with its sentence, one imported
    admin.tab("upload")
    first = tmp_path / "linjiang-v1.txt"
    first.write_bytes(_report("300.12"))
    broken = tmp_path / "notes.txt"
    broken.write_text("没有句末标点的一行" * 800, encoding="utf-8")
    admin.hook("upload-file").set_input_files([str(first), str(broken)])
    admin.hook("upload-place").fill(PLACE)
    admin.hook("upload-submit").click()
    done = admin.hook("upload-item").and_(page.locator('[data-file="linjiang-v1.txt"]'))
    expect(done).to_have_attribute("data-state", "done", timeout=60_000)
    expect(done).to_contain_text("已导入")
    assert done.locator("progress").evaluate("p => p.value === p.max")
    refused = admin.hook("upload-item").and_(page.locator('[data-file="notes.txt"]'))
    expect(refused).to_have_attribute("data-state", "failed", timeout=30_000)
    expect(refused).to_contain_text("句")  # the server's sentence: no sentence end (。！？；) found

    # --- a new version of the same report is a 409 with a "replace" choice
    second = tmp_path / "linjiang-v2.txt"
    second.write_bytes(_report("345.67"))
    admin.hook("upload-file").set_input_files(str(second))
    admin.hook("upload-submit").click()
    conflict = admin.hook("upload-item").and_(page.locator('[data-file="linjiang-v2.txt"]'))
    expect(conflict).to_have_attribute("data-state", "failed", timeout=30_000)
    expect(conflict).to_contain_text("已有同一份报告")
    conflict.locator('[data-admin="upload-replace"]').click()
    expect(conflict).to_have_attribute("data-state", "done", timeout=60_000)
    expect(conflict).to_contain_text("已替换")

    # --- the table: its metadata, and the search box
    admin.tab("docs")
    row = admin.row(PLACE)
    expect(row).to_have_count(1)
    expect(row.locator('[data-col="place"]')).to_have_text(PLACE)
    expect(row.locator('[data-col="kind"]')).to_have_text("计划执行情况报告")
    expect(row.locator('[data-col="date"]')).to_contain_text("2019")
    chunk_count = int(row.locator('[data-col="chunks"]').inner_text())
    assert chunk_count >= 3
    doc_id = str(row.get_attribute("data-doc-id"))
    admin.hook("doc-search").fill("江州")
    expect(admin.hook("doc-row")).to_have_count(1)
    admin.hook("doc-search").fill("")
    expect(admin.hook("doc-row")).to_have_count(3)

    # --- its outline with what each part covers, and its passages
    row.click()
    detail = admin.hook("doc-detail")
    expect(detail).to_be_visible()
    outline = admin.hook("outline")
    results = outline.locator("li").filter(has_text="一、上半年计划执行情况").first
    expect(results.locator('[data-admin="covers"]').first).to_have_text("2019年上半年 · 实绩")
    plans = outline.locator("li").filter(has_text="二、下半年工作安排").first
    expect(plans.locator('[data-admin="covers"]').first).to_have_text("2019年下半年 · 计划")
    detail.locator("summary").click()
    expect(admin.hook("chunk")).to_have_count(chunk_count)
    expect(admin.hook("chunks")).to_contain_text("345.67")
    expect(detail.locator('[data-src="place"]')).to_contain_text("人工指定")

    # --- correct the title: saved, and the page says what it cost
    admin.hook("edit-title").fill(NEW_TITLE)
    admin.hook("edit-save").click()
    expect(admin.hook("detail-message")).to_contain_text("已保存")
    expect(admin.hook("detail-message")).to_contain_text("重新向量化")
    expect(admin.hook("detail-title")).to_have_text(NEW_TITLE)
    expect(admin.row(NEW_TITLE)).to_have_count(1)
    page.evaluate("() => window.scrollTo(0, 0)")
    save_screenshot(page, screenshots, "admin-desktop.png")
    patch = [c for c in admin.admin_calls if c[0] == "PATCH"]
    assert patch and patch[0][2] == f"Bearer {ADMIN_TOKEN}", "admin calls send the bearer token"
    page.reload()  # still signed in (this tab's session), and the correction is stored
    expect(admin.row(NEW_TITLE)).to_have_count(1)

    # --- ask it through the widget, and give 👎 with a comment
    widget = WidgetPage(page.context.new_page(), admin_server.url)
    widget.page.goto(f"{admin_server.url}/")
    message = widget.ask(QUESTION)
    expect(message).to_contain_text("345.67")
    # its citation names the report by its corrected title
    expect(message.locator("ol li button").first).to_have_attribute("aria-label", re.compile(NEW_TITLE))
    message.locator('[data-wb="feedback-down"]').click()
    message.locator('[data-wb="feedback-comment"]').fill(COMMENT)
    message.locator('[data-wb="feedback-send"]').click()
    expect(message).to_contain_text("谢谢反馈")
    widget.page.close()

    # --- the report: the question, its comment, the daily chart; CSV export
    admin.tab("report")
    expect(admin.hook("most-asked")).to_contain_text(QUESTION)
    down = admin.hook("downvoted-item").filter(has_text=QUESTION)
    expect(down).to_contain_text(COMMENT)
    expect(admin.hook("daily-bar")).to_have_count(1)
    assert int(str(admin.hook("daily-bar").get_attribute("data-asked"))) >= 1
    save_screenshot(page, screenshots, "admin-report.png")
    with page.expect_download() as download:
        admin.hook("export-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert any(QUESTION in r.values() and COMMENT in r.values() for r in rows)

    # --- delete, with a confirmation first
    admin.tab("docs")
    admin.row(NEW_TITLE).click()
    admin.hook("doc-delete").click()
    dialog = admin.hook("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(NEW_TITLE)
    admin.hook("cancel").click()
    expect(dialog).to_be_hidden()
    expect(admin.row(NEW_TITLE)).to_have_count(1)  # cancelled: nothing deleted
    admin.hook("doc-delete").click()
    admin.hook("confirm").click()
    expect(admin.row(NEW_TITLE)).to_have_count(0)
    expect(admin.hook("status")).to_contain_text("已删除")
    ids = {d["doc_id"] for d in httpx.get(f"{admin_server.url}/api/documents", timeout=30).json()}
    assert doc_id not in ids and "gulou-2024-h1" in ids


def test_a_new_browser_session_must_sign_in_again(browser: Browser, admin_server: LiveServer) -> None:
    for _ in range(2):  # each context is a fresh session: nothing of the last one is remembered
        for admin in _open(browser, admin_server, viewport={"width": 1280, "height": 900}):
            expect(admin.hook("login")).to_be_visible()
            admin.sign_in(ADMIN_TOKEN)
            expect(admin.hook("app")).to_be_visible()
            admin.hook("logout").click()
            expect(admin.hook("login")).to_be_visible()
            assert admin.page.evaluate("() => sessionStorage.length") == 0


def test_the_page_fits_a_phone(browser: Browser, admin_server: LiveServer, screenshots: Path) -> None:
    for admin in _open(
        browser,
        admin_server,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    ):
        admin.sign_in(ADMIN_TOKEN)
        expect(admin.row("gulou-2024-h1")).to_have_count(1)
        assert admin.page.evaluate("() => document.documentElement.scrollWidth") <= 375
        admin.row("gulou-2024-h1").click()
        expect(admin.hook("edit-form")).to_be_visible()
        assert admin.page.evaluate("() => document.documentElement.scrollWidth") <= 375
        admin.tab("upload")
        submit = admin.hook("upload-submit").bounding_box()
        assert submit is not None and submit["x"] + submit["width"] <= 375
        save_screenshot(admin.page, screenshots, "admin-phone.png")


def test_without_a_token_configured_the_page_says_how_to_set_one(
    browser: Browser, seed_index_dir: Path, shared_e5: Embedder, tmp_path: Path
) -> None:
    server = _server(seed_index_dir, tmp_path, shared_e5, None)
    try:
        for admin in _open(browser, server, viewport={"width": 1280, "height": 900}):
            notice = admin.hook("not-configured")
            expect(notice).to_be_visible()
            expect(notice).to_contain_text("WENBAO_ADMIN_TOKEN")
            expect(admin.hook("not-configured-detail")).to_contain_text("未开启")  # the server's sentence
            expect(admin.hook("login")).to_be_hidden()
            expect(admin.hook("app")).to_be_hidden()
    finally:
        server.stop()
