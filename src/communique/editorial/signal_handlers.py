"""The editorial app's signal wiring, in one place."""

from communique.editorial.demo import load_demo_staff
from communique.newsroom.extensions import demo_loaded


def add_demo_staff(sender, *, progress, **kwargs) -> None:
    """`communique demo`: the demo staff accounts, their roles and a scheduled release."""
    load_demo_staff(progress=progress)


def register_signal_handlers() -> None:
    demo_loaded.connect(add_demo_staff, dispatch_uid="editorial:demo")
