package dev.lanes.ui.dashboard;

import dev.lanes.ui.agent.AgentView;
import dev.lanes.ui.common.Badges;
import dev.lanes.ui.common.Fxml;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The dashboard: one table of every lane of the open repository — its agent and what it does, its branch, what
 * it changed, ahead/behind, files it shares with other lanes, whether its merge would conflict, cost and time —
 * with the lane's actions on the selected row (buttons, context menu, double-click to open). Rows come in whole
 * ({@link #setRows}), computed elsewhere; the selection stays on its lane.
 */
public final class DashboardView extends BorderPane {

    /** What the rows' actions do. */
    public interface Actions {
        void open(LaneRow lane);

        void stop(LaneRow lane);

        void review(LaneRow lane);

        void merge(LaneRow lane);

        void showDiff(LaneRow lane);

        void setScope(LaneRow lane);

        void refresh();
    }

    private static final DateTimeFormatter CHECKED = DateTimeFormatter.ofPattern("HH:mm:ss");

    @FXML private Label dashboardSummary;
    @FXML private Button laneOpenButton;
    @FXML private Button laneStopButton;
    @FXML private Button laneReviewButton;
    @FXML private Button laneMergeButton;
    @FXML private Button laneDiffButton;
    @FXML private TableView<LaneRow> laneTable;
    @FXML private TableColumn<LaneRow, LaneRow> laneColumn;
    @FXML private TableColumn<LaneRow, LaneRow> agentColumn;
    @FXML private TableColumn<LaneRow, LaneRow> statusColumn;
    @FXML private TableColumn<LaneRow, LaneRow> changesColumn;
    @FXML private TableColumn<LaneRow, LaneRow> aheadColumn;
    @FXML private TableColumn<LaneRow, LaneRow> overlapColumn;
    @FXML private TableColumn<LaneRow, LaneRow> conflictColumn;
    @FXML private TableColumn<LaneRow, LaneRow> costColumn;
    @FXML private TableColumn<LaneRow, LaneRow> elapsedColumn;

    private final Actions actions;
    private final boolean canReview;
    private final ObservableList<LaneRow> rows = FXCollections.observableArrayList();
    private final LongProperty clock = new SimpleLongProperty();
    private final Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> clock.set(System.currentTimeMillis())));

    /**
     * @param canReview whether there is a review to start (the Review action is disabled without one)
     */
    public DashboardView(Actions actions, boolean canReview) {
        this.actions = Objects.requireNonNull(actions);
        this.canReview = canReview;
        Fxml.loadRoot(this, "DashboardView.fxml");
        getStylesheets().add(Objects.requireNonNull(DashboardView.class.getResource("dashboard.css")).toExternalForm());
        setId("dashboardView");
        ticker.setCycleCount(Timeline.INDEFINITE);
        // the clock runs while the dashboard shows
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                ticker.stop();
            } else {
                ticker.play();
            }
        });
    }

    @FXML
    private void initialize() {
        laneTable.setItems(rows);
        laneTable.setPlaceholder(new Label("No lanes yet: open a repository, or create a worktree (Ctrl+N)."));
        laneTable.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        laneTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        for (TableColumn<LaneRow, LaneRow> c : List.of(laneColumn, agentColumn, statusColumn, changesColumn, aheadColumn,
                overlapColumn, conflictColumn, costColumn, elapsedColumn)) {
            c.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(r.getValue()));
        }
        laneColumn.setCellFactory(col -> new LaneCell());
        agentColumn.setCellFactory(col -> text("agent-cell", r -> r.sessions().agent().isEmpty() ? "—" : r.sessions().agent(), null));
        statusColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(LaneRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeIf(c -> c.startsWith("activity-") || c.startsWith("status-"));
                if (!getStyleClass().contains("status-cell")) {
                    getStyleClass().add("status-cell");
                }
                if (empty || r == null) {
                    setText(null);
                    return;
                }
                setText(r.sessions().status().isEmpty() ? "no session" : r.sessions().status());
                if (!r.sessions().statusClass().isEmpty()) {
                    getStyleClass().add(r.sessions().statusClass());
                }
            }
        });
        changesColumn.setCellFactory(col -> new ChangesCell());
        aheadColumn.setCellFactory(col -> text("ahead-cell", LaneRow::aheadBehindText, LaneRow::changesTooltip));
        overlapColumn.setCellFactory(col -> new BadgeCell("overlap-cell", r -> {
            Label shared = r.shared().isEmpty() ? null : Badges.badge(r.overlapText(), "overlap");
            Label scope = r.outOfScope().isEmpty() ? null : Badges.badge(r.scopeText(), "scope");
            return new Label[] {shared, scope};
        }, LaneRow::overlapTooltip));
        conflictColumn.setCellFactory(col -> new BadgeCell("conflict-cell", r -> {
            if (r.conflicts()) {
                return new Label[] {Badges.badge(r.conflictText(), "conflict")};
            }
            Label plain = new Label(r.conflictText());
            plain.getStyleClass().add(r.conflictText().startsWith("✓") ? "merge-ok" : "muted");
            return new Label[] {plain};
        }, LaneRow::conflictTooltip));
        costColumn.setCellFactory(col -> text("cost-cell", r -> r.sessions().cost() > 0 ? AgentView.money(r.sessions().cost()) : "", null));
        elapsedColumn.setCellFactory(col -> new ElapsedCell());

        laneTable.setRowFactory(tv -> {
            TableRow<LaneRow> row = new TableRow<>();
            ContextMenu menu = new ContextMenu(
                    item("Open", "rowOpen", () -> actions.open(row.getItem())),
                    item("Stop Sessions", "rowStop", () -> actions.stop(row.getItem())),
                    item("Review", "rowReview", () -> actions.review(row.getItem())),
                    item("Merge…", "rowMerge", () -> actions.merge(row.getItem())),
                    new SeparatorMenuItem(),
                    item("Show Diff", "rowShowDiff", () -> actions.showDiff(row.getItem())),
                    item("Set Scope…", "rowSetScope", () -> actions.setScope(row.getItem())));
            menu.setOnShowing(e -> {
                LaneRow r = row.getItem();
                menu.getItems().get(0).setDisable(r == null || r.sessions().ids().isEmpty());
                menu.getItems().get(1).setDisable(r == null || r.sessions().live().isEmpty());
                menu.getItems().get(2).setDisable(r == null || !canReview);
                menu.getItems().get(3).setDisable(r == null || r.main());
            });
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(menu));
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    if (row.getItem().sessions().ids().isEmpty()) {
                        actions.showDiff(row.getItem());
                    } else {
                        actions.open(row.getItem());
                    }
                }
            });
            return row;
        });

        var selected = laneTable.getSelectionModel().selectedItemProperty();
        BooleanBinding none = selected.isNull();
        laneOpenButton.disableProperty().bind(Bindings.createBooleanBinding(
                () -> selected.get() == null || selected.get().sessions().ids().isEmpty(), selected));
        laneStopButton.disableProperty().bind(Bindings.createBooleanBinding(
                () -> selected.get() == null || selected.get().sessions().live().isEmpty(), selected));
        laneReviewButton.disableProperty().bind(none.or(Bindings.createBooleanBinding(() -> !canReview)));
        laneMergeButton.disableProperty().bind(Bindings.createBooleanBinding(
                () -> selected.get() == null || selected.get().main(), selected));
        laneDiffButton.disableProperty().bind(none);
        dashboardSummary.setText("Checking the lanes…");
    }

    /**
     * Shows these rows (one refresh, in one go); the selected lane stays selected.
     *
     * @param checkedAt when the lanes were checked, or null (the rows only bring the sessions' news)
     */
    public void setRows(List<LaneRow> newRows, Instant checkedAt) {
        LaneRow selected = laneTable.getSelectionModel().getSelectedItem();
        rows.setAll(newRows);
        if (selected != null) {
            for (int i = 0; i < newRows.size(); i++) {
                if (newRows.get(i).samePath(selected.path())) {
                    laneTable.getSelectionModel().select(i);
                    break;
                }
            }
        }
        dashboardSummary.setText(summary(newRows, checkedAt));
    }

    private String summary(List<LaneRow> list, Instant checkedAt) {
        long shared = list.stream().flatMap(r -> r.shared().keySet().stream()).distinct().count();
        long conflicts = list.stream().filter(LaneRow::conflicts).count();
        long outside = list.stream().filter(r -> !r.outOfScope().isEmpty()).count();
        long working = list.stream().filter(r -> !r.sessions().live().isEmpty()).count();
        String target = list.stream().map(LaneRow::target).filter(Objects::nonNull).findFirst().orElse(null);
        StringBuilder b = new StringBuilder(list.size() + (list.size() == 1 ? " lane" : " lanes"));
        if (working > 0) {
            b.append(" · ").append(working).append(" with running sessions");
        }
        b.append(" · ").append(shared == 0 ? "no file changed in two lanes"
                : shared + (shared == 1 ? " file" : " files") + " changed in several lanes");
        if (outside > 0) {
            b.append(" · ").append(outside).append(outside == 1 ? " lane" : " lanes").append(" outside its scope");
        }
        if (target != null) {
            b.append(" · ").append(conflicts == 0 ? "no merge into " + target + " would conflict"
                    : conflicts + (conflicts == 1 ? " lane" : " lanes") + " would conflict with " + target);
        }
        if (checkedAt != null) {
            b.append(" · checked ").append(LocalTime.ofInstant(checkedAt, ZoneId.systemDefault()).format(CHECKED));
            lastChecked = checkedAt;
        } else if (lastChecked != null) {
            b.append(" · checked ").append(LocalTime.ofInstant(lastChecked, ZoneId.systemDefault()).format(CHECKED));
        }
        return b.toString();
    }

    private Instant lastChecked;

    public List<LaneRow> rows() {
        return List.copyOf(rows);
    }

    public TableView<LaneRow> table() {
        return laneTable;
    }

    /** Selects the lane in {@code folder}, if it has a row. */
    public void select(Path folder) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).samePath(folder)) {
                laneTable.getSelectionModel().select(i);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ actions on the selected row

    @FXML
    private void open() {
        onSelected(actions::open);
    }

    @FXML
    private void stop() {
        onSelected(actions::stop);
    }

    @FXML
    private void review() {
        onSelected(actions::review);
    }

    @FXML
    private void merge() {
        onSelected(actions::merge);
    }

    @FXML
    private void showDiff() {
        onSelected(actions::showDiff);
    }

    @FXML
    private void refresh() {
        actions.refresh();
    }

    private void onSelected(Consumer<LaneRow> action) {
        LaneRow r = laneTable.getSelectionModel().getSelectedItem();
        if (r != null) {
            action.accept(r);
        }
    }

    // ------------------------------------------------------------------ cells

    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }

    private static Tooltip tooltip(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(300));
        t.setShowDuration(Duration.seconds(30));
        t.setWrapText(true);
        t.setMaxWidth(560);
        return t;
    }

    private static TableCell<LaneRow, LaneRow> text(String styleClass, Function<LaneRow, String> text,
                                                    Function<LaneRow, String> tip) {
        TableCell<LaneRow, LaneRow> cell = new TableCell<>() {
            @Override
            protected void updateItem(LaneRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : text.apply(r));
                setTooltip(empty || r == null || tip == null ? null : tooltip(tip.apply(r)));
            }
        };
        cell.getStyleClass().add(styleClass);
        return cell;
    }

    /** The lane's folder name over its branch. */
    private static final class LaneCell extends TableCell<LaneRow, LaneRow> {
        private final Label name = new Label();
        private final Label branch = new Label();
        private final VBox box = new VBox(0, name, branch);

        LaneCell() {
            getStyleClass().add("lane-cell");
            name.getStyleClass().add("lane-name");
            branch.getStyleClass().add("lane-branch");
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(LaneRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            name.setText(r.name());
            branch.setText(r.branch());
            setGraphic(box);
            setTooltip(tooltip(r.path() + (r.problems().isEmpty() ? "" : "\n" + String.join("\n", r.problems()))));
        }
    }

    /** Files changed, lines added (green) and removed (red). */
    private static final class ChangesCell extends TableCell<LaneRow, LaneRow> {
        private final Label files = new Label();
        private final Label added = new Label();
        private final Label removed = new Label();
        private final HBox box = new HBox(6, files, added, removed);

        ChangesCell() {
            getStyleClass().add("changes-cell");
            added.getStyleClass().add("lines-added");
            removed.getStyleClass().add("lines-removed");
            box.setAlignment(Pos.CENTER_LEFT);
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(LaneRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null || r.files() < 0) {
                setGraphic(null);
                setTooltip(empty || r == null ? null : tooltip(r.changesTooltip()));
                return;
            }
            files.setText(r.files() == 0 ? "none" : r.filesText());
            added.setText("+" + r.added());
            removed.setText("−" + r.removed());
            added.setVisible(r.files() > 0);
            removed.setVisible(r.files() > 0);
            setGraphic(box);
            setTooltip(tooltip(r.changesTooltip()));
        }
    }

    /** Badges (or a plain label) built per row. */
    private static final class BadgeCell extends TableCell<LaneRow, LaneRow> {
        private final Function<LaneRow, Label[]> badges;
        private final Function<LaneRow, String> tip;
        private final HBox box = new HBox(4);

        BadgeCell(String styleClass, Function<LaneRow, Label[]> badges, Function<LaneRow, String> tip) {
            this.badges = badges;
            this.tip = tip;
            getStyleClass().add(styleClass);
            box.setAlignment(Pos.CENTER_LEFT);
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(LaneRow r, boolean empty) {
            super.updateItem(r, empty);
            box.getChildren().clear();
            if (empty || r == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            for (Node n : badges.apply(r)) {
                if (n != null) {
                    box.getChildren().add(n);
                }
            }
            setGraphic(box.getChildren().isEmpty() ? null : box);
            setTooltip(box.getChildren().isEmpty() ? null : tooltip(tip.apply(r)));
        }
    }

    /** How long the lane's session has run; moves on with the clock while it runs. */
    private final class ElapsedCell extends TableCell<LaneRow, LaneRow> {
        // held weakly by the clock: cells the table drops are collected
        private final InvalidationListener tick = o -> {
            LaneRow r = getItem();
            if (r != null && !r.sessions().live().isEmpty()) {
                setText(r.sessions().elapsed(Instant.now()));
            }
        };

        ElapsedCell() {
            getStyleClass().add("elapsed-cell");
            clock.addListener(new WeakInvalidationListener(tick));
        }

        @Override
        protected void updateItem(LaneRow r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? null : r.sessions().elapsed(Instant.now()));
        }
    }
}
