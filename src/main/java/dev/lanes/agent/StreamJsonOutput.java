package dev.lanes.agent;

import dev.lanes.model.AgentEvent;
import dev.lanes.process.ProcessOutput;

import java.util.List;
import java.util.function.Consumer;

/**
 * Receives a Claude Code process's output (as a {@link ProcessOutput}): standard output is cut into
 * lines however it arrives in chunks, each line parsed and its events handed to the listener in
 * order, on the process's reader thread. Standard error is kept (its last few kilobytes) for the
 * outcome. It remembers the session id and the last result for {@link ClaudeOutcomes}.
 *
 * <p>A line longer than the limit (no line break for that long: a flood, or not stream-json at all)
 * becomes one {@link AgentEvent.NotJson} holding its beginning; the rest up to the next line break is
 * dropped, so memory stays bounded.
 */
public final class StreamJsonOutput implements ProcessOutput {

    /** Default longest line: far above anything Claude Code prints (a large file read is a few MB). */
    public static final int DEFAULT_MAX_LINE = 64 * 1024 * 1024;
    static final int STDERR_KEEP = 8 * 1024;

    /** Turns one line into events; never throws. */
    private final java.util.function.Function<String, List<AgentEvent>> parser;
    private final Consumer<AgentEvent> listener;
    private final int maxLine;
    private final StringBuilder partial = new StringBuilder();
    private long dropping = -1; // characters dropped from the current over-long line, -1 when not dropping
    private final StringBuilder stderr = new StringBuilder();
    private volatile String sessionId = "";
    private volatile AgentEvent.Result result;
    private volatile boolean finished;

    public StreamJsonOutput(Consumer<AgentEvent> listener) {
        this(listener, DEFAULT_MAX_LINE);
    }

    public StreamJsonOutput(Consumer<AgentEvent> listener, int maxLine) {
        this(listener, maxLine, new ClaudeStreamJsonParser()::parse);
    }

    /** Lines parsed by {@code parser} (Codex's JSON lines, say) instead of as Claude Code's. */
    public StreamJsonOutput(Consumer<AgentEvent> listener, java.util.function.Function<String, List<AgentEvent>> parser) {
        this(listener, DEFAULT_MAX_LINE, parser);
    }

    private StreamJsonOutput(Consumer<AgentEvent> listener, int maxLine,
                             java.util.function.Function<String, List<AgentEvent>> parser) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine " + maxLine);
        }
        this.parser = parser;
        this.listener = listener;
        this.maxLine = maxLine;
    }

    @Override
    public void output(String text, boolean isStderr) {
        if (isStderr) {
            synchronized (stderr) {
                stderr.append(text);
                if (stderr.length() > 2 * STDERR_KEEP) {
                    stderr.delete(0, stderr.length() - STDERR_KEEP);
                }
            }
        } else {
            stdout(text);
        }
    }

    private synchronized void stdout(String text) {
        int from = 0;
        int n = text.length();
        while (from < n) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? n : nl;
            if (dropping >= 0) {
                dropping += end - from;
            } else if (partial.length() + (end - from) > maxLine) {
                partial.append(text, from, Math.min(end, from + ClaudeStreamJsonParser.NOT_JSON_KEEP));
                dropping = end - from;
            } else {
                partial.append(text, from, end);
            }
            if (nl < 0) {
                return;
            }
            endLine();
            from = nl + 1;
        }
    }

    private void endLine() {
        if (dropping >= 0) {
            String head = partial.length() > ClaudeStreamJsonParser.NOT_JSON_KEEP
                    ? partial.substring(0, ClaudeStreamJsonParser.NOT_JSON_KEEP) : partial.toString();
            deliver(List.of(new AgentEvent.NotJson(head + "… (a line over " + maxLine + " characters, cut)")));
            dropping = -1;
        } else {
            deliver(parser.apply(partial.toString()));
        }
        partial.setLength(0);
    }

    private void deliver(List<AgentEvent> events) {
        for (AgentEvent e : events) {
            if (e instanceof AgentEvent.Init init && !init.sessionId().isEmpty()) {
                sessionId = init.sessionId();
            } else if (e instanceof AgentEvent.Result r) {
                result = r;
                if (!r.sessionId().isEmpty()) {
                    sessionId = r.sessionId();
                }
            }
            listener.accept(e);
        }
    }

    /** The output ended: a last line without a line break is parsed now. Call once the process has exited. */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (partial.length() > 0 || dropping >= 0) {
            endLine();
        }
    }

    /** The session id from init or the result, empty before either arrived. */
    public String sessionId() {
        return sessionId;
    }

    /** The last result event, or null. */
    public AgentEvent.Result result() {
        return result;
    }

    /** The last few kilobytes of standard error. */
    public String stderrTail() {
        synchronized (stderr) {
            return stderr.length() > STDERR_KEEP ? stderr.substring(stderr.length() - STDERR_KEEP) : stderr.toString();
        }
    }
}
