"""POST /retrieval as Dify itself calls it, over a real socket.

The requests are built the way Dify builds them, read from Dify's own code (no code copied):
- langgenius/dify api/services/external_knowledge_service.py @ 68d5f22311030fd3949b210881a96f304ef91469,
  ``fetch_external_knowledge_retrieval``: the body is ``{"retrieval_setting": {"top_k":
  external_retrieval_parameters.get("top_k"), "score_threshold": ...}, "query", "knowledge_id",
  "metadata_condition": metadata_condition.model_dump() or None}``, and any reply but a 200 is
  taken as no records at all (so every refusal below would be a silently empty Dify answer);
- api/core/rag/entities/metadata_entities.py @ 192d787a470fdcacdf9597b41a593db9bd7f43b1: a
  ``Condition`` is ``{name: str, comparison_operator, value: str | Sequence[str] | Sequence[int] |
  Sequence[float] | int | float | None}``; ``MetadataCondition`` has ``logical_operator:
  Optional["and" | "or"]`` and ``conditions: Optional[list]`` (model_dump writes their nulls);
- api/core/rag/retrieval/dataset_retrieval.py @ ceda1cb0528f8175e1fdeff8e28b559cbf221ae4: the
  built-in metadata names (document_name, upload_date, last_update_date, …), upload dates kept as
  Unix timestamps, and ``before`` / ``after`` compared as integers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from service_fixtures import DIFY_API_KEY

KEY = {"Authorization": f"Bearer {DIFY_API_KEY}", "Content-Type": "application/json"}
GDP_2024 = "2024年上半年鼓楼区地区生产总值是多少？"
JAN_1_2024 = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())  # 1704067200


def dify_body(
    query: str,
    top_k: int | None = 5,
    threshold_enabled: bool = False,
    threshold: float = 0.5,
    metadata_condition: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The body fetch_external_knowledge_retrieval posts: a dataset's retrieval_model may lack
    top_k (then null), the threshold is 0.0 unless enabled."""
    return {
        "retrieval_setting": {"top_k": top_k, "score_threshold": threshold if threshold_enabled else 0.0},
        "query": query,
        "knowledge_id": "default",
        "metadata_condition": metadata_condition,
    }


def condition_dump(logical_operator: str | None, *conditions: tuple[str, str, Any]) -> dict[str, Any]:
    """MetadataCondition(...).model_dump(): every field written, nulls included."""
    return {
        "logical_operator": logical_operator,
        "conditions": [{"name": n, "comparison_operator": op, "value": v} for n, op, v in conditions]
        if conditions
        else None,
    }


def records(api: httpx.Client, body: dict[str, Any]) -> list[dict[str, Any]]:
    """What Dify keeps: `records` of a 200 reply, anything else is no records."""
    response = api.post("/retrieval", json=body, headers=KEY)
    assert response.status_code == 200, (
        f"Dify would show no knowledge: {response.status_code} {response.text}"
    )
    found: list[dict[str, Any]] = response.json().get("records", [])
    return found


def docs(found: list[dict[str, Any]]) -> set[str]:
    return {r["metadata"]["doc_id"] for r in found}


def test_top_k_null_gets_the_default_number_of_records(api: httpx.Client) -> None:
    found = records(api, dify_body("地区生产总值", top_k=None))
    assert len(found) == 5


def test_null_operator_and_null_conditions_are_no_filter(api: httpx.Client) -> None:
    everything = records(api, dify_body("地区生产总值", top_k=10))
    assert docs(everything) == {"gulou-2021-h1", "gulou-2024-h1"}
    assert (
        records(api, dify_body("地区生产总值", top_k=10, metadata_condition=condition_dump(None)))
        == everything
    )
    # a null operator with conditions: Dify's default, "and"
    both = condition_dump(None, ("year", "≥", 2021), ("year", "<", 2022))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=both))) == {
        "gulou-2021-h1"
    }


def test_a_condition_left_without_a_value_is_no_condition(api: httpx.Client) -> None:
    """Dify's manual filter sends every condition of its editor, set or not, and applies only
    those with a value (dataset_retrieval.py, _get_metadata_filter_condition)."""
    half_set = condition_dump("and", ("year", "=", 2021), ("title", "contains", None))
    found = records(api, dify_body("地区生产总值", top_k=10, metadata_condition=half_set))
    assert docs(found) == {"gulou-2021-h1"}


def test_in_takes_a_list_of_integers(api: httpx.Client) -> None:
    cond = condition_dump("and", ("year", "in", [2024]))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=cond))) == {
        "gulou-2024-h1"
    }
    cond = condition_dump("and", ("year", "not in", [2024, 2030]))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=cond))) == {
        "gulou-2021-h1"
    }


def test_difys_built_in_metadata_names_map_onto_the_reports(api: httpx.Client) -> None:
    by_name = condition_dump("and", ("document_name", "contains", "2024年"))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=by_name))) == {
        "gulou-2024-h1"
    }
    # upload_date is when the report was indexed (this session): after 2024, not before
    later = condition_dump("and", ("upload_date", "after", JAN_1_2024))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=later))) == {
        "gulou-2021-h1",
        "gulou-2024-h1",
    }
    earlier = condition_dump("and", ("upload_date", "before", JAN_1_2024))
    assert records(api, dify_body("地区生产总值", top_k=10, metadata_condition=earlier)) == []


def test_dates_compare_as_timestamps_or_iso_dates(api: httpx.Client) -> None:
    before = condition_dump("and", ("date", "before", JAN_1_2024))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=before))) == {
        "gulou-2021-h1"
    }
    after = condition_dump("and", ("date", "after", "2024-01-01"))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=after))) == {
        "gulou-2024-h1"
    }
    year_before = condition_dump("and", ("year", "before", JAN_1_2024))
    assert docs(records(api, dify_body("地区生产总值", top_k=10, metadata_condition=year_before))) == {
        "gulou-2021-h1"
    }


def test_a_long_query_is_cut_not_refused(api: httpx.Client) -> None:
    # a workflow that passes the user's whole message: the question, then a long paste
    long_query = GDP_2024 + "以下是我整理的背景材料。" + "经济运行总体平稳，" * 200
    found = records(api, dify_body(long_query, top_k=3))
    assert found and "1020.53" in found[0]["content"]


def test_the_error_for_a_body_that_is_not_difys_names_difys_fields(api: httpx.Client) -> None:
    response = api.post("/retrieval", content=b"", headers=KEY)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"error_code", "error_msg"}
    assert "question" not in body["error_msg"]
    assert "knowledge_id" in body["error_msg"] and "retrieval_setting" in body["error_msg"]


def test_dify_threshold_keeps_an_answer_and_drops_a_question_the_reports_do_not_answer(
    api: httpx.Client,
) -> None:
    """Scores are the probability that a passage holds the answer, so Dify's default threshold
    (0.5, sent only when enabled) separates across questions, not within one list."""
    kept = records(api, dify_body(GDP_2024, threshold_enabled=True))
    assert kept and "1020.53" in kept[0]["content"]
    assert all(r["score"] >= 0.5 for r in kept) and len(kept) <= 2, "not the whole list"
    unanswerable = records(api, dify_body("火星基地建设了多少个发射塔？", threshold_enabled=True))
    assert unanswerable == []
    scores = [r["score"] for r in records(api, dify_body("火星基地建设了多少个发射塔？", top_k=10))]
    assert scores and max(scores) < 0.5 and scores == sorted(scores, reverse=True)
