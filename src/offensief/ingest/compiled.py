"""A fast path for big CSV files: the FtM mapping compiled to one DuckDB query.

FtM maps a row at a time (about 9k rows/s here). For the common shape of partner exports
(columns, literals and entity references; keys or an id column) this module turns the same
parsed :class:`QueryMapping` into SQL that DuckDB runs on all cores, with FtM's own key
hashing and FtM's own value cleaning (applied once per distinct value that is not already
clean). Whenever a mapping uses a feature it does not cover, or any value fails validation,
it declines and the exact row-by-row path runs instead — so errors always name the line,
and both paths store identical statements (tested).

The CSV is parsed once, by DuckDB, into a temp table ``rows`` holding only what the
statements need (one value column per mapped column and type, one id column per entity).
Duplicates are removed only where they can occur: a statement's property is fed by one
mapping branch whose entity ids are unique in the file, so its rows cannot repeat.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from followthemoney import registry
from followthemoney.mapping import QueryMapping
from followthemoney.mapping.entity import EntityMapping

from offensief.ingest.entities import original
from offensief.ingest.values import clean_value
from offensief.model.errors import InputError
from offensief.store.duckstore import WideLoad, transaction_columns
from offensief.store.schema import WIDE_PROPS, WIDE_SCHEMA

_TEXT_TYPES = ("string", "text", "name", "address", "identifier")
_PLAIN_SQL = r"^([^\x00-\x1f\x7f ]| [^ ])*$"
_NUMBER_SQL = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_ISO_SQL = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$"
#: Whitespace that Python's ``str.strip()`` removes but DuckDB's ``trim()`` keeps.
_OTHER_SPACE = ", ".join(str(ord(c)) for c in map(chr, range(0x3001)) if c.isspace() and c != " ")


#: How many bad rows a refused file reports (the first ones, by line).
FIRST_BAD_ROWS = 5


class Decline(Exception):
    """The compiled path cannot take this mapping or file; use the exact path."""


class MalformedCsv(Decline):
    """DuckDB's strict reader refused the file's structure (quoting, column count, encoding)."""


class BadValues(Exception):
    """FtM refuses some values: ``values`` maps a CSV column to the (stripped) values refused in it."""

    def __init__(self, values: dict[str, set[str]]) -> None:
        super().__init__(f"bad values in columns {sorted(values)}")
        self.values = values


@dataclass
class _Column:
    name: str
    type_name: str
    prop: Any
    table: str = ""
    fmt: str | None = None

    @property
    def value(self) -> str:
        """The column of ``rows`` holding this column's (cleaned) values."""
        return f"{self.table}_v"


@dataclass(frozen=True)
class _Branch:
    """One statement per row: ``alias`` (an id column of ``rows``) has ``prop`` = ``expr`` where ``cond``."""

    alias: str
    schema: str
    prop: str
    prop_type: str
    expr: str
    cond: str

    def select(self) -> str:
        return (f"SELECT {self.alias} AS entity_id, {_lit(self.schema)} AS schema, {_lit(self.prop)} AS prop, "
                f"{_lit(self.prop_type)} AS prop_type, {self.expr} AS value "
                f"FROM rows WHERE {self.cond} AND {self.expr} IS NOT NULL")


@dataclass
class CompiledMapping:
    """SQL pieces for one mapping: value columns, entity id expressions and statement branches."""

    columns: dict[tuple[str, str, str], _Column] = field(default_factory=dict)
    id_exprs: dict[str, str] = field(default_factory=dict)
    schemata: dict[str, str] = field(default_factory=dict)
    branches: list[_Branch] = field(default_factory=list)
    key_columns: set[str] = field(default_factory=set)
    #: Aliases whose ids never repeat in the file (set by :func:`build_rows`).
    unique: set[str] = field(default_factory=set)

    def by_prop(self) -> dict[str, list[_Branch]]:
        groups: dict[str, list[_Branch]] = defaultdict(list)
        for branch in self.branches:
            groups[branch.prop].append(branch)
        return groups

    def payment_alias(self) -> str | None:
        """The one alias of schema Payment, if exactly one exists."""
        aliases = [a for a, s in self.schemata.items() if s == "Payment"]
        return aliases[0] if len(aliases) == 1 else None

    def uniqueness_matters(self) -> list[str]:
        """Aliases whose uniqueness in the file lets a step skip work."""
        lone = {bs[0].alias for bs in self.by_prop().values() if len(bs) == 1}
        payment = self.payment_alias()
        return [a for a in self.id_exprs if a in lone or a == payment]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def compile_mapping(queries: list[QueryMapping], raw: list[dict[str, Any]], header: list[str]) -> CompiledMapping:
    """Compile ``queries`` (parsed by FtM) for a CSV with ``header``; :class:`Decline` if unsupported."""
    out = CompiledMapping()
    for query, raw_query in zip(queries, raw):
        if list(query.source.filters) or list(query.source.filters_not):  # type: ignore[attr-defined]
            raise Decline("filters")
        ids: dict[str, str] = {}
        exists: dict[str, str] = {}
        names: dict[str, list[str]] = {}
        for entity in query.entities:
            raw_entity = raw_query["entities"][entity.name]
            alias = f"id_{len(out.id_exprs)}"
            out.id_exprs[alias] = _id_expr(entity, raw_entity, header, out)
            out.schemata[alias] = entity.schema.name
            ids[entity.name] = alias
            values = _value_exprs(entity, out, header, ids)
            required = [expr for pm, expr, _ in values if pm.required]
            exists[entity.name] = " AND ".join([f"{alias} IS NOT NULL"] + [f"{e} IS NOT NULL" for e in required])
            names[entity.name] = [expr for pm, expr, _ in values if pm.prop.type == registry.name]
            schema = entity.schema.name
            for pm, expr, ref in values:
                cond = exists[entity.name] + (f" AND {exists[ref]}" if ref else "")
                out.branches.append(_Branch(alias, schema, pm.prop.name, pm.prop.type.name, expr, cond))
                if ref and entity.schema.get("namesMentioned") is not None:
                    for name_expr in names[ref]:
                        out.branches.append(_Branch(alias, schema, "namesMentioned", "name", name_expr, cond))
    return out


def _id_expr(entity: EntityMapping, raw_entity: dict[str, Any], header: list[str], out: CompiledMapping) -> str:
    if entity.id_column is not None:
        _need(entity.id_column, header)
        out.key_columns.add(entity.id_column)
        return _raw(entity.id_column)
    for key in entity.keys:
        _need(key, header)
        out.key_columns.add(key)
    seed = str(raw_entity.get("key_literal") or "")
    if len(entity.keys) == 1:  # the same id without a list and a lambda per row (a third of the cost)
        key = _raw(entity.keys[0])
        return f"CASE WHEN {key} IS NOT NULL THEN sha1({_lit(seed)} || {key}) END"
    keys = ", ".join(_raw(k) for k in entity.keys)
    parts = f"list_filter([{keys}], lambda x: x IS NOT NULL)"
    return (f"CASE WHEN len({parts}) > 0 THEN sha1({_lit(seed)} || "
            f"array_to_string(list_sort({parts}), '')) END")


def _raw(column: str) -> str:
    return f"nullif(trim({_q(column)}), '')"


def _need(column: str, header: list[str]) -> None:
    if column not in header:
        raise Decline(f"column {column} missing")


def _value_exprs(entity: EntityMapping, out: CompiledMapping, header: list[str], ids: dict[str, str]) -> list[tuple[Any, str, str | None]]:
    result: list[tuple[Any, str, str | None]] = []
    for pm in entity.properties:
        # A phone property's format is the country national numbers are dialled in: FtM's hint.
        hint_only = pm.format is not None and pm.prop.type == registry.phone
        if pm.template is not None or pm.split is not None or pm.fuzzy or (pm.format and not hint_only) or pm.join:
            raise Decline("template/split/fuzzy/format/join")
        if pm.entity is not None:
            if pm.entity not in ids:
                raise Decline("forward reference")
            result.append((pm, ids[pm.entity], pm.entity))
            continue
        type_name = pm.prop.type.name
        for literal in pm.literals:
            cleaned = clean_value(pm.prop, literal, file="mapping", line=0, field=pm.prop.name, fmt=pm.format)
            if cleaned is not None and original(type_name, literal, cleaned) is not None:
                raise Decline("a literal whose original text is kept")
            if cleaned is not None:
                result.append((pm, _lit(cleaned), None))
        for ref in pm.refs:
            _need(ref, header)
            key = (ref, type_name, pm.format or pm.prop.format or "")
            if key not in out.columns:
                out.columns[key] = _Column(ref, type_name, pm.prop, f"clean_{len(out.columns)}", key[2] or None)
            result.append((pm, out.columns[key].value, None))
    return result


def _nl_iban_check(raw: str) -> str:
    """Dutch IBANs (``NLkk`` + 4 letters + 10 digits) with valid mod-97 check digits.

    This is exactly what FtM's IBAN cleaning accepts unchanged for NL; other countries go
    through FtM in Python. The mod-97 number is the bank code's letters (A=10 … Z=35, 8 digits)
    × 10¹⁶ + the account digits × 10⁶ + ``NL`` (2321) × 100 + the check digits; its remainder
    is taken part by part in BIGINT (each part's remainder times its power of ten's), which
    is the same remainder at half the CPU of the 26-digit HUGEINT.
    """
    letters = " + ".join(f"(ascii(substr({raw}, {5 + i}, 1)) - 55) * {10 ** (2 * (3 - i))}" for i in range(4))
    remainder = (f"(({letters}) % 97 * {10 ** 16 % 97} + substr({raw}, 9, 10)::BIGINT % 97 * {10 ** 6 % 97} "
                 f"+ 232100 + substr({raw}, 3, 2)::BIGINT) % 97")
    return (f"(CASE WHEN regexp_full_match({raw}, '^NL[0-9]{{2}}[A-Z]{{4}}[0-9]{{10}}$') "
            f"THEN {remainder} = 1 ELSE false END)")


def edge_space(value: str) -> str:
    """SQL: ``value`` (trimmed by DuckDB) still starts or ends with whitespace Python would strip."""
    return f"(ascii({value}) IN ({_OTHER_SPACE}) OR ascii({value}[-1:]) IN ({_OTHER_SPACE}))"


def fast_check(type_name: str, fmt: str | None, value: str) -> str | None:
    """A SQL condition on ``value`` under which FtM's cleaning leaves it unchanged.

    ``None`` when there is none: every distinct value of that type goes through FtM.
    """
    if fmt == "iban":
        return _nl_iban_check(value)
    if fmt:
        return None
    if type_name in _TEXT_TYPES:
        return f"(regexp_full_match({value}, '{_PLAIN_SQL}') AND NOT {edge_space(value)})"
    if type_name == "number":
        return f"regexp_full_match({value}, '{_NUMBER_SQL}')"
    if type_name == "date":
        return (f"(regexp_full_match({value}, '{_ISO_SQL}') "
                f"AND try_cast(replace({value}, 'T', ' ') AS TIMESTAMP) IS NOT NULL)")
    if type_name == "entity":
        return f"NOT {edge_space(value)}"
    return None


def build_rows(con: duckdb.DuckDBPyConnection, path: Path, compiled: CompiledMapping, header: list[str]) -> int:
    """Parse the CSV once into a temp table ``rows``: cleaned value columns and entity ids."""
    columns = "{" + ", ".join(f"{_lit(h)}: 'VARCHAR'" for h in header) + "}"
    selects = [f"{_raw(col.name)} AS {col.value}" for col in compiled.columns.values()]
    selects += [f"{expr} AS {alias}" for alias, expr in compiled.id_exprs.items()]
    keys = [_raw(k) for k in sorted(compiled.key_columns)]
    selects.append(f"({' OR '.join(edge_space(k) for k in keys) or 'false'}) AS odd_key")
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE rows AS SELECT {', '.join(selects)} FROM read_csv(?, header = true, "
            f"auto_detect = false, columns = {columns}, delim = ',', quote = '\"', escape = '\"', "
            "strict_mode = true, null_padding = false)",
            [str(path)],
        )
    except duckdb.Error as exc:
        raise MalformedCsv(f"read_csv: {exc}") from None
    cols = list(compiled.columns.values())
    unique = compiled.uniqueness_matters()
    aggregates = ["count(*)", "bool_or(odd_key)"]
    for col in cols:
        check = fast_check(col.type_name, col.fmt, col.value)
        odd = f"{col.value} IS NOT NULL" + (f" AND NOT coalesce({check}, false)" if check else "")
        aggregates.append(f"list(DISTINCT {col.value}) FILTER (WHERE {odd})")
    # Distinct 64-bit hashes prove distinct ids, at a fraction of the cost of comparing strings;
    # a hash collision only costs the deduplication that would otherwise be skipped.
    aggregates += [f"count(DISTINCT hash({alias})) FILTER (WHERE {alias} IS NOT NULL) = count({alias})"
                   for alias in unique]
    found = con.execute(f"SELECT {', '.join(aggregates)} FROM rows").fetchall()[0]
    if found[1]:
        raise Decline("a key with whitespace DuckDB does not trim")
    compiled.unique = {alias for alias, ok in zip(unique, found[2 + len(cols):]) if ok}
    bad: dict[str, set[str]] = defaultdict(set)
    for col, odd in zip(cols, found[2: 2 + len(cols)]):
        refused: list[str] = []
        write_back_cleaned(con, [(value, col.prop, col.name) for value in odd or []], path,
                           f"UPDATE rows SET {col.value} = p.cleaned FROM cleaned_pairs p "
                           f"WHERE rows.{col.value} = p.raw", refused=refused, fmt=col.fmt)
        if refused:
            bad[col.name].update(value.strip() for value in refused)
    if bad:
        raise BadValues(dict(bad))
    return int(found[0])


def write_back_cleaned(con: duckdb.DuckDBPyConnection, odd: list[tuple[str, Any, str]], path: Path,
                       update: str, params: list[Any] | None = None, *,
                       refused: list[str] | None = None, fmt: str | None = None) -> None:
    """Clean each (value, FtM property, field) the SQL check did not pass with FtM and run
    ``update``, which reads the changed values from the ``cleaned_pairs(raw, cleaned)`` table
    registered for it. A value FtM refuses goes to ``refused`` if given, else :class:`Decline`;
    a changed value whose original text must be kept (a phone number) is :class:`Decline` too."""
    pairs = []
    for value, prop, name in odd:
        try:
            cleaned = clean_value(prop, value, file=str(path), line=0, field=name, fmt=fmt)
        except InputError:
            if refused is None:
                raise Decline("invalid value") from None
            refused.append(value)
            continue
        if cleaned is not None and original(prop.type.name, value, cleaned) is not None:
            raise Decline("original text to keep")
        if cleaned != value:
            pairs.append((value, cleaned))
    if not pairs:
        return
    table = pa.table({"raw": pa.array([r for r, _ in pairs], pa.string()),
                      "cleaned": pa.array([c for _, c in pairs], pa.string())})
    con.register("cleaned_pairs", table)
    try:
        con.execute(update, params or [])
    finally:
        con.unregister("cleaned_pairs")


#: No statements, in the columns :func:`statements_sql` selects.
_NO_STATEMENTS = ("SELECT NULL::VARCHAR AS entity_id, NULL::VARCHAR AS schema, NULL::VARCHAR AS prop, "
                  "NULL::VARCHAR AS prop_type, NULL::VARCHAR AS value WHERE false")


def statements_sql(compiled: CompiledMapping, *, skip: frozenset[str] = frozenset()) -> str:
    """One SELECT of (entity_id, schema, prop, prop_type, value), distinct per (entity_id, prop, value),
    of every property but those in ``skip``.

    Branches of one property are deduplicated together, except a lone branch whose entity
    ids are unique in the file: its statements cannot repeat.
    """
    parts = []
    for prop, branches in compiled.by_prop().items():
        if prop in skip:
            continue
        if len(branches) == 1 and branches[0].alias in compiled.unique:
            parts.append(branches[0].select())
        else:
            union = "\nUNION ALL\n".join(b.select() for b in branches)
            parts.append(f"SELECT DISTINCT ON (entity_id, value) * FROM (\n{union}\n)")
    return "\nUNION ALL\n".join(parts) or _NO_STATEMENTS


def wide_branches(compiled: CompiledMapping) -> dict[str, _Branch]:
    """The payment properties that can be stored wide, one column each, with the branch giving them.

    That is a property of :data:`~offensief.store.schema.WIDE_PROPS` fed by one branch only,
    of the mapping's one Payment entity, whose ids are unique in the file: each payment then
    has at most one value of it, and no other branch can repeat its statements.
    """
    alias = compiled.payment_alias()
    if alias is None or alias not in compiled.unique:
        return {}
    wide = dict(WIDE_PROPS)
    return {prop: branches[0] for prop, branches in compiled.by_prop().items()
            if len(branches) == 1 and branches[0].alias == alias and branches[0].schema == WIDE_SCHEMA
            and wide.get(prop) == branches[0].prop_type}


def wide_load(compiled: CompiledMapping, dataset: str) -> WideLoad | None:
    """The payments of ``rows`` as wide rows and the other statements (``None``: nothing wide)."""
    branches = wide_branches(compiled)
    if not branches:
        return None
    alias = compiled.payment_alias()
    columns = ", ".join(f"CASE WHEN {branches[prop].cond} THEN {branches[prop].expr} END AS {prop}"
                        if prop in branches else f"NULL::VARCHAR AS {prop}" for prop, _type in WIDE_PROPS)
    emits = _emits(list(branches.values()))
    sql = f"SELECT {alias} AS entity_id, {columns} FROM rows WHERE {emits}"
    # Every branch feeding a transactions column is wide: typed, a payment's wide row is the row
    # transactions_sql gives; the payments with other properties only (no wide row) keep theirs.
    wide = set(branches.values())
    typed = all(b in wide for b in compiled.branches if b.alias == alias and b.prop in dict(WIDE_PROPS))
    rest = transactions_sql(compiled, dataset) if typed else None
    return WideLoad(sql, statements_sql(compiled, skip=frozenset(branches)), typed,
                    f"{rest} AND NOT ({emits})" if rest else "")


def _emits(branches: list[_Branch]) -> str:
    """SQL: the row gives at least one of these branches' statements."""
    return " OR ".join(f"({b.cond} AND {b.expr} IS NOT NULL)" for b in branches) or "false"


def per_schema_sql(compiled: CompiledMapping) -> str:
    """SELECT (schema, entities with statements) straight from ``rows``."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, schema in compiled.schemata.items():
        aliases[schema].append(alias)
    parts = []
    for schema, group in aliases.items():
        emitting = {a: _emits([b for b in compiled.branches if b.alias == a]) for a in group}
        if len(group) == 1 and group[0] in compiled.unique:
            parts.append(f"SELECT {_lit(schema)}, count(*) FROM rows WHERE {emitting[group[0]]}")
        else:
            union = " UNION ALL ".join(f"SELECT {a} AS id FROM rows WHERE {e}" for a, e in emitting.items())
            parts.append(f"SELECT {_lit(schema)}, count(DISTINCT id) FROM ({union})")
    return "\nUNION ALL\n".join(parts)


def transactions_sql(compiled: CompiledMapping, dataset: str) -> str | None:
    """Typed ``transactions`` rows straight from ``rows``, when each payment is one row.

    That holds when the mapping has one Payment entity whose ids are unique in the file;
    otherwise ``None`` and the store derives them from the statements.
    """
    alias = compiled.payment_alias()
    if alias is None or alias not in compiled.unique:
        return None
    branches = [b for b in compiled.branches if b.alias == alias]

    def value(prop: str) -> str:
        exprs = [f"CASE WHEN {b.cond} THEN {b.expr} END" for b in branches if b.prop == prop]
        if not exprs:
            return "NULL"
        return exprs[0] if len(exprs) == 1 else f"least({', '.join(exprs)})"

    return (f"SELECT {alias} AS id, {transaction_columns(value)}, {_lit(dataset)} AS dataset "
            f"FROM rows WHERE ({_emits(branches)})")


def drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP TABLE IF EXISTS rows")
