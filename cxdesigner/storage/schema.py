"""The .cxd schema: hand-written table definitions per format version, and the migrations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

# "CXD1" as a big-endian 32-bit integer: SQLite's header carries it at offset 68.
APPLICATION_ID = 0x43584431
FORMAT_VERSION = 1
MIGRATION_SET = "cxdesigner"

# One column: (name, declared type, not null, default as SQL text or None, primary-key index).
Column = tuple[str, str, int, "str | None", int]

# Format 1, written out by hand and never changed: the safe opener compares files against it.
TABLES_V1: dict[str, list[Column]] = {
    "project": [
        ("id", "TEXT", 1, None, 1),
        ("name", "TEXT", 1, "''", 0),
        ("description", "TEXT", 1, "''", 0),
        ("lang", "TEXT", 1, "'en'", 0),
        ("created", "TEXT", 1, "''", 0),
    ],
    "personas": [
        ("id", "TEXT", 1, None, 1),
        ("position", "INTEGER", 1, "0", 0),
        ("name", "TEXT", 1, "''", 0),
        ("segment", "TEXT", 1, "''", 0),
        ("goals", "TEXT", 1, "''", 0),
        ("needs", "TEXT", 1, "''", 0),
        ("frustrations", "TEXT", 1, "''", 0),
        ("quote", "TEXT", 1, "''", 0),
        ("colour", "TEXT", 1, "'#4c72b0'", 0),
    ],
    "journeys": [
        ("id", "TEXT", 1, None, 1),
        ("position", "INTEGER", 1, "0", 0),
        ("name", "TEXT", 1, "''", 0),
        ("description", "TEXT", 1, "''", 0),
        ("persona_id", "TEXT", 0, None, 0),
    ],
    "stages": [
        ("id", "TEXT", 1, None, 1),
        ("journey_id", "TEXT", 1, None, 0),
        ("position", "INTEGER", 1, "0", 0),
        ("name", "TEXT", 1, "''", 0),
        ("key", "TEXT", 1, "''", 0),
        ("phase", "TEXT", 1, "'before'", 0),
    ],
    "lanes": [
        ("id", "TEXT", 1, None, 1),
        ("journey_id", "TEXT", 1, None, 0),
        ("position", "INTEGER", 1, "0", 0),
        ("name", "TEXT", 1, "''", 0),
        ("kind", "TEXT", 1, "'touchpoints'", 0),
    ],
    "channels": [
        ("id", "TEXT", 1, None, 1),
        ("name", "TEXT", 1, "''", 0),
        ("position", "INTEGER", 1, "0", 0),
    ],
    "touchpoints": [
        ("id", "TEXT", 1, None, 1),
        ("journey_id", "TEXT", 1, None, 0),
        ("stage_id", "TEXT", 1, None, 0),
        ("lane_id", "TEXT", 1, None, 0),
        ("position", "INTEGER", 1, "0", 0),
        ("title", "TEXT", 1, "''", 0),
        ("description", "TEXT", 1, "''", 0),
        ("channel", "TEXT", 1, "''", 0),
        ("category", "TEXT", 1, "''", 0),
        ("contact", "TEXT", 1, "''", 0),
        ("ownership", "TEXT", 1, "''", 0),
        ("owner_team", "TEXT", 1, "''", 0),
        ("expectation", "TEXT", 1, "''", 0),
        ("experience", "TEXT", 1, "''", 0),
        ("emotion", "INTEGER", 0, None, 0),
        ("emotion_words", "TEXT", 1, "'[]'", 0),
        ("emotional_weight", "INTEGER", 0, None, 0),
        ("importance", "INTEGER", 0, None, 0),
        ("satisfaction", "INTEGER", 0, None, 0),
        ("csat", "REAL", 0, None, 0),
        ("nps", "INTEGER", 0, None, 0),
        ("effort", "INTEGER", 0, None, 0),
        ("pain_points", "TEXT", 1, "'[]'", 0),
        ("opportunities", "TEXT", 1, "'[]'", 0),
        ("moment_of_truth", "INTEGER", 1, "0", 0),
        ("votes", "INTEGER", 1, "0", 0),
        ("tags", "TEXT", 1, "'[]'", 0),
        ("notes", "TEXT", 1, "''", 0),
        ("evidence", "TEXT", 1, "'assumed'", 0),
    ],
    "connections": [
        ("id", "TEXT", 1, None, 1),
        ("journey_id", "TEXT", 1, None, 0),
        ("source_id", "TEXT", 1, None, 0),
        ("target_id", "TEXT", 1, None, 0),
        ("label", "TEXT", 1, "''", 0),
        ("kind", "TEXT", 1, "'normal'", 0),
        ("share", "REAL", 0, None, 0),
    ],
    "responses": [
        ("id", "TEXT", 1, None, 1),
        ("touchpoint_id", "TEXT", 1, None, 0),
        ("measure", "TEXT", 1, None, 0),
        ("score", "INTEGER", 1, None, 0),
        ("date", "TEXT", 1, "''", 0),
        ("comment", "TEXT", 1, "''", 0),
    ],
    # A small PNG of each journey, written only by "Share a copy".
    "previews": [
        ("journey_id", "TEXT", 1, None, 1),
        ("png", "BLOB", 1, None, 0),
    ],
    # sqlite-utils' own bookkeeping of applied migrations.
    "_sqlite_migrations": [
        ("id", "INTEGER", 0, None, 1),
        ("migration_set", "TEXT", 0, None, 0),
        ("name", "TEXT", 0, None, 0),
        ("applied_at", "TEXT", 0, None, 0),
    ],
}

# (table, index columns, unique), beyond the primary keys.
INDEXES_V1: list[tuple[str, tuple[str, ...], int]] = [
    ("stages", ("journey_id",), 0),
    ("lanes", ("journey_id",), 0),
    ("touchpoints", ("journey_id",), 0),
    ("connections", ("journey_id",), 0),
    ("responses", ("touchpoint_id",), 0),
    ("_sqlite_migrations", ("migration_set", "name"), 1),
]

EXPECTED = {1: (TABLES_V1, INDEXES_V1)}

# Entity kind → table, for the current format.
TABLE_OF_KIND = {
    "persona": "personas",
    "journey": "journeys",
    "stage": "stages",
    "lane": "lanes",
    "channel": "channels",
    "touchpoint": "touchpoints",
    "connection": "connections",
    "response": "responses",
}


def _create_sql(table: str, columns: list[Column]) -> str:
    parts = []
    for name, type_, notnull, default, pk in columns:
        col = f'"{name}" {type_}'
        if pk:
            col += " PRIMARY KEY"
        if (notnull and not pk) or (notnull and type_ != "INTEGER"):
            col += " NOT NULL"
        if default is not None:
            col += f" DEFAULT {default}"
        parts.append(col)
    return f'CREATE TABLE "{table}" (\n  ' + ",\n  ".join(parts) + "\n)"


def _m0001(db: Database) -> None:
    for table, columns in TABLES_V1.items():
        if table == "_sqlite_migrations":
            continue
        db.execute(_create_sql(table, columns))
    for table, cols, unique in INDEXES_V1:
        if table == "_sqlite_migrations":
            continue
        kind = "UNIQUE INDEX" if unique else "INDEX"
        name = f"idx_{table}_{'_'.join(cols)}"
        db.execute(f'CREATE {kind} "{name}" ON "{table}" ({", ".join(cols)})')
    db.execute(f"PRAGMA user_version = {1}")


# Every migration in order, under the name _sqlite_migrations records; each sets user_version itself.
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = [("0001_initial", _m0001)]


def migration_set() -> Migrations:
    """The migrations as a sqlite-utils set."""
    # sqlite-utils imports numpy (~0.1 s): only creating or upgrading a file needs it, not opening one.
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, fn in MIGRATIONS:
        migrations(name=name)(fn)
    return migrations


def migrate(db: Database) -> None:
    """Bring a file to the current format; each migration sets ``user_version`` itself."""
    migration_set().apply(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
