package dev.lanes.ui.session;

import dev.lanes.model.SessionRecord;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;

/** One line of the Tasks panel: a background session, refreshed on the FX thread. */
public final class TaskRow {

    private final long id;
    private final ReadOnlyObjectWrapper<SessionRecord> session = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastLine = new ReadOnlyStringWrapper("");

    TaskRow(SessionRecord record) {
        this.id = record.id();
        update(record);
    }

    public long id() {
        return id;
    }

    void update(SessionRecord record) {
        session.set(record);
        tick(Instant.now());
    }

    /** Recomputes the elapsed time (once a second for running tasks). */
    void tick(Instant now) {
        SessionRecord s = session.get();
        if (s.startedAt() == null) {
            elapsed.set("");
            return;
        }
        Instant end = s.status().isLive() ? now : s.endedAt() != null ? s.endedAt() : now;
        elapsed.set(format(Duration.between(s.startedAt(), end)));
    }

    void setLastLine(String line) {
        lastLine.set(line == null ? "" : line);
    }

    static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h " + String.format("%02d", (s % 3600) / 60) + "m";
    }

    public SessionRecord session() {
        return session.get();
    }

    public ReadOnlyObjectProperty<SessionRecord> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty elapsedProperty() {
        return elapsed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastLineProperty() {
        return lastLine.getReadOnlyProperty();
    }
}
