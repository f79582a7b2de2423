"""Benchmarks of egov: ``python -m bench`` prints figures relative to a baseline measured in
the same run (a primary-key lookup), so they compare across machines; it never asserts
timings."""
