"""The optional LLM answerer: a LangChain chain over the numbered passages.

``prompt | llm | StrOutputParser()`` with the prompt templates from
``wenbao.prompts``. It is off unless WENBAO_LLM_BASE_URL and WENBAO_LLM_MODEL
are set (or a chat model is passed in); its answers are verified by the
caller before they reach anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable
from pydantic import SecretStr

from wenbao.answering.verify import strip_injections
from wenbao.documents import Chunk
from wenbao.errors import LLMUnavailableError
from wenbao.prompts.loader import answer_prompt
from wenbao.settings import Settings


def chat_model_from_settings(settings: Settings) -> BaseChatModel | None:
    """An OpenAI-compatible chat model (vLLM, Ollama, a hosted API), or None when not configured."""
    if not (settings.llm_base_url and settings.llm_model):
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=SecretStr(settings.llm_api_key or "not-needed"),  # local servers accept any key
        timeout=settings.llm_timeout_s,
        max_retries=0,
        temperature=0,
    )


def format_passages(chunks: Sequence[Chunk]) -> str:
    lines = []
    for i, c in enumerate(chunks, start=1):
        where = " › ".join(c.heading_path)
        head = f"[{i}] 《{c.doc_title}》" + (f" › {where}" if where else "")
        lines.append(f"{head}\n{strip_injections(c.text)}")
    return "\n\n".join(lines)


class LLMAnswerer:
    def __init__(self, llm: BaseChatModel, timeout_s: float = 30.0) -> None:
        self.timeout_s = timeout_s
        self.chain: Runnable[dict[str, str], str] = answer_prompt() | llm | StrOutputParser()

    def passages(self, chunks: Sequence[Chunk]) -> list[str]:
        """The passage texts exactly as the model sees them (for verification)."""
        return [strip_injections(c.text) for c in chunks]

    def generate(self, question: str, chunks: Sequence[Chunk]) -> str:
        """The model's answer text; LLMUnavailableError on failure or timeout."""
        inputs = {"question": question, "passages": format_passages(chunks)}
        pool = ThreadPoolExecutor(max_workers=1)
        future = pool.submit(self.chain.invoke, inputs)
        try:
            return future.result(timeout=self.timeout_s).strip()
        except FutureTimeout as exc:
            raise LLMUnavailableError(f"大模型在{self.timeout_s:g}秒内没有回答") from exc
        except Exception as exc:  # any client/model failure becomes the extractive fallback
            raise LLMUnavailableError(f"大模型调用失败：{type(exc).__name__}: {exc}") from exc
        finally:
            # Do not wait for a hung call; the thread ends when the client gives up.
            pool.shutdown(wait=False, cancel_futures=True)
