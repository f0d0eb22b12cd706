"""`bookmaker serve` in a real browser: Debian's headless Chromium, driven through its
chromium-driver by selenium.  Load the page, edit a post, see the new text without reloading
by hand; a broken edit shows its one-line error in the page and the server keeps going.

CI installs chromium and chromium-driver (`.ci/run`); elsewhere the browser test is skipped
when they are missing, and under CI it fails instead, so it can never pass by not running."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.paths import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: How long a rebuild may take on a busy 2-core machine before the test gives up.
WAIT = 90

POST = "---\ntitle: Live\ndate: 2024-03-01\nauthor: Ann\n---\n{text}\n"


class Server:
    """`bookmaker serve` in a child process, with the address it printed."""

    def __init__(self, book: Path, outdir: Path):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bookmaker",
                "serve",
                str(book),
                "--port",
                "0",
                "-o",
                str(outdir),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for("Serving ").split()[1]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def _wait_for(self, start: str) -> str:
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                pytest.fail(f"bookmaker serve said no {start!r} in {WAIT} s")
            if line.startswith(start):
                return line

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def live_book(tmp_path: Path) -> Iterator[tuple[Path, Server]]:
    book = tmp_path / "book"
    book.mkdir()
    (book / "book.toml").write_text('[book]\ntitle = "Live Book"\n')
    (book / "2024-03-01-live.md").write_text(POST.format(text="The first version of the text."))
    server = Server(book, tmp_path / "_build")
    yield book, server
    server.stop()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_serves_only_the_preview_on_localhost(live_book):
    _, server = live_book
    assert server.url.startswith("http://127.0.0.1:")
    status, index = _get(server.url)
    assert status == 200 and "/html/live-book.html" in index and "chapter-001.xhtml" in index
    status, page = _get(server.url + "epub/chapter-001.xhtml")
    assert status == 200 and "The first version of the text." in page
    assert '<script src="/__bookmaker__/live.js" data-build="1"></script></body>' in page
    for outside in ("html/../../book/book.toml", "html/%2e%2e/%2e%2e/book/book.toml", "book.toml"):
        assert _get(server.url + outside)[0] == 404


def _browser():  # type: ignore[no-untyped-def]
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are missing; .ci/run installs them")
        pytest.skip("needs Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        options.add_argument(flag)
    return options, Service(executable_path=DRIVER)


def _text(driver) -> str:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def test_an_edit_reaches_the_open_page_and_a_broken_edit_shows_its_error(live_book, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    book, server = live_book
    options, service = _browser()
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        wait = WebDriverWait(driver, WAIT)
        post = book / "2024-03-01-live.md"
        for page in ("html/live-book.html", "epub/chapter-001.xhtml"):
            driver.get(server.url + page)
            wait.until(lambda d: "The first version of the text." in _text(d))
            driver.execute_script("window.bookmakerMark = 1")  # gone after any reload
            post.write_text(POST.format(text=f"An edited sentence for {page}."))
            wait.until(lambda d, p=page: f"An edited sentence for {p}." in _text(d))
            assert driver.execute_script("return window.bookmakerMark") is None
            post.write_text("---\ntitle: Broken\n")  # front matter never closed
            banner = wait.until(lambda d: d.find_elements(By.ID, "bookmaker-error"))
            message = banner[0].text
            assert "2024-03-01-live.md:1: front matter is not closed" in message
            assert "\n" not in message.strip() and "Traceback" not in message
            assert f"An edited sentence for {page}." in _text(driver)  # the last good build
            assert server.process.poll() is None  # the server goes on
            post.write_text(POST.format(text="The first version of the text."))
            wait.until(lambda d: not d.find_elements(By.ID, "bookmaker-error"))
            wait.until(lambda d: "The first version of the text." in _text(d))
    finally:
        driver.quit()
