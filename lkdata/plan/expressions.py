"""The small arithmetic a validation rule's sides are written in, parsed safely, and evaluated on intervals.

A side is an expression over names (indicator ids, named aggregates, or a table's columns) and numbers,
with ``+ - * /`` and brackets: ``linkage_area_ha``, ``planted_area_ha * 1.1``, ``htx_active + tht_active``.
It is parsed by Python's own parser (:mod:`ast`, expression mode) and only those nodes are accepted:
nothing is ever evaluated by ``eval``, so a rules file cannot run code.

A side's value may be only partly known (some records lack the value a sum reads): each name then has an
:class:`Interval` ``[lo, hi]`` (a sum of known values and ``inf`` above it), the arithmetic runs on the
intervals, and :func:`compare` says whether a rule holds, fails, or cannot be decided on what is known
(after DHIS2's validation rules, whose sides skip or keep missing values; here a missing value that could
change the outcome makes it undecided, never a pass).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["OPERATORS", "Expression", "ExpressionError", "Interval", "compare", "parse_expression"]

#: The comparison operators a rule may use, with how each reads in Vietnamese.
OPERATORS: dict[str, str] = {
    "<=": "không lớn hơn",
    "<": "nhỏ hơn",
    "==": "bằng",
    "!=": "khác",
    ">=": "không nhỏ hơn",
    ">": "lớn hơn",
}

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class ExpressionError(ValueError):
    """Raised when a side of a rule is no expression of names, numbers, ``+ - * /`` and brackets (the message
    is Vietnamese; the caller adds the file and the row)."""


@dataclass(frozen=True)
class Interval:
    """A value known to lie in ``[lo, hi]`` (``lo == hi``: known exactly)."""

    lo: float
    hi: float

    @classmethod
    def exact(cls, value: float) -> Interval:
        return cls(float(value), float(value))

    @property
    def known(self) -> bool:
        return self.lo == self.hi

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        products = [_times(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:  # a divisor that is, or may be, zero: nothing is known of the quotient
            return Interval(-math.inf, math.inf)
        return self * Interval(1 / other.hi, 1 / other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)


def _times(a: float, b: float) -> float:
    """``a * b`` where ``0 * inf`` is 0 (nothing times an unknown amount)."""
    return 0.0 if a == 0 or b == 0 else a * b


@dataclass(frozen=True)
class Expression:
    """A parsed side: its text, the names it reads, and its tree (only the accepted nodes)."""

    text: str
    names: tuple[str, ...]
    tree: ast.expr

    def evaluate(self, value: Callable[[str], object]) -> object:
        """The side's value, ``value(name)`` giving each name's (an :class:`Interval`, a number, or a pandas
        Series of a table's column: any operand of ``+ - * /``); numbers in the text are taken as they are
        (as exact intervals when the names give intervals)."""
        return _eval(self.tree, value)


def _eval(node: ast.expr, value: Callable[[str], object]) -> object:
    if isinstance(node, ast.Name):
        return value(node.id)
    if isinstance(node, ast.Constant):
        return _Number(float(node.value))
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, value)
        if not isinstance(node.op, ast.USub):
            return operand
        return _Number(-operand) if isinstance(operand, _Number) else -operand
    left, right = _eval(node.left, value), _eval(node.right, value)  # a BinOp: nothing else was accepted
    left, right = _lift(left, right), _lift(right, left)
    op = _BINARY[type(node.op)]
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return left / right


class _Number(float):
    """A number written in the expression (so that it becomes an exact interval next to one)."""


def _lift(x: object, other: object) -> object:
    if isinstance(x, _Number):
        return Interval.exact(x) if isinstance(other, Interval) else float(x)
    return x


def parse_expression(text: str, names: Mapping[str, object] | None = None) -> Expression:
    """Parse one side of a rule.

    Parameters
    ----------
    text : str
        ``linkage_area_ha``, ``htx_active + tht_active``, ``planted_area_ha * 1.1``...
    names : mapping, optional
        The names the side may read; when given, an unknown name is refused with the closest one.

    Raises
    ------
    ExpressionError
        For an empty text, text Python cannot parse, any construct other than names, numbers, ``+ - * /``,
        a sign and brackets (a call, an attribute, a comparison, a string...), or an unknown name.
    """
    text = (text or "").strip()
    if not text:
        raise ExpressionError("biểu thức trống")
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise ExpressionError(f"biểu thức '{text}' sai cú pháp (chỉ dùng tên, số, + - * / và dấu ngoặc)") from None
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.append(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExpressionError(f"biểu thức '{text}' có giá trị không phải số: {node.value!r}")
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                raise ExpressionError(f"biểu thức '{text}' dùng phép tính không được phép (chỉ + - * /)")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise ExpressionError(f"biểu thức '{text}' dùng phép tính không được phép (chỉ + - * /)")
        elif not isinstance(node, (ast.operator, ast.unaryop, ast.Load)):
            raise ExpressionError(
                f"biểu thức '{text}' có thành phần không được phép ({type(node).__name__}): chỉ dùng tên, số, "
                "+ - * / và dấu ngoặc"
            )
    if names is not None:
        for name in found:
            if name not in names:
                raise ExpressionError(f"không có tên '{name}' (gần nhất: {closest(name, names)})")
    return Expression(text, tuple(dict.fromkeys(found)), tree)


def closest(name: str, names: Mapping[str, object] | list[str]) -> str:
    """The known name closest to ``name`` (rapidfuzz), as the error messages name it."""
    from rapidfuzz import process

    match = process.extractOne(str(name), list(names))
    return match[0] if match else "-"


def _le(a: float, b: float) -> bool:
    """``a <= b`` allowing a float sum's noise (``0.1 + 0.2 <= 0.3``)."""
    return a <= b + 1e-9 * max(1.0, abs(a), abs(b)) if math.isfinite(a) and math.isfinite(b) else a <= b


def _lt(a: float, b: float) -> bool:
    return not _le(b, a)


def compare(left: Interval, op: str, right: Interval) -> bool | None:
    """Whether ``left op right`` holds for every value the intervals allow (True), for none (False), or
    depends on what is not known (None)."""
    if op in (">=", ">"):
        return compare(right, "<=" if op == ">=" else "<", left)
    if op == "<=":
        return True if _le(left.hi, right.lo) else False if _lt(right.hi, left.lo) else None
    if op == "<":
        return True if _lt(left.hi, right.lo) else False if _le(right.hi, left.lo) else None
    equal_known = left.known and right.known and _le(left.lo, right.lo) and _le(right.lo, left.lo)
    apart = _lt(left.hi, right.lo) or _lt(right.hi, left.lo)
    if op == "==":
        return True if equal_known else False if apart else None
    if op == "!=":
        return True if apart else False if equal_known else None
    raise ExpressionError(f"phép so sánh '{op}' không được phép (có thể dùng: {', '.join(OPERATORS)})")
