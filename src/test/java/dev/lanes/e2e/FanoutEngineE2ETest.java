package dev.lanes.e2e;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutListener;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.ItemState;
import dev.lanes.fanout.ItemTemplate;
import dev.lanes.fanout.RunSummary;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-out engine running the real Claude Code CLI against the scripted model server (issue 5):
 * each agent reads its file and edits it (Read, then Edit: tool calls the CLI carries out in the
 * temp repository), and a verification checks the file. Start-small's pause, ordered mode, a failing
 * verification, and the run's budget; every change recorded in a real SQLite store.
 */
class FanoutEngineE2ETest {

    /** Scripted usage is priced by the CLI at this model's rates: $3 per million input tokens, $15 per million output. */
    private static final String MODEL = "claude-sonnet-4-5";

    @TempDir
    Path tmp;

    private Instant since;
    private Path claude;
    private TestRepo repo;
    private ScriptedModelServer server;
    private Store store;

    @BeforeEach
    void setUp() {
        claude = ClaudeCli.executable();
        since = Instant.now().minusSeconds(1);
        repo = TestRepo.create(tmp, "repo");
        server = ScriptedModelServer.start();
        store = Store.open(tmp.resolve("lanes-home"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server == null) {
            return; // skipped: no Claude Code here
        }
        server.close();
        store.close();
        FanoutAgentScript.assertNoClaudeLeft(since);
    }

    @Test
    void startSmallPausesAfterThreeThenAllTwentyAreEditedAndVerified() throws Exception {
        List<String> files = files(20);
        server.respondWith(new FanoutAgentScript(repo.root()));
        Recorder rec = new Recorder();
        FanoutSpec spec = agents(files).withConcurrency(4).withStartSmall(3)
                .withVerify(ItemTemplate.split("grep -q NewLogger {file}"));
        long t0 = System.nanoTime();
        try (FanoutEngine engine = FanoutEngine.create(spec, store, rec)) {
            engine.start();
            RunSummary paused = rec.paused.get(60, TimeUnit.SECONDS);

            // paused: exactly the first three ran, the other 17 wait
            assertEquals(3, paused.count(ItemState.PASSED), paused.line());
            assertEquals(17, paused.count(ItemState.QUEUED), paused.line());
            assertEquals(3, engine.processesStarted());
            assertEquals("paused", store.fanoutStatus(engine.runId()).orElseThrow());
            List<FanoutItem> rows = store.fanoutItems(engine.runId());
            assertEquals(List.of(1, 2, 3), rows.stream().filter(i -> i.state() == ItemState.PASSED).map(FanoutItem::index).toList());
            assertTrue(rows.subList(3, 20).stream().allMatch(i -> i.state() == ItemState.QUEUED && i.attempts() == 0), rows.toString());
            assertEquals(files.subList(0, 3), FanoutAgentScript.conversationsBegun(server).stream().sorted().toList());
            assertEquals(3, edited(files).size(), "three files edited while paused");
            rec.mark("continue");
            engine.continueRun();

            RunSummary s = engine.await(Duration.ofSeconds(120));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("20 agents, start-small 3, -j 4: " + ms + " ms; " + s.line());
            assertTrue(s.allPassed(), s.line());
            assertEquals(20, engine.processesStarted());
            for (FanoutItem i : s.items()) {
                assertEquals(1, i.attempts(), i.toString());
                assertEquals(0, i.exitCode(), i.toString());
                assertEquals(0, i.verifyExit(), "verified: " + i);
                assertTrue(i.costUsd() > 0, i.toString());
            }
            // nothing started while paused: every later start comes after the person continued
            List<String> events = rec.events();
            int resumedAt = events.indexOf("continue");
            for (int i = 4; i <= 20; i++) {
                assertTrue(events.indexOf("start " + i) > resumedAt, "item " + i + " started during the pause: " + events);
            }
            assertEquals("done", store.fanoutStatus(engine.runId()).orElseThrow());
        }
        assertEquals(files, edited(files), "every file edited");
        Map<String, Integer> perFile = FanoutAgentScript.conversationsPerFile(server);
        assertEquals(files.size(), perFile.size(), perFile.toString());
        assertTrue(perFile.values().stream().allMatch(c -> c == 1), "one conversation per file: " + perFile);
        assertEquals(20, repo.git("diff", "--name-only").lines().count());
    }

    @Test
    void orderedRunsOneAtATimeInListOrderAndAFailingVerificationIsMarked() throws Exception {
        List<String> files = files(5);
        // the agent on F3 writes a typo: its run succeeds, its verification must not
        server.respondWith(new FanoutAgentScript(repo.root()).replacement(f -> f.equals("src/F3.java") ? "NewLoger" : "NewLogger"));
        Recorder rec = new Recorder();
        FanoutSpec spec = agents(files).withConcurrency(4).withOrdered(true, false)
                .withVerify(ItemTemplate.split("grep -q NewLogger {file}"));
        try (FanoutEngine engine = FanoutEngine.create(spec, store, rec)) {
            long t0 = System.nanoTime();
            RunSummary s = engine.start().get(120, TimeUnit.SECONDS);
            System.out.println("5 agents, ordered: " + (System.nanoTime() - t0) / 1_000_000 + " ms; " + s.line());
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                expected.add("start " + i);
                expected.add("end " + i);
            }
            assertEquals(expected, rec.startsAndEnds(), "one at a time, in list order");
            List<FanoutItem> rows = store.fanoutItems(engine.runId());
            for (int i = 1; i < rows.size(); i++) {
                assertTrue(!rows.get(i).startedAt().isBefore(rows.get(i - 1).endedAt()), "stored times: " + rows);
            }
            assertEquals(files, FanoutAgentScript.conversationsBegun(server), "the agents began in list order");

            assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.VERIFY_FAILED, ItemState.PASSED, ItemState.PASSED),
                    rows.stream().map(FanoutItem::state).toList());
            FanoutItem third = rows.get(2);
            assertEquals(0, third.exitCode(), "the agent itself succeeded");
            assertEquals(1, third.verifyExit());
            assertEquals("Verification exited with code 1.", third.message());
            assertEquals(1, s.count(ItemState.VERIFY_FAILED));
            assertEquals(4, s.count(ItemState.PASSED));
        }
        assertEquals("class F3 { NewLoger log; }\n", Files.readString(repo.root().resolve("src/F3.java")));
    }

    @Test
    void theRunBudgetStopsNewItemsWithEveryRunningItemsBudgetReserved() throws Exception {
        List<String> files = files(10);
        // each reply 5,000 input and 1,000 output tokens: $0.015 + $0.015; three replies: $0.09 per item
        double itemCost = 0.09;
        double itemBudget = 0.10;
        double runBudget = 0.50;
        server.respondWith(new FanoutAgentScript(repo.root()).shape((file, turn, r) -> r.usage(5_000, 1_000)));
        Recorder rec = new Recorder();
        FanoutSpec spec = agents(files).withConcurrency(3).withBudgets(itemBudget, runBudget);
        try (FanoutEngine engine = FanoutEngine.create(spec, store, rec)) {
            RunSummary s = engine.start().get(120, TimeUnit.SECONDS);
            System.out.println("budget: " + s.line());
            List<FanoutItem> ran = s.items().stream().filter(i -> i.attempts() > 0).toList();
            List<FanoutItem> skipped = s.items().stream().filter(i -> i.state() == ItemState.SKIPPED).toList();
            for (FanoutItem i : ran) {
                assertEquals(ItemState.PASSED, i.state(), i.toString());
                assertEquals(itemCost, i.costUsd(), 1e-9, "the CLI's price of the scripted usage: " + i);
            }
            // an item starts only while spent + (running + 1) × item budget ≤ run budget: 5 of 10 here
            assertEquals(5, ran.size(), s.line());
            assertEquals(5, skipped.size(), s.line());
            assertEquals(10, ran.size() + skipped.size());
            for (FanoutItem i : skipped) {
                assertTrue(i.index() > 5, "skipped in list order: " + i);
                assertEquals(0, i.attempts());
                assertEquals("Skipped: the run's budget ($0.50) would be passed.", i.message());
            }
            assertEquals(5 * itemCost, s.spentUsd(), 1e-9);
            assertTrue(s.spentUsd() <= runBudget, "spent " + s.spentUsd());
            assertTrue(s.spentUsd() + itemBudget > runBudget, "one more item could have passed the budget");
            rec.assertEveryStartWithinBudget(itemBudget, runBudget);
            assertEquals(files.subList(0, 5), FanoutAgentScript.conversationsBegun(server).stream().sorted().toList(),
                    "no agent began for a skipped item");
            assertEquals(5 * itemCost, store.fanoutItems(engine.runId()).stream().mapToDouble(FanoutItem::costUsd).sum(), 1e-9);
        }
        assertEquals(files.subList(0, 5), edited(files));
    }

    // ---------------------------------------------------------------- helpers

    /** {@code src/F1.java … src/F<n>.java}, each holding OldLogger, committed. */
    private List<String> files(int n) {
        List<String> files = IntStream.rangeClosed(1, n).mapToObj(i -> "src/F" + i + ".java").toList();
        for (int i = 1; i <= n; i++) {
            repo.write("src/F" + i + ".java", "class F" + i + " { OldLogger log; }\n");
        }
        repo.commitAll("files");
        return files;
    }

    private FanoutSpec agents(List<String> files) {
        return FanoutSpec.agent(repo.root().toString(), files, FanoutAgentScript.claudeProfile(claude), FanoutAgentScript.PROMPT,
                        MODEL, "acceptEdits")
                .withEnvironment(ClaudeCli.environment(tmp.resolve("claude-home"), server.baseUrl()))
                .withLogFolder(tmp.resolve("lanes-home/logs").toString());
    }

    /** The files of {@code files} whose OldLogger became NewLogger, in list order. */
    private List<String> edited(List<String> files) throws Exception {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            String text = Files.readString(repo.root().resolve(f));
            if (text.contains("NewLogger") && !text.contains("OldLogger")) {
                out.add(f);
            }
        }
        return out;
    }

    /** Every item change as the listener heard it (after the store had it), and the pause. */
    private static final class Recorder implements FanoutListener {
        final List<FanoutItem> changes = Collections.synchronizedList(new ArrayList<>());
        private final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<RunSummary> paused = new CompletableFuture<>();

        @Override
        public void itemChanged(FanoutItem item) {
            changes.add(item);
            if (item.state() == ItemState.RUNNING && item.message().isEmpty()) {
                events.add("start " + item.index());
            } else if (item.state().finished()) {
                events.add("end " + item.index());
            }
        }

        @Override
        public void paused(RunSummary soFar) {
            events.add("paused");
            paused.complete(soFar);
        }

        void mark(String what) {
            events.add(what);
        }

        List<String> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        List<String> startsAndEnds() {
            return events().stream().filter(e -> e.startsWith("start ") || e.startsWith("end ")).toList();
        }

        /** Replays the changes: whenever an item started, what was spent plus every running item's budget fitted the run's. */
        void assertEveryStartWithinBudget(double itemBudget, double runBudget) {
            Map<Integer, FanoutItem> now = new HashMap<>();
            synchronized (changes) {
                for (FanoutItem c : changes) {
                    now.put(c.index(), c);
                    if (c.state() == ItemState.RUNNING && c.message().isEmpty()) {
                        double spent = now.values().stream().mapToDouble(FanoutItem::costUsd).sum();
                        long running = now.values().stream().filter(i -> i.state() == ItemState.RUNNING).count();
                        assertTrue(spent + running * itemBudget <= runBudget + 1e-9, "item " + c.index() + " started with $"
                                + spent + " spent and " + running + " running (incl. itself): " + changes);
                    }
                }
            }
        }
    }
}
