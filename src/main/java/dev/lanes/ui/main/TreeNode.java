package dev.lanes.ui.main;

import dev.lanes.coordinate.ConflictForecast;
import dev.lanes.coordinate.LaneReport;
import dev.lanes.model.AgentSession;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.WorktreeView;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a row of the worktree tree stands for: plain values, compared with equals, so the tree changes a row
 * only when what it shows changed ({@link WorktreeTreeItems}).
 */
public sealed interface TreeNode {

    Path path();

    record RepositoryNode(RepositorySnapshot snapshot) implements TreeNode {
        @Override
        public Path path() {
            return snapshot.repository().root();
        }
    }

    /**
     * A session under its worktree; {@code agent} is its agent side, or null for a plain command;
     * {@code waitingFor} the named resource it waits for, or null.
     */
    record SessionNode(SessionRecord session, AgentSession agent, String waitingFor) implements TreeNode {
        public SessionNode(SessionRecord session, AgentSession agent) {
            this(session, agent, null);
        }

        @Override
        public Path path() {
            return session.worktree();
        }
    }

    /** A worktree, with what the last check of the lanes found in it ({@link Marks#NONE} before one). */
    record WorktreeNode(WorktreeView view, Marks marks) implements TreeNode {
        public WorktreeNode(WorktreeView view) {
            this(view, Marks.NONE);
        }

        @Override
        public Path path() {
            return view.worktree().path();
        }
    }

    /**
     * What the tree shows of a lane's coordination report: the other lanes changing its files (each with the
     * files), its files outside its scope, and whether merging it would conflict.
     */
    record Marks(Map<Path, List<String>> sharedWith, List<String> outOfScope, ConflictForecast forecast) {
        public static final Marks NONE = new Marks(Map.of(), List.of(), null);

        public static Marks of(LaneReport lane) {
            return lane == null ? NONE : new Marks(lane.sharedWith(), lane.outOfScope(), lane.forecast());
        }
    }
}
