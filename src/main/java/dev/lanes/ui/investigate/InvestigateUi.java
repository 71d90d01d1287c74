package dev.lanes.ui.investigate;

import dev.lanes.investigate.Investigation;
import dev.lanes.investigate.Investigations;
import dev.lanes.investigate.Question;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.common.ViewHost;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Investigate…: the dialog, then a tab per investigation that follows it. */
public final class InvestigateUi {

    private record Update(Investigation investigation, List<Question> questions) {
    }

    private final TabPane tabs;
    private final UiTasks tasks;
    private final Investigations service;
    private final Supplier<List<AgentProfile>> profiles;
    private final ViewHost host;
    private final Map<Long, InvestigationView> views = new HashMap<>();
    /** The latest state of each investigation, as told (FX thread): a tab opened late starts from it. */
    private final Map<Long, Update> latest = new HashMap<>();

    public InvestigateUi(TabPane tabs, UiTasks tasks, Investigations service, Supplier<List<AgentProfile>> profiles, ViewHost host) {
        this.tabs = tabs;
        this.tasks = tasks;
        this.service = service;
        this.profiles = profiles;
        this.host = host;
        // few events (one per question's end): one runLater each is fine
        service.addListener((inv, questions) -> Platform.runLater(() -> apply(new Update(inv, questions))));
    }

    /**
     * Shows the dialog for {@code repo}'s worktrees and starts what the person asks, or reopens an earlier
     * investigation (its answers, kept in the store across restarts). The earlier ones are read first, off the
     * FX thread.
     */
    public void open(RepositoryInfo repo, List<Worktree> worktrees, Worktree selected) {
        tasks.run("Reading earlier investigations", () -> {
            List<InvestigateDialog.Earlier> earlier = new java.util.ArrayList<>();
            for (Investigation inv : service.investigations(repo.root())) {
                earlier.add(0, new InvestigateDialog.Earlier(inv, service.questions(inv.id()).stream().map(Question::text).toList()));
            }
            return earlier;
        }, earlier -> new InvestigateDialog(host.window().get(), profiles.get(), worktrees, selected, earlier).showAndWait()
                .ifPresent(c -> {
                    if (c.reopen() != null) {
                        reopen(c.reopen().id());
                        return;
                    }
                    Investigations.Request request = new Investigations.Request(repo.root(), c.worktree().path(), c.questions(),
                            c.profile(), c.model(), c.budgetUsd());
                    tasks.run("Starting " + c.questions().size() + " investigations", () -> {
                        Investigation inv = service.start(request);
                        return new Update(inv, service.questions(inv.id()));
                    }, u -> show(u.investigation(), u.questions(), c.worktree().name()));
                }));
    }

    /** Opens (or selects) the tab of an investigation recorded earlier (before a restart too), as it is now. */
    public void reopen(long id) {
        tasks.run("Reading the investigation", () -> {
            Investigation inv = service.investigation(id).orElseThrow(() ->
                    new IllegalStateException("The investigation is no longer in the Lanes store."));
            return new Update(inv, service.questions(id));
        }, u -> show(u.investigation(), u.questions(), u.investigation().worktree().getFileName().toString()));
    }

    /** Opens (or selects) the tab of an investigation. */
    public InvestigationView show(Investigation inv, List<Question> questions, String worktreeName) {
        InvestigationView view = views.get(inv.id());
        if (view == null) {
            view = new InvestigationView("Investigation · " + worktreeName, host.openSession());
            views.put(inv.id(), view);
            Tab tab = new Tab("Investigate · " + worktreeName, view);
            tab.getStyleClass().add("investigation-tab");
            tab.setOnClosed(e -> views.remove(inv.id()));
            long id = inv.id();
            view.setOnForget(() -> host.forget(tasks, tab, "investigation",
                    "Its sessions and their logs stay.", () -> service.forget(id)));
            tabs.getTabs().add(tab);
            tabs.getSelectionModel().select(tab);
        }
        apply(new Update(inv, questions));
        return view;
    }

    private void apply(Update u) {
        Update before = latest.get(u.investigation().id());
        // a listener's older news may arrive after a newer read: keep the one with more ended
        if (before == null || ended(u) >= ended(before)) {
            latest.put(u.investigation().id(), u);
        }
        InvestigationView view = views.get(u.investigation().id());
        if (view != null) {
            Update now = latest.get(u.investigation().id());
            view.update(now.investigation(), now.questions());
        }
    }

    private static int ended(Update u) {
        return (int) u.questions().stream().filter(q -> q.state().ended()).count() + u.investigation().state().ordinal() * 1000;
    }
}
