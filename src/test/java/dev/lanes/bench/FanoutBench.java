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
 * SQLite store, one log file per item). Rounds alternate; medians are reported, with the CPU time the
 * JVM itself used per variant (less noisy than wall time on a shared machine), and the median of each
 * round's ratio to xargs (the load of a shared machine moves all variants of a round alike). Not a test.
 *
 * <p>The variants with logs create 1,000 files each: on a file system without a journal (ext4 as some
 * virtual machines have it), creating a file soon after many were deleted is slow (ext4 skips inodes
 * deleted in the last minutes, {@code recently_deleted} in a profile), so those figures depend on what
 * was deleted shortly before, an earlier run of this bench included. {@code -Djava.io.tmpdir=/dev/shm}
 * puts the files in memory instead.
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
            List<Long> threads = new ArrayList<>();
            List<Long> storeOnly = new ArrayList<>();
            java.util.Map<String, List<Long>> cpu = new java.util.LinkedHashMap<>();
            for (int r = 0; r < rounds + WARMUP; r++) {
                boolean counted = r >= WARMUP;
                long[] c = new long[7];
                long t = cpuMs();
                long x = xargs(folder, list, jobs);
                c[0] = cpuMs() - t;
                t = cpuMs();
                long f = rawJava(folder, paths, jobs);
                c[1] = cpuMs() - t;
                t = cpuMs();
                long th = rawJavaThreads(folder, paths, jobs);
                c[6] = cpuMs() - t;
                t = cpuMs();
                long b = engine(folder, paths, jobs, FanoutStore.NONE, null);
                c[2] = cpuMs() - t;
                long s;
                try (Store store = Store.open(work.resolve("home-" + r))) {
                    t = cpuMs();
                    s = engine(folder, paths, jobs, store, work.resolve("logs-" + r).toString());
                    c[5] = cpuMs() - t;
                }
                t = cpuMs();
                long l = engine(folder, paths, jobs, FanoutStore.NONE, work.resolve("logs-only-" + r).toString());
                c[3] = cpuMs() - t;
                long so;
                try (Store store = Store.open(work.resolve("store-only-" + r))) {
                    t = cpuMs();
                    so = engine(folder, paths, jobs, store, null);
                    c[4] = cpuMs() - t;
                }
                if (counted) {
                    String[] names = {"xargs", "ProcessBuilder loop", "engine", "+logs", "+store", "+store+logs", "8 threads"};
                    for (int k = 0; k < c.length; k++) {
                        cpu.computeIfAbsent(names[k], n -> new ArrayList<>()).add(c[k]);
                    }
                }
                System.out.printf(Locale.ROOT, "round %d%s: xargs %d ms, ProcessBuilder loop %d ms, 8 threads %d ms, engine %d ms, +logs %d ms, +store %d ms, +store+logs %d ms%n", r,
                        r < WARMUP ? " (warm-up)" : "", x, f, th, b, l, so, s);
                if (counted) {
                    floor.add(f);
                    threads.add(th);
                    xargs.add(x);
                    bare.add(b);
                    stored.add(s);
                    logsOnly.add(l);
                    storeOnly.add(so);
                }
            }
            System.out.println();
            System.out.println("| measure | median | ratio to xargs -P 8: of the medians | median of the rounds' ratios | goal |");
            System.out.println("|---|---|---|---|---|");
            row("`xargs -P 8 -n 1 true`", xargs, xargs, false);
            row("plain Java: one thread starts, at most 8 at once, `onExit`", floor, xargs, false);
            row("plain Java: 8 threads, each starts and waits in turn (the JVM's floor)", threads, xargs, false);
            row("engine, -j 8 (no store, no logs)", bare, xargs, true);
            row("engine, -j 8, a log per item", logsOnly, xargs, false);
            row("engine, -j 8, SQLite store", storeOnly, xargs, false);
            row("engine, -j 8, store + a log per item (as `lanes fanout`)", stored, xargs, true);
            StringBuilder c = new StringBuilder("JVM CPU time (all its threads, not its children), medians:");
            cpu.forEach((k, v) -> c.append(' ').append(k).append(' ').append(median(v)).append(" ms,"));
            System.out.println(c.substring(0, c.length() - 1));
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One thread starts each process (output discarded), at most {@code jobs} at once; exits are heard through {@code onExit}. */
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

    /** The least a JVM can do: 8 threads, each starting a process and waiting for it, until the list is done. */
    private static long rawJavaThreads(Path folder, List<String> paths, int jobs) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < jobs; k++) {
            Thread t = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < paths.size(); i = next.getAndIncrement()) {
                    try {
                        new ProcessBuilder("true", paths.get(i)).directory(folder.toFile())
                                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                                .start().waitFor();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
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

    /** A row of the table: {@code ms}' median, its ratio to xargs' median, and the median of each round's ratio. */
    private static void row(String what, List<Long> ms, List<Long> xargs, boolean goal) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            ratios.add((double) ms.get(i) / xargs.get(i));
        }
        ratios.sort(null);
        double perRound = ratios.get(ratios.size() / 2);
        double ofMedians = (double) median(ms) / median(xargs);
        System.out.printf(Locale.ROOT, "| %s | %,d ms | %.2f× | %.2f× | %s |%n", what, median(ms), ofMedians, perRound,
                !goal ? "" : "≤ 1.2× " + (ofMedians <= 1.2 && perRound <= 1.2 ? "✓" : "✗"));
    }

    /** CPU time this JVM has used so far (all threads), in ms. */
    private static long cpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
