"""Benchmarks: synthetic corpora and measurements (figures, not pass/fail)."""
