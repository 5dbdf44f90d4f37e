"""Index and retrieval: embedders, FAISS vectors, jieba BM25, fusion, persistence."""
