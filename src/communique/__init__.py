"""Communiqué: a publishing platform for press offices, dated in both calendars."""

__version__ = "0.1.0"
