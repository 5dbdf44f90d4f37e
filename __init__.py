"""问报 wenbao: ask Chinese government reports, get exact answers with citations.

The repository root is the ``wenbao`` import package (see ``package-dir`` in
pyproject.toml); its top-level folders are the pipeline layers, one way down:
``service`` → ``answering`` → ``index`` → ``ingest``, with ``settings``,
``errors`` and ``documents`` (the data types) at the bottom.
"""

__version__ = "0.1.0"
