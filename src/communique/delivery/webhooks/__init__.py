"""Webhooks: signed HTTP calls to partners' systems on publication, correction, withdrawal."""
