package dev.lanes.fanout;

import dev.lanes.git.GitCli;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-item change figures of a run's results table: files with +added/−removed lines and the unified
 * diff, from the git command line (argv only; paths as literal pathspecs after {@code --}, read from NUL-separated
 * output, so any file name works).
 *
 * <ul>
 *   <li>One folder: the item's own file in the run's folder against HEAD (a file git does not track yet counts as
 *       all added). Other items' changes in that folder are not counted.</li>
 *   <li>Worktrees: everything in the item's worktree against the commit its branch started from, committed or
 *       not, new files included (read through a temporary copy of the worktree's index, which stays untouched).
 *       Items of one batch share a worktree, so they show the batch's changes. When the worktree folder is gone,
 *       the branch's committed changes.</li>
 * </ul>
 * Blocks on git: call it off the FX thread.
 */
public final class FanoutChanges {

    private static final List<String> DIFF = List.of("-c", "core.quotePath=false", "--literal-pathspecs", "diff",
            "--no-ext-diff", "--no-color", "--no-textconv", "-M");

    private final GitCli git;

    public FanoutChanges(GitService git) {
        this.git = git.cli();
    }

    /**
     * What item {@code item} of run {@code spec} changed.
     *
     * @throws GitException with a sentence for the person when git cannot tell (the folder is not a repository…)
     */
    public ItemChanges changes(FanoutSpec spec, FanoutItem item) {
        if (!spec.placement().usesWorktrees()) {
            return inFolder(Path.of(spec.folder()), item.path());
        }
        ItemPlace place = item.place();
        if (place == null) {
            return ItemChanges.none("no worktree yet (the item has not started)");
        }
        Path worktree = Path.of(place.worktree());
        String base = place.baseCommit() != null ? place.baseCommit() : mergeBase(Path.of(spec.folder()), spec.placement().base(),
                place.branch());
        String against = spec.placement().base() + " at " + base.substring(0, Math.min(7, base.length()));
        if (Files.isDirectory(worktree)) {
            return inWorktree(worktree, base, against);
        }
        Path repo = Path.of(spec.folder());
        List<String> range = List.of(base, "refs/heads/" + place.branch());
        return changes(numstat(run(repo, args("--numstat", "-z", range, null), Map.of(), 0)),
                run(repo, args(null, null, range, null), Map.of(), 0), against + " (branch " + place.branch()
                + "; its worktree is gone)");
    }

    private ItemChanges inFolder(Path folder, String path) {
        GitCli.Result head = git.run(folder, List.of("rev-parse", "-q", "--verify", "HEAD^{commit}"));
        String base = head.ok() ? head.line() : emptyTree(folder);
        List<String> rev = List.of(base);
        List<String> pathspec = List.of(path);
        List<ItemChanges.FileChange> files = numstat(run(folder, args("--numstat", "-z", rev, pathspec), Map.of(), 0));
        if (files.isEmpty() && !run(folder, List.of("--literal-pathspecs", "ls-files", "-z", "--others", "--", path), Map.of(), 0)
                .nulFields().isEmpty()) {
            // not tracked yet: all of it is new
            List<String> noIndex = new ArrayList<>(List.of("-c", "core.quotePath=false", "diff", "--no-index", "--no-ext-diff",
                    "--no-color", "--no-textconv"));
            List<String> numstat = new ArrayList<>(noIndex);
            numstat.addAll(List.of("--numstat", "-z", "--", "/dev/null", path));
            noIndex.addAll(List.of("--", "/dev/null", path));
            return changes(numstat(run(folder, numstat, Map.of(), 1)), run(folder, noIndex, Map.of(), 1),
                    "nothing (git does not track it yet)");
        }
        return changes(files, run(folder, args(null, null, rev, pathspec), Map.of(), 0), head.ok() ? "HEAD" : "an empty repository");
    }

    private ItemChanges inWorktree(Path worktree, String base, String against) {
        Path tempIndex = null;
        try {
            String indexName = git.check(worktree, List.of("rev-parse", "--git-path", "index")).out();
            Path index = worktree.resolve(indexName.endsWith("\n") ? indexName.substring(0, indexName.length() - 1) : indexName);
            tempIndex = Files.createTempFile("lanes-fanout-index", "");
            if (Files.exists(index)) {
                Files.copy(index, tempIndex, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(tempIndex);
            }
            Map<String, String> env = Map.of("GIT_INDEX_FILE", tempIndex.toString());
            run(worktree, List.of("add", "-A"), env, 0);
            List<String> rev = List.of(base);
            List<ItemChanges.FileChange> files = numstat(run(worktree, args("--numstat", "-z", rev, null, true), env, 0));
            return changes(files, run(worktree, args(null, null, rev, null, true), env, 0), against);
        } catch (IOException e) {
            throw new GitException("Could not read the changes in " + worktree + ": " + e.getMessage(), null, e);
        } finally {
            if (tempIndex != null) {
                try {
                    Files.deleteIfExists(tempIndex);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    private static List<String> args(String stat, String z, List<String> revs, List<String> paths) {
        return args(stat, z, revs, paths, false);
    }

    private static List<String> args(String stat, String z, List<String> revs, List<String> paths, boolean cached) {
        List<String> a = new ArrayList<>(DIFF);
        if (cached) {
            a.add("--cached");
        }
        if (stat != null) {
            a.add(stat);
        }
        if (z != null) {
            a.add(z);
        }
        a.add("--end-of-options");
        a.addAll(revs);
        a.add("--");
        if (paths != null) {
            a.addAll(paths);
        }
        return a;
    }

    /** Runs git; exit codes up to {@code okUpTo} are fine (1 for --no-index: "they differ"). */
    private GitCli.Result run(Path dir, List<String> args, Map<String, String> env, int okUpTo) {
        GitCli.Result r = git.run(dir, args, env);
        if (r.exitCode() < 0 || r.exitCode() > okUpTo) {
            String first = r.stderr().strip().lines().findFirst().orElse("exit code " + r.exitCode())
                    .replaceFirst("^(fatal|error): ", "");
            throw new GitException("Git could not tell what changed in " + dir + ": " + first + ".", r.stderr());
        }
        return r;
    }

    private String mergeBase(Path repo, String base, String branch) {
        GitCli.Result r = git.run(repo, List.of("merge-base", "--end-of-options", base, "refs/heads/" + branch));
        if (!r.ok()) {
            throw new GitException("Git could not find where branch " + branch + " started from " + base + ".", r.stderr());
        }
        return r.line();
    }

    private String emptyTree(Path folder) {
        return git.check(folder, List.of("hash-object", "-t", "tree", "--stdin")).line();
    }

    private static ItemChanges changes(List<ItemChanges.FileChange> files, GitCli.Result diff, String against) {
        String s = new String(diff.stdout(), StandardCharsets.UTF_8);
        boolean cut = s.length() > ItemChanges.DIFF_LIMIT;
        return new ItemChanges(files, cut ? s.substring(0, ItemChanges.DIFF_LIMIT) : s, cut, against);
    }

    /**
     * {@code git diff --numstat -z}: "added TAB removed TAB path NUL", or for a rename "added TAB removed TAB NUL
     * old NUL new NUL"; "-" for both counts of a binary file.
     */
    static List<ItemChanges.FileChange> numstat(GitCli.Result r) {
        List<String> fields = r.nulFields();
        List<ItemChanges.FileChange> out = new ArrayList<>();
        for (int k = 0; k < fields.size(); k++) {
            String f = fields.get(k);
            int t1 = f.indexOf('\t');
            int t2 = t1 < 0 ? -1 : f.indexOf('\t', t1 + 1);
            if (t2 < 0) {
                continue; // not a record start: skip what cannot be read rather than misreading the rest
            }
            String a = f.substring(0, t1);
            String d = f.substring(t1 + 1, t2);
            String path = f.substring(t2 + 1);
            String old = null;
            if (path.isEmpty()) {
                if (k + 2 >= fields.size()) {
                    break;
                }
                old = fields.get(k + 1);
                path = fields.get(k + 2);
                k += 2;
                if (old.equals("/dev/null")) {
                    old = null;
                }
            }
            boolean binary = a.equals("-") || d.equals("-");
            out.add(new ItemChanges.FileChange(path, old, binary ? 0 : parse(a), binary ? 0 : parse(d), binary));
        }
        return out;
    }

    private static int parse(String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
