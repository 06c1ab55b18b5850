"""Public pages of the push channels (under /<lang>/)."""

urlpatterns: list = []
