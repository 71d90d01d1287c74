package dev.lanes.ui.pipeline;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;
import dev.lanes.pipeline.Pipeline;
import dev.lanes.pipeline.Pipelines;
import dev.lanes.pipeline.Stage;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.common.ViewHost;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Pipeline…: the dialog, then a tab per pipeline that follows its stages. */
public final class PipelineUi {

    private final TabPane tabs;
    private final UiTasks tasks;
    private final Pipelines service;
    private final Supplier<List<AgentProfile>> profiles;
    private final ViewHost host;
    private final Map<Long, PipelineView> views = new HashMap<>();

    public PipelineUi(TabPane tabs, UiTasks tasks, Pipelines service, Supplier<List<AgentProfile>> profiles, ViewHost host) {
        this.tabs = tabs;
        this.tasks = tasks;
        this.service = service;
        this.profiles = profiles;
        this.host = host;
        // one event per stage's start or end: one runLater each is fine; the view reads the store's latest
        service.addListener((p, stages) -> Platform.runLater(() -> refresh(p.id())));
    }

    /**
     * Shows the dialog and starts the pipeline the person sets up, or reopens an earlier one (kept in the store
     * across restarts; one Lanes ended in the middle of can resume from its tab). The earlier ones are read
     * first, off the FX thread.
     */
    public void open(RepositoryInfo repo, List<Worktree> worktrees, Worktree selected) {
        tasks.run("Reading earlier pipelines", () -> {
            List<Pipeline> earlier = new java.util.ArrayList<>(service.pipelines(repo.root()));
            java.util.Collections.reverse(earlier);
            return earlier;
        }, earlier -> new PipelineDialog(host.window().get(), profiles.get(), worktrees, selected, earlier).showAndWait()
                .ifPresent(c -> {
                    if (c.reopen() != null) {
                        reopen(c.reopen().id());
                    } else {
                        tasks.run("Starting the pipeline", () -> service.start(c.request(repo.root())), p -> show(p, List.of()));
                    }
                }));
    }

    /** Opens (or selects) the tab of a pipeline recorded earlier (before a restart too), as it is now. */
    public void reopen(long id) {
        tasks.run("Reading the pipeline", () -> new State(service.pipeline(id).orElseThrow(() ->
                new IllegalStateException("The pipeline is no longer in the Lanes store.")), service.stages(id)),
                s -> show(s.pipeline(), s.stages()));
    }

    /** Opens (or selects) a pipeline's tab and reads its latest state. */
    public PipelineView show(Pipeline p, List<Stage> stages) {
        PipelineView view = views.get(p.id());
        if (view == null) {
            long id = p.id();
            view = new PipelineView(new PipelineView.Actions() {
                @Override
                public void resume() {
                    tasks.run("Resuming the pipeline", () -> service.resume(id), r -> refresh(id), e -> {
                        host.status().accept(dev.lanes.ui.common.Dialogs.message(e), "error");
                        refresh(id);
                    });
                }

                @Override
                public void openSession(long sessionId) {
                    host.openSession().accept(sessionId);
                }
            });
            views.put(id, view);
            Tab tab = new Tab("Pipeline · " + p.worktree().getFileName(), view);
            tab.setOnClosed(e -> views.remove(id));
            view.setOnForget(() -> host.forget(tasks, tab, "pipeline",
                    "Its sessions, their logs and the worktree's changes stay.", () -> service.forget(id)));
            tabs.getTabs().add(tab);
            tabs.getSelectionModel().select(tab);
        }
        view.update(p, stages);
        refresh(p.id());
        return view;
    }

    private record State(Pipeline pipeline, List<Stage> stages) {
    }

    private void refresh(long id) {
        if (!views.containsKey(id)) {
            return;
        }
        tasks.run("Reading the pipeline", () -> new State(service.pipeline(id).orElseThrow(), service.stages(id)), s -> {
            PipelineView v = views.get(id);
            if (v != null) {
                v.update(s.pipeline(), s.stages());
            }
        });
    }
}
