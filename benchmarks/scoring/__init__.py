"""Scoring of the documented commands' JSON output against a world's ground truth."""
