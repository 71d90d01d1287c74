package dev.lanes.fanout;

import java.util.List;

/**
 * What one item of a run changed: files with added and removed lines, and the unified diff.
 *
 * @param files         the changed files, in git's order; paths relative to the top of the checkout (the run's
 *                      repository in one folder, the item's worktree otherwise)
 * @param diff          the unified diff (git's, paths unquoted where they can be); cut at {@link #DIFF_LIMIT}
 *                      characters
 * @param diffTruncated the diff was cut
 * @param against       what the changes are measured against, for the person: "HEAD", "main at 1a2b3c4"…
 */
public record ItemChanges(List<FileChange> files, String diff, boolean diffTruncated, String against) {

    /** At most this many characters of diff text. */
    public static final int DIFF_LIMIT = 2_000_000;

    public ItemChanges {
        files = List.copyOf(files);
        diff = diff == null ? "" : diff;
    }

    static ItemChanges none(String why) {
        return new ItemChanges(List.of(), "", false, why);
    }

    /** Lines added over all files (binary files count 0). */
    public int added() {
        return files.stream().mapToInt(FileChange::added).sum();
    }

    /** Lines removed over all files (binary files count 0). */
    public int removed() {
        return files.stream().mapToInt(FileChange::removed).sum();
    }

    /** For a table cell: "+12 −3 in 1 file", "no changes". */
    public String summary() {
        if (files.isEmpty()) {
            return "no changes";
        }
        return compact() + " in " + files.size() + (files.size() == 1 ? " file" : " files");
    }

    /** For a narrow cell: "+12 −3" for one file, "+12 −3 in 4 files", "none". */
    public String compact() {
        if (files.isEmpty()) {
            return "none";
        }
        String lines = "+" + added() + " \u2212" + removed();
        return files.size() == 1 ? lines : lines + " in " + files.size() + " files";
    }

    /**
     * One changed file.
     *
     * @param path    its path now (relative to the top of the checkout)
     * @param oldPath its path before, when git saw a rename; else null
     * @param added   lines added (0 for a binary file)
     * @param removed lines removed (0 for a binary file)
     * @param binary  git counts no lines in it
     */
    public record FileChange(String path, String oldPath, int added, int removed, boolean binary) {
    }
}
