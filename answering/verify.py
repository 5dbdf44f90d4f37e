"""Checks a generated answer against the passages it was given.

An LLM answer reaches the user only when every figure in it is written in a
passage it cites and every citation points at a passage that was given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wenbao.answering.figures import FIGURE_RE, NUMBER_RE

MARKER_RE = re.compile(r"\[(\d+)\]")
REFUSAL_RE = re.compile(
    r"没有找到|未找到|没有(提到|提及|包含|涉及|给出)|未(提到|提及|包含|涉及|给出)|无法回答|不包含"
)
# Text in a report that addresses a model instead of a reader.
INJECTION_RE = re.compile(
    r"(忽略|无视|忘记|不要理会)[^。！？\n]{0,12}(指令|指示|规则|提示|要求|以上|上述|之前)"
    r"|ignore (all |any )?(previous|prior|above)[^.\n]{0,20}instructions?"
    r"|system prompt|系统提示词?|你现在是|你是一个|扮演",
    re.IGNORECASE,
)
_SENTENCE_RE = re.compile(r"[^。！？!?\n]*[。！？!?\n]?")


def strip_injections(text: str) -> str:
    """Drop the sentences of a passage that try to instruct the model."""
    kept = [s for s in _SENTENCE_RE.findall(text) if s and not INJECTION_RE.search(s)]
    return "".join(kept)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_refusal(answer: str) -> bool:
    return bool(REFUSAL_RE.search(answer)) and not MARKER_RE.search(answer)


class AnswerVerifier:
    def verify(self, answer: str, passages: Sequence[str], question: str = "") -> str | None:
        """None when the answer is supported; otherwise the reason, in Chinese."""
        answer = answer.strip()
        if not answer:
            return "模型返回了空回答"
        cited = [int(n) for n in MARKER_RE.findall(answer)]
        bad = [n for n in cited if n < 1 or n > len(passages)]
        if bad:
            return f"回答引用了不存在的段落[{bad[0]}]（只给了{len(passages)}段）"
        if is_refusal(answer):
            return None
        if not cited:
            return "回答没有引用任何段落"
        support = _compact("".join(passages[n - 1] for n in set(cited)))
        body = _compact(MARKER_RE.sub(" ", answer))
        for m in FIGURE_RE.finditer(body):
            if m.group(0) not in support:
                return f"回答中的数字“{m.group(0)}”不在所引段落中"
        allowed = set(NUMBER_RE.findall(support)) | set(NUMBER_RE.findall(_compact(question)))
        for number in NUMBER_RE.findall(body):
            if number not in allowed:
                return f"回答中的数字“{number}”不在所引段落中"
        return None
