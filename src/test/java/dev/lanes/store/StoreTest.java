package dev.lanes.store;

import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreTest {

    @TempDir
    Path home;

    static final Path REPO = Path.of("/work/repo with spaces 'single' \"double\" $(touch pwned) `id`\nnew line ✓ 日本語");
    static final Path OTHER = Path.of("/work/other");
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");

    /** A session with every field set, none to its default. */
    static SessionRecord full() {
        return new SessionRecord(0, REPO, REPO.resolveSibling("repo.lanes").resolve("feature/ünï \"x\""),
                "agent 'one' \"two\" $(touch pwned)\n✓", SessionKind.TERMINAL, ArgvCodecTest.HOSTILE, true,
                SessionStatus.FAILED, 137, T0, T0.plusNanos(1), T0.plusSeconds(3600).plusNanos(999_999_999),
                Path.of("/logs/sess ion\n'1'.log"), 4_194_304L, T0.minusMillis(5));
    }

    /** A session with every optional field empty. */
    static SessionRecord bare(Path repository, String name, SessionStatus status) {
        return new SessionRecord(0, repository, repository, name, SessionKind.COMMAND, List.of(), false, status, null,
                T0, null, null, null, null, null);
    }

    @Test
    void everyFieldRoundTripsAndComesBackAfterReopening() throws Exception {
        SessionRecord a;
        SessionRecord b;
        try (Store store = Store.open(home)) {
            a = store.insert(full().withId(999));
            b = store.insert(bare(REPO, "", SessionStatus.STARTING));
            assertTrue(a.id() > 0 && a.id() != 999, "a new id, not the one passed in");
            assertNotEquals(a.id(), b.id());
            assertEquals(full().withId(a.id()), a);
            assertEquals(a, store.session(a.id()).orElseThrow());
            assertEquals(b, store.session(b.id()).orElseThrow());
            assertEquals(0, store.session(b.id()).orElseThrow().argv().size());
        }
        try (Store store = Store.open(home)) {
            assertEquals(List.of(a, b), store.sessions(REPO));
            assertEquals(a, store.session(a.id()).orElseThrow());
            assertEquals(List.of(b), store.liveSessions());
        }
        // the argv column is JSON that SQLite itself reads back element by element (lone surrogates aside)
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve(Store.FILE_NAME).toUri());
             PreparedStatement p = c.prepareStatement("SELECT json_array_length(argv), json_extract(argv, ?) FROM sessions WHERE id = ?")) {
            for (int i = 0; i < 10; i++) {
                p.setString(1, "$[" + i + "]");
                p.setLong(2, a.id());
                try (ResultSet r = p.executeQuery()) {
                    assertTrue(r.next());
                    assertEquals(ArgvCodecTest.HOSTILE.size(), r.getInt(1));
                    assertEquals(ArgvCodecTest.HOSTILE.get(i), r.getString(2));
                }
            }
        }
    }

    @Test
    void updateWritesTheWholeRow() {
        try (Store store = Store.open(home)) {
            SessionRecord s = store.insert(bare(REPO, "build", SessionStatus.STARTING));
            SessionRecord running = s.started(T0.plusSeconds(1), 4242, T0.plusMillis(900)).withName("build 2");
            store.update(running);
            assertEquals(running, store.session(s.id()).orElseThrow());
            SessionRecord moved = new SessionRecord(s.id(), OTHER, OTHER.resolve("wt"), "moved", SessionKind.TERMINAL,
                    List.of("x", "y z"), true, SessionStatus.EXITED, 0, T0.plusSeconds(9), null, T0.plusSeconds(10),
                    Path.of("/l"), null, null);
            store.update(moved);
            assertEquals(moved, store.session(s.id()).orElseThrow());
            assertEquals(List.of(), store.sessions(REPO));
            assertEquals(List.of(moved), store.sessions(OTHER));

            store.delete(s.id());
            StoreException e = assertThrows(StoreException.class, () -> store.update(moved));
            assertTrue(e.getMessage().contains("no longer in the Lanes store"), e.getMessage());
            assertTrue(store.session(s.id()).isEmpty(), "a failed update inserts nothing");
        }
    }

    @Test
    void sessionsAreListedPerRepositoryByIdWithBackgroundTasksAmongThem() {
        try (Store store = Store.open(home)) {
            SessionRecord a = store.insert(bare(REPO, "a", SessionStatus.EXITED));
            SessionRecord other = store.insert(bare(OTHER, "other", SessionStatus.EXITED));
            SessionRecord task = store.insert(bare(REPO, "task", SessionStatus.RUNNING).withBackground(true));
            SessionRecord c = store.insert(bare(REPO, "c", SessionStatus.STOPPED));
            assertEquals(List.of(a, task, c), store.sessions(REPO));
            assertTrue(store.sessions(REPO).get(1).background());
            assertEquals(List.of(other), store.sessions(OTHER));
            assertEquals(List.of(), store.sessions(Path.of("/never/seen")));
            assertEquals(List.of(), store.sessions(Path.of("/work/repo")), "no prefix match");

            store.delete(task.id());
            store.delete(task.id());
            store.delete(123_456);
            assertEquals(List.of(a, c), store.sessions(REPO));
            SessionRecord d = store.insert(bare(REPO, "d", SessionStatus.EXITED));
            assertTrue(d.id() > c.id(), "ids are never reused");
            assertTrue(store.session(task.id()).isEmpty());
        }
    }

    @Test
    void liveSessionsAreMarkedInterruptedKeepingTheirPids() {
        Instant now = T0.plusSeconds(86_400).plusNanos(7);
        try (Store store = Store.open(home)) {
            SessionRecord starting = store.insert(bare(REPO, "starting", SessionStatus.STARTING));
            SessionRecord running = store.insert(bare(OTHER, "running", SessionStatus.STARTING)
                    .started(T0.plusSeconds(1), 777, T0.plusMillis(999)).withBackground(true));
            List<SessionRecord> ended = new ArrayList<>();
            for (SessionStatus s : List.of(SessionStatus.EXITED, SessionStatus.FAILED, SessionStatus.STOPPED, SessionStatus.INTERRUPTED)) {
                ended.add(store.insert(bare(REPO, s.label(), s).ended(s, s == SessionStatus.FAILED ? 2 : null, T0.plusSeconds(5))));
            }
            assertEquals(List.of(starting, running), store.liveSessions());

            List<SessionRecord> marked = store.markLiveAsInterrupted(now);

            assertEquals(List.of(starting.ended(SessionStatus.INTERRUPTED, null, now),
                    running.ended(SessionStatus.INTERRUPTED, null, now)), marked);
            assertEquals(777L, marked.get(1).pid());
            assertEquals(T0.plusMillis(999), marked.get(1).pidStartedAt());
            assertEquals(T0.plusSeconds(1), marked.get(1).startedAt());
            assertEquals(marked.get(0), store.session(starting.id()).orElseThrow());
            assertEquals(marked.get(1), store.session(running.id()).orElseThrow());
            for (SessionRecord e : ended) {
                assertEquals(e, store.session(e.id()).orElseThrow(), "ended sessions are untouched");
            }
            assertEquals(List.of(), store.liveSessions());
            assertEquals(List.of(), store.markLiveAsInterrupted(now.plusSeconds(1)));
        }
        try (Store store = Store.open(home)) {
            assertEquals(SessionStatus.INTERRUPTED, store.sessions(OTHER).get(0).status());
        }
    }

    @Test
    void repositoryIdIsStableAndTouchesLastOpened() throws Exception {
        try (Store store = Store.open(home)) {
            long id = store.repositoryId(REPO);
            Instant[] first = openedTimes(REPO);
            assertEquals(first[0], first[1]);
            assertNotEquals(id, store.repositoryId(OTHER));
            Instant before = Instant.now();
            while (!Instant.now().isAfter(first[1]) || !Instant.now().isAfter(before)) {
                Thread.onSpinWait();
            }
            assertEquals(id, store.repositoryId(REPO));
            Instant[] second = openedTimes(REPO);
            assertEquals(first[0], second[0], "first opened stays");
            assertTrue(second[1].isAfter(first[1]), "last opened moves");

            SessionRecord s = store.insert(bare(REPO, "s", SessionStatus.EXITED));
            assertEquals(second[1], openedTimes(REPO)[1], "storing a session does not count as opening");
            assertEquals(REPO, s.repository());
        }
    }

    private Instant[] openedTimes(Path repository) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve(Store.FILE_NAME).toUri());
             PreparedStatement p = c.prepareStatement("SELECT first_opened, last_opened FROM repositories WHERE path = ?")) {
            p.setString(1, repository.toString());
            try (ResultSet r = p.executeQuery()) {
                assertTrue(r.next());
                return new Instant[] {Instant.parse(r.getString(1)), Instant.parse(r.getString(2))};
            }
        }
    }

    @Test
    void concurrentInsertsFromSeveralThreadsAllLand() throws Exception {
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Store store = Store.open(home)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<SessionRecord>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Path repo = t % 2 == 0 ? REPO : OTHER.resolve("r" + t);
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<SessionRecord> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        SessionRecord s = store.insert(bare(repo, thread + "-" + i, SessionStatus.RUNNING)
                                .withBackground(i % 3 == 0));
                        mine.add(s);
                        if (i % 5 == 0) {
                            store.update(s.ended(SessionStatus.EXITED, 0, T0.plusSeconds(i)));
                            mine.set(i, store.session(s.id()).orElseThrow());
                            store.sessions(repo);
                        }
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<SessionRecord> all = new ArrayList<>();
            for (Future<List<SessionRecord>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            Set<Long> ids = new HashSet<>();
            all.forEach(s -> ids.add(s.id()));
            assertEquals(threads * each, ids.size(), "every insert got its own id");
            for (SessionRecord s : all) {
                assertEquals(s, store.session(s.id()).orElseThrow());
            }
            List<SessionRecord> inRepo = store.sessions(REPO);
            assertEquals(threads / 2 * each, inRepo.size());
            List<Long> order = inRepo.stream().map(SessionRecord::id).toList();
            List<Long> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, "ordered by id");
            assertEquals(threads * each - threads * (each / 5), store.liveSessions().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedStoreSaysSo() {
        Store store = Store.open(home);
        store.close();
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.sessions(REPO));
        assertTrue(e.getMessage().contains("closed"));
        assertFalse(e.getMessage().isBlank());
    }
}
