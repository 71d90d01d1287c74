package dev.lanes.ui.main;

import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.model.Worktree;
import dev.lanes.model.WorktreeStatus;
import dev.lanes.model.WorktreeView;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tree keeps its items across refreshes and touches only the rows whose values changed. */
class WorktreeTreeItemsTest {

    private static final RepositoryInfo REPO = new RepositoryInfo(Path.of("/r/shop"), Path.of("/r/shop/.git"), "main");

    private static WorktreeView view(String name, int dirty) {
        Worktree wt = new Worktree(Path.of("/r/shop.lanes/" + name), "abc123", name, false, false, null, null);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < dirty; i++) {
            changed.add("f" + i);
        }
        return WorktreeView.of(wt, new WorktreeStatus(changed, List.of(), "main", 0, 0));
    }

    private static TreeNode.SessionNode session(long id, String lane, SessionStatus status) {
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        return new TreeNode.SessionNode(new SessionRecord(id, REPO.root(), Path.of("/r/shop.lanes/" + lane), "s" + id,
                SessionKind.COMMAND, List.of("make"), false, status, null, t, t, null, Path.of("log"), null, null), null);
    }

    private static TreeNode.RepositoryNode top(List<WorktreeView> views) {
        return new TreeNode.RepositoryNode(new RepositorySnapshot(REPO, "main", views));
    }

    @Test
    void keepsItemsAndSetsOnlyChangedValues() {
        WorktreeView a = view("a", 0);
        WorktreeView b = view("b", 1);
        TreeItem<TreeNode> root = WorktreeTreeItems.reconcile(null, top(List.of(a, b)), List.of(
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(a), List.of(session(1, "a", SessionStatus.RUNNING))),
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(b), List.of())));
        TreeItem<TreeNode> itemA = root.getChildren().get(0);
        TreeItem<TreeNode> itemB = root.getChildren().get(1);
        TreeItem<TreeNode> sessionItem = itemA.getChildren().get(0);
        int[] changes = new int[3];
        itemA.valueProperty().addListener((o, x, y) -> changes[0]++);
        itemB.valueProperty().addListener((o, x, y) -> changes[1]++);
        sessionItem.valueProperty().addListener((o, x, y) -> changes[2]++);
        List<Object> childEvents = new ArrayList<>();
        root.getChildren().addListener((javafx.collections.ListChangeListener<TreeItem<TreeNode>>) c -> childEvents.add(c));

        // the same values again (new, equal objects): nothing is touched
        TreeItem<TreeNode> again = WorktreeTreeItems.reconcile(root, top(List.of(view("a", 0), view("b", 1))), List.of(
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(view("a", 0)), List.of(session(1, "a", SessionStatus.RUNNING))),
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(view("b", 1)), List.of())));
        assertSame(root, again);
        assertEquals(List.of(0, 0, 0), List.of(changes[0], changes[1], changes[2]));
        assertTrue(childEvents.isEmpty());

        // b gets a mark from a lane check and a's session ends: those two rows change, a's own row does not
        TreeNode.Marks marks = new TreeNode.Marks(Map.of(Path.of("/r/shop.lanes/a"), List.of("f0")), List.of(), null);
        WorktreeTreeItems.reconcile(root, top(List.of(view("a", 0), view("b", 1))), List.of(
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(view("a", 0)), List.of(session(1, "a", SessionStatus.EXITED))),
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(view("b", 1), marks), List.of())));
        assertEquals(List.of(0, 1, 1), List.of(changes[0], changes[1], changes[2]));
        assertSame(sessionItem, itemA.getChildren().get(0));
        assertEquals(marks, ((TreeNode.WorktreeNode) itemB.getValue()).marks());
        assertTrue(childEvents.isEmpty());

        // a lane comes, one goes: the kept item stays the same object, in its new place
        WorktreeView c = view("c", 0);
        WorktreeTreeItems.reconcile(root, top(List.of(c, view("b", 1))), List.of(
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(c), List.of()),
                new WorktreeTreeItems.Lane(new TreeNode.WorktreeNode(view("b", 1), marks), List.of())));
        assertEquals(2, root.getChildren().size());
        assertEquals(Path.of("/r/shop.lanes/c"), root.getChildren().get(0).getValue().path());
        assertSame(itemB, root.getChildren().get(1));
        assertEquals(1, childEvents.size());
    }

    @Test
    void anotherRepositoryGetsANewRoot() {
        TreeItem<TreeNode> root = WorktreeTreeItems.reconcile(null, top(List.of()), List.of());
        RepositoryInfo other = new RepositoryInfo(Path.of("/r/other"), Path.of("/r/other/.git"), "main");
        TreeItem<TreeNode> next = WorktreeTreeItems.reconcile(root,
                new TreeNode.RepositoryNode(new RepositorySnapshot(other, "main", List.of())), List.of());
        assertNotSame(root, next);
        assertTrue(next.isExpanded());
    }
}
