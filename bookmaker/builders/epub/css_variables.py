"""build: CSS variables replaced by their values, for e-readers that ignore them (Kindle, Kobo).

`var(--x)` takes the value `--x` is given on `:root` or `html` (or the `var()`'s own fallback)
and the custom properties are dropped; a variable that cannot be resolved that way is an error
naming the stylesheet, since no e-reader would show what the theme meant.
"""

from __future__ import annotations

import tinycss2
from tinycss2 import ast

from bookmaker.errors import ThemeError

_ROOT_SELECTORS = {":root", "html"}
#: At-rules whose content is declarations rather than rules.
_DECLARATION_BLOCKS = {"font-face", "page"}


def resolve_variables(rules: list, source: str) -> list:
    """RULES (tinycss2's) with every `var()` replaced by its value; SOURCE names the sheet."""
    return _Variables(_declared(rules), source).rewrite(rules)


def _declared(rules: list) -> dict[str, list]:
    values: dict[str, list] = {}
    for rule in rules:
        if (
            isinstance(rule, ast.QualifiedRule)
            and tinycss2.serialize(rule.prelude).strip() in _ROOT_SELECTORS
        ):
            for decl in tinycss2.parse_declaration_list(rule.content):
                if isinstance(decl, ast.Declaration) and decl.name.startswith("--"):
                    values[decl.name] = decl.value
    return values


class _Variables:
    def __init__(self, values: dict[str, list], source: str):
        self.values, self.source = values, source

    def rewrite(self, nodes: list) -> list:
        out: list = []
        for node in nodes:
            if isinstance(node, ast.QualifiedRule) or (
                isinstance(node, ast.AtRule)
                and node.content is not None
                and node.lower_at_keyword in _DECLARATION_BLOCKS
            ):
                node.content = self.declarations(node.content)
                if isinstance(node, ast.QualifiedRule) and not any(
                    not isinstance(t, (ast.WhitespaceToken, ast.Comment)) for t in node.content
                ):
                    continue  # a `:root` rule that only declared variables
            elif isinstance(node, ast.AtRule) and node.content is not None:
                rules = tinycss2.parse_rule_list(node.content, skip_comments=False)
                node.content = self.rewrite(rules)
            out.append(node)
        return out

    def declarations(self, content: list) -> list:
        """The declarations of a block with custom properties dropped and `var()` replaced."""
        kept = []
        for decl in tinycss2.parse_declaration_list(
            content, skip_comments=True, skip_whitespace=True
        ):
            if not isinstance(decl, ast.Declaration) or decl.name.startswith("--"):
                continue
            value = tinycss2.serialize(self.substitute(_strip(decl.value)))
            kept.append(f" {decl.name}: {value}{' !important' if decl.important else ''};")
        return tinycss2.parse_component_value_list("".join(kept) + " " if kept else "")

    def substitute(self, tokens: list, seen: frozenset[str] = frozenset()) -> list:
        out: list = []
        for token in tokens:
            if isinstance(token, ast.FunctionBlock) and token.lower_name == "var":
                out.extend(self.value(token, seen))
            elif isinstance(token, ast.FunctionBlock):
                arguments = self.substitute(token.arguments, seen)
                out.append(
                    ast.FunctionBlock(token.source_line, token.source_column, token.name, arguments)
                )
            else:
                out.append(token)
        return out

    def value(self, var: ast.FunctionBlock, seen: frozenset[str]) -> list:
        """The tokens `var(--name[, fallback])` stands for."""
        args = [t for t in var.arguments if not isinstance(t, (ast.WhitespaceToken, ast.Comment))]
        name = args[0].value if args and isinstance(args[0], ast.IdentToken) else ""
        comma = next((i for i, t in enumerate(var.arguments) if t == ","), None)
        if name in self.values and name not in seen:
            return self.substitute(_strip(self.values[name]), seen | {name})
        if comma is not None:
            return self.substitute(_strip(var.arguments[comma + 1 :]), seen)
        raise ThemeError(
            f"var({name}) is not declared on :root or html; e-readers do not support CSS "
            "variables, so bookmaker must replace it by a value",
            self.source,
        )


def _strip(tokens: list) -> list:
    tokens = list(tokens)
    while tokens and isinstance(tokens[0], ast.WhitespaceToken):
        tokens.pop(0)
    while tokens and isinstance(tokens[-1], ast.WhitespaceToken):
        tokens.pop()
    return tokens
