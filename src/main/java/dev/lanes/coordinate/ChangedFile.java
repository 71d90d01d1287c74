package dev.lanes.coordinate;

import java.util.List;

/**
 * One file a lane changed relative to its base (the merge base of its HEAD with the target branch).
 *
 * @param path         the file's path in the repository, '/'-separated, as git prints it (any name: spaces,
 *                     quotes, line breaks, unicode)
 * @param previousPath where it was before a rename or copy, else {@code null}
 * @param kind         what happened to it
 * @param added        lines added, or {@link #UNKNOWN} (binary, too large, unreadable)
 * @param removed      lines removed, or {@link #UNKNOWN}
 * @param committed    the lane's commits since the base touch it
 * @param uncommitted  the lane's folder holds changes to it that are not committed (staged, unstaged or
 *                     untracked). A file that is only touched (same content, new time stamp) may count as
 *                     uncommitted until git refreshes its index.
 */
public record ChangedFile(String path, String previousPath, Kind kind, int added, int removed,
                          boolean committed, boolean uncommitted) {

    /** Line counts git could not give. */
    public static final int UNKNOWN = -1;

    public enum Kind { ADDED, MODIFIED, DELETED, RENAMED, COPIED, TYPE_CHANGED, UNMERGED, UNTRACKED }

    public ChangedFile {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("A changed file needs a path.");
        }
    }

    public boolean hasLineCounts() {
        return added != UNKNOWN && removed != UNKNOWN;
    }

    /** The paths this change touches: its path, and the previous one of a rename. */
    public List<String> paths() {
        return previousPath == null || kind == Kind.COPIED ? List.of(path) : List.of(previousPath, path);
    }

    /** "+12 −3", or "binary" when git gave no line counts. */
    public String lines() {
        return hasLineCounts() ? "+" + added + " −" + removed : "binary";
    }
}
