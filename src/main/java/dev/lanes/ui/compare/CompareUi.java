package dev.lanes.ui.compare;

import dev.lanes.agent.AgentSessions;
import dev.lanes.compare.Comparison;
import dev.lanes.compare.Comparisons;
import dev.lanes.git.DirtyWorktreeException;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.MergeMode;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.common.ViewHost;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Same Prompt on Several Agents…: the dialog, then a tab per comparison with its lanes' diffs side by
 * side. The dialog also reopens an earlier comparison (kept in the store across restarts): its tab
 * shows each lane as it is now — its diff, merged, removed, or its worktree gone — and merges and
 * removes as before.
 */
public final class CompareUi {

    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern("d MMM HH:mm")
            .withZone(java.time.ZoneId.systemDefault());

    private record Opening(List<String> branches, List<Comparison> earlier) {
    }

    private record Reopened(Comparison comparison, List<Comparisons.LaneNow> lanes) {
    }

    private final TabPane tabs;
    private final UiTasks tasks;
    private final Comparisons service;
    private final AgentSessions agents;
    private final GitService git;
    private final Supplier<List<AgentProfile>> profiles;
    private final ViewHost host;
    /** The open tabs' views, by comparison id (FX thread). */
    private final Map<Long, CompareView> views = new HashMap<>();

    public CompareUi(TabPane tabs, UiTasks tasks, Comparisons service, AgentSessions agents, GitService git,
                     Supplier<List<AgentProfile>> profiles, ViewHost host) {
        this.tabs = tabs;
        this.tasks = tasks;
        this.service = service;
        this.agents = agents;
        this.git = git;
        this.profiles = profiles;
        this.host = host;
    }

    /** @param worktreesRoot where the person keeps worktrees, or null for beside the repository */
    public void open(RepositoryInfo repo, Path worktreesRoot) {
        tasks.run("Reading branches", () -> new Opening(git.branches(repo), service.comparisons(repo.root())), o ->
                new CompareDialog(host.window().get(), profiles.get(), o.branches(), repo.mainBranch(), o.earlier()).showAndWait()
                        .ifPresent(c -> {
                            if (c.reopen() != null) {
                                reopen(c.reopen().id());
                                return;
                            }
                            tasks.run("Starting " + c.lanes().size() + " lanes", () -> service.start(new Comparisons.Request(
                                    repo.root(), c.base(), c.prompt(), c.lanes(), "", worktreesRoot)), this::show);
                        }));
    }

    /**
     * Opens (or selects) the tab of a comparison recorded earlier — after a restart too — and shows each
     * lane as it is now; lanes whose agent still works are followed.
     */
    public void reopen(long id) {
        tasks.run("Reading the comparison", () -> new Reopened(service.comparison(id).orElseThrow(() ->
                new IllegalStateException("That comparison is no longer in the Lanes store.")), service.now(id)), r -> {
            Comparison c = r.comparison();
            CompareView view = views.get(id);
            if (view == null) {
                view = open(c);
            } else {
                select(view);
            }
            CompareView v = view;
            for (Comparisons.LaneNow now : r.lanes()) {
                v.show(now);
                Comparison.Lane lane = c.lanes().get(now.index());
                if (now.state() == Comparisons.LaneState.WORKING) {
                    agents.onRunEnd(lane.sessionId(), end -> Platform.runLater(() -> laneEnded(v, c, lane, end)));
                }
            }
            long gone = r.lanes().stream().filter(n -> n.state() == Comparisons.LaneState.GONE).count();
            v.status((c.createdAt() == null ? "" : "Started " + WHEN.format(c.createdAt()) + " with ") + c.lanes().size()
                    + " agents from " + c.base() + "."
                    + c.chosenLane().map(l -> (l.outcome() == Comparison.Outcome.MERGED ? " Merged " : " Kept ") + l.label() + ".")
                    .orElse("")
                    + (gone == 0 ? "" : gone == 1 ? " One lane's worktree is gone." : " " + gone + " lanes' worktrees are gone."));
        });
    }

    /** Opens a comparison's tab and follows its lanes. */
    public CompareView show(Comparison c) {
        CompareView view = open(c);
        for (Comparison.Lane lane : c.lanes()) {
            if (lane.sessionId() != 0) {
                agents.onRunEnd(lane.sessionId(), end -> Platform.runLater(() -> laneEnded(view, c, lane, end)));
            }
        }
        return view;
    }

    /** A new tab for a comparison (its lanes as the view first shows them). */
    private CompareView open(Comparison c) {
        CompareView view = new CompareView(c, new CompareView.Actions() {
            @Override
            public void merge(int lane) {
                CompareUi.this.merge(c, lane);
            }

            @Override
            public void removeOthers(int lane) {
                CompareUi.this.removeOthers(c, lane, null);
            }

            @Override
            public void openSession(long sessionId) {
                host.openSession().accept(sessionId);
            }
        });
        view.getProperties().put("comparison", c.id());
        Tab tab = new Tab("Same Prompt · " + c.lanes().size() + " agents", view);
        tab.setOnClosed(e -> views.remove(c.id()));
        views.put(c.id(), view);
        view.setOnForget(() -> host.forget(tasks, tab, "comparison",
                "Its lanes — worktrees, branches and sessions — stay as they are.", () -> service.forget(c.id())));
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        host.refresh().run();
        return view;
    }

    private void select(CompareView view) {
        tabs.getTabs().stream().filter(t -> t.getContent() == view).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private void laneEnded(CompareView view, Comparison c, Comparison.Lane lane, AgentSessions.RunEnd end) {
        view.lane(lane.index(), end.succeeded() ? "Done." : "Failed: " + end.problem(), end.succeeded() ? "ok" : "error");
        tasks.run("Reading the diff of " + lane.label(), () -> service.diff(c.id(), lane.index()), d -> view.diff(lane.index(), d),
                e -> view.lane(lane.index(), sentence(e), "error"));
    }

    /** Our own refusals are sentences already; anything else gets the usual wording. */
    private static String sentence(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof IllegalStateException || t instanceof IllegalArgumentException ? t.getMessage() : Dialogs.message(t);
    }

    private void merge(Comparison c, int index) {
        Comparison.Lane lane = c.lanes().get(index);
        if (!Dialogs.confirm(host.window().get(), "compareMergeDialog", "Merge " + lane.label() + "'s lane into " + c.base() + "?",
                "Its uncommitted work is committed on " + lane.branch() + ", then the branch is merged into " + c.base()
                        + " in the main checkout (a fast-forward when possible, else a merge commit).", "Merge", false)) {
            return;
        }
        CompareView v = viewOf(c);
        tasks.run("Merging " + lane.branch() + " into " + c.base(), () -> service.merge(c.id(), index, MergeMode.FAST_FORWARD_OR_MERGE),
                outcome -> {
                    host.refresh().run();
                    if (outcome.merged()) {
                        v.merged(index);
                        v.status(outcome.message() + " Remove the Others to clear the other lanes.");
                        host.status().accept(outcome.message(), null);
                    } else {
                        v.status(outcome.message());
                        Dialogs.error(host.window().get(), "The merge conflicted and was undone", outcome.message()
                                + " Conflicted: " + String.join(", ", outcome.conflictedFiles()), "");
                    }
                });
    }

    private void removeOthers(Comparison c, int keep, Boolean force) {
        CompareView v = viewOf(c);
        if (force == null) {
            long others = c.lanes().stream().filter(l -> l.index() != keep && l.worktree() != null
                    && l.outcome() != Comparison.Outcome.REMOVED).count();
            if (!Dialogs.confirm(host.window().get(), "compareRemoveDialog", "Remove the other " + others + " lane"
                            + (others == 1 ? "" : "s") + "?", "Their worktrees and branches are deleted, with the work on "
                            + "them; " + c.lanes().get(keep).label() + "'s lane stays. Lanes with uncommitted files are listed "
                            + "and asked about again.", "Remove the Others", true)) {
                return;
            }
        }
        boolean forced = Boolean.TRUE.equals(force);
        tasks.run("Removing the other lanes", () -> service.removeOthers(c.id(), keep, forced), r -> {
            r.removed().forEach(v::removed);
            host.refresh().run();
            if (!r.refused().isEmpty()) {
                Dialogs.error(host.window().get(), "Some lanes were kept", String.join("\n", r.refused()), "");
            }
            if (!r.dirty().isEmpty()) {
                List<String> files = new ArrayList<>();
                for (DirtyWorktreeException d : r.dirty()) {
                    d.describedFiles().forEach(f -> files.add(d.worktree().getFileName() + ": " + f));
                }
                javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING);
                Dialogs.prepare(alert, host.window().get(), "compareForceRemoveDialog");
                alert.setTitle("Uncommitted Work");
                alert.setHeaderText("Remove " + r.dirty().size() + " lane" + (r.dirty().size() == 1 ? "" : "s")
                        + " and lose their uncommitted work?");
                alert.getDialogPane().setContent(Dialogs.fileListContent("These files are not committed; removing deletes them for good:", files));
                javafx.scene.control.ButtonType lose = new javafx.scene.control.ButtonType("Remove and Lose Changes",
                        javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
                alert.getButtonTypes().setAll(lose, javafx.scene.control.ButtonType.CANCEL);
                if (alert.showAndWait().filter(b -> b == lose).isPresent()) {
                    removeOthers(c, keep, true);
                } else {
                    v.status("Kept the lanes with uncommitted work.");
                }
            } else if (r.refused().isEmpty()) {
                v.status("Removed the other lanes; " + c.lanes().get(keep).label() + "'s stays.");
            }
        });
    }

    private CompareView viewOf(Comparison c) {
        CompareView v = views.get(c.id());
        if (v == null) {
            throw new IllegalStateException("The comparison's tab was closed.");
        }
        return v;
    }
}
