package dev.lanes.ui.session;

import dev.lanes.session.SessionManager;

import java.util.function.Consumer;

/**
 * Live output that arrives before a view has shown the history is held back, so the view always
 * shows history first, then live output, in order.
 */
final class GatedOutput implements SessionManager.Output {

    private final Consumer<String> sink;
    private StringBuilder held = new StringBuilder();

    GatedOutput(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void output(String text, boolean stderr) {
        if (held != null) {
            held.append(text);
        } else {
            sink.accept(text);
        }
    }

    /** Shows {@code history}, then what was held, then lets live output through. */
    synchronized void open(String history) {
        sink.accept(history);
        sink.accept(held.toString());
        held = null;
    }
}
