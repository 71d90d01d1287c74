package dev.lanes.bench;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutListener;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.FanoutSpecJson;
import dev.lanes.fanout.FanoutStore;
import dev.lanes.fanout.ItemState;
import dev.lanes.store.Store;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 5's measure "memory with 10,000 queued items": a live fan-out run at -j 1 whose first item
 * is {@code sleep 600} and whose other 9,999 wait in the queue. Reports the heap in use after full
 * collections (the least of several {@code System.gc()}) against the same JVM before (with nothing,
 * and again after a 10-item run loaded the classes and was closed), with the SQLite store as
 * {@code lanes fanout} uses it and without a store; and the store's size on disk against an empty
 * store. Not a test.
 *
 * <p>{@code java -Xmx1g -cp <test class path> dev.lanes.bench.FanoutMemoryBench [items]}
 */
public final class FanoutMemoryBench {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long nothing = heapAfterGc();
        Path work = Files.createTempDirectory("lanes-fanout-memory");
        try {
            Path folder = Files.createDirectories(work.resolve("repo"));
            // load and warm every class on the way (engine, SQLite, JSON, processes), then drop it all
            Path warmHome = work.resolve("warm");
            try (Store store = Store.open(warmHome)) {
                queuedRun(store, folder, paths(10), warmHome).close();
            }
            long baseline = heapAfterGc();

            Path emptyHome = work.resolve("empty");
            try (Store empty = Store.open(emptyHome)) {
                Reference.reachabilityFence(empty);
            }
            long emptyStore = size(emptyHome);

            // as lanes fanout runs it: every item in the SQLite store, a log folder
            long[] stored = stored(folder, work.resolve("home"), n);
            long withStore = stored[0];
            long storeBytes = stored[1];
            long storeBytesClosed = stored[2];
            long createMs = stored[3];
            long withoutStore = bare(folder, work.resolve("bare"), n);
            long closed = heapAfterGc();

            String gcs = String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(GarbageCollectorMXBean::getName).toList());
            double pathChars = paths(n).stream().mapToInt(String::length).average().orElse(0);
            System.out.printf(Locale.ROOT, "Fan-out memory: %,d items (paths of %.0f characters on average), max heap %d MB, %s, JDK %s%n",
                    n, pathChars, Runtime.getRuntime().maxMemory() >> 20, gcs, System.getProperty("java.version"));
            System.out.println();
            System.out.println("| measure | heap in use after GC | over the baseline | per item |");
            System.out.println("|---|---|---|---|");
            row("the JVM with nothing", nothing, -1, n);
            row("baseline: after a 10-item run loaded the classes and was closed", baseline, -1, n);
            row(String.format(Locale.ROOT, "a live run at -j 1: `sleep 600` running, %,d queued, SQLite store (as `lanes fanout`)", n - 1),
                    withStore, withStore - baseline, n);
            row("the same run without a store", withoutStore, withoutStore - baseline, n);
            row("both runs closed", closed, closed - baseline, n);
            System.out.println();
            System.out.printf(Locale.ROOT, "store on disk with the live run: %s (%s); an empty store: %s; %s per item%n",
                    mb(storeBytes), files(work.resolve("home"), stored[4], stored[5], stored[6]), mb(emptyStore),
                    bytes((storeBytes - emptyStore) / (double) n));
            System.out.printf(Locale.ROOT, "… checkpointed into lanes.db while live: lanes.db %s; %s per item%n",
                    mb(stored[9]), bytes((stored[9] - emptyStore) / (double) n));
            System.out.printf(Locale.ROOT, "… once cancelled (%,d rows updated) and closed: %s (lanes.db %s, -wal %s); %s per item%n",
                    n - 1, mb(storeBytesClosed), mb(stored[7]), mb(stored[8]), bytes((storeBytesClosed - emptyStore) / (double) n));
            System.out.printf(Locale.ROOT, "of which the run's spec as JSON (it holds the list of paths too): %s%n",
                    mb(FanoutSpecJson.toJson(spec(folder, paths(n), work)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            System.out.printf(Locale.ROOT, "opening the store, creating the run (%,d rows) and starting it: %,d ms%n", n, createMs);
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A live run of {@code n} items with the SQLite store: heap after GC while it is live, the store's
     * bytes then and once closed, and how long creating and starting it took. (Its own method: once
     * it returns, nothing of the run is reachable from a local variable.)
     */
    private static long[] stored(Path folder, Path home, int n) throws Exception {
        long t0 = System.nanoTime();
        Store store = Store.open(home);
        QueuedRun run = queuedRun(store, folder, paths(n), home);
        long createMs = (System.nanoTime() - t0) / 1_000_000;
        long heap = heapAfterGc();
        long bytes = size(home);
        long db = Files.size(home.resolve(Store.FILE_NAME));
        long wal = sizeOr0(home.resolve(Store.FILE_NAME + "-wal"));
        long shm = sizeOr0(home.resolve(Store.FILE_NAME + "-shm"));
        // the queued run's pages written into lanes.db (a second connection, as sqlite3 would)
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve(Store.FILE_NAME));
             java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        long checkpointed = Files.size(home.resolve(Store.FILE_NAME));
        checkQueued(store.fanoutItems(run.engine.runId()), n);
        run.close();
        store.close();
        return new long[]{heap, bytes, size(home), createMs, db, wal, shm, Files.size(home.resolve(Store.FILE_NAME)),
                sizeOr0(home.resolve(Store.FILE_NAME + "-wal")), checkpointed};
    }

    /** The same run without a store: heap after GC while it is live. */
    private static long bare(Path folder, Path home, int n) throws Exception {
        QueuedRun run = queuedRun(FanoutStore.NONE, folder, paths(n), home);
        long heap = heapAfterGc();
        checkQueued(run.engine.items(), n);
        run.close();
        return heap;
    }

    /** {@code n} item paths of typical length (40–50 characters), new strings each time. */
    private static List<String> paths(int n) {
        List<String> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            paths.add(String.format(Locale.ROOT, "src/main/java/dev/example/m%02d/Class%05d.java", i % 50, i));
        }
        return paths;
    }

    /** A started run whose first item sleeps: the others stay queued. */
    private record QueuedRun(FanoutEngine engine) implements AutoCloseable {
        @Override
        public void close() {
            engine.cancelAll();
            try {
                engine.await(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.close();
        }
    }

    private static FanoutSpec spec(Path folder, List<String> paths, Path home) {
        return FanoutSpec.command(folder.toString(), paths, List.of("sleep", "600")).withConcurrency(1)
                .withLogFolder(home.resolve("logs").toString());
    }

    private static QueuedRun queuedRun(FanoutStore store, Path folder, List<String> paths, Path home) throws InterruptedException {
        FanoutSpec spec = spec(folder, paths, home);
        CountDownLatch running = new CountDownLatch(1);
        FanoutEngine engine = FanoutEngine.create(spec, store, new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                if (item.state() == ItemState.RUNNING) {
                    running.countDown();
                }
            }
        });
        engine.start();
        if (!running.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the first item did not start");
        }
        return new QueuedRun(engine);
    }

    private static void checkQueued(List<FanoutItem> items, int n) {
        long queued = items.stream().filter(i -> i.state() == ItemState.QUEUED).count();
        long running = items.stream().filter(i -> i.state() == ItemState.RUNNING).count();
        if (items.size() != n || queued != n - 1 || running != 1) {
            throw new IllegalStateException("expected 1 running and " + (n - 1) + " queued, got " + running + " and " + queued);
        }
    }

    /** The least heap in use over five full collections. */
    private static long heapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static long size(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(Store.FILE_NAME)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long sizeOr0(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static String files(Path home, long db, long wal, long shm) {
        return String.format(Locale.ROOT, "lanes.db %s, -wal %s, -shm %s", mb(db), mb(wal), mb(shm));
    }

    private static void row(String what, long used, long over, int n) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", what, mb(used), over < 0 ? "" : mb(over),
                over < 0 ? "" : bytes(over / (double) n));
    }

    private static String mb(long b) {
        return String.format(Locale.ROOT, "%.2f MB", b / 1_048_576.0);
    }

    private static String bytes(double b) {
        return String.format(Locale.ROOT, "%.0f B", b);
    }
}
