package dev.lanes.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of one frame went, on Linux: for groups of this JVM's threads (the FX thread,
 * the renderer, the output readers, GC, JIT), the time they ran on a CPU and the time they waited
 * to run (runnable, but the CPU was taken: {@code /proc/self/task/<tid>/schedstat}), and the
 * collectors' time. {@link #mark} once per pulse on the FX thread; {@link #since} describes the
 * interval since the previous mark. For the slow-frame diagnosis of the benchmarks, not the app.
 */
final class FrameProbe {

    private static final String[] GROUPS = {"fx", "render", "readers", "gc", "jit", "other"};
    private final Map<String, Integer> groupOfTid = new LinkedHashMap<>();
    private final Map<String, long[]> lastOfTid = new java.util.HashMap<>();
    private final Map<String, String> nameOfTid = new java.util.HashMap<>();
    /** Run time of each "other" thread in the last interval. */
    private final Map<String, Long> otherRun = new java.util.HashMap<>();
    private final long[] run = new long[GROUPS.length];
    private final long[] wait = new long[GROUPS.length];
    private final long[] totalRun = new long[GROUPS.length];
    private long lastGcMillis;
    private long gcMillis;
    private int marks;
    private final String fxTid;

    /** Call on the FX thread. */
    FrameProbe() {
        String tid;
        try {
            tid = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
        } catch (IOException e) {
            tid = "";
        }
        fxTid = tid;
    }

    /** Reads every counter now (FX thread). */
    void mark() {
        if (marks++ < 60 || marks % 20 == 0) {
            refreshThreads();
        }
        java.util.Arrays.fill(run, 0);
        java.util.Arrays.fill(wait, 0);
        otherRun.clear();
        for (Map.Entry<String, Integer> e : groupOfTid.entrySet()) {
            int g = e.getValue();
            try {
                String[] f = Files.readString(Path.of("/proc/self/task", e.getKey(), "schedstat")).trim().split(" ");
                long r = Long.parseLong(f[0]);
                long w = Long.parseLong(f[1]);
                long[] last = lastOfTid.put(e.getKey(), new long[]{r, w});
                if (last != null) {
                    totalRun[g] += r - last[0];
                    run[g] += r - last[0];
                    wait[g] += w - last[1];
                    if (g == 5) {
                        otherRun.merge(nameOfTid.get(e.getKey()), r - last[0], Long::sum);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // the thread ended
            }
        }
        lastGcMillis = gcMillis;
        gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
    }

    /** "fx 3/1, render …, gc pauses 5 ms" for the interval between the last two marks. */
    String since() {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < GROUPS.length; g++) {
            sb.append(String.format(Locale.ROOT, "%s %.0f/%.0f, ", GROUPS[g], run[g] / 1e6, wait[g] / 1e6));
        }
        sb.append(String.format(Locale.ROOT, "gc pauses %d ms (ran/waited to run, ms)", gcMillis - lastGcMillis));
        otherRun.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .filter(e -> e.getValue() >= 2_000_000)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "; %s ran %.0f", e.getKey(), e.getValue() / 1e6)));
        return sb.toString();
    }

    /** CPU time each group ran since the first mark: "fx 1.2 s, render …". */
    String totals() {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < GROUPS.length; g++) {
            sb.append(g == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f s", GROUPS[g], totalRun[g] / 1e9));
        }
        return sb.toString();
    }

    private void refreshThreads() {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                } catch (IOException e) {
                    continue;
                }
                int group;
                if (tid.equals(fxTid)) {
                    group = 0;
                } else if (comm.startsWith("QuantumRenderer")) {
                    group = 1;
                } else if (comm.startsWith("process-")) {
                    group = 2;
                } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                    group = 3;
                } else if (comm.contains("CompilerThre")) {
                    group = 4;
                } else {
                    group = 5;
                }
                groupOfTid.put(tid, group);
                nameOfTid.put(tid, comm);
            }
        } catch (IOException ignored) {
            // not Linux
        }
    }
}
