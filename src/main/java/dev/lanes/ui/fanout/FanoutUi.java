package dev.lanes.ui.fanout;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutRunInfo;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.FanoutStore;
import dev.lanes.fanout.ItemState;
import dev.lanes.model.AgentProfile;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.UiTasks;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The fan-out tabs: a setup tab per worktree asked for, then one tab per run with its engine. A run
 * recorded earlier (Lanes restarted or crashed) opens from the setup's Earlier Runs, and resumes.
 * Closing Lanes stops the running items; their run resumes later without rerunning what finished.
 */
public final class FanoutUi implements AutoCloseable {

    /** What the fan-out tabs need from the window and the services. */
    public interface Host {
        Window window();

        void showStatus(String message, String kind);

        /** The store, once open (never waited for on the FX thread). */
        CompletableFuture<? extends FanoutStore> store();

        /** The agent profiles to offer (no store read). */
        List<AgentProfile> profiles();

        /** Added to every item's environment. */
        Map<String, String> environment();

        /** Where items' logs go. */
        Path logFolder();

        /** Asks an agent read-only for a list of files; completes with its answer text. */
        CompletableFuture<String> askAgent(Path folder, AgentProfile profile, String question);

        /** "+12 −3 in 1 file" for what an item changed; computed off the FX thread. */
        String changes(FanoutSpec spec, FanoutItem item);

        /** The item's diff as text; computed off the FX thread. */
        String diff(FanoutSpec spec, FanoutItem item);

        /** The git service the engines make worktrees with and the merges use. */
        dev.lanes.git.GitService git();

        /** Worktrees were made or removed: the window lists them again. */
        default void worktreesChanged() {
        }

        /** Releases what the host holds (Lanes is closing). */
        default void close() {
        }
    }

    private final TabPane tabs;
    private final UiTasks tasks;
    private final Host host;
    private final Map<Long, RunTab> runs = new HashMap<>();
    /** Runs being read from the store, and setup tabs whose run is being recorded: asked again, nothing happens. */
    private final java.util.Set<Object> pending = new java.util.HashSet<>();

    public FanoutUi(TabPane tabs, UiTasks tasks, Host host) {
        this.tabs = tabs;
        this.tasks = tasks;
        this.host = host;
    }

    /** A tab to set up a fan-out over files of {@code worktree}. */
    public void openSetup(Path worktree, String branch, String name) {
        for (Tab t : tabs.getTabs()) {
            if (t.getContent() instanceof FanoutSetupView v && v.getProperties().get("folder").equals(worktree)) {
                tabs.getSelectionModel().select(t);
                return;
            }
        }
        Tab tab = new Tab("Fan-out · " + name);
        tab.getStyleClass().add("fanout-tab");
        FanoutSetupView view = new FanoutSetupView(worktree, branch, "Fan-out in " + name + (branch == null ? "" : " · " + branch),
                host.profiles(), host.environment(), host.logFolder().toString(), tasks, new FanoutSetupView.Actions() {
            @Override
            public void run(FanoutSpec spec) {
                start(tab, spec);
            }

            @Override
            public void askAgent(AgentProfile profile, String question, Consumer<String> answer) {
                CompletableFuture<String> asked;
                try {
                    asked = host.askAgent(worktree, profile, question);
                } catch (RuntimeException ex) {
                    asked = CompletableFuture.failedFuture(ex);
                }
                asked.whenComplete((text, err) -> javafx.application.Platform.runLater(() -> {
                    if (err != null) {
                        host.showStatus(profile.name() + " could not list files: " + Dialogs.message(err), "error");
                        answer.accept(null);
                    } else {
                        answer.accept(text);
                    }
                }));
            }

            @Override
            public void earlierRuns(Consumer<List<FanoutRunInfo>> out) {
                host.store().thenApply(s -> s.fanoutRuns(worktree.toString(), 20))
                        .whenComplete((list, err) -> javafx.application.Platform.runLater(
                                () -> out.accept(err == null ? list : null)));
            }

            @Override
            public void openRun(FanoutRunInfo run) {
                open(run.id(), name);
            }
        });
        view.getProperties().put("folder", worktree);
        tab.setContent(view);
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
    }

    /** Records the run, starts it, and turns the setup tab into the run's tab. */
    private void start(Tab setupTab, FanoutSpec spec) {
        if (!pending.add(setupTab)) {
            return; // Run pressed twice: one run
        }
        RunTab run = new RunTab(spec, title(spec, null), initialItems(spec));
        tasks.run("Starting the fan-out", () -> {
            FanoutStore store = host.store().get();
            FanoutEngine engine = FanoutEngine.create(spec, store, run.view.listener(), host.git());
            engine.start();
            return engine;
        }, engine -> {
            pending.remove(setupTab);
            run.engine = engine;
            run.id = engine.runId();
            run.tab.setText(tabTitle(spec, engine.runId()));
            run.view.setTitle(title(spec, engine.runId()));
            runs.put(engine.runId(), run);
            int at = tabs.getTabs().indexOf(setupTab);
            tabs.getTabs().add(at < 0 ? tabs.getTabs().size() : at + 1, run.tab);
            tabs.getSelectionModel().select(run.tab);
            host.showStatus("Fan-out run " + engine.runId() + " started over " + spec.items().size() + " items.", null);
        }, err -> {
            pending.remove(setupTab);
            run.view.dispose();
            tasks.errors().report("Starting the fan-out", err);
        });
    }

    private static List<FanoutItem> initialItems(FanoutSpec spec) {
        List<FanoutItem> items = new java.util.ArrayList<>(spec.items().size());
        for (int i = 0; i < spec.items().size(); i++) {
            items.add(FanoutItem.queued(i + 1, spec.items().get(i)));
        }
        return items;
    }

    private static String title(FanoutSpec spec, Long id) {
        String what = spec.agent() != null ? spec.agent().name() : spec.command().get(0);
        return (id == null ? "Fan-out" : "Run " + id) + " · " + what + " over " + spec.items().size()
                + (spec.items().size() == 1 ? " item" : " items") + " · " + (spec.ordered() ? "in order"
                : "up to " + spec.concurrency() + " at once") + " · " + Path.of(spec.folder()).getFileName();
    }

    /** Shows recorded run {@code id} (its tab if it runs here; else from the store, with Resume when unfinished). */
    public void open(long id, String worktreeName) {
        RunTab open = runs.get(id);
        if (open != null) {
            if (!tabs.getTabs().contains(open.tab)) {
                tabs.getTabs().add(open.tab);
            }
            tabs.getSelectionModel().select(open.tab);
            return;
        }
        if (!pending.add(id)) {
            return; // already being opened
        }
        tasks.run("Opening fan-out run " + id, () -> {
            FanoutStore store = host.store().get();
            FanoutSpec spec = store.fanoutRun(id).orElseThrow(() -> new IllegalStateException("There is no fan-out run " + id + "."));
            return Map.entry(spec, store.fanoutItems(id));
        }, loaded -> {
            pending.remove(id);
            // an item the store says runs ran when Lanes ended: it shows as interrupted (Resume records it so)
            List<FanoutItem> items = loaded.getValue().stream().map(i -> i.state() != ItemState.RUNNING ? i
                    : new FanoutItem(i.index(), i.path(), ItemState.INTERRUPTED, i.attempts(), i.costUsd(), i.exitCode(),
                    i.verifyExit(), "Lanes ended while it ran; Resume runs it again.", i.logFile(), i.startedAt(), null,
                    i.place())).toList();
            RunTab run = new RunTab(loaded.getKey(), title(loaded.getKey(), id), items);
            run.id = id;
            run.tab.setText(tabTitle(loaded.getKey(), id));
            runs.put(id, run);
            boolean unfinished = items.stream().anyMatch(i -> i.state() == ItemState.QUEUED
                    || i.state() == ItemState.INTERRUPTED);
            run.view.offerResume(unfinished);
            tabs.getTabs().add(run.tab);
            tabs.getSelectionModel().select(run.tab);
        }, err -> {
            pending.remove(id);
            tasks.errors().report("Opening fan-out run " + id, err);
        });
    }

    /** One run's tab, view and (once started or resumed) engine. */
    private final class RunTab {
        final FanoutSpec spec;
        final Tab tab;
        final FanoutRunView view;
        FanoutEngine engine;
        long id;

        RunTab(FanoutSpec spec, String title, List<FanoutItem> items) {
            this.spec = spec;
            this.tab = new Tab(tabTitle(spec, null));
            this.view = new FanoutRunView(title, items, actions());
            tab.setContent(view);
            tab.getStyleClass().add("fanout-tab");
            view.setOnPaused(s -> notice("paused after its first " + (s.total() - s.count(ItemState.QUEUED))
                    + ": look at them, then Continue or Abort.", false));
            view.setOnEnded(s -> notice(FanoutRunView.summaryText(s), !s.allPassed()));
            tab.setOnCloseRequest(e -> {
                if (engine != null && running()) {
                    boolean stop = Dialogs.confirm(host.window(), "stopFanoutDialog", "Stop this fan-out run?",
                            "Its running items are stopped (each whole process tree) and nothing more starts. "
                                    + "Finished items stay; the run can be resumed later from Earlier Runs.",
                            "Stop Run", true);
                    if (!stop) {
                        e.consume();
                        return;
                    }
                }
                close();
                // removed here, not by the tab pane: Ctrl+W calls this handler too and expects the tab gone
                e.consume();
                tabs.getTabs().remove(tab);
            });
        }

        private boolean running() {
            return view.rows().stream().anyMatch(r -> r.item().state() == ItemState.RUNNING
                    || r.item().state() == ItemState.QUEUED) && !view.hasEnded();
        }

        void close() {
            view.dispose();
            if (engine != null) {
                FanoutEngine e = engine;
                tasks.run("Stopping fan-out run " + e.runId(), () -> {
                    e.close();
                    return null;
                }, x -> {
                });
            }
            runs.values().remove(this);
        }

        private void notice(String text, boolean error) {
            String title = "Fan-out " + (engine != null ? "run " + engine.runId() : "");
            host.showStatus(title + ": " + text, error ? "error" : null);
            Window w = host.window();
            boolean looking = w != null && w.isFocused() && tab.isSelected();
            if (!looking && w != null && w.isShowing()) {
                Notifications n = Notifications.create().title(title).text(text).owner(w).hideAfter(Duration.seconds(6));
                if (error) {
                    n.showError();
                } else {
                    n.showInformation();
                }
            }
        }

        private FanoutRunView.Actions actions() {
            return new FanoutRunView.Actions() {
                @Override
                public void continueRun() {
                    engine.continueRun();
                }

                @Override
                public void abort() {
                    engine.abort();
                }

                @Override
                public void cancelAll() {
                    long n = view.rows().stream().filter(r -> r.item().state() == ItemState.RUNNING).count();
                    if (n == 0 || Dialogs.confirm(host.window(), "cancelFanoutDialog", "Cancel the whole run?",
                            "Stops the " + n + " running " + (n == 1 ? "item" : "items")
                                    + " (each whole process tree) and starts no more. Finished items stay.", "Cancel All", true)) {
                        engine.cancelAll();
                    }
                }

                @Override
                public void retryFailed() {
                    FanoutEngine e = engine;
                    tasks.run("Retrying failed items", () -> {
                        FanoutEngine on = e != null ? e : FanoutEngine.resume(host.store().get(), id, view.listener(), host.git());
                        if (e == null) {
                            on.start(); // a run read from the store: its unfinished items run too
                        }
                        on.retryFailed();
                        return on;
                    }, on -> {
                        if (engine == null) {
                            engine = on;
                            view.attached();
                        }
                    }, err -> {
                        view.stalled();
                        tasks.errors().report("Retrying the failed items of run " + id, err);
                    });
                }

                @Override
                public void resume() {
                    tasks.run("Resuming fan-out run " + id, () -> {
                        FanoutEngine e = FanoutEngine.resume(host.store().get(), id, view.listener(), host.git());
                        e.start();
                        return e;
                    }, e -> {
                        engine = e;
                        view.attached();
                        host.showStatus("Fan-out run " + id + " resumed: finished items are not run again.", null);
                    }, err -> {
                        view.stalled();
                        tasks.errors().report("Resuming fan-out run " + id, err);
                    });
                }

                @Override
                public void merge(List<FanoutItem> passed) {
                    mergeItems(spec, passed);
                }

                @Override
                public boolean canMerge() {
                    return spec.placement().usesWorktrees();
                }

                @Override
                public void removeWorktrees(List<FanoutItem> items) {
                    removeRunWorktrees(spec, items);
                }

                @Override
                public void openLog(FanoutItem item) {
                    showText("Log of item " + item.index() + " · " + item.path(), "fanoutLogDialog",
                            () -> dev.lanes.process.LogTail.read(Path.of(item.logFile()), 2_000_000));
                }

                @Override
                public void openDiff(FanoutItem item) {
                    showText("Changes of item " + item.index() + " · " + item.path(), "fanoutDiffDialog",
                            () -> host.diff(spec, item));
                }

                @Override
                public void changes(List<FanoutItem> items, Consumer<Map<Integer, String>> done) {
                    tasks.run("Counting the changes of " + items.size() + (items.size() == 1 ? " item" : " items"), () -> {
                        Map<Integer, String> out = new HashMap<>();
                        for (FanoutItem i : items) {
                            try {
                                out.put(i.index(), host.changes(spec, i));
                            } catch (RuntimeException ex) {
                                out.put(i.index(), "?");
                            }
                        }
                        return out;
                    }, done, err -> done.accept(Map.of()));
                }
            };
        }
    }

    private static String tabTitle(FanoutSpec spec, Long id) {
        return (id == null ? "Fan-out" : "Run " + id) + " · " + spec.items().size() + " · " + Path.of(spec.folder()).getFileName();
    }

    /** A read-only text (a log, a diff) in a dialog of its own, read in the background. */
    private void showText(String title, String id, java.util.concurrent.Callable<String> read) {
        tasks.run("Reading " + title, read, text -> {
            javafx.scene.control.Dialog<Void> d = new javafx.scene.control.Dialog<>();
            Dialogs.prepare(d, host.window(), id);
            d.setTitle(title);
            d.setHeaderText(null);
            TextArea area = new TextArea(text.isEmpty() ? "(empty)" : text);
            area.setEditable(false);
            area.setWrapText(false);
            area.getStyleClass().add("fanout-preview");
            area.setPrefSize(900, 560);
            d.getDialogPane().setContent(area);
            d.getDialogPane().getButtonTypes().add(javafx.scene.control.ButtonType.CLOSE);
            d.setResizable(true);
            d.show();
        });
    }

    /** How many items run now, over every run in this window. */
    public int runningItems() {
        int n = 0;
        for (RunTab r : runs.values()) {
            n += (int) r.view.rows().stream().filter(x -> x.item().state() == ItemState.RUNNING).count();
        }
        return n;
    }

    /**
     * Asks for a target branch (the run's base by default) and a merge mode, then merges the passed
     * items' branches one by one in list order, stopping at the first conflict; the report says what
     * merged, what conflicted on which files, and what was not attempted.
     */
    private void mergeItems(FanoutSpec spec, List<FanoutItem> passed) {
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> d = new javafx.scene.control.Dialog<>();
        Dialogs.prepare(d, host.window(), "fanoutMergeDialog");
        d.setTitle("Merge the Passed Items");
        long n = passed.stream().filter(i -> i.state() == ItemState.PASSED).count();
        d.setHeaderText("Merge the branches of the " + n + " passed " + (n == 1 ? "item" : "items")
                + " one by one, in list order. The first conflict stops it and is undone.");
        javafx.scene.control.TextField target = new javafx.scene.control.TextField(spec.placement().base());
        target.setId("fanoutMergeTarget");
        javafx.scene.control.ComboBox<dev.lanes.model.MergeMode> mode = new javafx.scene.control.ComboBox<>();
        mode.getItems().setAll(dev.lanes.model.MergeMode.values());
        mode.setValue(dev.lanes.model.MergeMode.FAST_FORWARD_OR_MERGE);
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new javafx.scene.control.Label("Into branch"), target);
        grid.addRow(1, new javafx.scene.control.Label("How"), mode);
        d.getDialogPane().setContent(grid);
        javafx.scene.control.ButtonType merge = new javafx.scene.control.ButtonType("Merge",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(merge, javafx.scene.control.ButtonType.CANCEL);
        if (d.showAndWait().orElse(null) != merge || target.getText().isBlank()) {
            return;
        }
        String into = target.getText().strip();
        dev.lanes.model.MergeMode how = mode.getValue();
        tasks.run("Merging " + n + " items into " + into,
                () -> new dev.lanes.fanout.FanoutMerger(host.git()).merge(spec, passed, into, how), report -> {
                    host.showStatus(report.complete() ? "Merged " + report.merged().size() + " branches into " + into + "."
                            : "The merge into " + into + " stopped: see the report.", report.complete() ? null : "error");
                    javafx.scene.control.Alert a = new javafx.scene.control.Alert(report.complete()
                            ? javafx.scene.control.Alert.AlertType.INFORMATION : javafx.scene.control.Alert.AlertType.WARNING);
                    Dialogs.prepare(a, host.window(), "fanoutMergeReport");
                    a.setTitle("Merge Report");
                    a.setHeaderText(report.complete() ? "All merged into " + into : "Stopped before the end");
                    a.setContentText(report.text());
                    a.getDialogPane().setMinWidth(560);
                    a.show();
                });
    }

    /** Asks, then removes the run's worktrees in the background, and shows what was kept and why. */
    private void removeRunWorktrees(FanoutSpec spec, List<FanoutItem> items) {
        long n = items.stream().filter(i -> i.place() != null).map(i -> i.place().worktree()).distinct().count();
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION);
        Dialogs.prepare(ask, host.window(), "fanoutCleanDialog");
        ask.setTitle("Remove the Run's Worktrees");
        ask.setHeaderText("Remove the " + n + (n == 1 ? " worktree" : " worktrees") + " this run made?");
        ask.setContentText("Worktrees with uncommitted changes are kept. A branch is deleted only when its work is in "
                + "its base already; the others stay, to merge later.");
        javafx.scene.control.ButtonType remove = new javafx.scene.control.ButtonType("Remove",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        ask.getButtonTypes().setAll(remove, javafx.scene.control.ButtonType.CANCEL);
        if (ask.showAndWait().orElse(null) != remove) {
            return;
        }
        tasks.run("Removing " + n + " worktrees", () -> new dev.lanes.fanout.FanoutCleanup(host.git()).remove(spec, items), report -> {
            host.showStatus(report.text().lines().findFirst().orElse(""), report.kept().isEmpty() ? null : "warning");
            host.worktreesChanged();
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(report.kept().isEmpty()
                    ? javafx.scene.control.Alert.AlertType.INFORMATION : javafx.scene.control.Alert.AlertType.WARNING);
            Dialogs.prepare(a, host.window(), "fanoutCleanReport");
            a.setTitle("Worktrees Removed");
            a.setHeaderText(report.kept().isEmpty() ? "The run's worktrees are gone" : "Some worktrees were kept");
            a.setContentText(report.text());
            a.getDialogPane().setMinWidth(560);
            a.show();
        });
    }

    /** Stops every run's items (Lanes is closing); their runs resume later. */
    @Override
    public void close() {
        List<Thread> closing = new java.util.ArrayList<>();
        for (RunTab r : List.copyOf(runs.values())) {
            r.view.dispose();
            if (r.engine != null) {
                Thread t = new Thread(r.engine::close, "fanout-close-" + r.id);
                t.start(); // at once: each waits for its items' trees to stop
                closing.add(t);
            }
        }
        for (Thread t : closing) {
            try {
                t.join(90_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runs.clear();
        host.close();
    }
}
