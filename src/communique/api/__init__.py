"""The JSON API (django-ninja) under /api/v1/: reads through the newsroom's public gate,
writes through the editorial services, both with a per-token rate limit."""
