package dev.lanes.coordinate;

import dev.lanes.fanout.PathGlob;
import dev.lanes.git.GitCli;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coordination across the lanes (worktrees) of a repository: what each lane changed since it left the target
 * branch, which files two or more lanes change, which changes fall outside a lane's scope, and whether merging
 * each lane's branch into the target now would conflict.
 *
 * <p>Per lane it runs two git processes, in parallel with the other lanes: {@code git diff --raw --numstat -z}
 * of the working tree against the merge base (committed and uncommitted changes of tracked files, with line
 * counts) and {@code git ls-files --others --exclude-standard -z} (untracked files that are not ignored; their
 * lines are counted in Java when they are text of at most 1 MiB). Merge bases and which changes are committed
 * come from JGit in-process; the conflict forecasts of all lanes come from one {@code git merge-tree
 * --write-tree --stdin} process. None of it writes to a worktree, an index or a ref ({@code --no-optional-locks}
 * keeps git from refreshing a lane's index while its agent works).
 *
 * <p>What depends only on commits (merge bases, committed file sets, forecasts) is cached by commit ids, so a
 * refresh after nothing was committed runs no {@code merge-tree}. The working trees are read on every refresh:
 * telling whether one changed needs the same stat of every file that {@code git diff} does.
 *
 * <p>{@link #refresh} blocks its caller until the snapshot is complete: call it from a background thread (or use
 * {@link #refreshAsync}), never from the FX thread, and not from a task running on this coordinator.
 */
public final class Coordinator implements AutoCloseable {

    /** Untracked files larger than this get no line counts. */
    static final long LINE_COUNT_LIMIT = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final List<String> DIFF = List.of("--no-optional-locks", "-c", "core.quotePath=false", "diff",
            "--no-ext-diff", "--no-textconv", "--no-color", "--raw", "--numstat", "-z", "--no-abbrev", "-M");
    private static final List<String> UNTRACKED = List.of("--no-optional-locks", "ls-files", "--others",
            "--exclude-standard", "-z");
    private static final List<String> MERGE_TREE = List.of("merge-tree", "--write-tree", "--stdin", "-z",
            "--name-only", "--no-messages");
    private static final String ZERO = ObjectId.zeroId().name();
    private static final int CACHE_LIMIT = 4096;
    private static final String CLOSED = "The coordination refresh stopped: the coordinator was closed.";
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final GitService git;
    private final GitCli cli;
    private final ExecutorService pool;
    private final ExecutorService orchestrator;
    private final Map<Path, Repository> repositories = new ConcurrentHashMap<>();
    private final Map<String, Optional<ObjectId>> mergeBases = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ObjectId>> committedFiles = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> targetFiles = new ConcurrentHashMap<>();
    private final Map<String, MergeTreeBatch.Merge> forecasts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A coordinator reading {@link #defaultParallelism()} lanes at once. */
    public Coordinator(GitService git) {
        this(git, defaultParallelism());
    }

    /**
     * Twice the cores, at least 2 and at most 8: each lane's git processes wait on process start and the disk
     * as much as on the CPU (measured on 2 cores: 4 at once beat 2 and 8).
     */
    public static int defaultParallelism() {
        return Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param parallelism how many lanes are read at once (each runs git processes; they wait on the disk
     *                    and on process start as much as on the CPU, so twice the cores is a fair start)
     */
    public Coordinator(GitService git, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("Coordinating lanes needs at least one thread; " + parallelism + " was asked for.");
        }
        this.git = Objects.requireNonNull(git, "git");
        this.cli = git.cli();
        int id = POOL_IDS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> daemon(r, "coordinate-" + id + "-" + n.incrementAndGet()));
        this.orchestrator = Executors.newCachedThreadPool(r -> daemon(r, "coordinate-" + id + "-refresh"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** {@link #refresh} on a thread of this coordinator. */
    public CompletableFuture<CoordinationSnapshot> refreshAsync(RepositoryInfo repo, String target,
                                                                Map<Path, List<String>> scopes) {
        return CompletableFuture.supplyAsync(() -> refresh(repo, target, scopes), orchestrator);
    }

    /**
     * Reads every lane of {@code repo} and compares them with each other and with {@code target}. A lane that
     * cannot be read (its folder or branch gone…) is reported with a problem sentence; the others are not
     * affected.
     *
     * @param target the branch lanes would merge into; {@code null} or blank: the repository's main branch
     * @param scopes lane folder → globs ({@link PathGlob}: {@code src/auth/**}, {@code *.md}); a lane's changed
     *               files matching none of its globs are flagged. {@code null}, a missing lane or an empty
     *               list: no scope
     * @throws GitException with a sentence for the person when the target is not a branch or commit of the
     *                      repository, or its worktrees cannot be listed
     */
    public CoordinationSnapshot refresh(RepositoryInfo repo, String target, Map<Path, List<String>> scopes) {
        Objects.requireNonNull(repo, "repo");
        if (closed) {
            throw new GitException(CLOSED);
        }
        Instant takenAt = Instant.now();
        long t0 = System.nanoTime();
        String tgt = target == null || target.isBlank() ? repo.mainBranch() : target.strip();
        Repository r = jgit(repo);
        ObjectId targetId = resolveTarget(repo, r, tgt);
        List<Worktree> worktrees = git.listWorktrees(repo).stream().filter(w -> !w.bare())
                .sorted(Comparator.comparing((Worktree w) -> !w.main()).thenComparing(w -> w.path().toString())).toList();
        List<String> problems = new ArrayList<>();
        Map<Worktree, List<String>> scopeOf = matchScopes(repo, worktrees, scopes, problems);

        List<Lane> lanes = new ArrayList<>(worktrees.size());
        for (Worktree wt : worktrees) {
            lanes.add(prepare(r, wt, tgt, targetId, scopeOf.getOrDefault(wt, List.of())));
        }
        long[] forecastNanos = {0};
        List<Future<?>> reads = new ArrayList<>(lanes.size());
        Future<Map<Lane, MergeTreeBatch.Merge>> forecast = null;
        Map<Lane, MergeTreeBatch.Merge> merges;
        try {
            forecast = pool.submit(() -> forecast(repo, targetId, lanes, forecastNanos));
            for (Lane lane : lanes) {
                reads.add(pool.submit(() -> read(repo, r, lane)));
            }
            for (Future<?> f : reads) {
                f.get();
            }
            merges = forecast.get();
        } catch (InterruptedException e) {
            reads.forEach(f -> f.cancel(true));
            if (forecast != null) {
                forecast.cancel(true);
            }
            Thread.currentThread().interrupt();
            throw new GitException("The coordination refresh was interrupted.", null, e);
        } catch (ExecutionException e) {
            throw new GitException("The coordination refresh failed: " + e.getCause().getMessage(), null, e.getCause());
        } catch (CancellationException | RejectedExecutionException e) {
            throw new GitException(CLOSED, null, e);
        }

        Map<String, List<Path>> overlaps = overlaps(lanes);
        List<LaneReport> reports = new ArrayList<>(lanes.size());
        for (Lane lane : lanes) {
            reports.add(report(r, lane, tgt, targetId, merges.get(lane), overlaps));
        }
        return new CoordinationSnapshot(repo, tgt, targetId.name(), takenAt, reports, overlaps, problems,
                Duration.ofNanos(System.nanoTime() - t0), Duration.ofNanos(forecastNanos[0]));
    }

    // ------------------------------------------------------------------ one lane

    /** What is known of a lane before its files are read, and (filled by {@link #read}) what was read. */
    private static final class Lane {
        final Worktree wt;
        final List<String> scope;
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ObjectId head;
        ObjectId mergeBase;
        boolean folderMissing;
        volatile List<ChangedFile> files = List.of();
        volatile boolean reverted;
        volatile long nanos;

        Lane(Worktree wt, List<String> scope) {
            this.wt = wt;
            this.scope = scope;
        }

        String name() {
            return wt.branch() != null ? wt.branch() : "HEAD " + (head == null ? "(none)" : head.abbreviate(7).name());
        }
    }

    private Lane prepare(Repository r, Worktree wt, String target, ObjectId targetId, List<String> scope) {
        Lane lane = new Lane(wt, scope);
        lane.folderMissing = !Files.isDirectory(wt.path());
        if (lane.folderMissing) {
            lane.problems.add("Its folder " + wt.path() + " is missing (moved or deleted without “git worktree remove”)"
                    + (wt.branch() != null ? ", so only the committed changes of its branch are shown" : "")
                    + ". Put the folder back, or prune the worktree.");
        }
        String head = wt.head();
        if (head == null || head.isEmpty() || head.equals(ZERO)) {
            lane.problems.add(wt.branch() != null
                    ? "Its branch “" + wt.branch() + "” does not exist (deleted while checked out here, or it has no commit yet), "
                    + "so there is nothing to compare with " + target + ". Check out a branch in it, or remove the worktree."
                    : "It has no commit checked out, so there is nothing to compare with " + target + ".");
            return lane;
        }
        try {
            lane.head = ObjectId.fromString(head);
            lane.mergeBase = mergeBase(r, lane.head, targetId).orElse(null);
            if (lane.mergeBase == null) {
                lane.problems.add(lane.name() + " has no commit in common with " + target
                        + ", so its changes cannot be counted from a base and no merge can be forecast.");
            }
        } catch (IOException | RuntimeException e) {
            lane.problems.add("Could not read its commit " + head + ": " + e.getMessage());
            lane.head = null;
        }
        return lane;
    }

    private void read(RepositoryInfo repo, Repository r, Lane lane) {
        long t0 = System.nanoTime();
        try {
            if (lane.head == null || lane.mergeBase == null || (lane.folderMissing && lane.wt.branch() == null)) {
                return;
            }
            Map<String, ObjectId> committed = committedFiles(r, lane.mergeBase, lane.head);
            List<LaneDiff.Entry> entries;
            List<String> untracked = List.of();
            if (lane.folderMissing) {
                entries = diff(repo.root(), lane.mergeBase.name(), lane.head.name());
            } else {
                entries = diff(lane.wt.path(), lane.mergeBase.name(), null);
                untracked = untracked(lane.wt.path());
            }
            List<ChangedFile> files = new ArrayList<>(entries.size() + untracked.size());
            Set<String> seen = new HashSet<>();
            for (LaneDiff.Entry e : entries) {
                boolean inCommits = committed.containsKey(e.path()) || (e.previousPath() != null && committed.containsKey(e.previousPath()));
                boolean uncommitted;
                if (lane.folderMissing) {
                    uncommitted = false;
                } else if (!inCommits) {
                    uncommitted = true;
                } else if (e.status() == 'D') {
                    ObjectId atHead = committed.get(e.path());
                    uncommitted = atHead != null && !atHead.equals(ObjectId.zeroId());
                } else {
                    uncommitted = e.dstOid().equals(ZERO) || !ObjectId.fromString(e.dstOid()).equals(committed.get(e.path()));
                }
                files.add(new ChangedFile(e.path(), e.previousPath(), LaneDiff.kind(e.status()), e.added(), e.removed(),
                        inCommits, uncommitted));
                seen.add(e.path());
                if (e.previousPath() != null) {
                    seen.add(e.previousPath());
                }
            }
            for (String u : untracked) {
                int lines = countLines(lane.wt.path().resolve(u));
                files.add(new ChangedFile(u, null, ChangedFile.Kind.UNTRACKED, lines, lines == ChangedFile.UNKNOWN
                        ? ChangedFile.UNKNOWN : 0, false, true));
            }
            // a committed change the working tree has undone again is uncommitted work too, though no change to the base
            lane.reverted = !lane.folderMissing && committed.keySet().stream().anyMatch(p -> !seen.contains(p));
            files.sort((a, b) -> a.path().compareTo(b.path()));
            lane.files = List.copyOf(files);
        } catch (GitException e) {
            lane.problems.add(e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Reading lane {} failed", lane.wt.path(), e);
            lane.problems.add("Could not read its changes: " + e.getMessage());
        } finally {
            lane.nanos = System.nanoTime() - t0;
        }
    }

    private List<LaneDiff.Entry> diff(Path dir, String from, String to) {
        List<String> args = new ArrayList<>(DIFF);
        args.add(from);
        if (to != null) {
            args.add(to);
        }
        args.add("--");
        GitCli.Result res = cli.run(dir, args);
        if (!res.ok()) {
            throw new GitException("Git could not list its changes: " + GitCli.firstMessage(res.stderr(), "unknown error."), res.stderr());
        }
        try {
            return LaneDiff.parse(res.stdout());
        } catch (IllegalStateException e) {
            throw new GitException("Could not read its changes: " + e.getMessage());
        }
    }

    private List<String> untracked(Path dir) {
        GitCli.Result res = cli.run(dir, UNTRACKED);
        if (!res.ok()) {
            throw new GitException("Git could not list its untracked files: " + GitCli.firstMessage(res.stderr(), "unknown error."), res.stderr());
        }
        return res.nulFields();
    }

    /** Lines of a text file of at most {@link #LINE_COUNT_LIMIT} bytes; UNKNOWN for anything else (binary as git judges: a NUL early on). */
    static int countLines(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > LINE_COUNT_LIMIT) {
                return ChangedFile.UNKNOWN;
            }
            byte[] b = Files.readAllBytes(file);
            int lines = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0 && i < 8000) {
                    return ChangedFile.UNKNOWN;
                }
                if (b[i] == '\n') {
                    lines++;
                }
            }
            return b.length > 0 && b[b.length - 1] != '\n' ? lines + 1 : lines;
        } catch (IOException e) {
            return ChangedFile.UNKNOWN;
        }
    }

    // ------------------------------------------------------------------ forecast

    /** The merges git has to compute, all in one process; {@code took[0]} gets its time (0: every forecast was cached). */
    private Map<Lane, MergeTreeBatch.Merge> forecast(RepositoryInfo repo, ObjectId targetId, List<Lane> lanes, long[] took) {
        List<Lane> asked = new ArrayList<>();
        Map<Lane, MergeTreeBatch.Merge> out = new HashMap<>();
        Set<ObjectId> unique = new LinkedHashSet<>();
        for (Lane lane : lanes) {
            if (lane.head == null || lane.mergeBase == null || lane.mergeBase.equals(lane.head) || lane.mergeBase.equals(targetId)) {
                continue; // no merge needed, or none possible: decided without merge-tree
            }
            MergeTreeBatch.Merge cached = forecasts.get(key(targetId, lane.head));
            if (cached != null) {
                out.put(lane, cached);
            } else {
                asked.add(lane);
                unique.add(lane.head);
            }
        }
        if (asked.isEmpty()) {
            return out;
        }
        long t0 = System.nanoTime();
        List<ObjectId> heads = List.copyOf(unique);
        StringBuilder input = new StringBuilder();
        heads.forEach(h -> input.append(targetId.name()).append(' ').append(h.name()).append('\n'));
        Map<ObjectId, MergeTreeBatch.Merge> byHead = new HashMap<>();
        GitCli.Result res = cli.run(repo.root(), MERGE_TREE, Map.of(), input.toString().getBytes(StandardCharsets.US_ASCII));
        List<MergeTreeBatch.Merge> merges = null;
        if (res.ok()) {
            try {
                merges = MergeTreeBatch.parse(res.stdout(), heads.size());
            } catch (IllegalStateException e) {
                LOG.warn("merge-tree --stdin: {}", e.getMessage());
            }
        } else {
            LOG.warn("merge-tree --stdin failed ({}): {}", res.exitCode(), res.stderr().strip());
        }
        if (merges != null) {
            for (int i = 0; i < heads.size(); i++) {
                byHead.put(heads.get(i), merges.get(i));
            }
        } else {
            // one merge spoiled the batch: ask for each alone, so the others still get their forecast
            for (ObjectId head : heads) {
                mergeAlone(repo, targetId, head).ifPresent(m -> byHead.put(head, m));
            }
        }
        took[0] = System.nanoTime() - t0;
        bound(forecasts);
        for (Lane lane : asked) {
            MergeTreeBatch.Merge m = byHead.get(lane.head);
            if (m != null) {
                forecasts.put(key(targetId, lane.head), m);
                out.put(lane, m);
            } else {
                lane.problems.add("Git could not forecast merging " + lane.name() + ".");
            }
        }
        return out;
    }

    private Optional<MergeTreeBatch.Merge> mergeAlone(RepositoryInfo repo, ObjectId targetId, ObjectId head) {
        GitCli.Result res = cli.run(repo.root(), List.of("merge-tree", "--write-tree", "-z", "--name-only", "--no-messages",
                targetId.name(), head.name()));
        if (res.exitCode() > 1) {
            LOG.warn("merge-tree of {} failed: {}", head.name(), res.stderr().strip());
            return Optional.empty();
        }
        List<String> f = res.nulFields();
        List<String> files = f.size() > 1 ? List.copyOf(new TreeSet<>(f.subList(1, f.size()))) : List.of();
        return Optional.of(new MergeTreeBatch.Merge(res.exitCode() == 0, files));
    }

    private ConflictForecast forecastOf(Repository r, Lane lane, String target, ObjectId targetId, MergeTreeBatch.Merge merge) {
        if (lane.head == null) {
            return ConflictForecast.unknown("No forecast: " + lane.wt.name() + " has no commit to merge.");
        }
        if (target.equals(lane.wt.branch())) {
            return new ConflictForecast(ConflictForecast.Outcome.TARGET_ITSELF, List.of(), false, List.of(),
                    "This is the target branch " + target + " itself.");
        }
        if (lane.mergeBase == null) {
            return ConflictForecast.unknown("No forecast: " + lane.name() + " and " + target + " have no commit in common.");
        }
        List<String> uncommitted = lane.files.stream().filter(ChangedFile::uncommitted).map(ChangedFile::path).toList();
        boolean committedOnly = !uncommitted.isEmpty() || lane.reverted;
        List<String> alsoOnTarget = List.of();
        if (!uncommitted.isEmpty() && !lane.mergeBase.equals(targetId)) {
            try {
                Set<String> changedOnTarget = targetFiles(r, lane.mergeBase, targetId);
                alsoOnTarget = lane.files.stream().filter(ChangedFile::uncommitted)
                        .filter(f -> f.paths().stream().anyMatch(changedOnTarget::contains))
                        .map(ChangedFile::path).toList();
            } catch (IOException e) {
                LOG.warn("Changes of {} since {}", target, lane.mergeBase.name(), e);
            }
        }
        ConflictForecast.Outcome outcome;
        List<String> conflicts = List.of();
        String sentence;
        if (lane.mergeBase.equals(lane.head)) {
            outcome = ConflictForecast.Outcome.UP_TO_DATE;
            sentence = target + " already holds every commit of " + lane.name() + ": there is nothing to merge.";
        } else if (lane.mergeBase.equals(targetId)) {
            outcome = ConflictForecast.Outcome.FAST_FORWARD;
            sentence = "Merging " + lane.name() + " into " + target + " now would fast-forward " + target + ": no conflicts.";
        } else if (merge == null) {
            return ConflictForecast.unknown("No forecast: git could not compute the merge of " + lane.name() + " into " + target + ".");
        } else if (merge.clean()) {
            outcome = ConflictForecast.Outcome.CLEAN;
            sentence = "Merging " + lane.name() + " into " + target + " now would make a merge commit without conflicts.";
        } else {
            outcome = ConflictForecast.Outcome.CONFLICTS;
            conflicts = merge.conflicts();
            sentence = "Merging " + lane.name() + " into " + target + " now would conflict in " + count(conflicts.size(), "file")
                    + ": " + summarize(conflicts) + ".";
        }
        if (committedOnly) {
            sentence += " This covers committed work only: " + (uncommitted.isEmpty() ? "it has undone some of its commits"
                    : count(uncommitted.size(), "file") + " with uncommitted changes")
                    + " left out" + (alsoOnTarget.isEmpty() ? "." : ", of which " + target + " changed "
                    + summarize(alsoOnTarget) + " too since this lane began: committing " + (alsoOnTarget.size() == 1 ? "it" : "them")
                    + " may conflict.");
        }
        return new ConflictForecast(outcome, conflicts, committedOnly, alsoOnTarget, sentence);
    }

    // ------------------------------------------------------------------ overlaps and scopes

    private static Map<String, List<Path>> overlaps(List<Lane> lanes) {
        Map<String, List<Path>> byFile = new TreeMap<>();
        for (Lane lane : lanes) {
            Set<String> mine = new HashSet<>();
            for (ChangedFile f : lane.files) {
                mine.addAll(f.paths());
            }
            for (String p : mine) {
                byFile.computeIfAbsent(p, k -> new ArrayList<>()).add(lane.wt.path());
            }
        }
        byFile.values().removeIf(l -> l.size() < 2);
        return byFile;
    }

    private LaneReport report(Repository r, Lane lane, String target, ObjectId targetId, MergeTreeBatch.Merge merge,
                              Map<String, List<Path>> overlaps) {
        Map<String, List<Path>> mine = new TreeMap<>();
        for (ChangedFile f : lane.files) {
            for (String p : f.paths()) {
                List<Path> all = overlaps.get(p);
                if (all != null) {
                    mine.put(p, all.stream().filter(x -> !x.equals(lane.wt.path())).toList());
                }
            }
        }
        List<String> problems = new ArrayList<>(lane.problems);
        List<String> outOfScope = List.of();
        if (!lane.scope.isEmpty()) {
            try {
                List<PathGlob> globs = lane.scope.stream().map(PathGlob::compile).toList();
                outOfScope = lane.files.stream()
                        .filter(f -> f.paths().stream().anyMatch(p -> globs.stream().noneMatch(g -> g.matches(p))))
                        .map(ChangedFile::path).toList();
            } catch (IllegalArgumentException e) {
                problems.add("Its scope cannot be checked: " + e.getMessage());
            }
        }
        ConflictForecast forecast = forecastOf(r, lane, target, targetId, merge);
        return new LaneReport(lane.wt, lane.mergeBase == null ? null : lane.mergeBase.name(), lane.files, mine, lane.scope,
                outOfScope, forecast, problems, Duration.ofNanos(lane.nanos));
    }

    private static Map<Worktree, List<String>> matchScopes(RepositoryInfo repo, List<Worktree> worktrees,
                                                           Map<Path, List<String>> scopes, List<String> problems) {
        Map<Worktree, List<String>> out = new LinkedHashMap<>();
        if (scopes == null) {
            return out;
        }
        for (Map.Entry<Path, List<String>> e : scopes.entrySet()) {
            if (e.getKey() == null) {
                continue;
            }
            Optional<Worktree> wt = worktrees.stream().filter(w -> GitService.samePath(w.path(), e.getKey())).findFirst();
            if (wt.isEmpty()) {
                problems.add("A scope was given for " + e.getKey() + ", which is not a worktree of " + repo.name() + ".");
                continue;
            }
            List<String> globs = e.getValue() == null ? List.of()
                    : e.getValue().stream().filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty()).toList();
            out.put(wt.get(), globs);
        }
        return out;
    }

    // ------------------------------------------------------------------ JGit, cached by commit ids

    private ObjectId resolveTarget(RepositoryInfo repo, Repository r, String target) {
        try {
            Ref branch = r.exactRef(Constants.R_HEADS + target);
            ObjectId id = branch != null ? branch.getObjectId() : r.resolve(target + "^{commit}");
            if (id == null) {
                throw new GitException("There is no branch named “" + target + "” in " + repo.name() + ".");
            }
            try (RevWalk walk = new RevWalk(r)) {
                return walk.parseCommit(id).getId();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof GitException ge) {
                throw ge;
            }
            throw new GitException("“" + target + "” is not a branch or commit of " + repo.name() + ": " + e.getMessage(), null, e);
        }
    }

    private Optional<ObjectId> mergeBase(Repository r, ObjectId head, ObjectId target) throws IOException {
        String key = key(head, target);
        Optional<ObjectId> cached = mergeBases.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<ObjectId> base;
        try (RevWalk walk = new RevWalk(r)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(head));
            walk.markStart(walk.parseCommit(target));
            RevCommit b = walk.next();
            base = Optional.ofNullable(b == null ? null : b.getId().copy());
        }
        bound(mergeBases).put(key, base);
        return base;
    }

    /** Paths the commits from {@code base} to {@code head} change → their blob at head (zero id: deleted). */
    private Map<String, ObjectId> committedFiles(Repository r, ObjectId base, ObjectId head) throws IOException {
        String key = key(base, head);
        Map<String, ObjectId> cached = committedFiles.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, ObjectId> files = new HashMap<>();
        if (!base.equals(head)) {
            try (RevWalk walk = new RevWalk(r); TreeWalk tw = new TreeWalk(r)) {
                tw.addTree(walk.parseCommit(base).getTree());
                tw.addTree(walk.parseCommit(head).getTree());
                tw.setRecursive(true);
                tw.setFilter(TreeFilter.ANY_DIFF);
                while (tw.next()) {
                    files.put(tw.getPathString(), tw.getObjectId(1));
                }
            }
        }
        Map<String, ObjectId> frozen = Collections.unmodifiableMap(files);
        bound(committedFiles).put(key, frozen);
        return frozen;
    }

    private Set<String> targetFiles(Repository r, ObjectId base, ObjectId target) throws IOException {
        String key = key(base, target);
        Set<String> cached = targetFiles.get(key);
        if (cached != null) {
            return cached;
        }
        Set<String> files = Set.copyOf(committedFiles(r, base, target).keySet());
        bound(targetFiles).put(key, files);
        return files;
    }

    private static <V> Map<String, V> bound(Map<String, V> cache) {
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        return cache;
    }

    private static String key(ObjectId a, ObjectId b) {
        return a.name() + ' ' + b.name();
    }

    private Repository jgit(RepositoryInfo repo) {
        Path key = repo.gitDir().toAbsolutePath().normalize();
        return repositories.computeIfAbsent(key, p -> {
            try {
                return new FileRepositoryBuilder().setGitDir(p.toFile()).setMustExist(true).build();
            } catch (IOException | IllegalArgumentException e) {
                throw new GitException("Could not open the repository " + repo.root() + ": " + e.getMessage(), null, e);
            }
        });
    }

    // ------------------------------------------------------------------ wording

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String summarize(List<String> files) {
        int shown = Math.min(3, files.size());
        String list = String.join(", ", files.subList(0, shown));
        return files.size() > shown ? list + " and " + (files.size() - shown) + " more" : list;
    }

    /** Stops the threads and closes the repositories; a refresh running now fails. */
    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
        orchestrator.shutdownNow();
        repositories.values().forEach(Repository::close);
        repositories.clear();
    }
}
