package dev.lanes.ui.session;

import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.ui.console.ConsoleView;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.List;
import java.util.Locale;

/**
 * A session as a tab: its title shows the name and a status glyph; a console with an input line
 * (or a terminal) shows the process. The context menu stops, restarts, renames, sends it to the
 * background, reveals its worktree or closes it.
 */
final class SessionTab extends Tab {

    private static final List<String> STATUS_CLASSES = java.util.Arrays.stream(SessionStatus.values())
            .map(s -> "status-" + s.name().toLowerCase(Locale.ROOT)).toList();

    private final long id;
    private final Label glyph = new Label();
    private final Label info = new Label();
    private final TextField input = new TextField();
    private final Button send = new Button("Send");
    private final MenuItem stop = new MenuItem("Stop");
    private final MenuItem restart = new MenuItem("Restart");
    private final MenuItem review = new MenuItem("Review…");
    private final SessionsUi owner;
    private ConsoleView console;
    private dev.lanes.ui.agent.AgentView agentView;
    private dev.lanes.model.AgentSession agent;
    private Runnable detach = () -> { };
    private SessionRecord session;
    /** Files of this lane that other lanes change too (a marker beside the glyph), or null. */
    private String overlap;
    private final Label overlapMarker = new Label("⚠");
    private final Tooltip overlapTip = new Tooltip();

    SessionTab(SessionRecord session, SessionsUi owner) {
        this.id = session.id();
        this.owner = owner;
        setId("sessionTab-" + id);
        getStyleClass().add("session-tab");
        glyph.getStyleClass().add("tab-glyph");
        setGraphic(glyph);
        // the marker rides on the glyph's label, so the tab's graphic stays the glyph
        glyph.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        glyph.setGraphicTextGap(3);
        overlapMarker.getStyleClass().add("tab-overlap");
        overlapTip.setShowDelay(javafx.util.Duration.millis(300));
        overlapTip.setWrapText(true);
        overlapTip.setMaxWidth(520);
        overlapMarker.setTooltip(overlapTip);
        setTooltip(new Tooltip());

        MenuItem rename = new MenuItem("Rename…");
        MenuItem background = new MenuItem("Send to Background");
        MenuItem reveal = new MenuItem("Reveal Worktree");
        MenuItem close = new MenuItem("Close");
        stop.setOnAction(e -> owner.stop(this.session));
        restart.setOnAction(e -> owner.restart(this.session));
        rename.setOnAction(e -> owner.rename(this.session));
        background.setOnAction(e -> owner.toBackground(this.session));
        reveal.setOnAction(e -> owner.reveal(this.session));
        close.setOnAction(e -> owner.requestClose(this));
        review.setId("reviewSessionMenuItem");
        review.setOnAction(e -> owner.review(this.session));
        setContextMenu(new ContextMenu(stop, restart, rename, new SeparatorMenuItem(), review, background, reveal,
                new SeparatorMenuItem(), close));
        setOnCloseRequest(e -> {
            e.consume();
            owner.requestClose(this);
        });

        if (session.kind() == SessionKind.COMMAND) {
            showConsole(owner, true);
        }
        update(session);
    }

    /** The output in a console; with an input line for piped sessions. */
    void showConsole(SessionsUi owner, boolean withInput) {
        console = new ConsoleView(owner.consoleLines());
        console.setOnOpenLog(() -> owner.openLog(this.session));
        input.setId("sessionInput");
        input.setPromptText("Type here and press Enter to send it to the program's input");
        HBox.setHgrow(input, Priority.ALWAYS);
        send.setId("sessionSendButton");
        input.setOnAction(e -> sendInput(owner));
        send.setOnAction(e -> sendInput(owner));
        HBox inputBar = new HBox(6, input, send);
        inputBar.setAlignment(Pos.CENTER_LEFT);
        inputBar.setPadding(new Insets(4, 6, 4, 6));
        inputBar.getStyleClass().add("session-input-bar");
        BorderPane content = new BorderPane(console);
        info.getStyleClass().add("session-info");
        info.setPadding(new Insets(3, 8, 3, 8));
        info.setMaxWidth(Double.MAX_VALUE);
        content.setTop(info);
        if (withInput) {
            content.setBottom(inputBar);
        }
        setContent(content);
    }

    private void sendInput(SessionsUi owner) {
        String text = input.getText();
        input.clear();
        owner.send(session, text + "\n");
    }

    /** An agent session: its transcript and a follow-up box, in place of a console. */
    void showAgent(dev.lanes.ui.agent.AgentView view) {
        console = null;
        agentView = view;
        setContent(agentView);
    }

    dev.lanes.ui.agent.AgentView agentView() {
        return agentView;
    }

    /** The agent's activity in the title's glyph, and in its view. */
    void updateAgent(dev.lanes.model.AgentSession a) {
        this.agent = a;
        update(session);
    }

    /** Puts the keyboard in the input line (or the terminal). */
    void focusInput() {
        Node terminal = terminal();
        if (agentView != null) {
            agentView.focusFollowUp();
        } else if (terminal != null) {
            terminal.requestFocus();
        } else if (!input.isDisabled()) {
            input.requestFocus();
        }
    }

    long sessionId() {
        return id;
    }

    SessionRecord session() {
        return session;
    }

    ConsoleView console() {
        return console;
    }

    /** Shows a running terminal session's terminal; the owner creates it. */
    void setTerminal(Node terminal) {
        console = null;
        BorderPane content = new BorderPane(terminal);
        info.getStyleClass().add("session-info");
        info.setPadding(new Insets(3, 8, 3, 8));
        info.setMaxWidth(Double.MAX_VALUE);
        content.setTop(info);
        setContent(content);
    }

    Node terminal() {
        return getContent() instanceof BorderPane b && !(b.getCenter() instanceof ConsoleView) ? b.getCenter() : null;
    }

    private volatile long generation;

    /** A new attachment of the console begins: output of the older ones is ignored. */
    long nextGeneration() {
        return ++generation;
    }

    long generation() {
        return generation;
    }

    void setDetach(Runnable detach) {
        this.detach = detach;
    }

    void detach() {
        detach.run();
        detach = () -> { };
    }

    /** Shows (or, with null, hides) the marker of files other lanes change too; {@code note} names them. */
    void setOverlap(String note) {
        if (java.util.Objects.equals(note, overlap)) {
            return;
        }
        overlap = note;
        glyph.setGraphic(note == null ? null : overlapMarker);
        overlapTip.setText(note == null ? "" : note);
        if (session != null) {
            update(session);
        }
    }

    /** The overlap note the tab shows, or null. */
    String overlap() {
        return overlap;
    }

    /** Refreshes title, glyph, info line and what the menu offers. */
    void update(SessionRecord s) {
        this.session = s;
        setText(s.name());
        glyph.setText(s.status().glyph());
        glyph.getStyleClass().removeAll(STATUS_CLASSES);
        glyph.getStyleClass().add("status-" + s.status().name().toLowerCase(Locale.ROOT));
        boolean live = s.status().isLive();
        stop.setDisable(!live);
        review.setVisible(agent != null && owner.canReview());
        input.setDisable(!live);
        send.setDisable(!live);
        String state = switch (s.status()) {
            case STARTING -> "starting";
            case RUNNING -> "running · pid " + s.pid();
            case EXITED -> "exited 0";
            case FAILED -> s.exitCode() == null ? "could not start" : "failed · exit " + s.exitCode();
            case STOPPED -> "stopped";
            case INTERRUPTED -> "interrupted (Lanes ended while it ran)";
        };
        String where = s.worktree().getFileName() + " · " + oneLine(SessionsUi.describe(s.argv()));
        info.setText(where + "  —  " + state);
        getTooltip().setText(s.name() + "\n" + s.worktree() + "\n" + String.join(" ", s.argv()) + "\n" + state);
        if (agent != null) {
            glyph.setText(agent.activity().glyph());
            glyph.getStyleClass().removeIf(c -> c.startsWith("activity-"));
            glyph.getStyleClass().removeAll(STATUS_CLASSES);
            glyph.getStyleClass().add("activity-" + agent.activity().name().toLowerCase(Locale.ROOT));
            String cost = agent.costUsd() > 0 ? " · " + dev.lanes.ui.agent.AgentView.money(agent.costUsd()) : "";
            getTooltip().setText(s.name() + " — " + agent.activity().label() + cost + "\n" + s.worktree()
                    + (agent.outcome().isEmpty() ? "" : "\n" + agent.outcome()));
            if (agentView != null) {
                agentView.show(agent, live);
            }
        }
        if (overlap != null) {
            getTooltip().setText(getTooltip().getText() + "\n\n⚠ " + overlap);
        }
    }

    /** A command on one line for the header (a script typed over several lines would push the output down). */
    static String oneLine(String command) {
        String line = command.strip().replaceAll("\\s*\\R\\s*", " ⏎ ");
        return line.length() > 160 ? line.substring(0, 159) + "…" : line;
    }
}
