"""Output of the index commands (``wenbao ingest/remove/index/search/kb``); cli.py stays thin."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from wenbao.documents import Hit, MetaOverride
from wenbao.errors import DocumentExistsError
from wenbao.index.bases import KnowledgeBaseRegistry
from wenbao.index.library import IngestResult, ReportLibrary
from wenbao.settings import DEFAULT_KB, get_settings

STATUS_WORDS = {"added": "已添加", "replaced": "已更新", "unchanged": "未变化"}


def open_registry() -> KnowledgeBaseRegistry:
    return KnowledgeBaseRegistry(get_settings())


def open_library(kb: str = DEFAULT_KB) -> ReportLibrary:
    """The library of knowledge base ``kb`` (KnowledgeBaseNotFoundError names the bases there are)."""
    return open_registry().library(kb)


def echo_bases(registry: KnowledgeBaseRegistry, as_json: bool) -> None:
    """``wenbao kb list``: every base with its report and passage counts (read from the manifests,
    no model loaded)."""
    rows = []
    for base in registry.bases():
        documents, chunks = registry.stored(base.id)
        row = {**base.to_json(), "created": base.created or None}
        rows.append({**row, "document_count": documents, "chunk_count": chunks})
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        counts = (
            "索引无法读取"
            if r["document_count"] < 0
            else f"{r['document_count']} 份报告，{r['chunk_count']} 段"
        )
        typer.echo(
            f"{r['id']:<16}{r['name']}（{counts}）" + (f"  {r['description']}" if r["description"] else "")
        )


class IngestProgressBar:
    """A tqdm bar over the chunks of an ingest (chunks/s and ETA), for large inputs only:
    a small file is done before a bar would say anything."""

    MIN_CHUNKS = 200

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "embedding" and self.bar is None and total >= self.MIN_CHUNKS:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="段", desc="向量化", dynamic_ncols=True, smoothing=0.05)
        if self.bar is None:
            return
        if stage == "indexing":
            self.bar.set_description("写入索引")
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def ingest_with_progress(
    library: ReportLibrary, paths: Sequence[Path], override: MetaOverride, replace: bool
) -> list[IngestResult]:
    """``wenbao ingest``: a progress bar for large inputs, and no replacement unless asked."""
    bar = IngestProgressBar()
    try:
        return library.ingest(paths, override, replace=replace, progress=bar)
    except DocumentExistsError as exc:
        raise DocumentExistsError(f"{exc.message}如要替换，请加 --replace。", exc.doc_id) from exc
    finally:
        bar.close()


def echo_ingest_results(results: Sequence[IngestResult], library: ReportLibrary | None = None) -> None:
    if not results:
        typer.echo("没有找到可导入的报告文件（.txt、.docx、.pdf）。")
        return
    infos = {d.meta.doc_id: d for d in library.documents()} if library is not None else {}
    for r in results:
        typer.echo(f"{STATUS_WORDS.get(r.status, r.status)} {r.doc_id}（{r.chunk_count} 段）← {r.path}")
        info = infos.get(r.doc_id)
        if info is not None:
            m = info.meta
            typer.echo(f"    {m.place or '地区未识别'} · {m.kind} · {m.year or '-'}年 · {m.title}")
            for warning in m.warnings:
                typer.echo(f"    注意：{warning}", err=True)


def echo_index_status(library: ReportLibrary) -> None:
    library.warm_up()
    docs = library.documents()
    if library.settings.kb != DEFAULT_KB:
        typer.echo(f"知识库：{library.settings.kb}")
    typer.echo(f"数据目录：{library.settings.data_dir}")
    typer.echo(f"嵌入模型：{library.embedder.name}（{library.embedder.dim} 维）")
    typer.echo(f"报告 {len(docs)} 份，段落 {sum(d.chunk_count for d in docs)} 个：")
    for d in docs:
        m = d.meta
        typer.echo(f"  {m.doc_id}  {m.place or '-'}  {m.year or '-'}  {d.chunk_count} 段  {m.title}")


def hit_json(n: int, hit: Hit) -> dict[str, object]:
    return {"rank": n, "score": round(hit.score, 6), "ranks": hit.ranks, "chunk": hit.chunk.to_dict()}


def echo_hits(hits: Sequence[Hit], as_json: bool) -> None:
    if as_json:
        for n, hit in enumerate(hits, start=1):
            typer.echo(json.dumps(hit_json(n, hit), ensure_ascii=False))
        return
    if not hits:
        typer.echo("没有找到相关段落。")
    for n, hit in enumerate(hits, start=1):
        c = hit.chunk
        where = " › ".join(c.heading_labels) or "（开头）"
        ranks = ", ".join(f"{k}={v if v is not None else '-'}" for k, v in hit.ranks.items())
        typer.echo(f"[{n}] {c.year or ''} {c.doc_id} · {where}  (score {hit.score:.4f}; {ranks})")
        typer.echo(f"    {c.text}")
