package dev.lanes.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real bash in a real pty. */
class PtySessionTest {

    static final List<String> BASH = List.of("bash", "--noprofile", "--norc", "-i");

    @TempDir
    Path tmp;

    private final List<PtySession> sessions = new ArrayList<>();

    @AfterEach
    void stopAll() {
        sessions.forEach(s -> s.stop(Duration.ofSeconds(2)));
    }

    private PtySession start(PtySession.Spec spec) {
        PtySession s = PtySession.start(spec);
        sessions.add(s);
        return s;
    }

    /** Output collected from a listener; waits on a monitor, no sleeping. */
    static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        synchronized void add(byte[] chunk) {
            bytes.writeBytes(chunk);
            notifyAll();
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits until the output matches, returns the match. */
        synchronized Matcher await(String regex, int seconds) throws InterruptedException {
            Pattern p = Pattern.compile(regex);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                Matcher m = p.matcher(text());
                if (m.find()) {
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no /" + regex + "/ within " + seconds + " s in:\n" + text());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private static Output listen(PtySession s) {
        Output out = new Output();
        s.addOutputListener(out::add);
        return out;
    }

    @Test
    void runsAnInteractiveShellAndLogsTheExactBytes() throws Exception {
        Path log = tmp.resolve("logs/session.log");
        PtySession s = start(PtySession.Spec.of(BASH, tmp).withLog(log).withEnv(Map.of("LANES_PTY_TEST", "yes")));
        Output out = listen(s);
        s.write("echo hello-$((6*7))\n");
        out.await("hello-42", 10);
        s.write("echo term=$TERM color=$COLORTERM var=$LANES_PTY_TEST dir=$PWD\n");
        out.await("term=xterm-256color color=truecolor var=yes dir=" + Pattern.quote(tmp.toAbsolutePath().toString()), 10);
        // bytes that are not UTF-8 reach the log untouched
        s.write("printf 'raw:\\377\\376:end\\n'; exit 3\n");
        assertEquals(3, s.onExit().get(10, TimeUnit.SECONDS));
        assertFalse(s.isAlive());
        byte[] received = out.bytes();
        assertArrayEquals(received, Files.readAllBytes(log), "the log holds exactly the bytes received");
        String raw = new String(received, StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("raw:\u00ff\u00fe:end"), raw);
    }

    @Test
    void outputBeforeTheFirstListenerIsKeptForIt() throws Exception {
        PtySession s = start(PtySession.Spec.of(List.of("sh", "-c", "echo early-bird; exit 0"), tmp));
        assertEquals(0, s.onExit().get(10, TimeUnit.SECONDS));
        Output out = listen(s);
        assertTrue(out.text().contains("early-bird"), out.text());
    }

    @Test
    void resizeReachesTheProgram() throws Exception {
        PtySession s = start(PtySession.Spec.of(BASH, tmp).withSize(100, 30));
        Output out = listen(s);
        s.write("stty size\n");
        out.await("(?m)^30 100\\r?$", 10);
        s.resize(132, 41);
        assertEquals(132, s.columns());
        s.write("stty size\n");
        out.await("(?m)^41 132\\r?$", 10);
    }

    @Test
    void stopEndsTheShellAndWhatItStarted() throws Exception {
        PtySession s = start(PtySession.Spec.of(BASH, tmp));
        Output out = listen(s);
        s.write("sleep 300 & echo sleeper=$!\n");
        long sleeper = Long.parseLong(out.await("sleeper=(\\d+)", 10).group(1));
        ProcessHandle handle = ProcessHandle.of(sleeper).orElseThrow();
        assertTrue(handle.isAlive());
        assertTrue(ProcessHandle.of(s.pid()).orElseThrow().descendants().anyMatch(h -> h.pid() == sleeper));

        s.stop(Duration.ofSeconds(2));

        s.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(s.isAlive());
        handle.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(handle.isAlive(), "the background sleep survived");
    }

    @Test
    void aMissingProgramOrFolderIsAClearError() {
        ProcessStartException e = assertThrows(ProcessStartException.class,
                () -> start(PtySession.Spec.of(List.of("no-such-program-xyz"), tmp)));
        assertEquals("“no-such-program-xyz” was not found. Check the command, or install the program and make sure it is on PATH.",
                e.getMessage());

        e = assertThrows(ProcessStartException.class,
                () -> start(PtySession.Spec.of(List.of("./missing.sh"), tmp)));
        assertTrue(e.getMessage().startsWith("“./missing.sh” was not found."), e.getMessage());

        Path gone = tmp.resolve("gone");
        e = assertThrows(ProcessStartException.class, () -> start(PtySession.Spec.of(BASH, gone)));
        assertEquals("The folder " + gone + " does not exist (was the worktree removed?).", e.getMessage());
    }

    @Test
    void environmentKeepsTheInheritedOnesAndLetsTheCallerOverrideOrRemove() {
        Map<String, String> extra = new java.util.HashMap<>();
        extra.put("TERM", "dumb");
        extra.put("DROP", null);
        Map<String, String> env = PtySession.environment(Map.of("PATH", "/bin", "DROP", "x", "TERM", "linux", "PWD", "/elsewhere"),
                tmp, extra);
        assertEquals(Map.of("PATH", "/bin", "TERM", "dumb", "COLORTERM", "truecolor", "PWD", tmp.toString()), env);
        assertEquals("xterm-256color", PtySession.environment(Map.of("TERM", "linux"), tmp, Map.of()).get("TERM"));
    }
}
