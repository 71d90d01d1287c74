package dev.lanes.ui.agent;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.StreamJsonOutput;
import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentEvent;
import dev.lanes.model.AgentSession;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An agent session's transcript, rendered from the agent's structured output: the person's
 * prompts, the assistant's prose, each tool call as one compact line (tool and file or command)
 * with its result folded under it (click to unfold; errors in red), and each run's result with
 * cost, turns and duration. Below it, a follow-up box continues the conversation.
 *
 * <p>{@link #append} takes the agent's raw output from any thread (a reader's); it is parsed
 * there, and the entries reach the list in one batch per burst (at most one pending
 * {@code runLater}), never one per line.
 *
 * <p>Stable ids: {@code #agentTranscript}, {@code #agentHeader}, {@code #agentOutcome},
 * {@code #followUpField}, {@code #followUpButton}, {@code #agentStopButton}.
 */
public final class AgentView extends BorderPane {

    private static final String STYLESHEET = Objects.requireNonNull(
            AgentView.class.getResource("agent.css"), "agent.css").toExternalForm();

    /** One row of the transcript. */
    sealed interface Entry {
        record Prompt(String text) implements Entry {
        }

        record Prose(String text) implements Entry {
        }

        record Tool(String id, String tool, String summary, String result, String folded, boolean error,
                    boolean done, boolean open) implements Entry {
            Tool withResult(AgentEvent.ToolResult r, java.util.function.UnaryOperator<String> relative) {
                return new Tool(id, tool, summary, relative.apply(r.text()), relative.apply(r.folded()), r.isError(), true, false);
            }

            Tool toggled() {
                return new Tool(id, tool, summary, result, folded, error, done, !open);
            }
        }

        record Notice(String text, boolean error) implements Entry {
        }

        record Result(String text, boolean error, double costUsd, int turns, long durationMs) implements Entry {
        }
    }

    /** Rows kept; older ones go (the session's log keeps everything). */
    static final int MAX_ENTRIES = 5_000;
    private final ListView<Entry> transcript = new ListView<>();
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    /** Tool calls waiting for their result: row numbers counted from the first row ever (see totalRows). */
    private final Map<String, Long> toolRows = new HashMap<>();
    /** Rows ever added, the ones the cap dropped included. */
    private long totalRows;
    private final ConcurrentLinkedQueue<AgentEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final StreamJsonOutput parser;
    private final Label header = new Label();
    private final Label outcome = new Label();
    private final TextArea followUp = new TextArea();
    private final Button send = new Button("Send");
    private final Button stop = new Button("Stop");
    private int notJsonRun;
    private Consumer<String> onFollowUp = text -> { };
    private Runnable onStop = () -> { };
    private boolean canFollowUp = true;
    /** The worktree the agent runs in: paths inside it are shown relative to it; null: as given. */
    private volatile String root;

    /** A transcript of Claude Code's stream-json. */
    public AgentView() {
        this(false);
    }

    /** A transcript of Codex's {@code exec --json} lines when {@code codex}, else of Claude Code's stream-json. */
    public AgentView(boolean codex) {
        parser = codex ? new StreamJsonOutput(this::offer, new dev.lanes.agent.CodexJsonParser()::parse)
                : new StreamJsonOutput(this::offer);
        getStyleClass().add("agent-view");
        getStylesheets().add(STYLESHEET);
        transcript.setId("agentTranscript");
        transcript.getStyleClass().add("agent-transcript");
        transcript.setItems(entries);
        transcript.setCellFactory(list -> new EntryCell());
        transcript.setFocusTraversable(true);
        transcript.setPlaceholder(new Label("The agent's work shows here as it happens."));

        header.setId("agentHeader");
        header.getStyleClass().add("agent-header");
        header.setMaxWidth(Double.MAX_VALUE);
        outcome.setId("agentOutcome");
        outcome.getStyleClass().add("agent-outcome");
        outcome.setWrapText(true);
        outcome.setMaxWidth(Double.MAX_VALUE);
        outcome.managedProperty().bind(outcome.visibleProperty());
        outcome.setVisible(false);
        VBox top = new VBox(header, outcome);
        top.getStyleClass().add("agent-top");
        setTop(top);
        setCenter(transcript);

        followUp.setId("followUpField");
        followUp.setPromptText("Follow up: another instruction for the same conversation (Ctrl+Enter sends)");
        followUp.setPrefRowCount(2);
        followUp.setWrapText(true);
        HBox.setHgrow(followUp, Priority.ALWAYS);
        followUp.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                e.consume();
                sendFollowUp();
            }
        });
        send.setId("followUpButton");
        send.setDefaultButton(false);
        send.setOnAction(e -> sendFollowUp());
        send.setTooltip(new Tooltip("Continue the conversation (Ctrl+Enter)"));
        stop.setId("agentStopButton");
        stop.setOnAction(e -> onStop.run());
        stop.setTooltip(new Tooltip("Stop the agent and everything it started (Ctrl+.)"));
        VBox buttons = new VBox(4, send, stop);
        buttons.setAlignment(Pos.TOP_CENTER);
        send.setMaxWidth(Double.MAX_VALUE);
        stop.setMaxWidth(Double.MAX_VALUE);
        // a narrow view (the review pane's halves) shrinks the box, never the buttons to "…"
        send.setMinWidth(Region.USE_PREF_SIZE);
        stop.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(6, followUp, buttons);
        bar.setPadding(new Insets(6));
        bar.getStyleClass().add("agent-follow-up-bar");
        setBottom(bar);
        show(null, false);
    }

    /** Agent output (stream-json lines and Lanes' own lines), from any thread. */
    public void append(String text) {
        parser.output(text, false);
    }

    public void setOnFollowUp(Consumer<String> action) {
        this.onFollowUp = action;
    }

    public void setOnStop(Runnable action) {
        this.onStop = action;
    }

    /** Shows paths inside {@code worktree} relative to it ("src/App.java", not its whole path). */
    public void setRoot(java.nio.file.Path worktree) {
        String r = worktree.toAbsolutePath().normalize().toString();
        this.root = r.endsWith(java.io.File.separator) ? r : r + java.io.File.separator;
    }

    private String relative(String text) {
        String r = root;
        return r == null || text.isEmpty() ? text : text.replace(r, "");
    }

    /** Whether this agent can be followed up at all (its profile says). */
    public void setCanFollowUp(boolean can) {
        this.canFollowUp = can;
        followUp.setPromptText(can ? "Follow up: another instruction for the same conversation (Ctrl+Enter sends)"
                : "This agent cannot continue a conversation from the command line.");
    }

    /** Shows where the agent stands; {@code running} is whether its process runs. */
    public void show(AgentSession agent, boolean running) {
        if (agent == null) {
            header.setText("Agent");
            send.setDisable(true);
            stop.setDisable(!running);
            return;
        }
        AgentActivity a = agent.activity();
        StringBuilder h = new StringBuilder();
        h.append(a.glyph()).append(' ').append(a.label());
        if (agent.costUsd() > 0) {
            h.append("  ·  ").append(money(agent.costUsd()));
        }
        if (agent.budgetUsd() != null) {
            h.append(" of ").append(money(agent.budgetUsd())).append(" budget");
        }
        if (!agent.model().isEmpty()) {
            h.append("  ·  ").append(agent.model());
        }
        if (!agent.permissionMode().isEmpty()) {
            h.append("  ·  ").append(agent.permissionMode());
        }
        header.setText(h.toString());
        header.getStyleClass().removeIf(c -> c.startsWith("activity-"));
        header.getStyleClass().add("activity-" + a.name().toLowerCase(Locale.ROOT));
        outcome.setText(agent.outcome());
        outcome.setVisible(!agent.outcome().isEmpty());
        outcome.getStyleClass().removeAll("error");
        if (a == AgentActivity.FAILED) {
            outcome.getStyleClass().add("error");
        }
        send.setDisable(running || !canFollowUp || agent.conversationId().isEmpty());
        followUp.setDisable(running || !canFollowUp);
        stop.setDisable(!running);
    }

    /** US dollars for people: cents above a dollar, four decimals below. */
    public static String money(double usd) {
        return usd >= 0.995 ? String.format(Locale.ROOT, "$%.2f", usd) : String.format(Locale.ROOT, "$%.4f", usd);
    }

    private void sendFollowUp() {
        String text = followUp.getText();
        if (text.isBlank() || send.isDisabled()) {
            return;
        }
        followUp.clear();
        onFollowUp.accept(text.strip());
    }

    /** Puts the keyboard in the follow-up box. */
    public void focusFollowUp() {
        followUp.requestFocus();
    }

    // ------------------------------------------------------------------ events → entries

    private void offer(AgentEvent e) {
        queue.add(e);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<Entry> added = new ArrayList<>();
        boolean atEnd = entries.isEmpty() || isAtEnd();
        AgentEvent e;
        while ((e = queue.poll()) != null) {
            apply(e, added);
        }
        totalRows += added.size();
        if (added.size() > MAX_ENTRIES) {
            added = added.subList(added.size() - MAX_ENTRIES, added.size()); // a flood in one burst
        }
        if (!added.isEmpty()) {
            entries.addAll(added);
            int excess = entries.size() - MAX_ENTRIES;
            if (excess > 0) {
                // an agent that floods: the oldest rows go (the log keeps everything)
                entries.remove(0, excess);
                long firstKept = totalRows - entries.size();
                toolRows.values().removeIf(row -> row < firstKept);
            }
        }
        if (atEnd && !entries.isEmpty()) {
            transcript.scrollTo(entries.size() - 1);
        }
    }

    private boolean isAtEnd() {
        // the list follows the newest entry unless the person scrolled away (any selection also pins it)
        return transcript.getSelectionModel().isEmpty();
    }

    private void apply(AgentEvent e, List<Entry> added) {
        if (!(e instanceof AgentEvent.NotJson)) {
            notJsonRun = 0;
        }
        if (e instanceof AgentEvent.AssistantText t) {
            if (!t.text().isBlank()) {
                added.add(new Entry.Prose(t.text().strip()));
            }
        } else if (e instanceof AgentEvent.ToolCall c) {
            toolRows.put(c.id(), totalRows + added.size());
            added.add(new Entry.Tool(c.id(), c.tool(), relative(c.summary()), "", "", false, false, false));
        } else if (e instanceof AgentEvent.ToolResult r) {
            Long row = toolRows.remove(r.toolUseId());
            if (row == null) {
                added.add(new Entry.Notice("Tool result: " + r.folded(), r.isError()));
            } else if (row >= totalRows) {
                if (added.get((int) (row - totalRows)) instanceof Entry.Tool t) {
                    added.set((int) (row - totalRows), t.withResult(r, this::relative));
                }
            } else {
                int i = (int) (row - (totalRows - entries.size()));
                if (i >= 0 && entries.get(i) instanceof Entry.Tool t) {
                    entries.set(i, t.withResult(r, this::relative));
                }
            }
        } else if (e instanceof AgentEvent.Result r) {
            // on success the result repeats the last prose: the row says "Done" with the figures
            String text = r.isError() ? (r.result().isBlank() ? String.join("; ", r.errors()) : r.result()) : "";
            if ("error_max_budget_usd".equals(r.subtype())) {
                text = "Budget reached. " + text;
            }
            added.add(new Entry.Result(text.strip(), r.isError(), r.totalCostUsd(), r.numTurns(), r.durationMs()));
        } else if (e instanceof AgentEvent.PermissionDenied d) {
            added.add(new Entry.Notice("Permission denied: " + d.tool() + (d.message().isBlank() ? "" : " — " + d.message()), true));
        } else if (e instanceof AgentEvent.ApiRetry r) {
            added.add(new Entry.Notice(String.format(Locale.ROOT, "API error%s; retry %d of %d in %.1f s",
                    r.errorStatus() > 0 ? " " + r.errorStatus() : "", r.attempt(), r.maxRetries(), r.retryDelayMs() / 1000.0), false));
        } else if (e instanceof AgentEvent.Unknown u && AgentSessions.LANES_LINE_TYPE.equals(u.type())) {
            lanesLine(u.line(), added);
        } else if (e instanceof AgentEvent.NotJson n) {
            if (!n.line().isBlank() && notJsonRun++ < 3) {
                String line = n.line().strip();
                added.add(new Entry.Notice(line.length() > 300 ? line.substring(0, 300) + "…" : line, false));
            }
        }
    }

    private static void lanesLine(String line, List<Entry> added) {
        try {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            String text = o.has("text") ? o.get("text").getAsString() : "";
            if ("prompt".equals(o.has("event") ? o.get("event").getAsString() : "")) {
                added.add(new Entry.Prompt(text));
            } else {
                added.add(new Entry.Notice(text, false));
            }
        } catch (RuntimeException ignored) {
            // a damaged line of our own: nothing to show
        }
    }

    /** The entries (for tests). */
    List<Entry> entries() {
        return List.copyOf(entries);
    }

    // ------------------------------------------------------------------ cells

    private final class EntryCell extends ListCell<Entry> {
        private final Label label = new Label();
        private final Label detail = new Label();
        private final VBox box = new VBox(2, label, detail);

        EntryCell() {
            getStyleClass().add("agent-entry");
            label.setWrapText(true);
            detail.setWrapText(true);
            detail.getStyleClass().add("agent-detail");
            label.setMinHeight(Region.USE_PREF_SIZE);
            detail.setMinHeight(Region.USE_PREF_SIZE);
            detail.managedProperty().bind(detail.visibleProperty());
            // wrap at the list's width (never below 200 px: a list not laid out yet has none)
            var wrapWidth = javafx.beans.binding.Bindings.max(200, transcript.widthProperty().subtract(36));
            label.maxWidthProperty().bind(wrapWidth);
            detail.maxWidthProperty().bind(wrapWidth);
            setPrefWidth(0);
            setOnMouseClicked(ev -> {
                if (getItem() instanceof Entry.Tool t && t.done() && !t.result().isEmpty()) {
                    int i = getIndex();
                    if (i >= 0 && i < entries.size()) {
                        entries.set(i, t.toggled());
                    }
                }
            });
        }

        @Override
        protected void updateItem(Entry item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(c -> c.startsWith("entry-"));
            label.getStyleClass().removeAll("error");
            detail.getStyleClass().removeAll("error");
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            detail.setVisible(false);
            if (item instanceof Entry.Prompt p) {
                getStyleClass().add("entry-prompt");
                label.setText("You: " + p.text());
            } else if (item instanceof Entry.Prose p) {
                getStyleClass().add("entry-prose");
                label.setText(p.text());
            } else if (item instanceof Entry.Tool t) {
                getStyleClass().add("entry-tool");
                String mark = !t.done() ? "◌" : t.error() ? "✗" : "✓";
                label.setText(mark + "  " + t.tool() + (t.summary().isEmpty() ? "" : "  " + t.summary()));
                if (t.done() && !t.result().isEmpty()) {
                    detail.setVisible(true);
                    detail.setText(t.open() ? t.result() : "▸ " + t.folded());
                    if (t.error()) {
                        detail.getStyleClass().add("error");
                        label.getStyleClass().add("error");
                    }
                }
            } else if (item instanceof Entry.Notice n) {
                getStyleClass().add("entry-notice");
                label.setText(n.text());
                if (n.error()) {
                    label.getStyleClass().add("error");
                }
            } else if (item instanceof Entry.Result r) {
                getStyleClass().add("entry-result");
                label.setText((r.error() ? "✗ " : "✓ ") + (r.text().isEmpty() ? (r.error() ? "Failed" : "Done") : r.text()));
                if (r.error()) {
                    label.getStyleClass().add("error");
                }
                detail.setVisible(true);
                detail.setText(String.format(Locale.ROOT, "%s  ·  %d turn%s  ·  %.1f s", money(r.costUsd()), r.turns(),
                        r.turns() == 1 ? "" : "s", r.durationMs() / 1000.0));
            }
            setText(null);
            setGraphic(box);
        }
    }
}
