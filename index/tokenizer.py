"""jieba tokenisation for BM25, with the domain dictionary and stop words kept as data.

Search mode (``cut_for_search``) emits a long term *and* its sub-words
(社会消费品零售总额 → 社会, 消费品, 零售, 总额, 社会消费品零售总额), so the exact
indicator name ranks first while a question that only says 零售总额 still matches.
Numbers stay tokens (``1020.53``, ``4.4``), punctuation and stop words go.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

_DATA = "wenbao.index"
_PUNCT_ONLY = re.compile(r"^[\W_]+$", re.UNICODE)
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")


def read_data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file shipped in index/data/."""
    text = resources.files(_DATA).joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(read_data_lines("stopwords.txt"))


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of ``text`` (``jieba.lcut``, its own dictionary), kept by text: readers of a
    question cut the same text again (its places, its terms, an organ it names: ~8 cuts a question,
    1.2 of them of a text already cut). jieba's global dictionary is never changed after it loads
    (the index's words go to a private tokenizer), so a kept cut stays right."""
    import jieba

    return tuple(jieba.lcut(text))


@lru_cache(maxsize=8192)
def part_of_speech(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of ``text`` with their part-of-speech tags (``("成都", "ns")``), kept by text:
    a question is read for places, verbs and adverbs by several readers, each of which would
    otherwise tag it again (~1 ms a question). jieba's own dictionary, as ``jieba.posseg.lcut``."""
    import jieba.posseg

    return tuple((word, flag) for word, flag in jieba.posseg.lcut(text))


class ChineseTokenizer:
    """jieba with the wenbao user dictionary; one private ``jieba.Tokenizer`` so
    the global jieba state of other code is never touched."""

    # A question's keywords tokenise the thesaurus terms and expansions it brings (~20 short
    # texts a question, mostly the same ones question after question): kept, up to a bound.
    SHORT_CHARS = 32
    SHORT_KEPT = 50_000

    def __init__(self) -> None:
        self._jieba: Any = None
        self._lock = threading.Lock()
        self._short: dict[str, tuple[str, ...]] = {}

    def warm_up(self) -> None:
        if self._jieba is not None:
            return
        with self._lock:
            if self._jieba is not None:
                return
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.initialize()
            for line in read_data_lines("userdict.txt"):
                parts = line.split()
                word = parts[0]
                freq = int(parts[1]) if len(parts) > 1 else None
                tk.add_word(word, freq)
            self._jieba = tk

    def add_words(self, words: list[str]) -> None:
        """Extra whole words (e.g. thesaurus terms) so they are not split either."""
        self.warm_up()
        with self._lock:
            for w in words:
                if len(w) >= 2 and not w.isascii():
                    self._jieba.add_word(w, 1500)
            self._short = {}  # the words now cut otherwise

    def tokenize(self, text: str) -> list[str]:
        short = len(text) <= self.SHORT_CHARS
        if short:
            kept = self._short.get(text)
            if kept is not None:
                return list(kept)
        tokens = self._tokenize(text)
        if short:
            if len(self._short) >= self.SHORT_KEPT:
                self._short = {}
            self._short[text] = tuple(tokens)
        return tokens

    def _tokenize(self, text: str) -> list[str]:
        self.warm_up()
        stops = stop_words()
        out: list[str] = []
        for raw in self._jieba.cut_for_search(text.replace("\u3000", " ")):
            tok = raw.strip().lower()
            if not tok or _PUNCT_ONLY.match(tok):
                continue
            m = _PERCENT.match(tok)
            if m:  # "4.4%" and "4.4 %" must meet as the same number token
                tok = m.group(1)
            if tok in stops:
                continue
            out.append(tok)
        return out

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [self.tokenize(t) for t in texts]


_shared: ChineseTokenizer | None = None
_shared_lock = threading.Lock()


def shared_tokenizer() -> ChineseTokenizer:
    """One tokenizer per process: the jieba dictionary takes ~0.5 s to build."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ChineseTokenizer()
        return _shared
