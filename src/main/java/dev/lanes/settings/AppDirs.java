package dev.lanes.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Lanes keeps its own files. {@code LANES_HOME} wins (tests use it); otherwise the platform's
 * data folder: {@code $XDG_DATA_HOME/lanes}, else {@code ~/.local/share/lanes} on Linux,
 * {@code ~/Library/Application Support/Lanes} on macOS, {@code %APPDATA%\Lanes} on Windows.
 */
public final class AppDirs {

    private AppDirs() {
    }

    public static Path dataHome() {
        return dataHome(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home"));
    }

    static Path dataHome(Map<String, String> env, String osName, String userHome) {
        String explicit = System.getProperty("lanes.home", env.get("LANES_HOME"));
        if (notBlank(explicit)) {
            return Path.of(explicit).toAbsolutePath();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win") && notBlank(env.get("APPDATA"))) {
            return Path.of(env.get("APPDATA"), "Lanes");
        }
        if (os.contains("mac")) {
            return Path.of(userHome, "Library", "Application Support", "Lanes");
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (notBlank(xdg) && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "lanes");
        }
        return Path.of(userHome, ".local", "share", "lanes");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
