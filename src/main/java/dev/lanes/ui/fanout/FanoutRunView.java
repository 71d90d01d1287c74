package dev.lanes.ui.fanout;

import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutListener;
import dev.lanes.fanout.ItemState;
import dev.lanes.fanout.RunSummary;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fan-out run as it goes: a progress bar with an ETA, the start-small pause with Continue and
 * Abort, a table of the items (status, duration, cost, verification, changes, links to the diff
 * and the log) and a summary at the end.
 *
 * <p>The engine reports on its own thread through {@link #listener()}; changes wait in a map keyed
 * by item and reach the table once per pulse at most, however fast items churn.
 */
public final class FanoutRunView extends BorderPane {

    /** What the view asks of its owner; called on the FX thread. */
    public interface Actions {
        void continueRun();

        void abort();

        void cancelAll();

        void retryFailed();

        /** Resume a run recorded earlier (Lanes was closed or crashed while it ran). */
        void resume();

        /** Merge the passed items' branches (only offered when {@link #canMerge()}); {@code items} are all the run's items. */
        void merge(List<FanoutItem> items);

        boolean canMerge();

        /**
         * Remove the worktrees the run made, keeping those with uncommitted changes (offered with
         * {@link #canMerge()}, once the run ended); {@code items} are all the run's items.
         */
        default void removeWorktrees(List<FanoutItem> items) {
        }

        void openLog(FanoutItem item);

        void openDiff(FanoutItem item);

        /**
         * The items' changes as "+12 −3" by index, looked up off the FX thread (one task for them all);
         * {@code done} gets them on the FX thread.
         */
        void changes(List<FanoutItem> items, java.util.function.Consumer<Map<Integer, String>> done);
    }

    /** A row: one item, replaced as the engine reports. */
    public static final class Row {
        private final ObjectProperty<FanoutItem> item;
        private final StringProperty changes = new SimpleStringProperty("");

        Row(FanoutItem item) {
            this.item = new SimpleObjectProperty<>(item);
        }

        public FanoutItem item() {
            return item.get();
        }

        public ObjectProperty<FanoutItem> itemProperty() {
            return item;
        }

        public StringProperty changesProperty() {
            return changes;
        }
    }

    /**
     * An item's state on its status cell, as a pseudo-class ({@code :item-running}): a pseudo-class
     * only switches styles the cell already has, where a style class made every update look up the
     * cell's styles again (under a churn of short items, most of the FX thread's time).
     */
    private static final java.util.Map<ItemState, javafx.css.PseudoClass> STATE_PSEUDO = java.util.Arrays.stream(ItemState.values())
            .collect(java.util.stream.Collectors.toMap(s -> s, s -> javafx.css.PseudoClass.getPseudoClass("item-" + s.label()),
                    (a, b) -> a, () -> new java.util.EnumMap<>(ItemState.class)));
    private static final javafx.css.PseudoClass VERIFY_PASS = javafx.css.PseudoClass.getPseudoClass("verify-pass");
    private static final javafx.css.PseudoClass VERIFY_FAIL = javafx.css.PseudoClass.getPseudoClass("verify-fail");

    @FXML private Label runTitle;
    @FXML private Button resumeButton;
    @FXML private Button retryButton;
    @FXML private Button mergeButton;
    @FXML private Button cleanButton;
    @FXML private Button cancelButton;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressLabel;
    @FXML private HBox pausedBar;
    @FXML private Label pausedLabel;
    @FXML private Button continueButton;
    @FXML private Button abortButton;
    @FXML private Label summaryLabel;
    @FXML private TableView<Row> itemsTable;
    @FXML private TableColumn<Row, FanoutItem> indexColumn;
    @FXML private TableColumn<Row, FanoutItem> itemColumn;
    @FXML private TableColumn<Row, FanoutItem> statusColumn;
    @FXML private TableColumn<Row, FanoutItem> durationColumn;
    @FXML private TableColumn<Row, FanoutItem> costColumn;
    @FXML private TableColumn<Row, FanoutItem> verifyColumn;
    @FXML private TableColumn<Row, String> changesColumn;
    @FXML private TableColumn<Row, FanoutItem> linksColumn;
    @FXML private TableColumn<Row, FanoutItem> messageColumn;

    private final Actions actions;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Map<ItemState, Integer> counts = new EnumMap<>(ItemState.class);
    private final Map<Integer, FanoutItem> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile RunSummary pausedAt;
    private volatile RunSummary endedWith;
    private volatile String concurrencyNote;
    private final javafx.beans.property.LongProperty clock = new javafx.beans.property.SimpleLongProperty();
    private double spent;
    private final Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
    private long attachedNanos;
    private int endedSinceAttach;
    private boolean ended;
    private java.util.function.Consumer<RunSummary> onEnded = s -> {
    };
    private java.util.function.Consumer<RunSummary> onPaused = s -> {
    };

    public FanoutRunView(String title, List<FanoutItem> items, Actions actions) {
        this.actions = actions;
        dev.lanes.ui.common.Fxml.loadRoot(this, "FanoutRunView.fxml");
        getStylesheets().add(java.util.Objects.requireNonNull(FanoutRunView.class.getResource("fanout.css")).toExternalForm());
        setId("fanoutRunView");
        runTitle.setText(title);
        List<Row> initial = new ArrayList<>(items.size());
        for (FanoutItem i : items) {
            initial.add(new Row(i));
            counts.merge(i.state(), 1, Integer::sum);
            spent += i.costUsd();
        }
        rows.setAll(initial);
        attachedNanos = System.nanoTime();
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
        for (Row r : initial) {
            if (r.item().state().finished()) {
                askChanges(r);
            }
        }
        updateProgress();
    }

    /** One tooltip per column, shared by its cells: each tooltip is a popup window with a scene of its own. */
    private final Tooltip diffTip = new Tooltip("What this item changed");
    private final Tooltip logTip = new Tooltip("The item's output (program and verification)");

    @FXML
    private void initialize() {
        itemsTable.setItems(rows);
        itemsTable.setPlaceholder(new Label("No items."));
        itemsTable.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.SINGLE);
        indexColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        indexColumn.setCellFactory(col -> cell(i -> Integer.toString(i.index())));
        itemColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        itemColumn.setCellFactory(col -> {
            TableCell<Row, FanoutItem> cell = cell(FanoutItem::path);
            cell.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
            return cell;
        });
        statusColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        statusColumn.setCellFactory(col -> new TableCell<>() {
            private ItemState shown;

            @Override
            protected void updateItem(FanoutItem i, boolean empty) {
                super.updateItem(i, empty);
                ItemState state = empty || i == null ? null : i.state();
                if (state != shown) {
                    if (shown != null) {
                        pseudoClassStateChanged(STATE_PSEUDO.get(shown), false);
                    }
                    if (state != null) {
                        pseudoClassStateChanged(STATE_PSEUDO.get(state), true);
                    }
                    shown = state;
                }
                setText(state == null ? null : glyph(state) + "  " + state.label()
                        + (i.attempts() > 1 ? " (try " + i.attempts() + ")" : ""));
            }
        });
        durationColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        durationColumn.setCellFactory(col -> new TableCell<>() {
            // a running item's duration moves on with the clock; only the cells showing one redraw.
            // Held weakly by the clock: cells dropped by the table (refresh) are collected.
            private final javafx.beans.InvalidationListener tick = o -> {
                if (getItem() != null && getItem().state() == ItemState.RUNNING) {
                    setText(duration(getItem(), Instant.now()));
                }
            };

            {
                clock.addListener(new javafx.beans.WeakInvalidationListener(tick));
            }

            @Override
            protected void updateItem(FanoutItem i, boolean empty) {
                super.updateItem(i, empty);
                setText(empty || i == null ? null : duration(i, Instant.now()));
            }
        });
        costColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        costColumn.setCellFactory(col -> cell(i -> i.costUsd() > 0 ? money(i.costUsd()) : ""));
        verifyColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        verifyColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(FanoutItem i, boolean empty) {
                super.updateItem(i, empty);
                boolean none = empty || i == null || i.verifyExit() == null;
                boolean pass = !none && i.verifyExit() == 0;
                pseudoClassStateChanged(VERIFY_PASS, pass);
                pseudoClassStateChanged(VERIFY_FAIL, !none && !pass);
                setText(none ? null : pass ? "✓ pass" : "✗ exit " + i.verifyExit());
            }
        });
        changesColumn.setCellValueFactory(c -> c.getValue().changesProperty());
        linksColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        linksColumn.setCellFactory(col -> new TableCell<>() {
            private final Hyperlink diff = new Hyperlink("diff");
            private final Hyperlink log = new Hyperlink("log");
            private final HBox box = new HBox(2, diff, log);

            {
                diff.getStyleClass().add("item-diff-link");
                log.getStyleClass().add("item-log-link");
                diff.setOnAction(e -> Optional.ofNullable(getItem()).ifPresent(actions::openDiff));
                log.setOnAction(e -> Optional.ofNullable(getItem()).ifPresent(actions::openLog));
                diff.setTooltip(diffTip);
                log.setTooltip(logTip);
            }

            @Override
            protected void updateItem(FanoutItem i, boolean empty) {
                super.updateItem(i, empty);
                if (empty || i == null) {
                    setGraphic(null);
                    return;
                }
                diff.setDisable(i.attempts() == 0);
                log.setDisable(i.logFile() == null);
                setGraphic(box);
            }
        });
        messageColumn.setCellValueFactory(c -> c.getValue().itemProperty());
        messageColumn.setCellFactory(col -> {
            TableCell<Row, FanoutItem> cell = cell(FanoutItem::message);
            cell.getStyleClass().add("item-message");
            return cell;
        });
        itemsTable.setRowFactory(table -> {
            TableRow<Row> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()
                        && row.getItem().item().logFile() != null) {
                    actions.openLog(row.getItem().item());
                }
            });
            return row;
        });
        itemsTable.setOnKeyPressed(e -> {
            Row r = itemsTable.getSelectionModel().getSelectedItem();
            if (r == null) {
                return;
            }
            if (e.getCode() == KeyCode.ENTER && r.item().logFile() != null) {
                actions.openLog(r.item());
                e.consume();
            } else if (e.getCode() == KeyCode.D && r.item().attempts() > 0) {
                actions.openDiff(r.item());
                e.consume();
            }
        });
        mergeButton.setVisible(false);
        resumeButton.setVisible(false);
        resumeButton.managedProperty().bind(resumeButton.visibleProperty());
        mergeButton.managedProperty().bind(mergeButton.visibleProperty());
        cleanButton.setVisible(false);
        cleanButton.managedProperty().bind(cleanButton.visibleProperty());
        summaryLabel.managedProperty().bind(summaryLabel.visibleProperty());
        pausedBar.managedProperty().bind(pausedBar.visibleProperty());
    }

    private static TableCell<Row, FanoutItem> cell(java.util.function.Function<FanoutItem, String> text) {
        return new TableCell<>() {
            @Override
            protected void updateItem(FanoutItem i, boolean empty) {
                super.updateItem(i, empty);
                setText(empty || i == null ? null : text.apply(i));
            }
        };
    }

    /** Where the engine reports; safe to call from any thread. */
    public FanoutListener listener() {
        return new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                pending.put(item.index(), item);
                schedule();
            }

            @Override
            public void paused(RunSummary soFar) {
                pausedAt = soFar;
                schedule();
            }

            @Override
            public void concurrencyChanged(int limit, String reason) {
                concurrencyNote = "At most " + limit + " at once: " + reason;
                schedule();
            }

            @Override
            public void ended(RunSummary summary) {
                endedWith = summary;
                schedule();
            }
        };
    }

    private void schedule() {
        if (drainScheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    /** Takes what the engine reported since the last pulse into the table, on the FX thread. */
    private void drain() {
        drainScheduled.set(false);
        if (!pending.isEmpty()) {
            for (Integer index : new ArrayList<>(pending.keySet())) {
                FanoutItem item = pending.remove(index);
                if (item == null || index < 1 || index > rows.size()) {
                    continue;
                }
                Row row = rows.get(index - 1);
                FanoutItem old = row.item();
                counts.merge(old.state(), -1, Integer::sum);
                counts.merge(item.state(), 1, Integer::sum);
                spent += item.costUsd() - old.costUsd();
                if (!settled(old.state()) && settled(item.state())) {
                    endedSinceAttach++;
                }
                row.itemProperty().set(item);
                if (item.state().finished() && !old.state().finished() || item.state() == ItemState.RUNNING) {
                    row.changesProperty().set(item.state() == ItemState.RUNNING ? "" : "…");
                    if (item.state().finished()) {
                        askChanges(row);
                    }
                }
            }
        }
        RunSummary paused = pausedAt;
        if (paused != null) {
            pausedAt = null;
            showPaused(paused);
        }
        RunSummary end = endedWith;
        if (end != null) {
            endedWith = null;
            showEnded(end);
        }
        updateProgress();
    }

    /** Rows whose changes are to be counted; one batch at a time goes to the owner, so a big run never floods its pool. */
    private final java.util.ArrayDeque<Row> changesWanted = new java.util.ArrayDeque<>();
    private boolean changesAsked;
    private static final int CHANGES_BATCH = 25;

    private void askChanges(Row row) {
        changesWanted.add(row);
        askNextChanges();
    }

    private void askNextChanges() {
        if (changesAsked || changesWanted.isEmpty()) {
            return;
        }
        List<Row> batch = new ArrayList<>();
        while (!changesWanted.isEmpty() && batch.size() < CHANGES_BATCH) {
            batch.add(changesWanted.poll());
        }
        List<FanoutItem> asked = batch.stream().map(Row::item).toList();
        changesAsked = true;
        actions.changes(asked, byIndex -> {
            changesAsked = false;
            for (int k = 0; k < batch.size(); k++) {
                Row row = batch.get(k);
                String text = byIndex.get(asked.get(k).index());
                if (text != null && row.item().attempts() == asked.get(k).attempts()) {
                    row.changesProperty().set(text);
                }
            }
            askNextChanges();
        });
    }

    private static boolean settled(ItemState s) {
        return s != ItemState.QUEUED && s != ItemState.RUNNING && s != ItemState.INTERRUPTED;
    }

    private void showPaused(RunSummary soFar) {
        int ran = soFar.total() - soFar.count(ItemState.QUEUED) - soFar.count(ItemState.INTERRUPTED);
        pausedLabel.setText("Started small: the first " + ran + " ended (" + soFar.count(ItemState.PASSED) + " passed"
                + (failedCount(soFar) > 0 ? ", " + failedCount(soFar) + " failed" : "") + "). Look at their diffs, then "
                + "Continue with the other " + soFar.count(ItemState.QUEUED) + ", or Abort.");
        pausedBar.setVisible(true);
        continueButton.requestFocus();
        onPaused.accept(soFar);
    }

    private static int failedCount(RunSummary s) {
        return s.count(ItemState.FAILED) + s.count(ItemState.VERIFY_FAILED);
    }

    private void showEnded(RunSummary s) {
        ended = true;
        ticker.stop();
        pausedBar.setVisible(false);
        summaryLabel.setText(summaryText(s));
        summaryLabel.getStyleClass().removeAll("ok", "error");
        summaryLabel.getStyleClass().add(s.allPassed() ? "ok" : "error");
        summaryLabel.setVisible(true);
        mergeButton.setVisible(actions.canMerge() && s.count(ItemState.PASSED) > 0);
        cleanButton.setVisible(hasWorktrees());
        itemsTable.refresh();
        onEnded.accept(s);
    }

    /** "Done: 18 passed, 1 failed, 1 skipped of 20 · spent $0.42 · 3 min 12 s". */
    static String summaryText(RunSummary s) {
        StringBuilder b = new StringBuilder(s.allPassed() ? "✓ Done: all " + s.total() + " passed" : "Ended: ");
        if (!s.allPassed()) {
            List<String> parts = new ArrayList<>();
            for (ItemState st : ItemState.values()) {
                if (s.count(st) > 0) {
                    parts.add(s.count(st) + " " + st.label());
                }
            }
            b.append(String.join(", ", parts)).append(" of ").append(s.total());
        }
        if (s.spentUsd() > 0) {
            b.append(" · spent ").append(money(s.spentUsd()));
        }
        Instant first = null;
        Instant last = null;
        for (FanoutItem i : s.items()) {
            if (i.startedAt() != null && (first == null || i.startedAt().isBefore(first))) {
                first = i.startedAt();
            }
            if (i.endedAt() != null && (last == null || i.endedAt().isAfter(last))) {
                last = i.endedAt();
            }
        }
        if (first != null && last != null && !last.isBefore(first)) {
            b.append(" · ").append(human(java.time.Duration.between(first, last)));
        }
        return b.toString();
    }

    /** Called when the run pauses after its first items. */
    public void setOnPaused(java.util.function.Consumer<RunSummary> onPaused) {
        this.onPaused = onPaused;
    }

    /** Called when the run ends (again after a retry). */
    public void setOnEnded(java.util.function.Consumer<RunSummary> onEnded) {
        this.onEnded = onEnded;
    }

    private void tick() {
        // durations of running items and the ETA move on their own
        clock.set(clock.get() + 1);
        updateProgress();
    }

    private int count(ItemState s) {
        return counts.getOrDefault(s, 0);
    }

    private void updateProgress() {
        int total = rows.size();
        int running = count(ItemState.RUNNING);
        int waiting = count(ItemState.QUEUED) + count(ItemState.INTERRUPTED);
        int settled = total - running - waiting;
        progressBar.setProgress(total == 0 ? 1 : (double) settled / total);
        StringBuilder b = new StringBuilder().append(settled).append(" of ").append(total).append(" ended");
        if (running > 0) {
            b.append(" · ").append(running).append(" running");
        }
        int failed = count(ItemState.FAILED) + count(ItemState.VERIFY_FAILED);
        if (failed > 0) {
            b.append(" · ").append(failed).append(" failed");
        }
        if (spent > 0.000_001) {
            b.append(" · ").append(money(spent));
        }
        if (!ended && endedSinceAttach > 0 && (running + waiting) > 0 && !pausedBar.isVisible()) {
            long elapsed = System.nanoTime() - attachedNanos;
            long eta = elapsed / endedSinceAttach * (running + waiting);
            b.append(" · about ").append(human(java.time.Duration.ofNanos(eta))).append(" left");
        }
        String note = concurrencyNote;
        if (note != null && !ended) {
            b.append(" · ").append(note);
        }
        progressLabel.setText(b.toString());
        int retryable = 0;
        for (ItemState st : ItemState.values()) {
            retryable += st.retryable() ? count(st) : 0;
        }
        retryButton.setDisable(running > 0 || waiting > 0 && !ended || retryable == 0);
        cancelButton.setDisable(ended || running == 0 && waiting == 0);
    }

    public void setTitle(String title) {
        runTitle.setText(title);
    }

    /** A run loaded from the store: offer Resume when it has unfinished items. */
    public void offerResume(boolean unfinished) {
        ticker.stop();
        ended = true;
        resumeButton.setVisible(unfinished);
        mergeButton.setVisible(actions.canMerge() && count(ItemState.PASSED) > 0);
        cleanButton.setVisible(!unfinished && hasWorktrees());
        if (!unfinished) {
            RunSummary s = summaryOfRows();
            summaryLabel.setText(summaryText(s));
            summaryLabel.getStyleClass().add(s.allPassed() ? "ok" : "error");
            summaryLabel.setVisible(true);
        } else {
            summaryLabel.setText("This run did not finish (Lanes was closed or ended while it ran). Resume runs the "
                    + "unfinished items; finished ones are not run again.");
            summaryLabel.getStyleClass().removeAll("ok", "error");
            summaryLabel.setVisible(true);
        }
        updateProgress();
    }

    /** Resume or retry failed: they can be tried again. */
    public void stalled() {
        resumeButton.setDisable(false);
        ended = true;
        ticker.stop();
        updateProgress();
    }

    /** An engine now reports to this view (after Resume). */
    public void attached() {
        resumeButton.setVisible(false);
        resumed();
    }

    public boolean hasEnded() {
        return ended;
    }

    private RunSummary summaryOfRows() {
        return RunSummary.of(0, rows.stream().map(Row::item).toList());
    }

    /** The run goes on after a retry: the summary gives way to progress again. */
    public void resumed() {
        ended = false;
        mergeButton.setVisible(false);
        cleanButton.setVisible(false);
        attachedNanos = System.nanoTime();
        endedSinceAttach = 0;
        summaryLabel.setVisible(false);
        ticker.play();
        updateProgress();
    }

    /** Stops the view's timer (its tab closed). */
    public void dispose() {
        ticker.stop();
    }

    @FXML
    private void continueRun() {
        pausedBar.setVisible(false);
        attachedNanos = System.nanoTime();
        endedSinceAttach = 0;
        actions.continueRun();
    }

    @FXML
    private void abort() {
        pausedBar.setVisible(false);
        actions.abort();
    }

    @FXML
    private void cancelAll() {
        actions.cancelAll();
    }

    @FXML
    private void resume() {
        resumeButton.setDisable(true);
        actions.resume();
    }

    @FXML
    private void retryFailed() {
        resumed();
        actions.retryFailed();
    }

    @FXML
    private void merge() {
        actions.merge(rows.stream().map(Row::item).toList());
    }

    @FXML
    private void removeWorktrees() {
        actions.removeWorktrees(rows.stream().map(Row::item).toList());
    }

    /** Whether the run made worktrees (a placement per item or batch) and any item has one. */
    private boolean hasWorktrees() {
        return actions.canMerge() && rows.stream().anyMatch(r -> r.item().place() != null);
    }

    public List<Row> rows() {
        return java.util.Collections.unmodifiableList(rows);
    }

    static String glyph(ItemState s) {
        return switch (s) {
            case QUEUED -> "·";
            case RUNNING -> "●";
            case PASSED -> "✓";
            case FAILED, VERIFY_FAILED -> "✗";
            case SKIPPED, CANCELLED -> "–";
            case INTERRUPTED -> "!";
        };
    }

    static String duration(FanoutItem i, Instant now) {
        if (i.startedAt() == null) {
            return "";
        }
        Instant end = i.state() == ItemState.RUNNING || i.endedAt() == null ? now : i.endedAt();
        return human(java.time.Duration.between(i.startedAt(), end));
    }

    static String human(java.time.Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    static String money(double usd) {
        return String.format(Locale.ROOT, "$%.2f", usd);
    }

}
