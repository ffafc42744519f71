"""Helpers shared by tests (imported by tests, never from conftest)."""
