"""build: the output folder, where a run's books replace the previous ones in one step.

A book is a set of files (the EPUB and the PDF, the html preview), and two files renamed one
after the other are never replaced together: a run killed between the renames would leave a
new EPUB beside an old PDF.  So every run writes a complete *generation* and one rename makes
it current:

    OUTDIR/epub  ->  .bookmaker-builds/current/epub     (made once, never changed)
    OUTDIR/pdf   ->  .bookmaker-builds/current/pdf
    OUTDIR/.bookmaker-builds/current  ->  gen-…         (the one rename that swaps every book)
    OUTDIR/.bookmaker-builds/gen-…/epub/<slug>.epub, pdf/<slug>.pdf
    OUTDIR/.bookmaker-cache/                            (never touched here)

A run stages its files in a fresh generation, hard-links into it the files of the current one
it did not rebuild (an EPUB-only build keeps the PDF, another book's files stay), and renames
a new `current` link over the old.  Whatever instant the run is killed at, `OUTDIR/epub/…` and
`OUTDIR/pdf/…` are both the earlier books or both the new ones.  Runs into the same folder take
a lock for the short commit, so one never drops the other's books; a generation still being
written is marked by a lock its process holds, so a later run removes only abandoned ones.

Where symbolic links cannot be made (a FAT-formatted e-reader, Windows without the right), the
files are moved one by one as before, and a failed move puts back the ones already replaced.
"""

from bookmaker.builders.outdir.folder import OutputFolder, Staging

__all__ = ["OutputFolder", "Staging"]
