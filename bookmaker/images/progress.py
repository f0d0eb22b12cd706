"""images: the progress line of the downloads, for the person waiting: rewritten in place on a
terminal, else printed once when they are over."""

from __future__ import annotations

from rich.console import Console

from bookmaker.images.fetch import Progress


def download_line(console: Console) -> Progress:
    """What hears how the downloads go and says so on CONSOLE."""

    def show(done: int, total: int, failed: int) -> None:
        more = f", {failed} failed" if failed else ""
        if console.is_terminal:
            line = f"Fetching images: {done}/{total}{more}"
            console.print(line, end="\r" if done < total else "\n", markup=False)
        elif done == total:
            fetched = f"Fetched {total - failed} of {total} images from the web{more}."
            console.print(fetched, markup=False)

    return show
