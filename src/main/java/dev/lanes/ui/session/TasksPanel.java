package dev.lanes.ui.session;

import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Tasks panel: background sessions (builds, test runs, dev servers) with name, worktree,
 * status, elapsed time, exit code and last line. Double-click (or Enter) brings one to a tab.
 */
public final class TasksPanel extends VBox {

    /** What the panel's rows can ask for; the owner runs it off the FX thread. */
    public interface Actions {
        void showOutput(SessionRecord task);

        void stop(SessionRecord task);

        void restart(SessionRecord task);

        void remove(SessionRecord task);
    }

    @FXML private Label tasksSummary;
    @FXML private Button newTaskButton;
    @FXML private Button hideTasksButton;
    @FXML private TableView<TaskRow> tasksTable;
    @FXML private TableColumn<TaskRow, SessionRecord> nameColumn;
    @FXML private TableColumn<TaskRow, String> worktreeColumn;
    @FXML private TableColumn<TaskRow, SessionRecord> statusColumn;
    @FXML private TableColumn<TaskRow, String> elapsedColumn;
    @FXML private TableColumn<TaskRow, String> exitColumn;
    @FXML private TableColumn<TaskRow, String> lastLineColumn;

    private final ObservableList<TaskRow> rows = FXCollections.observableArrayList();
    private Actions actions;

    public TasksPanel() {
        dev.lanes.ui.common.Fxml.loadRoot(this, "TasksPanel.fxml");
        setId("tasksPanel");
    }

    @FXML
    private void initialize() {
        tasksTable.setItems(rows);
        tasksTable.setId("tasksTable");
        tasksTable.setPlaceholder(new Label("No background tasks. Run builds, tests or dev servers here with New Task…"));
        nameColumn.setCellValueFactory(c -> c.getValue().sessionProperty());
        nameColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(SessionRecord s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.status().glyph() + "  " + s.name());
                getStyleClass().removeAll(STATUS_CLASSES);
                if (!empty && s != null) {
                    getStyleClass().add("status-" + s.status().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        });
        worktreeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().session().worktree().getFileName().toString()));
        statusColumn.setCellValueFactory(c -> c.getValue().sessionProperty());
        statusColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(SessionRecord s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.status().label());
            }
        });
        elapsedColumn.setCellValueFactory(c -> c.getValue().elapsedProperty());
        exitColumn.setCellValueFactory(c -> Bindings.createStringBinding(
                () -> c.getValue().session().exitCode() == null ? "" : c.getValue().session().exitCode().toString(),
                c.getValue().sessionProperty()));
        lastLineColumn.setCellValueFactory(c -> c.getValue().lastLineProperty());
        tasksTable.setRowFactory(table -> {
            TableRow<TaskRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    act(a -> a.showOutput(row.getItem().session()));
                }
            });
            return row;
        });
        tasksTable.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                selected().ifPresent(s -> act(a -> a.showOutput(s)));
            } else if (e.getCode() == KeyCode.DELETE) {
                selected().ifPresent(s -> act(a -> a.remove(s)));
            }
        });
        MenuItem show = new MenuItem("Show Output in a Tab");
        show.setOnAction(e -> selected().ifPresent(s -> act(a -> a.showOutput(s))));
        MenuItem stop = new MenuItem("Stop");
        stop.setOnAction(e -> selected().ifPresent(s -> act(a -> a.stop(s))));
        MenuItem restart = new MenuItem("Restart");
        restart.setOnAction(e -> selected().ifPresent(s -> act(a -> a.restart(s))));
        MenuItem remove = new MenuItem("Remove");
        remove.setOnAction(e -> selected().ifPresent(s -> act(a -> a.remove(s))));
        ContextMenu menu = new ContextMenu(show, new SeparatorMenuItem(), stop, restart, new SeparatorMenuItem(), remove);
        menu.setOnShowing(e -> {
            boolean live = selected().map(s -> s.status().isLive()).orElse(false);
            stop.setDisable(!live);
            boolean any = selected().isPresent();
            show.setDisable(!any);
            restart.setDisable(!any);
            remove.setDisable(!any);
        });
        tasksTable.setContextMenu(menu);
        updateSummary();
    }

    private static final java.util.List<String> STATUS_CLASSES = java.util.Arrays.stream(SessionStatus.values())
            .map(s -> "status-" + s.name().toLowerCase(java.util.Locale.ROOT)).toList();

    public void setActions(Actions actions) {
        this.actions = actions;
    }

    public Button newTaskButton() {
        return newTaskButton;
    }

    public Button hideButton() {
        return hideTasksButton;
    }

    private void act(Consumer<Actions> action) {
        if (actions != null) {
            action.accept(actions);
        }
    }

    private Optional<SessionRecord> selected() {
        return Optional.ofNullable(tasksTable.getSelectionModel().getSelectedItem()).map(TaskRow::session);
    }

    /** Adds or refreshes a task's row. */
    public void put(SessionRecord task) {
        for (TaskRow r : rows) {
            if (r.id() == task.id()) {
                r.update(task);
                updateSummary();
                tasksTable.refresh();
                return;
            }
        }
        rows.add(new TaskRow(task));
        updateSummary();
    }

    public void remove(long id) {
        rows.removeIf(r -> r.id() == id);
        updateSummary();
    }

    public void clear() {
        rows.clear();
        updateSummary();
    }

    public ObservableList<TaskRow> rows() {
        return rows;
    }

    /** Once a second: elapsed times and last lines of running tasks. */
    public void tick(java.util.function.LongFunction<String> lastLine) {
        Instant now = Instant.now();
        for (TaskRow r : rows) {
            if (r.session().status().isLive()) {
                r.tick(now);
                r.setLastLine(lastLine.apply(r.id()));
            }
        }
    }

    public void setLastLine(long id, String line) {
        rows.stream().filter(r -> r.id() == id).findFirst().ifPresent(r -> r.setLastLine(line));
    }

    private void updateSummary() {
        long live = rows.stream().filter(r -> r.session().status().isLive()).count();
        long failed = rows.stream().filter(r -> r.session().status() == SessionStatus.FAILED).count();
        tasksSummary.setText(rows.isEmpty() ? "" : live + " running" + (failed > 0 ? " · " + failed + " failed" : "")
                + " · " + rows.size() + " in all");
    }
}
