from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "communique.accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        # Models are ready only now: the handlers import the audit log's.
        from django.contrib import admin

        from communique.accounts.forms import StaffSignInForm
        from communique.accounts.signal_handlers import register_signal_handlers

        register_signal_handlers()
        admin.site.login_form = StaffSignInForm
        admin.site.login_template = "accounts/login.html"
