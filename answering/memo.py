"""Work done once per question frame, not once per passage piece scored against it.

A frame is immutable (a frozen dataclass), so what a function reads of the frame alone is the
same for each of the ~130 pieces a question scores: ``per_frame`` keeps the result on the frame
object itself. Not a cache to clear: a new question builds a new frame (``dataclasses.replace``
too), which starts without it, and the frame's equality and hash read its fields only."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, Generic, TypeVar

R = TypeVar("R")


class PerFrame(Generic[R]):
    """``fn(frame)`` worked out once per frame object, kept in the frame's ``__dict__`` (which a
    frozen dataclass leaves writable); ``computed`` counts the times ``fn`` ran (for tests)."""

    def __init__(self, fn: Callable[[Any], R]) -> None:
        self.fn = fn
        self.key = f"_per_frame_{fn.__module__}.{fn.__qualname__}"
        self.computed = 0
        update_wrapper(self, fn)

    def __call__(self, frame: Any) -> R:
        kept = frame.__dict__
        if self.key in kept:
            out: R = kept[self.key]
            return out
        self.computed += 1
        out = kept[self.key] = self.fn(frame)
        return out


def per_frame(fn: Callable[[Any], R]) -> PerFrame[R]:
    return PerFrame(fn)
