package dev.lanes.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagedProcessTest {

    @TempDir
    Path tmp;

    private static ProcessSpec sh(Path dir, String script, Path log) {
        return new ProcessSpec(List.of("/bin/sh", "-c", script), dir, Map.of(), log);
    }

    static void waitFor(String what, BooleanSupplier condition) {
        dev.lanes.testutil.Wait.until(what, condition);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void separatesTheStreamsDecodesBadUtf8AndReportsTheExitCode() throws Exception {
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        ManagedProcess p = ManagedProcess.start(sh(tmp, "printf 'ok ✓\\n'; printf '\\377\\376 bad\\n'; echo oops >&2; exit 3", tmp.resolve("log")),
                (text, stderr) -> (stderr ? err : out).append(text));
        ProcessExit exit = p.waitFor(Duration.ofSeconds(10));
        assertEquals(3, exit.code());
        assertFalse(exit.stopped());
        assertEquals("ok ✓\n\uFFFD\uFFFD bad\n", out.toString());
        assertEquals("oops\n", err.toString());
        byte[] log = Files.readAllBytes(tmp.resolve("log"));
        assertEquals(19, log.length, "every byte of both streams, undecoded");
        String raw = new String(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("\u00FF\u00FE bad\n") && raw.contains("oops\n"), "undecoded bytes in the log (streams interleave in any order)");
    }

    @Test
    void theLogHoldsFiftyMegabytesByteForByte() throws Exception {
        Path data = tmp.resolve("data.bin");
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(42).nextBytes(chunk);
        try (var o = Files.newOutputStream(data)) {
            for (int i = 0; i < 50; i++) {
                chunk[i] = (byte) i;
                o.write(chunk);
            }
        }
        AtomicLong chars = new AtomicLong();
        ManagedProcess p = ManagedProcess.start(new ProcessSpec(List.of("cat", data.toString()), tmp, Map.of(), tmp.resolve("cat.log")),
                (text, stderr) -> chars.addAndGet(text.length()));
        assertEquals(0, p.waitFor(Duration.ofSeconds(60)).code());
        assertEquals(50L << 20, Files.size(tmp.resolve("cat.log")));
        assertEquals(sha(data), sha(tmp.resolve("cat.log")));
        assertEquals(50L << 20, p.bytesLogged());
        assertTrue(chars.get() > 0);
    }

    @Test
    void stopEndsTheWholeTreeIncludingABackgroundGrandchild() throws Exception {
        Path pids = tmp.resolve("pids");
        String script = "sleep 300 & echo $! > '" + pids + "'; (sleep 301 & echo $! >> '" + pids + "'; wait) & wait";
        ManagedProcess p = ManagedProcess.start(sh(tmp, script, null), ProcessOutput.IGNORE);
        waitFor("two grandchildren", () -> lines(pids).size() == 2);
        List<Long> children = lines(pids).stream().map(Long::parseLong).toList();
        children.forEach(pid -> assertTrue(alive(pid)));
        p.stop(Duration.ofSeconds(2));
        ProcessExit exit = p.waitFor(Duration.ofSeconds(10));
        assertTrue(exit.stopped());
        for (long pid : children) {
            waitFor("pid " + pid + " to end", () -> !alive(pid));
        }
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        StringBuffer out = new StringBuffer();
        ManagedProcess p = ManagedProcess.start(sh(tmp, "trap '' TERM; echo ready; while :; do sleep 0.1; done", null),
                (text, stderr) -> out.append(text));
        waitFor("ready", () -> out.toString().contains("ready"));
        p.stop(Duration.ofMillis(300));
        assertTrue(p.waitFor(Duration.ofSeconds(10)).stopped());
        assertFalse(p.isAlive());
    }

    @Test
    void aProcessThatClosesItsOutputButKeepsRunningCanStillBeStopped() throws Exception {
        StringBuffer out = new StringBuffer();
        ManagedProcess p = ManagedProcess.start(sh(tmp, "echo before; exec >&- 2>&-; sleep 300", null),
                (text, stderr) -> out.append(text));
        waitFor("output", () -> out.toString().equals("before\n"));
        assertFalse(p.onExit().isDone());
        assertTrue(p.isAlive());
        p.stop(Duration.ofSeconds(2));
        assertTrue(p.waitFor(Duration.ofSeconds(10)).stopped());
    }

    @Test
    void theExitIsReportedWhileAnOrphanStillHoldsTheOutput() throws Exception {
        Path pid = tmp.resolve("orphan.pid");
        ManagedProcess p = ManagedProcess.start(sh(tmp, "sleep 300 & echo $! > '" + pid + "'; exit 7", null), ProcessOutput.IGNORE);
        try {
            assertEquals(7, p.waitFor(Duration.ofSeconds(10)).code());
        } finally {
            waitFor("orphan pid", () -> lines(pid).size() == 1);
            ProcessHandle.of(Long.parseLong(lines(pid).get(0))).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void multiByteCharactersCutByReadsArriveWholeAndATruncatedOneAtTheEndIsReplaced() throws Exception {
        // 2-, 3- and 4-byte sequences, so that 64 KB reads cut some of them at every position
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 120_000; i++) {
            sb.append(switch (i % 5) {
                case 0 -> "é";
                case 1 -> "✓";
                case 2 -> "😀";
                case 3 -> "a";
                default -> i % 1000 == 4 ? "\n" : "ж";
            });
        }
        String text = sb.toString();
        Path data = tmp.resolve("utf8.txt");
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        truncated[bytes.length] = (byte) 0xe2; // the first two bytes of "✓", and then the end
        truncated[bytes.length + 1] = (byte) 0x9c;
        Files.write(data, truncated);
        StringBuffer out = new StringBuffer();
        ManagedProcess p = ManagedProcess.start(new ProcessSpec(List.of("cat", data.toString()), tmp, Map.of(), null),
                (chunk, stderr) -> out.append(chunk));
        assertEquals(0, p.waitFor(Duration.ofSeconds(30)).code());
        assertEquals(text + "\uFFFD", out.toString());
    }

    @Test
    void aUtf8BoundaryIsFoundFromTheLastBytes() {
        byte[] b = "a✓😀é".getBytes(java.nio.charset.StandardCharsets.UTF_8); // 1 + 3 + 4 + 2 bytes
        assertEquals(10, ManagedProcess.completeUtf8(b, 10));
        assertEquals(8, ManagedProcess.completeUtf8(b, 9), "é cut after its lead byte");
        assertEquals(8, ManagedProcess.completeUtf8(b, 8));
        assertEquals(4, ManagedProcess.completeUtf8(b, 7), "😀 cut after 3 of its 4 bytes");
        assertEquals(4, ManagedProcess.completeUtf8(b, 5));
        assertEquals(1, ManagedProcess.completeUtf8(b, 3), "✓ cut after 2 of its 3 bytes");
        assertEquals(0, ManagedProcess.completeUtf8(b, 0));
        assertEquals(2, ManagedProcess.completeUtf8(new byte[]{(byte) 0x80, (byte) 0x80}, 2), "stray continuation bytes: decoded (replaced) now");
        assertEquals(1, ManagedProcess.completeUtf8(new byte[]{(byte) 0xff}, 1), "not a lead byte: replaced now");
    }

    @Test
    void aFiveMegabyteLineWithoutNewlineArrivesWhole() throws Exception {
        AtomicLong received = new AtomicLong();
        ManagedProcess p = ManagedProcess.start(sh(tmp, "head -c 5242880 /dev/zero | tr '\\0' x", null),
                (text, stderr) -> received.addAndGet(text.length()));
        assertEquals(0, p.waitFor(Duration.ofSeconds(30)).code());
        assertEquals(5L << 20, received.get());
    }

    @Test
    void inputReachesTheProcess() throws Exception {
        StringBuffer out = new StringBuffer();
        ManagedProcess p = ManagedProcess.start(new ProcessSpec(List.of("cat"), tmp, Map.of(), null), (text, stderr) -> out.append(text));
        p.write("hello ✓\n");
        waitFor("echo", () -> out.toString().equals("hello ✓\n"));
        p.closeInput();
        assertEquals(0, p.waitFor(Duration.ofSeconds(10)).code());
    }

    @Test
    void theEnvironmentIsAddedToAndTrimmed() throws Exception {
        StringBuffer out = new StringBuffer();
        ManagedProcess.start(new ProcessSpec(List.of("/bin/sh", "-c", "echo \"$LANES_X|${HOME:-unset}\""), tmp,
                Map.of("LANES_X", "a b"), null), (text, stderr) -> out.append(text)).waitFor(Duration.ofSeconds(10));
        assertTrue(out.toString().startsWith("a b|") && !out.toString().contains("unset"), out.toString());
        Map<String, String> remove = new HashMap<>();
        remove.put("HOME", null);
        StringBuffer out2 = new StringBuffer();
        ManagedProcess.start(new ProcessSpec(List.of("/bin/sh", "-c", "echo ${HOME:-unset}"), tmp, remove, null),
                (text, stderr) -> out2.append(text)).waitFor(Duration.ofSeconds(10));
        assertEquals("unset\n", out2.toString());
    }

    @Test
    void startFailuresAreSentences() throws Exception {
        ProcessStartException missing = assertThrows(ProcessStartException.class,
                () -> ManagedProcess.start(new ProcessSpec(List.of("no-such-program-xyz"), tmp, Map.of(), null), ProcessOutput.IGNORE));
        assertEquals("“no-such-program-xyz” was not found. Check the command, or install the program and make sure it is on PATH.",
                missing.getMessage());
        Path notExecutable = Files.writeString(tmp.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        ProcessStartException denied = assertThrows(ProcessStartException.class,
                () -> ManagedProcess.start(new ProcessSpec(List.of(notExecutable.toString()), tmp, Map.of(), null), ProcessOutput.IGNORE));
        assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        ProcessStartException gone = assertThrows(ProcessStartException.class,
                () -> ManagedProcess.start(new ProcessSpec(List.of("/bin/true"), tmp.resolve("gone"), Map.of(), null), ProcessOutput.IGNORE));
        assertTrue(gone.getMessage().contains("does not exist"), gone.getMessage());
    }

    @Test
    void aSurvivorIsRecognisedByPidAndStartTimeOnly() throws Exception {
        ManagedProcess p = ManagedProcess.start(sh(tmp, "sleep 300", null), ProcessOutput.IGNORE);
        try {
            assertTrue(ProcessTree.find(p.pid(), p.osStartedAt()).isPresent());
            assertTrue(ProcessTree.find(p.pid(), p.osStartedAt().minusSeconds(3600)).isEmpty(), "a reused pid is not ours");
        } finally {
            p.stop(Duration.ofSeconds(2));
        }
        p.waitFor(Duration.ofSeconds(10));
        assertTrue(ProcessTree.find(p.pid(), p.osStartedAt()).isEmpty());
    }

    @Test
    void aTypedCommandGoesToOneShellAsOneArgument() {
        assertEquals(List.of("/bin/sh", "-c", "npm i && echo \"$(pwd)\""),
                ShellCommand.argv("npm i && echo \"$(pwd)\"", "Linux", Map.of()));
        assertEquals(List.of("cmd.exe", "/d", "/s", "/c", "npm i"), ShellCommand.argv("npm i", "Windows 10", Map.of()));
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p).stream().map(String::strip).filter(s -> !s.isEmpty()).toList() : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static String sha(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 16];
            int n;
            while ((n = in.read(b)) > 0) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
