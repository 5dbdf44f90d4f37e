"""Benchmarks: scripts that print p50/p95 and throughput (no timed tests)."""
