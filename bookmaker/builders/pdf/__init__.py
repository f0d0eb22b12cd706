"""build, print edition: the print document (`document`, with the print-only touches of
`typeset` and the template context of `context`), the `html` builder that writes it for
previews (`preview`), and the PDF laid out from it by WeasyPrint (`builder`, `layout`, `finish`,
with `fetcher` keeping WeasyPrint inside the book's and theme's files and `fonts` telling which
scripts no font can draw).
"""
