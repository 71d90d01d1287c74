package dev.lanes.ui.session;

import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.model.Worktree;
import dev.lanes.platform.Desktop;
import dev.lanes.process.ShellCommand;
import dev.lanes.session.SessionManager;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.terminal.TerminalView;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sessions of the open repository in the main window: tabs for foreground sessions, rows of
 * the Tasks panel for background ones. Session changes arrive from any thread and are applied on
 * the FX thread in one batch (one pending {@code runLater} at most).
 */
public final class SessionsUi {

    /** What the main window does for the sessions. */
    public interface Host {
        Window window();

        void revealWorktree(Path worktree);

        void showStatus(String message, String kind);

        /** The set of sessions or one's state changed: the tree and counts follow. */
        void sessionsChanged();
    }

    private final SessionManager manager;
    private final dev.lanes.agent.AgentSessions agents;
    private final Map<Long, dev.lanes.model.AgentSession> pendingAgents = new ConcurrentHashMap<>();
    private final Map<Long, dev.lanes.model.AgentSession> knownAgents = new HashMap<>();
    private final ReadOnlyIntegerWrapper waiting = new ReadOnlyIntegerWrapper();
    private final javafx.beans.property.ReadOnlyStringWrapper costText = new javafx.beans.property.ReadOnlyStringWrapper("");
    private final UiTasks tasks;
    private final Desktop desktop;
    private final TabPane tabPane;
    private final java.util.function.Supplier<TasksPanel> tasksPanelFactory;
    /** Built on first need: most windows never show a task, and a table costs start-up time. */
    private TasksPanel tasksPanel;
    private final Host host;
    private final java.util.function.IntSupplier consoleLines;
    private final Map<Long, SessionTab> tabs = new HashMap<>();
    private final Map<Long, TerminalView> terminals = new HashMap<>();
    /** Transcripts of sessions shown outside their tabs (the review pane), by session id. */
    private final Map<Long, List<dev.lanes.ui.agent.AgentView>> transcripts = new HashMap<>();
    private java.util.function.Consumer<SessionRecord> onReview;
    private final Map<Long, SessionRecord> known = new LinkedHashMap<>();
    private final Map<Long, SessionRecord> pending = new ConcurrentHashMap<>();
    private final Set<Long> pendingRemoved = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper();
    private RepositoryInfo repository;
    /** Worktree folder → what its files share with other lanes (the tabs' overlap markers). */
    private Map<Path, String> overlapNotes = Map.of();

    public SessionsUi(SessionManager manager, dev.lanes.agent.AgentSessions agents, UiTasks tasks, Desktop desktop,
                      TabPane tabPane,
                      java.util.function.Supplier<TasksPanel> tasksPanel, Host host,
                      java.util.function.IntSupplier consoleLines) {
        this.consoleLines = consoleLines;
        this.manager = manager;
        this.agents = agents;
        agents.addListener((agent, session) -> {
            pendingAgents.put(agent.sessionId(), agent);
            scheduleDrain();
        });
        this.tasks = tasks;
        this.desktop = desktop;
        this.tabPane = tabPane;
        this.tasksPanelFactory = tasksPanel;
        this.host = host;
        manager.addListener(new SessionManager.Listener() {
            @Override
            public void changed(SessionRecord session) {
                pending.put(session.id(), session);
                scheduleDrain();
            }

            @Override
            public void removed(long id) {
                pendingRemoved.add(id);
                scheduleDrain();
            }
        });
    }

    /** The Tasks panel, built (and wired) the first time a task needs it. */
    public TasksPanel tasksPanel() {
        if (tasksPanel != null) {
            return tasksPanel;
        }
        tasksPanel = tasksPanelFactory.get();
        tasksPanel.setActions(new TasksPanel.Actions() {
            @Override
            public void showOutput(SessionRecord task) {
                toForeground(task);
            }

            @Override
            public void stop(SessionRecord task) {
                SessionsUi.this.stop(task);
            }

            @Override
            public void restart(SessionRecord task) {
                SessionsUi.this.restart(task);
            }

            @Override
            public void remove(SessionRecord task) {
                close(task);
            }
        });
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> tasksPanel.tick(manager::lastLineIfRunning)));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
        return tasksPanel;
    }

    /** True when the open repository has background tasks. */
    public boolean hasTasks() {
        return tasksPanel != null && !tasksPanel.rows().isEmpty();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        for (Long id : List.copyOf(pendingRemoved)) {
            pendingRemoved.remove(id);
            pending.remove(id);
            forget(id);
        }
        List<SessionRecord> batch = new ArrayList<>(pending.values());
        batch.forEach(s -> pending.remove(s.id(), s));
        batch.sort(Comparator.comparingLong(SessionRecord::id));
        batch.forEach(this::apply);
        List<dev.lanes.model.AgentSession> agentBatch = new ArrayList<>(pendingAgents.values());
        agentBatch.forEach(a -> pendingAgents.remove(a.sessionId(), a));
        agentBatch.forEach(this::applyAgent);
        if (!batch.isEmpty() || !agentBatch.isEmpty()) {
            countRunning();
            host.sessionsChanged();
        }
    }

    /** An agent session's activity, cost or outcome changed: its tab, the counts, a notification. */
    private void applyAgent(dev.lanes.model.AgentSession a) {
        SessionRecord s = known.get(a.sessionId());
        if (s == null) {
            return; // another repository's, or not shown yet (the session's own change brings it)
        }
        dev.lanes.model.AgentSession before = knownAgents.put(a.sessionId(), a);
        SessionTab tab = tabs.get(a.sessionId());
        if (tab != null) {
            if (s.kind() == SessionKind.COMMAND && tab.agentView() == null && hasTranscript(a)) {
                tab.detach();
                openAgentView(tab, s);
            }
            tab.updateAgent(a);
        }
        updateTranscripts(a.sessionId());
        if (before != null && before.activity() != a.activity()) {
            agentNotice(s, a);
        }
        countAgents();
    }

    private void countAgents() {
        int w = 0;
        double cost = 0;
        for (dev.lanes.model.AgentSession a : knownAgents.values()) {
            if (!known.containsKey(a.sessionId())) {
                continue;
            }
            if (a.activity() == dev.lanes.model.AgentActivity.WAITING) {
                w++;
            }
            cost += a.costUsd();
        }
        waiting.set(w);
        costText.set(cost > 0 ? "Σ " + dev.lanes.ui.agent.AgentView.money(cost) : "");
    }

    /** A desktop notification when an agent starts waiting or ends, unless the person is looking at it. */
    private void agentNotice(SessionRecord s, dev.lanes.model.AgentSession a) {
        dev.lanes.model.AgentActivity act = a.activity();
        if (act != dev.lanes.model.AgentActivity.WAITING && act != dev.lanes.model.AgentActivity.DONE
                && act != dev.lanes.model.AgentActivity.FAILED) {
            return;
        }
        String what = s.name() + " in " + s.worktree().getFileName();
        String text = switch (act) {
            case WAITING -> what + " is waiting for you.";
            case DONE -> what + " is done" + (a.costUsd() > 0 ? " (" + dev.lanes.ui.agent.AgentView.money(a.costUsd()) + ")." : ".");
            default -> what + " failed: " + a.outcome();
        };
        host.showStatus(text, act == dev.lanes.model.AgentActivity.FAILED ? "error" : null);
        Window w = host.window();
        SessionTab tab = tabs.get(s.id());
        boolean looking = w != null && w.isFocused() && tab != null && tab.isSelected();
        if (!looking && w != null && w.isShowing() && !"Stopped.".equals(a.outcome())) {
            Notifications n = Notifications.create().title(act.glyph() + " " + s.name() + " " + act.label())
                    .text(text).owner(w).hideAfter(Duration.seconds(6));
            if (act == dev.lanes.model.AgentActivity.FAILED) {
                n.showError();
            } else {
                n.showInformation();
            }
        }
    }

    /** The agent side of a session of the open repository, or null. */
    public dev.lanes.model.AgentSession agentOf(long id) {
        return knownAgents.get(id);
    }

    /** How many agent sessions of the open repository wait for the person. */
    public ReadOnlyIntegerProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    /** What the open repository's agents have cost, for the status bar ("" when nothing). */
    public javafx.beans.property.ReadOnlyStringProperty costTextProperty() {
        return costText.getReadOnlyProperty();
    }

    /** Shows the sessions of {@code repo} (tabs and tasks of another repository go away; their processes go on). */
    public void showRepository(RepositoryInfo repo) {
        if (repo.equals(repository)) {
            return;
        }
        for (SessionTab tab : List.copyOf(tabs.values())) {
            tab.detach();
            tabPane.getTabs().remove(tab);
        }
        tabs.clear();
        known.clear();
        knownAgents.clear();
        countAgents();
        if (tasksPanel != null) {
            tasksPanel.clear();
        }
        repository = repo;
        tasks.run("Reading sessions", () -> {
            List<dev.lanes.model.AgentSession> loaded = agents.load(repo.root());
            return java.util.Map.entry(manager.sessions(repo.root()), loaded);
        }, found -> {
            if (repo.equals(repository)) {
                found.getValue().forEach(a -> knownAgents.put(a.sessionId(), a));
                found.getKey().forEach(this::apply);
                found.getValue().forEach(this::applyAgent);
                countRunning();
                host.sessionsChanged();
            }
        });
    }

    private java.util.function.Predicate<SessionRecord> shownElsewhere = s -> false;
    /** Sessions shown elsewhere whose tab the person opened all the same. */
    private final java.util.Set<Long> openedHere = new java.util.HashSet<>();

    private void apply(SessionRecord s) {
        if (repository == null || !s.repository().equals(repository.root())) {
            return;
        }
        SessionRecord before = known.put(s.id(), s);
        if (s.background()) {
            SessionTab tab = tabs.remove(s.id());
            if (tab != null) {
                tab.detach();
                tabPane.getTabs().remove(tab);
            }
            tasksPanel().put(s);
            if (!s.status().isLive() && (before == null || before.status().isLive() || !before.background())) {
                fetchLastLine(s);
            }
        } else {
            if (tasksPanel != null) {
                tasksPanel.remove(s.id());
            }
            SessionTab tab = tabs.get(s.id());
            if (tab == null && shownElsewhere.test(s) && !openedHere.contains(s.id())) {
                // a reviewer's or an investigator's session: its view shows it; a tab opens on demand (select)
            } else {
                if (tab == null) {
                    tab = openTab(s);
                } else if (s.kind() == SessionKind.TERMINAL) {
                    showTerminalOrLog(tab, s);
                }
                tab.update(s);
            }
        }
        updateTranscripts(s.id());
        if (before != null && before.status().isLive() && !s.status().isLive()) {
            ended(s);
        }
    }

    /** The last line of an ended task, from the end of its log (off the FX thread). */
    private void fetchLastLine(SessionRecord s) {
        tasks.run("Reading the last line", () -> manager.lastLine(s.id()), line -> tasksPanel().setLastLine(s.id(), line), e -> { });
    }

    private void forget(long id) {
        known.remove(id);
        knownAgents.remove(id);
        countAgents();
        TerminalView terminal = terminals.remove(id);
        if (terminal != null) {
            terminal.dispose();
        }
        SessionTab tab = tabs.remove(id);
        if (tab != null) {
            tab.detach();
            tabPane.getTabs().remove(tab);
        }
        if (tasksPanel != null) {
            tasksPanel.remove(id);
        }
        countRunning();
        host.sessionsChanged();
    }

    private SessionTab openTab(SessionRecord s) {
        SessionTab tab = new SessionTab(s, this);
        tab.setOverlap(overlapNote(s.worktree()));
        tabs.put(s.id(), tab);
        tabPane.getTabs().add(tab);
        if (s.kind() == SessionKind.TERMINAL) {
            showTerminalOrLog(tab, s);
            return tab;
        }
        java.util.Optional<dev.lanes.model.AgentSession> agent = agents.agent(s.id());
        if (agent.isPresent() && hasTranscript(agent.get())) {
            openAgentView(tab, s);
            tab.updateAgent(agent.get());
            return tab;
        }
        attachConsole(tab, s);
        agent.ifPresent(tab::updateAgent);
        return tab;
    }

    /** An agent session's transcript, rebuilt from its log, then live. */
    private void openAgentView(SessionTab tab, SessionRecord s) {
        dev.lanes.ui.agent.AgentView view = newAgentView(s);
        tab.showAgent(view);
        attachTranscript(view, s, tab::setDetach);
    }

    /** A transcript view of agent session {@code s}, its follow-up box and Stop acting on the session. */
    private dev.lanes.ui.agent.AgentView newAgentView(SessionRecord s) {
        long id = s.id();
        dev.lanes.model.AgentProfile profile = profileOf(agents.agent(id).map(dev.lanes.model.AgentSession::profileId).orElse(""));
        dev.lanes.ui.agent.AgentView view = new dev.lanes.ui.agent.AgentView(
                profile != null && profile.output() == dev.lanes.model.AgentProfile.OutputFormat.CODEX_JSON);
        view.setOnFollowUp(text -> followUp(known.getOrDefault(id, s), text));
        view.setOnStop(() -> stop(known.getOrDefault(id, s)));
        view.setCanFollowUp(profile != null && profile.canFollowUp());
        view.setRoot(s.worktree());
        return view;
    }

    /** Feeds the session's log, then its live output, to {@code view}; {@code detach} gets what stops that. */
    private void attachTranscript(dev.lanes.ui.agent.AgentView view, SessionRecord s, java.util.function.Consumer<Runnable> detach) {
        GatedOutput gate = new GatedOutput(view::append);
        tasks.run("Reading the transcript of " + s.name(), () -> manager.attach(s.id(), gate), attachment -> {
            gate.open(attachment.history());
            detach.accept(attachment.detach());
        }, e -> host.showStatus("Could not read the transcript: " + Dialogs.message(e), "error"));
    }

    /** A live transcript shown outside its session's tab; {@code close} stops feeding it. */
    public record Transcript(dev.lanes.ui.agent.AgentView view, Runnable close) {
    }

    /**
     * A live transcript of agent session {@code s} of the open repository to show elsewhere than its
     * tab (the review pane): the same view its tab shows, with the follow-up box and Stop.
     */
    public Transcript transcript(SessionRecord s) {
        dev.lanes.ui.agent.AgentView view = newAgentView(s);
        transcripts.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(view);
        AtomicBoolean closed = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Runnable> detach = new java.util.concurrent.atomic.AtomicReference<>(() -> { });
        attachTranscript(view, s, d -> {
            if (closed.get()) {
                d.run(); // closed while its history was read
            } else {
                detach.set(d);
            }
        });
        SessionRecord now = known.getOrDefault(s.id(), s);
        dev.lanes.model.AgentSession a = knownAgents.get(s.id());
        view.show(a != null ? a : agents.agent(s.id()).orElse(null), now.status().isLive());
        return new Transcript(view, () -> {
            if (closed.compareAndSet(false, true)) {
                List<dev.lanes.ui.agent.AgentView> views = transcripts.get(s.id());
                if (views != null && views.remove(view) && views.isEmpty()) {
                    transcripts.remove(s.id());
                }
                detach.get().run();
            }
        });
    }

    private void updateTranscripts(long id) {
        List<dev.lanes.ui.agent.AgentView> views = transcripts.get(id);
        SessionRecord s = known.get(id);
        dev.lanes.model.AgentSession a = knownAgents.get(id);
        if (views != null && s != null && a != null) {
            views.forEach(v -> v.show(a, s.status().isLive()));
        }
    }

    /** What "Review…" on an agent session's tab does (none: the item is not offered). */
    public void setOnReview(java.util.function.Consumer<SessionRecord> action) {
        this.onReview = action;
        tabs.values().forEach(t -> t.update(t.session()));
    }

    boolean canReview() {
        return onReview != null;
    }

    void review(SessionRecord s) {
        if (onReview != null) {
            onReview.accept(s);
        }
    }

    /** The session of the selected tab, if a session's tab is selected. */
    public java.util.Optional<SessionRecord> selectedSession() {
        return tabPane.getSelectionModel().getSelectedItem() instanceof SessionTab st
                ? java.util.Optional.of(st.session()) : java.util.Optional.empty();
    }

    /** The agent sessions of the open repository that run in {@code worktree}, oldest first. */
    public List<SessionRecord> agentSessionsIn(Path worktree) {
        return sessionsIn(worktree).stream().filter(s -> knownAgents.containsKey(s.id())).toList();
    }

    /**
     * Whether Lanes renders this agent's output as a transcript (Claude Code's stream-json);
     * other agents' output shows in a console, as it comes.
     */
    private boolean hasTranscript(dev.lanes.model.AgentSession a) {
        dev.lanes.model.AgentProfile p = profileOf(a.profileId());
        return p == null || p.output() == dev.lanes.model.AgentProfile.OutputFormat.CLAUDE_STREAM_JSON
                || p.output() == dev.lanes.model.AgentProfile.OutputFormat.CODEX_JSON;
    }

    /** The profile with that id as it is now (edited or custom), else the shipped one, else null. */
    private dev.lanes.model.AgentProfile profileOf(String id) {
        return profiles.get().stream().filter(p -> p.id().equals(id)).findFirst()
                .or(() -> dev.lanes.agent.BuiltInProfiles.all().stream().filter(p -> p.id().equals(id)).findFirst())
                .orElse(null);
    }

    /** The profiles offered for new agents. */
    java.util.function.Supplier<List<dev.lanes.model.AgentProfile>> profiles = dev.lanes.agent.BuiltInProfiles::all;

    private dev.lanes.agent.AgentDetector detector;

    /** Finds agents' programs for the New Agent dialog (none: it does not look). */
    public void setDetector(dev.lanes.agent.AgentDetector detector) {
        this.detector = detector;
    }

    /** Replaces the profiles offered (the effective, edited list once profiles are editable; tests). */
    public void setProfiles(java.util.function.Supplier<List<dev.lanes.model.AgentProfile>> supplier) {
        this.profiles = supplier;
    }

    /** Asks for an agent (profile, worktree, prompt, limits) and starts it. */
    public void newAgent(List<Worktree> worktrees, Worktree selected) {
        RepositoryInfo repo = repository;
        if (repo == null) {
            host.showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        dev.lanes.ui.agent.NewAgentDialog dialog = new dev.lanes.ui.agent.NewAgentDialog(host.window(), profiles.get(),
                worktrees, selected, detector == null ? null
                : (p, answer) -> tasks.run("Looking for " + p.name(), () -> detector.detect(p), answer, e -> { }));
        dialog.showAndWait().ifPresent(r -> startAgent(new dev.lanes.agent.AgentSessions.Request(repo.root(),
                r.worktree().path(), r.name(), r.profile(), r.prompt(), r.model(), r.permissionMode(), r.budgetUsd(),
                r.maxTurns())));
    }

    /** Starts an agent session; on failure it stays, marked failed, with the reason. */
    public void startAgent(dev.lanes.agent.AgentSessions.Request request) {
        tasks.run("Starting " + request.name(), () -> agents.start(request), started -> {
            SessionTab tab = tabs.get(started.id());
            if (tab != null) {
                tabPane.getSelectionModel().select(tab);
            }
        }, e -> {
            host.showStatus(request.name() + " could not start: " + Dialogs.message(e), "error");
            Dialogs.error(host.window(), "Could not start " + request.name(), e);
        });
    }

    void followUp(SessionRecord s, String prompt) {
        dev.lanes.model.AgentSession a = knownAgents.get(s.id());
        dev.lanes.model.AgentProfile p = a == null ? null : profileOf(a.profileId());
        if (p == null) {
            host.showStatus("The agent profile of " + s.name() + " is gone; it cannot be followed up.", "error");
            return;
        }
        tasks.run("Following up " + s.name(), () -> agents.followUp(s.id(), p, prompt), r -> { },
                e -> host.showStatus(s.name() + ": " + Dialogs.message(e), "error"));
    }

    /**
     * A running terminal session shows its terminal (the same view when it comes back from the
     * background, a new one after a restart); an ended one shows its log in a console.
     */
    private void showTerminalOrLog(SessionTab tab, SessionRecord s) {
        java.util.Optional<dev.lanes.process.PtySession> pty = manager.terminal(s.id());
        TerminalView view = terminals.get(s.id());
        if (pty.isPresent()) {
            if (view == null || view.session() != pty.get()) {
                if (view != null) {
                    view.dispose();
                }
                view = new TerminalView(pty.get());
                terminals.put(s.id(), view);
            }
            if (tab.terminal() != view) {
                tab.setTerminal(view);
                Platform.runLater(view::requestFocus);
            }
        } else if (view == null && tab.console() == null) {
            tab.showConsole(this, false);
            attachConsole(tab, s);
        }
    }

    private void attachConsole(SessionTab tab, SessionRecord s) {
        dev.lanes.ui.console.ConsoleView console = tab.console();
        long generation = tab.nextGeneration();
        // output of an earlier attachment still in flight after a reload is dropped, not repeated
        GatedOutput gate = new GatedOutput(text -> {
            if (tab.generation() == generation) {
                console.append(text);
            }
        });
        console.setOnReload(() -> {
            tab.detach();
            attachConsole(tab, s);
        });
        tasks.run("Reading the output of " + s.name(), () -> {
            SessionManager.Attachment attachment = manager.attach(s.id(), gate);
            // the history (up to 4 MB) is parsed here, off the FX thread: tens of milliseconds
            gate.open(attachment.history());
            return attachment;
        }, attachment -> tab.setDetach(attachment.detach()),
                e -> tab.console().append("(could not read the output: " + Dialogs.message(e) + ")\n"));
    }

    private void ended(SessionRecord s) {
        boolean ok = s.status() == SessionStatus.EXITED;
        String what = (s.background() ? "Task " : "Session ") + s.name() + " in " + s.worktree().getFileName();
        String result = switch (s.status()) {
            case EXITED -> "passed (exit 0)";
            case FAILED -> s.exitCode() == null ? "could not start" : "failed (exit " + s.exitCode() + ")";
            case STOPPED -> "was stopped";
            default -> s.status().label();
        };
        host.showStatus(what + " " + result + ".", ok || s.status() == SessionStatus.STOPPED ? null : "error");
        Window w = host.window();
        boolean away = w == null || !w.isFocused();
        if ((s.background() || away) && s.status() != SessionStatus.STOPPED && w != null && w.isShowing()) {
            Notifications n = Notifications.create().title(ok ? "✓ " + s.name() + " passed" : "✗ " + s.name() + " " + result)
                    .text(what + " " + result + ".").owner(w).hideAfter(Duration.seconds(6));
            if (ok) {
                n.showInformation();
            } else {
                n.showError();
            }
        }
    }

    private void countRunning() {
        running.set((int) known.values().stream().filter(s -> s.status().isLive()).count());
    }

    /**
     * After a crash (or a kill) of Lanes: marks what was running as interrupted, and offers to end
     * the processes it left behind.
     */
    public void recoverLastRun() {
        tasks.run("Checking the last run", manager::recover, recovery -> {
            int n = recovery.interrupted().size();
            if (n > 0) {
                host.showStatus(n + (n == 1 ? " session was" : " sessions were")
                        + " running when Lanes last ended; marked interrupted, their logs are kept.", "warning");
            }
            if (recovery.survivors().isEmpty()) {
                return;
            }
            List<String> lines = recovery.survivors().stream()
                    .map(s -> s.name() + "  —  " + s.worktree().getFileName() + "  (pid " + s.pid() + ")").toList();
            javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING);
            Dialogs.prepare(alert, host.window(), "survivorsDialog");
            alert.setTitle("Lanes");
            alert.setHeaderText(lines.size() == 1 ? "A process from the last run is still running"
                    : lines.size() + " processes from the last run are still running");
            alert.getDialogPane().setContent(Dialogs.fileListContent(
                    "Lanes ended while these sessions ran, and their processes outlived it. End them (and everything they started)?",
                    lines));
            javafx.scene.control.ButtonType end = new javafx.scene.control.ButtonType("End Them",
                    javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
            javafx.scene.control.ButtonType leave = new javafx.scene.control.ButtonType("Leave Running",
                    javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
            alert.getButtonTypes().setAll(end, leave);
            alert.getDialogPane().lookupButton(end).setId("endSurvivorsButton");
            if (alert.showAndWait().filter(b -> b == end).isPresent()) {
                tasks.run("Ending processes of the last run", () -> {
                    manager.endSurvivors(recovery.survivors());
                    return recovery.survivors().size();
                }, count -> host.showStatus("Ended " + count + (count == 1 ? " process" : " processes") + " of the last run.", null));
            }
        });
    }

    /** How many sessions run, in every repository (for the quit question). */
    public int runningEverywhere() {
        return manager.runningCount();
    }

    // ------------------------------------------------------------------ actions

    /** Asks for a session (or a task) and starts it. */
    public void newSession(List<Worktree> worktrees, Worktree selected, boolean background) {
        RepositoryInfo repo = repository;
        if (repo == null) {
            host.showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        String shell = ShellCommand.loginShell();
        NewSessionDialog dialog = new NewSessionDialog(host.window(), worktrees, selected, background, shell);
        dialog.showAndWait().ifPresent(request -> {
            List<String> argv = request.command().isBlank() ? List.of(shell) : ShellCommand.argv(request.command());
            start(repo, request.worktree().path(), request.name(), request.kind(), argv, request.background(),
                    request.resources());
        });
    }

    /** Creates and starts a session; on failure it stays, marked failed, with the reason in its log. */
    public void start(RepositoryInfo repo, Path worktree, String name, SessionKind kind, List<String> argv, boolean background) {
        start(repo, worktree, name, kind, argv, background, List.of());
    }

    /**
     * As {@link #start(RepositoryInfo, Path, String, SessionKind, List, boolean)}, holding named
     * {@code resources} while it runs (it waits for them first, see {@code LaneResources}).
     */
    public void start(RepositoryInfo repo, Path worktree, String name, SessionKind kind, List<String> argv, boolean background,
                      List<String> resources) {
        tasks.run("Starting " + name, () -> {
            SessionRecord s = manager.create(repo.root(), worktree, name, kind, argv, background);
            if (!resources.isEmpty()) {
                manager.holdResources(s.id(), resources);
            }
            return manager.start(s.id());
        }, started -> {
            SessionTab tab = tabs.get(started.id());
            if (tab != null) {
                tabPane.getSelectionModel().select(tab);
                Platform.runLater(tab::focusInput);
            }
        }, e -> {
            host.showStatus(name + " could not start: " + Dialogs.message(e), "error");
            Dialogs.error(host.window(), "Could not start " + name, e);
        });
    }

    void stop(SessionRecord s) {
        tasks.run("Stopping " + s.name(), () -> {
            manager.stop(s.id());
            return s;
        }, done -> { });
    }

    void restart(SessionRecord s) {
        dev.lanes.model.AgentSession a = knownAgents.get(s.id());
        if (a != null) {
            dev.lanes.model.AgentProfile p = profileOf(a.profileId());
            if (p != null && p.mode() == dev.lanes.model.AgentProfile.Mode.INTERACTIVE) {
                tasks.run("Resuming " + s.name(), () -> {
                    if (manager.isRunning(s.id())) {
                        manager.stop(s.id());
                    }
                    return agents.resumeInteractive(s.id(), p);
                }, r -> { }, e -> Dialogs.error(host.window(), "Could not resume " + s.name(), e));
            } else {
                host.showStatus("To go on with " + s.name() + ", send a follow-up: it continues the same conversation.", null);
            }
            return;
        }
        tasks.run("Restarting " + s.name(), () -> manager.restart(s.id()), started -> { },
                e -> Dialogs.error(host.window(), "Could not restart " + s.name(), e));
    }

    void rename(SessionRecord s) {
        TextInputDialog dialog = new TextInputDialog(s.name());
        Dialogs.prepare(dialog, host.window(), "renameSessionDialog");
        dialog.setTitle("Rename");
        dialog.setHeaderText("Rename session");
        dialog.setContentText("Name:");
        dialog.showAndWait().map(String::strip).filter(n -> !n.isEmpty() && !n.equals(s.name()))
                .ifPresent(name -> tasks.run("Renaming", () -> manager.rename(s.id(), name), r -> { }));
    }

    /** Moves a session's tab to the Tasks panel; the process goes on. */
    public void toBackground(SessionRecord s) {
        tasks.run("Sending " + s.name() + " to the background", () -> manager.setBackground(s.id(), true), r -> { });
    }

    /** Brings a task back to a tab (with its whole output). */
    public void toForeground(SessionRecord s) {
        tasks.run("Bringing back " + s.name(), () -> manager.setBackground(s.id(), false), r -> Platform.runLater(() -> {
            SessionTab tab = tabs.get(r.id());
            if (tab != null) {
                tabPane.getSelectionModel().select(tab);
            }
        }));
    }

    /** The selected tab's session to the background (Ctrl+B). */
    public void selectedToBackground() {
        Tab tab = tabPane.getSelectionModel().getSelectedItem();
        if (tab instanceof SessionTab st) {
            toBackground(st.session());
        }
    }

    /** Stops the selected tab's session. */
    public void stopSelected() {
        Tab tab = tabPane.getSelectionModel().getSelectedItem();
        if (tab instanceof SessionTab st && st.session().status().isLive()) {
            stop(st.session());
        }
    }

    void requestClose(SessionTab tab) {
        close(tab.session());
    }

    /** Closes a session: confirms first when it runs; its record and log go. */
    void close(SessionRecord s) {
        if (s.status().isLive() && !Dialogs.confirm(host.window(), "closeSessionDialog", "Stop " + s.name() + "?",
                s.name() + " is still running. Closing it stops it and everything it started, and deletes its output log.",
                "Stop and Close", true)) {
            return;
        }
        tasks.run("Closing " + s.name(), () -> {
            manager.close(s.id());
            return s;
        }, done -> { });
    }

    void send(SessionRecord s, String text) {
        tasks.run("Sending input", () -> {
            manager.send(s.id(), text);
            return s;
        }, done -> { }, e -> host.showStatus(Dialogs.message(e), "error"));
    }

    /** Lines a new console keeps in memory (the Preferences setting). */
    int consoleLines() {
        return consoleLines.getAsInt();
    }

    void openLog(SessionRecord s) {
        tasks.run("Opening the log", () -> {
            desktop.openFile(s.logFile());
            return s;
        }, done -> { });
    }

    void reveal(SessionRecord s) {
        host.revealWorktree(s.worktree());
    }

    // ------------------------------------------------------------------ queries for the window

    /**
     * The sessions of the open repository by worktree folder (absolute, normalised), each oldest first: one pass,
     * for the views that want every lane's sessions at once (the tree, the dashboard).
     */
    public Map<Path, List<SessionRecord>> sessionsByWorktree() {
        Map<Path, List<SessionRecord>> by = new HashMap<>();
        for (SessionRecord s : known.values()) {
            by.computeIfAbsent(s.worktree().toAbsolutePath().normalize(), k -> new ArrayList<>()).add(s);
        }
        return by;
    }

    /** Sessions of the open repository that run in {@code worktree}, oldest first. */
    public List<SessionRecord> sessionsIn(Path worktree) {
        Path w = worktree.toAbsolutePath().normalize();
        return known.values().stream().filter(s -> s.worktree().toAbsolutePath().normalize().equals(w)).toList();
    }

    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /**
     * Marks the tabs of lanes whose files other lanes change too: worktree folder → the files and the other lanes,
     * for the marker's tooltip. Lanes not in the map lose their marker.
     */
    public void markOverlaps(Map<Path, String> notes) {
        Map<Path, String> normalised = new HashMap<>();
        notes.forEach((k, v) -> normalised.put(k.toAbsolutePath().normalize(), v));
        overlapNotes = normalised;
        tabs.values().forEach(t -> t.setOverlap(overlapNote(t.session().worktree())));
    }

    private String overlapNote(Path worktree) {
        return overlapNotes.get(worktree.toAbsolutePath().normalize());
    }

    /** Selects the newest tab of a session in {@code worktree} (a running one first); false when it has none. */
    public boolean selectIn(Path worktree) {
        return sessionsIn(worktree).stream().filter(s -> tabs.containsKey(s.id()))
                .max(Comparator.comparing((SessionRecord s) -> s.status().isLive()).thenComparingLong(SessionRecord::id))
                .map(s -> {
                    select(s.id());
                    return true;
                }).orElse(false);
    }

    /** Stops every running session in {@code worktree} (their whole process trees); returns how many. */
    public int stopIn(Path worktree) {
        List<SessionRecord> live = sessionsIn(worktree).stream().filter(s -> s.status().isLive()).toList();
        live.forEach(this::stop);
        return live.size();
    }

    /**
     * Sessions that get no tab of their own unless asked for ({@link #select}): a view shows them
     * already (the reviewer in the review pane, the questions of an investigation in its tab).
     */
    public void setShownElsewhere(java.util.function.Predicate<SessionRecord> shownElsewhere) {
        this.shownElsewhere = java.util.Objects.requireNonNull(shownElsewhere);
    }

    /** Selects a session's tab (opening it for a session shown elsewhere), or its row in the Tasks panel. */
    public void select(long id) {
        SessionTab tab = tabs.get(id);
        SessionRecord known = this.known.get(id);
        if (tab == null && known != null && !known.background() && openedHere.add(id)) {
            apply(known);
            tab = tabs.get(id);
        }
        if (tab != null) {
            tabPane.getSelectionModel().select(tab);
        }
    }

    static String describe(List<String> argv) {
        if (argv.size() >= 3 && (argv.get(argv.size() - 2).equals("-c") || argv.get(argv.size() - 2).equals("/c"))) {
            return argv.get(argv.size() - 1);
        }
        return String.join(" ", argv);
    }
}
