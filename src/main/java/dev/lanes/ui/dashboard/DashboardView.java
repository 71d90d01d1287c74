package dev.lanes.ui.dashboard;

import dev.lanes.ui.agent.AgentView;
import dev.lanes.ui.common.Fxml;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
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
import java.util.Arrays;
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
    @FXML private TableView<Slot> laneTable;
    @FXML private TableColumn<Slot, LaneRow> laneColumn;
    @FXML private TableColumn<Slot, LaneRow> agentColumn;
    @FXML private TableColumn<Slot, LaneRow> statusColumn;
    @FXML private TableColumn<Slot, LaneRow> changesColumn;
    @FXML private TableColumn<Slot, LaneRow> aheadColumn;
    @FXML private TableColumn<Slot, LaneRow> overlapColumn;
    @FXML private TableColumn<Slot, LaneRow> conflictColumn;
    @FXML private TableColumn<Slot, LaneRow> costColumn;
    @FXML private TableColumn<Slot, LaneRow> elapsedColumn;

    private final Actions actions;
    private final boolean canReview;
    /**
     * One slot per lane, kept across checks: a check sets each slot's row, so only the cells whose
     * row changed update. Replacing the table's items instead made it build every row and cell
     * again (new nodes, their CSS and skins) at each check: 50–150 ms of the FX thread for 21 lanes.
     */
    public static final class Slot {
        private final javafx.beans.property.ObjectProperty<LaneRow> row;
        /**
         * The row as each column sees it: set only when what that column shows of the lane changes (see
         * {@link #SHOWN}), so a check that only moves an agent's status and cost updates those two cells of the
         * row, not all nine (each update lays its cell out and measures its text again).
         */
        private final List<javafx.beans.property.ObjectProperty<LaneRow>> byColumn;

        Slot(LaneRow row) {
            this.row = new javafx.beans.property.SimpleObjectProperty<>(row);
            this.byColumn = SHOWN.stream().map(k -> (javafx.beans.property.ObjectProperty<LaneRow>)
                    new javafx.beans.property.SimpleObjectProperty<>(row)).toList();
        }

        public LaneRow row() {
            return row.get();
        }

        void set(LaneRow next) {
            LaneRow old = row.get();
            row.set(next);
            for (int i = 0; i < SHOWN.size(); i++) {
                if (!SHOWN.get(i).apply(old).equals(SHOWN.get(i).apply(next))) {
                    byColumn.get(i).set(next);
                }
            }
        }
    }

    /**
     * What each column (in the table's order) shows of a lane, its texts and tooltip included, as plain values
     * compared with equals: a column's cells hear of a new row only when this changes.
     */
    private static final List<Function<LaneRow, Object>> SHOWN = List.of(
            r -> Arrays.asList(r.name(), r.branch(), r.path(), r.problems()),
            r -> r.sessions().agent(),
            r -> Arrays.asList(r.sessions().status(), r.sessions().statusClass(), r.sessions().resources()),
            DashboardView::changesShown,
            DashboardView::changesShown,
            r -> Arrays.asList(r.shared(), r.outOfScope()),
            r -> Arrays.asList(r.forecast(), r.target()),
            r -> r.sessions().cost(),
            r -> Arrays.asList(r.sessions().started(), r.sessions().ended(), r.sessions().live().isEmpty()));

    /** What the changes and ahead/behind columns show (the two share a tooltip). */
    private static Object changesShown(LaneRow r) {
        return Arrays.asList(r.files(), r.added(), r.removed(), r.ahead(), r.behind(), r.base(), r.target(), r.problems());
    }

    private final ObservableList<Slot> rows = FXCollections.observableArrayList();
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
        laneTable.setFixedCellSize(38); // as the style sheet's cell size: rows are not measured one by one
        List<TableColumn<Slot, LaneRow>> columns = List.of(laneColumn, agentColumn, statusColumn, changesColumn,
                aheadColumn, overlapColumn, conflictColumn, costColumn, elapsedColumn);
        for (int i = 0; i < columns.size(); i++) {
            int column = i;
            columns.get(i).setCellValueFactory(r -> r.getValue().byColumn.get(column));
        }
        laneColumn.setCellFactory(col -> new LaneCell());
        agentColumn.setCellFactory(col -> text("agent-cell", r -> r.sessions().agent().isEmpty() ? "—" : r.sessions().agent(), null));
        statusColumn.setCellFactory(col -> new TableCell<>() {
            private String shownState = "";

            {
                getStyleClass().add("status-cell");
            }

            @Override
            protected void updateItem(LaneRow r, boolean empty) {
                super.updateItem(r, empty);
                // the state as a pseudo-class (:activity-working, :status-exited…): switching one only picks among
                // styles the cell has; a style class made it look its styles up again at every change
                String wanted = empty || r == null ? "" : r.sessions().statusClass();
                if (!wanted.equals(shownState)) {
                    if (!shownState.isEmpty()) {
                        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass(shownState), false);
                    }
                    if (!wanted.isEmpty()) {
                        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass(wanted), true);
                    }
                    shownState = wanted;
                }
                setText(empty || r == null ? null : (r.sessions().status().isEmpty() ? "no session" : r.sessions().status())
                        + (r.sessions().resources().isEmpty() ? "" : " · " + r.sessions().resources()));
                tip(this, empty || r == null || r.sessions().resources().isEmpty() ? null
                        : "Named resources (one lane at a time): " + r.sessions().resources());
            }
        });
        changesColumn.setCellFactory(col -> new ChangesCell());
        aheadColumn.setCellFactory(col -> text("ahead-cell", LaneRow::aheadBehindText, LaneRow::changesTooltip));
        overlapColumn.setCellFactory(col -> new BadgeCell("overlap-cell", r -> List.of(
                r.shared().isEmpty() ? BadgeCell.NONE : new BadgeCell.Shown(r.overlapText(), "badge", "overlap"),
                r.outOfScope().isEmpty() ? BadgeCell.NONE : new BadgeCell.Shown(r.scopeText(), "badge", "scope")),
                LaneRow::overlapTooltip));
        conflictColumn.setCellFactory(col -> new BadgeCell("conflict-cell", r -> List.of(r.conflicts()
                ? new BadgeCell.Shown(r.conflictText(), "badge", "conflict")
                : new BadgeCell.Shown(r.conflictText(), "plain", r.conflictText().startsWith("✓") ? "merge-ok" : "muted")),
                LaneRow::conflictTooltip));
        costColumn.setCellFactory(col -> text("cost-cell", r -> r.sessions().cost() > 0 ? AgentView.money(r.sessions().cost()) : "", null));
        elapsedColumn.setCellFactory(col -> new ElapsedCell());
        // Each cell is laid out on its own: a cell whose text changes must not mark its row as needing layout,
        // for the table's VirtualFlow rebuilds every row (re-indexing them, their CSS) as soon as one row needs
        // layout. An unmanaged cell is a layout root: it is laid out again without its row being marked. The
        // row's skin sizes and places its cells itself (fixed cell size, the columns' widths).
        for (TableColumn<Slot, LaneRow> c : columns) {
            javafx.util.Callback<TableColumn<Slot, LaneRow>, TableCell<Slot, LaneRow>> made = c.getCellFactory();
            c.setCellFactory(col -> {
                TableCell<Slot, LaneRow> cell = made.call(col);
                cell.setManaged(false);
                return cell;
            });
        }

        laneTable.setRowFactory(tv -> {
            TableRow<Slot> row = new TableRow<>();
            ContextMenu menu = new ContextMenu(
                    item("Open", "rowOpen", () -> actions.open(lane(row.getItem()))),
                    item("Stop Sessions", "rowStop", () -> actions.stop(lane(row.getItem()))),
                    item("Review", "rowReview", () -> actions.review(lane(row.getItem()))),
                    item("Merge…", "rowMerge", () -> actions.merge(lane(row.getItem()))),
                    new SeparatorMenuItem(),
                    item("Show Diff", "rowShowDiff", () -> actions.showDiff(lane(row.getItem()))),
                    item("Set Scope…", "rowSetScope", () -> actions.setScope(lane(row.getItem()))));
            menu.setOnShowing(e -> {
                LaneRow r = lane(row.getItem());
                menu.getItems().get(0).setDisable(r == null || r.sessions().ids().isEmpty());
                menu.getItems().get(1).setDisable(r == null || r.sessions().live().isEmpty());
                menu.getItems().get(2).setDisable(r == null || !canReview);
                menu.getItems().get(3).setDisable(r == null || r.main());
            });
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(menu));
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    if (lane(row.getItem()).sessions().ids().isEmpty()) {
                        actions.showDiff(lane(row.getItem()));
                    } else {
                        actions.open(lane(row.getItem()));
                    }
                }
            });
            return row;
        });

        // the selected lane's row, followed as checks replace it
        javafx.beans.value.ObservableValue<LaneRow> selected = laneTable.getSelectionModel().selectedItemProperty()
                .flatMap(slot -> slot.row);
        laneOpenButton.disableProperty().bind(selected.map(r -> r.sessions().ids().isEmpty()).orElse(true));
        laneStopButton.disableProperty().bind(selected.map(r -> r.sessions().live().isEmpty()).orElse(true));
        laneReviewButton.disableProperty().bind(selected.map(r -> !canReview).orElse(true));
        laneMergeButton.disableProperty().bind(selected.map(LaneRow::main).orElse(true));
        laneDiffButton.disableProperty().bind(selected.map(r -> false).orElse(true));
        dashboardSummary.setText("Checking the lanes…");
    }

    /**
     * Shows these rows (one refresh, in one go); the selected lane stays selected.
     *
     * @param checkedAt when the lanes were checked, or null (the rows only bring the sessions' news)
     */
    public void setRows(List<LaneRow> newRows, Instant checkedAt) {
        boolean sameLanes = newRows.size() == rows.size();
        for (int i = 0; sameLanes && i < newRows.size(); i++) {
            sameLanes = newRows.get(i).samePath(rows.get(i).row().path());
        }
        if (sameLanes) {
            for (int i = 0; i < newRows.size(); i++) {
                if (!newRows.get(i).equals(rows.get(i).row())) {
                    rows.get(i).set(newRows.get(i));
                }
            }
        } else {
            LaneRow selected = lane(laneTable.getSelectionModel().getSelectedItem());
            rows.setAll(newRows.stream().map(Slot::new).toList());
            if (selected != null) {
                select(selected.path());
            }
        }
        dashboardSummary.setText(summary(newRows, checkedAt));
    }

    private static LaneRow lane(Slot slot) {
        return slot == null ? null : slot.row();
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
        return rows.stream().map(Slot::row).toList();
    }

    public TableView<Slot> table() {
        return laneTable;
    }

    /** Selects the lane in {@code folder}, if it has a row. */
    public void select(Path folder) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).row().samePath(folder)) {
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
        LaneRow r = lane(laneTable.getSelectionModel().getSelectedItem());
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

    /**
     * Shows {@code text} as the cell's tooltip (none when empty). A cell keeps one tooltip and only
     * changes its text: each tooltip is a popup window with a scene of its own, and making new ones
     * for every cell at every check took most of the FX thread's time per check.
     */
    private static void tip(TableCell<?, ?> cell, String text) {
        if (text == null || text.isEmpty()) {
            cell.setTooltip(null);
            return;
        }
        Tooltip t = (Tooltip) cell.getProperties().get(Tooltip.class);
        if (t == null) {
            t = new Tooltip();
            t.setShowDelay(Duration.millis(300));
            t.setShowDuration(Duration.seconds(30));
            t.setWrapText(true);
            t.setMaxWidth(560);
            cell.getProperties().put(Tooltip.class, t);
        }
        if (!text.equals(t.getText())) {
            t.setText(text);
        }
        if (cell.getTooltip() != t) {
            cell.setTooltip(t);
        }
    }

    private static TableCell<Slot, LaneRow> text(String styleClass, Function<LaneRow, String> text,
                                                    Function<LaneRow, String> tip) {
        TableCell<Slot, LaneRow> cell = new TableCell<>() {
            @Override
            protected void updateItem(LaneRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : text.apply(r));
                tip(this, empty || r == null || tip == null ? null : tip.apply(r));
            }
        };
        cell.getStyleClass().add(styleClass);
        return cell;
    }

    /** The lane's folder name over its branch. */
    private static final class LaneCell extends TableCell<Slot, LaneRow> {
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
            tip(this, r.path() + (r.problems().isEmpty() ? "" : "\n" + String.join("\n", r.problems())));
        }
    }

    /** Files changed, lines added (green) and removed (red). */
    private static final class ChangesCell extends TableCell<Slot, LaneRow> {
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
                tip(this, empty || r == null ? null : r.changesTooltip());
                return;
            }
            files.setText(r.files() == 0 ? "none" : r.filesText());
            added.setText("+" + r.added());
            removed.setText("−" + r.removed());
            added.setVisible(r.files() > 0);
            removed.setVisible(r.files() > 0);
            setGraphic(box);
            tip(this, r.changesTooltip());
        }
    }

    /** Up to two badges (or a plain label), kept by the cell and changed in place. */
    private static final class BadgeCell extends TableCell<Slot, LaneRow> {
        /** What one label shows: its text and its kind ("badge" or "plain", and the colour class). */
        record Shown(String text, String shape, String kind) {
        }

        static final Shown NONE = new Shown("", "", "");

        private final Function<LaneRow, List<Shown>> shown;
        private final Function<LaneRow, String> tip;
        private final Label[] labels = {new Label(), new Label()};
        private final Shown[] showing = {NONE, NONE};
        private final HBox box = new HBox(4, labels);

        BadgeCell(String styleClass, Function<LaneRow, List<Shown>> shown, Function<LaneRow, String> tip) {
            this.shown = shown;
            this.tip = tip;
            getStyleClass().add(styleClass);
            box.setAlignment(Pos.CENTER_LEFT);
            for (Label l : labels) {
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                l.managedProperty().bind(l.visibleProperty());
            }
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(LaneRow r, boolean empty) {
            super.updateItem(r, empty);
            List<Shown> wanted = empty || r == null ? List.of() : shown.apply(r);
            boolean any = false;
            for (int i = 0; i < labels.length; i++) {
                Shown w = i < wanted.size() ? wanted.get(i) : NONE;
                Label l = labels[i];
                if (!w.shape().equals(showing[i].shape()) || !w.kind().equals(showing[i].kind())) {
                    // the style classes change only when the kind does: a change makes the label look its styles up
                    l.getStyleClass().setAll(w == NONE ? List.of("label") : w.shape().equals("badge")
                            ? List.of("label", "badge", w.kind()) : List.of("label", w.kind()));
                }
                l.setText(w.text());
                l.setVisible(w != NONE && !w.text().isEmpty());
                showing[i] = w;
                any |= l.isVisible();
            }
            setGraphic(any ? box : null);
            tip(this, any ? tip.apply(r) : null);
        }
    }

    /** How long the lane's session has run; moves on with the clock while it runs. */
    private final class ElapsedCell extends TableCell<Slot, LaneRow> {
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
