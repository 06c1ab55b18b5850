"""E-mail: subscriptions, confirmation, messages on publication, digests, advance copies."""
