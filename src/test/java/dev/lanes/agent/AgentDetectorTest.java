package dev.lanes.agent;

import dev.lanes.model.AgentDetection;
import dev.lanes.model.AgentProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real (fake) programs: shell scripts in temp folders, on a PATH the detector is given. */
@DisabledOnOs(OS.WINDOWS)
class AgentDetectorTest {

    @TempDir
    Path tmp;

    private Path bin;
    private Path other;
    private AgentDetector detector;

    @BeforeEach
    void folders() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin with space"));
        other = Files.createDirectories(tmp.resolve("other"));
        detector = new AgentDetector(bin + ":" + other, null, false, tmp, Duration.ofSeconds(5));
    }

    private Path script(Path dir, String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    private static AgentProfile profile(String exe) {
        return new AgentProfile("x", "Fake Agent", exe, AgentProfile.Mode.HEADLESS, List.of("{prompt}"), List.of(),
                AgentProfile.OutputFormat.TEXT, false, List.of("--version"), "Install it: npm install -g fake-agent.", false);
    }

    @Test
    void findsAProgramOnThePathAndReadsItsVersion() throws IOException {
        Path claude = script(other, "claude", "echo \"$1 was asked\" >&2; printf '\\033[1m2.1.332\\033[0m (Claude Code)\\n'");
        AgentDetection d = detector.detect(profile("claude"));
        assertTrue(d.found());
        assertTrue(d.hasVersion());
        assertEquals(claude, d.path());
        assertEquals("2.1.332 (Claude Code)", d.version(), "colour codes and the stderr line without a number are left out");
        assertEquals("Found " + claude + ": 2.1.332 (Claude Code).", d.message());
    }

    @Test
    void theFirstFolderOnThePathWins() throws IOException {
        Path first = script(bin, "agent", "echo 1.0.0");
        script(other, "agent", "echo 2.0.0");
        assertEquals(Optional.of(first), detector.resolve("agent"));
        assertEquals("1.0.0", detector.detect(profile("agent")).version());
    }

    @Test
    void aMissingProgramSaysWhatIsMissingAndHowToInstallIt() {
        AgentDetection d = detector.detect(profile("fake-agent"));
        assertFalse(d.found());
        assertNull(d.path());
        assertEquals("Fake Agent is not installed here: “fake-agent” was not found on PATH. "
                + "Install it: npm install -g fake-agent.", d.message());
        AgentDetection path = detector.detect(profile("/no/such/dir/fake-agent"));
        assertEquals("Fake Agent is not installed here: “/no/such/dir/fake-agent” does not exist. "
                + "Install it: npm install -g fake-agent.", path.message());
    }

    @Test
    void aFileThatIsNotExecutableIsNamedNotPassedOver() throws IOException {
        Path f = other.resolve("agent");
        Files.writeString(f, "#!/bin/sh\necho 1.0\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        AgentDetection d = detector.detect(profile("agent"));
        assertFalse(d.found());
        assertEquals("Fake Agent cannot run: " + f + " is not executable (chmod +x " + f + ").", d.message());
        // an executable one further along the PATH is still found
        Path later = script(Files.createDirectories(tmp.resolve("later")), "agent", "echo 3.1");
        AgentDetector longer = new AgentDetector(other + ":" + later.getParent(), null, false, tmp, Duration.ofSeconds(5));
        assertEquals("3.1", longer.detect(profile("agent")).version());
        // and a folder is not a program
        Files.createDirectories(bin.resolve("tool"));
        assertTrue(detector.detect(profile("tool")).message().endsWith("tool is a folder, not a program."));
    }

    @Test
    void absoluteAndRelativePathsAreUsedAsTheyAre() throws IOException {
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        Path agent = script(tools, "my agent", "echo 'my-agent 0.4.2'");
        AgentDetection abs = detector.detect(profile(agent.toString()));
        assertEquals("my-agent 0.4.2", abs.version());
        AgentDetection rel = detector.detect(profile("tools/my agent"));
        assertEquals(agent, rel.path(), "relative to the detector's folder, not looked up on PATH");
        assertEquals("my-agent 0.4.2", rel.version());
    }

    @Test
    void aProgramThatHangsIsStoppedWithItsChildrenAfterTheTimeout() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        script(bin, "hangs", "/bin/sleep 300 &\necho $! > '" + pidFile + "'\nwait");
        AgentDetector quick = new AgentDetector(bin.toString(), null, false, tmp, Duration.ofSeconds(1));
        long start = System.nanoTime();
        AgentDetection d = quick.detect(profile("hangs"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(d.found());
        assertFalse(d.hasVersion());
        assertTrue(d.message().contains("“hangs --version” did not answer within 1 s and was stopped"), d.message());
        assertTrue(millis < 4_000, "returned after " + millis + " ms");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(waitGone(child), "the hanging program's child was stopped too");
    }

    /**
     * Whether the process has ended. A killed orphan stays a zombie until PID 1 reaps it (slowly in
     * some containers), and {@link ProcessHandle#isAlive()} counts a zombie as alive: read its state.
     */
    private static boolean waitGone(long pid) throws Exception {
        for (int i = 0; i < 100; i++) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            boolean alive;
            if (Files.isDirectory(Path.of("/proc/self"))) {
                String s = Files.exists(stat) ? readQuietly(stat) : "";
                int close = s.lastIndexOf(')');
                alive = close > 0 && s.length() > close + 2 && "RSDT".indexOf(s.charAt(close + 2)) >= 0;
            } else {
                alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            }
            if (!alive) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void theDefaultTimeoutIsFiveSeconds() {
        assertEquals(Duration.ofSeconds(5), AgentDetector.TIMEOUT);
    }

    @Test
    void garbageIsNotAVersion() throws IOException {
        script(bin, "garbage", "printf '\\377\\376\\001\\002\\033[31mnot a number here\\033[0m\\n\\000\\377\\n'; exit 3");
        AgentDetection d = detector.detect(profile("garbage"));
        assertTrue(d.found());
        assertFalse(d.hasVersion());
        assertEquals("Found " + bin.resolve("garbage") + ", but “garbage --version” printed “not a number here”, "
                + "which holds no version number and exited with code 3.", d.message());

        script(bin, "silent", "exit 0");
        assertTrue(detector.detect(profile("silent")).message().endsWith("“silent --version” printed nothing."));

        script(bin, "flood", "/usr/bin/yes 'no version' | /usr/bin/head -c 5000000; echo 9.9.9");
        AgentDetection flood = detector.detect(profile("flood"));
        assertFalse(flood.hasVersion(), "only the first 64 KB are read: " + flood.message());
        assertTrue(flood.message().contains("printed “no version”"), flood.message());
    }

    @Test
    void stdinIsClosedAndTheProgramLeavesNothingBehind() throws IOException {
        Path seen = tmp.resolve("seen");
        // reads stdin to its end (an open stdin would hang it), then writes into its TMPDIR and reports where it ran
        script(bin, "reader", "cat > /dev/null\necho junk > \"$TMPDIR/litter\"\n"
                + "echo \"$PWD|$TMPDIR|$NO_COLOR|$TERM|$PATH\" > '" + seen + "'\necho 5.0.1");
        AgentDetection d = detector.detect(profile("reader"));
        assertEquals("5.0.1", d.version(), d.message());
        String[] env = Files.readString(seen).strip().split("\\|", -1);
        Path ranIn = Path.of(env[0]);
        assertEquals(env[0], env[1], "its TMPDIR is its own scratch folder");
        assertEquals("1", env[2]);
        assertEquals("dumb", env[3]);
        assertEquals(bin + ":" + other, env[4], "it sees the PATH it was found on");
        assertFalse(Files.exists(ranIn), "the scratch folder, with what it wrote there, is gone");
    }

    @Test
    void aBrokenProgramIsFoundButHasNoVersion() throws IOException {
        // a truncated binary: the JDK hands it to /bin/sh, which fails on it (exit 127)
        Path f = bin.resolve("broken");
        Files.write(f, new byte[]{0x7f, 'E', 'L', 'F', 0, 0, 0});
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentDetection d = detector.detect(profile("broken"));
        assertTrue(d.found());
        assertFalse(d.hasVersion());
        assertTrue(d.message().startsWith("Found " + f + ", but “broken --version” "), d.message());
    }

    @Test
    void withoutVersionArgumentsTheProgramIsOnlyFound() throws IOException {
        script(bin, "agent", "exit 1");
        AgentDetection d = detector.detect("Agent", "agent", List.of(), "");
        assertTrue(d.found());
        assertTrue(d.message().contains("no version arguments set"));
    }

    @Test
    void onWindowsPathExtIsTriedAndNoExecuteBitIsNeeded() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("win"));
        Files.writeString(dir.resolve("codex.CMD"), "@echo 0.46.0");
        Files.writeString(dir.resolve("aider.exe"), "MZ");
        Files.writeString(dir.resolve("notes.txt"), "");
        AgentDetector windows = new AgentDetector("\"" + dir + "\";;C:\\nowhere", ".COM;.EXE;.BAT;.CMD", true, tmp,
                Duration.ofSeconds(5));
        assertEquals(Optional.of(dir.resolve("codex.CMD")), windows.resolve("codex"));
        assertEquals(Optional.of(dir.resolve("aider.exe")), windows.resolve("aider"), "extensions match in any case");
        assertEquals(Optional.of(dir.resolve("codex.CMD")), windows.resolve("codex.CMD"));
        assertEquals(Optional.empty(), windows.resolve("notes"), ".txt is not in PATHEXT");
        assertEquals(Optional.empty(), windows.resolve("gemini"));
    }

    @Test
    void anEmptyPathEntryNeverMeansTheCurrentFolder() throws IOException {
        script(tmp, "agent", "echo 1.0");
        AgentDetector d = new AgentDetector(":" + bin + ":", null, false, tmp, Duration.ofSeconds(5));
        assertEquals(Optional.empty(), d.resolve("agent"));
    }

    @Test
    void outputIsCleanedOfColourAndControlCharacters() {
        assertEquals(List.of("v1.2.3", "x"), AgentDetector.clean("\u001b[32mv1.2.3\u001b[0m\r\n\n\u0007 x \u0000\n"));
        assertEquals(120, AgentDetector.clean("9".repeat(500)).get(0).length());
    }
}
