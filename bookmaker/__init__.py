"""bookmaker: blog posts in, an EPUB and a PDF edition out."""

__version__ = "0.1.0"
