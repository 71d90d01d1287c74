package dev.lanes.fanout;

import dev.lanes.git.GitService;

import java.util.Locale;

/**
 * Where a fan-out run's items run.
 *
 * <ul>
 *   <li>{@link Kind#ONE_FOLDER} (the default): every item in the run's folder, side by side. Lanes commits nothing.</li>
 *   <li>{@link Kind#PER_ITEM}: each item in a worktree of its own, on a new branch
 *       {@code <prefix><runId>-<index>-<slug of its file>} made from {@code base}. After the item passed (its
 *       verification too) Lanes commits everything changed in that worktree on its branch.</li>
 *   <li>{@link Kind#BATCH}: items 1..K in one worktree on {@code <prefix><runId>-batch-1}, K+1..2K in the next… The
 *       batch's changes are committed once every item of the batch has passed; while one has not (failed, skipped,
 *       cancelled), the worktree keeps the changes uncommitted and a retry that makes it pass commits them.</li>
 * </ul>
 * Worktrees are made when their first item starts, in {@code worktreesRoot} (or beside the repository, as
 * {@link GitService#defaultFolder} places them), and are left for the person to review, merge
 * ({@link FanoutMerger}) and remove.
 *
 * @param kind          one folder, per item, or batches
 * @param batchSize     K for {@link Kind#BATCH}, else 1
 * @param base          the branch (or commit) item worktrees start from; blank for {@link Kind#ONE_FOLDER}
 * @param branchPrefix  put before every branch name Lanes makes, e.g. "fanout/"
 * @param worktreesRoot where worktrees go ({@code <root>/<repo>/<branch>}), or null for beside the repository
 */
public record FanoutPlacement(Kind kind, int batchSize, String base, String branchPrefix, String worktreesRoot) {

    public enum Kind {
        ONE_FOLDER, PER_ITEM, BATCH
    }

    public static final String DEFAULT_PREFIX = "fanout/";
    /** Every item in the run's folder (what a run did before placements existed). */
    public static final FanoutPlacement ONE_FOLDER = new FanoutPlacement(Kind.ONE_FOLDER, 1, "", DEFAULT_PREFIX, null);
    private static final int SLUG_LENGTH = 40;

    public FanoutPlacement {
        if (kind == null) {
            throw new IllegalArgumentException("a placement needs a kind");
        }
        base = base == null ? "" : base.strip();
        branchPrefix = branchPrefix == null ? DEFAULT_PREFIX : branchPrefix.strip();
        worktreesRoot = worktreesRoot == null || worktreesRoot.isBlank() ? null : worktreesRoot;
        if (kind == Kind.BATCH && batchSize < 1) {
            throw new IllegalArgumentException("A batch holds at least 1 item, not " + batchSize + ".");
        }
        if (kind != Kind.BATCH) {
            batchSize = 1;
        }
        if (kind != Kind.ONE_FOLDER && base.isEmpty()) {
            throw new IllegalArgumentException("Worktrees per item or per batch need a base branch to start from.");
        }
    }

    /** One worktree and branch per item, from {@code base}. */
    public static FanoutPlacement perItem(String base) {
        return new FanoutPlacement(Kind.PER_ITEM, 1, base, DEFAULT_PREFIX, null);
    }

    /** One worktree and branch per {@code k} items, from {@code base}. */
    public static FanoutPlacement batches(int k, String base) {
        return new FanoutPlacement(Kind.BATCH, k, base, DEFAULT_PREFIX, null);
    }

    /**
     * "one", "per-item" or "batch:K" (what {@link #label()} gives), with {@code base} for the latter two.
     *
     * @throws IllegalArgumentException with a sentence for the person when {@code text} is none of these
     */
    public static FanoutPlacement parse(String text, String base) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("one") || t.isEmpty()) {
            return ONE_FOLDER;
        }
        if (t.equals("per-item")) {
            return perItem(base);
        }
        if (t.startsWith("batch:")) {
            try {
                return batches(Integer.parseInt(t.substring("batch:".length()).strip()), base);
            } catch (NumberFormatException e) {
                // below
            }
        }
        throw new IllegalArgumentException("“" + text + "” is not a placement: use one, per-item or batch:K (K items per worktree).");
    }

    public FanoutPlacement withBranchPrefix(String prefix) {
        return new FanoutPlacement(kind, batchSize, base, prefix, worktreesRoot);
    }

    public FanoutPlacement withWorktreesRoot(String root) {
        return new FanoutPlacement(kind, batchSize, base, branchPrefix, root);
    }

    /** Items run in worktrees of their own (per item or per batch). */
    public boolean usesWorktrees() {
        return kind != Kind.ONE_FOLDER;
    }

    /** "one", "per-item" or "batch:K". */
    public String label() {
        return switch (kind) {
            case ONE_FOLDER -> "one";
            case PER_ITEM -> "per-item";
            case BATCH -> "batch:" + batchSize;
        };
    }

    /** The worktree group of item {@code index} (1-based): its index per item, its batch number (1-based) in batches. */
    public int groupOf(int index) {
        return kind == Kind.BATCH ? (index - 1) / batchSize + 1 : index;
    }

    /** The 1-based item indexes of group {@code group} among {@code total} items. */
    public int[] groupItems(int group, int total) {
        if (kind != Kind.BATCH) {
            return new int[] {group};
        }
        int from = (group - 1) * batchSize + 1;
        int to = Math.min(total, group * batchSize);
        int[] out = new int[Math.max(0, to - from + 1)];
        for (int k = 0; k < out.length; k++) {
            out[k] = from + k;
        }
        return out;
    }

    /** The branch item {@code index} (path {@code path}) runs on in run {@code runId}; null for one folder. */
    public String branchFor(long runId, int index, String path) {
        return switch (kind) {
            case ONE_FOLDER -> null;
            case BATCH -> branchPrefix + runId + "-batch-" + groupOf(index);
            case PER_ITEM -> {
                String slug = slug(path);
                yield branchPrefix + runId + "-" + index + (slug.isEmpty() ? "" : "-" + slug);
            }
        };
    }

    /** A short branch-safe form of a file's path: "src/Main Window.java" → "src-main-window.java". */
    static String slug(String path) {
        String s = GitService.suggestBranchName(path.replace('/', '-').replace('\\', '-'));
        if (s.length() > SLUG_LENGTH) {
            s = s.substring(s.length() - SLUG_LENGTH).replaceAll("^[-._]+", "");
        }
        return s;
    }
}
