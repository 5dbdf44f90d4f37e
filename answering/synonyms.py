"""How the answerer learns that 社零 means 社会消费品零售总额.

The thesaurus itself is data owned by the index layer (index/data/thesaurus.txt);
this module only defines the small interface the answerer needs and adapts the
index's thesaurus to it, so the synonyms are never duplicated here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from wenbao.index.query import Thesaurus


@dataclass(frozen=True)
class Variant:
    """An alias found in a question: ``same`` words mean the same thing,
    ``related`` words are where a report would say it (weaker evidence)."""

    alias: str
    same: tuple[str, ...]
    related: tuple[str, ...] = ()


class SynonymLookup(Protocol):
    def variants(self, text: str) -> list[Variant]:
        """Each alias found in ``text`` (longest first, non-overlapping), in text order."""
        ...


class MappingSynonyms:
    """Synonym groups: every word of a group means the same as the others.
    ``related`` maps a trigger to report words it points at one way."""

    def __init__(
        self,
        groups: Mapping[str, Iterable[str]],
        related: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        same: dict[str, set[str]] = {}
        for term, aliases in groups.items():
            group = {term, *aliases}
            for word in group:
                same.setdefault(word, set()).update(group - {word})
        rel: dict[str, set[str]] = {}
        for trigger, targets in (related or {}).items():
            rel.setdefault(trigger, set()).update(t for t in targets if t != trigger)
            same.setdefault(trigger, set())
        self._same = {k.lower(): (k, _longest_first(v)) for k, v in same.items() if k}
        self._related = {k.lower(): _longest_first(v - same.get(k, set())) for k, v in rel.items()}
        self._fuzzy: dict[str, re.Pattern[str]] = {}
        # Longest first, sorted once per thesaurus, not once per question text (~2 texts a question).
        self._keys = sorted(self._same, key=len, reverse=True)
        # The keys by their first character, in that order: a key whose first character a text
        # lacks can match it neither exactly nor in order with gaps, so a text's few characters
        # pick the keys worth looking for (of ~400).
        self._by_first: dict[str, list[tuple[int, str]]] = {}
        for at, key in enumerate(self._keys):
            self._by_first.setdefault(key[0], []).append((at, key))

    def _keys_for(self, low: str) -> list[str]:
        """The keys that may occur in ``low``, in the order of ``_keys``."""
        by_first = self._by_first
        found = [k for ch in set(low) for k in by_first.get(ch, ())]
        found.sort()
        return [key for _, key in found]

    def variants(self, text: str) -> list[Variant]:
        low = text.lower()  # "gdp" is GDP
        found: list[tuple[int, int, str]] = []
        taken = [False] * len(text)

        def claim(start: int, end: int, key: str) -> None:
            if not any(taken[start:end]):
                for i in range(start, end):
                    taken[i] = True
                found.append((start, end, key))

        keys = self._keys_for(low)
        for key in keys:
            start = low.find(key)
            while start != -1:
                claim(start, start + len(key), key)
                start = low.find(key, start + 1)
        # Residents add words inside a phrase ("找到了工作" for 找工作, "老百姓的收入"):
        # a long alias also counts when its characters come in order with small gaps.
        chars = set(low)
        for key in keys:
            if len(key) < 3 or not chars.issuperset(key) or any(k == key for _, _, k in found):
                continue  # a key with a character the text lacks cannot match (no regex run for it)
            pattern = self._fuzzy.get(key)
            if pattern is None:
                pattern = re.compile(".{0,2}?".join(re.escape(ch) for ch in key))
                self._fuzzy[key] = pattern
            for m in pattern.finditer(low):
                if m.end() - m.start() <= len(key) + 3:
                    claim(m.start(), m.end(), key)
        found.sort()
        out = []
        for start, end, key in found:
            original, same = self._same[key]
            alias = text[start:end]
            if alias.lower() != key:
                same = (original, *same)  # "找到了工作" stands for 找工作 and its synonyms
            out.append(Variant(alias, same, self._related.get(key, ())))
        return out


def _longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def default_synonyms() -> SynonymLookup:
    """The index layer's thesaurus, the same data retrieval expands queries with."""
    from wenbao.index.query import default_thesaurus

    return ThesaurusSynonyms(default_thesaurus())


class ThesaurusSynonyms(MappingSynonyms):
    """Adapts ``wenbao.index.query.Thesaurus``: ``a | b | c`` lines are synonym groups,
    ``a | b => x | y`` lines point a and b at the report words x and y."""

    def __init__(self, thesaurus: Thesaurus) -> None:
        groups: dict[str, set[str]] = {}
        related: dict[str, set[str]] = {}
        for entry in thesaurus.entries:
            if set(entry.triggers) == set(entry.expansions):
                head, *rest = entry.triggers
                groups.setdefault(head, set()).update(rest)
            else:
                for trigger in entry.triggers:
                    related.setdefault(trigger, set()).update(entry.expansions)
        super().__init__(groups, related)
