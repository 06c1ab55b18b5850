"""The delivery app's models live with their channel; Django finds them here."""

from communique.delivery.mail.models import *  # noqa: F403
from communique.delivery.webhooks.models import *  # noqa: F403
