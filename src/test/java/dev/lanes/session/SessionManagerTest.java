package dev.lanes.session;

import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.process.ProcessStartException;
import dev.lanes.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real processes, a real SQLite store, real log files. */
class SessionManagerTest {

    @TempDir
    Path tmp;

    private Store store;
    private SessionManager sessions;
    private Path repo;
    private Path worktree;
    private final List<SessionRecord> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(tmp.resolve("home"));
        sessions = new SessionManager(store, tmp.resolve("home/logs"));
        sessions.addListener(events::add);
        repo = Files.createDirectories(tmp.resolve("repo"));
        worktree = Files.createDirectories(tmp.resolve("repo.lanes/lane one"));
    }

    @AfterEach
    void tearDown() {
        sessions.close();
        store.close();
    }

    static void waitFor(String what, BooleanSupplier condition) {
        dev.lanes.testutil.Wait.until(what, condition);
    }

    private SessionRecord sh(String name, String script) {
        return sessions.create(repo, worktree, name, SessionKind.COMMAND, List.of("/bin/sh", "-c", script), false);
    }

    private SessionStatus status(long id) {
        return sessions.session(id).orElseThrow().status();
    }

    @Test
    void aSessionRunsInItsWorktreeAndItsEndIsStoredWithItsLog() throws Exception {
        SessionRecord s = sh("build", "pwd; echo \"session $LANES_SESSION\"; echo oops >&2; exit 3");
        assertEquals(SessionStatus.STARTING, s.status());
        SessionRecord started = sessions.start(s.id());
        assertEquals(SessionStatus.RUNNING, started.status());
        assertTrue(started.pid() > 0);
        waitFor("the end", () -> status(s.id()) == SessionStatus.FAILED);
        SessionRecord done = sessions.session(s.id()).orElseThrow();
        assertEquals(3, done.exitCode());
        assertTrue(done.endedAt() != null && !done.endedAt().isBefore(done.startedAt()));
        String log = Files.readString(done.logFile());
        assertTrue(log.contains(worktree.toString()) && log.contains("session " + s.id()) && log.contains("oops"), log);
        assertTrue(events.stream().anyMatch(e -> e.id() == s.id() && e.status() == SessionStatus.RUNNING));
        assertTrue(events.stream().anyMatch(e -> e.id() == s.id() && e.status() == SessionStatus.FAILED));
    }

    @Test
    void stopRestartRenameBackgroundAndClose() throws Exception {
        SessionRecord s = sh("server", "echo up; sleep 300");
        sessions.start(s.id());
        waitFor("output", () -> "up".equals(sessions.lastLineIfRunning(s.id())));
        sessions.stop(s.id());
        waitFor("stopped", () -> status(s.id()) == SessionStatus.STOPPED);
        assertEquals(143, sessions.session(s.id()).orElseThrow().exitCode());

        sessions.restart(s.id());
        waitFor("running again", () -> status(s.id()) == SessionStatus.RUNNING && "up".equals(sessions.lastLineIfRunning(s.id())));
        String log = Files.readString(sessions.session(s.id()).orElseThrow().logFile());
        assertTrue(log.startsWith("up\n") && log.contains("── restarted") && log.endsWith("up\n"), log);

        assertEquals("dev server", sessions.rename(s.id(), "dev server").name());
        assertTrue(sessions.setBackground(s.id(), true).background());
        assertTrue(sessions.isRunning(s.id()), "moving to the background does not stop it");

        Path logFile = sessions.session(s.id()).orElseThrow().logFile();
        long pid = sessions.session(s.id()).orElseThrow().pid();
        sessions.close(s.id());
        assertTrue(sessions.session(s.id()).isEmpty());
        assertFalse(Files.exists(logFile));
        waitFor("process gone", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void anAttachedViewGetsHistoryThenLiveOutputWithoutGapOrRepeat() throws Exception {
        SessionRecord s = sh("counter", "i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo $i; done; read x; j=400; while [ $j -lt 800 ]; do j=$((j+1)); echo $j; done");
        sessions.start(s.id());
        waitFor("first half", () -> "400".equals(sessions.lastLineIfRunning(s.id())));
        StringBuffer live = new StringBuffer();
        SessionManager.Attachment a = sessions.attach(s.id(), (text, stderr) -> live.append(text));
        sessions.send(s.id(), "go\n");
        waitFor("the end", () -> status(s.id()) == SessionStatus.EXITED);
        a.detach().run();
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 800; i++) {
            expected.append(i).append('\n');
        }
        assertEquals(expected.toString(), a.history() + live);
    }

    @Test
    void aMissingProgramFailsWithASentenceInTheLog() throws Exception {
        SessionRecord s = sessions.create(repo, worktree, "typo", SessionKind.COMMAND, List.of("npmm", "test"), false);
        ProcessStartException e = assertThrows(ProcessStartException.class, () -> sessions.start(s.id()));
        assertTrue(e.getMessage().contains("“npmm” was not found"), e.getMessage());
        SessionRecord failed = sessions.session(s.id()).orElseThrow();
        assertEquals(SessionStatus.FAILED, failed.status());
        assertTrue(Files.readString(failed.logFile()).contains("was not found"));
    }

    @Test
    void aWorktreeDeletedUnderARunningSessionIsReportedOnRestart() throws Exception {
        SessionRecord s = sh("watch", "echo running; sleep 300");
        sessions.start(s.id());
        waitFor("running", () -> "running".equals(sessions.lastLineIfRunning(s.id())));
        try (var walk = Files.walk(worktree)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertTrue(sessions.isRunning(s.id()), "the process does not care that its folder went");
        ProcessStartException e = assertThrows(ProcessStartException.class, () -> sessions.restart(s.id()));
        assertTrue(e.getMessage().contains("does not exist (was the worktree removed?)"), e.getMessage());
        assertEquals(SessionStatus.FAILED, status(s.id()));
    }

    @Test
    void sessionsComeBackAfterARestartAndRunningOnesAreInterrupted() throws Exception {
        SessionRecord done = sh("done", "echo finished");
        sessions.start(done.id());
        waitFor("done", () -> status(done.id()) == SessionStatus.EXITED);
        SessionRecord alive = sh("alive", "echo still here; sleep 300");
        sessions.start(alive.id());
        waitFor("alive", () -> "still here".equals(sessions.lastLineIfRunning(alive.id())));
        long pid = sessions.session(alive.id()).orElseThrow().pid();

        // Lanes "dies" without stopping anything: a new manager over the same store
        SessionManager next = new SessionManager(store, tmp.resolve("home/logs"));
        SessionManager.Recovery recovery = next.recover();
        assertEquals(List.of(alive.id()), recovery.interrupted().stream().map(SessionRecord::id).toList());
        assertEquals(List.of(alive.id()), recovery.survivors().stream().map(SessionRecord::id).toList());
        List<SessionRecord> all = next.sessions(repo);
        assertEquals(SessionStatus.EXITED, all.get(0).status());
        assertEquals(SessionStatus.INTERRUPTED, all.get(1).status());
        assertEquals("finished\n", Files.readString(all.get(0).logFile()));
        assertEquals("finished", next.lastLine(done.id()));
        next.endSurvivors(recovery.survivors());
        waitFor("survivor gone", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void closingTheManagerStopsEverySessionTree() throws Exception {
        List<Long> pids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SessionRecord s = sh("long " + i, "sleep 300 & wait");
            pids.add(sessions.start(s.id()).pid());
        }
        waitFor("children", () -> pids.stream().allMatch(p -> ProcessHandle.of(p).map(h -> h.children().count() == 1).orElse(false)));
        List<Long> children = pids.stream().flatMap(p -> ProcessHandle.of(p).orElseThrow().children()).map(ProcessHandle::pid).toList();
        sessions.close();
        for (long pid : concat(pids, children)) {
            waitFor("pid " + pid + " gone", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        }
        assertTrue(sessions.sessions(repo).stream().allMatch(s -> s.status() == SessionStatus.STOPPED));
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void theLastLineIgnoresColoursProgressAndBlankLines() {
        assertEquals("done 100%", SessionManager.lastLine("a\n\u001B[32mdone\u001B[0m 10%\rdone 100%\n\n  \n"));
        assertEquals("title gone", SessionManager.lastLine("\u001B]0;window title\u0007title gone"));
        assertEquals("", SessionManager.lastLine("\n\n"));
    }

    @Test
    void aViewStaysAttachedAcrossRunsAndSeesWhatLanesWritesIntoTheLog() throws Exception {
        SessionRecord s = sh("twice", "echo run-$RUN_MARK");
        sessions.start(s.id());
        waitFor("the first run to end", () -> !status(s.id()).isLive());
        StringBuffer seen = new StringBuffer();
        SessionManager.Attachment a = sessions.attach(s.id(), (text, stderr) -> seen.append(text));
        assertTrue(a.history().contains("run-"), a.history());
        // a run of another command in the same session (as an agent's follow-up), with a separator
        sessions.relaunch(s.id(), List.of("/bin/sh", "-c", "echo second"), "── next ──\n", SessionManager.Launch.DEFAULT);
        waitFor("the second run's output", () -> seen.toString().contains("second"));
        assertEquals("── next ──\nsecond\n", seen.toString());
        sessions.restart(s.id());
        waitFor("the restart's output", () -> seen.toString().split("second", -1).length == 3);
        assertTrue(seen.toString().contains("── restarted "), seen.toString());
        // the log holds all of it, in order; a view attached now gets it as history
        String log = java.nio.file.Files.readString(sessions.session(s.id()).orElseThrow().logFile());
        waitFor("the restart to end", () -> !status(s.id()).isLive());
        assertTrue(log.indexOf("run-") < log.indexOf("── next ──") && log.indexOf("── next ──") < log.indexOf("second"), log);
        a.detach().run();
        sessions.restart(s.id());
        waitFor("the third run to end", () -> !status(s.id()).isLive());
        assertEquals(2, seen.toString().split("second", -1).length - 1, "a detached view hears nothing more");
    }

    @Test
    void eachLaneIsToldItsNameAndAPortBlockOfItsOwn() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("repo.lanes/lane two"));
        String script = "echo \"lane=$LANES_LANE port=$LANES_PORT count=$LANES_PORT_COUNT wt=$LANES_WORKTREE\"";
        SessionRecord a = sh("a", script);
        SessionRecord b = sessions.create(repo, other, "b", SessionKind.COMMAND, List.of("/bin/sh", "-c", script), false);
        SessionRecord a2 = sh("a again", script);
        for (SessionRecord s : List.of(a, b, a2)) {
            sessions.start(s.id());
        }
        waitFor("all three to end", () -> List.of(a, b, a2).stream().allMatch(s -> status(s.id()) == SessionStatus.EXITED));
        String logA = Files.readString(a.logFile());
        String logB = Files.readString(b.logFile());
        String logA2 = Files.readString(a2.logFile());
        assertTrue(logA.contains("lane=lane one port=") && logA.contains("count=10 wt=" + worktree), logA);
        assertTrue(logB.contains("lane=lane two port="), logB);
        int portA = Integer.parseInt(logA.replaceAll("(?s).*port=(\\d+).*", "$1"));
        int portB = Integer.parseInt(logB.replaceAll("(?s).*port=(\\d+).*", "$1"));
        assertTrue(Math.abs(portA - portB) >= 10, portA + " and " + portB + " overlap");
        assertTrue(logA2.contains("port=" + portA + " "), "the lane keeps its block: " + logA2);
    }

    @Test
    void aSessionNeedingAResourceWaitsForTheLaneHoldingItThenStartsAndGivesItBack() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("repo.lanes/lane two"));
        SessionRecord holder = sh("migrations", "echo holding; exec sleep 60");
        sessions.holdResources(holder.id(), List.of("database"));
        SessionRecord waiter = sessions.create(repo, other, "tests", SessionKind.COMMAND,
                List.of("/bin/sh", "-c", "echo started"), false);
        assertEquals(List.of("database"), sessions.holdResources(waiter.id(), List.of("database", " Database")));

        assertEquals(SessionStatus.RUNNING, sessions.start(holder.id()).status());
        SessionRecord waiting = sessions.start(waiter.id());
        assertEquals(SessionStatus.STARTING, waiting.status(), "waits: the other lane holds the database");
        assertFalse(sessions.isRunning(waiter.id()));
        String waitingLog = Files.readString(waiter.logFile());
        assertTrue(waitingLog.contains("Waiting for the resource “database”, held by “migrations” in lane one"), waitingLog);
        assertEquals(1, sessions.resources().states().get(0).waiting().size());

        sessions.stop(holder.id());
        waitFor("the waiting session to start and end", () -> status(waiter.id()) == SessionStatus.EXITED);
        assertTrue(Files.readString(waiter.logFile()).contains("started"));
        waitFor("the resource to be free", () -> sessions.resources().states().isEmpty());
    }

    @Test
    void aSessionStoppedWhileWaitingNeverStartsAndLeavesTheLine() throws Exception {
        SessionRecord holder = sh("holder", "exec sleep 60");
        SessionRecord waiter = sh("waiter", "echo should-not-run");
        sessions.holdResources(holder.id(), List.of("staging"));
        sessions.holdResources(waiter.id(), List.of("staging"));
        sessions.start(holder.id());
        sessions.start(waiter.id());
        sessions.stop(waiter.id());
        assertEquals(SessionStatus.STOPPED, status(waiter.id()));
        sessions.stop(holder.id());
        waitFor("the resource to be free", () -> sessions.resources().states().isEmpty());
        assertFalse(Files.readString(waiter.logFile()).contains("should-not-run"));
        assertEquals(SessionStatus.STOPPED, status(waiter.id()));
        assertEquals(List.of("staging"), sessions.resourcesOf(waiter.id()), "kept for a restart");
    }
}
