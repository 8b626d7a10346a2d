"""Helpers shared by the tests and the benchmarks (synthetic data), so neither imports the other."""
