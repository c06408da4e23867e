"""Benchmarks of the web map: `python -m bench` (see bench/README.md)."""
