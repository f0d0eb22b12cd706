"""build: what a page's templates read of the values of a mapping they are given, so that the
page's kept document (`reuse.py`) is named by those alone: the contributors index looks up
each section's chapter in `chapter_of` and shows its title, and an edited chapter body must
not make it again.

Only two shapes are understood, and any other use of the mapping (or of a name it was set to)
means "all of it" (None): `mapping[key].attr`, and `{% set x = mapping[key] %}` with every
later use of `x` being `x.attr`.  A name set so is followed through every template the page
uses, wherever it is read: an `x` used otherwise anywhere, even for something else, is
again "all of it".
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import nodes


def item_reads(parsed: list[nodes.Template], mapping: str) -> tuple[str, ...] | None:
    """The attributes of MAPPING's values that the PARSED templates read, sorted; None when
    they use the mapping or one of its values otherwise (whole, passed on, looped over,
    exported to another template...)."""
    found = [(node, parent) for ast in parsed for node, parent in _with_parents(ast)]
    parents = {id(node): parent for node, parent in found}
    aliases: set[str] = set()
    reads: set[str] = set()
    for node, parent in found:
        if _loads(node, {mapping}):
            if not (isinstance(parent, nodes.Getitem) and parent.node is node):
                return None
            read = _read_of(parent, parents.get(id(parent)))
            if read is None:
                return None
            (reads if read[0] == "attr" else aliases).add(read[1])
    for node, parent in found:
        if _loads(node, aliases):
            if not (isinstance(parent, nodes.Getattr) and parent.node is node):
                return None
            reads.add(parent.attr)
        elif _exports(node, aliases):
            return None
    return tuple(sorted(reads))


def _read_of(item: nodes.Getitem, parent: nodes.Node | None) -> tuple[str, str] | None:
    """What PARENT does with ITEM (`mapping[key]`): ("attr", NAME) for a `.NAME` read of it,
    ("alias", NAME) for `{% set NAME = mapping[key] %}`; None: anything else."""
    if isinstance(parent, nodes.Getattr) and parent.node is item:
        return "attr", parent.attr
    if isinstance(parent, nodes.Assign) and parent.node is item:
        target = parent.target
        return ("alias", target.name) if isinstance(target, nodes.Name) else None
    return None


def _loads(node: nodes.Node, names: set[str]) -> bool:
    return isinstance(node, nodes.Name) and node.ctx == "load" and node.name in names


def _exports(node: nodes.Node, names: set[str]) -> bool:
    """Whether NODE reads one of NAMES from another template (`{% import %}`'s `m.NAME`,
    `{% from ... import NAME %}`), where its uses are not followed."""
    if isinstance(node, nodes.Getattr):
        return node.attr in names
    if isinstance(node, nodes.FromImport):
        return any((n if isinstance(n, str) else n[0]) in names for n in node.names)
    return False


def _with_parents(
    node: nodes.Node, parent: nodes.Node | None = None
) -> Iterator[tuple[nodes.Node, nodes.Node | None]]:
    """Every node under NODE (NODE too), with the node it hangs from."""
    yield node, parent
    for child in node.iter_child_nodes():
        yield from _with_parents(child, node)
