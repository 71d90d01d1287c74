package dev.lanes.bench;

import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.session.SessionManager;
import dev.lanes.settings.Settings;
import dev.lanes.store.Store;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.console.ConsoleView;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.fxmisc.richtext.GenericStyledArea;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Benchmarks of issue 3, in a JVM of their own (heap as the installed app: -Xmx1g), with the real
 * session manager, store, processes and consoles in a headless (Monocle) window:
 * <ul>
 *   <li>ingest: a session {@code cat}s a file of coloured build output into its log and a console,
 *       against {@code cat FILE > /dev/null} on the same file;</li>
 *   <li>FX pulse intervals (p50, p99, max) while 8 sessions print as fast as they can;</li>
 *   <li>resident memory with 10 idle sessions, and heap after GC while one session prints
 *       1,000,000 lines (it should stay flat: consoles keep their last lines, logs hold the rest).</li>
 * </ul>
 * Prints Markdown rows. Not a test: nothing asserts a time.
 */
public final class SessionBench {

    private static final String END = "LANES-BENCH-END";
    private final List<String> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path work = Files.createTempDirectory("lanes-session-bench");
        BenchFx.startHeadless();
        try (Store store = Store.open(work.resolve("home"))) {
            SessionManager sessions = new SessionManager(store, work.resolve("home/logs"));
            new SessionBench().run(work, sessions, megabytes);
            sessions.close();
        } finally {
            Platform.exit();
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private void run(Path work, SessionManager sessions, int megabytes) throws Exception {
        Path data = work.resolve("build-output.txt");
        long bytes = writeOutput(data, megabytes * 1_000_000L);
        // writing the data made the JIT queue the generator's methods (String.format and its
        // DecimalFormatSymbols): let it finish them, or it compiles them during the flood that
        // follows and the flood's first frames measure the bench, not Lanes
        System.out.printf(Locale.ROOT, "JIT queue after writing the data: quiet after %d ms%n", awaitJitQuiet());
        System.out.printf(Locale.ROOT, "Session bench: %.1f MB of coloured output, %d cores, max heap %d MB%n",
                bytes / 1e6, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        Path worktree = Files.createDirectories(work.resolve("worktree"));

        TabPane tabs = BenchFx.onFx(() -> {
            TabPane pane = new TabPane();
            Scene scene = new Scene(pane, 1200, 800);
            Themes.apply(scene, Settings.Theme.LIGHT);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            return pane;
        });

        // memory|ingest|flood, or several separated by commas (ingest,flood: the flood in a warm JVM)
        List<String> only = Arrays.asList(System.getProperty("bench.only", "memory,ingest,flood").split(","));
        if (only.contains("memory")) {
            memory(sessions, worktree, tabs);
        }
        if (only.contains("ingest")) {
            ingest(sessions, worktree, tabs, data, bytes);
        }
        if (only.contains("flood")) {
            flood(sessions, worktree, tabs, data, bytes);
        }

        System.out.println();
        System.out.println("| measure | Lanes | alternative | ratio | goal |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private void memory(SessionManager sessions, Path worktree, TabPane tabs) throws Exception {
        // ---------------------------------------------------------------- memory
        gc();
        long rssBefore = rssKb();
        List<SessionRecord> idle = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ConsoleView c = addConsole(tabs, "idle " + i, i == 0);
            SessionRecord s = sessions.create(worktree, worktree, "idle " + i, SessionKind.COMMAND,
                    List.of("/bin/sh", "-c", "echo ready " + i + "; sleep 600"), false);
            sessions.start(s.id());
            SessionManager.Attachment a = sessions.attach(s.id(), (text, stderr) -> c.append(text));
            c.append(a.history());
            idle.add(s);
        }
        waitFor("10 idle sessions ready", 30, () -> idle.stream().allMatch(s -> sessions.lastLineIfRunning(s.id()).startsWith("ready")));
        gc();
        long rssIdle = rssKb();
        rows.add(String.format(Locale.ROOT, "| resident memory, whole JVM, with 10 idle sessions in tabs | %d MB (%d MB before they started) | | | ≤ 250 MB |",
                rssIdle >> 10, rssBefore >> 10));
        idle.forEach(s -> sessions.close(s.id()));
        removeTabs(tabs);

        ConsoleView big = addConsole(tabs, "million", true);
        SessionRecord million = sessions.create(worktree, worktree, "million", SessionKind.COMMAND, List.of("/bin/sh", "-c",
                "i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); echo \"line $i of a long build with \033[32msome colour\033[0m and words\"; done; echo " + END),
                false);
        sessions.start(million.id());
        SessionManager.Attachment a = sessions.attach(million.id(), (text, stderr) -> big.append(text));
        big.append(a.history());
        List<String> heap = new ArrayList<>();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long[] checkpoints = {200_000, 400_000, 600_000, 800_000, 1_000_000};
        for (long at : checkpoints) {
            String needle = "line " + at + " ";
            waitFor("line " + at, 600, () -> sessions.lastLineIfRunning(million.id()).startsWith(needle)
                    || !sessions.isRunning(million.id()));
            gc();
            heap.add(String.format(Locale.ROOT, "%dk: %d MB", at / 1000, mem.getHeapMemoryUsage().getUsed() >> 20));
        }
        waitFor("the million to end", 600, () -> !sessions.isRunning(million.id()));
        waitFor("the console to drain", 120, () -> BenchFx.onFx(() -> showsEnd(big)));
        gc();
        heap.add(String.format(Locale.ROOT, "end: %d MB, console %,d lines", mem.getHeapMemoryUsage().getUsed() >> 20, BenchFx.onFx(big::lineCount)));
        rows.add("| heap after GC while one session prints 1,000,000 lines (cap 100,000) | " + String.join(", ", heap)
                + String.format(Locale.ROOT, "; RSS %d MB | | | flat |", rssKb() >> 10));
        sessions.close(million.id());

    }

    private void ingest(SessionManager sessions, Path worktree, TabPane tabs, Path data, long bytes) throws Exception {
        // ---------------------------------------------------------------- ingest vs cat
        List<Long> cat = new ArrayList<>();
        List<Long> lanes = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            cat.add(time(() -> {
                Process p = new ProcessBuilder("cat", data.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.waitFor();
                return null;
            }));
            ConsoleView console = addConsole(tabs, "ingest " + round, true);
            long t = ingest(sessions, worktree, "cat " + round, List.of("cat", data.toString()), console);
            if (round > 0) {
                lanes.add(t);
            } else {
                cat.remove(0);
            }
            removeTabs(tabs);
        }
        double lanesMs = BenchFx.median(lanes) / 1e6;
        double catMs = BenchFx.median(cat) / 1e6;
        rows.add(String.format(Locale.ROOT, "| ingest of one session into console + log (%.0f MB) | %.0f ms = %.0f MB/s | `cat FILE > /dev/null` %.0f ms = %.0f MB/s | %.1f× | ≥ 50 MB/s |",
                bytes / 1e6, lanesMs, bytes / 1e6 / (lanesMs / 1e3), catMs, bytes / 1e6 / (catMs / 1e3), lanesMs / catMs));

    }

    private void flood(SessionManager sessions, Path worktree, TabPane tabs, Path data, long bytes) throws Exception {
        // ---------------------------------------------------------------- pulses while 8 sessions flood
        List<Long> intervals = new ArrayList<>();
        FrameProbe[] probe = new FrameProbe[1];
        boolean[] probeDone = new boolean[1];
        AnimationTimer pulses = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (Boolean.getBoolean("bench.threadStats")) {
                    if (probe[0] == null) {
                        probe[0] = new FrameProbe();
                    }
                    if (!probeDone[0]) {
                        probe[0].mark();
                    }
                }
                if (last != 0) {
                    intervals.add(now - last);
                    if (Boolean.getBoolean("bench.slowFrames") && now - last > 33_000_000) {
                        System.out.printf(Locale.ROOT, "slow frame: %.1f ms at pulse %d, %.3f s after the JVM started%n", (now - last) / 1e6,
                                intervals.size(), ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                        if (probe[0] != null && !probeDone[0]) {
                            System.out.println("    " + probe[0].since());
                        }
                    }
                }
                last = now;
            }
        };
        List<ConsoleView> consoles = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            consoles.add(addConsole(tabs, "flood " + i, i == 0));
        }
        awaitPulses(3); // the new tabs are laid out: measure from here, while sessions print
        BenchFx.onFx(() -> {
            pulses.start();
            return null;
        });
        long t0 = System.nanoTime();
        long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gc0 = gcMillis();
        List<SessionRecord> flood = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // the file three times: a flood long enough (hundreds of pulses) for a p99 to mean something
            SessionRecord s = sessions.create(worktree, worktree, "flood " + i, SessionKind.COMMAND,
                    List.of("cat", data.toString(), data.toString(), data.toString()), false);
            sessions.start(s.id());
            attachAsTheAppDoes(sessions, s.id(), consoles.get(i));
            flood.add(s);
        }
        waitFor("8 floods to end", 600, () -> flood.stream().allMatch(s -> !sessions.session(s.id()).orElseThrow().status().isLive()));
        long floodNanos = System.nanoTime() - t0;
        int duringFlood = BenchFx.onFx(() -> {
            probeDone[0] = true;
            return intervals.size();
        }); // what follows is the shown console catching up
        System.out.printf(Locale.ROOT, "During the flood: JIT compiling %d ms, GC pauses %d ms%n",
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0, gcMillis() - gc0);
        if (probe[0] != null) {
            System.out.println("CPU during the flood: " + BenchFx.onFx(probe[0]::totals));
        }
        // the shown console catches up; hidden ones hold their newest lines until their tab is shown
        waitFor("the shown console to drain", 120, () -> BenchFx.onFx(() -> showsEnd(consoles.get(0))));
        BenchFx.onFx(() -> {
            pulses.stop();
            return null;
        });
        long[] sorted = intervals.subList(0, duringFlood).stream().mapToLong(Long::longValue).sorted().toArray();
        long[] after = intervals.subList(duringFlood, intervals.size()).stream().mapToLong(Long::longValue).sorted().toArray();
        rows.add(String.format(Locale.ROOT, "| FX pulse interval while 8 sessions print %.0f MB each (%.1f s, %d pulses) | p50 %.1f ms, p99 %.1f ms, max %.1f ms | | | p99 < 33 ms |",
                3 * bytes / 1e6, floodNanos / 1e9, sorted.length, BenchFx.pct(sorted, 50), BenchFx.pct(sorted, 99), sorted[sorted.length - 1] / 1e6));
        if (after.length > 0) {
            rows.add(String.format(Locale.ROOT, "| then, until the shown console shows the end in its text area (after a flood: the newest 4 MB of its log) (%d pulses) | p50 %.1f ms, max %.1f ms | | | |",
                    after.length, BenchFx.pct(after, 50), after[after.length - 1] / 1e6));
        }
        // showing a hidden tab: it catches up from its capped buffer
        long switchStart = System.nanoTime();
        BenchFx.onFx(() -> {
            tabs.getSelectionModel().select(7);
            return null;
        });
        waitFor("a hidden console to catch up", 120, () -> BenchFx.onFx(() -> showsEnd(consoles.get(7))));
        rows.add(String.format(Locale.ROOT, "| a hidden console shown after the flood: reloads the newest 4 MB of its log and shows its end | %.0f ms | | | |",
                (System.nanoTime() - switchStart) / 1e6));
        removeTabs(tabs);
        flood.forEach(s -> sessions.close(s.id()));

    }

    /** Runs {@code argv} as a session with a console attached; returns ns until the console shows the end. */
    private static long ingest(SessionManager sessions, Path worktree, String name, List<String> argv, ConsoleView console) throws Exception {
        SessionRecord s = sessions.create(worktree, worktree, name, SessionKind.COMMAND, argv, false);
        long t0 = System.nanoTime();
        sessions.start(s.id());
        SessionManager.Attachment a = sessions.attach(s.id(), (text, stderr) -> console.append(text));
        console.append(a.history());
        waitFor(name + " to end", 600, () -> sessions.session(s.id()).orElseThrow().status() == SessionStatus.EXITED);
        waitFor(name + " on screen", 600, () -> BenchFx.onFx(() -> showsEnd(console)));
        long t = System.nanoTime() - t0;
        a.detach().run();
        sessions.close(s.id());
        return t;
    }

    private static boolean showsEnd(ConsoleView console) {
        GenericStyledArea<?, ?, ?> area = (GenericStyledArea<?, ?, ?>) console.lookup("#consoleArea");
        if (area == null) {
            return false; // out of the scene: the live tail shows a flood
        }
        int n = area.getParagraphs().size();
        for (int i = n - 1; i >= Math.max(0, n - 3); i--) {
            if (area.getParagraph(i).getText().contains(END)) {
                return true;
            }
        }
        return false;
    }

    private static ConsoleView addConsole(TabPane tabs, String name, boolean select) {
        return BenchFx.onFx(() -> {
            ConsoleView c = new ConsoleView(Integer.getInteger("bench.consoleLines", Settings.DEFAULT_CONSOLE_LINES));
            Tab tab = new Tab(name, c);
            tabs.getTabs().add(tab);
            if (select) {
                tabs.getSelectionModel().select(tab);
            }
            return c;
        });
    }

    private static void removeTabs(TabPane tabs) {
        BenchFx.onFx(() -> {
            tabs.getTabs().clear();
            return null;
        });
    }

    /** Lines like a build's: timestamps, coloured levels, paths, a progress line now and then. */
    private static long writeOutput(Path file, long target) throws IOException {
        String[] levels = {"\u001b[32mINFO\u001b[0m", "\u001b[33mWARN\u001b[0m", "\u001b[1;31mERROR\u001b[0m", "\u001b[38;5;244mDEBUG\u001b[0m"};
        long written = 0;
        int i = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < target) {
                String line = i % 50 == 0
                        ? "Downloading " + i + " [" + "#".repeat(i % 40) + "]\r"
                        : String.format(Locale.ROOT, "12:%02d:%02d.%03d %s [worker-%d] src/main/java/dev/example/module%d/Service%d.java:%d compiled in %d ms%n",
                        (i / 3600) % 60, (i / 60) % 60, i % 1000, levels[i % levels.length], i % 8, i % 97, i % 31, i % 500, i % 173);
                w.write(line);
                written += line.getBytes(StandardCharsets.UTF_8).length;
                i++;
            }
            w.write("\n" + END + "\n");
            written += END.length() + 2;
        }
        return written;
    }

    /** Waits until the JIT compiled nothing for a second (at most 30 s); returns the time waited. */
    private static long awaitJitQuiet() throws InterruptedException {
        var jit = ManagementFactory.getCompilationMXBean();
        long t0 = System.nanoTime();
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 1_000_000_000L && System.nanoTime() - t0 < 30_000_000_000L) {
            Thread.sleep(100);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }


    private static long time(Callable<?> c) throws Exception {
        long t0 = System.nanoTime();
        c.call();
        return System.nanoTime() - t0;
    }

    private static void waitFor(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20); // the bench's own polling stays out of the way of what it measures
        }
    }

    /**
     * Attaches a console as the window does: a console that dropped its output (hidden, or under a
     * flood) reloads from the log (detach, clear, attach again in the background), and output of an
     * older attachment still in flight is ignored.
     */
    private static void attachAsTheAppDoes(SessionManager sessions, long id, ConsoleView c) {
        java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Runnable> detach = new java.util.concurrent.atomic.AtomicReference<>(() -> { });
        Runnable[] attach = new Runnable[1];
        attach[0] = () -> {
            long g = generation.incrementAndGet();
            SessionManager.Attachment a = sessions.attach(id, (text, stderr) -> {
                if (generation.get() == g) {
                    c.append(text);
                }
            });
            detach.set(a.detach());
            c.append(a.history());
        };
        BenchFx.onFx(() -> {
            c.setOnReload(() -> {
                detach.get().run();
                // as the app does: the log is read and its history parsed off the FX thread
                Thread reload = new Thread(attach[0], "bench-reload");
                reload.setDaemon(true);
                reload.start();
            });
            return null;
        });
        attach[0].run();
    }

    /** Waits until {@code n} pulses have passed. */
    private static void awaitPulses(int n) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        AnimationTimer t = new AnimationTimer() {
            @Override
            public void handle(long now) {
                done.countDown();
            }
        };
        Platform.runLater(t::start);
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no pulses");
        }
        Platform.runLater(t::stop);
    }

}
