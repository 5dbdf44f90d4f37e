"""The official `openai` package against the running service, as any chat front-end would use it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai import OpenAI
from service_fixtures import LiveServer

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[OpenAI]:
    with OpenAI(base_url=f"{live_server.url}/v1", api_key="unused", max_retries=0, timeout=60) as c:
        yield c


def test_models_lists_wenbao(client: OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["wenbao"]


def test_plain_completion_answers_and_lists_references(client: OpenAI) -> None:
    completion = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": GDP_2024}]
    )
    assert completion.object == "chat.completion"
    content = completion.choices[0].message.content or ""
    assert completion.choices[0].finish_reason == "stop"
    assert "1020.53" in content
    answer, _, references = content.partition("\n\n参考：\n\n")
    assert "[1]" in answer
    lines = references.splitlines()
    assert lines[0].startswith("- [1] ") and "鼓楼区" in lines[0]
    assert " › " in lines[0] and "主要指标完成良好" in content
    assert completion.usage is not None and completion.usage.total_tokens > 0


def test_streamed_completion_arrives_in_several_chunks(client: OpenAI) -> None:
    stream = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": GDP_2024}], stream=True
    )
    pieces: list[str] = []
    finish = None
    for chunk in stream:
        assert chunk.object == "chat.completion.chunk"
        delta = chunk.choices[0].delta
        if delta.content:
            pieces.append(delta.content)
        finish = chunk.choices[0].finish_reason or finish
    assert len(pieces) >= 3
    text = "".join(pieces)
    assert "1020.53" in text and "参考：" in text
    assert finish == "stop"


def test_follow_up_uses_the_earlier_turns(client: OpenAI) -> None:
    first = client.chat.completions.create(model="wenbao", messages=[{"role": "user", "content": GDP_2024}])
    reply = first.choices[0].message.content or ""
    follow = client.chat.completions.create(
        model="wenbao",
        messages=[
            {"role": "system", "content": "你是问报助手。"},
            {"role": "user", "content": GDP_2024},
            {"role": "assistant", "content": reply},
            {"role": "user", "content": "那2021年上半年呢？"},
        ],
    )
    content = follow.choices[0].message.content or ""
    assert "907.27亿元" in content.replace(" ", "")
    assert "1020.53" not in content.partition("参考：")[0]


def test_content_parts_are_accepted(client: OpenAI) -> None:
    completion = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": [{"type": "text", "text": GDP_2024}]}]
    )
    assert "1020.53" in (completion.choices[0].message.content or "")
