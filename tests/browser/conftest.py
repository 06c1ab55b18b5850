"""Playwright driving Debian's Chromium against the live test server. Never downloads a browser."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # happen in its own thread, but fixtures that touch the database run here. For the rest
    # of the session asgiref keeps this thread's connections apart from those it opened
    # before the loop: a close here does not reach them (publishing/export.py, which forks).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
