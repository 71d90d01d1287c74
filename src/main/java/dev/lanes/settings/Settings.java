package dev.lanes.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The person's preferences. A plain object (no JavaFX): change it through its setters, and its
 * listener (the {@link SettingsStore}) schedules a save.
 */
public final class Settings {

    public static final int RECENT_LIMIT = 10;

    public enum Theme { LIGHT, DARK }

    /** Window geometry; {@code null} fields mean "not known yet". */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private Consumer<Settings> onChange = s -> { };

    Map<String, String> values() {
        return values;
    }

    void setOnChange(Consumer<Settings> onChange) {
        this.onChange = onChange;
    }

    private void put(String key, String value) {
        String old = value == null ? values.remove(key) : values.put(key, value);
        if (!java.util.Objects.equals(old, value)) {
            onChange.accept(this);
        }
    }

    private String get(String key) {
        return values.get(key);
    }

    // --------------------------------------------------------------- repositories

    public Optional<Path> lastRepository() {
        List<Path> recent = recentRepositories();
        return recent.isEmpty() ? Optional.empty() : Optional.of(recent.get(0));
    }

    public List<Path> recentRepositories() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < RECENT_LIMIT; i++) {
            String v = get("recent." + i);
            if (v != null) {
                out.add(Path.of(v));
            }
        }
        return out;
    }

    /** Puts {@code repo} first in the recent list. */
    public void rememberRepository(Path repo) {
        List<Path> recent = new ArrayList<>(recentRepositories());
        recent.remove(repo);
        recent.add(0, repo);
        setRecent(recent);
    }

    public void forgetRepository(Path repo) {
        List<Path> recent = new ArrayList<>(recentRepositories());
        if (recent.remove(repo)) {
            setRecent(recent);
        }
    }

    private void setRecent(List<Path> recent) {
        for (int i = 0; i < RECENT_LIMIT; i++) {
            values.remove("recent." + i);
        }
        for (int i = 0; i < Math.min(RECENT_LIMIT, recent.size()); i++) {
            values.put("recent." + i, recent.get(i).toString());
        }
        onChange.accept(this);
    }

    // --------------------------------------------------------------- window

    public Optional<WindowBounds> windowBounds() {
        try {
            String w = get("window.width");
            if (w == null) {
                return Optional.empty();
            }
            return Optional.of(new WindowBounds(Double.parseDouble(get("window.x")), Double.parseDouble(get("window.y")),
                    Double.parseDouble(w), Double.parseDouble(get("window.height")),
                    Boolean.parseBoolean(get("window.maximized"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void setWindowBounds(WindowBounds b) {
        values.put("window.x", Double.toString(b.x()));
        values.put("window.y", Double.toString(b.y()));
        values.put("window.width", Double.toString(b.width()));
        values.put("window.height", Double.toString(b.height()));
        values.put("window.maximized", Boolean.toString(b.maximized()));
        onChange.accept(this);
    }

    public double sidebarWidth() {
        return parseDouble(get("window.sidebar"), 0.3);
    }

    public void setSidebarWidth(double fraction) {
        put("window.sidebar", Double.toString(fraction));
    }

    // --------------------------------------------------------------- look

    public Theme theme() {
        try {
            return Theme.valueOf(values.getOrDefault("theme", Theme.LIGHT.name()));
        } catch (IllegalArgumentException e) {
            return Theme.LIGHT;
        }
    }

    public void setTheme(Theme theme) {
        put("theme", theme.name());
    }

    // --------------------------------------------------------------- consoles

    public static final int DEFAULT_CONSOLE_LINES = 100_000;

    /** Lines a console keeps in memory (the full output stays in the session's log). */
    public int consoleLines() {
        try {
            int n = Integer.parseInt(values.getOrDefault("console.lines", Integer.toString(DEFAULT_CONSOLE_LINES)));
            return Math.max(1_000, Math.min(n, 10_000_000));
        } catch (NumberFormatException e) {
            return DEFAULT_CONSOLE_LINES;
        }
    }

    public void setConsoleLines(int lines) {
        put("console.lines", Integer.toString(lines));
    }

    // --------------------------------------------------------------- worktrees

    /** A folder under which all new worktrees go ({@code <root>/<repo>/<name>}); empty: beside the repository. */
    public Optional<Path> worktreesRoot() {
        String v = get("worktrees.root");
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
    }

    public void setWorktreesRoot(Path root) {
        put("worktrees.root", root == null ? null : root.toString());
    }

    /** Untracked files copied into each new worktree of this repository, e.g. ".env". */
    public List<String> copyFiles(Path repo) {
        String v = get("repo." + repo + ".copyFiles");
        if (v == null) {
            return List.of(".env");
        }
        return splitList(v);
    }

    public void setCopyFiles(Path repo, List<String> files) {
        put("repo." + repo + ".copyFiles", String.join(", ", files));
    }

    /** Command run in each new worktree of this repository; empty for none. */
    public String setupCommand(Path repo) {
        return values.getOrDefault("repo." + repo + ".setupCommand", "");
    }

    public void setSetupCommand(Path repo, String command) {
        put("repo." + repo + ".setupCommand", command == null ? "" : command);
    }

    public static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split("[,\\n]")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static double parseDouble(String s, double fallback) {
        try {
            return s == null ? fallback : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
