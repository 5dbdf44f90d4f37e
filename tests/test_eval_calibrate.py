"""Which question sets the answerability judge may be fitted on: tuning material only."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenbao.eval.calibrate import TuningSet
from wenbao.eval.runner import EvalError


def test_a_set_is_fitted_on_its_tune_half_unless_all_of_it_is_tuning_material() -> None:
    assert TuningSet.parse("sets/questions") == TuningSet(Path("sets/questions"), "tune")
    assert TuningSet.parse("sets/dev@all") == TuningSet(Path("sets/dev"), "all")
    assert TuningSet.parse("sets/dev@tune").split == "tune"


def test_a_held_out_half_is_never_fitted_on() -> None:
    with pytest.raises(EvalError):
        TuningSet.parse("sets/questions@heldout")
