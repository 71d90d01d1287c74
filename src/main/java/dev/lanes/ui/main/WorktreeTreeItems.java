package dev.lanes.ui.main;

import javafx.scene.control.TreeItem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the worktree tree's items in line with what it should show, keeping the items it has: an item whose
 * value is equal keeps it (its row is not touched), a changed one gets the new value (that row alone updates),
 * and children lists are replaced only when lanes or sessions came, went or moved. Building the tree anew at
 * every refresh, session event or lane check made every row's cell update (badges, style classes, tooltips).
 */
final class WorktreeTreeItems {

    /** A worktree's row and its sessions' rows, in the order they show. */
    record Lane(TreeNode.WorktreeNode node, List<TreeNode.SessionNode> sessions) {
    }

    private WorktreeTreeItems() {
    }

    /**
     * @param root  the tree's root now, or null
     * @return the root to show: {@code root} itself when it is of the same repository, else a new one
     */
    static TreeItem<TreeNode> reconcile(TreeItem<TreeNode> root, TreeNode.RepositoryNode top, List<Lane> lanes) {
        if (root == null || !(root.getValue() instanceof TreeNode.RepositoryNode old)
                || !old.snapshot().repository().equals(top.snapshot().repository())) {
            root = item(top);
        } else {
            set(root, top);
        }
        Map<Path, TreeItem<TreeNode>> byPath = new HashMap<>();
        for (TreeItem<TreeNode> child : root.getChildren()) {
            byPath.put(key(child.getValue().path()), child);
        }
        List<TreeItem<TreeNode>> items = new ArrayList<>(lanes.size());
        for (Lane lane : lanes) {
            TreeItem<TreeNode> item = byPath.remove(key(lane.node().path()));
            if (item == null) {
                item = item(lane.node());
            } else {
                set(item, lane.node());
            }
            Map<Long, TreeItem<TreeNode>> byId = new HashMap<>();
            for (TreeItem<TreeNode> child : item.getChildren()) {
                if (child.getValue() instanceof TreeNode.SessionNode s) {
                    byId.put(s.session().id(), child);
                }
            }
            List<TreeItem<TreeNode>> children = new ArrayList<>(lane.sessions().size());
            for (TreeNode.SessionNode s : lane.sessions()) {
                TreeItem<TreeNode> child = byId.remove(s.session().id());
                if (child == null) {
                    child = item(s);
                } else {
                    set(child, s);
                }
                children.add(child);
            }
            replaceIfMoved(item, children);
            items.add(item);
        }
        replaceIfMoved(root, items);
        return root;
    }

    private static TreeItem<TreeNode> item(TreeNode value) {
        TreeItem<TreeNode> item = new TreeItem<>(value);
        item.setExpanded(true);
        return item;
    }

    private static void set(TreeItem<TreeNode> item, TreeNode value) {
        if (!value.equals(item.getValue())) {
            item.setValue(value);
        }
    }

    /** Items compare by identity: the list is replaced only when an item came, went or moved. */
    private static void replaceIfMoved(TreeItem<TreeNode> parent, List<TreeItem<TreeNode>> children) {
        if (!parent.getChildren().equals(children)) {
            parent.getChildren().setAll(children);
        }
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
