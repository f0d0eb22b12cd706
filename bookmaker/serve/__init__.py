"""`bookmaker serve`: a live preview.  Builds the print edition's document and the EPUB, serves
them on 127.0.0.1, watches the book's folder (posts, book.toml, its own themes) and the
theme's, rebuilds on a change, and the open page reloads itself (server-sent events) or shows
the one-line error of a broken edit.  Ctrl-C stops it.

`builds.py` holds the preview's state and the build, `handler.py` the web server's answers.
"""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from bookmaker.console import say
from bookmaker.errors import BookmakerError, ReadError
from bookmaker.path_safety import is_inside
from bookmaker.project import book_root
from bookmaker.serve.builds import Preview
from bookmaker.serve.handler import handler_for

HOST = "127.0.0.1"


def serve(
    source: Path,
    outdir: Path,
    port: int,
    overrides: tuple[str, ...] = (),
    theme_name: str | None = None,
) -> None:
    """Serve SOURCE's preview on 127.0.0.1:PORT (0: any free port) until Ctrl-C."""
    if not source.exists():
        raise ReadError("no such file or folder", source)
    preview = Preview(source, outdir, overrides, theme_name, watched=(book_root(source).resolve(),))
    try:
        server = ThreadingHTTPServer((HOST, port), handler_for(preview))
    except OSError as exc:
        raise BookmakerError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    preview.rebuild()
    thread = threading.Thread(target=server.serve_forever, name="bookmaker-serve", daemon=True)
    thread.start()
    say(f"Serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        watch(preview)
    except KeyboardInterrupt:
        say("bookmaker: stopped serving", to_err=True)
    finally:
        server.shutdown()
        server.server_close()


def watch(preview: Preview) -> None:
    """Rebuild PREVIEW after each change to the folders it watches; when a build changes
    those folders (another theme chosen), watch the new ones."""
    import watchfiles

    outdir = preview.outdir.resolve()
    #: What an engine or a tool writes by itself: a change there is no edit.
    outputs = ("_site", "_build", "public", "resources", ".jekyll-cache", ".sass-cache")
    ignore = watchfiles.DefaultFilter(ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, *outputs))
    while True:
        folders = preview.watched

        def relevant(change: watchfiles.Change, path: str) -> bool:
            return ignore(change, path) and not is_inside(Path(path), outdir)

        for _changes in watchfiles.watch(*folders, watch_filter=relevant, raise_interrupt=True):
            preview.rebuild()
            if preview.watched != folders:
                break
