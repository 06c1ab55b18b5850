"""Each channel's admin lives with the channel."""

from communique.delivery.mail import admin as mail_admin  # noqa: F401
from communique.delivery.webhooks import admin as webhooks_admin  # noqa: F401
