"""The webhooks admin."""
