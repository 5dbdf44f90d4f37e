"""Paths and small helpers shared by tests (importable as `support`: tests/ is on sys.path)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_2021 = SEEDS / "gulou-2021-h1.txt"
SEED_2024 = SEEDS / "gulou-2024-h1.txt"
