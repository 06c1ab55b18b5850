"""webhooks models."""

__all__: list[str] = []
