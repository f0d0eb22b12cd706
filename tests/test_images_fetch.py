"""The image fetcher on its own: which addresses it connects to, redirects, limits, the cache and
how many downloads run at once.  Every image comes from a server on 127.0.0.1."""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time
from pathlib import Path

import pytest
from helpers.images import Served, image_bytes, image_server

from bookmaker.images import addresses
from bookmaker.images.addresses import FetchError, checked_addresses, refusal
from bookmaker.images.cache import ImageCache
from bookmaker.images.fetch import FetchOptions, fetch_all
from bookmaker.images.http import Limits, download

OPEN = Limits(timeout=5, allow_private=True)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.1.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("2002:7f00:1::", "a loopback address"),
        ("64:ff9b::a9fe:a9fe", "a link-local address"),
        ("64:ff9b::5db8:d70e", None),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_only_public_addresses_are_allowed_by_default(address: str, why: str | None):
    assert refusal(ipaddress.ip_address(address), allow_private=False) == why


def test_allow_private_opens_the_local_network_but_never_multicast_or_reserved():
    allowed = ["127.0.0.1", "::1", "10.1.2.3", "169.254.1.1"]
    assert [refusal(ipaddress.ip_address(a), True) for a in allowed] == [None] * 4
    assert refusal(ipaddress.ip_address("224.0.0.1"), True) == "a multicast address"
    assert refusal(ipaddress.ip_address("240.0.0.1"), True) == "a reserved address"
    assert refusal(ipaddress.ip_address("0.0.0.0"), True) == "an unspecified address"


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch):
    def lookup(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    with pytest.raises(FetchError, match=r"images\.example is 10\.0\.0\.7, a private address"):
        checked_addresses("images.example", 80, allow_private=False)


def test_a_loopback_url_is_refused_before_any_request():
    with image_server() as server:
        url = server.add("/a.jpg", image_bytes())
        with pytest.raises(FetchError, match="127.0.0.1 is a loopback address"):
            download(url, Limits())
        assert server.requests == []


def test_the_fetcher_connects_to_the_address_it_checked(monkeypatch: pytest.MonkeyPatch):
    """One lookup per host: what was checked is what is connected to, with the host's name
    in the request (no second lookup a hostile name server could answer differently)."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def lookup(host, port, *args, **kwargs):
        lookups.append(host)
        return real("127.0.0.1" if host == "images.example" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    with image_server() as server:
        server.add("/a.png", image_bytes(kind="PNG"), "image/png")
        port = server.base.rsplit(":", 1)[1]
        got = download(f"http://images.example:{port}/a.png", OPEN)
        assert got.data[:8] == b"\x89PNG\r\n\x1a\n"
        names = [h for h in lookups if not _is_address(h)]  # urllib3 "looks up" the address too
        assert names == ["images.example"] and server.hosts == [f"images.example:{port}"]


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def test_a_redirect_to_a_loopback_address_is_refused(monkeypatch: pytest.MonkeyPatch):
    """127.0.0.2 stands for a public server here; it redirects to 127.0.0.1, which must be
    refused like any loopback address, without a request reaching it."""

    def as_public(ip, allow_private):
        return None if str(ip) == "127.0.0.2" else refusal(ip, allow_private)

    monkeypatch.setattr(addresses, "refusal", as_public)
    with image_server("127.0.0.1") as inside, image_server("127.0.0.2") as outside:
        target = inside.add("/secret.png", image_bytes(kind="PNG"), "image/png")
        outside.routes["/photo.jpg"] = Served(status=302, location=target)
        with pytest.raises(FetchError, match="refused: 127.0.0.1 is a loopback address"):
            download(outside.base + "/photo.jpg", Limits(timeout=5))
        assert outside.requests == ["/photo.jpg"] and inside.requests == []


def test_redirects_are_followed_up_to_a_limit():
    with image_server() as server:
        final = server.add("/final.jpg", image_bytes())
        server.routes["/moved.jpg"] = Served(status=301, location="/final.jpg")
        assert download(server.base + "/moved.jpg", OPEN).url == final
        for n in range(7):
            server.routes[f"/loop{n}"] = Served(status=302, location=f"/loop{n + 1}")
        with pytest.raises(FetchError, match="more than 5 redirects"):
            download(server.base + "/loop0", OPEN)


def test_an_address_with_spaces_and_accents_is_asked_for_percent_encoded():
    with image_server() as server:
        server.add("/my%20photos/%C3%A9t%C3%A9.jpg", image_bytes())
        assert download(server.base + "/my photos/été.jpg", OPEN).data[:2] == b"\xff\xd8"
        assert server.requests == ["/my%20photos/%C3%A9t%C3%A9.jpg"]


def test_a_redirect_to_another_scheme_is_refused():
    with image_server() as server:
        server.routes["/a.jpg"] = Served(status=302, location="file:///etc/hostname")
        with pytest.raises(FetchError, match="not an http or https address"):
            download(server.base + "/a.jpg", OPEN)


def test_size_cap_content_type_and_status():
    with image_server() as server:
        big = server.add("/big.jpg", b"\xff\xd8" + b"0" * 5000)
        page = server.add("/page.jpg", b"<html>login</html>", "text/html; charset=utf-8")
        with pytest.raises(FetchError, match="larger than"):
            download(big, Limits(timeout=5, max_bytes=4000, allow_private=True))
        with pytest.raises(FetchError, match="sent text/html, not an image"):
            download(page, OPEN)
        with pytest.raises(FetchError, match="answered 404"):
            download(server.base + "/gone.jpg", OPEN)


def test_a_slow_server_is_given_up_on_at_the_deadline():
    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100):  # a trickle: each byte well inside a read timeout
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="took longer than 0.5 s"):
            download(f"http://127.0.0.1:{httpd.server_address[1]}/a.jpg", Limits(0.5, 10**6, True))
        assert time.monotonic() - started < 3
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_downloads_are_checked_cached_by_url_and_bounded_in_number(tmp_path: Path):
    active, peak = [0], [0]
    lock = threading.Lock()

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.2)
            body = image_bytes() if "bad" not in self.path else b"GIF89a but not really"
            with lock:  # before the client has the whole answer and may ask again
                active[0] -= 1
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    urls = [f"{base}/{n}.jpg" for n in range(6)] + [f"{base}/bad.jpg"]
    cache = ImageCache(tmp_path / "cache")
    seen: list[tuple[int, int, int]] = []
    try:
        options = FetchOptions(limits=OPEN, connections=2)
        first = fetch_all(urls, cache, options, lambda *p: seen.append(p))
        again = fetch_all(urls[:6], cache, options)
        offline = fetch_all([f"{base}/new.jpg"], cache, FetchOptions(online=False))
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert peak[0] <= 2
    assert sorted(first.files) == sorted(urls[:6]) and first.downloaded == 6
    assert "is not an image" in first.failures[urls[6]]
    assert seen[-1] == (7, 7, 1) and [s[0] for s in seen] == list(range(1, 8))
    assert again.downloaded == 0 and again.files == {u: first.files[u] for u in urls[:6]}
    assert offline.files == {} and offline.failures == {}
    assert all(p.parent == cache.downloads and p.suffix == ".jpg" for p in first.files.values())
