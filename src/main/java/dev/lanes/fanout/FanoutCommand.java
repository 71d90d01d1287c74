package dev.lanes.fanout;

import dev.lanes.agent.AgentProfiles;
import dev.lanes.git.GitCli;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.MergeMode;
import dev.lanes.model.AgentProfile;
import dev.lanes.settings.AppDirs;
import dev.lanes.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code lanes fanout …}: the fan-out engine without a window. Progress goes to standard error, one
 * line per item start and end; the exit code is 0 only if every item passed (1 otherwise, 2 for
 * wrong arguments, 3 when {@code --merge-into} stopped at a conflict or was refused). Runs are recorded in
 * the Lanes store, so {@code --resume ID} continues one after a crash or a Ctrl-C.
 */
@Command(name = "lanes fanout", sortOptions = false,
        description = {"Runs one command or agent per file of a list, in parallel: all in one folder, or each item "
                + "(or each batch of K items) in a git worktree and branch of its own.", "",
                "Placeholders in --command, --template and --verify: {file} {name} {dir} {ext} {index}. "
                        + "--command and --verify are split into words as a shell would (quotes, backslashes), "
                        + "the placeholders filled inside each word; no shell ever runs them.", "",
                "With --placement per-item or batch:K, each worktree starts from --base, {file} stays relative, and "
                        + "the item's changes are committed on its branch once it passed (a batch's once all its items "
                        + "passed). --merge-into then merges those branches one by one, stopping at the first conflict.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every item passed (and every branch merged)",
                "1:an item did not pass (failed, verify-failed, skipped, cancelled)",
                "2:wrong arguments", "3:--merge-into stopped at a conflict, or could not merge"})
public final class FanoutCommand implements Callable<Integer> {

    @Option(names = "--files", paramLabel = "LIST", description = "file with one path per line (relative to --repo, or absolute inside it)")
    Path files;

    @Option(names = {"-0", "--null"}, description = "the list is separated by NUL characters (paths may hold line breaks)")
    boolean nul;

    @Option(names = "--command", paramLabel = "CMD", description = "the program to run per item, e.g. 'sed -i s/a/b/ {file}'")
    String command;

    @Option(names = "--agent", paramLabel = "ID", description = "the agent profile to run per item (claude, codex, … or a custom profile's id)")
    String agent;

    @Option(names = "--template", paramLabel = "PROMPT", description = "the agent's prompt per item, e.g. 'Migrate {file} to the new logging API'")
    String template;

    @Option(names = "--agent-program", paramLabel = "PATH", description = "run this executable instead of the profile's")
    String agentProgram;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--model", paramLabel = "MODEL", description = "the agent's model")
    String model = "";

    @Option(names = "--permission-mode", paramLabel = "MODE", description = "the agent's permission mode (default: ${DEFAULT-VALUE})")
    String permissionMode = "acceptEdits";

    @Option(names = "--allowed-tools", paramLabel = "TOOLS",
            description = "tools the agent may use without asking, e.g. 'Read Edit Bash(mvn -q compile)' (one argument; Claude Code's --allowedTools)")
    String allowedTools = "";

    @Option(names = "-j", paramLabel = "N", description = "items at once (default: ${DEFAULT-VALUE})")
    int jobs = 4;

    @Option(names = "--start-small", paramLabel = "N", description = "run the first N, then ask whether to continue")
    int startSmall;

    @Option(names = {"-y", "--yes"}, description = "continue after --start-small without asking")
    boolean yes;

    @Option(names = "--ordered", description = "one item after another, in list order")
    boolean ordered;

    @Option(names = "--stop-on-failure", description = "start no new item after a failure")
    boolean stopOnFailure;

    @Option(names = "--verify", paramLabel = "CMD", description = "run after each item in the worktree; a non-zero exit marks it verify-failed")
    String verify;

    @Option(names = "--budget", paramLabel = "USD", description = "for the run: no new item starts once spent + reserved would pass it")
    Double budget;

    @Option(names = "--item-budget", paramLabel = "USD", description = "per item (the agent's --max-budget-usd; reserved while it runs)")
    Double itemBudget;

    @Option(names = "--repo", paramLabel = "DIR", description = "the worktree the items are in (default: the current folder)")
    Path repo;

    @Option(names = "--placement", paramLabel = "WHERE", description = "one (all items in --repo, the default), per-item "
            + "(a worktree and branch per item) or batch:K (one per K items)")
    String placement = "one";

    @Option(names = "--base", paramLabel = "BRANCH", description = "the branch the items' worktrees start from (default: the branch checked out in --repo)")
    String base;

    @Option(names = "--branch-prefix", paramLabel = "PREFIX", description = "put before the branch names: PREFIX<run>-<index>-<file> or PREFIX<run>-batch-<n> (default: ${DEFAULT-VALUE})")
    String branchPrefix = FanoutPlacement.DEFAULT_PREFIX;

    @Option(names = "--merge-into", paramLabel = "BRANCH", description = "after the run, merge the passed items' branches into BRANCH one by one in list order, stopping at the first conflict (needs per-item or batch:K)")
    String mergeInto;

    @Option(names = "--merge-mode", paramLabel = "MODE", description = "ff (fast-forward when possible, the default), no-ff (always a merge commit) or squash")
    String mergeMode = "ff";

    @Option(names = "--resume", paramLabel = "RUN", description = "continue run RUN (its recorded options): rerun interrupted items, never finished ones")
    Long resume;

    @Option(names = "--retry-failed", description = "with --resume: also rerun the failed, verify-failed and cancelled items")
    boolean retryFailed;

    @Option(names = "--data", paramLabel = "DIR", hidden = true, description = "the Lanes data folder (default: LANES_HOME or the usual one)")
    Path data;

    private final BufferedReader in;
    private final PrintWriter err;
    private final Map<String, String> environment;

    FanoutCommand(BufferedReader in, PrintWriter err, Map<String, String> environment) {
        this.in = in;
        this.err = err;
        this.environment = environment;
    }

    /** {@code lanes fanout ARGS} on the process's own terminal; returns the exit code. */
    public static int main(String[] args) {
        dev.lanes.process.LaunchMechanism.preferVfork();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return execute(args, in, err, Map.of());
    }

    /** As {@link #main}, with the answers to questions read from {@code in} and every process given {@code environment}. */
    public static int execute(String[] args, BufferedReader in, PrintWriter err, Map<String, String> environment) {
        CommandLine cl = new CommandLine(new FanoutCommand(in, err, environment));
        cl.setErr(err);
        cl.setOut(err);
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Path home = data != null ? data : AppDirs.dataHome();
        if (System.getProperty("lanes.log.dir") == null) {
            System.setProperty("lanes.log.dir", home.resolve("logs").toString());
        }
        MergeMode mode;
        try {
            mode = mergeMode(mergeMode);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        try (Store store = Store.open(home); GitService git = new GitService()) {
            FanoutEngine engine;
            Progress progress = new Progress();
            if (resume != null) {
                if (files != null || command != null || agent != null || !placement.equals("one") || base != null) {
                    return usage("--resume takes the run's recorded options: leave out --files, --command, --agent, "
                            + "--placement and --base.");
                }
                if (store.fanoutRun(resume).isEmpty()) {
                    return usage("There is no fan-out run " + resume + " in " + store.file() + ".");
                }
                try {
                    checkMergeTarget(git, store.fanoutRun(resume).get());
                } catch (IllegalArgumentException e) {
                    return usage(e.getMessage());
                }
                engine = FanoutEngine.resume(store, resume, progress, git);
            } else {
                FanoutSpec spec;
                try {
                    spec = spec(store, home).withPlacement(placement(git));
                    checkMergeTarget(git, spec);
                } catch (IllegalArgumentException e) {
                    return usage(e.getMessage());
                }
                engine = FanoutEngine.create(spec, store, progress, git);
            }
            progress.engine = engine; // before start(): the pause question needs it
            return run(engine, progress, git, mode);
        }
    }

    static MergeMode mergeMode(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "ff", "" -> MergeMode.FAST_FORWARD_OR_MERGE;
            case "no-ff" -> MergeMode.MERGE_COMMIT;
            case "squash" -> MergeMode.SQUASH;
            default -> throw new IllegalArgumentException("--merge-mode is ff, no-ff or squash, not “" + text + "”.");
        };
    }

    /** The --placement, --base and --branch-prefix options as a placement, checked against the repository. */
    private FanoutPlacement placement(GitService git) {
        FanoutPlacement parsed = FanoutPlacement.parse(placement, base == null ? "-" : base);
        if (!parsed.usesWorktrees()) {
            if (base != null) {
                throw new IllegalArgumentException("--base needs --placement per-item or batch:K: with one folder the items "
                        + "run in --repo as it is.");
            }
            return parsed;
        }
        Path folder = Path.of(spec0Folder());
        try {
            dev.lanes.model.RepositoryInfo info = git.open(folder);
            String from = base;
            if (from == null) {
                GitCli.Result head = git.cli().run(folder, List.of("symbolic-ref", "-q", "--short", "HEAD"));
                if (!head.ok()) {
                    throw new IllegalArgumentException(folder + " has no branch checked out (detached HEAD): give the "
                            + "branch the worktrees start from with --base BRANCH.");
                }
                from = head.line();
            } else if (from.startsWith("-") || !git.cli().run(folder, List.of("rev-parse", "-q", "--verify",
                    "--end-of-options", from + "^{commit}")).ok()) {
                throw new IllegalArgumentException("--base: “" + from + "” is not a branch or commit of " + info.root() + ".");
            }
            try {
                git.validateBranchName(info.root(), branchPrefix + "1-1-x");
            } catch (GitException e) {
                throw new IllegalArgumentException("--branch-prefix “" + branchPrefix + "” makes branch names git refuses.");
            }
            return new FanoutPlacement(parsed.kind(), parsed.batchSize(), from, branchPrefix, null);
        } catch (GitException e) {
            throw new IllegalArgumentException("--placement " + placement + " makes git worktrees: " + e.getMessage());
        }
    }

    private String spec0Folder() {
        return (repo == null ? Path.of("") : repo).toAbsolutePath().normalize().toString();
    }

    private void checkMergeTarget(GitService git, FanoutSpec spec) {
        if (mergeInto == null) {
            return;
        }
        if (!spec.placement().usesWorktrees()) {
            throw new IllegalArgumentException("--merge-into needs --placement per-item or batch:K: with one folder there "
                    + "are no item branches to merge.");
        }
        try {
            if (!git.branchExists(git.open(Path.of(spec.folder())).root(), mergeInto)) {
                throw new IllegalArgumentException("--merge-into: there is no branch named “" + mergeInto + "”.");
            }
        } catch (GitException e) {
            throw new IllegalArgumentException("--merge-into: " + e.getMessage());
        }
    }

    /** After the run: merges the passed items' branches and prints the report; 3 when it stopped short. */
    private int merge(GitService git, FanoutSpec spec, List<FanoutItem> items, MergeMode mode, int runCode) {
        err.println("lanes fanout: merging into " + mergeInto + " (" + mode.label().toLowerCase(Locale.ROOT) + ")");
        err.flush();
        try {
            FanoutMergeReport report = new FanoutMerger(git).merge(spec, items, mergeInto, mode);
            for (FanoutMergeReport.BranchMerge b : report.branches()) {
                err.printf(Locale.ROOT, "  %-13s %s%s%n", b.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'), b.branch(),
                        b.conflictedFiles().isEmpty() ? "" : "  — conflicts in "
                                + String.join(", ", b.conflictedFiles().stream().map(FanoutCommand::printable).toList()));
            }
            err.println("lanes fanout: " + report.text());
            err.flush();
            return report.complete() ? runCode : 3;
        } catch (GitException e) {
            err.println("lanes fanout: could not merge into " + mergeInto + ": " + e.getMessage());
            err.flush();
            return 3;
        }
    }

    private int usage(String message) {
        err.println("lanes fanout: " + message);
        err.flush();
        return 2;
    }

    FanoutSpec spec(Store store, Path home) throws IOException {
        if (files == null) {
            throw new IllegalArgumentException("Give the list of files with --files LIST (or --resume RUN).");
        }
        if ((command == null) == (agent == null)) {
            throw new IllegalArgumentException("Give either --command CMD or --agent ID --template PROMPT.");
        }
        if (agent != null && (template == null || template.isBlank())) {
            throw new IllegalArgumentException("--agent needs --template PROMPT.");
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("-j must be at least 1.");
        }
        Path folder = (repo == null ? Path.of("") : repo).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("The folder " + folder + " does not exist.");
        }
        List<String> items = items(folder);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("The list " + files + " names no file.");
        }
        List<String> commandWords = List.of();
        AgentProfile profile = null;
        if (command != null) {
            commandWords = ItemTemplate.split(command);
            if (commandWords.isEmpty()) {
                throw new IllegalArgumentException("--command is empty.");
            }
        } else {
            profile = new AgentProfiles(store).find(agent).orElseThrow(() -> new IllegalArgumentException(
                    "There is no agent profile “" + agent + "” (built in: claude, codex, gemini, aider, custom)."));
            if (profile.mode() != AgentProfile.Mode.HEADLESS) {
                throw new IllegalArgumentException("The agent profile “" + agent + "” runs in a terminal; fan-out needs a headless one.");
            }
            if (agentProgram != null) {
                profile = new AgentProfile(profile.id(), profile.name(), agentProgram, profile.mode(), profile.firstRun(),
                        profile.followUp(), profile.output(), profile.costFromResult(), profile.versionArgs(),
                        profile.installHint(), profile.builtIn());
            }
        }
        List<String> verifyWords = verify == null ? List.of() : ItemTemplate.split(verify);
        return new FanoutSpec(folder.toString(), items, commandWords, profile, template, model, profile == null ? "" : permissionMode,
                verifyWords, jobs, startSmall, ordered, stopOnFailure, itemBudget, budget, environment,
                home.resolve("logs").resolve("fanout").toString()).withAllowedTools(profile == null ? "" : allowedTools);
    }

    /**
     * The list's paths relative to {@code folder}: duplicates merged; paths outside it (also through
     * a link), inside .git, or missing refused. Read and checked as the Fan-out view's list does
     * ({@link PathText#listEntries}, {@link RootPaths}); a folder stays one item here.
     */
    private List<String> items(Path folder) throws IOException {
        String text = Files.readString(files, StandardCharsets.UTF_8);
        RootPaths paths = new RootPaths(folder, "the folder " + folder);
        Set<String> out = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String e : PathText.listEntries(text, nul)) {
            RootPaths.Resolved r = paths.resolve(e, e);
            if (r.kind() == RootPaths.Kind.REFUSED) {
                problems.add(r.refusal().reason().replaceFirst("\\.$", ""));
            } else if (r.relative().isEmpty()) {
                problems.add("“" + PathText.shown(e) + "” is the folder itself, not an item in it");
            } else {
                out.add(r.relative());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The list " + files + " has " + problems.size() + " path(s) Lanes refuses: "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; …" : "") + ".");
        }
        return new ArrayList<>(out);
    }

    private int run(FanoutEngine engine, Progress progress, GitService git, MergeMode mode)
            throws InterruptedException, ExecutionException {
        FanoutSpec spec = engine.spec();
        progress.total = spec.items().size();
        FanoutPlacement p = spec.placement();
        String where = switch (p.kind()) {
            case ONE_FOLDER -> "in " + spec.folder();
            case PER_ITEM -> "in " + spec.folder() + ", a worktree per item from " + p.base() + " (branches "
                    + p.branchPrefix() + engine.runId() + "-…)";
            case BATCH -> "in " + spec.folder() + ", a worktree per " + p.batchSize() + " items from " + p.base()
                    + " (branches " + p.branchPrefix() + engine.runId() + "-batch-…)";
        };
        err.printf(Locale.ROOT, "lanes fanout: run %d, %d items, -j %d%s %s; logs in %s%n", engine.runId(),
                spec.items().size(), spec.concurrency(), spec.ordered() ? " (ordered)" : "", where,
                spec.logFolder() == null ? "(none)" : Path.of(spec.logFolder(), "run-" + engine.runId()));
        err.flush();
        Thread hook = new Thread(() -> {
            err.println("lanes fanout: interrupted; stopping the running items (resume with --resume " + engine.runId() + ")");
            err.flush();
            engine.cancelAll();
            try {
                engine.await(Duration.ofSeconds(10));
            } catch (InterruptedException | RuntimeException ignored) {
                // leaving anyway
            }
        }, "lanes-fanout-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            CompletableFuture<RunSummary> done = engine.start();
            if (retryFailed) {
                done = engine.retryFailed();
            }
            RunSummary s = done.get();
            err.println("lanes fanout: " + s.line());
            for (FanoutItem i : s.items()) {
                if (i.state() != ItemState.PASSED) {
                    err.println("  " + i.state().label() + "  " + printable(i.path()) + (i.message().isEmpty() ? "" : "  — " + i.message()));
                }
            }
            err.flush();
            int code = s.allPassed() ? 0 : 1;
            return mergeInto == null ? code : merge(git, spec, s.items(), mode, code);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
            engine.close();
        }
    }

    static String printable(String path) {
        return path.replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Progress lines on standard error; the start-small question. */
    private final class Progress implements FanoutListener {
        volatile int total;
        volatile FanoutEngine engine;
        private final AtomicInteger ended = new AtomicInteger();

        @Override
        public void itemChanged(FanoutItem item) {
            String path = printable(item.path());
            switch (item.state()) {
                case RUNNING -> {
                    if (item.message().isEmpty()) {
                        err.printf(Locale.ROOT, "[%d/%d] start   #%d %s%n", ended.get(), total, item.index(), path);
                    }
                }
                case PASSED, FAILED, VERIFY_FAILED -> {
                    String took = item.startedAt() == null || item.endedAt() == null ? ""
                            : String.format(Locale.ROOT, " %.1f s", Duration.between(item.startedAt(), item.endedAt()).toMillis() / 1000.0);
                    String cost = item.costUsd() > 0 ? String.format(Locale.ROOT, " $%.2f", item.costUsd()) : "";
                    err.printf(Locale.ROOT, "[%d/%d] %-7s #%d %s (%s%s)%s%n", ended.incrementAndGet(), total,
                            item.state().label(), item.index(), path, took.strip(), cost,
                            item.message().isEmpty() ? "" : " — " + item.message());
                }
                case SKIPPED, CANCELLED -> err.printf(Locale.ROOT, "[%d/%d] %-7s #%d %s%n", ended.incrementAndGet(), total,
                        item.state().label(), item.index(), path);
                case QUEUED -> {
                    if (!item.message().isEmpty()) {
                        err.printf(Locale.ROOT, "[%d/%d] queued  #%d %s — %s%n", ended.get(), total, item.index(), path, item.message());
                    }
                }
                default -> {
                }
            }
            err.flush();
        }

        @Override
        public void concurrencyChanged(int limit, String reason) {
            err.printf(Locale.ROOT, "lanes fanout: at most %d at once now (%s)%n", limit, reason);
            err.flush();
        }

        @Override
        public void paused(RunSummary soFar) {
            err.println("lanes fanout: the first items ended: " + soFar.line() + ". Look at their changes.");
            FanoutEngine e = engine;
            if (yes) {
                err.println("lanes fanout: --yes: continuing.");
                err.flush();
                e.continueRun();
                return;
            }
            // asked off the engine's thread: it must stay free
            Thread ask = new Thread(() -> {
                while (true) {
                    err.print("Continue with the rest? [c]ontinue / [a]bort: ");
                    err.flush();
                    String answer;
                    try {
                        answer = in.readLine();
                    } catch (IOException ex) {
                        answer = null;
                    }
                    if (answer == null || answer.strip().toLowerCase(Locale.ROOT).startsWith("a")) {
                        err.println(answer == null ? "(no answer: aborting)" : "Aborting.");
                        err.flush();
                        e.abort();
                        return;
                    }
                    if (answer.strip().toLowerCase(Locale.ROOT).startsWith("c") || answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                        e.continueRun();
                        return;
                    }
                }
            }, "lanes-fanout-ask");
            ask.setDaemon(true);
            ask.start();
        }
    }
}
