"""SQL functions the store writes in SQLite's spelling, rendered for PostgreSQL.

Imported by `desktop.store.server.connection`, so it is in place before any server query runs.
On SQLite the functions render exactly as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression
from sqlalchemy.sql.functions import GenericFunction


class json_each(GenericFunction[Any]):  # the SQL name: func.json_each resolves to this class
    """`json_each(array)`: the elements of a JSON array as rows with a `value` column."""

    name = "json_each"
    inherit_cache = True


@compiles(json_each, "postgresql")
def _json_each_postgresql(element: json_each, compiler: Any, **kw: Any) -> str:
    # json_array_elements_text(...) has one OUT column named `value`, like SQLite's json_each.
    return f"json_array_elements_text({compiler.process(element.clauses, **kw)})"


# SQLite's LIKE ignores ASCII case, and the store's filters rely on it ("bogdanov" finds
# "Bogdanov"); PostgreSQL's LIKE does not, so on PostgreSQL every LIKE is an ILIKE (which also
# folds Cyrillic and other scripts).
@compiles(BinaryExpression, "postgresql")
def _like_ignores_case(element: BinaryExpression[Any], compiler: Any, **kw: Any) -> str:
    if element.operator is operators.like_op:
        kw.pop("override_operator", None)
        return compiler.visit_binary(element, override_operator=operators.ilike_op, **kw)
    if element.operator is operators.not_like_op:
        kw.pop("override_operator", None)
        return compiler.visit_binary(element, override_operator=operators.not_ilike_op, **kw)
    return compiler.visit_binary(element, **kw)
