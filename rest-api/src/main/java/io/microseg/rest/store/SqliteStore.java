package io.microseg.rest.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable store: one SQLite file in the data directory, in WAL mode with {@code synchronous=FULL}, so that a
 * change {@link #commit committed} here survives a kill -9 or a power cut. One connection, used under this
 * object's lock: writes are serialized. The schema is versioned by {@link Migrations}.
 */
public final class SqliteStore implements AutoCloseable {

    public static final String FILE_NAME = "microseg.db";

    private final Connection connection;

    private SqliteStore(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) {@code dataDir/microseg.db} and migrates it to the latest schema. */
    public static SqliteStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(FILE_NAME));
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            SqliteStore store = new SqliteStore(connection);
            store.migrate();
            return store;
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open the store in " + dataDir, e);
        }
    }

    public synchronized int schemaVersion() {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("cannot read the schema version", e);
        }
    }

    private void migrate() throws SQLException {
        int version = schemaVersion();
        if (version > Migrations.latest()) {
            throw new SQLException("the store has schema version " + version + ", newer than this build ("
                    + Migrations.latest() + ")");
        }
        for (int next = version + 1; next <= Migrations.latest(); next++) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : Migrations.ALL.get(next - 1)) {
                    statement.execute(sql);
                }
                statement.execute("PRAGMA user_version = " + next);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    public synchronized long revision() {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM revision WHERE id = 1")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the revision", e);
        }
    }

    public synchronized List<StoredObject> objects() {
        List<StoredObject> objects = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT kind, key, resource_version, updated_at, body FROM objects ORDER BY kind, key")) {
            while (rows.next()) {
                objects.add(new StoredObject(Kind.ofPlural(rows.getString(1)), rows.getString(2), rows.getLong(3),
                        Instant.parse(rows.getString(4)), rows.getString(5)));
            }
            return objects;
        } catch (SQLException e) {
            throw new StoreException("cannot read the objects", e);
        }
    }

    /**
     * Commits one revision in one transaction: the writes, the audit entries and the new revision number. When this
     * returns the change is on disk; when it throws nothing of it is.
     */
    public void commit(long revision, Instant at, String actor, List<Write> writes) {
        commit(List.of(new Revision(revision, at, actor, writes)));
    }

    /**
     * Commits consecutive revisions in one transaction (one sync to disk for all): each one's writes and audit
     * entries, then the last revision number. When this returns all of them are on disk; when it throws none is.
     */
    public synchronized void commit(List<Revision> revisions) {
        if (revisions.isEmpty()) {
            return;
        }
        long last = revisions.get(revisions.size() - 1).revision();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO objects (kind, key, resource_version, updated_at, body) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (kind, key) DO UPDATE SET resource_version = excluded.resource_version, "
                            + "updated_at = excluded.updated_at, body = excluded.body");
                    PreparedStatement delete = connection.prepareStatement("DELETE FROM objects WHERE kind = ? AND key = ?");
                    PreparedStatement audit = connection.prepareStatement(
                            "INSERT INTO audit (at, actor, action, kind, key, revision, before, after) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement bump = connection.prepareStatement("UPDATE revision SET value = ? WHERE id = 1")) {
                long previous = Long.MIN_VALUE;
                for (Revision revision : revisions) {
                    if (revision.revision() <= previous) {
                        throw new IllegalArgumentException("revisions out of order: " + revision.revision()
                                + " after " + previous);
                    }
                    previous = revision.revision();
                    String at = revision.at().toString();
                    for (Write write : revision.writes()) {
                        if (write.after().isPresent()) {
                            upsert.setString(1, write.kind().plural());
                            upsert.setString(2, write.key());
                            upsert.setLong(3, revision.revision());
                            upsert.setString(4, at);
                            upsert.setString(5, write.after().get());
                            upsert.executeUpdate();
                        } else {
                            delete.setString(1, write.kind().plural());
                            delete.setString(2, write.key());
                            delete.executeUpdate();
                        }
                        audit.setString(1, at);
                        audit.setString(2, revision.actor());
                        audit.setString(3, write.action());
                        audit.setString(4, write.kind().plural());
                        audit.setString(5, write.key());
                        audit.setLong(6, revision.revision());
                        audit.setString(7, write.before().orElse(null));
                        audit.setString(8, write.after().orElse(null));
                        audit.executeUpdate();
                    }
                }
                bump.setLong(1, last);
                bump.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot commit revision" + (revisions.size() == 1 ? " " : "s up to ") + last, e);
        }
    }

    /** Audit entries, newest first, optionally of one kind and key, at most {@code limit}. */
    public synchronized List<AuditEntry> audit(Optional<Kind> kind, Optional<String> key, long afterId, int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, at, actor, action, kind, key, revision, before, after FROM audit WHERE id > ?");
        kind.ifPresent(k -> sql.append(" AND kind = ?"));
        key.ifPresent(k -> sql.append(" AND key = ?"));
        sql.append(" ORDER BY id DESC LIMIT ?");
        try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
            int i = 1;
            query.setLong(i++, afterId);
            if (kind.isPresent()) {
                query.setString(i++, kind.get().plural());
            }
            if (key.isPresent()) {
                query.setString(i++, key.get());
            }
            query.setInt(i, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new AuditEntry(rows.getLong(1), Instant.parse(rows.getString(2)), rows.getString(3),
                            rows.getString(4), Kind.ofPlural(rows.getString(5)), rows.getString(6), rows.getLong(7),
                            Optional.ofNullable(rows.getString(8)), Optional.ofNullable(rows.getString(9))));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit log", e);
        }
    }

    public synchronized List<StoredToken> tokens() {
        List<StoredToken> tokens = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name, role, sha256, created_at FROM tokens ORDER BY name")) {
            while (rows.next()) {
                tokens.add(new StoredToken(rows.getString(1), rows.getString(2), rows.getString(3),
                        Instant.parse(rows.getString(4))));
            }
            return tokens;
        } catch (SQLException e) {
            throw new StoreException("cannot read the tokens", e);
        }
    }

    /** Adds a token; false if the name is taken. */
    public synchronized boolean addToken(StoredToken token) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tokens (name, role, sha256, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, token.name());
            insert.setString(2, token.role());
            insert.setString(3, token.sha256());
            insert.setString(4, token.createdAt().toString());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot store token " + token.name(), e);
        }
    }

    /** Removes a token; false if there was none of that name. */
    public synchronized boolean removeToken(String name) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tokens WHERE name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot remove token " + name, e);
        }
    }

    /** Whether the store answers; for readiness. */
    public synchronized boolean healthy() {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            return rows.next();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store", e);
        }
    }
}
