package dev.lanes.ui.main;

import dev.lanes.AppServices;
import dev.lanes.git.DirtyWorktreeException;
import dev.lanes.git.GitService;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.CreatedWorktree;
import dev.lanes.model.MergeOutcome;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.Worktree;
import dev.lanes.model.WorktreeView;
import dev.lanes.process.ShellCommand;
import dev.lanes.settings.Settings;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.settings.AgentsPage;
import dev.lanes.ui.settings.PreferencesDialog;
import dev.lanes.ui.session.SessionsUi;
import dev.lanes.ui.session.TasksPanel;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.ui.worktree.MergeDialog;
import dev.lanes.ui.worktree.NewWorktreeDialog;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The main window: worktree tree on the left, session tabs in the middle, status bar below. Every
 * git or disk operation goes through {@link UiTasks}; this class only wires results into controls.
 */
public final class MainController {

    @FXML private BorderPane rootPane;
    @FXML private Menu recentMenu;
    @FXML private CheckMenuItem darkThemeMenuItem;
    @FXML private MenuItem newWorktreeMenuItem;
    @FXML private MenuItem mergeMenuItem;
    @FXML private MenuItem removeWorktreeMenuItem;
    @FXML private MenuItem openFolderMenuItem;
    @FXML private MenuItem openTerminalMenuItem;
    @FXML private MenuItem copyPathMenuItem;
    @FXML private MenuItem unlockMenuItem;
    @FXML private MenuItem pruneMenuItem;
    @FXML private MenuItem refreshMenuItem;
    @FXML private Button newWorktreeButton;
    @FXML private Button mergeButton;
    @FXML private Button removeWorktreeButton;
    @FXML private Button openFolderButton;
    @FXML private Button openTerminalButton;
    @FXML private Button refreshButton;
    @FXML private Label repositoryLabel;
    @FXML private SplitPane splitPane;
    @FXML private TreeView<TreeNode> worktreeTree;
    @FXML private Label treePlaceholder;
    @FXML private TabPane sessionTabs;
    @FXML private VBox emptyState;
    @FXML private Label emptyTitle;
    @FXML private Label emptyText;
    @FXML private HBox emptyActions;
    @FXML private VBox recentList;
    @FXML private Label emptyShortcuts;
    @FXML private Label statusMessage;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Label busyLabel;
    @FXML private Label summaryLabel;
    @FXML private Label runningLabel;
    @FXML private Label waitingLabel;
    @FXML private Label costLabel;
    @FXML private Button newAgentButton;
    @FXML private Button fanoutButton;
    @FXML private MenuItem fanoutMenuItem;
    @FXML private MenuItem newAgentMenuItem;
    @FXML private MenuItem reviewMenuItem;
    @FXML private Button dashboardButton;
    @FXML private MenuItem dashboardMenuItem;
    @FXML private MenuItem showDiffMenuItem;
    @FXML private MenuItem setScopeMenuItem;
    @FXML private SplitPane centerSplit;
    @FXML private MenuItem investigateMenuItem;
    @FXML private MenuItem pipelineMenuItem;
    @FXML private MenuItem samePromptMenuItem;
    private dev.lanes.ui.investigate.InvestigateUi investigateUi;
    private dev.lanes.ui.pipeline.PipelineUi pipelineUi;
    private dev.lanes.ui.compare.CompareUi compareUi;

    @FXML private CheckMenuItem showTasksMenuItem;
    @FXML private CheckMenuItem showNotesMenuItem;
    private dev.lanes.ui.notes.NotesPane notesPane;
    @FXML private Button newSessionButton;
    @FXML private MenuItem newSessionMenuItem;
    @FXML private MenuItem newTaskMenuItem;

    private final AppServices services;
    private final GitService git;
    private final Settings settings;
    private final UiTasks tasks;
    private final ObjectProperty<RepositoryInfo> repository = new SimpleObjectProperty<>();
    private final ObjectProperty<RepositorySnapshot> snapshot = new SimpleObjectProperty<>();
    private boolean refreshRunning;
    private boolean refreshAgain;
    private Path selectAfterRefresh;
    private long lastRefresh;
    private SessionsUi sessionsUi;
    private dev.lanes.ui.fanout.FanoutUi fanoutUi;
    private dev.lanes.ui.review.ReviewUi reviewUi;
    /** Overlap and conflict checks of the lanes, the dashboard, lane diffs and scopes. */
    private dev.lanes.ui.dashboard.DashboardUi dashboardUi;

    public MainController(AppServices services) {
        this.services = services;
        this.git = services.git();
        this.settings = services.settingsStore().settings();
        this.tasks = new UiTasks(services.tasks(), this::reportError);
    }

    @FXML
    private void initialize() {
        ContextMenu worktreeMenu = new ContextMenu(
                item("Review…", this::reviewWorktree, "reviewWorktreeMenuItem"), new SeparatorMenuItem(), item("Merge…", this::merge), item("Remove…", this::removeWorktree), new SeparatorMenuItem(),
                item("Open Folder", this::openFolder), item("Open Terminal Here", this::openTerminal),
                item("Copy Path", this::copyPath), new SeparatorMenuItem(), item("Show Diff", this::showDiff),
                item("Set Scope…", this::setScope), new SeparatorMenuItem(), item("Unlock", this::unlock));
        ContextMenu repositoryMenu = new ContextMenu(
                item("New Worktree…", this::newWorktree), item("Review…", this::reviewWorktree, "reviewRepositoryMenuItem"),
                new SeparatorMenuItem(),
                item("Open Folder", this::openFolder), item("Open Terminal Here", this::openTerminal),
                item("Copy Path", this::copyPath), new SeparatorMenuItem(),
                item("Prune Stale Entries", this::prune), item("Refresh", this::refresh));
        worktreeTree.setCellFactory(tv -> {
            WorktreeCell cell = new WorktreeCell(worktreeMenu, repositoryMenu);
            cell.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && cell.getItem() instanceof TreeNode.SessionNode node) {
                    if (node.session().background()) {
                        sessionsUi.toForeground(node.session());
                    } else {
                        sessionsUi.select(node.session().id());
                    }
                }
            });
            return cell;
        });
        worktreeTree.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && !e.isShortcutDown()) {
                removeWorktree();
                e.consume();
            }
        });

        BooleanBinding noRepo = repository.isNull();
        BooleanBinding noLane = Bindings.createBooleanBinding(() -> selectedLane().isEmpty(),
                worktreeTree.getSelectionModel().selectedItemProperty(), snapshot);
        for (var control : List.of(newWorktreeButton, openFolderButton, openTerminalButton, refreshButton)) {
            control.disableProperty().bind(noRepo);
        }
        for (var item : List.of(newWorktreeMenuItem, openFolderMenuItem, openTerminalMenuItem, copyPathMenuItem,
                pruneMenuItem, refreshMenuItem)) {
            item.disableProperty().bind(noRepo);
        }
        mergeButton.disableProperty().bind(noLane);
        removeWorktreeButton.disableProperty().bind(noLane);
        mergeMenuItem.disableProperty().bind(noLane);
        removeWorktreeMenuItem.disableProperty().bind(noLane);
        unlockMenuItem.disableProperty().bind(Bindings.createBooleanBinding(
                () -> selectedLane().map(v -> !v.worktree().isLocked()).orElse(true),
                worktreeTree.getSelectionModel().selectedItemProperty(), snapshot));

        treePlaceholder.visibleProperty().bind(noRepo);
        sessionsUi = new SessionsUi(services.sessions(), services.agents(), tasks, services.desktop(), sessionTabs, () -> {
            TasksPanel panel = new TasksPanel();
            panel.newTaskButton().setOnAction(e -> newTask());
            panel.hideButton().setOnAction(e -> setTasksVisible(false));
            return panel;
        }, new SessionsUi.Host() {
            @Override
            public Window window() {
                return MainController.this.window();
            }

            @Override
            public void revealWorktree(Path worktree) {
                selectWorktree(worktree);
            }

            @Override
            public void showStatus(String message, String kind) {
                MainController.this.showStatus(message, kind);
            }

            @Override
            public void sessionsChanged() {
                dashboardUi.sessionsChanged();
                if (snapshot.get() != null) {
                    applySnapshot(snapshot.get());
                }
                if (sessionsUi.hasTasks() && !showTasksMenuItem.isSelected()) {
                    setTasksVisible(true);
                }
            }
        }, settings::consoleLines);
        // New Agent offers the profiles as edited in Preferences → Agents (latest(): no store read on the FX thread)
        sessionsUi.setProfiles(services.agentProfiles()::latest);
        sessionsUi.setDetector(services.agentDetector());
        // the last argument starts a review of a lane (Consumer<Path>); null until the review pane exists: Review is disabled
        dashboardUi = new dev.lanes.ui.dashboard.DashboardUi(services, tasks, sessionTabs, sessionsUi, new DashboardHost(), worktree -> reviewUi.open(worktree, null));
        setTasksVisible(false);
        runningLabel.textProperty().bind(Bindings.createStringBinding(
                () -> sessionsUi.runningProperty().get() == 0 ? "" : "● " + sessionsUi.runningProperty().get() + " running",
                sessionsUi.runningProperty()));
        waitingLabel.textProperty().bind(Bindings.createStringBinding(
                () -> sessionsUi.waitingProperty().get() == 0 ? "" : "◆ " + sessionsUi.waitingProperty().get() + " waiting",
                sessionsUi.waitingProperty()));
        costLabel.textProperty().bind(sessionsUi.costTextProperty());
        newAgentButton.disableProperty().bind(noRepo);
        fanoutButton.disableProperty().bind(noRepo);
        fanoutMenuItem.disableProperty().bind(noRepo);
        fanoutUi = new dev.lanes.ui.fanout.FanoutUi(sessionTabs, tasks, new dev.lanes.ui.fanout.FanoutHost(services, this::window, this::showStatus, this::refresh));
        newAgentMenuItem.disableProperty().bind(noRepo);
        List.of(investigateMenuItem, pipelineMenuItem, samePromptMenuItem).forEach(i -> i.disableProperty().bind(noRepo));
        var host = new dev.lanes.ui.common.ViewHost(this::window, this::showStatus, sessionsUi::select, this::refresh);
        investigateUi = new dev.lanes.ui.investigate.InvestigateUi(sessionTabs, tasks, services.investigations(), services.agentProfiles()::latest, host);
        pipelineUi = new dev.lanes.ui.pipeline.PipelineUi(sessionTabs, tasks, services.pipelines(), services.agentProfiles()::latest, host);
        compareUi = new dev.lanes.ui.compare.CompareUi(sessionTabs, tasks, services.comparisons(), services.agents(), git, services.agentProfiles()::latest, host);
        reviewUi = new dev.lanes.ui.review.ReviewUi(services.reviews(), services.sessions(), sessionsUi, tasks, sessionTabs,
                services.agentProfiles()::latest, new dev.lanes.ui.review.ReviewUi.Host() {
                    @Override
                    public Window window() {
                        return MainController.this.window();
                    }

                    @Override
                    public void showStatus(String message, String kind) {
                        MainController.this.showStatus(message, kind);
                    }
                });
        sessionsUi.setOnReview(s -> reviewUi.open(s.worktree(), s));
        // the review pane shows its reviewer, an investigation's tab its questions: no tab of their own each. Told by
        // the flag they were created with (kept in the store), never by their names: a session named "Review of x" by
        // hand is an ordinary one
        sessionsUi.setShownElsewhere(SessionRecord::shownElsewhere);
        reviewMenuItem.disableProperty().bind(noRepo);
        for (var control : List.of(dashboardMenuItem, showDiffMenuItem)) {
            control.disableProperty().bind(noRepo);
        }
        dashboardButton.disableProperty().bind(noRepo);
        setScopeMenuItem.disableProperty().bind(noLane);
        newSessionButton.disableProperty().bind(noRepo);
        newSessionMenuItem.disableProperty().bind(noRepo);
        newTaskMenuItem.disableProperty().bind(noRepo);
        repository.addListener((obs, old, repo) -> {
            if (repo != null) {
                sessionsUi.showRepository(repo);
                reviewUi.showRepository(repo.root());
            }
        });
        emptyState.visibleProperty().bind(Bindings.isEmpty(sessionTabs.getTabs()));
        emptyState.managedProperty().bind(emptyState.visibleProperty());
        busyIndicator.visibleProperty().bind(tasks.runningProperty().greaterThan(0));
        busyIndicator.managedProperty().bind(busyIndicator.visibleProperty());
        busyLabel.textProperty().bind(tasks.currentProperty());
        repositoryLabel.textProperty().bind(Bindings.createStringBinding(
                () -> repository.get() == null ? "" : repository.get().root().toString(), repository));
        repository.addListener((obs, old, repo) -> updateEmptyState());
        // a session starting to wait for a named resource (or getting it) shows in the tree at once
        services.sessions().resources().addListener(() -> Platform.runLater(() -> {
            if (snapshot.get() != null) {
                applySnapshot(snapshot.get());
            }
        }));
        notesPane = new dev.lanes.ui.notes.NotesPane(tasks, root -> services.store().notes(root),
                (root, text) -> services.store().saveNotes(root, text));
        repository.addListener((obs, old, repo) -> notesPane.show(repo == null ? null : repo.root()));
        recentMenu.setOnShowing(e -> rebuildRecentMenu());
        rebuildRecentMenu();
        darkThemeMenuItem.setSelected(settings.theme() == Settings.Theme.DARK);
        splitPane.setDividerPositions(settings.sidebarWidth());
        splitPane.getDividers().get(0).positionProperty().addListener((obs, old, pos) -> settings.setSidebarWidth(pos.doubleValue()));
        services.settingsStore().setOnError(message -> Platform.runLater(() -> showStatus(message, "error")));
        updateEmptyState();
        showStatus("Ready", null);
    }

    /** Called once the window is showing: refresh when the person comes back to Lanes. */
    public void windowShown(Window window) {
        sessionsUi.recoverLastRun();
        window.focusedProperty().addListener((obs, was, focused) -> {
            if (focused && System.currentTimeMillis() - lastRefresh > 2_000) {
                refresh();
            }
        });
    }

    // ------------------------------------------------------------------ repository

    public ObjectProperty<RepositoryInfo> repositoryProperty() {
        return repository;
    }

    public ObjectProperty<RepositorySnapshot> snapshotProperty() {
        return snapshot;
    }

    @FXML
    void openRepository() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a git repository");
        settings.lastRepository().filter(Files::isDirectory).map(Path::getParent)
                .filter(Files::isDirectory).ifPresent(p -> chooser.setInitialDirectory(p.toFile()));
        File chosen = chooser.showDialog(window());
        if (chosen != null) {
            openRepository(chosen.toPath(), true);
        }
    }

    /**
     * Opens the repository holding {@code folder}.
     *
     * @param explicit true when the person asked for it (failures get a dialog); false for the
     *                 repository reopened at start (failures go to the status bar)
     */
    public void openRepository(Path folder, boolean explicit) {
        openRepository(folder, explicit, () -> git.listing(git.open(folder)), null);
    }

    /**
     * Opens a repository with a loader that may already be running (started while the window was
     * being built). The tree shows the worktrees as soon as they are listed; statuses follow, from
     * {@code statuses} when given (also already running), else from a fresh refresh.
     */
    public void openRepository(Path folder, boolean explicit, Callable<RepositorySnapshot> loader,
                               Callable<RepositorySnapshot> statuses) {
        tasks.run("Opening " + folder.getFileName(), loader, snap -> {
            repository.set(snap.repository());
            settings.rememberRepository(snap.repository().root());
            tasks.run("Recording the repository", () -> services.store().repositoryId(snap.repository().root()), id -> { });
            applySnapshot(snap);
            worktreeTree.getSelectionModel().select(0);
            showStatus("Opened " + snap.repository().root(), null);
            refresh(null, statuses);
        }, e -> {
            if (!Files.isDirectory(folder)) {
                settings.forgetRepository(folder);
            }
            if (explicit) {
                reportError("Could not open " + folder, e);
            } else {
                showStatus("Could not reopen " + folder + ": " + Dialogs.message(e), "error");
            }
        });
    }

    @FXML
    void refresh() {
        refresh(null, null);
    }

    /** Reads the worktrees again without showing it as busy: the check repeated while sessions run. */
    void refreshQuietly() {
        refresh(null, null, true);
    }

    private void refresh(Path select) {
        refresh(select, null);
    }

    private void refresh(Path select, Callable<RepositorySnapshot> loader) {
        refresh(select, loader, false);
    }

    /** @param quiet not shown as busy (a refresh the person did not ask for) */
    private void refresh(Path select, Callable<RepositorySnapshot> loader, boolean quiet) {
        RepositoryInfo repo = repository.get();
        if (repo == null) {
            return;
        }
        if (select != null) {
            selectAfterRefresh = select;
        }
        if (refreshRunning) {
            refreshAgain = true;
            return;
        }
        refreshRunning = true;
        lastRefresh = System.currentTimeMillis();
        Callable<RepositorySnapshot> read = loader != null ? loader : () -> git.snapshot(repo);
        java.util.function.Consumer<RepositorySnapshot> done = snap -> {
            refreshFinished();
            if (snap.repository().equals(repository.get())) {
                applySnapshot(snap);
                coordinate(snap);
            }
        };
        java.util.function.Consumer<Throwable> failed = e -> {
            refreshFinished();
            showStatus("Could not read the worktrees: " + Dialogs.message(e), "error");
        };
        if (quiet) {
            tasks.runQuietly("Reading worktrees", read, done, failed);
        } else {
            tasks.run("Reading worktrees", read, done, failed);
        }
    }

    /**
     * Checks the lanes for files changed in more than one, files outside a lane's scope, and merges
     * that would conflict with the main branch (off the FX thread); the tree shows it when it is back.
     */
    private void coordinate(RepositorySnapshot snap) {
        dashboardUi.coordinate(snap);
    }

    /** What the dashboard asks of the window. */
    private final class DashboardHost implements dev.lanes.ui.dashboard.DashboardUi.Host {
        @Override
        public Window window() {
            return MainController.this.window();
        }

        @Override
        public RepositoryInfo repository() {
            return repository.get();
        }

        @Override
        public void showStatus(String message, String kind) {
            MainController.this.showStatus(message, kind);
        }

        @Override
        public void refresh() {
            MainController.this.refresh();
        }

        @Override
        public void refreshQuietly() {
            MainController.this.refreshQuietly();
        }

        @Override
        public void merge(Path folder) {
            selectWorktree(folder);
            MainController.this.merge();
        }

        @Override
        public void coordinated() {
            // the rows whose marks changed update; the others are left alone
            if (snapshot.get() != null) {
                applySnapshot(snapshot.get());
            }
        }
    }

    public dev.lanes.ui.dashboard.DashboardUi dashboardUi() {
        return dashboardUi;
    }

    @FXML
    void openDashboard() {
        if (repository.get() == null) {
            showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        dashboardUi.openDashboard();
    }

    @FXML
    void showDiff() {
        selectedPath().ifPresent(dashboardUi::showDiff);
    }

    @FXML
    void setScope() {
        selectedLane().map(v -> v.worktree().path()).ifPresentOrElse(dashboardUi::setScope,
                () -> showStatus("Select a worktree (not the main checkout) to give it a scope.", "warning"));
    }

    /** Stops what the window runs beside the services (fan-out engines, the lane checks); Lanes is closing. */
    public void close() {
        try {
            notesPane.saveBeforeQuit();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MainController.class).warn("Could not save the notes at quit", e);
        }
        fanoutUi.close();
        reviewUi.close();
        dashboardUi.close();
    }

    private void refreshFinished() {
        refreshRunning = false;
        if (refreshAgain) {
            refreshAgain = false;
            Platform.runLater(this::refresh);
        }
    }

    private void applySnapshot(RepositorySnapshot snap) {
        TreeItem<TreeNode> selectedItem = worktreeTree.getSelectionModel().getSelectedItem();
        Path selected = selectAfterRefresh != null ? selectAfterRefresh
                : Optional.ofNullable(selectedItem).map(i -> i.getValue().path()).orElse(null);
        boolean asked = selectAfterRefresh != null;
        selectAfterRefresh = null;
        snapshot.set(snap);
        List<WorktreeTreeItems.Lane> lanes = new ArrayList<>(snap.worktrees().size());
        Map<Path, List<SessionRecord>> byWorktree = sessionsUi.sessionsByWorktree();
        Map<Path, TreeNode.Marks> marks = marks();
        for (WorktreeView view : snap.worktrees()) {
            List<TreeNode.SessionNode> sessions = new ArrayList<>();
            Path folder = view.worktree().path().toAbsolutePath().normalize();
            for (SessionRecord s : byWorktree.getOrDefault(folder, List.of())) {
                String waits = s.status() == dev.lanes.model.SessionStatus.STARTING
                        ? services.sessions().resources().waitingFor(s.id()).map(dev.lanes.lane.LaneResources.State::name).orElse(null)
                        : null;
                sessions.add(new TreeNode.SessionNode(s, sessionsUi.agentOf(s.id()), waits));
            }
            lanes.add(new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(view, marks.getOrDefault(folder, TreeNode.Marks.NONE)),
                    sessions));
        }
        TreeItem<TreeNode> before = worktreeTree.getRoot();
        TreeItem<TreeNode> root = WorktreeTreeItems.reconcile(before, new TreeNode.RepositoryNode(snap), lanes);
        if (root != before) {
            worktreeTree.setRoot(root);
        }
        // the selection stays on its row when the row is still there; else it goes to the row of its folder
        TreeItem<TreeNode> now = worktreeTree.getSelectionModel().getSelectedItem();
        boolean stillShown = now != null && now == selectedItem && (now == root || now.getParent() != null);
        if (asked || !stillShown) {
            TreeItem<TreeNode> toSelect = null;
            for (TreeItem<TreeNode> item : root.getChildren()) {
                if (selected != null && sameFolder(selected, item.getValue().path())) {
                    toSelect = item;
                }
            }
            worktreeTree.getSelectionModel().select(toSelect != null ? toSelect : root);
        }
        updateSummary();
    }

    private dev.lanes.coordinate.CoordinationSnapshot marksFrom;
    private Map<Path, TreeNode.Marks> marksByFolder = Map.of();

    /** What the last lane check found in each lane (folder absolute and normalised), made once per check. */
    private Map<Path, TreeNode.Marks> marks() {
        dev.lanes.coordinate.CoordinationSnapshot c = dashboardUi.coordination();
        if (c != marksFrom) {
            Map<Path, TreeNode.Marks> by = new java.util.HashMap<>();
            if (c != null) {
                c.lanes().forEach(l -> by.put(l.worktree().path().toAbsolutePath().normalize(), TreeNode.Marks.of(l)));
            }
            marksFrom = c;
            marksByFolder = by;
        }
        return marksByFolder;
    }

    /** The status bar's count of worktrees, with what needs a look. */
    private void updateSummary() {
        RepositorySnapshot snap = snapshot.get();
        if (snap == null) {
            return;
        }
        long dirty = snap.worktrees().stream().filter(v -> v.status() != null && v.status().isDirty()).count();
        long missing = snap.worktrees().stream().filter(v -> v.worktree().isPrunable()).count();
        dev.lanes.coordinate.CoordinationSnapshot c = dashboardUi.coordination();
        long shared = c == null ? 0 : c.overlaps().size();
        long conflicts = c == null ? 0 : c.conflicting().size();
        summaryLabel.setText(snap.worktrees().size() + (snap.worktrees().size() == 1 ? " worktree" : " worktrees")
                + (dirty > 0 ? " · " + dirty + " with uncommitted changes" : "")
                + (missing > 0 ? " · " + missing + " missing" : "")
                + (shared > 0 ? " · " + shared + (shared == 1 ? " file" : " files") + " changed in several lanes" : "")
                + (conflicts > 0 ? " · " + conflicts + (conflicts == 1 ? " lane" : " lanes") + " would conflict" : ""));
    }

    private static boolean sameFolder(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    // ------------------------------------------------------------------ create

    @FXML
    void newWorktree() {
        RepositoryInfo repo = repository.get();
        if (repo == null) {
            showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        tasks.run("Reading branches", () -> git.branches(repo), branches -> showNewWorktreeDialog(repo, branches, null));
    }

    private void showNewWorktreeDialog(RepositoryInfo repo, List<String> branches, CreateWorktreeRequest previous) {
        NewWorktreeDialog dialog = new NewWorktreeDialog(window(), repo, branches, settings.worktreesRoot().orElse(null),
                previous, settings.copyFiles(repo.root()), settings.setupCommand(repo.root()));
        dialog.showAndWait().ifPresent(request -> createWorktree(repo, branches, request));
    }

    private void createWorktree(RepositoryInfo repo, List<String> branches, CreateWorktreeRequest request) {
        settings.setCopyFiles(repo.root(), request.copyFiles());
        settings.setSetupCommand(repo.root(), request.setupCommand());
        tasks.run("Creating worktree " + request.branch(), () -> git.createWorktree(repo, request), created -> {
            String copied = created.copied().isEmpty() ? "" : " Copied " + String.join(", ", created.copied()) + ".";
            if (created.notCopied().isEmpty()) {
                showStatus("Created " + created.worktree().name() + " on " + created.worktree().branch() + "." + copied, null);
            } else {
                showStatus("Created " + created.worktree().name() + "; not copied: " + String.join(", ", created.notCopied()), "warning");
            }
            refresh(created.worktree().path());
            if (!request.setupCommand().isBlank()) {
                runSetup(repo, created, request.setupCommand());
            }
        }, e -> {
            ButtonType edit = new ButtonType("Edit and Try Again", ButtonBar.ButtonData.OK_DONE);
            Optional<ButtonType> choice = Dialogs.error(window(), "Could not create the worktree", e, edit);
            refresh();
            if (choice.filter(b -> b == edit).isPresent()) {
                showNewWorktreeDialog(repo, branches, request);
            }
        });
    }

    /** The setup command runs as a session of the new worktree: its output in a tab, kept in its log. */
    private void runSetup(RepositoryInfo repo, CreatedWorktree created, String command) {
        Worktree wt = created.worktree();
        sessionsUi.start(repo, wt.path(), "Setup · " + wt.name(), SessionKind.COMMAND, ShellCommand.argv(command), false);
    }

    // ------------------------------------------------------------------ remove

    @FXML
    void removeWorktree() {
        Optional<WorktreeView> lane = selectedLane();
        RepositoryInfo repo = repository.get();
        if (lane.isEmpty() || repo == null) {
            showStatus("Select a worktree (not the main checkout) to remove.", "warning");
            return;
        }
        Worktree wt = lane.get().worktree();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        Dialogs.prepare(alert, window(), "removeWorktreeDialog");
        alert.setTitle("Remove Worktree");
        alert.setHeaderText("Remove worktree " + wt.name() + "?");
        Label text = new Label("Its folder " + wt.path() + " will be deleted. Committed work stays on its branch."
                + (lane.get().status() != null && lane.get().status().isDirty()
                ? "\n\nIt has " + lane.get().status().uncommittedCount() + " uncommitted files: Lanes will list them and ask again before anything is lost."
                : ""));
        text.setWrapText(true);
        text.setMaxWidth(520);
        CheckBox deleteBranch = new CheckBox(wt.branch() == null ? "No branch to delete (detached)"
                : "Also delete branch " + wt.branch() + " if it is merged");
        deleteBranch.setId("deleteBranchCheck");
        deleteBranch.setSelected(wt.branch() != null);
        deleteBranch.setDisable(wt.branch() == null);
        alert.getDialogPane().setContent(new VBox(12, text, deleteBranch));
        ButtonType remove = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(remove, ButtonType.CANCEL);
        alert.getDialogPane().lookupButton(remove).setId("confirmRemoveButton");
        if (alert.showAndWait().filter(b -> b == remove).isPresent()) {
            doRemove(repo, wt, false, deleteBranch.isSelected());
        }
    }

    private void doRemove(RepositoryInfo repo, Worktree wt, boolean force, boolean deleteBranch) {
        tasks.run("Removing " + wt.name(), () -> git.removeWorktree(repo, wt, force, deleteBranch), outcome -> {
            showStatus(outcome.message(), null);
            refresh(repo.root());
        }, e -> {
            if (e instanceof DirtyWorktreeException dirty) {
                if (confirmForceRemove(dirty)) {
                    doRemove(repo, wt, true, deleteBranch);
                } else {
                    showStatus("Kept " + wt.name() + " and its uncommitted files.", null);
                }
            } else {
                reportError("Could not remove " + wt.name(), e);
                refresh();
            }
        });
    }

    private boolean confirmForceRemove(DirtyWorktreeException dirty) {
        Alert alert = new Alert(Alert.AlertType.WARNING);
        Dialogs.prepare(alert, window(), "forceRemoveDialog");
        alert.setTitle("Uncommitted Work");
        alert.setHeaderText("Remove " + dirty.worktree().getFileName() + " and lose its uncommitted work?");
        int n = dirty.files().size();
        alert.getDialogPane().setContent(Dialogs.fileListContent((n == 1 ? "This file is" : "These " + n + " files are")
                        + " not committed. Removing the worktree anyway deletes " + (n == 1 ? "it" : "them") + " for good:",
                dirty.describedFiles()));
        ButtonType force = new ButtonType("Remove and Lose Changes", ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep Worktree", ButtonBar.ButtonData.CANCEL_CLOSE);
        alert.getButtonTypes().setAll(force, keep);
        Button forceButton = (Button) alert.getDialogPane().lookupButton(force);
        forceButton.setId("forceRemoveButton");
        forceButton.getStyleClass().add("danger");
        forceButton.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        return alert.showAndWait().filter(b -> b == force).isPresent();
    }

    // ------------------------------------------------------------------ merge

    private record MergeContext(List<String> branches, String base) {
    }

    @FXML
    void merge() {
        Optional<WorktreeView> lane = selectedLane();
        RepositoryInfo repo = repository.get();
        if (lane.isEmpty() || repo == null) {
            showStatus("Select a worktree (not the main checkout) to merge.", "warning");
            return;
        }
        WorktreeView view = lane.get();
        if (view.worktree().branch() == null) {
            reportError("Cannot merge " + view.worktree().name(), new dev.lanes.git.GitException(
                    view.worktree().name() + " has no branch checked out (detached HEAD). Create a branch in it first."));
            return;
        }
        WorktreeView main = snapshot.get() == null ? null
                : snapshot.get().worktrees().stream().filter(v -> v.worktree().main()).findFirst().orElse(null);
        tasks.run("Reading branches",
                () -> new MergeContext(git.branches(repo), git.baseOf(repo, view.worktree().branch())),
                ctx -> {
                    MergeDialog dialog = new MergeDialog(window(), tasks, git, repo, view, main, ctx.branches(), ctx.base());
                    dialog.warnSharedFiles(dashboardUi.sharedFiles(view.worktree().path()));
                    dialog.showAndWait().ifPresent(choice -> doMerge(repo, view.worktree(), choice));
                });
    }

    private void doMerge(RepositoryInfo repo, Worktree wt, MergeDialog.Choice choice) {
        tasks.run("Merging " + wt.branch() + " into " + choice.target(),
                () -> git.merge(repo, wt, choice.target(), choice.mode()),
                outcome -> mergeFinished(repo, wt, outcome));
    }

    private void mergeFinished(RepositoryInfo repo, Worktree wt, MergeOutcome outcome) {
        refresh();
        if (!outcome.merged()) {
            showStatus(outcome.message(), "error");
            Alert alert = new Alert(Alert.AlertType.ERROR);
            Dialogs.prepare(alert, window(), "mergeConflictDialog");
            alert.setTitle("Merge Conflict");
            alert.setHeaderText("The merge conflicted and was undone");
            alert.getDialogPane().setContent(Dialogs.fileListContent(outcome.message()
                    + " Resolve these files in the worktree (merge the target into it there), then merge again:",
                    outcome.conflictedFiles()));
            alert.showAndWait();
            return;
        }
        showStatus(outcome.message(), null);
        boolean remove = Dialogs.confirm(window(), "mergedDialog", "Merged " + wt.branch(),
                outcome.message() + "\n\nRemove the worktree " + wt.name() + " and delete its branch now?",
                "Remove Worktree and Branch", false);
        if (remove) {
            doRemove(repo, wt, false, true);
        }
    }

    // ------------------------------------------------------------------ sessions

    @FXML
    void newSession() {
        openSessionDialog(false);
    }

    @FXML
    void newTask() {
        openSessionDialog(true);
    }

    @FXML
    void newAgent() {
        RepositorySnapshot snap = snapshot.get();
        if (snap == null) {
            showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        List<Worktree> worktrees = runnableWorktrees(snap);
        sessionsUi.newAgent(worktrees, selectedIn(worktrees));
    }

    /** A fan-out over files of the selected worktree (the main one when none is selected). */
    @FXML
    public void newFanout() {
        RepositorySnapshot snap = snapshot.get();
        if (snap == null) {
            showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        List<Worktree> worktrees = runnableWorktrees(snap);
        Worktree w = Optional.ofNullable(selectedIn(worktrees)).orElse(worktrees.isEmpty() ? null : worktrees.get(0));
        if (w == null) {
            showStatus("This repository has no worktree to run in.", "warning");
            return;
        }
        fanoutUi.openSetup(w.path(), w.branch(), w.path().getFileName().toString());
    }

    /** Lanes → Investigate… (questions about the selected worktree, the main one when none is). */
    @FXML
    void investigate() {
        runnable().ifPresent(w -> investigateUi.open(repository.get(), w, selectedIn(w)));
    }

    @FXML
    void pipeline() {
        runnable().ifPresent(w -> pipelineUi.open(repository.get(), w, selectedIn(w)));
    }

    @FXML
    void samePrompt() {
        runnable().ifPresent(w -> compareUi.open(repository.get(), settings.worktreesRoot().orElse(null)));
    }

    /** The open repository's worktrees an agent can run in; empty (and said) when none is open. */
    private Optional<List<Worktree>> runnable() {
        RepositorySnapshot snap = snapshot.get();
        if (snap == null || repository.get() == null) {
            showStatus("Open a repository first (Ctrl+O).", "warning");
            return Optional.empty();
        }
        return Optional.of(runnableWorktrees(snap));
    }

    public dev.lanes.ui.fanout.FanoutUi fanoutUi() {
        return fanoutUi;
    }

    /** Review… (Ctrl+Shift+R): the selected agent session's work, else an agent's of the selected worktree. */
    @FXML
    void review() {
        reviewUi.open(selectedPath().orElse(null), sessionsUi.selectedSession().orElse(null));
    }

    /** Review… on a worktree of the tree: the work of an agent in it. */
    private void reviewWorktree() {
        reviewUi.open(selectedPath().orElse(null), null);
    }

    private void openSessionDialog(boolean background) {
        RepositorySnapshot snap = snapshot.get();
        if (snap == null) {
            showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        List<Worktree> worktrees = runnableWorktrees(snap);
        sessionsUi.newSession(worktrees, selectedIn(worktrees), background);
    }

    private static List<Worktree> runnableWorktrees(RepositorySnapshot snap) {
        return snap.worktrees().stream().map(WorktreeView::worktree).filter(w -> !w.bare() && !w.isPrunable()).toList();
    }

    private Worktree selectedIn(List<Worktree> worktrees) {
        return Optional.ofNullable(worktreeTree.getSelectionModel().getSelectedItem())
                .map(i -> i.getValue().path())
                .flatMap(p -> worktrees.stream().filter(w -> sameFolder(w.path(), p)).findFirst())
                .orElse(null);
    }

    @FXML
    void sendToBackground() {
        sessionsUi.selectedToBackground();
        setTasksVisible(true);
    }

    @FXML
    void stopSession() {
        sessionsUi.stopSelected();
    }

    @FXML
    void closeTab() {
        javafx.scene.control.Tab tab = sessionTabs.getSelectionModel().getSelectedItem();
        if (tab != null && tab.getOnCloseRequest() != null) {
            javafx.event.Event request = new javafx.event.Event(tab, tab, javafx.scene.control.Tab.TAB_CLOSE_REQUEST_EVENT);
            tab.getOnCloseRequest().handle(request);
        } else if (tab != null) {
            sessionTabs.getTabs().remove(tab);
        }
    }

    @FXML
    void toggleTasks() {
        setTasksVisible(showTasksMenuItem.isSelected());
    }

    @FXML
    void toggleNotes() {
        boolean visible = showNotesMenuItem.isSelected();
        if (visible && !splitPane.getItems().contains(notesPane)) {
            splitPane.getItems().add(notesPane);
            splitPane.setDividerPositions(0.24, 0.74);
            notesPane.area().requestFocus();
        } else if (!visible) {
            notesPane.saveNow();
            splitPane.getItems().remove(notesPane);
        }
    }

    /** Shows or hides the notes pane, as View > Show Notes does. */
    public void showNotes(boolean visible) {
        showNotesMenuItem.setSelected(visible);
        toggleNotes();
    }

    public dev.lanes.ui.notes.NotesPane notesPane() {
        return notesPane;
    }

    private void setTasksVisible(boolean visible) {
        showTasksMenuItem.setSelected(visible);
        if (visible && !centerSplit.getItems().contains(sessionsUi.tasksPanel())) {
            centerSplit.getItems().add(sessionsUi.tasksPanel());
            centerSplit.setDividerPositions(0.7);
        } else if (!visible) {
            centerSplit.getItems().removeIf(n -> n instanceof TasksPanel);
        }
    }

    public SessionsUi sessionsUi() {
        return sessionsUi;
    }

    private void selectWorktree(Path worktree) {
        TreeItem<TreeNode> root = worktreeTree.getRoot();
        if (root == null) {
            return;
        }
        for (TreeItem<TreeNode> item : root.getChildren()) {
            if (sameFolder(item.getValue().path(), worktree)) {
                worktreeTree.getSelectionModel().select(item);
                worktreeTree.scrollTo(worktreeTree.getRow(item));
                worktreeTree.requestFocus();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ other actions

    @FXML
    void openFolder() {
        selectedPath().ifPresent(path -> tasks.run("Opening folder", () -> {
            services.desktop().openFolder(path);
            return path;
        }, p -> showStatus("Opened " + p + " in the file manager.", null)));
    }

    @FXML
    void openTerminal() {
        selectedPath().ifPresent(path -> tasks.run("Opening terminal", () -> {
            services.desktop().openTerminal(path);
            return path;
        }, p -> showStatus("Opened a terminal in " + p + ".", null)));
    }

    @FXML
    void copyPath() {
        selectedPath().ifPresent(path -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(path.toString());
            Clipboard.getSystemClipboard().setContent(content);
            showStatus("Copied " + path, null);
        });
    }

    @FXML
    void prune() {
        RepositoryInfo repo = repository.get();
        if (repo == null) {
            return;
        }
        tasks.run("Pruning stale worktrees", () -> git.prune(repo), n -> {
            showStatus(n == 0 ? "No stale worktree entries." : "Pruned " + n + (n == 1 ? " stale entry." : " stale entries."), null);
            refresh();
        });
    }

    @FXML
    void unlock() {
        RepositoryInfo repo = repository.get();
        selectedLane().filter(v -> v.worktree().isLocked()).ifPresent(v -> tasks.run("Unlocking " + v.worktree().name(),
                () -> {
                    git.unlock(repo, v.worktree());
                    return v;
                }, done -> {
                    showStatus("Unlocked " + done.worktree().name() + ".", null);
                    refresh();
                }));
    }

    @FXML
    void toggleTheme() {
        Settings.Theme theme = darkThemeMenuItem.isSelected() ? Settings.Theme.DARK : Settings.Theme.LIGHT;
        settings.setTheme(theme);
        Themes.apply(rootPane.getScene(), theme);
    }

    @FXML
    void showPreferences() {
        new PreferencesDialog(window(), settings,
                new AgentsPage(services.agentProfiles(), services.agentDetector(), tasks)).showAndWait();
        darkThemeMenuItem.setSelected(settings.theme() == Settings.Theme.DARK);
        Themes.apply(rootPane.getScene(), settings.theme());
    }

    @FXML
    void showShortcuts() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        Dialogs.prepare(alert, window(), "shortcutsDialog");
        alert.setTitle("Keyboard Shortcuts");
        alert.setHeaderText("Keyboard shortcuts");
        Label text = new Label(String.join("\n",
                "Ctrl+O\tOpen repository",
                "Ctrl+N\tNew worktree",
                "Ctrl+M\tMerge the selected worktree",
                "Ctrl+Delete\tRemove the selected worktree (Delete in the tree)",
                "Ctrl+Shift+E\tOpen the folder",
                "Ctrl+Shift+T\tOpen a terminal in the folder",
                "Ctrl+Shift+C\tCopy the folder's path",
                "Ctrl+Shift+N\tNew agent (Claude Code, Codex, …) with a prompt",
                "Ctrl+Shift+F\tFan-out: one agent or command per file (Ctrl+Enter runs it)",
                "Ctrl+Shift+R\tReview an agent's work with a read-only reviewer",
                "Ctrl+Shift+I\tInvestigate: several read-only questions at once, then how they relate",
                "Ctrl+Shift+P\tPipeline: stages run one after another in a worktree",
                "Ctrl+Shift+A\tSame prompt on several agents, each in a new lane",
                "Ctrl+Shift+D\tDashboard: every lane, its agent, changes, overlaps and conflicts",
                "Ctrl+Shift+G\tShow the selected worktree's changes as a diff",
                "Ctrl+T\tNew session (any command, or a terminal)",
                "Ctrl+Shift+B\tNew background task",
                "Ctrl+B\tSend the session to the background",
                "Ctrl+.\tStop the session (its whole process tree)",
                "Ctrl+W\tClose the session",
                "Ctrl+J\tShow or hide the Tasks panel",
                "Ctrl+Shift+O\tShow or hide the notes of the repository",
                "Ctrl+F\tFind in a console",
                "Ctrl+Enter\tSend a follow-up (agent tab) or start (New Agent)",
                "F5\tRefresh",
                "Ctrl+Shift+L\tDark theme on/off",
                "Ctrl+,\tPreferences",
                "Ctrl+Q\tQuit"));
        text.getStyleClass().add("shortcut-list");
        alert.getDialogPane().setContent(text);
        alert.showAndWait();
    }

    @FXML
    void showAbout() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        Dialogs.prepare(alert, window(), "aboutDialog");
        alert.setTitle("About Lanes");
        alert.setHeaderText("Lanes " + Optional.ofNullable(MainController.class.getPackage().getImplementationVersion()).orElse("(development)"));
        alert.setContentText("Run coding agents in parallel, one git worktree per lane.\nData folder: " + services.dataHome());
        alert.showAndWait();
    }

    @FXML
    void quit() {
        Window w = window();
        if (w != null) {
            w.fireEvent(new javafx.stage.WindowEvent(w, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        }
    }

    // ------------------------------------------------------------------ helpers

    private Optional<WorktreeView> selectedLane() {
        TreeItem<TreeNode> item = worktreeTree.getSelectionModel().getSelectedItem();
        if (item != null && item.getValue() instanceof TreeNode.WorktreeNode node && !node.view().worktree().main()) {
            return Optional.of(node.view());
        }
        return Optional.empty();
    }

    private Optional<Path> selectedPath() {
        TreeItem<TreeNode> item = worktreeTree.getSelectionModel().getSelectedItem();
        if (item != null) {
            return Optional.of(item.getValue().path());
        }
        return Optional.ofNullable(repository.get()).map(RepositoryInfo::root);
    }

    private Window window() {
        return rootPane.getScene() == null ? null : rootPane.getScene().getWindow();
    }

    private static MenuItem item(String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        return item;
    }

    private static MenuItem item(String text, Runnable action, String id) {
        MenuItem item = item(text, action);
        item.setId(id);
        return item;
    }

    void showStatus(String message, String kind) {
        statusMessage.setText(message);
        statusMessage.getStyleClass().removeAll("error", "warning");
        if (kind != null) {
            statusMessage.getStyleClass().add(kind);
        }
    }

    private void reportError(String whatFailed, Throwable e) {
        showStatus(whatFailed + ": " + Dialogs.message(e), "error");
        Dialogs.error(window(), whatFailed, e);
    }

    private void rebuildRecentMenu() {
        recentMenu.getItems().clear();
        List<Path> recent = settings.recentRepositories();
        if (recent.isEmpty()) {
            MenuItem none = new MenuItem("No recent repositories");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
        for (Path p : recent) {
            MenuItem mi = new MenuItem(p.toString());
            mi.setMnemonicParsing(false);
            mi.setOnAction(e -> openRepository(p, true));
            recentMenu.getItems().add(mi);
        }
    }

    private void updateEmptyState() {
        emptyActions.getChildren().clear();
        recentList.getChildren().clear();
        if (repository.get() == null) {
            emptyTitle.setText("Open a repository");
            emptyText.setText("Lanes runs coding agents side by side, each in its own git worktree on its own branch. "
                    + "Open a git repository to see its worktrees.");
            emptyActions.getChildren().add(actionButton("Open Repository…", "icon-folder", "welcomeOpenButton", this::openRepository));
            List<Path> recent = settings.recentRepositories();
            if (!recent.isEmpty()) {
                Label header = new Label("RECENT");
                header.getStyleClass().add("recent-header");
                recentList.getChildren().add(header);
                for (Path p : recent.subList(0, Math.min(5, recent.size()))) {
                    Hyperlink link = new Hyperlink(p.toString());
                    link.setMnemonicParsing(false);
                    link.setOnAction(e -> openRepository(p, true));
                    recentList.getChildren().add(link);
                }
            }
            emptyShortcuts.setText("Ctrl+O  open a repository     F1  all shortcuts");
        } else {
            emptyTitle.setText("No sessions yet");
            emptyText.setText("Each lane is a git worktree on its own branch. Create one, let an agent or a command work "
                    + "in it, then merge it back with one click. Sessions will open here as tabs.");
            emptyActions.getChildren().add(actionButton("New Worktree…", "icon-branch", "emptyNewWorktreeButton", this::newWorktree));
            emptyActions.getChildren().add(actionButton("New Agent…", "icon-agent", "emptyNewAgentButton", this::newAgent));
            emptyShortcuts.setText("Ctrl+N  new worktree     Ctrl+Shift+N  new agent     Ctrl+M  merge     F1  all shortcuts");
        }
    }

    private static Button actionButton(String text, String icon, String id, Runnable action) {
        Region graphic = new Region();
        graphic.getStyleClass().addAll("icon", icon);
        Button b = new Button(text, graphic);
        b.setId(id);
        b.getStyleClass().add("accent");
        b.setOnAction(e -> action.run());
        return b;
    }
}
