"""Push channels: e-mail subscriptions and advance copies (`mail`), signed webhooks
(`webhooks`). Every message is an outbox row before it leaves, sent by the worker."""
