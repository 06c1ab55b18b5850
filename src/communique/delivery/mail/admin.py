"""The mail admin."""
