package dev.lanes.session;

import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A child JVM running sessions is killed with SIGKILL; the next start cleans up after it. */
class CrashRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    void theNextStartMarksSessionsInterruptedKeepsTheirLogsAndFindsTheSurvivors() throws Exception {
        Path home = tmp.resolve("home");
        Path worktree = Files.createDirectories(tmp.resolve("worktree"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), home.toString(), worktree.toString())
                .redirectErrorStream(true).start();
        List<Long> ids;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("READY"));
            assertTrue(line != null, "the child never got ready");
            ids = Arrays.stream(line.substring("READY".length()).trim().split(" ")).map(Long::parseLong).toList();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue());

        try (Store store = Store.open(home); SessionManager sessions = new SessionManager(store, home.resolve("logs"))) {
            SessionManager.Recovery recovery = sessions.recover();
            assertEquals(ids, recovery.interrupted().stream().map(SessionRecord::id).sorted().toList());
            assertEquals(ids, recovery.survivors().stream().map(SessionRecord::id).sorted().toList(),
                    "the sleeping shells outlived the JVM that started them");
            for (SessionRecord s : recovery.interrupted()) {
                assertEquals(SessionStatus.INTERRUPTED, sessions.session(s.id()).orElseThrow().status());
                assertEquals("started-" + s.id() + "\n", Files.readString(s.logFile()), "log intact");
            }
            sessions.endSurvivors(recovery.survivors());
            for (SessionRecord s : recovery.survivors()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertTrue(ProcessHandle.of(s.pid()).map(h -> !h.isAlive()).orElse(true), "survivor " + s.pid() + " ended");
            }
            assertTrue(sessions.recover().interrupted().isEmpty(), "recovery happens once");
        }
    }
}
