package dev.lanes.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DesktopTest {

    @TempDir
    Path tmp;

    @Test
    void picksTheFirstKnownTerminalWithItsWorkingDirectoryFlag() {
        Desktop konsoleOnly = new Desktop("Linux", Map.of(), name -> name.equals("konsole") ? Path.of("/usr/bin/konsole") : null);
        assertEquals(List.of("/usr/bin/konsole", "--workdir", "/w/it's here"), konsoleOnly.terminalCommand(Path.of("/w/it's here")));
        Desktop custom = new Desktop("Linux", Map.of("TERMINAL", "myterm"), name -> Path.of("/opt/" + name));
        assertEquals(List.of("/opt/myterm"), custom.terminalCommand(Path.of("/w")));
        Desktop mac = new Desktop("Mac OS X", Map.of(), name -> null);
        assertEquals(List.of("open", "-a", "Terminal", "/w"), mac.terminalCommand(Path.of("/w")));
    }

    @Test
    void noTerminalIsAClearError() {
        Desktop none = new Desktop("Linux", Map.of(), name -> null);
        Desktop.DesktopException e = assertThrows(Desktop.DesktopException.class, () -> none.terminalCommand(tmp));
        assertTrue(e.getMessage().contains("No terminal program was found"));
    }

    @Test
    void opensATerminalInTheFolder() throws Exception {
        Path marker = tmp.resolve("cwd.txt");
        Path term = tmp.resolve("fake-term");
        Files.writeString(term, "#!/bin/sh\npwd > '" + marker + "'\n");
        Files.setPosixFilePermissions(term, PosixFilePermissions.fromString("rwx------"));
        Path folder = Files.createDirectories(tmp.resolve("work tree ✓"));
        new Desktop("Linux", Map.of("TERMINAL", term.toString()), Desktop::findOnPath).openTerminal(folder);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(marker) && Files.size(marker) > 0) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(folder.toRealPath().toString(), Files.readString(marker).strip());
    }

    @Test
    void aMissingFolderIsAClearError() {
        Desktop d = new Desktop("Linux", Map.of(), name -> Path.of("/bin/true"));
        Desktop.DesktopException e = assertThrows(Desktop.DesktopException.class, () -> d.openFolder(tmp.resolve("gone")));
        assertTrue(e.getMessage().contains("does not exist"));
    }
}
