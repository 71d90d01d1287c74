package dev.lanes.store;

import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentSession;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.model.ShownIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema 9 to 10: a file written before comparisons were kept and before sessions carried the view that
 * shows them keeps every row; the reviewer and investigation sessions of then (told apart by the names
 * Lanes gave them) are flagged, and nothing else is.
 */
class StoreMigrationTenTest {

    @TempDir
    Path home;

    private static final Path REPO = Path.of("/work/repo");

    @Test
    void aSchemaNineFileKeepsItsRowsAndFlagsTheSessionsShownElsewhere() throws Exception {
        dev.lanes.investigate.Investigation investigation;
        dev.lanes.review.Review review;
        try (Store store = Store.open(home, Migrations.ALL.subList(0, 9))) {
            investigation = store.createInvestigation(new dev.lanes.investigate.Investigation(0, REPO, REPO, "claude", "", null,
                    dev.lanes.investigate.Investigation.State.DONE, "They agree.", 0, "", StoreTest.T0), List.of("how?", "why?"));
            review = store.createReview(new dev.lanes.review.Review(0, REPO, REPO, 1, "claude", "", null, 3, StoreTest.T0));
            store.saveLaneScope(REPO, REPO.resolve("wt"), List.of("src/**"));
        }
        assertEquals("9", query("PRAGMA user_version"));
        // sessions as Lanes 9 wrote them (its Store wrote no shown_in column): an agent row for the agent sessions
        Map<String, Boolean> rows = new LinkedHashMap<>();
        rows.put("writer", true);
        rows.put("Review of writer", true);
        rows.put("Review of writer (from round 2)", true);
        rows.put("Investigate · how does authentication work", true);
        rows.put("Investigate · combined", true);
        rows.put("Review of my notes", false);       // a shell the person named so: never a reviewer
        rows.put("review of lower case", true);      // not the name Lanes gave
        rows.put("Investigate: by hand", true);
        rows.put("The Review of x", true);
        Map<String, Long> ids = insertSchemaNineSessions(rows);
        AgentSession agentRow = new AgentSession(ids.get("Review of writer"), "claude", "c0ffee", AgentActivity.DONE, 0.25,
                null, "", "plan", "");

        try (Store store = Store.open(home, Migrations.ALL.subList(0, 9))) {
            store.saveAgent(agentRow);
        }
        try (Store store = Store.open(home)) {
            assertEquals(String.valueOf(Migrations.latest()), query("PRAGMA user_version"));
            Map<String, SessionRecord> byName = store.sessions(REPO).stream()
                    .collect(Collectors.toMap(SessionRecord::name, Function.identity()));
            assertEquals(rows.keySet(), byName.keySet(), "every session kept");
            assertEquals(ShownIn.REVIEW, byName.get("Review of writer").shownIn());
            assertEquals(ShownIn.REVIEW, byName.get("Review of writer (from round 2)").shownIn());
            assertEquals(ShownIn.INVESTIGATION, byName.get("Investigate · how does authentication work").shownIn());
            assertEquals(ShownIn.INVESTIGATION, byName.get("Investigate · combined").shownIn());
            for (String ordinary : List.of("writer", "Review of my notes", "review of lower case", "Investigate: by hand",
                    "The Review of x")) {
                assertNull(byName.get(ordinary).shownIn(), ordinary);
            }
            SessionRecord reviewer = byName.get("Review of writer");
            assertEquals(SessionStatus.EXITED, reviewer.status());
            assertEquals(0, reviewer.exitCode());
            assertEquals(List.of("claude", "-p", "review"), reviewer.argv());
            assertEquals(StoreTest.T0, reviewer.createdAt());
            assertEquals(Path.of("/logs/" + reviewer.id() + ".log"), reviewer.logFile());
            assertTrue(store.agentSessions(REPO).contains(agentRow));
            // the tables of before keep their rows
            assertEquals(List.of(investigation), store.investigations(REPO));
            assertEquals(2, store.questions(investigation.id()).size());
            assertEquals(List.of(review), store.reviews(REPO));
            assertEquals(Map.of(REPO.resolve("wt"), List.of("src/**")), store.laneScopes(REPO));
            assertEquals(List.of(), store.comparisons(REPO));

            // the flag of a session stored now is written and read back, and a rename or an end keeps it
            SessionRecord flagged = store.insert(StoreTest.bare(REPO, "Asks", SessionStatus.RUNNING).withShownIn(ShownIn.INVESTIGATION));
            store.update(flagged.withName("Asks again").ended(SessionStatus.EXITED, 0, StoreTest.T0));
            assertEquals(ShownIn.INVESTIGATION, store.session(flagged.id()).orElseThrow().shownIn());
        }
    }

    /** Inserts sessions with the columns of schema 9; {@code agent}: with an agent row. Returns their ids by name. */
    private Map<String, Long> insertSchemaNineSessions(Map<String, Boolean> rows) throws Exception {
        Map<String, Long> ids = new LinkedHashMap<>();
        try (Connection c = connect()) {
            long repository;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM repositories WHERE path = '/work/repo'")) {
                assertTrue(r.next());
                repository = r.getLong(1);
            }
            for (Map.Entry<String, Boolean> row : rows.entrySet()) {
                long id;
                try (PreparedStatement p = c.prepareStatement("""
                        INSERT INTO sessions(repository_id, worktree, name, kind, argv, background, status, exit_code, created_at,
                                             started_at, ended_at, log_file, pid, pid_started_at)
                        VALUES (?, '/work/repo', ?, 'COMMAND', '["claude","-p","review"]', 0, 'EXITED', 0, ?, NULL, NULL, NULL, NULL,
                                NULL)""", Statement.RETURN_GENERATED_KEYS)) {
                    p.setLong(1, repository);
                    p.setString(2, row.getKey());
                    p.setString(3, StoreTest.T0.toString());
                    p.executeUpdate();
                    try (ResultSet k = p.getGeneratedKeys()) {
                        k.next();
                        id = k.getLong(1);
                    }
                }
                try (PreparedStatement p = c.prepareStatement("UPDATE sessions SET log_file = ? WHERE id = ?")) {
                    p.setString(1, "/logs/" + id + ".log");
                    p.setLong(2, id);
                    p.executeUpdate();
                }
                if (row.getValue()) {
                    try (PreparedStatement p = c.prepareStatement("""
                            INSERT INTO agent_sessions(session_id, profile_id, conversation_id, activity, cost_usd, budget_usd, model,
                                                       permission_mode, outcome)
                            VALUES (?, 'claude', '', 'DONE', 0, NULL, '', 'plan', '')""")) {
                        p.setLong(1, id);
                        p.executeUpdate();
                    }
                }
                ids.put(row.getKey(), id);
            }
        }
        return ids;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + home.resolve("lanes.db").toUri());
    }

    private String query(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
        }
    }
}
