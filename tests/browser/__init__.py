"""Helpers for tests and benchmarks that open pages in a headless Chromium."""
