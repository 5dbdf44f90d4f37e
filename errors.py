"""Domain errors. Library code raises these; only the CLI and HTTP edges turn
them into exit codes and status codes, using the sentence in ``message``."""

from __future__ import annotations


class WenbaoError(Exception):
    """Base class: ``message`` is a sentence a user can act on (often Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- ingest -----------------------------------------------------------------
class IngestError(WenbaoError):
    """A file could not be turned into a report."""


class UnsupportedFormatError(IngestError):
    """The file type is not one we read (.txt, .docx, .pdf)."""


class UnreadableDocumentError(IngestError):
    """The file claims a format but its content is not readable as such."""


class EmptyDocumentError(IngestError):
    """The file holds no text."""


class InvalidMetadataError(IngestError):
    """Metadata given by the uploader (form fields, --place, a .meta.json) is not valid."""


class UnstructuredTextError(IngestError):
    """The text has no sentences or paragraphs a passage could be cut from and quoted."""


class DocumentExistsError(WenbaoError):
    """The report is already stored and the caller did not ask to replace it."""

    def __init__(self, message: str, doc_id: str) -> None:
        super().__init__(message)
        self.doc_id = doc_id


# --- index ------------------------------------------------------------------
class IndexStoreError(WenbaoError):
    """Base for problems with the stored index."""


class IndexNotBuiltError(IndexStoreError):
    """No index exists yet under the data directory."""


class IndexMismatchError(IndexStoreError):
    """The stored index was built with another embedder or chunker version."""


class IndexCorruptError(IndexStoreError):
    """A stored index file is missing, truncated or unreadable."""


class StoreUnavailableError(IndexStoreError):
    """The vector store (a Milvus server) cannot be reached or refused a request."""


class StorageWriteError(IndexStoreError):
    """The data directory cannot be written (read-only, full)."""


class EmbedderConfigError(IndexStoreError):
    """WENBAO_EMBEDDER names no embedder we can load."""


class DocumentNotFoundError(WenbaoError):
    """No stored document has that id."""


class ChunkNotFoundError(WenbaoError):
    """No stored chunk has that id."""


# --- knowledge bases (index/bases.py) ----------------------------------------
class KnowledgeBaseError(WenbaoError):
    """Base for refusals about knowledge bases."""


class KnowledgeBaseNotFoundError(KnowledgeBaseError):
    """A knowledge base id (API `kb`, CLI `--kb`, MCP `kb`, Dify `knowledge_id`) that names no base."""


class KnowledgeBaseExistsError(KnowledgeBaseError):
    """A base with that id exists already."""


class KnowledgeBaseNotEmptyError(KnowledgeBaseError):
    """The base still holds reports and the caller did not force its deletion."""


class KnowledgeBaseProtectedError(KnowledgeBaseError):
    """The default base cannot be deleted: it is where a request without `kb` goes."""


class InvalidKnowledgeBaseError(KnowledgeBaseError):
    """An id, name or description a base cannot have (not a short lowercase slug, too long…)."""


# --- answering --------------------------------------------------------------
class InvalidQuestionError(WenbaoError):
    """The question is empty, too long or otherwise unusable."""


class LLMUnavailableError(WenbaoError):
    """The optional LLM answerer failed, timed out or is not configured."""
