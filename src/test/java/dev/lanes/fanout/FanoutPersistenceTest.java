package dev.lanes.fanout;

import dev.lanes.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.lanes.fanout.FanoutTestSupport.script;
import static dev.lanes.fanout.FanoutTestSupport.standIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs and items in the SQLite store (migration 3); a SIGKILL mid-run, then a resume. */
class FanoutPersistenceTest {

    @TempDir
    Path tmp;

    @Test
    void aSpecSurvivesTheStoreWithEveryField() throws Exception {
        Path agent = script(tmp, "agent.sh", "true\n");
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("A", "1"));
        env.put("REMOVED", null);
        FanoutSpec spec = new FanoutSpec(tmp.toString(), List.of("a b.txt", "c'd.java"), List.of(), standIn(agent),
                "Fix {file}\nplease", "opus", "acceptEdits", List.of("mvn", "-q", "compile"), 6, 3, true, true, 0.5, 5.0,
                env, tmp.resolve("logs").toString()).withAllowedTools("Read Edit Bash(git diff:*)");
        try (Store store = Store.open(tmp.resolve("home"))) {
            long id = store.createRun(spec);
            assertEquals(spec, store.fanoutRun(id).orElseThrow());
            assertEquals(List.of(FanoutItem.queued(1, "a b.txt"), FanoutItem.queued(2, "c'd.java")), store.fanoutItems(id));
            FanoutSpec command = FanoutSpec.command(tmp.toString(), List.of("x"), List.of("echo", "{file}"));
            assertEquals(command, store.fanoutRun(store.createRun(command)).orElseThrow());
        }
    }

    @Test
    void aFinishedRunIsRecordedAndResumingItRerunsNothing() throws Exception {
        Files.writeString(tmp.resolve("a.txt"), "a");
        Files.writeString(tmp.resolve("b.txt"), "b");
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), List.of("a.txt", "b.txt"),
                ItemTemplate.split("sh -c 'echo \"$1\" >> ran.log; test \"$1\" = a.txt' sh {file}"));
        try (Store store = Store.open(tmp.resolve("home"))) {
            long id;
            try (FanoutEngine e = FanoutEngine.create(spec, store, null)) {
                id = e.runId();
                e.start().get(30, TimeUnit.SECONDS);
            }
            List<FanoutItem> rows = store.fanoutItems(id);
            assertEquals(List.of(ItemState.PASSED, ItemState.FAILED), rows.stream().map(FanoutItem::state).toList());
            assertEquals(1, rows.get(1).exitCode());
            assertEquals("done", store.fanoutStatus(id).orElseThrow());
            try (FanoutEngine again = FanoutEngine.resume(store, id, null)) {
                RunSummary s = again.start().get(30, TimeUnit.SECONDS);
                assertEquals(List.of(ItemState.PASSED, ItemState.FAILED), s.items().stream().map(FanoutItem::state).toList());
                assertEquals(0, again.processesStarted());
                RunSummary retried = again.retryFailed().get(30, TimeUnit.SECONDS);
                assertEquals(ItemState.FAILED, retried.items().get(1).state());
                assertEquals(2, store.fanoutItems(id).get(1).attempts(), "the retry is recorded");
            }
            // a.txt and b.txt start at once: the log's order is not fixed
            assertEquals(List.of("a.txt", "b.txt", "b.txt"), Files.readAllLines(tmp.resolve("ran.log")).stream().sorted().toList());
        }
    }

    /** The slow items' shells outlive the SIGKILL (orphans); the resume stops them before it reruns their items. */
    @Test
    void closingTheEngineMidRunLeavesTheRunResumableNotCancelled() throws Exception {
        for (String f : List.of("a", "b", "c")) {
            Files.writeString(tmp.resolve(f), f);
        }
        // b blocks until a gate file appears; a passes at once; c waits behind b (-j 1)
        Path gate = tmp.resolve("gate");
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), List.of("a", "b", "c"),
                ItemTemplate.split("sh -c 'echo \"$1\" >> ran.log; test \"$1\" != b || while [ ! -e gate ]; do sleep 0.1; done' sh {file}"))
                .withConcurrency(1).withLogFolder(tmp.resolve("logs").toString());
        try (Store store = Store.open(tmp.resolve("home"))) {
            long id;
            FanoutEngine e = FanoutEngine.create(spec, store, null);
            id = e.runId();
            e.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(Files.exists(tmp.resolve("ran.log")) && Files.readAllLines(tmp.resolve("ran.log")).contains("b"))) {
                assertTrue(System.nanoTime() < deadline, "b never started");
                Thread.sleep(20);
            }
            e.close(); // Lanes quits
            List<ItemState> states = store.fanoutItems(id).stream().map(FanoutItem::state).toList();
            assertEquals(ItemState.PASSED, states.get(0));
            assertTrue(states.get(1) == ItemState.INTERRUPTED || states.get(1) == ItemState.RUNNING,
                    "the running item is resumable, not cancelled: " + states);
            assertEquals(ItemState.QUEUED, states.get(2), "the queued item stays queued, not skipped");
            Files.writeString(gate, "open");
            try (FanoutEngine again = FanoutEngine.resume(store, id, null)) {
                RunSummary s = again.start().get(30, TimeUnit.SECONDS);
                assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.PASSED),
                        s.items().stream().map(FanoutItem::state).toList());
            }
            assertEquals(List.of("a", "b", "b", "c"), Files.readAllLines(tmp.resolve("ran.log")));
        }
    }

    @Test
    void runsAreListedPerFolderNewestFirstWithTheirCounts() throws Exception {
        Files.writeString(tmp.resolve("a.txt"), "a");
        Files.writeString(tmp.resolve("b.txt"), "b");
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), List.of("a.txt", "b.txt"),
                ItemTemplate.split("test {file} = a.txt"));
        try (Store store = Store.open(tmp.resolve("home"))) {
            long first;
            try (FanoutEngine e = FanoutEngine.create(spec, store, null)) {
                first = e.runId();
                e.start().get(30, TimeUnit.SECONDS);
            }
            long second = store.createRun(spec);
            store.createRun(FanoutSpec.command(tmp.resolve("elsewhere").toString(), List.of("x"), List.of("true")));
            List<FanoutRunInfo> runs = store.fanoutRuns(tmp.toString(), 10);
            assertEquals(List.of(second, first), runs.stream().map(FanoutRunInfo::id).toList(), "this folder's runs, newest first");
            FanoutRunInfo done = runs.get(1);
            assertEquals("done", done.status());
            assertEquals(2, done.total());
            assertEquals(1, done.count(ItemState.PASSED));
            assertEquals(1, done.count(ItemState.FAILED));
            assertEquals(0, done.unfinished());
            assertEquals(2, runs.get(0).unfinished(), "a run never started has both items queued");
            assertEquals(List.of(second), store.fanoutRuns(tmp.toString(), 1).stream().map(FanoutRunInfo::id).toList());
        }
    }

    @Test
    void aSigkillMidRunThenAResumeRerunsOnlyWhatWasRunning() throws Exception {
        Path home = tmp.resolve("home");
        Path folder = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(folder.resolve("slow"), "");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FanoutCrashChild.class.getName(), home.toString(), folder.toString())
                .redirectErrorStream(true).start();
        long runId;
        List<Long> orphans = new ArrayList<>();
        try {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = out.readLine();
                } while (line != null && !line.startsWith("READY"));
                assertTrue(line != null, "the child never got ready");
                runId = Long.parseLong(line.substring("READY".length()).trim());
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue());
        try {
            for (String f : List.of("pid.3", "pid.4")) {
                orphans.add(Long.parseLong(Files.readString(folder.resolve(f)).strip()));
            }
            Files.delete(folder.resolve("slow"));
            try (Store store = Store.open(home)) {
                List<ItemState> atCrash = store.fanoutItems(runId).stream().map(FanoutItem::state).toList();
                assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.RUNNING, ItemState.RUNNING,
                        ItemState.QUEUED, ItemState.QUEUED), atCrash);
                List<FanoutItem> changes = Collections.synchronizedList(new ArrayList<>());
                try (FanoutEngine e = FanoutEngine.resume(store, runId, new FanoutListener() {
                    @Override
                    public void itemChanged(FanoutItem item) {
                        changes.add(item);
                    }
                })) {
                    for (long pid : orphans) {
                        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true),
                                "the resume stopped item processes that outlived the crash: " + pid);
                    }
                    List<FanoutItem> before = e.items();
                    assertEquals(ItemState.INTERRUPTED, before.get(2).state());
                    assertEquals(ItemState.INTERRUPTED, store.fanoutItems(runId).get(3).state(), "marked in the store");
                    RunSummary s = e.start().get(30, TimeUnit.SECONDS);
                    assertTrue(s.allPassed(), s.line());
                    assertEquals(4, e.processesStarted());
                    assertEquals(List.of(1, 1, 2, 2, 1, 1), s.items().stream().map(FanoutItem::attempts).toList());
                }
                assertTrue(store.fanoutItems(runId).stream().allMatch(i -> i.state() == ItemState.PASSED));
            }
            List<String> ran = Files.readAllLines(folder.resolve("ran.log"));
            assertEquals(1, Collections.frequency(ran, "1"), ran.toString());
            assertEquals(1, Collections.frequency(ran, "2"), ran.toString());
            assertEquals(2, Collections.frequency(ran, "3"), ran.toString());
            assertEquals(2, Collections.frequency(ran, "4"), ran.toString());
            assertEquals(1, Collections.frequency(ran, "5"), ran.toString());
            assertEquals(1, Collections.frequency(ran, "6"), ran.toString());
        } finally {
            for (long pid : orphans) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void theRowOfARunningItemNamesItsProcessBeforeTheListenerHearsIt() throws Exception {
        Files.writeString(tmp.resolve("hold"), "");
        Files.writeString(tmp.resolve("vhold"), "");
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), List.of("a.txt"),
                ItemTemplate.split("sh -c 'echo $$ > prog.pid; while [ -e hold ]; do sleep 0.05; done'"))
                .withVerify(ItemTemplate.split("sh -c 'echo $$ > verify.pid; while [ -e vhold ]; do sleep 0.05; done'"))
                .withLogFolder(tmp.resolve("logs").toString());
        try (Store store = Store.open(tmp.resolve("home"))) {
            List<FanoutItem> heard = Collections.synchronizedList(new ArrayList<>());
            List<FanoutItem> storedWhenHeard = Collections.synchronizedList(new ArrayList<>());
            try (FanoutEngine e = FanoutEngine.create(spec, store, new FanoutListener() {
                @Override
                public void itemChanged(FanoutItem item) {
                    storedWhenHeard.add(store.fanoutItems(1).get(0));
                    heard.add(item);
                }
            })) {
                e.start();
                FanoutItem program = awaitHeard(heard, 1, tmp.resolve("prog.pid"));
                assertEquals(ItemState.RUNNING, program.state());
                assertEquals(Long.parseLong(Files.readString(tmp.resolve("prog.pid")).strip()), program.process().pid());
                assertEquals(program, storedWhenHeard.get(0), "in the store, pid and all, before it was heard");
                Files.delete(tmp.resolve("hold"));
                FanoutItem verifying = awaitHeard(heard, 2, tmp.resolve("verify.pid"));
                assertEquals("Verifying.", verifying.message());
                assertEquals(Long.parseLong(Files.readString(tmp.resolve("verify.pid")).strip()), verifying.process().pid());
                assertEquals(verifying, storedWhenHeard.get(1));
                Files.delete(tmp.resolve("vhold"));
                assertTrue(e.done().get(30, TimeUnit.SECONDS).allPassed());
                assertEquals(1, e.processesStarted(), "its program; a verification is not counted");
            }
            assertEquals(3, heard.size(), heard.toString());
            assertEquals(null, store.fanoutItems(1).get(0).process(), "nothing runs for it any more");
            try (var files = Files.walk(tmp.resolve("logs"))) {
                assertEquals(List.of("item-1-1.log"), files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList());
            }
        }
    }

    private static FanoutItem awaitHeard(List<FanoutItem> heard, int n, Path pidFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((heard.size() < n || !Files.exists(pidFile) || Files.size(pidFile) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, heard.size(), heard.toString());
        return heard.get(n - 1);
    }

    @Test
    void aResumeStopsWhatARunOfAnEarlierVersionNamedInAPidFile() throws Exception {
        // Lanes before the pid was kept in the row wrote it beside the item's log
        Files.writeString(tmp.resolve("a.txt"), "a");
        Path logs = Files.createDirectories(tmp.resolve("logs/run-1"));
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), List.of("a.txt"), List.of("true", "{file}"))
                .withLogFolder(tmp.resolve("logs").toString());
        Process survivor = new ProcessBuilder("sleep", "60").start();
        try (Store store = Store.open(tmp.resolve("home"))) {
            long id = store.createRun(spec);
            Path log = logs.resolve("item-1-1.log");
            java.time.Instant started = survivor.toHandle().info().startInstant().orElseThrow();
            Files.writeString(FanoutEngine.pidFile(log), survivor.pid() + "\n" + started + "\n");
            store.saveFanoutItem(id, new FanoutItem(1, "a.txt", ItemState.RUNNING, 1, 0, null, null, "", log.toString(),
                    started, null));
            try (FanoutEngine e = FanoutEngine.resume(store, id, null)) {
                assertTrue(survivor.waitFor(10, TimeUnit.SECONDS), "stopped before the rerun");
                assertTrue(Files.notExists(FanoutEngine.pidFile(log)));
                assertTrue(e.start().get(30, TimeUnit.SECONDS).allPassed());
            }
        } finally {
            survivor.destroyForcibly();
        }
    }
}
