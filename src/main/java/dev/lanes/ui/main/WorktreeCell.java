package dev.lanes.ui.main;

import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;
import dev.lanes.model.WorktreeStatus;
import dev.lanes.model.WorktreeView;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.List;

/** A row of the worktree tree: icon, name, branch, and badges for uncommitted work and ahead/behind. */
final class WorktreeCell extends TreeCell<TreeNode> {

    private static final List<String> STATE_CLASSES = List.of("repository", "worktree", "missing", "session");

    private final ContextMenu worktreeMenu;
    private final ContextMenu repositoryMenu;
    private final Region icon = new Region();
    private final Label name = new Label();
    private final Label branch = new Label();
    private final dev.lanes.ui.common.BadgeRow badges = new dev.lanes.ui.common.BadgeRow(4);
    private final HBox row;
    private final Tooltip tooltip = new Tooltip();

    WorktreeCell(ContextMenu worktreeMenu, ContextMenu repositoryMenu) {
        this.worktreeMenu = worktreeMenu;
        this.repositoryMenu = repositoryMenu;
        getStyleClass().add("worktree-cell");
        name.getStyleClass().add("name");
        branch.getStyleClass().add("branch");
        name.setMinWidth(0);
        branch.setMinWidth(0);
        // fit the cell to the tree's width: long names end in "…" instead of a horizontal scroll bar
        setPrefWidth(0);
        VBox text = new VBox(0, name, branch);
        HBox.setHgrow(text, Priority.ALWAYS);
        // the name keeps room for about ten characters; badges that do not fit beside it are left out, the
        // least important first (the tooltip says everything)
        text.setMinWidth(90);
        icon.getStyleClass().add("icon");
        row = new HBox(8, icon, text, badges);
        row.setAlignment(Pos.CENTER_LEFT);
        tooltip.setShowDelay(Duration.millis(400));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(520);
    }

    @Override
    protected void updateItem(TreeNode item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().removeAll(STATE_CLASSES);
        icon.getStyleClass().removeIf(c -> c.startsWith("icon-"));
        badges.getChildren().clear();
        if (empty || item == null) {
            setGraphic(null);
            setText(null);
            setTooltip(null);
            setContextMenu(null);
            setId(null);
            return;
        }
        setText(null);
        if (item instanceof TreeNode.RepositoryNode repo) {
            showRepository(repo);
        } else if (item instanceof TreeNode.WorktreeNode wt) {
            showWorktree(wt.view(), wt.marks());
        } else if (item instanceof TreeNode.SessionNode s) {
            showSession(s.session(), s.agent(), s.waitingFor());
        }
        setGraphic(row);
        setTooltip(tooltip);
    }

    private void showRepository(TreeNode.RepositoryNode node) {
        RepositoryInfo repo = node.snapshot().repository();
        getStyleClass().add("repository");
        icon.getStyleClass().add("icon-repo");
        name.setText(repo.name());
        String current = node.snapshot().currentBranch();
        branch.setText(node.snapshot().worktrees().size() + (node.snapshot().worktrees().size() == 1 ? " worktree" : " worktrees")
                + (current == null ? "" : " · on " + current));
        tooltip.setText(repo.root() + "\nMain branch: " + repo.mainBranch());
        setContextMenu(repositoryMenu);
        setId("repositoryNode");
    }

    private void showWorktree(WorktreeView view, TreeNode.Marks marks) {
        Worktree wt = view.worktree();
        WorktreeStatus st = view.status();
        getStyleClass().add("worktree");
        icon.getStyleClass().add(wt.isLocked() ? "icon-lock" : wt.main() ? "icon-repo" : "icon-branch");
        name.setText(wt.main() ? wt.name() + " (main checkout)" : wt.name());
        branch.setText(wt.branch() != null ? wt.branch()
                : wt.bare() ? "bare" : "detached at " + wt.head().substring(0, Math.min(8, wt.head().length())));
        StringBuilder tip = new StringBuilder(wt.path().toString());
        if (wt.branch() != null) {
            tip.append("\nBranch: ").append(wt.branch());
        }
        if (wt.isPrunable() || (view.statusError() != null && st == null)) {
            getStyleClass().add("missing");
            badges.getChildren().add(badge(wt.isPrunable() ? "missing" : "error", wt.isPrunable() ? "missing" : "error"));
            tip.append("\n").append(view.statusError() != null ? view.statusError() : "Its folder is gone.");
        }
        if (wt.isLocked()) {
            badges.getChildren().add(badge("locked", "locked"));
            tip.append("\nLocked").append(wt.locked().isBlank() ? "" : ": " + wt.locked());
        }
        if (st != null) {
            if (st.isDirty()) {
                Label dirty = badge("● " + st.uncommittedCount(), "dirty");
                badges.getChildren().add(dirty);
                tip.append("\n").append(st.changedFiles().size()).append(" changed, ")
                        .append(st.untrackedFiles().size()).append(" untracked");
            }
            if (st.ahead() > 0) {
                badges.getChildren().add(badge("↑" + st.ahead(), "ahead"));
            }
            if (st.behind() > 0) {
                badges.getChildren().add(badge("↓" + st.behind(), "behind"));
            }
            if (st.base() != null) {
                tip.append("\n").append(st.ahead()).append(" ahead, ").append(st.behind()).append(" behind ").append(st.base());
            }
        }
        coordination(marks, tip);
        // the most important first: the row leaves out the last ones when it is narrow
        List<javafx.scene.Node> ordered = new java.util.ArrayList<>(badges.getChildren());
        ordered.sort(java.util.Comparator.comparingInt(WorktreeCell::importance));
        badges.getChildren().setAll(ordered);
        tooltip.setText(tip.toString());
        setContextMenu(wt.main() ? repositoryMenu : worktreeMenu);
        setId(null);
    }

    /** Files this lane shares with other lanes, files outside its scope, and whether merging it would conflict. */
    private void coordination(TreeNode.Marks lane, StringBuilder tip) {
        java.util.Map<java.nio.file.Path, List<String>> shared = lane.sharedWith();
        if (!shared.isEmpty()) {
            int files = (int) shared.values().stream().flatMap(List::stream).distinct().count();
            badges.getChildren().add(badge("⚠ " + files + " shared", "overlap"));
            shared.forEach((other, paths) -> tip.append("\nAlso changed in ").append(other.getFileName()).append(": ")
                    .append(String.join(", ", paths.stream().limit(5).toList()))
                    .append(paths.size() > 5 ? " and " + (paths.size() - 5) + " more" : ""));
        }
        if (!lane.outOfScope().isEmpty()) {
            badges.getChildren().add(badge("⇲ " + lane.outOfScope().size() + " out of scope", "scope"));
            tip.append("\nOutside its scope: ").append(String.join(", ", lane.outOfScope().stream().limit(5).toList()));
        }
        dev.lanes.coordinate.ConflictForecast f = lane.forecast();
        if (f != null && f.outcome() == dev.lanes.coordinate.ConflictForecast.Outcome.CONFLICTS) {
            badges.getChildren().add(badge("✗ conflicts", "conflict"));
        }
        if (f != null && f.sentence() != null && !f.sentence().isBlank()) {
            tip.append("\n").append(f.sentence());
        }
    }

    private void showSession(dev.lanes.model.SessionRecord s, dev.lanes.model.AgentSession agent, String waitingFor) {
        getStyleClass().add("session");
        icon.getStyleClass().add(agent == null ? "icon-session" : "icon-agent");
        name.setText(s.name());
        if (agent != null) {
            // an agent: what it does, as it reported it, and what it cost
            branch.setText(agent.activity().label()
                    + (agent.costUsd() > 0 ? " · " + dev.lanes.ui.agent.AgentView.money(agent.costUsd()) : ""));
            badges.getChildren().add(badge(agent.activity().glyph(),
                    "activity-" + agent.activity().name().toLowerCase(java.util.Locale.ROOT)));
            tooltip.setText(s.name() + "\n" + agent.activity().label()
                    + (agent.outcome().isEmpty() ? "" : "\n" + agent.outcome()));
            setContextMenu(null);
            setId(null);
            return;
        }
        java.util.Optional<String> waits = java.util.Optional.ofNullable(waitingFor);
        branch.setText(waits.map(r -> "waiting for " + r).orElse(s.status().label()) + (s.background() ? " · task" : "")
                + (s.exitCode() != null && s.status() != dev.lanes.model.SessionStatus.STOPPED ? " · exit " + s.exitCode() : ""));
        Label glyph = badge(s.status().glyph(), "status-" + s.status().name().toLowerCase(java.util.Locale.ROOT));
        badges.getChildren().add(glyph);
        tooltip.setText(s.name() + "\n" + String.join(" ", s.argv()) + "\n" + s.status().label());
        setContextMenu(null);
        setId(null);
    }

    private static final List<String> IMPORTANCE = List.of("missing", "error", "locked", "conflict", "overlap", "scope",
            "dirty", "ahead", "behind");

    private static int importance(javafx.scene.Node badge) {
        for (String c : badge.getStyleClass()) {
            int i = IMPORTANCE.indexOf(c);
            if (i >= 0) {
                return i;
            }
        }
        return IMPORTANCE.size();
    }

    private static Label badge(String text, String kind) {
        return dev.lanes.ui.common.Badges.badge(text, kind);
    }
}
