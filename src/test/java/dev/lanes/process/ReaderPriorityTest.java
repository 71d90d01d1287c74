package dev.lanes.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Output readers run nicer than the rest of Lanes (Linux), and only they do. */
class ReaderPriorityTest {

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    @Test
    void theCallingThreadAndOnlyItBecomesNicer() throws Exception {
        assumeTrue(linux());
        Integer before = ReaderPriority.currentNice();
        assertNotNull(before);
        AtomicReference<Integer> inReader = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            ReaderPriority.lowerCurrentThread();
            inReader.set(ReaderPriority.currentNice());
        });
        reader.start();
        reader.join(10_000);
        assertEquals(Math.min(19, before + ReaderPriority.NICE_DELTA), inReader.get());
        assertEquals(before, ReaderPriority.currentNice(), "the caller's own thread is untouched");
    }

    @Test
    void aSessionsReaderThreadRunsNicerThanTheProcessItReads() throws Exception {
        assumeTrue(linux());
        Path dir = Files.createTempDirectory("lanes-nice");
        Path log = dir.resolve("out.log");
        int base = ReaderPriority.currentNice();
        ManagedProcess p = ManagedProcess.start(new ProcessSpec(List.of("sleep", "30"), dir, java.util.Map.of(), log), ProcessOutput.IGNORE);
        try {
            // the reader threads are named process-<pid>-out / -err: read their nice from /proc
            long pid = p.pid();
            Integer nice = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (nice == null && System.nanoTime() < deadline) {
                nice = niceOfThreadNamed("process-" + pid + "-out");
                Thread.onSpinWait();
            }
            assertEquals(Math.min(19, base + ReaderPriority.NICE_DELTA), nice);
            // the process itself keeps Lanes' priority: only Lanes' own reading yields
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertEquals(base, Integer.parseInt(f[16]));
        } finally {
            p.stop(java.time.Duration.ofSeconds(2));
            p.waitFor(java.time.Duration.ofSeconds(10));
        }
    }

    /** The nice value of this JVM's thread with that name, or null while there is none (yet). */
    private static Integer niceOfThreadNamed(String name) throws java.io.IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(t.resolve("comm")).strip().equals(name.length() > 15 ? name.substring(0, 15) : name)) {
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        int nice = Integer.parseInt(f[16]);
                        if (nice != ReaderPriority.currentNice()) {
                            return nice; // lowered already (a new thread starts at its parent's value)
                        }
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        return null;
    }
}
