package dev.lanes.fanout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lanes.fanout.FanoutTestSupport.result;
import static dev.lanes.fanout.FanoutTestSupport.script;
import static dev.lanes.fanout.FanoutTestSupport.standIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine with real processes (sh scripts) in a temp folder. */
class FanoutEngineTest {

    private static final Duration RUN = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<FanoutEngine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(FanoutEngine::close);
    }

    private FanoutEngine engine(FanoutSpec spec, FanoutListener listener) {
        FanoutEngine e = FanoutEngine.create(spec.withLogFolder(tmp.resolve("logs").toString()), FanoutStore.NONE, listener);
        engines.add(e);
        return e;
    }

    private List<String> files(int n) throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Files.writeString(tmp.resolve("f" + i + ".txt"), "content " + i);
            items.add("f" + i + ".txt");
        }
        return items;
    }

    private static List<ItemState> states(RunSummary s) {
        return s.items().stream().map(FanoutItem::state).toList();
    }

    @Test
    void hostileNamesReachTheProgramAsLiterals() throws Exception {
        List<String> names = List.of("a'; rm -rf ~; '.java", "$(touch pwned).txt", "with space.txt", "quo\"te\".txt",
                "new\nline.txt", "ünï 𝄞 код.txt", "`touch pwned2`.md", "-dash.txt", "semi;colon&amp.txt");
        Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(tmp.resolve("out"));
        List<String> items = new ArrayList<>();
        for (String n : names) {
            Files.writeString(tmp.resolve("src").resolve(n), n);
            items.add("src/" + n);
        }
        // printf writes the argument it got; cp copies the file by the name it got
        List<String> command = ItemTemplate.split(
                "sh -c 'printf \"%s|%s|%s|%s\" \"$1\" \"$2\" \"$3\" \"$4\" > \"out/$5.args\" && cp -- \"$1\" \"out/$5.copy\"' sh {file} {name} {dir} {ext} {index}");
        RunSummary s = engine(FanoutSpec.command(tmp.toString(), items, command).withConcurrency(3), null).start()
                .get(30, TimeUnit.SECONDS);
        assertTrue(s.allPassed(), s.line() + " " + s.items());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            int dot = n.lastIndexOf('.');
            assertEquals("src/" + n + "|" + n + "|src|" + n.substring(dot + 1),
                    Files.readString(tmp.resolve("out/" + (i + 1) + ".args"), StandardCharsets.UTF_8));
            assertEquals(n, Files.readString(tmp.resolve("out/" + (i + 1) + ".copy"), StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), FanoutTestSupport.pwned(tmp));
        assertFalse(Files.exists(Path.of("pwned")) || Files.exists(Path.of("pwned2")));
    }

    @Test
    void startSmallRunsTheFirstNThenWaitsForContinue() throws Exception {
        List<String> items = files(6);
        CountDownLatch paused = new CountDownLatch(1);
        List<RunSummary> pauses = new CopyOnWriteArrayList<>();
        FanoutEngine e = engine(FanoutSpec.command(tmp.toString(), items, List.of("touch", "{file}.done"))
                .withConcurrency(4).withStartSmall(2), new FanoutListener() {
            @Override
            public void paused(RunSummary soFar) {
                pauses.add(soFar);
                paused.countDown();
            }
        });
        var done = e.start();
        assertTrue(paused.await(20, TimeUnit.SECONDS));
        Thread.sleep(200); // nothing more starts while paused
        assertEquals(2, e.processesStarted());
        assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.QUEUED, ItemState.QUEUED, ItemState.QUEUED,
                ItemState.QUEUED), states(pauses.get(0)));
        assertFalse(done.isDone());
        assertTrue(Files.exists(tmp.resolve("f2.txt.done")) && !Files.exists(tmp.resolve("f3.txt.done")));
        e.continueRun();
        RunSummary s = done.get(30, TimeUnit.SECONDS);
        assertTrue(s.allPassed(), s.line());
        assertEquals(1, pauses.size());
    }

    @Test
    void abortAfterStartSmallCancelsTheRest() throws Exception {
        List<String> items = files(5);
        CountDownLatch paused = new CountDownLatch(1);
        FanoutEngine e = engine(FanoutSpec.command(tmp.toString(), items, List.of("true")).withStartSmall(1),
                new FanoutListener() {
                    @Override
                    public void paused(RunSummary soFar) {
                        paused.countDown();
                    }
                });
        var done = e.start();
        assertTrue(paused.await(20, TimeUnit.SECONDS));
        e.abort();
        RunSummary s = done.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(ItemState.PASSED, ItemState.CANCELLED, ItemState.CANCELLED, ItemState.CANCELLED,
                ItemState.CANCELLED), states(s));
        assertFalse(s.allPassed());
    }

    @Test
    void orderedRunsOneAfterAnotherInListOrderAndCanStopAtTheFirstFailure() throws Exception {
        List<String> items = files(6);
        // later items are faster: any overlap would reorder the log
        List<String> command = ItemTemplate.split(
                "sh -c 'sleep 0.0$((9 - $1)); echo \"$1 start\" >> order.log; echo \"$1 end\" >> order.log' sh {index}");
        RunSummary s = engine(FanoutSpec.command(tmp.toString(), items, command).withConcurrency(8).withOrdered(true, false), null)
                .start().get(30, TimeUnit.SECONDS);
        assertTrue(s.allPassed(), s.line());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            expected.add(i + " start");
            expected.add(i + " end");
        }
        assertEquals(expected, Files.readAllLines(tmp.resolve("order.log")));

        Files.delete(tmp.resolve("order.log"));
        List<String> failing = ItemTemplate.split("sh -c 'echo $1 >> order.log; test $1 != 3' sh {index}");
        RunSummary stopped = engine(FanoutSpec.command(tmp.toString(), items, failing).withConcurrency(8).withOrdered(true, true), null)
                .start().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.FAILED, ItemState.SKIPPED, ItemState.SKIPPED,
                ItemState.SKIPPED), states(stopped));
        assertEquals(List.of("1", "2", "3"), Files.readAllLines(tmp.resolve("order.log")));
        assertEquals(1, stopped.items().get(2).exitCode());
    }

    @Test
    void theConcurrencyLimitHolds() throws Exception {
        List<String> items = files(12);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        RunSummary s = engine(FanoutSpec.command(tmp.toString(), items, List.of("sleep", "0.1")).withConcurrency(3),
                new FanoutListener() {
                    @Override
                    public void itemChanged(FanoutItem item) {
                        if (item.state() == ItemState.RUNNING && item.message().isEmpty()) {
                            most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        } else if (item.state().finished()) {
                            now.decrementAndGet();
                        }
                    }
                }).start().get(30, TimeUnit.SECONDS);
        assertTrue(s.allPassed());
        assertEquals(3, most.get());
    }

    @Test
    void aFailingVerificationIsRecorded() throws Exception {
        List<String> items = files(3);
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), items, List.of("touch", "{file}.done"))
                .withVerify(ItemTemplate.split("sh -c 'test -e \"$1.done\" && test \"$1\" != f2.txt' sh {file}"));
        RunSummary s = engine(spec, null).start().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(ItemState.PASSED, ItemState.VERIFY_FAILED, ItemState.PASSED), states(s));
        assertEquals(1, s.items().get(1).verifyExit());
        assertEquals(0, s.items().get(0).verifyExit());
        assertEquals(0, s.items().get(1).exitCode());
        assertFalse(s.allPassed());
    }

    @Test
    void failedItemsCanBeRetried() throws Exception {
        List<String> items = files(4);
        // even items fail the first time, pass the second
        List<String> command = ItemTemplate.split(
                "sh -c 'echo $1 >> runs.log; if [ $(($1 % 2)) = 0 ] && [ ! -e \"retry.$1\" ]; then touch \"retry.$1\"; exit 3; fi' sh {index}");
        FanoutEngine e = engine(FanoutSpec.command(tmp.toString(), items, command), null);
        RunSummary first = e.start().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(ItemState.PASSED, ItemState.FAILED, ItemState.PASSED, ItemState.FAILED), states(first));
        assertTrue(first.items().get(1).message().contains("code 3"), first.items().get(1).message());
        RunSummary second = e.retryFailed().get(30, TimeUnit.SECONDS);
        assertTrue(second.allPassed(), second.line());
        assertEquals(List.of(1, 2, 1, 2), second.items().stream().map(FanoutItem::attempts).toList());
        assertEquals(6, Files.readAllLines(tmp.resolve("runs.log")).size(), "passed items were not rerun");
    }

    @Test
    void cancelAllKillsEveryProcessTree() throws Exception {
        List<String> items = files(5);
        // a grandchild that would outlive its parent; its pid is written so the test can check it
        List<String> command = ItemTemplate.split("sh -c 'sleep 60 & echo $! > \"pid.$1\"; wait' sh {index}");
        List<FanoutItem> runningSeen = new CopyOnWriteArrayList<>();
        FanoutEngine e = engine(FanoutSpec.command(tmp.toString(), items, command).withConcurrency(2), new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                if (item.state() == ItemState.RUNNING) {
                    runningSeen.add(item);
                }
            }
        });
        var done = e.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(tmp.resolve("pid.1")) && Files.exists(tmp.resolve("pid.2")) && Files.size(tmp.resolve("pid.2")) > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long started = System.nanoTime();
        e.cancelAll();
        RunSummary s = done.get(30, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
        assertEquals(List.of(ItemState.CANCELLED, ItemState.CANCELLED, ItemState.CANCELLED, ItemState.CANCELLED,
                ItemState.CANCELLED), states(s));
        assertEquals(2, e.processesStarted());
        for (String f : List.of("pid.1", "pid.2")) {
            long pid = Long.parseLong(Files.readString(tmp.resolve(f)).strip());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "grandchild " + pid + " ended");
        }
    }

    @Test
    void theRunBudgetStopsNewItemsAndTheItemBudgetReachesTheAgent() throws Exception {
        List<String> items = files(5);
        Path agent = script(tmp, "agent.sh", "printf '%s\\n' \"$@\" > \"args.$$\"\necho '" + result(0.4, false, 0) + "'\n");
        FanoutSpec spec = FanoutSpec.agent(tmp.toString(), items, standIn(agent), "Fix {file}", "", "acceptEdits")
                .withConcurrency(1).withBudgets(0.5, 1.0);
        RunSummary s = engine(spec, null).start().get(30, TimeUnit.SECONDS);
        // 0 + 0.5 reserved ≤ 1; 0.4 + 0.5 ≤ 1; 0.8 + 0.5 > 1: the third does not start
        assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.SKIPPED, ItemState.SKIPPED, ItemState.SKIPPED),
                states(s));
        assertEquals(0.8, s.spentUsd(), 1e-9);
        assertTrue(s.items().get(2).message().contains("budget"), s.items().get(2).message());
        List<Path> args;
        try (var st = Files.list(tmp)) {
            args = st.filter(p -> p.getFileName().toString().startsWith("args.")).toList();
        }
        assertEquals(2, args.size());
        List<String> argv = Files.readAllLines(args.get(0));
        assertEquals("--max-budget-usd", argv.get(argv.indexOf("0.50") - 1));
        assertTrue(argv.contains("Fix f1.txt") || argv.contains("Fix f2.txt"), argv.toString());
        assertEquals("acceptEdits", argv.get(argv.indexOf("--permission-mode") + 1));
        assertFalse(argv.contains("--model"), "an unset model leaves its group out");
    }

    @Test
    void theBudgetCapCountsWhatRunningItemsReserve() throws Exception {
        List<String> items = files(6);
        Path agent = script(tmp, "agent.sh", "sleep 0.2\necho '" + result(0.1, false, 0) + "'\n");
        FanoutSpec spec = FanoutSpec.agent(tmp.toString(), items, standIn(agent), "{file}", "", "")
                .withConcurrency(6).withBudgets(0.5, 1.2);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger now = new AtomicInteger();
        RunSummary s = engine(spec, new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                if (item.state() == ItemState.RUNNING) {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                } else if (item.state().finished()) {
                    now.decrementAndGet();
                }
            }
        }).start().get(30, TimeUnit.SECONDS);
        assertEquals(2, most.get(), "two reservations of 0.50 fit under 1.20, three do not");
        assertTrue(s.count(ItemState.PASSED) >= 5, s.line());
    }

    @Test
    void anAgentErrorFailsTheItemAndItsCostCounts() throws Exception {
        List<String> items = files(2);
        Path agent = script(tmp, "agent.sh", "echo '" + result(0.05, true, 0) + "'\nexit 1\n");
        RunSummary s = engine(FanoutSpec.agent(tmp.toString(), items, standIn(agent), "{file}", "", ""), null)
                .start().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(ItemState.FAILED, ItemState.FAILED), states(s));
        assertEquals(0.1, s.spentUsd(), 1e-9);
        assertEquals("API Error", s.items().get(0).message());
    }

    @Test
    void rateLimitsBackOffLowerTheConcurrencyAndRequeue() throws Exception {
        List<String> items = files(6);
        // every item is rate limited once (429 or 529), then succeeds
        Path agent = script(tmp, "agent.sh", """
                for a in "$@"; do last="$a"; done
                f=$(printf '%%s' "$*" | sed 's/.*-p \\([^ ]*\\).*/\\1/')
                if [ ! -e "limited.$f" ]; then touch "limited.$f"; echo '%s'; exit 1; fi
                echo '%s'
                """.formatted(result(0, true, 429), result(0.01, false, 0)));
        List<String> limits = new CopyOnWriteArrayList<>();
        FanoutEngine e = engine(FanoutSpec.agent(tmp.toString(), items, standIn(agent), "{name}", "", "").withConcurrency(4),
                new FanoutListener() {
                    @Override
                    public void concurrencyChanged(int limit, String reason) {
                        limits.add(limit + " " + reason);
                    }
                }).backoffBase(Duration.ofMillis(20));
        RunSummary s = e.start().get(30, TimeUnit.SECONDS);
        assertTrue(s.allPassed(), s.line() + " " + s.items());
        assertTrue(limits.get(0).startsWith("2 rate limited"), limits.toString());
        assertTrue(limits.stream().anyMatch(l -> l.startsWith("1 ")), limits.toString());
        assertEquals(12, e.processesStarted());
    }

    @Test
    void aProgramThatCannotStartFailsItsItem() throws Exception {
        RunSummary s = engine(FanoutSpec.command(tmp.toString(), files(2), List.of("/no/such/program", "{file}")), null)
                .start().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(ItemState.FAILED, ItemState.FAILED), states(s));
        assertTrue(s.items().get(0).message().contains("was not found"), s.items().get(0).message());
    }

    @Test
    void manyShortItemsStartAtOnceIntoALogFolderNotMadeYet() throws Exception {
        // the launcher threads find the log folder missing together; each makes it and tries again
        Path logs = tmp.resolve("not/made/yet");
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), files(200), List.of("true", "{file}")).withConcurrency(8)
                .withLogFolder(logs.toString());
        try (FanoutEngine e = FanoutEngine.create(spec, FanoutStore.NONE, null)) {
            RunSummary s = e.start().get(60, TimeUnit.SECONDS);
            assertTrue(s.allPassed(), s.line() + " " + s.items().stream().filter(i -> i.state() != ItemState.PASSED).toList());
            assertEquals(200, e.processesStarted());
            assertTrue(s.items().stream().allMatch(i -> i.process() == null), "nothing runs for an item that ended");
            try (var files = Files.list(logs.resolve("run-0"))) {
                assertEquals(200, files.filter(f -> f.toString().endsWith(".log")).count(), "a log per item, and nothing else");
            }
        }
    }

    @Test
    void aRunningItemIsHeardOnceWithItsProcess() throws Exception {
        Files.writeString(tmp.resolve("hold"), "");
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), files(1),
                ItemTemplate.split("sh -c 'echo $$ > prog.pid; while [ -e hold ]; do sleep 0.05; done'"));
        List<FanoutItem> heard = new CopyOnWriteArrayList<>();
        FanoutEngine e = engine(spec, new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                heard.add(item);
            }
        });
        e.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((heard.isEmpty() || !Files.exists(tmp.resolve("prog.pid")) || Files.size(tmp.resolve("prog.pid")) == 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        FanoutItem running = heard.get(0);
        assertEquals(ItemState.RUNNING, running.state());
        long pid = Long.parseLong(Files.readString(tmp.resolve("prog.pid")).strip());
        assertEquals(pid, running.process().pid());
        assertTrue(dev.lanes.process.ProcessTree.find(pid, running.process().startedAt()).isPresent(), "found again by pid and start");
        Files.delete(tmp.resolve("hold"));
        RunSummary s = e.done().get(30, TimeUnit.SECONDS);
        assertTrue(s.allPassed(), s.line());
        assertEquals(List.of(ItemState.RUNNING, ItemState.PASSED), heard.stream().map(FanoutItem::state).toList());
        assertEquals(null, heard.get(1).process());
    }
}
