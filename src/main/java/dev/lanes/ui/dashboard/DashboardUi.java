package dev.lanes.ui.dashboard;

import dev.lanes.AppServices;
import dev.lanes.coordinate.CoordinationSnapshot;
import dev.lanes.coordinate.Coordinator;
import dev.lanes.coordinate.LaneDiffs;
import dev.lanes.coordinate.LaneReport;
import dev.lanes.coordinate.UnifiedDiff;
import dev.lanes.git.GitService;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.session.SessionsUi;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Window;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Coordination in the main window: checks the lanes (overlaps, scopes, conflict forecasts) off the FX thread as
 * they change — after each refresh of the worktrees, when a session starts or ends or an agent's activity changes
 * (settled for a moment, so a burst makes one check), and every {@link #PERIOD} while sessions run — one check at a
 * time, the latest request winning. Shows the results in the dashboard tab, as markers on the session tabs of lanes
 * that share files, and (through the host) in the tree; opens a lane's diff; asks for and keeps lanes' scopes.
 */
public final class DashboardUi {

    /** While sessions run, the lanes are checked this often (their agents edit files without telling Lanes). */
    public static final Duration PERIOD = Duration.seconds(10);
    /** Session news is let settle this long before the check it asks for. */
    static final Duration SETTLE = Duration.millis(400);

    private static final Logger LOG = LoggerFactory.getLogger(DashboardUi.class);

    /** What the main window does for the dashboard. */
    public interface Host {
        Window window();

        RepositoryInfo repository();

        void showStatus(String message, String kind);

        /** Reads the worktrees again; {@link #coordinate} follows. */
        void refresh();

        /** As {@link #refresh()}, for a refresh the person did not ask for: not shown as busy. */
        default void refreshQuietly() {
            refresh();
        }

        /** The window's merge flow for the lane in {@code folder}. */
        void merge(Path folder);

        /** The lanes were checked: the tree and the status bar follow. */
        void coordinated();
    }

    private final AppServices services;
    private final UiTasks tasks;
    private final TabPane tabs;
    private final SessionsUi sessions;
    private final Host host;
    private final Consumer<Path> review;
    private final LaneDiffs diffs;
    private final LaneMonitor monitor;
    private final Map<Path, DiffTab> diffTabs = new HashMap<>();
    private final PauseTransition settle = new PauseTransition(SETTLE);
    private final Timeline ticker = new Timeline(new KeyFrame(PERIOD, e -> tick()));
    private Coordinator coordinator;
    private Tab dashboardTab;
    private DashboardView dashboard;
    private boolean closed;

    private record DiffTab(Tab tab, DiffView view) {
    }

    /**
     * @param review starts a review of the lane in a folder; {@code null}: no review (the action is disabled)
     */
    public DashboardUi(AppServices services, UiTasks tasks, TabPane tabs, SessionsUi sessions, Host host, Consumer<Path> review) {
        // a session taking or waiting for a named resource shows in its lane's status at once
        services.sessions().resources().addListener(() -> javafx.application.Platform.runLater(() -> {
            if (!closed) {
                sessionsChanged();
            }
        }));
        this.services = services;
        this.tasks = tasks;
        this.tabs = tabs;
        this.sessions = sessions;
        this.host = host;
        this.review = review;
        this.diffs = new LaneDiffs(services.git());
        this.monitor = new LaneMonitor(tasks, this::check, host::repository, this::checked);
        settle.setOnFinished(e -> {
            if (live()) {
                host.refreshQuietly();
            }
        });
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    // ------------------------------------------------------------------ checking the lanes

    /** Checks the lanes of this listing (after the one that runs, if one does). */
    public void coordinate(RepositorySnapshot snapshot) {
        if (!closed) {
            monitor.request(snapshot);
        }
    }

    /** On a background thread: the stored scopes, then the coordinator's check. */
    private CoordinationSnapshot check(RepositoryInfo repo) {
        Map<Path, List<String>> scopes;
        try {
            scopes = services.store().get().laneScopes(repo.root());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the lanes' scopes: {}", e.toString());
            scopes = Map.of();
        }
        return coordinator().refresh(repo, null, scopes);
    }

    private synchronized Coordinator coordinator() {
        if (coordinator == null) {
            coordinator = new Coordinator(services.git());
        }
        return coordinator;
    }

    private void checked(LaneMonitor.Result result) {
        host.coordinated();
        sessions.markOverlaps(result.overlapNotes());
        if (dashboard != null) {
            dashboard.setRows(withSessions(result.rows()), result.coordination() == null ? null : result.coordination().takenAt());
        }
    }

    /** The rows with their sessions as they are now (cheap: a look-up per lane). */
    private List<LaneRow> withSessions(List<LaneRow> rows) {
        dev.lanes.lane.LaneResources resources = services.sessions().resources();
        Map<Path, List<dev.lanes.model.SessionRecord>> byWorktree = sessions.sessionsByWorktree();
        return rows.stream().map(r -> r.withSessions(LaneRow.Sessions.of(
                byWorktree.getOrDefault(r.path().toAbsolutePath().normalize(), List.of()), sessions::agentOf,
                resources))).toList();
    }

    /** Sessions started, ended or changed: the dashboard shows it now, and the lanes are checked once it settles. */
    public void sessionsChanged() {
        LaneMonitor.Result latest = monitor.latest();
        if (dashboard != null && latest != null) {
            dashboard.setRows(withSessions(latest.rows()), null);
        }
        if (host.repository() != null && !closed) {
            settle.playFromStart();
        }
    }

    /** Whether checks still make sense: not closed, the window showing, a repository open. */
    private boolean live() {
        Window w = host.window();
        return !closed && w != null && w.isShowing() && host.repository() != null;
    }

    private void tick() {
        if (live() && sessions.runningProperty().get() > 0 && !monitor.isRunning()) {
            host.refreshQuietly();
        }
    }

    /** The last check, or null. */
    public CoordinationSnapshot coordination() {
        LaneMonitor.Result r = monitor.latest();
        return r == null ? null : r.coordination();
    }

    /** The last check's report of the lane in {@code folder}. */
    public Optional<LaneReport> laneReport(Path folder) {
        CoordinationSnapshot c = coordination();
        return c == null ? Optional.empty() : c.lane(folder);
    }

    /** The files the lane in {@code folder} shares with other lanes → those lanes' names (empty: none, or not checked). */
    public Map<String, List<String>> sharedFiles(Path folder) {
        LaneMonitor.Result r = monitor.latest();
        return r == null ? Map.of() : r.rows().stream().filter(x -> x.samePath(folder)).findFirst()
                .map(LaneRow::shared).orElse(Map.of());
    }

    // ------------------------------------------------------------------ the dashboard tab

    /** Opens (or selects) the dashboard tab, and checks the lanes again. */
    public void openDashboard() {
        if (dashboardTab == null) {
            dashboard = new DashboardView(new RowActions(), review != null);
            dashboardTab = new Tab("Dashboard", dashboard);
            dashboardTab.setId("dashboardTab");
            dashboardTab.setOnClosed(e -> {
                dashboardTab = null;
                dashboard = null;
            });
            tabs.getTabs().add(dashboardTab);
            LaneMonitor.Result latest = monitor.latest();
            if (latest != null) {
                dashboard.setRows(withSessions(latest.rows()),
                        latest.coordination() == null ? null : latest.coordination().takenAt());
            }
        }
        tabs.getSelectionModel().select(dashboardTab);
        host.refresh();
    }

    /** The dashboard, or null when its tab is closed. */
    public DashboardView dashboard() {
        return dashboard;
    }

    private final class RowActions implements DashboardView.Actions {
        @Override
        public void open(LaneRow lane) {
            if (!sessions.selectIn(lane.path())) {
                host.showStatus(lane.name() + " has no session tab.", null);
            }
        }

        @Override
        public void stop(LaneRow lane) {
            int n = sessions.stopIn(lane.path());
            host.showStatus(n == 0 ? "Nothing runs in " + lane.name() + "."
                    : "Stopping " + n + (n == 1 ? " session" : " sessions") + " in " + lane.name() + ".", null);
        }

        @Override
        public void review(LaneRow lane) {
            if (review != null) {
                review.accept(lane.path());
            }
        }

        @Override
        public void merge(LaneRow lane) {
            host.merge(lane.path());
        }

        @Override
        public void showDiff(LaneRow lane) {
            DashboardUi.this.showDiff(lane.path());
        }

        @Override
        public void setScope(LaneRow lane) {
            DashboardUi.this.setScope(lane.path());
        }

        @Override
        public void refresh() {
            host.refresh();
        }
    }

    // ------------------------------------------------------------------ diff

    /** Opens (or refreshes) a tab with the unified diff of the lane in {@code folder}. */
    public void showDiff(Path folder) {
        RepositoryInfo repo = host.repository();
        if (repo == null) {
            return;
        }
        Path key = folder.toAbsolutePath().normalize();
        DiffTab open = diffTabs.get(key);
        if (open == null) {
            String name = String.valueOf(folder.getFileName());
            DiffView view = new DiffView("Changes of " + name, () -> readDiff(repo, folder, diffTabs.get(key)));
            Tab tab = new Tab("Diff · " + name, view);
            tab.setId("diffTab-" + name);
            tab.setOnClosed(e -> diffTabs.remove(key));
            open = new DiffTab(tab, view);
            diffTabs.put(key, open);
            tabs.getTabs().add(tab);
        }
        tabs.getSelectionModel().select(open.tab());
        readDiff(repo, folder, open);
    }

    private void readDiff(RepositoryInfo repo, Path folder, DiffTab tab) {
        if (tab == null) {
            return;
        }
        tasks.run("Reading the diff of " + folder.getFileName(), () -> diffs.diff(repo, folder, null, UnifiedDiff.LINE_LIMIT),
                tab.view()::show, e -> tab.view().fail("Could not read the changes: " + Dialogs.message(e)));
    }

    // ------------------------------------------------------------------ scope

    /** Asks for the scope of the lane in {@code folder} and keeps it; the lanes are checked again. */
    public void setScope(Path folder) {
        RepositoryInfo repo = host.repository();
        if (repo == null) {
            return;
        }
        String name = String.valueOf(folder.getFileName());
        tasks.run("Reading the scope of " + name, () -> services.store().get().laneScopes(repo.root()).entrySet().stream()
                .filter(e -> GitService.samePath(e.getKey(), folder)).map(Map.Entry::getValue).findFirst().orElse(List.of()), current ->
                new ScopeDialog(host.window(), name, current).showAndWait().ifPresent(globs -> tasks.run("Saving the scope of " + name, () -> {
                    services.store().get().saveLaneScope(repo.root(), folder, globs);
                    return globs;
                }, saved -> {
                    host.showStatus(saved.isEmpty() ? name + " has no scope now."
                            : "Scope of " + name + ": " + String.join(", ", saved) + ". Changes outside it are flagged.", null);
                    host.refresh();
                })));
    }

    /** Stops the checks and closes the coordinator; the window is closing. */
    public void close() {
        closed = true;
        ticker.stop();
        settle.stop();
        Coordinator c;
        synchronized (this) {
            c = coordinator;
            coordinator = null;
        }
        if (c != null) {
            c.close();
        }
    }
}
