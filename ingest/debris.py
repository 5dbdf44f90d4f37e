"""Web-page and wiki leftovers around a report's text, recognised by their shape.

A report copied from a web page or a wiki keeps what surrounded it there:

* a breadcrumb trail at the top (``您的位置：`` / ``首页`` / ``>`` / ``要闻``, on one line or several), and
  the column title that repeats its last step;
* page chrome at the top: ``下载 / 打印 / 全屏 / 收藏 / 【字号：加大 还原 减小】``, ``【字体：大 中 小】``,
  ``分享：``, and the article's own metadata (``来源：XX日报``, ``时间：2026-02-09``,
  ``2026年02月10日 07时41分``); a photo caption (``省长XX作政府工作报告。本报记者 XX 摄``);
* a page footer at the bottom (``责任编辑：``, ``扫一扫在手机打开当前页``, ``相关链接>>``, ids of related
  articles and their titles, ``打印本页``, ``关闭窗口``), sometimes followed by the title and opening
  sentence once more;
* a wiki's licence notice (``本作品是中华人民共和国的`` / ``法律`` / … / ``Public domain`` / ``false``).

Nothing here knows a site: a line is chrome when it is made of nothing but chrome vocabulary, or is
a ``来源：``/``时间：`` pair, or a time stamp; the footer is cut at its first unmistakable line once
the body is behind us. The body itself is never touched except for photo captions, which have an
unmistakable shape of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words of page chrome (data, extend freely). A line made only of these (and brackets, colons,
# ``>>``) is chrome. Single characters (大 中 小) are trusted only because chrome lines are
# looked for in the header and footer, never in the body.
_CHROME_VOCABULARY = """
    下载 打印 全屏 收藏 字号 字体 加大 还原 减小 放大 缩小 默认 标准 大 中 小 分享 分享到 微信 微博
    朋友圈 打印本页 打印此页 关闭 关闭窗口 关闭本页 返回 返回顶部 返回首页 顶部 首页 扫一扫 在手机打开当前页
    扫一扫在手机打开当前页 手机扫一扫 相关附件 相关链接 相关报道 相关阅读 相关新闻 相关文章 相关稿件 相关文件
    附件下载 责任编辑 编辑 来源 时间 发布时间 浏览次数 点击数 阅读数 我要纠错 纠错 视力保护色 护眼模式 背景色
    无障碍 长辈版"""
CHROME_WORDS = frozenset(_CHROME_VOCABULARY.split())
# A footer starts at one of these: they never occur in a report's own text.
FOOTER_WORDS = (
    "责任编辑",
    "扫一扫",
    "相关附件",
    "相关链接",
    "相关报道",
    "相关阅读",
    "相关新闻",
    "相关文章",
    "相关稿件",
    "打印本页",
    "打印此页",
    "关闭窗口",
    "关闭本页",
    "分享到",
    "返回顶部",
    "我要纠错",
)
_CHROME_STRIP_RE = re.compile(r"[\s【】\[\]［］〔〕<>＜＞《》：:|｜/·•\-]+")
_CHROME_SEGMENT_MAX = max(len(w) for w in CHROME_WORDS)
# Article metadata: "来源：四川日报", "时间：2026-02-09", "责任编辑：李某" (the value may come on the
# next line).
META_KEY_RE = re.compile(
    r"^(?:来源|信息来源|文章来源|稿源|时间|发布时间|发表时间|发布日期|日期|作者|编辑|责任编辑|浏览次数|点击数|访问量"
    r"|阅读量|阅读次数)"
    r"\s*[：:]\s*(?P<value>.*)$"
)
# A value of such a line is a short name or date, never a sentence.
MAX_META_VALUE_CHARS = 30
_SENTENCE_MARKS = set("。！？；，、!?;,")
# Web time stamps: "2026年02月10日 07时41分", "2026-02-09", "2026/2/9 10:30". A plain "2026年1月26日"
# may be the report's own date line and is kept unless zero-padded (a web stamp) or timed.
_STAMP_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_STAMP_TIME = r"\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：]\s*\d{1,2}|\s*分)?"
STAMP_RE = re.compile(rf"^{_STAMP_DATE}(?:\s*{_STAMP_TIME})?$")
_PLAIN_DATE_RE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")
# A web page's id of a related article: 32 hex digits.
HEX_ID_RE = re.compile(r"^[0-9a-fA-F]{32}\s*[:：]?$")
# Photo caption: "…作政府工作报告。本报全媒体记者 林 君摄", "新甘肃·甘肃日报记者 盛学卿": a newsroom's
# reporter credited at the very end, or a credit ending in 摄 (a wrapped body line may well end
# in "…记者深入基层", so a bare "记者" is not enough).
CAPTION_RE = re.compile(
    r"(?:本报|日报|晚报|新华社|全媒体|融媒体|通讯社|电视台|新闻网)\S{0,8}?(?:记者|通讯员)[\s·\u4e00-\u9fff]{1,12}$"
    r"|(?:记者|摄影|通讯员)[\s·\u4e00-\u9fff]{2,12}摄$"
)
MAX_CAPTION_CHARS = 60
# Licence notices of wikis that host reports ("本作品是中华人民共和国的…", "Public domain").
LICENCE_RE = re.compile(r"^(?:本作品|注：中文维基文库|Public domain$|(?:false|true)$)|公有领域|知识共享")
# The header (everything before the salutation or the first heading) is at most this long; a
# line this long is body text, which ends the header.
MAX_HEADER_LINES = 40
MIN_BODY_LINE_CHARS = 60
# The footer is searched for in the second half of the text only: chrome words in the body's
# first half are text, not a footer.
FOOTER_SEARCH_FROM = 0.5
# A breadcrumb trail: "您的位置：" / "当前位置：" / "您现在的位置：" opens it; its steps are short names
# joined by ">" or "»", on one line or a line each with the separators on lines of their own.
BREADCRUMB_LABEL_RE = re.compile(r"^(?:您|你)?(?:现在|当前)?(?:所在)?的?位置\s*[：:]\s*")
_CRUMB_SEP = ">»＞›"
BREADCRUMB_SEP_RE = re.compile(rf"^[{_CRUMB_SEP}\s]+$")
MAX_BREADCRUMB_STEP_CHARS = 16
BREADCRUMB_TRAIL_RE = re.compile(
    rf"^[^{_CRUMB_SEP}。！？；，]{{1,{MAX_BREADCRUMB_STEP_CHARS}}}"
    rf"(?:\s*[{_CRUMB_SEP}]+\s*[^{_CRUMB_SEP}。！？；，]{{1,{MAX_BREADCRUMB_STEP_CHARS}}})+$"
)
# A value on the line after an empty "来源：" is a short name ("四川日报").
MAX_DANGLING_VALUE_CHARS = 16


def _segments_into_chrome(text: str) -> bool:
    """``text`` (brackets removed) splits into chrome words only (dynamic programming)."""
    n = len(text)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 1, min(n, i + _CHROME_SEGMENT_MAX) + 1):
            if text[i:j] in CHROME_WORDS:
                ok[j] = True
    return ok[n]


def is_chrome_line(text: str) -> bool:
    """A line made of page-chrome words only (``【字号：加大 还原 减小】``, ``相关链接>>``, ``】``)."""
    core = _CHROME_STRIP_RE.sub("", text)
    if not core:
        # only brackets: the remains of a "【字号：…】" group split over lines
        return bool(text.strip()) and all(ch in "【】[]［］〔〕" for ch in text.strip())
    return len(core) <= 40 and _segments_into_chrome(core)


def meta_line_value(text: str) -> str | None:
    """The value of an article-metadata line (``来源：四川日报`` -> ``四川日报``), else None."""
    m = META_KEY_RE.match(text.strip())
    if m is None:
        return None
    value = m.group("value").strip()
    if len(value) > MAX_META_VALUE_CHARS or _SENTENCE_MARKS & set(value):
        return None
    return value


def is_stamp_line(text: str) -> bool:
    """A web page's time stamp; a report's own plain date (``2026年1月26日``) is not one."""
    t = text.strip()
    return bool(STAMP_RE.match(t)) and not _PLAIN_DATE_RE.match(t)


def is_caption_line(text: str) -> bool:
    """A photo caption: a short line ending in a reporter's credit, without a sentence end."""
    t = text.strip()
    return len(t) <= MAX_CAPTION_CHARS and t[-1:] not in "。！？：；" and bool(CAPTION_RE.search(t))


def _crumb_step(text: str) -> bool:
    """A step of a breadcrumb trail: a short name, no sentence."""
    return 0 < len(text) <= MAX_BREADCRUMB_STEP_CHARS and not _SENTENCE_MARKS & set(text)


def _last_crumb(text: str) -> str:
    return re.split(f"[{_CRUMB_SEP}]", text)[-1].strip()


def _mark_breadcrumb(texts: Sequence[str], i: int, drop: list[bool]) -> bool:
    """Mark in ``drop`` a breadcrumb trail starting at line ``i``, if one does; say whether it did.

    The trail's label ends with a colon like a salutation, so it is read before the header
    ends there; the column title after the trail repeats its last step and goes with it.
    """
    n = len(texts)

    def sep(k: int) -> bool:
        return k < n and BREADCRUMB_SEP_RE.match(texts[k]) is not None

    label = BREADCRUMB_LABEL_RE.match(texts[i])
    one_line = BREADCRUMB_TRAIL_RE.match(texts[i]) is not None
    if label is None and not (sep(i + 1) and _crumb_step(texts[i])) and not one_line:
        return False
    rest = texts[i][label.end() :] if label else texts[i]
    last = _last_crumb(rest) if rest else ""
    drop[i] = True
    i += 1
    if not last and i < n and _crumb_step(texts[i]):  # the first step, on the line after the label
        last = _last_crumb(texts[i])
        drop[i] = True
        i += 1
    while sep(i):  # each further step on the line after its separator
        drop[i] = True
        i += 1
        if i < n and _crumb_step(texts[i]):
            last = _last_crumb(texts[i])
            drop[i] = True
            i += 1
    while i < n and last and texts[i] == last:  # the column's own title repeats the last step
        drop[i] = True
        i += 1
    return True


def _is_footer_start(text: str) -> bool:
    t = text.strip()
    if HEX_ID_RE.match(t) or LICENCE_RE.search(t):
        return True
    if not any(w in t for w in FOOTER_WORDS):
        return False
    return is_chrome_line(t) or meta_line_value(t) is not None


def debris_lines(texts: Sequence[str], is_opening: object = None, is_heading: object = None) -> list[bool]:
    """For each line (whitespace-stripped text), whether it is web/wiki debris to drop.

    ``is_opening(text)`` / ``is_heading(text)`` (callables) tell where the header ends; by default
    a salutation line (``各位代表：``) or a long line ends it.
    """
    n = len(texts)
    drop = [False] * n

    def opening(t: str) -> bool:
        if callable(is_opening) and is_opening(t):
            return True
        if callable(is_heading) and is_heading(t):
            return True
        return len(t) >= MIN_BODY_LINE_CHARS

    # --- header: chrome and article metadata before the report's own text -----------------
    dangling_value = False
    header = texts[:MAX_HEADER_LINES]
    for i, t in enumerate(header):
        if drop[i] or _mark_breadcrumb(header, i, drop):
            continue
        if dangling_value:
            dangling_value = False
            if len(t) <= MAX_DANGLING_VALUE_CHARS and not _SENTENCE_MARKS & set(t) and not opening(t):
                drop[i] = True
                continue
        value = meta_line_value(t)
        if value is not None:
            drop[i] = True
            dangling_value = value == ""
            continue
        if is_chrome_line(t) or is_stamp_line(t) or is_caption_line(t):
            drop[i] = True
            continue
        if opening(t):
            break

    # --- footer: from its first unmistakable line to the end -------------------------------
    for i in range(int(n * FOOTER_SEARCH_FROM), n):
        if _is_footer_start(texts[i]):
            for k in range(i, n):
                drop[k] = True
            n = i
            break

    # trailing chrome after the report's last line ("相关报道：" alone, a stray "打印")
    k = n - 1
    while k >= 0 and (is_chrome_line(texts[k]) or meta_line_value(texts[k]) is not None):
        drop[k] = True
        k -= 1

    # --- anywhere: photo captions and related-article ids -----------------------------------
    for i, t in enumerate(texts[:n]):
        if is_caption_line(t) or HEX_ID_RE.match(t.strip()):
            drop[i] = True
    return drop
