package dev.lanes.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunningProcessTest {

    @TempDir
    Path tmp;

    @Test
    void streamsOutputAndDecodesBrokenUtf8AsReplacementCharacters() throws Exception {
        StringBuffer out = new StringBuffer();
        RunningProcess p = RunningProcess.start(List.of("/bin/sh", "-c", "printf 'ok ✓\\n'; printf '\\377\\376 bad\\n'; echo err >&2; exit 3"),
                tmp, Map.of(), out::append);
        assertEquals(3, p.onExit().get(10, TimeUnit.SECONDS));
        assertTrue(out.toString().startsWith("ok ✓\n"), out.toString());
        assertTrue(out.toString().contains("\uFFFD\uFFFD bad"), out.toString());
        assertTrue(out.toString().contains("err"));
    }

    @Test
    void stopEndsTheWholeProcessTree() throws Exception {
        Path pids = tmp.resolve("pids");
        String script = "sleep 300 & echo $! > '" + pids + "'; (sleep 301 & echo $! >> '" + pids + "'; wait) & wait";
        RunningProcess p = RunningProcess.start(List.of("/bin/sh", "-c", script), tmp, Map.of(), s -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!Files.exists(pids) || Files.readAllLines(pids).size() < 2) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        List<Long> children = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
        assertEquals(2, children.size());
        children.forEach(pid -> assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        p.stop(Duration.ofSeconds(2));
        p.onExit().get(10, TimeUnit.SECONDS);
        for (long pid : children) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " survived");
        }
    }

    @Test
    void aMissingProgramIsAClearError() {
        RunningProcess.ProcessStartException e = assertThrows(RunningProcess.ProcessStartException.class,
                () -> RunningProcess.start(List.of("no-such-program-xyz"), tmp, Map.of(), s -> { }));
        assertEquals("Could not start no-such-program-xyz: no such program.", e.getMessage());
        assertThrows(RunningProcess.ProcessStartException.class,
                () -> RunningProcess.start(List.of("/bin/true"), tmp.resolve("gone"), Map.of(), s -> { }));
    }

    @Test
    void aTypedCommandGoesToOneShellAsOneArgument() {
        assertEquals(List.of("/bin/sh", "-c", "npm i && echo \"$(pwd)\""),
                ShellCommand.argv("npm i && echo \"$(pwd)\"", "Linux", Map.of()));
        assertEquals(List.of("cmd.exe", "/d", "/s", "/c", "npm i"), ShellCommand.argv("npm i", "Windows 10", Map.of()));
    }
}
