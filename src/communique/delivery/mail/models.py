"""mail models."""

__all__: list[str] = []
