package dev.lanes.git;

import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.CreatedWorktree;
import dev.lanes.model.DiffStat;
import dev.lanes.model.MergeMode;
import dev.lanes.model.MergeOutcome;
import dev.lanes.model.MergePreview;
import dev.lanes.model.RemoveOutcome;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.Worktree;
import dev.lanes.model.WorktreeStatus;
import dev.lanes.model.WorktreeView;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.BranchTrackingStatus;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.RevWalkUtils;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Everything Lanes does with git. Worktrees are added, listed, removed and pruned with the git
 * command line (JGit has no API for them); status, ahead/behind and history come from JGit, which
 * reads linked worktrees correctly. Merges run with the git command line in the main checkout, so
 * that the merge and its prediction ({@code git merge-tree --write-tree}) use the same engine.
 *
 * <p>Every method blocks: call it from a background thread, never from the FX thread.
 */
public final class GitService implements AutoCloseable {

    /** Per-branch key in the repository's config recording the branch a lane started from. */
    static final String BASE_KEY = "lanesBase";

    private static final Logger LOG = LoggerFactory.getLogger(GitService.class);

    private final GitCli git;
    private final Map<Path, Repository> repositories = new ConcurrentHashMap<>();
    private volatile boolean versionChecked;

    public GitService(GitCli git) {
        this.git = git;
    }

    public GitService() {
        this(new GitCli());
    }

    public GitCli cli() {
        return git;
    }

    // ---------------------------------------------------------------- opening

    /**
     * Opens the repository that holds {@code folder} (its main checkout, also when {@code folder} is
     * inside a linked worktree or a subfolder).
     */
    public RepositoryInfo open(Path folder) {
        requireGit();
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new GitException(Files.exists(dir) ? dir + " is a file, not a folder." : "The folder " + dir + " does not exist.");
        }
        GitCli.Result probe = git.run(dir, List.of("rev-parse", "--git-common-dir"));
        if (!probe.ok()) {
            if (probe.stderr().contains("not a git repository")) {
                throw new GitException(dir + " is not a git repository. Choose a folder inside one, or run "
                        + "“git init” there first.", probe.stderr());
            }
            throw new GitException(GitCli.firstMessage(probe.stderr(), "Git could not read " + dir + "."), probe.stderr());
        }
        List<Worktree> worktrees = WorktreeListParser.parse(git.check(dir, List.of("worktree", "list", "--porcelain", "-z")));
        Worktree main = worktrees.get(0);
        if (main.bare()) {
            throw new GitException(main.path() + " is a bare repository: it has no checkout of its own. Open a "
                    + "repository with a working folder (a clone made without --bare).");
        }
        Path root = main.path();
        if (!Files.isDirectory(root)) {
            throw new GitException("The main checkout " + root + " no longer exists.");
        }
        Path commonDir = Path.of(probe.line());
        if (!commonDir.isAbsolute()) {
            commonDir = dir.resolve(commonDir).normalize();
        }
        return new RepositoryInfo(root, commonDir, detectMainBranch(root, main));
    }

    private String detectMainBranch(Path root, Worktree main) {
        GitCli.Result remoteHead = git.run(root, List.of("symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"));
        if (remoteHead.ok()) {
            String remote = remoteHead.line();
            String local = remote.startsWith("origin/") ? remote.substring("origin/".length()) : remote;
            if (branchExists(root, local)) {
                return local;
            }
        }
        for (String candidate : List.of("main", "master", "trunk", "develop")) {
            if (branchExists(root, candidate)) {
                return candidate;
            }
        }
        return main.branch() != null ? main.branch() : "main";
    }

    private void requireGit() {
        if (!versionChecked) {
            git.requireSupportedVersion();
            versionChecked = true;
        }
    }

    // ---------------------------------------------------------------- reading

    public List<Worktree> listWorktrees(RepositoryInfo repo) {
        return WorktreeListParser.parse(git.check(repo.root(), List.of("worktree", "list", "--porcelain", "-z")));
    }

    /**
     * The worktree list without statuses (one git call): what the tree shows at once, before
     * {@link #snapshot} fills in uncommitted counts and ahead/behind.
     */
    public RepositorySnapshot listing(RepositoryInfo repo) {
        List<Worktree> worktrees = listWorktrees(repo);
        List<WorktreeView> views = worktrees.stream().map(wt -> Files.isDirectory(wt.path()) || wt.bare()
                ? new WorktreeView(wt, null, null)
                : WorktreeView.failed(wt, "Its folder is missing: prune to clean up the entry.")).toList();
        return new RepositorySnapshot(repo, worktrees.isEmpty() ? null : worktrees.get(0).branch(), views);
    }

    /** The worktree list and every worktree's status; statuses are read in parallel. */
    public RepositorySnapshot snapshot(RepositoryInfo repo) {
        List<Worktree> worktrees = listWorktrees(repo);
        List<WorktreeView> views = worktrees.parallelStream().map(wt -> view(repo, wt)).toList();
        String current = worktrees.isEmpty() ? null : worktrees.get(0).branch();
        return new RepositorySnapshot(repo, current, views);
    }

    private WorktreeView view(RepositoryInfo repo, Worktree wt) {
        if (wt.bare()) {
            return WorktreeView.of(wt, WorktreeStatus.missing());
        }
        if (!Files.isDirectory(wt.path())) {
            return WorktreeView.failed(wt, "Its folder is missing: prune to clean up the entry.");
        }
        try {
            return WorktreeView.of(wt, status(repo, wt));
        } catch (RuntimeException e) {
            LOG.warn("Status of {} failed", wt.path(), e);
            return WorktreeView.failed(wt, e.getMessage());
        }
    }

    /** Uncommitted files of a worktree and its ahead/behind against its base (JGit). */
    public WorktreeStatus status(RepositoryInfo repo, Worktree wt) {
        Repository r = jgit(wt.path());
        try {
            Status st = Git.wrap(r).status().call();
            TreeSet<String> changed = new TreeSet<>();
            changed.addAll(st.getAdded());
            changed.addAll(st.getChanged());
            changed.addAll(st.getRemoved());
            changed.addAll(st.getMissing());
            changed.addAll(st.getModified());
            changed.addAll(st.getConflicting());
            List<String> untracked = new ArrayList<>(new TreeSet<>(st.getUntracked()));
            return aheadBehind(repo, wt, r, List.copyOf(changed), untracked);
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (e instanceof GitException ge) {
                throw ge;
            }
            throw new GitException("Could not read the status of " + wt.name() + ": " + e.getMessage(), null, e);
        }
    }

    private WorktreeStatus aheadBehind(RepositoryInfo repo, Worktree wt, Repository r, List<String> changed,
                                       List<String> untracked) throws IOException {
        ObjectId head = r.resolve(Constants.HEAD);
        if (head == null) {
            return new WorktreeStatus(changed, untracked, null, 0, 0);
        }
        if (wt.main() && wt.branch() != null) {
            BranchTrackingStatus tracking = BranchTrackingStatus.of(r, wt.branch());
            if (tracking != null) {
                return new WorktreeStatus(changed, untracked, shortRemote(tracking.getRemoteTrackingBranch()),
                        tracking.getAheadCount(), tracking.getBehindCount());
            }
            return new WorktreeStatus(changed, untracked, null, 0, 0);
        }
        String base = baseOf(repo, wt.branch());
        ObjectId baseId = base == null ? null : r.resolve(Constants.R_HEADS + base);
        if (baseId == null || base.equals(wt.branch())) {
            return new WorktreeStatus(changed, untracked, baseId == null ? null : base, 0, 0);
        }
        try (RevWalk walk = new RevWalk(r)) {
            RevCommit a = walk.parseCommit(head);
            RevCommit b = walk.parseCommit(baseId);
            RevCommit mergeBase = mergeBase(walk, a, b);
            int ahead = RevWalkUtils.count(walk, a, mergeBase);
            int behind = RevWalkUtils.count(walk, b, mergeBase);
            return new WorktreeStatus(changed, untracked, base, ahead, behind);
        }
    }

    /** What {@code source} changed since it forked from {@code target} (merge base to tip). */
    private DiffStat changesSince(Path root, String source, String target) {
        Repository r = jgit(root);
        try (RevWalk walk = new RevWalk(r)) {
            RevCommit tip = walk.parseCommit(r.resolve(source));
            RevCommit other = walk.parseCommit(r.resolve(target));
            RevCommit base = mergeBase(walk, tip, other);
            return base == null ? DiffStat.EMPTY : diffStat(r, walk.parseCommit(base), tip);
        } catch (IOException e) {
            throw new GitException("Could not read the changes of " + source + ": " + e.getMessage(), null, e);
        }
    }

    /** Files, added and removed lines between two commits, renames detected (JGit). */
    static DiffStat diffStat(Repository r, RevCommit from, RevCommit to) throws IOException {
        try (DiffFormatter formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            formatter.setRepository(r);
            formatter.setDetectRenames(true);
            int insertions = 0;
            int deletions = 0;
            List<DiffEntry> entries = formatter.scan(from.getTree(), to.getTree());
            for (DiffEntry entry : entries) {
                for (Edit edit : formatter.toFileHeader(entry).toEditList()) {
                    insertions += edit.getLengthB();
                    deletions += edit.getLengthA();
                }
            }
            return new DiffStat(entries.size(), insertions, deletions);
        }
    }

    private static String shortRemote(String ref) {
        return ref.startsWith(Constants.R_REMOTES) ? ref.substring(Constants.R_REMOTES.length()) : ref;
    }

    private static RevCommit mergeBase(RevWalk walk, RevCommit a, RevCommit b) throws IOException {
        walk.reset();
        walk.setRevFilter(RevFilter.MERGE_BASE);
        walk.markStart(a);
        walk.markStart(b);
        RevCommit base = walk.next();
        walk.reset();
        walk.setRevFilter(RevFilter.ALL);
        return base;
    }

    // ---------------------------------------------------------------- snapshots and diffs as text

    /** The id of git's empty tree (a base for a branch that shares no history with its base). */
    public static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    /** Options every text diff gets, whatever the person's git config says (colour, prefixes, external tools). */
    private static final List<String> PLAIN_DIFF = List.of("-c", "core.quotePath=false", "diff", "--no-color",
            "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "-M");

    /**
     * A worktree's files as they are on disk — tracked and untracked (not ignored), staged or not —
     * written as a git tree, and its id. Goes through a temporary copy of the worktree's index, so
     * the worktree's own index, HEAD, branches and files are untouched; the files' contents are
     * added to the repository's objects (as {@code git stash} would), unreferenced, so
     * {@code git gc} drops them after its grace period.
     */
    public String snapshotTree(Path worktree) {
        Path index = Path.of(git.check(worktree, List.of("rev-parse", "--path-format=absolute", "--git-path", "index")).line());
        Path folder;
        try {
            folder = Files.createTempDirectory("lanes-index-");
        } catch (IOException e) {
            throw new GitException("Could not make a temporary folder to read " + worktree + ": " + e.getMessage(), null, e);
        }
        Path temp = folder.resolve("index");
        try {
            if (Files.exists(index)) {
                Files.copy(index, temp, StandardCopyOption.COPY_ATTRIBUTES); // its time too: git's racy-clean check reads it
            }
            Map<String, String> env = Map.of("GIT_INDEX_FILE", temp.toString());
            GitCli.Result add = git.run(worktree, List.of("add", "-A"), env);
            if (!add.ok()) {
                throw new GitException(GitCli.firstMessage(add.stderr(), "Git could not read the files of " + worktree + "."),
                        add.stderr());
            }
            GitCli.Result tree = git.run(worktree, List.of("write-tree"), env);
            if (!tree.ok()) {
                throw new GitException(GitCli.firstMessage(tree.stderr(), "Git could not record the files of " + worktree + "."),
                        tree.stderr());
            }
            return tree.line();
        } catch (IOException e) {
            throw new GitException("Could not copy the index of " + worktree + ": " + e.getMessage(), null, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
                Files.deleteIfExists(folder.resolve("index.lock"));
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                LOG.warn("Could not delete the temporary index {}", temp, e);
            }
        }
    }

    /**
     * The commit where {@code folder}'s HEAD forked from {@code branch} (their merge base), or
     * {@link #EMPTY_TREE} when they share no history.
     */
    public String forkPoint(Path folder, String branch) {
        GitCli.Result r = git.run(folder, List.of("merge-base", "HEAD", branch));
        if (r.ok()) {
            return r.line();
        }
        if (r.exitCode() == 1 && r.stderr().isBlank()) {
            return EMPTY_TREE;
        }
        throw new GitException(GitCli.firstMessage(r.stderr(), "Git could not find where " + folder + " forked from " + branch + "."),
                r.stderr());
    }

    /**
     * The unified diff from {@code from} to {@code to} (commits or trees), renames detected, paths
     * as {@code a/…} and {@code b/…} unquoted, whatever the person's git config says.
     */
    public String diffText(Path folder, String from, String to) {
        List<String> args = new ArrayList<>(PLAIN_DIFF);
        args.addAll(List.of(from, to, "--"));
        return git.check(folder, args).out();
    }

    /** The paths (new names) that differ from {@code from} to {@code to}, in git's order. */
    public List<String> changedPaths(Path folder, String from, String to) {
        List<String> args = new ArrayList<>(PLAIN_DIFF);
        args.addAll(List.of("--name-only", "-z", from, to, "--"));
        return git.check(folder, args).nulFields();
    }

    /** The branch a lane's branch was made from (recorded at creation), else the main branch. */
    public String baseOf(RepositoryInfo repo, String branch) {
        if (branch != null) {
            String recorded = jgit(repo.root()).getConfig().getString("branch", branch, BASE_KEY);
            if (recorded != null && !recorded.isBlank() && branchExists(repo.root(), recorded)) {
                return recorded;
            }
        }
        return repo.mainBranch();
    }

    /** Local branch names, the main branch first. */
    public List<String> branches(RepositoryInfo repo) {
        List<String> names = new ArrayList<>(git.check(repo.root(),
                List.of("for-each-ref", "--format=%(refname:short)", "refs/heads/")).out().lines()
                .filter(s -> !s.isEmpty()).toList());
        if (names.remove(repo.mainBranch())) {
            names.add(0, repo.mainBranch());
        }
        return names;
    }

    public boolean branchExists(Path root, String branch) {
        try {
            return jgit(root).exactRef(Constants.R_HEADS + branch) != null;
        } catch (IOException e) {
            throw new GitException("Could not read the branches of " + root + ": " + e.getMessage(), null, e);
        }
    }

    /** The worktree that has {@code branch} checked out, if any. */
    public Optional<Worktree> holderOf(RepositoryInfo repo, String branch) {
        return listWorktrees(repo).stream().filter(w -> branch.equals(w.branch())).findFirst();
    }

    // ---------------------------------------------------------------- creating

    /** Returns git's normalised form of a branch name, or throws a clear error when it is not valid. */
    public String validateBranchName(Path root, String name) {
        String candidate = name == null ? "" : name.strip();
        if (candidate.isEmpty()) {
            throw new GitException("Give the branch a name.");
        }
        if (candidate.startsWith("-")) {
            throw new GitException("“" + candidate + "” is not a valid branch name: it may not start with “-”.");
        }
        GitCli.Result r = git.run(root, List.of("check-ref-format", "--branch", candidate));
        if (!r.ok()) {
            throw new GitException("“" + candidate + "” is not a valid branch name (no spaces, no “..”, “~”, “^”, “:”, "
                    + "“?”, “*”, “[”, “\\”, and no trailing “.lock” or “/”).", r.stderr());
        }
        return r.line();
    }

    /** A branch name derived from free text: what a person typed as a lane's name. */
    public static String suggestBranchName(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_' || cp == '/' || cp == '.') {
                b.appendCodePoint(cp);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        String out = b.toString().replaceAll("\\.{2,}", ".").replaceAll("/{2,}", "/")
                .replaceAll("^[-./]+", "").replaceAll("[-./]+$", "");
        if (out.endsWith(".lock")) {
            out = out.substring(0, out.length() - 5);
        }
        return out;
    }

    /**
     * Where a new worktree goes by default: {@code <parent>/<repo>.lanes/<name>}, or
     * {@code <worktreesRoot>/<repo>/<name>} when the person chose a root folder.
     */
    public static Path defaultFolder(RepositoryInfo repo, String branch, Path worktreesRoot) {
        String leaf = branch.replace('/', '-');
        if (worktreesRoot != null) {
            return worktreesRoot.resolve(repo.name()).resolve(leaf);
        }
        Path parent = repo.root().getParent();
        return (parent == null ? repo.root() : parent).resolve(repo.name() + ".lanes").resolve(leaf);
    }

    /** Creates a worktree (and its branch), then copies the setup files into it. */
    public CreatedWorktree createWorktree(RepositoryInfo repo, CreateWorktreeRequest request) {
        Path root = repo.root();
        String branch = validateBranchName(root, request.branch());
        Path folder = request.folder().toAbsolutePath().normalize();
        // an existing branch may be checked out elsewhere; a new one cannot be (git reports a registered folder)
        List<Worktree> existing = request.newBranch() ? List.of() : listWorktrees(repo);
        if (request.newBranch()) {
            if (branchExists(root, branch)) {
                throw new GitException("A branch named “" + branch + "” already exists. Choose another name, or untick "
                        + "“Create a new branch” to check out the existing one.");
            }
        } else {
            if (!branchExists(root, branch)) {
                throw new GitException("There is no branch named “" + branch + "”.");
            }
            existing.stream().filter(w -> branch.equals(w.branch())).findFirst().ifPresent(w -> {
                throw new GitException("Branch “" + branch + "” is already checked out in " + w.path()
                        + ". A branch can be checked out in only one worktree at a time.");
            });
        }
        String base = request.base() == null || request.base().isBlank() ? repo.mainBranch() : request.base().strip();
        if (request.newBranch()) {
            if (resolveCommit(root, Constants.HEAD) == null) {
                throw new GitException("The repository has no commits yet. Make a first commit, then create worktrees.");
            }
            if (base.startsWith("-") || resolveCommit(root, base) == null) {
                throw new GitException("“" + base + "” is not a branch or commit of this repository.");
            }
        }
        checkFolderFree(folder, existing);
        try {
            Files.createDirectories(folder.getParent());
        } catch (IOException e) {
            throw new GitException("Could not create the folder " + folder.getParent() + ": " + e.getMessage(), null, e);
        }
        List<String> args = new ArrayList<>(List.of("worktree", "add"));
        if (request.newBranch()) {
            args.addAll(List.of("-b", branch, folder.toString(), base));
        } else {
            args.addAll(List.of(folder.toString(), branch));
        }
        GitCli.Result added = git.run(root, args);
        if (!added.ok()) {
            throw new GitException("Git could not create the worktree: "
                    + GitCli.firstMessage(added.stderr(), "unknown error."), added.stderr());
        }
        if (request.newBranch() && !base.equals(branch) && branchExists(root, base)) {
            recordBase(root, branch, base);
        }
        List<String> copied = new ArrayList<>();
        List<String> notCopied = new ArrayList<>();
        for (String file : request.copyFiles()) {
            copySetupFile(root, folder, file, copied, notCopied);
        }
        ObjectId head = resolveCommit(root, Constants.R_HEADS + branch);
        Worktree created = new Worktree(folder, head == null ? "" : head.name(), branch, false, false, null, null);
        return new CreatedWorktree(created, copied, notCopied);
    }

    private ObjectId resolveCommit(Path checkout, String revision) {
        try {
            return jgit(checkout).resolve(revision + "^{commit}");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void recordBase(Path root, String branch, String base) {
        try {
            StoredConfig config = jgit(root).getConfig();
            config.setString("branch", branch, BASE_KEY, base);
            config.save();
        } catch (IOException e) {
            LOG.warn("Could not record the base of {}", branch, e);
        }
    }

    private static void checkFolderFree(Path folder, List<Worktree> existing) {
        if (existing.stream().anyMatch(w -> samePath(w.path(), folder))) {
            throw new GitException("A worktree is already registered at " + folder + ". Prune or remove it first.");
        }
        if (Files.isRegularFile(folder)) {
            throw new GitException(folder + " is a file. Choose a folder that does not exist yet.");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new GitException("The folder " + folder + " already exists and is not empty. Choose another folder.");
                }
            } catch (IOException e) {
                throw new GitException("Could not read the folder " + folder + ": " + e.getMessage(), null, e);
            }
        }
    }

    private static void copySetupFile(Path root, Path folder, String file, List<String> copied, List<String> notCopied) {
        String rel = file.strip();
        if (rel.isEmpty()) {
            return;
        }
        Path relPath = Path.of(rel).normalize();
        if (relPath.isAbsolute() || relPath.startsWith("..") || relPath.toString().isEmpty()) {
            notCopied.add(rel + " (must be a path inside the repository)");
            return;
        }
        Path source = root.resolve(relPath);
        if (!Files.exists(source)) {
            notCopied.add(rel + " (not found)");
            return;
        }
        Path target = folder.resolve(relPath);
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!Files.exists(to)) {
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            copied.add(rel);
        } catch (FileAlreadyExistsException e) {
            copied.add(rel);
        } catch (IOException e) {
            notCopied.add(rel + " (" + e.getMessage() + ")");
        }
    }

    // ---------------------------------------------------------------- removing

    /**
     * Removes a worktree. Without {@code force} a worktree holding modified or untracked files is left
     * alone and a {@link DirtyWorktreeException} lists those files. With {@code deleteBranchIfMerged}
     * its branch goes too, but only when everything on it is already in its base.
     */
    public RemoveOutcome removeWorktree(RepositoryInfo repo, Worktree wt, boolean force, boolean deleteBranchIfMerged) {
        if (wt.main()) {
            throw new GitException("The main checkout is the repository itself; it cannot be removed as a worktree.");
        }
        Worktree current = listWorktrees(repo).stream().filter(w -> samePath(w.path(), wt.path())).findFirst()
                .orElseThrow(() -> new GitException(wt.name() + " is no longer a worktree of this repository."));
        if (current.isLocked()) {
            throw new GitException(current.name() + " is locked" + (current.locked().isBlank() ? "" : " (" + current.locked() + ")")
                    + ". Unlock it first; git keeps locked worktrees from being removed or pruned.");
        }
        boolean folderGone = !Files.isDirectory(current.path());
        if (!force && !folderGone) {
            WorktreeStatus status = status(repo, current);
            if (status.isDirty()) {
                throw new DirtyWorktreeException(current.path(), status);
            }
        }
        List<String> args = new ArrayList<>(List.of("worktree", "remove"));
        if (force) {
            args.add("--force");
        }
        args.add(current.path().toString());
        GitCli.Result removed = git.run(repo.root(), args);
        if (!removed.ok()) {
            if (removed.stderr().contains("contains modified or untracked files")) {
                throw new DirtyWorktreeException(current.path(), status(repo, current));
            }
            if (folderGone) {
                git.check(repo.root(), List.of("worktree", "prune"));
            } else {
                throw new GitException("Git could not remove " + current.name() + ": "
                        + GitCli.firstMessage(removed.stderr(), "unknown error."), removed.stderr());
            }
        }
        evict(current.path());
        String removedText = folderGone ? "Removed the entry of " + current.name() + " (its folder was already gone)."
                : "Removed worktree " + current.name() + ".";
        if (!deleteBranchIfMerged || current.branch() == null) {
            return new RemoveOutcome(false, removedText);
        }
        String branch = current.branch();
        String base = baseOf(repo, branch);
        if (branch.equals(base)) {
            return new RemoveOutcome(false, removedText + " Kept branch " + branch + ": it is the base branch.");
        }
        if (!isMerged(repo, branch, base)) {
            return new RemoveOutcome(false, removedText + " Kept branch " + branch + ": it has work not merged into " + base + ".");
        }
        deleteBranch(repo, branch);
        return new RemoveOutcome(true, removedText + " Deleted branch " + branch + " (merged into " + base + ").");
    }

    /** Deletes a local branch unconditionally; callers check that nothing is lost (or the person agreed). */
    public void deleteBranch(RepositoryInfo repo, String branch) {
        GitCli.Result r = git.run(repo.root(), List.of("branch", "-D", branch));
        if (!r.ok()) {
            throw new GitException("Could not delete branch " + branch + ": " + GitCli.firstMessage(r.stderr(), ""), r.stderr());
        }
    }

    /**
     * True when {@code branch} adds nothing to {@code target}: it is an ancestor of the target, or
     * merging it would leave the target's tree unchanged (the case after a squash merge).
     */
    public boolean isMerged(RepositoryInfo repo, String branch, String target) {
        GitCli.Result ancestor = git.run(repo.root(), List.of("merge-base", "--is-ancestor",
                Constants.R_HEADS + branch, Constants.R_HEADS + target));
        if (ancestor.exitCode() == 0) {
            return true;
        }
        GitCli.Result tree = git.run(repo.root(), List.of("merge-tree", "--write-tree", "--no-messages",
                Constants.R_HEADS + target, Constants.R_HEADS + branch));
        if (!tree.ok()) {
            return false;
        }
        String targetTree = git.check(repo.root(), List.of("rev-parse", Constants.R_HEADS + target + "^{tree}")).line();
        return tree.line().equals(targetTree);
    }

    /**
     * Commits everything changed in {@code worktree} (new, changed and deleted files) on its branch.
     *
     * @return the new commit's id, or null when nothing had changed (no commit made)
     * @throws GitException when git refused the commit (no identity configured…)
     */
    public String commitAll(Path worktree, String message) {
        git.check(worktree, List.of("add", "-A"));
        GitCli.Result staged = git.run(worktree, List.of("diff", "--cached", "--quiet"));
        if (staged.exitCode() == 0) {
            return null;
        }
        git.check(worktree, List.of("commit", "--no-verify", "-q", "-m", message));
        return git.check(worktree, List.of("rev-parse", "HEAD")).line();
    }

    /** Removes the entries of worktrees whose folders are gone; returns how many went. */
    public int prune(RepositoryInfo repo) {
        long before = listWorktrees(repo).stream().filter(Worktree::isPrunable).count();
        git.check(repo.root(), List.of("worktree", "prune"));
        long after = listWorktrees(repo).stream().filter(Worktree::isPrunable).count();
        return (int) (before - after);
    }

    public void unlock(RepositoryInfo repo, Worktree wt) {
        git.check(repo.root(), List.of("worktree", "unlock", wt.path().toString()));
    }

    // ---------------------------------------------------------------- merging

    /** Predicts a merge of {@code source} into {@code target} without touching any checkout. */
    public MergePreview previewMerge(RepositoryInfo repo, String source, String target) {
        Path root = repo.root();
        for (String b : List.of(source, target)) {
            if (!branchExists(root, b)) {
                throw new GitException("There is no branch named “" + b + "”.");
            }
        }
        String src = Constants.R_HEADS + source;
        String dst = Constants.R_HEADS + target;
        int commits = Integer.parseInt(git.check(root, List.of("rev-list", "--count", src, "^" + dst)).line());
        boolean upToDate = git.run(root, List.of("merge-base", "--is-ancestor", src, dst)).ok();
        boolean fastForward = !upToDate && git.run(root, List.of("merge-base", "--is-ancestor", dst, src)).ok();
        DiffStat changes = upToDate ? DiffStat.EMPTY : changesSince(root, src, dst);
        if (upToDate || fastForward) {
            return new MergePreview(source, target, commits, List.of(), fastForward, upToDate, changes);
        }
        GitCli.Result r = git.run(root, List.of("merge-tree", "--write-tree", "-z", "--name-only", "--no-messages", dst, src));
        if (r.exitCode() > 1) {
            throw new GitException("Git could not predict the merge: " + GitCli.firstMessage(r.stderr(), "unknown error."), r.stderr());
        }
        List<String> fields = r.nulFields();
        List<String> conflicts = r.exitCode() == 1 && fields.size() > 1
                ? List.copyOf(new TreeSet<>(fields.subList(1, fields.size()))) : List.of();
        return new MergePreview(source, target, commits, conflicts, false, false, changes);
    }

    /**
     * Merges a worktree's branch into {@code target} in the main checkout. Refuses when the main
     * checkout has uncommitted changes or the target is checked out in another worktree. When the
     * merge conflicts it is aborted: HEAD, index and files of the main checkout are as before.
     */
    public MergeOutcome merge(RepositoryInfo repo, Worktree wt, String target, MergeMode mode) {
        String source = wt.branch();
        if (source == null) {
            throw new GitException(wt.name() + " has no branch checked out (detached HEAD); there is nothing to merge by name.");
        }
        return mergeBranch(repo, source, target, mode);
    }

    /**
     * Merges branch {@code source} into {@code target} in the main checkout, with the rules of
     * {@link #merge(RepositoryInfo, Worktree, String, MergeMode)}: refused when the main checkout has
     * uncommitted changes or the target is checked out in another worktree; a conflicted merge is undone.
     */
    public MergeOutcome mergeBranch(RepositoryInfo repo, String source, String target, MergeMode mode) {
        if (source.equals(target)) {
            throw new GitException("Cannot merge " + source + " into itself.");
        }
        List<Worktree> worktrees = listWorktrees(repo);
        Worktree main = worktrees.get(0);
        Path root = main.path();
        worktrees.stream().filter(w -> !w.main() && target.equals(w.branch())).findFirst().ifPresent(w -> {
            throw new GitException("Branch " + target + " is checked out in worktree " + w.path()
                    + ". Merge there, or switch that worktree to another branch first.");
        });
        WorktreeStatus mainStatus = status(repo, main);
        if (!mainStatus.changedFiles().isEmpty()) {
            throw new GitException("The main checkout has uncommitted changes (" + summarize(mainStatus.changedFiles())
                    + "). Commit or stash them, then merge.");
        }
        MergePreview preview = previewMerge(repo, source, target);
        if (preview.upToDate()) {
            return new MergeOutcome(true, git.check(root, List.of("rev-parse", "HEAD")).line(), List.of(),
                    target + " already contains everything on " + source + ".");
        }
        String switched = "";
        if (!target.equals(main.branch())) {
            GitCli.Result sw = git.run(root, List.of("switch", "--no-guess", target));
            if (!sw.ok()) {
                throw new GitException("Could not switch the main checkout to " + target + ": "
                        + GitCli.firstMessage(sw.stderr(), "unknown error."), sw.stderr());
            }
            switched = " The main checkout was on " + (main.branch() == null ? "a detached HEAD" : main.branch())
                    + " and is now on " + target + ".";
        }
        String before = git.check(root, List.of("rev-parse", "HEAD")).line();
        List<String> args = new ArrayList<>(List.of("merge", "--no-edit"));
        switch (mode) {
            case FAST_FORWARD_OR_MERGE -> args.add("--ff");
            case MERGE_COMMIT -> args.add("--no-ff");
            case SQUASH -> args.add("--squash");
        }
        args.add(Constants.R_HEADS + source);
        GitCli.Result merged = git.run(root, args);
        if (!merged.ok()) {
            return undoFailedMerge(root, before, merged, switched);
        }
        if (mode == MergeMode.SQUASH) {
            String subjects = git.check(root, List.of("log", "--format=* %s", before + ".." + Constants.R_HEADS + source)).out();
            GitCli.Result commit = git.run(root, List.of("commit", "--no-verify", "-m",
                    "Squash merge branch '" + source + "'\n\n" + subjects));
            if (!commit.ok()) {
                git.run(root, List.of("reset", "--merge", before));
                throw new GitException("The squashed changes could not be committed: "
                        + GitCli.firstMessage(commit.stderr(), "unknown error.") + " Nothing was changed.", commit.stderr());
            }
        }
        String after = git.check(root, List.of("rev-parse", "HEAD")).line();
        String how = switch (mode) {
            case FAST_FORWARD_OR_MERGE -> preview.fastForward() ? "fast-forwarded" : "merged with a merge commit";
            case MERGE_COMMIT -> "merged with a merge commit";
            case SQUASH -> "squashed into one commit";
        };
        return new MergeOutcome(true, after, List.of(), source + " " + how + " into " + target + "." + switched);
    }

    private MergeOutcome undoFailedMerge(Path root, String before, GitCli.Result merged, String switched) {
        List<String> conflicts = new GitCli.Result(0, git.run(root, List.of("diff", "--name-only", "-z", "--diff-filter=U")).stdout(), "")
                .nulFields();
        boolean inMerge = git.run(root, List.of("rev-parse", "-q", "--verify", "MERGE_HEAD")).ok();
        if (inMerge) {
            git.run(root, List.of("merge", "--abort"));
        } else if (!conflicts.isEmpty()) {
            git.run(root, List.of("reset", "--merge", before));
        }
        String now = git.check(root, List.of("rev-parse", "HEAD")).line();
        if (!now.equals(before)) {
            throw new GitException("The merge failed and the main checkout could not be restored automatically; "
                    + "it was at " + before + ".", merged.stderr() + merged.out());
        }
        if (!conflicts.isEmpty()) {
            return new MergeOutcome(false, before, List.copyOf(new TreeSet<>(conflicts)),
                    "The merge conflicted in " + conflicts.size() + (conflicts.size() == 1 ? " file" : " files")
                            + " and was undone; the main checkout is exactly as before." + switched);
        }
        String reason = GitCli.firstMessage(merged.stderr(), GitCli.firstMessage(merged.out(), "unknown error."));
        throw new GitException("Git did not merge: " + reason + " Nothing was changed." + switched,
                merged.stderr() + merged.out());
    }

    private static String summarize(List<String> files) {
        int shown = Math.min(3, files.size());
        String list = String.join(", ", files.subList(0, shown));
        return files.size() > shown ? list + " and " + (files.size() - shown) + " more" : list;
    }

    // ---------------------------------------------------------------- JGit plumbing

    private Repository jgit(Path worktree) {
        Path key = worktree.toAbsolutePath().normalize();
        return repositories.computeIfAbsent(key, p -> {
            try {
                return new FileRepositoryBuilder().setWorkTree(p.toFile()).setMustExist(true).build();
            } catch (IOException | IllegalArgumentException e) {
                throw new GitException("JGit could not open " + p + ": " + e.getMessage(), null, e);
            }
        });
    }

    private void evict(Path worktree) {
        Repository r = repositories.remove(worktree.toAbsolutePath().normalize());
        if (r != null) {
            r.close();
        }
    }

    /** Whether two paths name the same folder or file (normalized, or the same file on disk, e.g. through a link). */
    public static boolean samePath(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // the checks Lanes ran in the background end first: nothing of theirs still reads or writes after it closed
        int left = git.close(java.time.Duration.ofSeconds(5));
        if (left > 0) {
            org.slf4j.LoggerFactory.getLogger(GitService.class).warn("{} git processes still running as Lanes closes", left);
        }
        repositories.values().forEach(Repository::close);
        repositories.clear();
    }
}
