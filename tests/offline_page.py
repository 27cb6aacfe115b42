"""A page opened from file:// in the tests' Chromium, with every other request aborted and counted.

Shared by the page tests (tests/test_pages.py: pyvis pages; tests/test_webgl.py: network.html);
each subclasses OfflinePage with what its page offers (vis-network or sigma.js).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, BrowserContext, Request, Route

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # screenshots, at the repository root
VIEWPORT = {"width": 1400, "height": 900}

P = TypeVar("P", bound="OfflinePage")


@dataclass
class OfflinePage:
    """One page opened from file://, with everything it asked for and complained about."""

    page: Any  # playwright.sync_api.Page
    url: str
    requests: list[str] = field(default_factory=list)  # every request the page made, the file included
    blocked: list[str] = field(default_factory=list)  # non-file:// requests, aborted
    errors: list[str] = field(default_factory=list)  # uncaught exceptions
    console: list[str] = field(default_factory=list)  # console.error messages (CSP violations land here)
    ready_seconds: float = 0.0  # from navigation until the ready expression held

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def until(self, check: Any, seconds: float = 5.0) -> Any:
        """check()'s first truthy value, or its last one after `seconds`: a busy machine may draw a
        click's effect a few frames late."""
        deadline = time.monotonic() + seconds
        while not (value := check()) and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        return value

    def poll(self, expression: str, arg: Any = None, seconds: float = 5.0) -> Any:
        """The expression's first truthy value; page.evaluate, since the page's CSP forbids eval."""
        return self.until(lambda: self.js(expression, arg), seconds)

    def assert_clean(self) -> None:
        assert self.requests == [self.url], f"requests beyond the page itself: {self.requests}"
        assert self.blocked == []
        assert self.errors == [], self.errors
        assert self.console == [], self.console

    def search(self, text: str) -> str:
        self.page.fill("#search-input", text)
        self.page.click("#search button[type=submit]")
        return self.page.text_content("#status") or ""

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


def open_offline(
    browser: Browser, contexts: list[BrowserContext], kind: type[P], path: Path, ready: str, seconds: float
) -> P:
    """Opens `path` in a new context (kept in `contexts` for closing) and waits, at most `seconds`,
    until the JavaScript expression `ready` is true; a page that throws fails the test at once."""
    context = browser.new_context(viewport=VIEWPORT)
    contexts.append(context)
    page = context.new_page()
    opened = kind(page, path.resolve().as_uri())

    def route(route: Route, request: Request) -> None:
        if request.url.startswith("file://"):
            route.continue_()
        else:
            opened.blocked.append(request.url)
            route.abort()

    page.route("**/*", route)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("console", lambda m: opened.console.append(m.text) if m.type == "error" else None)
    start = time.monotonic()
    page.goto(opened.url)
    while not opened.js(ready):
        if opened.errors or time.monotonic() - start > seconds:
            pytest.fail(f"{path.name}: not ready after {seconds} s; page errors {opened.errors}")
        page.wait_for_timeout(25)
    opened.ready_seconds = time.monotonic() - start
    return opened
