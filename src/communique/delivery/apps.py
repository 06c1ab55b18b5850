from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "communique.delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from communique.delivery.mail import signal_handlers as mail
        from communique.delivery.webhooks import signal_handlers as webhooks

        mail.connect()
        webhooks.connect()
