package dev.lanes.e2e;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.ItemState;
import dev.lanes.fanout.RunSummary;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lanes is killed with SIGKILL while a fan-out of the real Claude Code CLI runs (a child JVM running
 * the engine: {@link FanoutCrashE2EChild}), then a restart resumes the run. Items 1 and 2 have
 * passed; the agents of items 3 and 4 are mid-conversation (their first reply held back by the
 * scripted server); 5 and 6 are queued.
 *
 * <p>The agents outlive the JVM that started them (seen with 2.1.332: once its reply comes, an
 * orphaned CLI carries out the Read and the Edit and finishes its turn, though nobody reads its
 * output), so the resume must stop them before it reruns their items.
 */
class FanoutCrashE2ETest {

    private static final Set<String> HELD = Set.of("F3.java", "F4.java");

    @TempDir
    Path tmp;

    @Test
    void aSigkilledRunResumesRerunningOnlyWhatWasRunningAndStopsTheOrphanedAgents() throws Exception {
        Path claude = ClaudeCli.executable();
        Path claudeReal = claude.toRealPath();
        Instant since = Instant.now().minusSeconds(1);
        TestRepo repo = TestRepo.create(tmp, "repo");
        int n = 6;
        List<String> files = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            repo.write("F" + i + ".java", "class F" + i + " { OldLogger log; }\n");
            files.add("F" + i + ".java");
        }
        repo.commitAll("files");
        Path home = tmp.resolve("lanes-home");
        CountDownLatch release = new CountDownLatch(1);
        List<ProcessHandle> agents = new ArrayList<>();
        Process child = null;
        long t0 = System.nanoTime();
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            // the first reply to items 3 and 4 waits until the test lets it go: their agents stay mid-run
            server.respondWith(new FanoutAgentScript(repo.root()).shape((file, turn, r) -> {
                if (turn == 0 && HELD.contains(file) && release.getCount() > 0) {
                    try {
                        release.await(90, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return r;
            }));
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    FanoutCrashE2EChild.class.getName(), home.toString(), repo.root().toString(), server.baseUrl(),
                    tmp.resolve("claude-home").toString(), claude.toString(), Integer.toString(n))
                    .redirectErrorStream(true).start();
            BlockingQueue<String> lines = lines(child);
            long runId = Long.parseLong(awaitLine(lines, l -> l.startsWith("RUN ")).substring(4));
            awaitLines(lines, Set.of("ITEM 1 PASSED 1", "ITEM 2 PASSED 1", "ITEM 3 RUNNING 1", "ITEM 4 RUNNING 1"));
            for (String f : HELD) {
                server.awaitRequest(r -> FanoutAgentScript.assistantTurns(r) == 0
                        && FanoutAgentScript.file(r).orElse("").equals(f), Duration.ofSeconds(30));
            }
            child.toHandle().descendants()
                    .filter(p -> p.info().command().map(c -> c.equals(claudeReal.toString())).orElse(false))
                    .forEach(agents::add);
            assertEquals(2, agents.size(), "the agents of items 3 and 4 run: " + agents);

            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue());
            assertTrue(agents.stream().allMatch(ProcessHandle::isAlive), "the agents outlived Lanes");

            try (Store store = Store.open(home)) {
                assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.RUNNING, ItemState.RUNNING,
                        ItemState.QUEUED, ItemState.QUEUED), states(store.fanoutItems(runId)), "the store at the crash");

                // the restart
                try (FanoutEngine engine = FanoutEngine.resume(store, runId, null)) {
                    for (ProcessHandle a : agents) {
                        try {
                            a.onExit().get(10, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.TimeoutException e) {
                            throw new AssertionError("the resume left the orphaned agent " + a.pid() + " running");
                        }
                    }
                    assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.INTERRUPTED, ItemState.INTERRUPTED,
                            ItemState.QUEUED, ItemState.QUEUED), states(store.fanoutItems(runId)), "marked in the store");
                    assertEquals(ItemState.INTERRUPTED, engine.items().get(2).state());
                    release.countDown();

                    RunSummary s = engine.start().get(90, TimeUnit.SECONDS);
                    System.out.println("crash and resume of 6 agents: " + (System.nanoTime() - t0) / 1_000_000 + " ms; " + s.line());
                    assertTrue(s.allPassed(), s.line());
                    assertEquals(4, engine.processesStarted(), "3 and 4 again, 5 and 6: never 1 or 2");
                    assertEquals(List.of(1, 1, 2, 2, 1, 1), s.items().stream().map(FanoutItem::attempts).toList());
                }
                assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.PASSED, ItemState.PASSED,
                        ItemState.PASSED, ItemState.PASSED), states(store.fanoutItems(runId)));
            }

            Map<String, Integer> perFile = FanoutAgentScript.conversationsPerFile(server);
            assertEquals(Map.of("F1.java", 1, "F2.java", 1, "F3.java", 2, "F4.java", 2, "F5.java", 1, "F6.java", 1), perFile,
                    "conversations per file: finished items never again, interrupted ones once more");
            for (String f : files) {
                long requests = server.conversation().stream().filter(r -> FanoutAgentScript.file(r).orElse("").equals(f)).count();
                // Read, Edit, closing text; the held ones also the first request of the stopped agent, which never went on
                assertEquals(HELD.contains(f) ? 4 : 3, requests, f + ": " + server.summary());
                assertEquals("class " + f.replace(".java", "") + " { NewLogger log; }\n", Files.readString(repo.root().resolve(f)));
            }
        } finally {
            release.countDown();
            if (child != null) {
                child.destroyForcibly();
            }
            agents.forEach(ProcessHandle::destroyForcibly);
            FanoutAgentScript.assertNoClaudeLeft(since);
        }
    }

    private static List<ItemState> states(List<FanoutItem> items) {
        return items.stream().map(FanoutItem::state).toList();
    }

    /** The child's output lines as they come (a daemon thread reads them). */
    private static BlockingQueue<String> lines(Process child) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    q.add(l);
                }
            } catch (IOException ignored) {
                // killed
            }
        }, "crash-child-output");
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static String awaitLine(BlockingQueue<String> q, java.util.function.Predicate<String> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new ArrayList<>();
        while (true) {
            String l = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new AssertionError("the child did not print the expected line within 60 s; it printed " + seen);
            }
            seen.add(l);
            if (p.test(l)) {
                return l;
            }
        }
    }

    private static void awaitLines(BlockingQueue<String> q, Set<String> wanted) throws InterruptedException {
        Set<String> left = new HashSet<>(wanted);
        while (!left.isEmpty()) {
            left.remove(awaitLine(q, left::contains));
        }
    }
}
