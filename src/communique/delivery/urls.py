"""Public pages of the push channels (under /<lang>/)."""

from communique.delivery.mail.urls import urlpatterns as mail_urlpatterns

app_name = "delivery"
urlpatterns: list = [*mail_urlpatterns]
