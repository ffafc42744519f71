"""Tests of pressroom.rendering (no Flask app needed)."""
