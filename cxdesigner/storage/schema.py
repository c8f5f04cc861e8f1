"""The .cxd schema: hand-written table definitions per format version, and the migrations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

# "CXD1" as a big-endian 32-bit integer: SQLite's header carries it at offset 68.
APPLICATION_ID = 0x43584431
FORMAT_VERSION = 5
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


def _v2_tables() -> dict[str, list[Column]]:
    """Format 2: what migration 0002 makes of format 1 (added columns go last, as ALTER TABLE puts them)."""
    tables = {name: list(cols) for name, cols in TABLES_V1.items()}
    tables["journeys"] += [
        ("phase_before", "TEXT", 1, "''", 0),
        ("phase_during", "TEXT", 1, "''", 0),
        ("phase_after", "TEXT", 1, "''", 0),
    ]
    tables["touchpoints"] = [c for c in tables["touchpoints"] if c[0] != "votes"]
    tables["touchpoints"].append(("inbox", "INTEGER", 1, "0", 0))
    tables["responses"].append(("source", "TEXT", 1, "''", 0))
    tables.update(NEW_TABLES_V2)
    return tables


# Tables new in format 2: the project's participants, voting sessions and each participant's dots.
NEW_TABLES_V2: dict[str, list[Column]] = {
    "participants": [
        ("id", "TEXT", 1, None, 1),
        ("name", "TEXT", 1, "''", 0),
        ("position", "INTEGER", 1, "0", 0),
        ("colour", "TEXT", 1, "'#4c72b0'", 0),
    ],
    "vote_sessions": [
        ("id", "TEXT", 1, None, 1),
        ("journey_id", "TEXT", 1, None, 0),
        ("position", "INTEGER", 1, "0", 0),
        ("title", "TEXT", 1, "''", 0),
        ("dots", "INTEGER", 1, "3", 0),
        ("max_per_card", "INTEGER", 1, "3", 0),
        ("anonymous", "INTEGER", 1, "1", 0),
        ("hidden", "INTEGER", 1, "1", 0),
        ("state", "TEXT", 1, "'open'", 0),
        ("revealed", "INTEGER", 1, "0", 0),
        ("scope", "TEXT", 1, "'journey'", 0),
        ("scope_ids", "TEXT", 1, "'[]'", 0),
        ("participant_ids", "TEXT", 1, "'[]'", 0),
        ("created", "TEXT", 1, "''", 0),
    ],
    "votes": [
        ("id", "TEXT", 1, None, 1),
        ("session_id", "TEXT", 1, None, 0),
        ("participant_id", "TEXT", 1, None, 0),
        ("touchpoint_id", "TEXT", 1, None, 0),
        ("dots", "INTEGER", 1, "1", 0),
    ],
}
NEW_INDEXES_V2: list[tuple[str, tuple[str, ...], int]] = [
    ("vote_sessions", ("journey_id",), 0),
    ("votes", ("session_id",), 0),
    ("votes", ("touchpoint_id",), 0),
]
TABLES_V2 = _v2_tables()
INDEXES_V2 = INDEXES_V1 + NEW_INDEXES_V2


# Tables new with opportunities and solutions (migration _add_opportunities): the plans, and what they link.
_PLAN_COLUMNS: list[Column] = [
    ("id", "TEXT", 1, None, 1),
    ("position", "INTEGER", 1, "0", 0),
    ("title", "TEXT", 1, "''", 0),
    ("description", "TEXT", 1, "''", 0),
    ("status", "TEXT", 1, "'idea'", 0),
    ("owner", "TEXT", 1, "''", 0),
    ("effort", "INTEGER", 0, None, 0),
    ("impact", "INTEGER", 0, None, 0),
]
NEW_TABLES_OPPORTUNITIES: dict[str, list[Column]] = {
    "opportunities": list(_PLAN_COLUMNS),
    "solutions": list(_PLAN_COLUMNS),
    "opportunity_links": [
        ("id", "TEXT", 1, None, 1),
        ("opportunity_id", "TEXT", 1, None, 0),
        ("touchpoint_id", "TEXT", 1, None, 0),
        ("pain_point", "TEXT", 1, "''", 0),
    ],
    "solution_links": [
        ("id", "TEXT", 1, None, 1),
        ("solution_id", "TEXT", 1, None, 0),
        ("opportunity_id", "TEXT", 1, None, 0),
    ],
}
NEW_INDEXES_OPPORTUNITIES: list[tuple[str, tuple[str, ...], int]] = [
    ("opportunity_links", ("opportunity_id",), 0),
    ("opportunity_links", ("touchpoint_id",), 0),
    ("solution_links", ("solution_id",), 0),
    ("solution_links", ("opportunity_id",), 0),
]
TABLES_V3 = {**TABLES_V2, **NEW_TABLES_OPPORTUNITIES}
INDEXES_V3 = INDEXES_V2 + NEW_INDEXES_OPPORTUNITIES


# Format 4 (migration 0004): lane types with their cells, future states, linked journeys, checkpoints.
ADDED_COLUMNS_V4: dict[str, list[Column]] = {
    "journeys": [("future_of", "TEXT", 0, None, 0)],
    "lanes": [("chart", "TEXT", 1, "''", 0), ("overlay", "TEXT", 1, "'[]'", 0)],
    "touchpoints": [("origin", "TEXT", 0, None, 0), ("sub_journey", "TEXT", 0, None, 0)],
}
NEW_TABLES_V4: dict[str, list[Column]] = {
    "lane_cells": [
        ("id", "TEXT", 1, None, 1),
        ("journey_id", "TEXT", 1, None, 0),
        ("lane_id", "TEXT", 1, None, 0),
        ("stage_id", "TEXT", 1, None, 0),
        ("text", "TEXT", 1, "''", 0),
        ("value", "REAL", 0, None, 0),
        ("unit", "TEXT", 1, "''", 0),
        ("period", "TEXT", 1, "''", 0),
        ("source", "TEXT", 1, "''", 0),
        ("image", "BLOB", 0, None, 0),
        ("image_type", "TEXT", 1, "''", 0),
    ],
    "checkpoints": [
        ("id", "TEXT", 1, None, 1),
        ("journey_id", "TEXT", 1, None, 0),
        ("position", "INTEGER", 1, "0", 0),
        ("label", "TEXT", 1, "''", 0),
        ("created", "TEXT", 1, "''", 0),
        ("author", "TEXT", 1, "''", 0),
        ("journey_name", "TEXT", 1, "''", 0),
        ("size", "INTEGER", 1, "0", 0),
        ("data", "BLOB", 1, None, 0),  # no default: the schema check allows no blob literal
    ],
}
NEW_INDEXES_V4: list[tuple[str, tuple[str, ...], int]] = [("lane_cells", ("journey_id",), 0)]


def _v4_tables() -> dict[str, list[Column]]:
    tables = {name: list(cols) for name, cols in TABLES_V3.items()}
    for table, columns in ADDED_COLUMNS_V4.items():
        tables[table] += columns
    tables.update(NEW_TABLES_V4)
    return tables


TABLES_V4 = _v4_tables()
INDEXES_V4 = INDEXES_V3 + NEW_INDEXES_V4

# Format 5 (migration 0005): an inbox idea remembers that nobody chose its stage (a phone's "Not sure").
ADDED_COLUMNS_V5: dict[str, list[Column]] = {
    "touchpoints": [("stage_unsure", "INTEGER", 1, "0", 0)],
}


def _v5_tables() -> dict[str, list[Column]]:
    tables = {name: list(cols) for name, cols in TABLES_V4.items()}
    for table, columns in ADDED_COLUMNS_V5.items():
        tables[table] += columns
    return tables


TABLES_V5 = _v5_tables()
INDEXES_V5 = list(INDEXES_V4)

EXPECTED = {
    1: (TABLES_V1, INDEXES_V1),
    2: (TABLES_V2, INDEXES_V2),
    3: (TABLES_V3, INDEXES_V3),
    4: (TABLES_V4, INDEXES_V4),
    5: (TABLES_V5, INDEXES_V5),
}

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
    "participant": "participants",
    "vote_session": "vote_sessions",
    "vote": "votes",
    "opportunity": "opportunities",
    "opportunity_link": "opportunity_links",
    "solution": "solutions",
    "solution_link": "solution_links",
    "lane_cell": "lane_cells",
    "checkpoint": "checkpoints",
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


def _create(db: Database, tables: dict[str, list[Column]], indexes: list[tuple[str, tuple[str, ...], int]]) -> None:
    for table, columns in tables.items():
        if table != "_sqlite_migrations":
            db.execute(_create_sql(table, columns))
    for table, cols, unique in indexes:
        if table == "_sqlite_migrations":
            continue
        kind = "UNIQUE INDEX" if unique else "INDEX"
        name = f"idx_{table}_{'_'.join(cols)}"
        db.execute(f'CREATE {kind} "{name}" ON "{table}" ({", ".join(cols)})')


def _m0001(db: Database) -> None:
    _create(db, TABLES_V1, INDEXES_V1)
    db.execute(f"PRAGMA user_version = {1}")


def _m0002(db: Database) -> None:
    """Format 2: voting sessions (the bare vote numbers move into them), the ideas inbox, phase names."""
    from ..model.voting import earlier_votes  # model is below storage; imported when migrating only
    from .store import encode

    for name in ("phase_before", "phase_during", "phase_after"):
        db.execute(f"ALTER TABLE journeys ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE touchpoints ADD COLUMN inbox INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE responses ADD COLUMN source TEXT NOT NULL DEFAULT ''")
    _create(db, NEW_TABLES_V2, NEW_INDEXES_V2)
    earlier: dict[str, dict[str, int]] = {}
    for journey_id, card_id, votes in db.execute(
        "SELECT journey_id, id, votes FROM touchpoints WHERE votes > 0 ORDER BY journey_id, id"
    ).fetchall():
        earlier.setdefault(journey_id, {})[card_id] = votes
    lang_row = db.execute("SELECT lang FROM project").fetchone()
    for entity in earlier_votes(earlier, lang_row[0] if lang_row else "en"):
        row = encode(entity)
        table = TABLE_OF_KIND[entity.KIND]
        marks = ", ".join("?" for _ in row)
        db.execute(f'INSERT INTO "{table}" ({", ".join(row)}) VALUES ({marks})', tuple(row.values()))
    db.execute("ALTER TABLE touchpoints DROP COLUMN votes")
    db.execute(f"PRAGMA user_version = {2}")


def _add_opportunities(db: Database) -> None:
    """Opportunities and solutions as their own tables, linked to cards, pain points and each other."""
    _create(db, NEW_TABLES_OPPORTUNITIES, NEW_INDEXES_OPPORTUNITIES)
    db.execute(f"PRAGMA user_version = {3}")


def _add_columns(db: Database, added: dict[str, list[Column]]) -> None:
    for table, columns in added.items():
        for name, type_, notnull, default, _pk in columns:
            rule = f" NOT NULL DEFAULT {default}" if notnull else ""
            db.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {type_}{rule}')


def _m0004(db: Database) -> None:
    """Format 4: lane types (a cell a stage), future states, sub-journeys, checkpoints."""
    _add_columns(db, ADDED_COLUMNS_V4)
    _create(db, NEW_TABLES_V4, NEW_INDEXES_V4)
    db.execute(f"PRAGMA user_version = {4}")


def _m0005(db: Database) -> None:
    """Format 5: ``touchpoints.stage_unsure``, 0 for every card (earlier files never marked one)."""
    _add_columns(db, ADDED_COLUMNS_V5)
    db.execute(f"PRAGMA user_version = {5}")


# Every migration in order, under the name _sqlite_migrations records; each sets user_version itself.
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = [
    ("0001_initial", _m0001),
    ("0002_voting_inbox_phases", _m0002),
    ("0003_opportunities", _add_opportunities),
    ("0004_lane_types_futures_links_checkpoints", _m0004),
    ("0005_idea_stage_unsure", _m0005),
]


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
