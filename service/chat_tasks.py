"""Chat front-ends' own background prompts: a chat title, tags, follow-up suggestions, search
queries. Open WebUI (backend/open_webui/config.py's DEFAULT_*_GENERATION_PROMPT_TEMPLATE), and
others written after it, send them to the chat's model as one user message shaped like

    ### Task:
    Generate a concise, 3-5 word title ...
    ### Output:
    JSON format: { "title": "your concise title here" }
    ### Chat History:
    <chat_history>
    USER: ...
    ASSISTANT: ...
    </chat_history>

They are not residents' questions: searching the reports for them gives a refusal that quotes
the prompt, and logging them fills the admin page's most-asked list. They are recognised by that
shape (a Task heading with an Output heading or a chat-history block), not by one client's
wording, and get a brief reply in the JSON they ask for.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# A Markdown heading (any level, or a bold line) naming the task; 任务 for translated templates.
_TASK_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\*\*)\s*(?:task|任务)\s*[:：]?\s*(?:\*\*)?\s*$", re.I | re.M)
_OUTPUT_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\*\*)\s*(?:output|输出)[^\n]*$", re.I | re.M)
_HISTORY_BLOCK = re.compile(r"<chat_history>(.*?)</chat_history>", re.S | re.I)
_JSON_KEY = re.compile(r'\{\s*"([A-Za-z_][\w-]*)"\s*:\s*(\[|")')
_USER_LINE = re.compile(r"^\s*USER\s*[:：]\s*(.+)$", re.I | re.M)
# Title length: Open WebUI's template asks for 3-5 words; a Chinese title of that weight.
TITLE_MAX_CHARS = 20


@dataclass(frozen=True)
class TaskPrompt:
    """A recognised background prompt: the JSON key it wants and the chat it is about."""

    key: str | None  # "title", "tags", "follow_ups", "queries"…; None: no JSON asked for
    wants_list: bool
    first_question: str  # the chat's first user line, "" when the history shows none
    quotes_chat: bool  # it carries a <chat_history> block

    @classmethod
    def recognise(cls, text: str) -> TaskPrompt | None:
        if not _TASK_HEADING.search(text):
            return None
        history = _HISTORY_BLOCK.search(text)
        if history is None and not _OUTPUT_HEADING.search(text):
            return None
        output = text[m.start() :] if (m := _OUTPUT_HEADING.search(text)) else text
        if history is not None:
            output = output.replace(history.group(0), "")
        key = _JSON_KEY.search(output)
        users = _USER_LINE.findall(history.group(1)) if history is not None else []
        return cls(
            key=key.group(1) if key else None,
            wants_list=bool(key and key.group(2) == "["),
            first_question=users[0].strip() if users else "",
            quotes_chat=history is not None,
        )

    def reply(self) -> str:
        """A brief reply: a title from the chat's first question, an empty list for the rest
        (no tags or suggestions is what a client shows when its model offers none)."""
        if self.key is None:
            return self.title()
        value: str | list[str] = [] if self.wants_list else (self.title() if self.key == "title" else "")
        return json.dumps({self.key: value}, ensure_ascii=False)

    def title(self) -> str:
        words = re.sub(r"[\s？?！!。，,：:；;“”\"'《》]+", " ", self.first_question).strip()
        return words[:TITLE_MAX_CHARS].strip() or "政府工作报告问答"
