package dev.lanes.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsStoreTest {

    @TempDir
    Path home;

    @Test
    void roundTripsEverySetting() {
        Path repo = home.resolve("repo with ✓ spaces=and:colons");
        try (SettingsStore store = new SettingsStore(home)) {
            Settings s = store.settings();
            s.rememberRepository(Path.of("/a"));
            s.rememberRepository(repo);
            s.rememberRepository(Path.of("/a"));
            s.setWindowBounds(new Settings.WindowBounds(10, 20, 900, 700, true));
            s.setTheme(Settings.Theme.DARK);
            s.setCopyFiles(repo, List.of(".env", "config/local.json"));
            s.setSetupCommand(repo, "npm install && echo \"done\"");
            s.setWorktreesRoot(Path.of("/lanes"));
            s.setConsoleLines(250_000);
        }
        Settings loaded = new SettingsStore(home).settings();
        assertEquals(List.of(Path.of("/a"), repo), loaded.recentRepositories());
        assertEquals(new Settings.WindowBounds(10, 20, 900, 700, true), loaded.windowBounds().orElseThrow());
        assertEquals(Settings.Theme.DARK, loaded.theme());
        assertEquals(List.of(".env", "config/local.json"), loaded.copyFiles(repo));
        assertEquals("npm install && echo \"done\"", loaded.setupCommand(repo));
        assertEquals(Path.of("/lanes"), loaded.worktreesRoot().orElseThrow());
        assertEquals(250_000, loaded.consoleLines());
        assertEquals(List.of(".env"), loaded.copyFiles(Path.of("/other")), "default for a new repository");
    }

    @Test
    void aChangeAfterCloseIsStillSaved() {
        SettingsStore store = new SettingsStore(home);
        store.close();
        store.settings().setTheme(Settings.Theme.DARK);
        assertEquals(Settings.Theme.DARK, new SettingsStore(home).settings().theme());
    }

    @Test
    void recentListIsCapped() {
        try (SettingsStore store = new SettingsStore(home)) {
            for (int i = 0; i < 15; i++) {
                store.settings().rememberRepository(Path.of("/r" + i));
            }
            assertEquals(Settings.RECENT_LIMIT, store.settings().recentRepositories().size());
            assertEquals(Path.of("/r14"), store.settings().lastRepository().orElseThrow());
        }
    }

    @Test
    void savesAfterABurstOfChangesWithoutWaitingForClose() throws Exception {
        SettingsStore store = new SettingsStore(home.resolve("settings.properties"), 50);
        for (int i = 0; i < 100; i++) {
            store.settings().setSidebarWidth(i / 1000.0);
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (!Files.exists(store.file()) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(Files.exists(store.file()));
        deadline = System.currentTimeMillis() + 5000;
        while (new SettingsStore(home).settings().sidebarWidth() != 0.099 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0.099, new SettingsStore(home).settings().sidebarWidth());
        try (var files = Files.list(home)) {
            assertEquals(List.of("settings.properties"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temp file left behind");
        }
        store.close();
    }

    @Test
    void anUnreadableFileIsSetAsideNotOverwritten() throws Exception {
        Path file = home.resolve("settings.properties");
        Files.writeString(file, "theme=DARK\nbroken=\\u12");
        SettingsStore store = new SettingsStore(home);
        assertEquals(Settings.Theme.LIGHT, store.settings().theme());
        assertTrue(Files.exists(home.resolve("settings.properties.broken")));
        assertEquals("theme=DARK\nbroken=\\u12", Files.readString(home.resolve("settings.properties.broken")));
        store.close();
    }

    @Test
    void dataHomeFollowsLanesHomeThenXdgThenTheHomeFolder() {
        String saved = System.clearProperty("lanes.home");
        try {
            assertEquals(Path.of("/custom"), AppDirs.dataHome(Map.of("LANES_HOME", "/custom", "XDG_DATA_HOME", "/x"), "Linux", "/home/p"));
            assertEquals(Path.of("/x/lanes"), AppDirs.dataHome(Map.of("XDG_DATA_HOME", "/x"), "Linux", "/home/p"));
            assertEquals(Path.of("/home/p/.local/share/lanes"), AppDirs.dataHome(Map.of("XDG_DATA_HOME", "relative"), "Linux", "/home/p"));
            assertEquals(Path.of("/home/p/Library/Application Support/Lanes"), AppDirs.dataHome(Map.of(), "Mac OS X", "/home/p"));
            assertEquals(Path.of("C:/Users/p/AppData", "Lanes"), AppDirs.dataHome(Map.of("APPDATA", "C:/Users/p/AppData"), "Windows 11", "/home/p"));
        } finally {
            if (saved != null) {
                System.setProperty("lanes.home", saved);
            }
        }
        assertFalse(AppDirs.dataHome().startsWith(Path.of(System.getProperty("user.home"), ".local")) && System.getenv("LANES_HOME") != null);
    }
}
