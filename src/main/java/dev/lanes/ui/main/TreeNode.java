package dev.lanes.ui.main;

import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.WorktreeView;

import java.nio.file.Path;

/** What a row of the worktree tree stands for. */
public sealed interface TreeNode {

    Path path();

    record RepositoryNode(RepositorySnapshot snapshot) implements TreeNode {
        @Override
        public Path path() {
            return snapshot.repository().root();
        }
    }

    /** A session under its worktree; {@code agent} is its agent side, or null for a plain command. */
    record SessionNode(dev.lanes.model.SessionRecord session, dev.lanes.model.AgentSession agent) implements TreeNode {
        @Override
        public Path path() {
            return session.worktree();
        }
    }

    record WorktreeNode(WorktreeView view) implements TreeNode {
        @Override
        public Path path() {
            return view.worktree().path();
        }
    }
}
