package dev.lanes.store;

import java.util.List;

/**
 * The schema's history. Migration {@code n} (the n-th entry, counting from 1) brings a file from
 * {@code PRAGMA user_version = n-1} to {@code n}; each is a list of statements, run in order. The list
 * is append-only: a shipped migration is never edited, a change of schema is a new entry.
 */
final class Migrations {

    /** {@code PRAGMA application_id} of a Lanes store ("LNES"), to tell it from another program's database. */
    static final int APPLICATION_ID = 0x4C4E4553;

    static final List<List<String>> ALL = List.of(
            // 1: repositories, and sessions (a background task is a session with background = 1)
            List.of(
                    "PRAGMA application_id = " + APPLICATION_ID,
                    """
                    CREATE TABLE repositories (
                        id           INTEGER PRIMARY KEY,
                        path         TEXT NOT NULL UNIQUE,
                        first_opened TEXT NOT NULL,
                        last_opened  TEXT NOT NULL
                    )""",
                    """
                    CREATE TABLE sessions (
                        id             INTEGER PRIMARY KEY AUTOINCREMENT,
                        repository_id  INTEGER NOT NULL REFERENCES repositories(id),
                        worktree       TEXT NOT NULL,
                        name           TEXT NOT NULL,
                        kind           TEXT NOT NULL,
                        argv           TEXT NOT NULL,
                        background     INTEGER NOT NULL CHECK (background IN (0, 1)),
                        status         TEXT NOT NULL,
                        exit_code      INTEGER,
                        created_at     TEXT NOT NULL,
                        started_at     TEXT,
                        ended_at       TEXT,
                        log_file       TEXT,
                        pid            INTEGER,
                        pid_started_at TEXT
                    )""",
                    "CREATE INDEX sessions_by_repository ON sessions(repository_id, id)",
                    "CREATE INDEX sessions_by_status ON sessions(status)"),
            // 2: the agent side of sessions that run an agent, and agent profiles (as JSON)
            List.of(
                    """
                    CREATE TABLE agent_sessions (
                        session_id      INTEGER PRIMARY KEY REFERENCES sessions(id),
                        profile_id      TEXT NOT NULL,
                        conversation_id TEXT NOT NULL,
                        activity        TEXT NOT NULL,
                        cost_usd        REAL NOT NULL,
                        budget_usd      REAL,
                        model           TEXT NOT NULL,
                        permission_mode TEXT NOT NULL,
                        outcome         TEXT NOT NULL
                    )""",
                    """
                    CREATE TABLE agent_profiles (
                        id         TEXT PRIMARY KEY,
                        json       TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    )"""),
            // 3: fan-out runs (the spec as JSON) and their items, so a run survives a restart or a crash
            List.of(
                    """
                    CREATE TABLE fanout_runs (
                        id         INTEGER PRIMARY KEY AUTOINCREMENT,
                        folder     TEXT NOT NULL,
                        spec       TEXT NOT NULL,
                        status     TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    )""",
                    """
                    CREATE TABLE fanout_items (
                        run_id      INTEGER NOT NULL REFERENCES fanout_runs(id),
                        idx         INTEGER NOT NULL,
                        path        TEXT NOT NULL,
                        state       TEXT NOT NULL,
                        attempts    INTEGER NOT NULL,
                        cost_usd    REAL NOT NULL,
                        exit_code   INTEGER,
                        verify_exit INTEGER,
                        message     TEXT NOT NULL,
                        log_file    TEXT,
                        started_at  TEXT,
                        ended_at    TEXT,
                        PRIMARY KEY (run_id, idx)
                    )"""),
            // 4: where an item ran when its run places items in worktrees (null: in the run's folder, as before)
            List.of(
                    "ALTER TABLE fanout_items ADD COLUMN worktree TEXT",
                    "ALTER TABLE fanout_items ADD COLUMN branch TEXT",
                    "ALTER TABLE fanout_items ADD COLUMN base_commit TEXT"),
            // 5: writer/reviewer reviews, their rounds (the writer's diff per round, the reviewer's answer) and findings
            //    (which were sent). Session ids are plain numbers, not references: a removed session leaves its reviews.
            List.of(
                    """
                    CREATE TABLE reviews (
                        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                        repository_id       INTEGER NOT NULL REFERENCES repositories(id),
                        worktree            TEXT NOT NULL,
                        writer_session_id   INTEGER NOT NULL,
                        reviewer_profile_id TEXT NOT NULL,
                        reviewer_model      TEXT NOT NULL,
                        reviewer_budget_usd REAL,
                        max_rounds          INTEGER NOT NULL CHECK (max_rounds >= 1),
                        created_at          TEXT NOT NULL
                    )""",
                    "CREATE INDEX reviews_by_repository ON reviews(repository_id, id)",
                    """
                    CREATE TABLE review_rounds (
                        review_id           INTEGER NOT NULL REFERENCES reviews(id),
                        round               INTEGER NOT NULL,
                        focus_presets       TEXT NOT NULL,
                        focus_text          TEXT NOT NULL,
                        base_branch         TEXT NOT NULL,
                        base_commit         TEXT NOT NULL,
                        tree                TEXT NOT NULL,
                        diff                TEXT NOT NULL,
                        files               TEXT NOT NULL,
                        diff_from_previous  TEXT,
                        reviewer_session_id INTEGER NOT NULL,
                        state               TEXT NOT NULL,
                        answer              TEXT NOT NULL,
                        writer_prompt       TEXT NOT NULL,
                        problem             TEXT NOT NULL,
                        started_at          TEXT NOT NULL,
                        ended_at            TEXT,
                        PRIMARY KEY (review_id, round)
                    )""",
                    """
                    CREATE TABLE review_findings (
                        review_id INTEGER NOT NULL,
                        round     INTEGER NOT NULL,
                        idx       INTEGER NOT NULL,
                        file      TEXT,
                        line      INTEGER,
                        text      TEXT NOT NULL,
                        sent      INTEGER NOT NULL CHECK (sent IN (0, 1)),
                        PRIMARY KEY (review_id, round, idx),
                        FOREIGN KEY (review_id, round) REFERENCES review_rounds(review_id, round)
                    )"""),
            // 6: the process that runs for an item (program or verification) while it runs, for a resume after a
            // crash to stop it (it was a pid file beside the item's log)
            List.of(
                    "ALTER TABLE fanout_items ADD COLUMN pid INTEGER",
                    "ALTER TABLE fanout_items ADD COLUMN pid_started_at TEXT"),
            // 7: what lanes share: each lane's block of ports (LANES_PORT), the named resources a
            // session holds while it runs (it waits for them first), and a notes pane per repository
            List.of(
                    """
                    CREATE TABLE lane_ports (
                        worktree   TEXT PRIMARY KEY,
                        first_port INTEGER NOT NULL UNIQUE
                    )""",
                    """
                    CREATE TABLE session_resources (
                        session_id INTEGER NOT NULL,
                        name       TEXT NOT NULL,
                        PRIMARY KEY (session_id, name)
                    )""",
                    """
                    CREATE TABLE notes (
                        repository_id INTEGER PRIMARY KEY REFERENCES repositories(id),
                        text          TEXT NOT NULL,
                        updated_at    TEXT NOT NULL
                    )"""),
            // 8: investigations (read-only questions on one worktree, their answers, the combined summary) and
            //    pipelines (stages run one after another in one worktree). Session ids are plain numbers, as in 5.
            List.of(
                    """
                    CREATE TABLE investigations (
                        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                        repository_id      INTEGER NOT NULL REFERENCES repositories(id),
                        worktree           TEXT NOT NULL,
                        profile_id         TEXT NOT NULL,
                        model              TEXT NOT NULL,
                        budget_usd         REAL,
                        state              TEXT NOT NULL,
                        summary            TEXT NOT NULL,
                        combine_session_id INTEGER NOT NULL,
                        problem            TEXT NOT NULL,
                        created_at         TEXT NOT NULL
                    )""",
                    "CREATE INDEX investigations_by_repository ON investigations(repository_id, id)",
                    """
                    CREATE TABLE investigation_questions (
                        investigation_id INTEGER NOT NULL REFERENCES investigations(id),
                        idx              INTEGER NOT NULL,
                        question         TEXT NOT NULL,
                        session_id       INTEGER NOT NULL,
                        state            TEXT NOT NULL,
                        answer           TEXT NOT NULL,
                        problem          TEXT NOT NULL,
                        PRIMARY KEY (investigation_id, idx)
                    )""",
                    """
                    CREATE TABLE pipelines (
                        id            INTEGER PRIMARY KEY AUTOINCREMENT,
                        repository_id INTEGER NOT NULL REFERENCES repositories(id),
                        worktree      TEXT NOT NULL,
                        name          TEXT NOT NULL,
                        state         TEXT NOT NULL,
                        problem       TEXT NOT NULL,
                        created_at    TEXT NOT NULL
                    )""",
                    "CREATE INDEX pipelines_by_repository ON pipelines(repository_id, id)",
                    """
                    CREATE TABLE pipeline_stages (
                        pipeline_id     INTEGER NOT NULL REFERENCES pipelines(id),
                        idx             INTEGER NOT NULL,
                        name            TEXT NOT NULL,
                        prompt          TEXT NOT NULL,
                        profile_id      TEXT NOT NULL,
                        model           TEXT NOT NULL,
                        permission_mode TEXT NOT NULL,
                        state           TEXT NOT NULL,
                        session_id      INTEGER NOT NULL,
                        result          TEXT NOT NULL,
                        problem         TEXT NOT NULL,
                        PRIMARY KEY (pipeline_id, idx)
                    )"""),
            // 9: a lane's scope: the globs (a JSON array, as an argv) its changes should stay within; a lane without a
            // row has no scope. Keyed by the repository's main checkout and the worktree's folder
            List.of(
                    """
                    CREATE TABLE lane_scopes (
                        repository_id INTEGER NOT NULL REFERENCES repositories(id),
                        worktree      TEXT NOT NULL,
                        globs         TEXT NOT NULL,
                        updated_at    TEXT NOT NULL,
                        PRIMARY KEY (repository_id, worktree)
                    )"""),
            // 10: same-prompt comparisons and their lanes (worktree folder and branch, the agent's session, which lane
            //     was merged and which removed; a lane never made has no worktree and says why), so a comparison is
            //     reopened after a restart. And the view that shows a session instead of a tab of its own
            //     (sessions.shown_in: 'review' for a reviewer, 'investigation' for an investigation's questions, null for
            //     an ordinary session). Before, such sessions were told apart by their names alone: the agent sessions
            //     named as Lanes named them then ("Review of …", "Investigate · …") are flagged so they stay out of the
            //     tabs. The prefixes are written out here: this migration must not change when the names do.
            List.of(
                    """
                    CREATE TABLE comparisons (
                        id            INTEGER PRIMARY KEY AUTOINCREMENT,
                        repository_id INTEGER NOT NULL REFERENCES repositories(id),
                        base          TEXT NOT NULL,
                        prompt        TEXT NOT NULL,
                        chosen_lane   INTEGER,
                        created_at    TEXT NOT NULL
                    )""",
                    "CREATE INDEX comparisons_by_repository ON comparisons(repository_id, id)",
                    """
                    CREATE TABLE comparison_lanes (
                        comparison_id INTEGER NOT NULL REFERENCES comparisons(id),
                        idx           INTEGER NOT NULL,
                        profile_id    TEXT NOT NULL,
                        profile_name  TEXT NOT NULL,
                        model         TEXT NOT NULL,
                        worktree      TEXT,
                        branch        TEXT,
                        session_id    INTEGER NOT NULL,
                        problem       TEXT NOT NULL,
                        outcome       TEXT NOT NULL,
                        PRIMARY KEY (comparison_id, idx)
                    )""",
                    "ALTER TABLE sessions ADD COLUMN shown_in TEXT",
                    """
                    UPDATE sessions SET shown_in = 'review'
                    WHERE substr(name, 1, 10) = 'Review of ' AND id IN (SELECT session_id FROM agent_sessions)""",
                    """
                    UPDATE sessions SET shown_in = 'investigation'
                    WHERE substr(name, 1, 14) = 'Investigate · ' AND id IN (SELECT session_id FROM agent_sessions)"""));

    private Migrations() {
    }

    /** The schema version this code writes: the number of migrations. */
    static int latest() {
        return ALL.size();
    }
}
