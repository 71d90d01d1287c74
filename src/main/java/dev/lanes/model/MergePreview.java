package dev.lanes.model;

import java.util.List;

/**
 * What merging {@code source} into {@code target} would do, computed without touching any checkout.
 *
 * @param commits         commits the source has that the target lacks
 * @param conflictedFiles files git predicts will conflict (empty when clean)
 * @param fastForward     true when the target is an ancestor of the source
 * @param upToDate        true when the target already contains everything of the source
 * @param changes         what the source's commits change since it left the target: files, lines
 */
public record MergePreview(String source, String target, int commits, List<String> conflictedFiles,
                           boolean fastForward, boolean upToDate, DiffStat changes) {

    public MergePreview {
        conflictedFiles = List.copyOf(conflictedFiles);
    }

    public boolean clean() {
        return conflictedFiles.isEmpty();
    }
}
