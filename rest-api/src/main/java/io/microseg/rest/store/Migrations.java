package io.microseg.rest.store;

import java.util.List;

/**
 * The schema, as an ordered list of migrations. Migration {@code i} (1-based) takes {@code PRAGMA user_version}
 * from {@code i-1} to {@code i}; each runs in its own transaction. Append, never edit, a released migration.
 */
final class Migrations {

    static final List<List<String>> ALL = List.of(
            List.of(
                    """
                    CREATE TABLE objects (
                        kind TEXT NOT NULL,
                        key TEXT NOT NULL,
                        resource_version INTEGER NOT NULL,
                        updated_at TEXT NOT NULL,
                        body TEXT NOT NULL,
                        PRIMARY KEY (kind, key)
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE revision (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        value INTEGER NOT NULL
                    )""",
                    "INSERT INTO revision (id, value) VALUES (1, 0)",
                    """
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        key TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        before TEXT,
                        after TEXT
                    )""",
                    "CREATE INDEX audit_object ON audit (kind, key)",
                    """
                    CREATE TABLE tokens (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL,
                        sha256 TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL
                    )"""));

    private Migrations() {
    }

    static int latest() {
        return ALL.size();
    }
}
