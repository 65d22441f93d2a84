"""Fixtures for the tests of the built companion site (``make docs`` writes docs/_build/html).

The browser tests drive Debian's headless Chromium through its ChromeDriver with Selenium; they
never let a tool download a browser or a driver. Paths: ``$SMARTCASE_CHROMIUM`` (default
``/usr/bin/chromium``) and ``$SMARTCASE_CHROMEDRIVER`` (default ``/usr/bin/chromedriver``).
Without the built site, the browser or the driver the tests are skipped with the reason.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitetools import SITE

CHROMIUM = os.environ.get("SMARTCASE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SMARTCASE_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
)


def _need_site() -> None:
    if not (SITE / "index.html").is_file():
        pytest.skip(f"the site is not built ({SITE}); run `make docs` (make docs-test does)")


@pytest.fixture(scope="session")
def site() -> Path:
    _need_site()
    return SITE


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """A static web server on 127.0.0.1 serving the built site; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium driven through /usr/bin/chromedriver, with console and network logs."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"no Chromium at {CHROMIUM}; install it with tools/install-system-deps.sh "
            "(Debian: chromium chromium-driver) or set SMARTCASE_CHROMIUM"
        )
    if not (Path(CHROMEDRIVER).is_file() and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip(
            f"no ChromeDriver at {CHROMEDRIVER}; install it with tools/install-system-deps.sh "
            "(Debian: chromium-driver) or set SMARTCASE_CHROMEDRIVER"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (the docs extra)")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download
    profile = tempfile.mkdtemp(prefix="smartcase-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
