package dev.lanes.bench;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.FanoutStore;
import dev.lanes.fanout.RunSummary;
import dev.lanes.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Issue 5's measure: 1,000 items of a trivial command ({@code true FILE}) at -j 8, wall time of the
 * fan-out engine against {@code xargs -P 8 -n 1} on the same list, in the same run. Two engine
 * variants: bare (no store, no logs) and as {@code lanes fanout} runs it (every item change in the
 * SQLite store, one log file per item). Rounds alternate; medians are reported. Not a test.
 *
 * <p>{@code java -cp <test class path> dev.lanes.bench.FanoutBench [items] [rounds]}
 */
public final class FanoutBench {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 2);

    public static void main(String[] args) throws Exception {
        // as lanes fanout does (FanoutCommand.main)
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int jobs = 8;
        Path work = Files.createTempDirectory("lanes-fanout-bench");
        try {
            Path folder = Files.createDirectories(work.resolve("repo"));
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                String p = "d" + (i % 10) + "/file " + i + ".txt";
                Files.createDirectories(folder.resolve(p).getParent());
                Files.writeString(folder.resolve(p), "x");
                paths.add(p);
            }
            Path list = Files.write(work.resolve("list.txt"), paths);
            System.out.printf(Locale.ROOT, "Fan-out bench: %d items of `true FILE`, -j %d, %d rounds (+%d warm-up), %d cores%n",
                    items, jobs, rounds, WARMUP, Runtime.getRuntime().availableProcessors());
            List<Long> xargs = new ArrayList<>();
            List<Long> bare = new ArrayList<>();
            List<Long> stored = new ArrayList<>();
            List<Long> logsOnly = new ArrayList<>();
            List<Long> floor = new ArrayList<>();
            List<Long> storeOnly = new ArrayList<>();
            for (int r = 0; r < rounds + WARMUP; r++) {
                long x = xargs(folder, list, jobs);
                long f = rawJava(folder, paths, jobs);
                long b = engine(folder, paths, jobs, FanoutStore.NONE, null);
                long s;
                try (Store store = Store.open(work.resolve("home-" + r))) {
                    s = engine(folder, paths, jobs, store, work.resolve("logs-" + r).toString());
                }
                long l = engine(folder, paths, jobs, FanoutStore.NONE, work.resolve("logs-only-" + r).toString());
                long so;
                try (Store store = Store.open(work.resolve("store-only-" + r))) {
                    so = engine(folder, paths, jobs, store, null);
                }
                System.out.printf(Locale.ROOT, "round %d%s: xargs %d ms, ProcessBuilder loop %d ms, engine %d ms, +logs %d ms, +store %d ms, +store+logs %d ms%n", r,
                        r < WARMUP ? " (warm-up)" : "", x, f, b, l, so, s);
                if (r >= WARMUP) {
                    floor.add(f);
                    xargs.add(x);
                    bare.add(b);
                    stored.add(s);
                    logsOnly.add(l);
                    storeOnly.add(so);
                }
            }
            long mx = median(xargs);
            long mb = median(bare);
            long ms = median(stored);
            System.out.println();
            System.out.println("| measure | median | ratio to xargs -P 8 | goal |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| `xargs -P 8 -n 1 true` | %,d ms | 1.00× | |%n", mx);
            System.out.printf(Locale.ROOT, "| plain Java: ProcessBuilder.start at most 8 at once (the JVM's floor) | %,d ms | %.2f× | |%n",
                    median(floor), (double) median(floor) / mx);
            System.out.printf(Locale.ROOT, "| engine, -j 8 (no store, no logs) | %,d ms | %.2f× | ≤ 1.2× %s |%n", mb,
                    (double) mb / mx, mb <= 1.2 * mx ? "✓" : "✗");
            System.out.printf(Locale.ROOT, "| engine, -j 8, a log per item | %,d ms | %.2f× | |%n", median(logsOnly),
                    (double) median(logsOnly) / mx);
            System.out.printf(Locale.ROOT, "| engine, -j 8, SQLite store | %,d ms | %.2f× | |%n", median(storeOnly),
                    (double) median(storeOnly) / mx);
            System.out.printf(Locale.ROOT, "| engine, -j 8, store + a log per item (as `lanes fanout`) | %,d ms | %.2f× | ≤ 1.2× %s |%n",
                    ms, (double) ms / mx, ms <= 1.2 * mx ? "✓" : "✗");
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The least a JVM does: start each process (output discarded), at most {@code jobs} at once, wait for all. */
    private static long rawJava(Path folder, List<String> paths, int jobs) throws Exception {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(jobs);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(paths.size());
        long t0 = System.nanoTime();
        for (String p : paths) {
            slots.acquire();
            Process proc = new ProcessBuilder("true", p).directory(folder.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            proc.onExit().thenRun(() -> {
                slots.release();
                done.countDown();
            });
        }
        done.await();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long xargs(Path folder, Path list, int jobs) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("xargs", "-d", "\\n", "-P", Integer.toString(jobs), "-n", "1", "true")
                .directory(folder.toFile()).redirectInput(list.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("xargs failed");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long engine(Path folder, List<String> paths, int jobs, FanoutStore store, String logs) throws Exception {
        FanoutSpec spec = FanoutSpec.command(folder.toString(), paths, List.of("true", "{file}")).withConcurrency(jobs)
                .withLogFolder(logs);
        long t0 = System.nanoTime();
        try (FanoutEngine e = FanoutEngine.create(spec, store, null)) {
            RunSummary s = e.start().get();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!s.allPassed()) {
                throw new IllegalStateException("not all passed: " + s.line());
            }
            return ms;
        }
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
