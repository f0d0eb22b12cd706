"""build, EPUB edition (`Book` + `Theme` → `epub/<slug>.epub`), e-reader grade and reproducible.

`builder` runs the steps, each in its own module: the theme's stylesheets made fit for
e-readers (`css`, with `css_variables`), the cover (`cover`, saying what `cover_text` says),
every document rendered by the theme in reading order (`pages`, placed by `nav`, which also
makes the contents and landmarks), the documents linked together and read for what the
package declares (`xhtml`), the accessibility metadata (`a11y`), fonts subset to the book's
characters (`fonts`), and the package written by ebooklib and made reproducible (`package`).
"""
