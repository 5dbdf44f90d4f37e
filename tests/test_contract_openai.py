"""/v1 as Open WebUI and the official `openai` client really call it, over a real socket.

Request shapes taken from Open WebUI's own code (none of it copied):
- open-webui/open-webui backend/open_webui/routers/openai.py @ 671f577264ed5bed6ec2c7cf97703b450a6ce2ec,
  ``generate_chat_completion``: the form is forwarded as is, ``metadata`` popped, and a model's
  custom parameters merged into the body (``apply_model_params_to_body_openai``), so a `top_k`
  typed into a model's settings arrives unchecked;
- backend/open_webui/config.py @ 2586f1f39273cacddb86fb6d793141d663b79803: the background task
  prompts (DEFAULT_TITLE_GENERATION_PROMPT_TEMPLATE, DEFAULT_TAGS_GENERATION_PROMPT_TEMPLATE,
  DEFAULT_FOLLOW_UP_GENERATION_PROMPT_TEMPLATE: "### Task:" … "### Output:" … "<chat_history>");
  utils/task.py fills ``{{MESSAGES:END:n}}`` with ``ROLE: content`` lines (utils/misc.py
  ``get_messages_content``), and routers/tasks.py sends the result as one user message to the
  chat's model. The prompts below are written here in that shape, in other words, so the test
  holds for the shape rather than one client's string.
Parsing: the `openai` package's own ``chat.completions.create`` / ``models.retrieve`` and its
stream reader (``include_usage`` ends the stream with a chunk whose ``choices`` is empty).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx
import openai
import pytest
from openai import OpenAI
from service_fixtures import LiveServer

GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[OpenAI]:
    with OpenAI(base_url=f"{live_server.url}/v1", api_key="unused", max_retries=0, timeout=60) as c:
        yield c


def task_prompt(task: str, output_key: str, example: str, history: list[tuple[str, str]]) -> str:
    """A background prompt in Open WebUI's shape: Task, Guidelines, Output, Chat History."""
    lines = "\n".join(f"{role.upper()}: {content}" for role, content in history)
    return (
        f"### Task:\n{task}\n### Guidelines:\n- Keep it short.\n- Use the chat's primary language.\n"
        f'### Output:\nJSON format: {{ "{output_key}": {example} }}\n'
        f"### Chat History:\n<chat_history>\n{lines}\n</chat_history>"
    )


CHAT = [("user", GDP_2024), ("assistant", "地区生产总值完成1020.53亿元[1]。")]


def logged_questions(api: httpx.Client, admin_headers: dict[str, str]) -> list[str]:
    response = api.get("/api/admin/queries", params={"limit": 10_000}, headers=admin_headers)
    assert response.status_code == 200, response.text
    return [row["question"] for row in response.json()["queries"]]


def test_streaming_with_include_usage_ends_with_a_usage_chunk(client: OpenAI) -> None:
    stream = client.chat.completions.create(
        model="wenbao",
        messages=[{"role": "user", "content": GDP_2024}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    # usage counts characters (documented): the question's and the reply's
    assert last.usage.prompt_tokens == len(GDP_2024)
    assert last.usage.completion_tokens == len(text)
    assert last.usage.total_tokens == len(GDP_2024) + len(text)
    assert all(c.usage is None for c in chunks[:-1])


def test_plain_streaming_sends_no_usage_chunk(client: OpenAI) -> None:
    chunks = list(
        client.chat.completions.create(
            model="wenbao", messages=[{"role": "user", "content": GDP_2024}], stream=True
        )
    )
    assert all(c.choices for c in chunks) and all(c.usage is None for c in chunks)


@pytest.mark.parametrize(
    ("task", "key", "example"),
    [
        ("Generate a concise, 3-5 word title summarizing the chat history.", "title", '"the title"'),
        ("Generate 1-3 broad tags categorizing the main themes of the chat history.", "tags", '["tag1"]'),
        ("Suggest 3-5 relevant follow-up questions the user might ask next.", "follow_ups", '["Question?"]'),
    ],
    ids=["title", "tags", "follow_ups"],
)
def test_background_task_prompts_get_a_brief_json_reply_and_no_log_row(
    client: OpenAI, api: httpx.Client, admin_headers: dict[str, str], task: str, key: str, example: str
) -> None:
    prompt = task_prompt(task, key, example, CHAT * 8)  # a long chat: over a question's length limit
    assert len(prompt) > 500
    completion = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": prompt}], stream=False
    )
    content = completion.choices[0].message.content or ""
    # Open WebUI reads the JSON between the first "{" and the last "}"
    parsed = json.loads(content[content.index("{") : content.rindex("}") + 1])
    assert set(parsed) == {key}
    if key == "title":
        assert "鼓楼区" in parsed["title"] and len(parsed["title"]) <= 20
    else:
        assert parsed[key] == []
    assert "报告中没有" not in content and "参考" not in content
    assert not any("Task" in q for q in logged_questions(api, admin_headers))


def test_a_system_prompt_with_a_task_heading_does_not_swallow_questions(client: OpenAI) -> None:
    """An assistant's own brief may use Markdown headings; without a quoted chat it is not a task."""
    completion = client.chat.completions.create(
        model="wenbao",
        messages=[
            {
                "role": "system",
                "content": "### Task:\n回答关于政府工作报告的问题。\n### Output:\n简洁的中文。",
            },
            {"role": "user", "content": GDP_2024},
        ],
    )
    assert "1020.53" in (completion.choices[0].message.content or "")


def test_a_top_k_out_of_range_from_model_params_is_clamped(client: OpenAI) -> None:
    completion = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": GDP_2024}], extra_body={"top_k": 50}
    )
    assert "1020.53" in (completion.choices[0].message.content or "")
    completion = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": GDP_2024}], extra_body={"top_k": 0}
    )
    assert "1020.53" in (completion.choices[0].message.content or "")


def test_models_retrieve(client: OpenAI) -> None:
    model = client.models.retrieve("wenbao")
    assert model.id == "wenbao" and model.object == "model"
    with pytest.raises(openai.NotFoundError) as err:
        client.models.retrieve("gpt-4o")
    assert "wenbao" in str(err.value)


def test_n_above_one_is_a_clear_400(client: OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model="wenbao", messages=[{"role": "user", "content": GDP_2024}], n=2)
    assert err.value.status_code == 400 and "n 只能为 1" in str(err.value)
    one = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": GDP_2024}], n=1
    )
    assert len(one.choices) == 1


def test_references_are_a_markdown_list_of_only_the_cited_passages(client: OpenAI) -> None:
    completion = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": GDP_2024}]
    )
    content = completion.choices[0].message.content or ""
    answer, sep, references = content.partition("\n\n参考：\n\n")
    assert sep, content
    cited = sorted(set(re.findall(r"\[(\d+)\]", answer)))
    items = references.splitlines()
    # CommonMark: "- " items after a blank line are a list, not one paragraph
    assert all(line.startswith("- [") for line in items)
    assert sorted(re.match(r"- \[(\d+)\]", line).group(1) for line in items) == cited  # type: ignore[union-attr]
    assert completion.model_extra and len(completion.model_extra["wenbao"]["citations"]) > len(items)


def test_no_reference_list_under_a_refusal(client: OpenAI) -> None:
    completion = client.chat.completions.create(
        model="wenbao", messages=[{"role": "user", "content": "2024年上半年鼓楼区的火星探测任务发射了几次？"}]
    )
    content = completion.choices[0].message.content or ""
    assert completion.model_extra and completion.model_extra["wenbao"]["answerable"] is False, content
    assert "参考" not in content
