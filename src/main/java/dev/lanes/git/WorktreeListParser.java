package dev.lanes.git;

import dev.lanes.model.Worktree;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code git worktree list --porcelain -z}: attributes separated by NUL, each worktree ended
 * by an empty attribute. Paths may hold spaces, newlines and any unicode; with -z none is quoted.
 */
final class WorktreeListParser {

    private static final String BRANCH_PREFIX = "refs/heads/";

    private WorktreeListParser() {
    }

    static List<Worktree> parse(GitCli.Result result) {
        byte[] bytes = result.stdout();
        List<List<String>> records = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                continue;
            }
            String field = new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8);
            start = i + 1;
            if (field.isEmpty()) {
                if (!current.isEmpty()) {
                    records.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add(field);
            }
        }
        if (!current.isEmpty()) {
            records.add(current);
        }
        List<Worktree> worktrees = new ArrayList<>(records.size());
        for (List<String> record : records) {
            worktrees.add(toWorktree(record, worktrees.isEmpty()));
        }
        return worktrees;
    }

    private static Worktree toWorktree(List<String> fields, boolean first) {
        String path = null;
        String head = "";
        String branch = null;
        boolean bare = false;
        String locked = null;
        String prunable = null;
        for (String field : fields) {
            int space = field.indexOf(' ');
            String key = space < 0 ? field : field.substring(0, space);
            String value = space < 0 ? "" : field.substring(space + 1);
            switch (key) {
                case "worktree" -> path = value;
                case "HEAD" -> head = value;
                case "branch" -> branch = value.startsWith(BRANCH_PREFIX) ? value.substring(BRANCH_PREFIX.length()) : value;
                case "bare" -> bare = true;
                case "locked" -> locked = value;
                case "prunable" -> prunable = value;
                default -> {
                    // "detached" and attributes of newer git versions carry nothing we use
                }
            }
        }
        if (path == null) {
            throw new GitException("git worktree list printed an entry without a path.", String.join(" | ", fields));
        }
        return new Worktree(Path.of(path), head, branch, first, bare, locked, prunable);
    }
}
