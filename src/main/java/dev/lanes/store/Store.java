package dev.lanes.store;

import dev.lanes.agent.AgentProfileJson;
import dev.lanes.agent.AgentProfileStore;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Lanes' own records — repositories, sessions and background tasks, agent sessions, edited and custom
 * agent profiles (as JSON), fan-out runs, reviews, investigations, pipelines, comparisons, lane scopes —
 * in an embedded SQLite file,
 * {@code lanes.db} in the data folder. The file is in WAL mode; its schema is versioned with
 * {@code PRAGMA user_version} and brought up to date by {@link #open}, all pending migrations in one
 * transaction (a failed migration leaves the file at its old version).
 *
 * <p>{@link #open} refuses, with a sentence for the person and without changing a byte of it, a file
 * written by a newer Lanes, a damaged file or one that is not an SQLite database, another program's
 * database, and a file another program keeps locked for longer than the busy timeout (2 seconds).
 * It never repairs or replaces the file: what to do with it is the person's call.
 *
 * <p>One connection, guarded by a lock: any thread may call any method. Every method blocks (for a
 * few milliseconds), so call it from a background thread, never from the FX thread. Instants are
 * stored as ISO-8601 text (lossless to the nanosecond), paths as their strings, an argv as a JSON
 * array. Two Lanes on one data folder would each take the other's sessions for interrupted ones:
 * hold an {@link InstanceLock} before opening the store.
 */
public final class Store implements AutoCloseable, SessionStore, AgentProfileStore, dev.lanes.fanout.FanoutStore,
        dev.lanes.review.ReviewStore, dev.lanes.investigate.InvestigationStore, dev.lanes.pipeline.PipelineStore,
        dev.lanes.compare.ComparisonStore {

    /** The file's name in the data folder. */
    public static final String FILE_NAME = "lanes.db";

    /** How long a statement waits for another program's lock before giving up. */
    static final int BUSY_TIMEOUT_MILLIS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private static final String LIVE = Arrays.stream(SessionStatus.values()).filter(SessionStatus::isLive)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    private static final String SELECT_SESSION = """
            SELECT s.id, r.path, s.worktree, s.name, s.kind, s.argv, s.background, s.status, s.exit_code,
                   s.created_at, s.started_at, s.ended_at, s.log_file, s.pid, s.pid_started_at, s.shown_in
            FROM sessions s JOIN repositories r ON r.id = s.repository_id
            """;

    private final Path file;
    private final Object lock = new Object();
    private final java.util.Set<String> skippedProfiles = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Connection connection;

    private Store(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    // ---------------------------------------------------------------- opening

    /**
     * Opens {@code dataHome/lanes.db}, creating the folder and the file when missing, switching it to
     * WAL and migrating it to the current schema.
     *
     * @throws StoreException with a sentence for the person when the file cannot be used as it is;
     *                        the file is then left exactly as it was
     */
    public static Store open(Path dataHome) {
        return open(dataHome, Migrations.ALL);
    }

    /** {@link #open(Path)} with another migration history (tests). */
    static Store open(Path dataHome, List<List<String>> migrations) {
        try {
            Files.createDirectories(dataHome);
        } catch (IOException e) {
            throw new StoreException("Could not create the folder " + dataHome + " for the Lanes store: " + reason(e) + ".", e);
        }
        Path file = dataHome.resolve(FILE_NAME);
        SQLiteConfig config = new SQLiteConfig();
        // connection settings only: nothing here writes to the file before it has been checked
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        Connection c;
        try {
            // a file: URI, so that '?' or '#' in the folder's name is part of the path, not a parameter
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toUri(), config.toProperties());
        } catch (SQLException e) {
            throw opening(file, e);
        }
        try {
            int version = check(file, c, migrations.size());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = NORMAL");
                try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = r.next() ? r.getString(1) : "";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        LOG.warn("{} could not be switched to WAL (journal mode is {}); continuing without it", file, mode);
                    }
                }
            }
            migrate(file, c, version, migrations);
            return new Store(file, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw opening(file, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Reads, never writes: returns the file's schema version once it is known to be a usable Lanes store. */
    private static int check(Path file, Connection c, int latest) throws SQLException {
        int version = pragmaInt(c, "user_version");
        int applicationId = pragmaInt(c, "application_id");
        boolean empty;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
            empty = r.next() && r.getInt(1) == 0;
        }
        boolean ours = applicationId == Migrations.APPLICATION_ID || (version == 0 && applicationId == 0 && empty);
        if (!ours) {
            throw new StoreException(file + " is another program's database, not a Lanes store, so Lanes left it as it "
                    + "is; move it aside to start with an empty store.");
        }
        if (version > latest) {
            throw new StoreException(file + " was written by a newer version of Lanes (schema " + version
                    + "; this version knows up to " + latest + "). Update Lanes to open it; the file was left as it is.");
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check(1)")) {
            String verdict = r.next() ? r.getString(1) : "";
            if (!"ok".equals(verdict)) {
                throw new StoreException(damaged(file), new SQLException("quick_check: " + verdict));
            }
        }
        return version;
    }

    private static void migrate(Path file, Connection c, int seen, List<List<String>> migrations) throws SQLException {
        if (seen == migrations.size()) {
            // still take the write lock once: a file another program holds is refused now, not at the first write
            exec(c, "BEGIN IMMEDIATE");
            exec(c, "COMMIT");
            return;
        }
        exec(c, "BEGIN IMMEDIATE");
        int from = pragmaInt(c, "user_version"); // again, inside the transaction
        int to = migrations.size();
        try {
            for (int v = from + 1; v <= to; v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : migrations.get(v - 1)) {
                        s.execute(sql);
                    }
                }
            }
            exec(c, "PRAGMA user_version = " + to);
            exec(c, "COMMIT");
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (isBusy(e)) {
                throw e;
            }
            throw new StoreException("Could not update the Lanes store " + file + " from schema " + from + " to " + to
                    + " (" + sqliteMessage(e) + "); it was left at schema " + from + ".", e);
        }
        LOG.info("Lanes store {} migrated from schema {} to {}", file, from, to);
    }

    /** The data file. */
    public Path file() {
        return file;
    }

    // ---------------------------------------------------------------- repositories

    /** The id of the repository whose main checkout is {@code root}, recording it if new; marks it opened now. */
    public long repositoryId(Path root) {
        String now = Instant.now().toString();
        return transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO repositories(path, first_opened, last_opened) VALUES (?, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET last_opened = excluded.last_opened""")) {
                p.setString(1, root.toString());
                p.setString(2, now);
                p.setString(3, now);
                p.executeUpdate();
            }
            return existingRepositoryId(c, root).orElseThrow();
        });
    }

    private static Optional<Long> existingRepositoryId(Connection c, Path root) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM repositories WHERE path = ?")) {
            p.setString(1, root.toString());
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The repository's id, recording it (first and last opened now) if new, without marking it opened. */
    private static long repositoryFor(Connection c, Path root) throws SQLException {
        Optional<Long> id = existingRepositoryId(c, root);
        if (id.isPresent()) {
            return id.get();
        }
        String now = Instant.now().toString();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO repositories(path, first_opened, last_opened) VALUES (?, ?, ?)")) {
            p.setString(1, root.toString());
            p.setString(2, now);
            p.setString(3, now);
            p.executeUpdate();
        }
        return existingRepositoryId(c, root).orElseThrow();
    }

    // ---------------------------------------------------------------- sessions

    /** Stores a new session (or background task) and returns it with its id; {@code r.id()} is ignored. */
    public SessionRecord insert(SessionRecord r) {
        requireComplete(r);
        return transaction(c -> {
            long repositoryId = repositoryFor(c, r.repository());
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO sessions(repository_id, worktree, name, kind, argv, background, status, exit_code,
                                         created_at, started_at, ended_at, log_file, pid, pid_started_at, shown_in)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                bindRow(p, repositoryId, r);
                p.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet k = s.executeQuery("SELECT last_insert_rowid()")) {
                k.next();
                return r.withId(k.getLong(1));
            }
        });
    }

    /**
     * Writes the whole row of session {@code r.id()}.
     *
     * @throws StoreException when there is no such session (it was deleted)
     */
    public void update(SessionRecord r) {
        requireComplete(r);
        transaction(c -> {
            long repositoryId = repositoryFor(c, r.repository());
            try (PreparedStatement p = c.prepareStatement("""
                    UPDATE sessions SET repository_id = ?, worktree = ?, name = ?, kind = ?, argv = ?, background = ?,
                                        status = ?, exit_code = ?, created_at = ?, started_at = ?, ended_at = ?,
                                        log_file = ?, pid = ?, pid_started_at = ?, shown_in = ?
                    WHERE id = ?""")) {
                bindRow(p, repositoryId, r);
                p.setLong(16, r.id());
                if (p.executeUpdate() == 0) {
                    throw new StoreException("Session " + r.id() + " (" + r.name() + ") is no longer in the Lanes store "
                            + file + ", so it could not be saved.");
                }
            }
            return null;
        });
    }

    public Optional<SessionRecord> session(long id) {
        List<SessionRecord> found = query(SELECT_SESSION + " WHERE s.id = ?", p -> p.setLong(1, id));
        return found.stream().findFirst();
    }

    /** The sessions and background tasks of the repository whose main checkout is {@code repository}, oldest first. */
    public List<SessionRecord> sessions(Path repository) {
        return query(SELECT_SESSION + " WHERE r.path = ? ORDER BY s.id", p -> p.setString(1, repository.toString()));
    }

    /** Sessions whose process may still be running ({@link SessionStatus#isLive()}), of every repository, oldest first. */
    public List<SessionRecord> liveSessions() {
        return query(SELECT_SESSION + " WHERE s.status IN " + LIVE + " ORDER BY s.id", p -> { });
    }

    /**
     * At start, after a crash or a kill: marks every live session {@link SessionStatus#INTERRUPTED}, ended
     * {@code now}. The pid and its start instant are kept, to find a process that survived Lanes.
     *
     * @return those sessions as they are now stored, oldest first
     */
    public List<SessionRecord> markLiveAsInterrupted(Instant now) {
        return transaction(c -> {
            List<SessionRecord> live = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT_SESSION + " WHERE s.status IN " + LIVE + " ORDER BY s.id");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    live.add(row(r).ended(SessionStatus.INTERRUPTED, null, now));
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE sessions SET status = ?, exit_code = NULL, ended_at = ? "
                    + "WHERE status IN " + LIVE)) {
                p.setString(1, SessionStatus.INTERRUPTED.name());
                p.setString(2, now.toString());
                p.executeUpdate();
            }
            return live;
        });
    }

    /** Removes a session's row (not its log file); nothing happens when there is no such session. */
    public void delete(long id) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM agent_sessions WHERE session_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM session_resources WHERE session_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<String> sessionResources(long id) {
        return locked(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM session_resources WHERE session_id = ? ORDER BY name")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveSessionResources(long id, List<String> names) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM session_resources WHERE session_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO session_resources(session_id, name) VALUES (?, ?)")) {
                for (String name : names) {
                    p.setLong(1, id);
                    p.setString(2, name);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public java.util.Map<Path, Integer> lanePorts() {
        return locked(c -> {
            java.util.Map<Path, Integer> out = new java.util.LinkedHashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet r = st.executeQuery("SELECT worktree, first_port FROM lane_ports ORDER BY first_port")) {
                while (r.next()) {
                    out.put(Path.of(r.getString(1)), r.getInt(2));
                }
            }
            return out;
        });
    }

    @Override
    public boolean saveLanePort(Path worktree, int firstPort) {
        return transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO lane_ports(worktree, first_port) VALUES (?, ?)
                    ON CONFLICT(worktree) DO UPDATE SET first_port = excluded.first_port""")) {
                p.setString(1, worktree.toString());
                p.setInt(2, firstPort);
                p.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getErrorCode() == 19) { // SQLITE_CONSTRAINT: the block is another lane's
                    return false;
                }
                throw e;
            }
        });
    }

    /** The notes of a repository ("" if none). */
    public String notes(Path repository) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT n.text FROM notes n JOIN repositories r ON r.id = n.repository_id WHERE r.path = ?""")) {
                p.setString(1, repository.toString());
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : "";
                }
            }
        });
    }

    /** Replaces the notes of a repository. */
    public void saveNotes(Path repository, String text) {
        Objects.requireNonNull(text, "text");
        transaction(c -> {
            long repo = repositoryFor(c, repository);
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO notes(repository_id, text, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(repository_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at""")) {
                p.setLong(1, repo);
                p.setString(2, text);
                p.setString(3, Instant.now().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Writes the agent side of a session (insert or replace). */
    @Override
    public void saveAgent(dev.lanes.model.AgentSession a) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT OR REPLACE INTO agent_sessions(session_id, profile_id, conversation_id, activity, cost_usd,
                                                          budget_usd, model, permission_mode, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                p.setLong(1, a.sessionId());
                p.setString(2, a.profileId());
                p.setString(3, a.conversationId());
                p.setString(4, a.activity().name());
                p.setDouble(5, a.costUsd());
                if (a.budgetUsd() == null) {
                    p.setNull(6, java.sql.Types.REAL);
                } else {
                    p.setDouble(6, a.budgetUsd());
                }
                p.setString(7, a.model());
                p.setString(8, a.permissionMode());
                p.setString(9, a.outcome());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** The agent sides of the sessions of the repository whose main checkout is {@code repository}. */
    @Override
    public List<dev.lanes.model.AgentSession> agentSessions(Path repository) {
        return locked(c -> {
            List<dev.lanes.model.AgentSession> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT a.session_id, a.profile_id, a.conversation_id, a.activity, a.cost_usd, a.budget_usd,
                           a.model, a.permission_mode, a.outcome
                    FROM agent_sessions a JOIN sessions s ON s.id = a.session_id JOIN repositories r ON r.id = s.repository_id
                    WHERE r.path = ? ORDER BY a.session_id""")) {
                p.setString(1, repository.toString());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        double budget = r.getDouble(6);
                        Double budgetUsd = r.wasNull() ? null : budget;
                        dev.lanes.model.AgentActivity activity;
                        try {
                            activity = dev.lanes.model.AgentActivity.valueOf(r.getString(4));
                        } catch (IllegalArgumentException e) {
                            activity = dev.lanes.model.AgentActivity.FAILED;
                        }
                        out.add(new dev.lanes.model.AgentSession(r.getLong(1), r.getString(2), r.getString(3), activity,
                                r.getDouble(5), budgetUsd, r.getString(7), r.getString(8), r.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- agent profiles

    /**
     * The stored agent profiles (edited built-ins and custom ones), in the order they were first
     * stored. A row whose JSON cannot be read is skipped with a log line: one damaged profile must
     * not take the others (or the Settings dialog) with it.
     */
    @Override
    public List<AgentProfile> storedProfiles() {
        return locked(c -> {
            List<AgentProfile> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, json FROM agent_profiles ORDER BY rowid")) {
                while (r.next()) {
                    String id = r.getString(1);
                    try {
                        out.add(AgentProfileJson.fromJson(id, r.getString(2)));
                    } catch (IllegalArgumentException e) {
                        String json = r.getString(2);
                        if (skippedProfiles.add(id + "\u0000" + json)) { // once per damaged row, not at every read
                            LOG.warn("Skipped agent profile “{}” in the Lanes store {}: {}", id, file, e.getMessage());
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Stores a profile as JSON under its id; an update keeps the row (and so its place in the order). */
    @Override
    public void saveProfile(AgentProfile profile) {
        Objects.requireNonNull(profile, "profile");
        String json = AgentProfileJson.toJson(profile);
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO agent_profiles(id, json, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at""")) {
                p.setString(1, profile.id());
                p.setString(2, json);
                p.setString(3, Instant.now().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void deleteProfile(String id) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM agent_profiles WHERE id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- fan-out runs

    @Override
    public long createRun(dev.lanes.fanout.FanoutSpec spec) {
        String json = dev.lanes.fanout.FanoutSpecJson.toJson(spec);
        String now = Instant.now().toString();
        return transaction(c -> {
            long id;
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO fanout_runs(folder, spec, status, created_at, updated_at) VALUES (?, ?, 'new', ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, spec.folder());
                p.setString(2, json);
                p.setString(3, now);
                p.setString(4, now);
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO fanout_items(run_id, idx, path, state, attempts, cost_usd, message) VALUES (?, ?, ?, 'QUEUED', 0, 0, '')")) {
                for (int i = 0; i < spec.items().size(); i++) {
                    p.setLong(1, id);
                    p.setInt(2, i + 1);
                    p.setString(3, spec.items().get(i));
                    p.addBatch();
                }
                p.executeBatch();
            }
            return id;
        });
    }

    @Override
    public Optional<dev.lanes.fanout.FanoutSpec> fanoutRun(long id) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT spec FROM fanout_runs WHERE id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(dev.lanes.fanout.FanoutSpecJson.fromJson(r.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /** The status of fan-out run {@code id} ("running", "paused", "done"…), if there is such a run. */
    public Optional<String> fanoutStatus(long id) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT status FROM fanout_runs WHERE id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<dev.lanes.fanout.FanoutRunInfo> fanoutRuns(String folder, int limit) {
        return locked(c -> {
            Map<Long, Map<dev.lanes.fanout.ItemState, Integer>> counts = new HashMap<>();
            Map<Long, Double> spent = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT i.run_id, i.state, COUNT(*), SUM(i.cost_usd) FROM fanout_items i
                    WHERE i.run_id IN (SELECT id FROM fanout_runs WHERE folder = ? ORDER BY id DESC LIMIT ?)
                    GROUP BY i.run_id, i.state""")) {
                p.setString(1, folder);
                p.setInt(2, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        dev.lanes.fanout.ItemState state;
                        try {
                            state = dev.lanes.fanout.ItemState.valueOf(r.getString(2));
                        } catch (IllegalArgumentException e) {
                            state = dev.lanes.fanout.ItemState.INTERRUPTED;
                        }
                        counts.computeIfAbsent(r.getLong(1), k -> new java.util.EnumMap<>(dev.lanes.fanout.ItemState.class))
                                .merge(state, r.getInt(3), Integer::sum);
                        spent.merge(r.getLong(1), r.getDouble(4), Double::sum);
                    }
                }
            }
            List<dev.lanes.fanout.FanoutRunInfo> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, folder, status, created_at, updated_at FROM fanout_runs WHERE folder = ? ORDER BY id DESC LIMIT ?")) {
                p.setString(1, folder);
                p.setInt(2, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long id = r.getLong(1);
                        Map<dev.lanes.fanout.ItemState, Integer> byState = counts.getOrDefault(id, Map.of());
                        int total = byState.values().stream().mapToInt(Integer::intValue).sum();
                        out.add(new dev.lanes.fanout.FanoutRunInfo(id, r.getString(2), r.getString(3),
                                instant(r.getString(4)), instant(r.getString(5)), total, byState, spent.getOrDefault(id, 0.0)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<dev.lanes.fanout.FanoutItem> fanoutItems(long runId) {
        return locked(c -> {
            List<dev.lanes.fanout.FanoutItem> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT idx, path, state, attempts, cost_usd, exit_code, verify_exit, message, log_file, started_at, ended_at,
                           worktree, branch, base_commit, pid, pid_started_at
                    FROM fanout_items WHERE run_id = ? ORDER BY idx""")) {
                p.setLong(1, runId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        dev.lanes.fanout.ItemState state;
                        try {
                            state = dev.lanes.fanout.ItemState.valueOf(r.getString(3));
                        } catch (IllegalArgumentException e) {
                            state = dev.lanes.fanout.ItemState.INTERRUPTED;
                        }
                        int exit = r.getInt(6);
                        Integer exitCode = r.wasNull() ? null : exit;
                        int verify = r.getInt(7);
                        Integer verifyExit = r.wasNull() ? null : verify;
                        long pid = r.getLong(15);
                        dev.lanes.fanout.ItemProcess process = r.wasNull() ? null
                                : new dev.lanes.fanout.ItemProcess(pid, instant(r.getString(16)));
                        out.add(new dev.lanes.fanout.FanoutItem(r.getInt(1), r.getString(2), state, r.getInt(4),
                                r.getDouble(5), exitCode, verifyExit, r.getString(8), r.getString(9),
                                instant(r.getString(10)), instant(r.getString(11)),
                                r.getString(12) == null || r.getString(13) == null ? null
                                        : new dev.lanes.fanout.ItemPlace(r.getString(12), r.getString(13), r.getString(14)),
                                process));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveFanoutItem(long runId, dev.lanes.fanout.FanoutItem item) {
        saveFanoutItems(runId, List.of(item));
    }

    @Override
    public void saveFanoutItems(long runId, List<dev.lanes.fanout.FanoutItem> items) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    UPDATE fanout_items SET state = ?, attempts = ?, cost_usd = ?, exit_code = ?, verify_exit = ?,
                                            message = ?, log_file = ?, started_at = ?, ended_at = ?,
                                            worktree = ?, branch = ?, base_commit = ?, pid = ?, pid_started_at = ?
                    WHERE run_id = ? AND idx = ?""")) {
                for (dev.lanes.fanout.FanoutItem item : items) {
                    p.setString(1, item.state().name());
                    p.setInt(2, item.attempts());
                    p.setDouble(3, item.costUsd());
                    if (item.exitCode() == null) {
                        p.setNull(4, java.sql.Types.INTEGER);
                    } else {
                        p.setInt(4, item.exitCode());
                    }
                    if (item.verifyExit() == null) {
                        p.setNull(5, java.sql.Types.INTEGER);
                    } else {
                        p.setInt(5, item.verifyExit());
                    }
                    p.setString(6, item.message());
                    p.setString(7, item.logFile());
                    p.setString(8, text(item.startedAt()));
                    p.setString(9, text(item.endedAt()));
                    dev.lanes.fanout.ItemPlace place = item.place();
                    p.setString(10, place == null ? null : place.worktree());
                    p.setString(11, place == null ? null : place.branch());
                    p.setString(12, place == null ? null : place.baseCommit());
                    dev.lanes.fanout.ItemProcess process = item.process();
                    if (process == null) {
                        p.setNull(13, java.sql.Types.INTEGER);
                    } else {
                        p.setLong(13, process.pid());
                    }
                    p.setString(14, process == null ? null : text(process.startedAt()));
                    p.setLong(15, runId);
                    p.setInt(16, item.index());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void setFanoutStatus(long runId, String status) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE fanout_runs SET status = ?, updated_at = ? WHERE id = ?")) {
                p.setString(1, status);
                p.setString(2, Instant.now().toString());
                p.setLong(3, runId);
                p.executeUpdate();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- reviews

    private static final String SELECT_REVIEW = """
            SELECT v.id, r.path, v.worktree, v.writer_session_id, v.reviewer_profile_id, v.reviewer_model,
                   v.reviewer_budget_usd, v.max_rounds, v.created_at
            FROM reviews v JOIN repositories r ON r.id = v.repository_id
            """;

    @Override
    public dev.lanes.review.Review createReview(dev.lanes.review.Review v) {
        return transaction(c -> {
            long repositoryId = repositoryFor(c, v.repository());
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO reviews(repository_id, worktree, writer_session_id, reviewer_profile_id, reviewer_model,
                                        reviewer_budget_usd, max_rounds, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, repositoryId);
                p.setString(2, v.worktree().toString());
                p.setLong(3, v.writerSessionId());
                p.setString(4, v.reviewerProfileId());
                p.setString(5, v.reviewerModel());
                if (v.reviewerBudgetUsd() == null) {
                    p.setNull(6, Types.REAL);
                } else {
                    p.setDouble(6, v.reviewerBudgetUsd());
                }
                p.setInt(7, v.maxRounds());
                p.setString(8, text(v.createdAt() == null ? Instant.now() : v.createdAt()));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    return v.withId(k.getLong(1));
                }
            }
        });
    }

    @Override
    public Optional<dev.lanes.review.Review> review(long id) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_REVIEW + " WHERE v.id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(reviewRow(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<dev.lanes.review.Review> reviews(Path repository) {
        return locked(c -> {
            List<dev.lanes.review.Review> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT_REVIEW + " WHERE r.path = ? ORDER BY v.id")) {
                p.setString(1, repository.toString());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(reviewRow(r));
                    }
                }
            }
            return out;
        });
    }

    private static dev.lanes.review.Review reviewRow(ResultSet r) throws SQLException {
        double budget = r.getDouble(7);
        Double budgetUsd = r.wasNull() ? null : budget;
        return new dev.lanes.review.Review(r.getLong(1), Path.of(r.getString(2)), Path.of(r.getString(3)), r.getLong(4),
                r.getString(5), r.getString(6), budgetUsd, r.getInt(8), instant(r.getString(9)));
    }

    @Override
    public List<dev.lanes.review.ReviewRound> rounds(long reviewId) {
        return locked(c -> {
            Map<Integer, List<dev.lanes.review.Finding>> findings = new HashMap<>();
            Map<Integer, java.util.Set<Integer>> sent = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT round, idx, file, line, text, sent FROM review_findings WHERE review_id = ? ORDER BY round, idx")) {
                p.setLong(1, reviewId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        int line = r.getInt(4);
                        Integer lineNumber = r.wasNull() ? null : line;
                        findings.computeIfAbsent(r.getInt(1), k -> new ArrayList<>())
                                .add(new dev.lanes.review.Finding(r.getInt(2), r.getString(3), lineNumber, r.getString(5)));
                        if (r.getInt(6) != 0) {
                            sent.computeIfAbsent(r.getInt(1), k -> new java.util.HashSet<>()).add(r.getInt(2));
                        }
                    }
                }
            }
            List<dev.lanes.review.ReviewRound> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT round, focus_presets, focus_text, base_branch, base_commit, tree, diff, files, diff_from_previous,
                           reviewer_session_id, state, answer, writer_prompt, problem, started_at, ended_at
                    FROM review_rounds WHERE review_id = ? ORDER BY round""")) {
                p.setLong(1, reviewId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        int round = r.getInt(1);
                        dev.lanes.review.ReviewRound.State state;
                        try {
                            state = dev.lanes.review.ReviewRound.State.valueOf(r.getString(11));
                        } catch (IllegalArgumentException e) {
                            state = dev.lanes.review.ReviewRound.State.FAILED;
                        }
                        out.add(new dev.lanes.review.ReviewRound(reviewId, round,
                                dev.lanes.review.ReviewFocus.fromStored(r.getString(2), r.getString(3)),
                                new dev.lanes.review.WriterDiff(r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                                        ArgvCodec.decode(r.getString(8))),
                                r.getString(9), r.getLong(10), state, r.getString(12), findings.getOrDefault(round, List.of()),
                                sent.getOrDefault(round, java.util.Set.of()), r.getString(13), r.getString(14),
                                instant(r.getString(15)), instant(r.getString(16))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveRound(dev.lanes.review.ReviewRound v) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM review_findings WHERE review_id = ? AND round = ?")) {
                p.setLong(1, v.reviewId());
                p.setInt(2, v.number());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT OR REPLACE INTO review_rounds(review_id, round, focus_presets, focus_text, base_branch, base_commit,
                                                         tree, diff, files, diff_from_previous, reviewer_session_id, state,
                                                         answer, writer_prompt, problem, started_at, ended_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                p.setLong(1, v.reviewId());
                p.setInt(2, v.number());
                p.setString(3, v.focus().presetNames());
                p.setString(4, v.focus().text());
                p.setString(5, v.diff().baseBranch());
                p.setString(6, v.diff().baseCommit());
                p.setString(7, v.diff().tree());
                p.setString(8, v.diff().text());
                p.setString(9, ArgvCodec.encode(v.diff().files()));
                p.setString(10, v.diffFromPrevious());
                p.setLong(11, v.reviewerSessionId());
                p.setString(12, v.state().name());
                p.setString(13, v.answer());
                p.setString(14, v.writerPrompt());
                p.setString(15, v.problem());
                p.setString(16, text(v.startedAt()));
                p.setString(17, text(v.endedAt()));
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO review_findings(review_id, round, idx, file, line, text, sent) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (dev.lanes.review.Finding f : v.findings()) {
                    p.setLong(1, v.reviewId());
                    p.setInt(2, v.number());
                    p.setInt(3, f.index());
                    p.setString(4, f.file());
                    if (f.line() == null) {
                        p.setNull(5, Types.INTEGER);
                    } else {
                        p.setInt(5, f.line());
                    }
                    p.setString(6, f.text());
                    p.setInt(7, v.sent().contains(f.index()) ? 1 : 0);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- investigations

    private static final String SELECT_INVESTIGATION = """
            SELECT i.id, r.path, i.worktree, i.profile_id, i.model, i.budget_usd, i.state, i.summary, i.combine_session_id,
                   i.problem, i.created_at
            FROM investigations i JOIN repositories r ON r.id = i.repository_id
            """;

    @Override
    public dev.lanes.investigate.Investigation createInvestigation(dev.lanes.investigate.Investigation v, List<String> questions) {
        return transaction(c -> {
            long id;
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO investigations(repository_id, worktree, profile_id, model, budget_usd, state, summary,
                                               combine_session_id, problem, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, repositoryFor(c, v.repository()));
                p.setString(2, v.worktree().toString());
                p.setString(3, v.profileId());
                p.setString(4, v.model());
                setReal(p, 5, v.budgetUsd());
                p.setString(6, v.state().name());
                p.setString(7, v.summary());
                p.setLong(8, v.combineSessionId());
                p.setString(9, v.problem());
                p.setString(10, text(v.createdAt() == null ? Instant.now() : v.createdAt()));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            for (int i = 0; i < questions.size(); i++) {
                saveQuestion(c, new dev.lanes.investigate.Question(id, i, questions.get(i), 0,
                        dev.lanes.investigate.Question.State.ASKING, "", ""));
            }
            return v.withId(id);
        });
    }

    @Override
    public Optional<dev.lanes.investigate.Investigation> investigation(long id) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_INVESTIGATION + " WHERE i.id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(investigationRow(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<dev.lanes.investigate.Investigation> investigations(Path repository) {
        return locked(c -> {
            List<dev.lanes.investigate.Investigation> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT_INVESTIGATION + " WHERE r.path = ? ORDER BY i.id")) {
                p.setString(1, repository.toString());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(investigationRow(r));
                    }
                }
            }
            return out;
        });
    }

    private static dev.lanes.investigate.Investigation investigationRow(ResultSet r) throws SQLException {
        double budget = r.getDouble(6);
        Double budgetUsd = r.wasNull() ? null : budget;
        return new dev.lanes.investigate.Investigation(r.getLong(1), Path.of(r.getString(2)), Path.of(r.getString(3)),
                r.getString(4), r.getString(5), budgetUsd,
                state(dev.lanes.investigate.Investigation.State.class, r.getString(7), dev.lanes.investigate.Investigation.State.FAILED),
                r.getString(8), r.getLong(9), r.getString(10), instant(r.getString(11)));
    }

    @Override
    public List<dev.lanes.investigate.Question> questions(long investigationId) {
        return locked(c -> {
            List<dev.lanes.investigate.Question> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT idx, question, session_id, state, answer, problem FROM investigation_questions
                    WHERE investigation_id = ? ORDER BY idx""")) {
                p.setLong(1, investigationId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new dev.lanes.investigate.Question(investigationId, r.getInt(1), r.getString(2), r.getLong(3),
                                state(dev.lanes.investigate.Question.State.class, r.getString(4),
                                        dev.lanes.investigate.Question.State.FAILED), r.getString(5), r.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    /** Deletes a row of {@code table} and its rows in {@code childTable} (by {@code childKey}), in one transaction. */
    private void deleteWithChildren(String table, String childTable, String childKey, long id) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + childTable + " WHERE " + childKey + " = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void deleteReview(long id) {
        transaction(c -> {
            for (String sql : List.of("DELETE FROM review_findings WHERE review_id = ?", "DELETE FROM review_rounds WHERE review_id = ?",
                    "DELETE FROM reviews WHERE id = ?")) {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setLong(1, id);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void deleteInvestigation(long id) {
        deleteWithChildren("investigations", "investigation_questions", "investigation_id", id);
    }

    @Override
    public void deletePipeline(long id) {
        deleteWithChildren("pipelines", "pipeline_stages", "pipeline_id", id);
    }

    @Override
    public void deleteComparison(long id) {
        deleteWithChildren("comparisons", "comparison_lanes", "comparison_id", id);
    }

    @Override
    public void saveInvestigation(dev.lanes.investigate.Investigation v) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE investigations SET state = ?, summary = ?, combine_session_id = ?, problem = ? WHERE id = ?")) {
                p.setString(1, v.state().name());
                p.setString(2, v.summary());
                p.setLong(3, v.combineSessionId());
                p.setString(4, v.problem());
                p.setLong(5, v.id());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void saveQuestion(dev.lanes.investigate.Question q) {
        transaction(c -> {
            saveQuestion(c, q);
            return null;
        });
    }

    private static void saveQuestion(Connection c, dev.lanes.investigate.Question q) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT OR REPLACE INTO investigation_questions(investigation_id, idx, question, session_id, state, answer, problem)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            p.setLong(1, q.investigationId());
            p.setInt(2, q.index());
            p.setString(3, q.text());
            p.setLong(4, q.sessionId());
            p.setString(5, q.state().name());
            p.setString(6, q.answer());
            p.setString(7, q.problem());
            p.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- pipelines

    private static final String SELECT_PIPELINE = """
            SELECT l.id, r.path, l.worktree, l.name, l.state, l.problem, l.created_at
            FROM pipelines l JOIN repositories r ON r.id = l.repository_id
            """;

    @Override
    public dev.lanes.pipeline.Pipeline createPipeline(dev.lanes.pipeline.Pipeline v, List<dev.lanes.pipeline.Stage> stages) {
        return transaction(c -> {
            long id;
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO pipelines(repository_id, worktree, name, state, problem, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, repositoryFor(c, v.repository()));
                p.setString(2, v.worktree().toString());
                p.setString(3, v.name());
                p.setString(4, v.state().name());
                p.setString(5, v.problem());
                p.setString(6, text(v.createdAt() == null ? Instant.now() : v.createdAt()));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            for (dev.lanes.pipeline.Stage s : stages) {
                saveStage(c, new dev.lanes.pipeline.Stage(id, s.index(), s.name(), s.prompt(), s.profileId(), s.model(),
                        s.permissionMode(), s.state(), s.sessionId(), s.result(), s.problem()));
            }
            return v.withId(id);
        });
    }

    @Override
    public Optional<dev.lanes.pipeline.Pipeline> pipeline(long id) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_PIPELINE + " WHERE l.id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(pipelineRow(r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<dev.lanes.pipeline.Pipeline> pipelines(Path repository) {
        return locked(c -> {
            List<dev.lanes.pipeline.Pipeline> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT_PIPELINE + " WHERE r.path = ? ORDER BY l.id")) {
                p.setString(1, repository.toString());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(pipelineRow(r));
                    }
                }
            }
            return out;
        });
    }

    private static dev.lanes.pipeline.Pipeline pipelineRow(ResultSet r) throws SQLException {
        return new dev.lanes.pipeline.Pipeline(r.getLong(1), Path.of(r.getString(2)), Path.of(r.getString(3)), r.getString(4),
                state(dev.lanes.pipeline.Pipeline.State.class, r.getString(5), dev.lanes.pipeline.Pipeline.State.FAILED),
                r.getString(6), instant(r.getString(7)));
    }

    @Override
    public List<dev.lanes.pipeline.Stage> stages(long pipelineId) {
        return locked(c -> {
            List<dev.lanes.pipeline.Stage> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT idx, name, prompt, profile_id, model, permission_mode, state, session_id, result, problem
                    FROM pipeline_stages WHERE pipeline_id = ? ORDER BY idx""")) {
                p.setLong(1, pipelineId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new dev.lanes.pipeline.Stage(pipelineId, r.getInt(1), r.getString(2), r.getString(3),
                                r.getString(4), r.getString(5), r.getString(6),
                                state(dev.lanes.pipeline.Stage.State.class, r.getString(7), dev.lanes.pipeline.Stage.State.FAILED),
                                r.getLong(8), r.getString(9), r.getString(10)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void savePipeline(dev.lanes.pipeline.Pipeline v) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE pipelines SET state = ?, problem = ? WHERE id = ?")) {
                p.setString(1, v.state().name());
                p.setString(2, v.problem());
                p.setLong(3, v.id());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void saveStage(dev.lanes.pipeline.Stage s) {
        transaction(c -> {
            saveStage(c, s);
            return null;
        });
    }

    private static void saveStage(Connection c, dev.lanes.pipeline.Stage s) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT OR REPLACE INTO pipeline_stages(pipeline_id, idx, name, prompt, profile_id, model, permission_mode, state,
                                                       session_id, result, problem)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            p.setLong(1, s.pipelineId());
            p.setInt(2, s.index());
            p.setString(3, s.name());
            p.setString(4, s.prompt());
            p.setString(5, s.profileId());
            p.setString(6, s.model());
            p.setString(7, s.permissionMode());
            p.setString(8, s.state().name());
            p.setLong(9, s.sessionId());
            p.setString(10, s.result());
            p.setString(11, s.problem());
            p.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- comparisons

    private static final String SELECT_COMPARISON = """
            SELECT c.id, r.path, c.base, c.prompt, c.chosen_lane, c.created_at
            FROM comparisons c JOIN repositories r ON r.id = c.repository_id
            """;

    @Override
    public dev.lanes.compare.Comparison createComparison(dev.lanes.compare.Comparison v) {
        return transaction(c -> {
            long id;
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO comparisons(repository_id, base, prompt, chosen_lane, created_at) VALUES (?, ?, ?, ?, ?)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, repositoryFor(c, v.repository()));
                p.setString(2, v.base());
                p.setString(3, v.prompt());
                setChosen(p, 4, v.chosen());
                p.setString(5, text(v.createdAt() == null ? Instant.now() : v.createdAt()));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            for (dev.lanes.compare.Comparison.Lane lane : v.lanes()) {
                saveComparisonLane(c, id, lane);
            }
            return v.withId(id);
        });
    }

    @Override
    public Optional<dev.lanes.compare.Comparison> comparison(long id) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_COMPARISON + " WHERE c.id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(comparisonRow(c, r)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<dev.lanes.compare.Comparison> comparisons(Path repository) {
        return locked(c -> {
            List<dev.lanes.compare.Comparison> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT_COMPARISON + " WHERE r.path = ? ORDER BY c.id")) {
                p.setString(1, repository.toString());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(comparisonRow(c, r));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saveComparison(dev.lanes.compare.Comparison v) {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE comparisons SET chosen_lane = ? WHERE id = ?")) {
                setChosen(p, 1, v.chosen());
                p.setLong(2, v.id());
                if (p.executeUpdate() == 0) {
                    throw new StoreException("Comparison " + v.id() + " is no longer in the Lanes store " + file
                            + ", so it could not be saved.");
                }
            }
            for (dev.lanes.compare.Comparison.Lane lane : v.lanes()) {
                saveComparisonLane(c, v.id(), lane);
            }
            return null;
        });
    }

    private static void setChosen(PreparedStatement p, int index, int chosen) throws SQLException {
        if (chosen < 0) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setInt(index, chosen);
        }
    }

    private static void saveComparisonLane(Connection c, long comparisonId, dev.lanes.compare.Comparison.Lane lane)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT OR REPLACE INTO comparison_lanes(comparison_id, idx, profile_id, profile_name, model, worktree, branch,
                                                        session_id, problem, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            p.setLong(1, comparisonId);
            p.setInt(2, lane.index());
            p.setString(3, lane.profileId());
            p.setString(4, lane.profileName());
            p.setString(5, lane.model());
            p.setString(6, lane.worktree() == null ? null : lane.worktree().path().toString());
            p.setString(7, lane.worktree() == null ? null : lane.worktree().branch());
            p.setLong(8, lane.sessionId());
            p.setString(9, lane.problem());
            p.setString(10, lane.outcome().name());
            p.executeUpdate();
        }
    }

    /** A comparison's row (at {@code r}'s cursor) with its lanes, read on the same connection. */
    private static dev.lanes.compare.Comparison comparisonRow(Connection c, ResultSet r) throws SQLException {
        long id = r.getLong(1);
        int chosen = r.getInt(5);
        if (r.wasNull()) {
            chosen = -1;
        }
        List<dev.lanes.compare.Comparison.Lane> lanes = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT idx, profile_id, profile_name, model, worktree, branch, session_id, problem, outcome
                FROM comparison_lanes WHERE comparison_id = ? ORDER BY idx""")) {
            p.setLong(1, id);
            try (ResultSet l = p.executeQuery()) {
                while (l.next()) {
                    String folder = l.getString(5);
                    dev.lanes.model.Worktree wt = folder == null ? null
                            : new dev.lanes.model.Worktree(Path.of(folder), "", l.getString(6), false, false, null, null);
                    lanes.add(new dev.lanes.compare.Comparison.Lane(l.getInt(1), l.getString(2), l.getString(3), l.getString(4),
                            wt, l.getLong(7), l.getString(8), state(dev.lanes.compare.Comparison.Outcome.class, l.getString(9),
                            dev.lanes.compare.Comparison.Outcome.OPEN)));
                }
            }
        }
        return new dev.lanes.compare.Comparison(id, Path.of(r.getString(2)), r.getString(3), r.getString(4), lanes, chosen,
                instant(r.getString(6)));
    }

    /** A stored enum's constant; {@code fallback} for a name this Lanes does not know. */
    private static <E extends Enum<E>> E state(Class<E> type, String name, E fallback) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return fallback;
        }
    }

    private static void setReal(PreparedStatement p, int index, Double value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.REAL);
        } else {
            p.setDouble(index, value);
        }
    }

    // ---------------------------------------------------------------- lane scopes

    /**
     * The scopes kept for the lanes of the repository whose main checkout is {@code repository}: worktree folder →
     * its globs (never empty), in the order they were given.
     */
    public Map<Path, List<String>> laneScopes(Path repository) {
        return locked(c -> {
            Map<Path, List<String>> out = new java.util.LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT s.worktree, s.globs FROM lane_scopes s JOIN repositories r ON r.id = s.repository_id
                    WHERE r.path = ? ORDER BY s.worktree""")) {
                p.setString(1, repository.toString());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(Path.of(r.getString(1)), ArgvCodec.decode(r.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Keeps a lane's scope (blank globs dropped); no globs left: the lane has no scope any more. */
    public void saveLaneScope(Path repository, Path worktree, List<String> globs) {
        List<String> kept = globs.stream().map(String::strip).filter(g -> !g.isEmpty()).toList();
        transaction(c -> {
            long repositoryId = repositoryFor(c, repository);
            if (kept.isEmpty()) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM lane_scopes WHERE repository_id = ? AND worktree = ?")) {
                    p.setLong(1, repositoryId);
                    p.setString(2, worktree.toString());
                    p.executeUpdate();
                }
                return null;
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO lane_scopes(repository_id, worktree, globs, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(repository_id, worktree) DO UPDATE SET globs = excluded.globs, updated_at = excluded.updated_at""")) {
                p.setLong(1, repositoryId);
                p.setString(2, worktree.toString());
                p.setString(3, ArgvCodec.encode(kept));
                p.setString(4, text(Instant.now()));
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Closes the connection (SQLite folds the WAL back into the file). Further calls fail. */
    @Override
    public void close() {
        synchronized (lock) {
            if (connection != null) {
                closeQuietly(connection);
                connection = null;
            }
        }
    }

    // ---------------------------------------------------------------- rows

    private static void requireComplete(SessionRecord r) {
        Objects.requireNonNull(r.repository(), "repository");
        Objects.requireNonNull(r.worktree(), "worktree");
        Objects.requireNonNull(r.name(), "name");
        Objects.requireNonNull(r.kind(), "kind");
        Objects.requireNonNull(r.status(), "status");
        Objects.requireNonNull(r.createdAt(), "createdAt");
    }

    private static void bindRow(PreparedStatement p, long repositoryId, SessionRecord r) throws SQLException {
        p.setLong(1, repositoryId);
        p.setString(2, r.worktree().toString());
        p.setString(3, r.name());
        p.setString(4, r.kind().name());
        p.setString(5, ArgvCodec.encode(r.argv()));
        p.setInt(6, r.background() ? 1 : 0);
        p.setString(7, r.status().name());
        if (r.exitCode() == null) {
            p.setNull(8, Types.INTEGER);
        } else {
            p.setInt(8, r.exitCode());
        }
        p.setString(9, r.createdAt().toString());
        p.setString(10, text(r.startedAt()));
        p.setString(11, text(r.endedAt()));
        p.setString(12, r.logFile() == null ? null : r.logFile().toString());
        if (r.pid() == null) {
            p.setNull(13, Types.INTEGER);
        } else {
            p.setLong(13, r.pid());
        }
        p.setString(14, text(r.pidStartedAt()));
        p.setString(15, r.shownIn() == null ? null : r.shownIn().stored());
    }

    private SessionRecord row(ResultSet r) throws SQLException {
        long id = r.getLong(1);
        try {
            Integer exitCode = r.getInt(9);
            if (r.wasNull()) {
                exitCode = null;
            }
            Long pid = r.getLong(14);
            if (r.wasNull()) {
                pid = null;
            }
            String logFile = r.getString(13);
            return new SessionRecord(id, Path.of(r.getString(2)), Path.of(r.getString(3)), r.getString(4),
                    SessionKind.valueOf(r.getString(5)), ArgvCodec.decode(r.getString(6)), r.getInt(7) != 0,
                    SessionStatus.valueOf(r.getString(8)), exitCode, instant(r.getString(10)), instant(r.getString(11)),
                    instant(r.getString(12)), logFile == null ? null : Path.of(logFile), pid, instant(r.getString(15)),
                    dev.lanes.model.ShownIn.fromStored(r.getString(16)));
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw new StoreException("Session " + id + " in the Lanes store " + file + " is damaged (" + e.getMessage()
                    + "); it was left as it is.", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    // ---------------------------------------------------------------- plumbing

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private List<SessionRecord> query(String sql, Binder binder) {
        return locked(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                try (ResultSet r = p.executeQuery()) {
                    List<SessionRecord> rows = new ArrayList<>();
                    while (r.next()) {
                        rows.add(row(r));
                    }
                    return rows;
                }
            }
        });
    }

    private <T> T locked(SqlWork<T> work) {
        synchronized (lock) {
            if (connection == null) {
                throw new IllegalStateException("The Lanes store " + file + " is closed.");
            }
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** {@code work} in one write transaction, rolled back when it throws. */
    private <T> T transaction(SqlWork<T> work) {
        return locked(c -> {
            exec(c, "BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run(c);
                exec(c, "COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(c);
                }
            }
        });
    }

    private StoreException failure(SQLException e) {
        return switch (e.getErrorCode() & 0xff) {
            case SQLITE_BUSY, SQLITE_LOCKED -> new StoreException(inUse(file), e);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> new StoreException(damaged(file), e);
            case SQLITE_FULL -> new StoreException("The disk holding the Lanes store " + file + " is full; free some "
                    + "space, then try again.", e);
            case SQLITE_READONLY, SQLITE_PERM -> new StoreException("Lanes may not write its store " + file
                    + "; check the file's permissions.", e);
            default -> new StoreException("The Lanes store " + file + " could not be read or written ("
                    + sqliteMessage(e) + ").", e);
        };
    }

    private static StoreException opening(Path file, SQLException e) {
        return switch (e.getErrorCode() & 0xff) {
            case SQLITE_BUSY, SQLITE_LOCKED -> new StoreException(inUse(file), e);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> new StoreException(damaged(file), e);
            case SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM -> new StoreException("Lanes could not open its store "
                    + file + " for writing (" + sqliteMessage(e) + "); check that it is a file Lanes may write.", e);
            default -> new StoreException("Lanes could not open its store " + file + " (" + sqliteMessage(e)
                    + "); the file was left as it is.", e);
        };
    }

    private static String inUse(Path file) {
        return "Another program is using the Lanes store " + file + " (perhaps Lanes in another window); close it and "
                + "try again — nothing was changed.";
    }

    private static String damaged(Path file) {
        return file + " is damaged or not a Lanes store, so Lanes left it as it is; move it aside to start with an "
                + "empty store.";
    }

    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private static boolean isBusy(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLITE_BUSY || code == SQLITE_LOCKED;
    }

    /** SQLite's own words, without the driver's "[SQLITE_X] Some text" prefix when it adds one in parentheses. */
    private static String sqliteMessage(SQLException e) {
        String m = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        int open = m.lastIndexOf('(');
        if (m.startsWith("[") && open > 0 && m.endsWith(")")) {
            return m.substring(open + 1, m.length() - 1);
        }
        return m;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int pragmaInt(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + pragma)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            exec(c, "ROLLBACK");
        } catch (SQLException e) {
            // SQLite already rolled back (or never began): nothing is pending
            LOG.debug("Rollback: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("Closing the Lanes store: {}", e.getMessage());
        }
    }
}
