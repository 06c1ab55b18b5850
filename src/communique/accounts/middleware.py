"""Two-factor sign-in in the admin, after Django's authentication and django_otp's middleware."""

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from communique.accounts import selectors
from communique.addresses import address


class TwoFactorMiddleware:
    """In the admin, a person with a second factor counts as signed in only once a code was
    given; a site administrator whom the organisation requires it of sets one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin's address remembered, and the path asked first: on a public page (every
        # request but the admin's) the lazy user is not loaded here.
        user = request.user
        if request.path.startswith(address("admin:index")) and user.is_authenticated:
            if selectors.has_two_factor(user) and not user.is_verified():
                logout(request)
                return redirect(f"{reverse('admin:login')}?next={request.path}")
            setup = reverse("accounts:two-factor")
            exempt = {setup, reverse("admin:logout"), reverse("admin:jsi18n")}
            if request.path not in exempt and selectors.must_set_up_two_factor(user):
                return redirect(setup)
        return self.get_response(request)
