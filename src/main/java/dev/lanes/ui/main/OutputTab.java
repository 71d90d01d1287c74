package dev.lanes.ui.main;

import dev.lanes.process.ManagedProcess;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tab showing a command's output live (the setup command of a new worktree). Output arrives on a
 * reader thread and is appended in batches: at most one pending {@code runLater} at any time, never
 * one per line. Closing the tab stops the command and everything it started.
 */
final class OutputTab extends Tab {

    private static final int MAX_CHARS = 2_000_000;

    private final TextArea area = new TextArea();
    private final Label glyph = new Label("◌");
    private final StringBuilder pending = new StringBuilder();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile ManagedProcess process;

    OutputTab(String title, String id) {
        super(title);
        setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().add("output-area");
        area.setId(id + "Output");
        glyph.getStyleClass().add("tab-glyph");
        setGraphic(glyph);
        setContent(area);
        setOnClosed(e -> stop());
    }

    /** Called from any thread. */
    void append(String text) {
        synchronized (pending) {
            pending.append(text);
        }
        if (drainScheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        String chunk;
        synchronized (pending) {
            chunk = pending.toString();
            pending.setLength(0);
        }
        if (chunk.isEmpty()) {
            return;
        }
        area.appendText(chunk.replace("\r\n", "\n"));
        int excess = area.getLength() - MAX_CHARS;
        if (excess > 0) {
            area.deleteText(0, excess);
        }
    }

    void attach(ManagedProcess p) {
        this.process = p;
        glyph.setText("●");
        glyph.setStyle("-fx-text-fill: -lanes-accent;");
    }

    /** Marks the end of the command; called on the FX thread. */
    void finished(int exitCode) {
        drain();
        boolean ok = exitCode == 0;
        glyph.setText(ok ? "✓" : "✗");
        glyph.setStyle(ok ? "-fx-text-fill: -lanes-ok;" : "-fx-text-fill: -lanes-danger;");
        area.appendText("\n— " + (ok ? "finished" : "failed with exit code " + exitCode) + " —\n");
    }

    String text() {
        return area.getText();
    }

    void stop() {
        ManagedProcess p = process;
        if (p != null && p.isAlive()) {
            Thread t = new Thread(() -> p.stop(Duration.ofSeconds(3)), "stop-" + p.pid());
            t.setDaemon(true);
            t.start();
        }
    }
}
