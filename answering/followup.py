"""Turns an elliptical follow-up ("那2021年呢？", "增长了多少？") into a standalone question.

No model: the previous question's slots (year, period, district, topic, asked
aspect) are carried over and the slots the new turn names replace them.
"""

from __future__ import annotations

from collections.abc import Sequence

from wenbao.answering.history import Turn, user_questions
from wenbao.answering.question import QuestionAnalyzer, QuestionFrame


class FollowupRewriter:
    def __init__(self, analyzer: QuestionAnalyzer | None = None) -> None:
        self.analyzer = analyzer or QuestionAnalyzer()

    def rewrite(self, question: str, history: Sequence[Turn] = ()) -> str:
        """The standalone form of ``question`` given the earlier turns (oldest first).

        Earlier questions are rewritten in turn, so a third turn builds on the
        second turn's standalone form rather than on its bare words.
        """
        previous: str | None = None
        for earlier in user_questions(history):
            previous = self._rewrite_one(earlier, previous)
        return self._rewrite_one(question, previous)

    def _rewrite_one(self, question: str, previous: str | None) -> str:
        question = question.strip()
        if previous is None:
            return question
        new = self.analyzer.analyze(question)
        if not new.elliptical:
            return question
        old = self.analyzer.analyze(previous)
        if not (old.topic or old.body):
            return question
        return compose(new, old)


def compose(new: QuestionFrame, old: QuestionFrame) -> str:
    years = new.years or old.years
    # A new year with no period keeps the old period: "那2021年呢？" after "2024年上半年…".
    period = new.period or old.period or ""
    places = new.places or old.places
    when = "和".join(f"{y}年" for y in years) + period
    where = "".join(places)
    if new.topic or new.aspect_text:
        topic = new.topic or old.topic
        if new.qualifier and old.topic and new.topic not in old.topic:
            topic = f"{old.topic}{new.topic}"
        aspect = new.aspect_text or old.aspect_text
        body = f"{topic}{aspect}"
    else:
        # Only the year, period or district changed: keep the old wording whole.
        body = old.body
    return f"{when}{where}{body}？"
