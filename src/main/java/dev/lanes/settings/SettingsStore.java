package dev.lanes.settings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loads and saves {@link Settings} as {@code settings.properties} in the data folder. Saves are
 * debounced (many changes in a burst, one write) and atomic (write a temp file, then move it over).
 * A file that cannot be read is set aside as {@code settings.properties.broken}, never overwritten
 * silently.
 */
public final class SettingsStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;
    private final long debounceMillis;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lanes-settings");
        t.setDaemon(true);
        return t;
    });
    private final Settings settings;
    private ScheduledFuture<?> pending;
    private volatile java.util.function.Consumer<String> onError = message -> { };

    public SettingsStore(Path dataHome) {
        this(dataHome.resolve("settings.properties"), 400);
    }

    SettingsStore(Path file, long debounceMillis) {
        this.file = file;
        this.debounceMillis = debounceMillis;
        this.settings = load(file);
        this.settings.setOnChange(s -> scheduleSave());
    }

    public Settings settings() {
        return settings;
    }

    /** Told (on the settings thread) when a save fails, so the person hears of it. */
    public void setOnError(java.util.function.Consumer<String> onError) {
        this.onError = onError;
    }

    public Path file() {
        return file;
    }

    private static Settings load(Path file) {
        Settings s = new Settings();
        if (!Files.exists(file)) {
            return s;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            p.stringPropertyNames().forEach(k -> s.values().put(k, p.getProperty(k)));
        } catch (IOException | IllegalArgumentException e) {
            Path broken = file.resolveSibling(file.getFileName() + ".broken");
            LOG.warn("Settings at {} could not be read; kept as {} and starting fresh", file, broken, e);
            try {
                Files.move(file, broken, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveError) {
                LOG.warn("Could not set the unreadable settings aside", moveError);
            }
        }
        return s;
    }

    private synchronized void scheduleSave() {
        if (pending != null) {
            pending.cancel(false);
        }
        Map<String, String> copy = new TreeMap<>(settings.values());
        if (scheduler.isShutdown()) {
            // a change after close (the window hides after the app stopped): save it at once
            write(copy);
            return;
        }
        pending = scheduler.schedule(() -> write(copy), debounceMillis, TimeUnit.MILLISECONDS);
    }

    /** Writes pending changes now (on exit). */
    public synchronized void flush() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        write(new TreeMap<>(settings.values()));
    }

    private void write(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "settings", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Lanes settings");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.error("Could not save settings to {}", file, e);
            onError.accept("Could not save settings to " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        flush();
        scheduler.shutdownNow();
    }
}
