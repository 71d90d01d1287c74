package dev.lanes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {

    @TempDir
    Path tmp;

    @Test
    void pty4jUnpacksIntoTheDataHomeUnlessToldOtherwise() {
        String before = System.getProperty("pty4j.tmpdir");
        try {
            System.clearProperty("pty4j.tmpdir");
            Launcher.usePty4jFolder(tmp.resolve("home"));
            assertEquals(tmp.resolve("home/pty4j").toString(), System.getProperty("pty4j.tmpdir"));
            assertTrue(Files.isDirectory(tmp.resolve("home/pty4j")));

            System.setProperty("pty4j.tmpdir", tmp.resolve("chosen").toString());
            Launcher.usePty4jFolder(tmp.resolve("home"));
            assertEquals(tmp.resolve("chosen").toString(), System.getProperty("pty4j.tmpdir"));
            assertTrue(Files.isDirectory(tmp.resolve("chosen")));
        } finally {
            if (before == null) {
                System.clearProperty("pty4j.tmpdir");
            } else {
                System.setProperty("pty4j.tmpdir", before);
            }
        }
    }
}
