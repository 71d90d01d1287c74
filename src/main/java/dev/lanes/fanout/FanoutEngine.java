package dev.lanes.fanout;

import dev.lanes.agent.CommandTemplate;
import dev.lanes.agent.StreamJsonOutput;
import dev.lanes.model.AgentEvent;
import dev.lanes.model.AgentProfile;
import dev.lanes.process.DirectProcess;
import dev.lanes.process.ManagedProcess;
import dev.lanes.process.ProcessExit;
import dev.lanes.process.ProcessOutput;
import dev.lanes.process.ProcessSpec;
import dev.lanes.process.ProcessStartException;
import dev.lanes.process.ProcessTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link FanoutSpec}: one process per item (a command, or an agent through its profile's
 * argument groups), at most {@code concurrency} at once, with start-small, ordered mode, a
 * verification per item, per-item and run budgets, retries, cancel-all, and backing off on rate
 * limits. Every item change is written to the {@link FanoutStore} before listeners hear of it, so
 * what a listener saw survives a crash: {@link #resume} reruns what was running and never what had
 * finished. (An item that ended in the last milliseconds before a crash, before its batch was
 * written, is rerun.) A process outlives a crash of Lanes (Claude Code goes on with its turn and
 * edits with nobody reading it), so the pid and start time of what runs for an item are in its
 * row while it runs (written with the row that says it runs, so the store never says an item runs
 * without saying what), and {@link #resume} stops such survivors, tree and all, before anything is
 * rerun.
 *
 * <p>Placement ({@link FanoutPlacement}): with worktrees per item or per batch, an item's worktree is made
 * (or, in a resumed run, found again) when the first item of its group starts; that item counts as running
 * meanwhile. A worktree that cannot be made fails the items that needed it with git's reason, and an item
 * whose file is not in the new worktree (not committed on the base) fails with a sentence saying so. Each
 * program and verification runs in the item's worktree (where the run's folder is inside it), with
 * {@code {file}} as relative as before. Commits: per item, once the item passed (verification included),
 * everything changed in its worktree is committed on its branch before the item is recorded as passed;
 * per batch, when the batch's last item passes and every other item of the batch has passed, the whole
 * worktree is committed (that last item is recorded as passed after the commit). A batch with an item that
 * did not pass keeps its changes uncommitted until a retry makes every item pass. A retried or resumed item
 * reruns in its worktree as the earlier attempt left it (nothing is reset). A commit that git refuses
 * fails the item that triggered it, with the reason. In one folder nothing is committed.
 *
 * <p>Threads: all state lives on one scheduler thread. Plain commands write their output straight to
 * their logs ({@link DirectProcess}) and are started off the scheduler thread, on launcher threads (at most
 * one per running item): starting a process blocks the starting thread until the child has exec'd
 * (vfork), so one thread starting them all in turn was the bottleneck of many short items. Each
 * launcher thread then waits for its process and hands the exit to the scheduler thread. Agents
 * (whose output is read and parsed) are started on the scheduler thread and report their exits
 * through their exit futures. A writer thread stores item changes in batches and then calls the
 * listener, in order. Stopping process trees (which blocks for the grace period) happens on a small
 * separate pool.
 */
public final class FanoutEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FanoutEngine.class);
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    static final String INTERRUPTED_BY_CLOSE = "Interrupted (Lanes closed while it ran); resuming the run runs it again.";
    /** How many times a rate-limited item goes back to the queue before it counts as failed. */
    static final int RATE_LIMIT_REQUEUES = 5;

    private final FanoutSpec spec;
    private final FanoutStore store;
    private final long runId;
    private final FanoutListener listener;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService stopper;
    /** Starts plain commands and waits for them, one thread per process (threads are reused). */
    private final ExecutorService launcher;
    /** Writes item changes to the store in batches, then tells the listener: one thread, in order. */
    private final ExecutorService writer;
    private final Object pendingLock = new Object();
    private final Map<Integer, FanoutItem> pendingWrites = new java.util.LinkedHashMap<>();
    private final List<Runnable> pendingEvents = new ArrayList<>();
    private boolean drainQueued;
    private final FanoutItem[] items;
    private final Deque<Integer> queue = new ArrayDeque<>(); // 0-based positions
    /** What runs per item (its program or its verification), as the way to stop its tree. */
    private final Map<Integer, Consumer<Duration>> running = new HashMap<>();
    private final Map<Integer, Integer> rateLimitRequeues = new HashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private volatile Duration backoffBase = Duration.ofSeconds(2);
    private CompletableFuture<RunSummary> done = new CompletableFuture<>();
    private int limit;
    private int attemptedForStartSmall;
    private boolean continued;
    private boolean pausedAnnounced;
    private boolean stopped; // stop-on-failure tripped, abort, or cancel
    private boolean cancelling;
    /** Lanes is closing: what was running is interrupted (resumable), not cancelled. */
    private boolean closing;
    private boolean ended;
    private boolean startedRun;
    private long backoffUntilNanos;
    private int backoffs;
    private boolean pumpScheduled;
    private int stopsInFlight;
    /** A resumed run: worktrees on the run's branch names are its own, found again instead of refused. */
    private final boolean resumed;
    private final dev.lanes.git.GitService gitService;
    private final boolean ownsGit;
    /** Makes worktrees and commits, one at a time, off the scheduler thread; made with the first worktree. */
    private ExecutorService gitThread;
    private FanoutWorktrees worktrees;
    /** Worktree group (item index, or batch number) → its worktree, once asked for. Scheduler thread only. */
    private final Map<Integer, CompletableFuture<ItemPlace>> places = new HashMap<>();
    private static final Consumer<Duration> NO_STOP = grace -> { };

    private FanoutEngine(FanoutSpec spec, FanoutStore store, long runId, List<FanoutItem> rows, FanoutListener listener,
                         dev.lanes.git.GitService git, boolean resumed) {
        this.spec = spec;
        this.resumed = resumed;
        this.ownsGit = git == null && spec.placement().usesWorktrees();
        this.gitService = git != null ? git : ownsGit ? new dev.lanes.git.GitService() : null;
        this.store = store;
        this.runId = runId;
        this.listener = listener == null ? FanoutListener.NONE : listener;
        this.items = rows.toArray(new FanoutItem[0]);
        this.limit = spec.ordered() ? 1 : spec.concurrency();
        int n = (int) runId;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fanout-" + n));
        AtomicInteger k = new AtomicInteger();
        this.stopper = Executors.newCachedThreadPool(r -> daemon(r, "fanout-" + n + "-stop-" + k.incrementAndGet()));
        AtomicInteger l = new AtomicInteger();
        this.launcher = Executors.newCachedThreadPool(r -> daemon(r, "fanout-" + n + "-launch-" + l.incrementAndGet()));
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "fanout-" + n + "-store"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A new run of {@code spec}, recorded in {@code store}; call {@link #start()}. */
    public static FanoutEngine create(FanoutSpec spec, FanoutStore store, FanoutListener listener) {
        return create(spec, store, listener, null);
    }

    /**
     * As {@link #create(FanoutSpec, FanoutStore, FanoutListener)}, making worktrees (placements per item or
     * per batch) with {@code git}; null: the engine opens its own and closes it with itself.
     */
    public static FanoutEngine create(FanoutSpec spec, FanoutStore store, FanoutListener listener, dev.lanes.git.GitService git) {
        long id = store.createRun(spec);
        List<FanoutItem> rows = new ArrayList<>();
        for (int i = 0; i < spec.items().size(); i++) {
            rows.add(FanoutItem.queued(i + 1, spec.items().get(i)));
        }
        return new FanoutEngine(spec, store, id, rows, listener, git, false);
    }

    /**
     * Run {@code runId} as the store left it (after a restart or a crash): items that were running
     * are marked {@link ItemState#INTERRUPTED} and queued again, queued ones stay queued, and
     * finished, skipped or cancelled ones are left as they are. Items placed in worktrees run again in the
     * worktrees they had (found by their recorded place, or by the run's branch names). A process of an
     * interrupted item that outlived Lanes is stopped first (this blocks up to a grace period per
     * survivor). Call {@link #start()}.
     */
    public static FanoutEngine resume(FanoutStore store, long runId, FanoutListener listener) {
        return resume(store, runId, listener, null);
    }

    /** As {@link #resume(FanoutStore, long, FanoutListener)}, with {@code git} for the worktrees (null: its own). */
    public static FanoutEngine resume(FanoutStore store, long runId, FanoutListener listener, dev.lanes.git.GitService git) {
        FanoutSpec spec = store.fanoutRun(runId).orElseThrow(() -> new IllegalArgumentException("no fan-out run " + runId));
        List<FanoutItem> rows = new ArrayList<>(store.fanoutItems(runId));
        for (int i = 0; i < rows.size(); i++) {
            FanoutItem r = rows.get(i);
            if (r.state() == ItemState.RUNNING) {
                stopSurvivor(runId, r);
                FanoutItem interrupted = new FanoutItem(r.index(), r.path(), ItemState.INTERRUPTED, r.attempts(), r.costUsd(),
                        r.exitCode(), r.verifyExit(), "Interrupted (Lanes ended while it ran); rerun on resume.",
                        r.logFile(), r.startedAt(), Instant.now(), r.place());
                store.saveFanoutItem(runId, interrupted);
                rows.set(i, interrupted);
            }
        }
        return new FanoutEngine(spec, store, runId, rows, listener, git, true);
    }

    /**
     * Stops what still runs of an item that was running when Lanes ended (blocks up to the grace
     * period): the process its row names, if it is still the one that started then, and its
     * descendants. (Runs recorded by Lanes before the pid was kept in the row kept it in a pid file
     * beside the item's log, which is read then.)
     */
    private static void stopSurvivor(long runId, FanoutItem item) {
        ItemProcess process = item.process();
        Path pidFile = item.logFile() == null ? null : pidFile(Path.of(item.logFile()));
        try {
            if (process == null && pidFile != null && java.nio.file.Files.exists(pidFile)) {
                List<String> lines = java.nio.file.Files.readAllLines(pidFile);
                process = new ItemProcess(Long.parseLong(lines.get(0).strip()), Instant.parse(lines.get(1).strip()));
            }
            if (process != null) {
                long pid = process.pid();
                ProcessTree.find(pid, process.startedAt()).ifPresent(h -> {
                    LOG.info("Fan-out run {}: item {} still runs after Lanes ended (pid {}); stopping it before the rerun",
                            runId, item.index(), pid);
                    ProcessTree.kill(h, STOP_GRACE);
                });
            }
            if (pidFile != null) {
                java.nio.file.Files.deleteIfExists(pidFile);
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Fan-out run {}: could not stop what still ran for item {}: {}", runId, item.index(), e.toString());
        }
    }

    /** Where an earlier version of Lanes kept the pid of what ran for an item: beside the attempt's log. */
    static Path pidFile(Path log) {
        String name = log.getFileName().toString();
        return log.resolveSibling((name.endsWith(".log") ? name.substring(0, name.length() - 4) : name) + ".pid");
    }

    public long runId() {
        return runId;
    }

    public FanoutSpec spec() {
        return spec;
    }

    /** Shorter backoff after a rate limit (tests); the default base is 2 s, doubling each time up to 60 s. */
    public FanoutEngine backoffBase(Duration base) {
        this.backoffBase = base;
        return this;
    }

    /** Starts the run (queues every item that is to run) and returns at once. */
    public CompletableFuture<RunSummary> start() {
        scheduler.execute(() -> {
            if (startedRun) {
                return;
            }
            startedRun = true;
            for (int i = 0; i < items.length; i++) {
                ItemState s = items[i].state();
                if (s == ItemState.QUEUED || s == ItemState.INTERRUPTED) {
                    queue.add(i);
                }
                if (items[i].attempts() > 0) {
                    attemptedForStartSmall++;
                }
            }
            store.setFanoutStatus(runId, "running");
            pump();
        });
        return done;
    }

    /** Completes when the run has ended (again, after a retry). */
    public CompletableFuture<RunSummary> done() {
        return call(() -> done).join();
    }

    /** After start-small's pause: run the rest. */
    public void continueRun() {
        scheduler.execute(() -> {
            continued = true;
            pausedAnnounced = false;
            store.setFanoutStatus(runId, "running");
            pump();
        });
    }

    /** After start-small's pause (or any time): start nothing more; queued items become skipped, running ones finish. */
    public void abort() {
        scheduler.execute(() -> {
            stopped = true;
            skipQueued("Aborted before it started.", ItemState.CANCELLED);
            pump();
        });
    }

    /** Stops every running item (its whole process tree) and cancels the queued ones. */
    public void cancelAll() {
        scheduler.execute(() -> {
            stopped = true;
            cancelling = true;
            skipQueued("Cancelled before it started.", ItemState.CANCELLED);
            running.values().forEach(this::stopTree);
            pump();
        });
    }

    /** Stops {@code p}'s whole tree off the scheduler thread; the run ends only after every such stop returned. */
    private void stopTree(Consumer<Duration> stop) {
        stopsInFlight++;
        stopper.execute(() -> {
            try {
                stop.accept(STOP_GRACE);
            } finally {
                scheduler.execute(() -> {
                    stopsInFlight--;
                    pump();
                });
            }
        });
    }

    /**
     * Queues the failed, verify-failed, interrupted and cancelled items again and runs them (also
     * after the run ended: {@link #done()} then completes once more).
     */
    public CompletableFuture<RunSummary> retryFailed() {
        return call(() -> {
            if (ended) {
                ended = false;
                done = new CompletableFuture<>();
            }
            stopped = false;
            cancelling = false;
            continued = true;
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < items.length; i++) {
                if (items[i].state().retryable() && !running.containsKey(i) && !queue.contains(i)) {
                    again.add(i);
                }
            }
            for (int i : again) {
                update(i, with(items[i], ItemState.QUEUED, "Queued again (retry)."));
                queue.add(i);
            }
            store.setFanoutStatus(runId, "running");
            pump();
            return done;
        }).join();
    }

    /** The items as they stand. */
    public List<FanoutItem> items() {
        return call(() -> List.of(items.clone())).join();
    }

    /** The current concurrency limit (lowered after rate limits). */
    public int concurrencyLimit() {
        return call(() -> limit).join();
    }

    /** How many item processes were started (all attempts). */
    public int processesStarted() {
        return started.get();
    }

    private <T> CompletableFuture<T> call(java.util.function.Supplier<T> s) {
        return CompletableFuture.supplyAsync(s, scheduler);
    }

    // ---------------------------------------------------------------- scheduling (scheduler thread only)

    private void pump() {
        if (ended || !startedRun) {
            return;
        }
        long now = System.nanoTime();
        if (!stopped && !queue.isEmpty() && now < backoffUntilNanos) {
            if (!pumpScheduled) {
                pumpScheduled = true;
                scheduler.schedule(() -> {
                    pumpScheduled = false;
                    pump();
                }, backoffUntilNanos - now, TimeUnit.NANOSECONDS);
            }
            if (running.isEmpty()) {
                return;
            }
            return;
        }
        while (!stopped && !queue.isEmpty() && running.size() < limit) {
            if (spec.startSmall() > 0 && !continued && attemptedForStartSmall >= spec.startSmall()) {
                if (running.isEmpty() && !pausedAnnounced) {
                    pausedAnnounced = true;
                    store.setFanoutStatus(runId, "paused");
                    RunSummary soFar = summary();
                    emit(() -> listener.paused(soFar));
                }
                return;
            }
            int next = queue.peekFirst();
            if (!budgetAllows()) {
                if (running.isEmpty()) {
                    skipQueued(String.format(Locale.ROOT, "Skipped: the run's budget ($%.2f) would be passed.",
                            spec.runBudgetUsd()), ItemState.SKIPPED);
                }
                break;
            }
            queue.pollFirst();
            if (items[next].attempts() == 0) {
                attemptedForStartSmall++;
            }
            launch(next);
        }
        if (running.isEmpty() && stopsInFlight == 0 && (queue.isEmpty() || stopped)) {
            if (!queue.isEmpty() && !closing) {
                skipQueued("Not started.", ItemState.SKIPPED);
            } // closing: queued items stay queued, for a resume
            end();
        }
    }

    private boolean budgetAllows() {
        if (spec.runBudgetUsd() == null) {
            return true;
        }
        double spent = 0;
        for (FanoutItem i : items) {
            spent += i.costUsd();
        }
        double reserve = spec.itemBudgetUsd() == null ? 0 : spec.itemBudgetUsd();
        double reserved = reserve * running.size();
        if (reserve == 0) {
            return spent < spec.runBudgetUsd();
        }
        return spent + reserved + reserve <= spec.runBudgetUsd() + 1e-9;
    }

    private void skipQueued(String why, ItemState state) {
        while (!queue.isEmpty()) {
            int i = queue.pollFirst();
            update(i, with(items[i], state, why));
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        RunSummary s = summary();
        store.setFanoutStatus(runId, closing ? "interrupted" : cancelling ? "cancelled" : "done");
        CompletableFuture<RunSummary> d = done;
        // after every item change is in the store and was heard
        emit(() -> {
            try {
                listener.ended(s);
            } finally {
                d.complete(s);
            }
        });
    }

    private RunSummary summary() {
        return RunSummary.of(runId, List.of(items.clone()));
    }

    private void launch(int i) {
        FanoutItem item = items[i];
        Map<String, String> values = ItemTemplate.values(item.path(), item.index());
        int attempt = item.attempts() + 1;
        Path log = spec.logFolder() == null ? null
                : Path.of(spec.logFolder(), "run-" + runId, "item-" + item.index() + "-" + attempt + ".log");
        List<String> argv;
        try {
            argv = argv(values);
        } catch (IllegalArgumentException e) {
            update(i, ended(item, attempt, ItemState.FAILED, null, null, e.getMessage(), log, item.costUsd()));
            if (spec.stopOnFailure()) {
                stopped = true;
            }
            return;
        }
        if (!spec.placement().usesWorktrees()) {
            startProcess(i, attempt, log, argv, Path.of(spec.folder()), null);
            return;
        }
        int group = spec.placement().groupOf(item.index());
        CompletableFuture<ItemPlace> place = places.get(group);
        if (place == null) {
            place = prepare(group, item);
            places.put(group, place);
        }
        if (place.isDone() && !place.isCompletedExceptionally()) {
            placed(i, attempt, log, argv, place.join());
            return;
        }
        update(i, new FanoutItem(item.index(), item.path(), ItemState.RUNNING, attempt, item.costUsd(), null, null,
                "Making its worktree.", log == null ? null : log.toString(), Instant.now(), null, item.place()));
        running.put(i, NO_STOP); // counts against the limit while git works
        CompletableFuture<ItemPlace> asked = place;
        place.whenComplete((p, err) -> scheduler.execute(() -> {
            running.remove(i);
            if (err != null) {
                places.remove(group, asked); // a retry asks git again
            }
            if (cancelling) {
                FanoutItem c = ended(items[i], attempt, ItemState.CANCELLED, null, null, "Cancelled before it started.", log,
                        items[i].costUsd());
                update(i, err == null ? c.withPlace(p) : c);
            } else if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                        ? err.getCause() : err;
                LOG.debug("fan-out run {}: no worktree for item {}", runId, items[i].index(), cause);
                update(i, ended(items[i], attempt, ItemState.FAILED, null, null, cause instanceof dev.lanes.git.GitException
                        ? cause.getMessage() : "Could not make its worktree: " + cause, log,
                        items[i].costUsd()));
                if (spec.stopOnFailure()) {
                    stopped = true;
                }
            } else {
                placed(i, attempt, log, argv, p);
            }
            pump();
        }));
    }

    /** Asks the git thread for group {@code group}'s worktree (made, or found again). */
    private CompletableFuture<ItemPlace> prepare(int group, FanoutItem item) {
        if (gitThread == null) {
            gitThread = Executors.newSingleThreadExecutor(r -> daemon(r, "fanout-" + runId + "-git"));
            worktrees = new FanoutWorktrees(gitService, spec);
        }
        String branch = spec.placement().branchFor(runId, item.index(), item.path());
        ItemPlace recorded = null;
        for (int index : spec.placement().groupItems(group, items.length)) {
            ItemPlace p = items[index - 1].place();
            if (p != null && p.branch().equals(branch)) {
                recorded = p;
                break;
            }
        }
        ItemPlace known = recorded;
        FanoutWorktrees w = worktrees;
        return CompletableFuture.supplyAsync(() -> w.prepare(branch, known, resumed), gitThread);
    }

    /** The item's worktree is there: its file must be too, then its program starts in it. */
    private void placed(int i, int attempt, Path log, List<String> argv, ItemPlace place) {
        FanoutItem item = items[i];
        Path dir = worktrees.runFolderIn(place);
        if (!java.nio.file.Files.exists(dir.resolve(item.path()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            update(i, ended(item, attempt, ItemState.FAILED, null, null, "“" + FanoutCommand.printable(item.path())
                    + "” is not in its worktree (branch " + place.branch() + ", made from " + spec.placement().base()
                    + "): commit it on " + spec.placement().base() + " first.", log, item.costUsd()).withPlace(place));
            if (spec.stopOnFailure()) {
                stopped = true;
            }
            return;
        }
        startProcess(i, attempt, log, argv, dir, place);
    }

    /**
     * Starts item {@code i}'s program. The item is recorded as running (store, then listener) once its
     * process has started, with the process's pid in the same row.
     */
    private void startProcess(int i, int attempt, Path log, List<String> argv, Path dir, ItemPlace place) {
        FanoutItem item = items[i];
        FanoutItem runningItem = new FanoutItem(item.index(), item.path(), ItemState.RUNNING, attempt, item.costUsd(), null,
                null, "", log == null ? null : log.toString(), Instant.now(), null, place);
        ProcessSpec processSpec = new ProcessSpec(argv, dir, spec.environment(), log);
        if (spec.agent() == null) {
            // a plain command: its output goes straight to the log, no reader threads
            startDirect(i, runningItem, processSpec, true, e -> {
                update(i, ended(runningItem, attempt, ItemState.FAILED, null, null, e.getMessage(), log, item.costUsd()));
                if (spec.stopOnFailure()) {
                    stopped = true;
                }
            }, (exit, err) -> exited(i, null, exit, err));
            return;
        }
        try {
            Reader reader = new Reader(spec.agent().output() == AgentProfile.OutputFormat.CLAUDE_STREAM_JSON);
            ManagedProcess p = ManagedProcess.start(processSpec, reader);
            started.incrementAndGet();
            update(i, runningItem.withProcess(new ItemProcess(p.pid(), p.osStartedAt())));
            p.closeInput();
            running.put(i, p::stop);
            p.onExit().whenComplete((exit, err) -> scheduler.execute(() -> exited(i, reader, exit, err)));
        } catch (ProcessStartException e) {
            update(i, runningItem);
            update(i, ended(runningItem, attempt, ItemState.FAILED, null, null, e.getMessage(), log, item.costUsd()));
            if (spec.stopOnFailure()) {
                stopped = true;
            }
        }
    }

    /**
     * Starts a plain command for item {@code i} (its program or its verification) on a launcher thread,
     * which then waits for it; {@code runningItem} is what the item is while it runs; {@code program}: it
     * is the item's program (counted in {@link #processesStarted}), not its verification. Once the process
     * has started, the item is recorded with its pid; if it cannot start, the item is recorded as
     * running and {@code failed} is called; once it has ended (or was stopped before it started: a
     * stopped exit), {@code exited} is called. All three on the scheduler thread, in that order; pump
     * follows a failure.
     */
    private void startDirect(int i, FanoutItem runningItem, ProcessSpec processSpec, boolean program,
                             Consumer<ProcessStartException> failed, java.util.function.BiConsumer<ProcessExit, Throwable> exited) {
        items[i] = runningItem; // in the store and heard with its pid, once it has one
        Launch launch = new Launch();
        running.put(i, launch::stop);
        Runnable task = () -> {
            DirectProcess d;
            try {
                d = launch.start(processSpec);
            } catch (ProcessStartException e) {
                onScheduler(() -> {
                    running.remove(i);
                    update(i, runningItem);
                    failed.accept(e);
                    pump();
                });
                return;
            } catch (RuntimeException e) {
                onScheduler(() -> exited.accept(null, e));
                return;
            }
            if (d == null) { // stopped before it started
                onScheduler(() -> exited.accept(new ProcessExit(-1, Duration.ZERO, true), null));
                return;
            }
            if (program) {
                started.incrementAndGet();
            }
            onScheduler(() -> update(i, runningItem.withProcess(new ItemProcess(d.pid(), d.startedAt()))));
            ProcessExit exit = null;
            Throwable err = null;
            while (exit == null && err == null) {
                try {
                    exit = d.waitFor();
                } catch (InterruptedException e) {
                    // launcher threads are not interrupted; wait on
                } catch (RuntimeException e) {
                    err = e;
                }
            }
            ProcessExit e = exit;
            Throwable t = err;
            onScheduler(() -> exited.accept(e, t));
        };
        try {
            launcher.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) { // closed meanwhile: it never starts
            onScheduler(() -> exited.accept(new ProcessExit(-1, Duration.ZERO, true), null));
        }
    }

    /** Runs {@code r} on the scheduler thread, unless the engine has been closed. */
    private void onScheduler(Runnable r) {
        try {
            scheduler.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("fan-out run {}: closed before a process's news was heard", runId);
        }
    }

    /** A plain command on its way to being started, as something that can be stopped meanwhile. */
    private static final class Launch {
        private DirectProcess process;
        private boolean stopRequested;

        /** Starts it, unless it was stopped first (then null). */
        synchronized DirectProcess start(ProcessSpec spec) {
            if (stopRequested) {
                return null;
            }
            process = DirectProcess.start(spec);
            return process;
        }

        void stop(Duration grace) {
            DirectProcess p;
            synchronized (this) {
                stopRequested = true;
                p = process;
            }
            if (p != null) {
                p.stop(grace);
            }
        }
    }

    /**
     * The exact argv item {@code index} (1-based) of {@code spec} would run, for a preview; an agent's
     * session id, new for each item, shows as {@code <session id>}.
     *
     * @throws IllegalArgumentException when the template cannot be filled (the message says why)
     */
    public static List<String> preview(FanoutSpec spec, int index) {
        if (index < 1 || index > spec.items().size()) {
            throw new IllegalArgumentException("no item " + index + " (the list holds " + spec.items().size() + ")");
        }
        return argv(spec, ItemTemplate.values(spec.items().get(index - 1), index), "<session id>");
    }

    private List<String> argv(Map<String, String> values) {
        return argv(spec, values, spec.agent() == null ? null : UUID.randomUUID().toString());
    }

    private static List<String> argv(FanoutSpec spec, Map<String, String> values, String sessionId) {
        if (spec.agent() == null) {
            return ItemTemplate.fillEach(spec.command(), values);
        }
        Map<String, String> v = new HashMap<>();
        v.put("prompt", ItemTemplate.fill(spec.promptTemplate(), values));
        v.put("model", spec.model());
        v.put("permissionMode", spec.permissionMode());
        v.put("allowedTools", spec.allowedTools());
        if (spec.itemBudgetUsd() != null) {
            v.put("budget", String.format(Locale.ROOT, "%.2f", spec.itemBudgetUsd()));
        }
        v.put("sessionId", sessionId);
        v.put("name", "fanout " + values.get("index") + ": " + values.get("file"));
        return CommandTemplate.expand(spec.agent().executable(), spec.agent().firstRun(), v);
    }

    /** {@code reader} is null for a plain command (its output is only in the log). */
    private void exited(int i, Reader reader, ProcessExit exit, Throwable err) {
        running.remove(i);
        FanoutItem item = items[i];
        Path log = item.logFile() == null ? null : Path.of(item.logFile());
        if (reader != null) {
            reader.finish();
        }
        AgentEvent.Result result = reader == null ? null : reader.result();
        boolean limitedNow = reader != null && reader.rateLimited();
        double cost = item.costUsd() + (result == null ? 0 : result.totalCostUsd());
        int code = exit == null ? -1 : exit.code();
        if (closing) {
            update(i, ended(item, item.attempts(), ItemState.INTERRUPTED, code, null, INTERRUPTED_BY_CLOSE, log, cost));
            pump();
            return;
        }
        if (cancelling || exit != null && exit.stopped()) {
            update(i, ended(item, item.attempts(), ItemState.CANCELLED, code, null, "Cancelled while running.", log, cost));
            pump();
            return;
        }
        boolean failed = code != 0 || result != null && result.isError() || err != null;
        if (failed && limitedNow && rateLimitRequeues.merge(i, 1, Integer::sum) <= RATE_LIMIT_REQUEUES) {
            rateLimited(i, item, code, cost, log);
            pump();
            return;
        }
        if (limitedNow) {
            lowerConcurrency("the agent retried after a rate limit or overload");
        }
        if (failed) {
            String why = result != null && result.isError() && !result.result().isBlank() ? result.result()
                    : "Exited with code " + code + lastLine(reader != null ? reader.stderrTail() : logTail(log));
            update(i, ended(item, item.attempts(), ItemState.FAILED, code, null, why, log, cost));
            if (spec.stopOnFailure()) {
                stopped = true;
            }
            pump();
            return;
        }
        if (limit < (spec.ordered() ? 1 : spec.concurrency()) && System.nanoTime() >= backoffUntilNanos) {
            limit++;
            listener.concurrencyChanged(limit, "recovering after a rate limit");
        }
        if (spec.verify().isEmpty()) {
            passed(i, ended(item, item.attempts(), ItemState.PASSED, code, null, "", log, cost));
            pump();
            return;
        }
        verify(i, item, code, cost, log);
    }

    private void rateLimited(int i, FanoutItem item, int code, double cost, Path log) {
        lowerConcurrency("rate limited or overloaded");
        backoffs++;
        long ms = Math.min(60_000, backoffBase.toMillis() << Math.min(backoffs - 1, 10));
        backoffUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        FanoutItem again = new FanoutItem(item.index(), item.path(), ItemState.QUEUED, item.attempts(), cost, code, null,
                "Rate limited or overloaded; queued again after " + ms + " ms.", log == null ? null : log.toString(),
                item.startedAt(), Instant.now());
        update(i, again.withPlace(item.place()));
        queue.addFirst(i);
    }

    private void lowerConcurrency(String why) {
        int lower = Math.max(1, limit / 2);
        if (lower != limit) {
            limit = lower;
            listener.concurrencyChanged(limit, why);
        }
    }

    private void verify(int i, FanoutItem item, int code, double cost, Path log) {
        Map<String, String> values = ItemTemplate.values(item.path(), item.index());
        List<String> argv = ItemTemplate.fillEach(spec.verify(), values);
        FanoutItem verifying = new FanoutItem(item.index(), item.path(), ItemState.RUNNING, item.attempts(), cost, code, null,
                "Verifying.", item.logFile(), item.startedAt(), null, item.place());
        startDirect(i, verifying, new ProcessSpec(argv, folderOf(item), spec.environment(), log), false, e -> {
            update(i, ended(verifying, item.attempts(), ItemState.VERIFY_FAILED, code, null, e.getMessage(), log, cost));
            if (spec.stopOnFailure()) {
                stopped = true;
            }
        }, (exit, err) -> {
            running.remove(i);
            int vc = exit == null ? -1 : exit.code();
            if (closing) {
                update(i, ended(verifying, item.attempts(), ItemState.INTERRUPTED, code, vc, INTERRUPTED_BY_CLOSE, log, cost));
            } else if (cancelling || exit != null && exit.stopped()) {
                update(i, ended(verifying, item.attempts(), ItemState.CANCELLED, code, vc, "Cancelled while verifying.", log, cost));
            } else if (vc == 0) {
                passed(i, ended(verifying, item.attempts(), ItemState.PASSED, code, vc, "", log, cost));
            } else {
                update(i, ended(verifying, item.attempts(), ItemState.VERIFY_FAILED, code, vc,
                        "Verification exited with code " + vc + ".", log, cost));
                if (spec.stopOnFailure()) {
                    stopped = true;
                }
            }
            pump();
        });
    }

    /** Where item {@code item}'s program runs: the run's folder, or its counterpart in the item's worktree. */
    private Path folderOf(FanoutItem item) {
        return item.place() == null || worktrees == null ? Path.of(spec.folder()) : worktrees.runFolderIn(item.place());
    }

    /**
     * Item {@code i} passed ({@code done} is it as passed). In one folder that is recorded at once. In worktrees,
     * its worktree's changes are committed first (per item; per batch once every item of the batch passed), the
     * item counting as running meanwhile; a commit git refuses fails the item.
     */
    private void passed(int i, FanoutItem done) {
        FanoutPlacement placement = spec.placement();
        ItemPlace place = done.place();
        if (!placement.usesWorktrees() || place == null) {
            update(i, done);
            return;
        }
        int group = placement.groupOf(done.index());
        int[] members = placement.groupItems(group, items.length);
        String message;
        if (placement.kind() == FanoutPlacement.Kind.BATCH) {
            for (int index : members) {
                if (index != done.index() && items[index - 1].state() != ItemState.PASSED) {
                    update(i, done); // the batch is committed when its last item passes
                    return;
                }
            }
            StringBuilder b = new StringBuilder("Fan-out run " + runId + ", batch " + group + ": items " + members[0] + "–"
                    + members[members.length - 1] + "\n");
            for (int index : members) {
                b.append("\n- ").append(FanoutCommand.printable(items[index - 1].path()));
            }
            message = b.toString();
        } else {
            message = "Fan-out run " + runId + ", item " + done.index() + ": " + FanoutCommand.printable(done.path());
        }
        update(i, new FanoutItem(done.index(), done.path(), ItemState.RUNNING, done.attempts(), done.costUsd(), done.exitCode(),
                done.verifyExit(), placement.kind() == FanoutPlacement.Kind.BATCH ? "Committing batch " + group + "."
                : "Committing its changes.", done.logFile(), done.startedAt(), null, place));
        running.put(i, NO_STOP);
        FanoutWorktrees w = worktrees;
        CompletableFuture.supplyAsync(() -> w.commit(place, message), gitThread).whenComplete((commit, err) ->
                scheduler.execute(() -> {
                    running.remove(i);
                    if (err != null) {
                        Throwable cause = err.getCause() != null ? err.getCause() : err;
                        update(i, ended(done, done.attempts(), ItemState.FAILED, done.exitCode(), done.verifyExit(),
                                "It passed, but " + lowerFirst(String.valueOf(cause.getMessage())), null, done.costUsd()));
                        if (spec.stopOnFailure()) {
                            stopped = true;
                        }
                    } else {
                        String note = commit != null ? "" : placement.kind() == FanoutPlacement.Kind.BATCH
                                ? "Its batch changed nothing; nothing to commit." : "It changed nothing; nothing to commit.";
                        update(i, ended(done, done.attempts(), ItemState.PASSED, done.exitCode(), done.verifyExit(), note,
                                null, done.costUsd()));
                    }
                    pump();
                }));
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** The last 4 KB of a log, for a failure's last line. */
    private static String logTail(Path log) {
        if (log == null) {
            return "";
        }
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(log)) {
            long size = c.size();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) Math.min(4096, size));
            c.read(b, size - b.capacity());
            return new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String lastLine(String stderr) {
        String s = stderr == null ? "" : stderr.strip();
        int nl = s.lastIndexOf('\n');
        String last = nl < 0 ? s : s.substring(nl + 1).strip();
        return last.isEmpty() ? "." : ": " + last;
    }

    private static FanoutItem ended(FanoutItem item, int attempts, ItemState state, Integer code, Integer verifyExit,
                                    String message, Path log, double cost) {
        return new FanoutItem(item.index(), item.path(), state, attempts, cost, code, verifyExit, message,
                log == null ? item.logFile() : log.toString(), item.startedAt() == null ? Instant.now() : item.startedAt(),
                Instant.now(), item.place());
    }

    private static FanoutItem with(FanoutItem item, ItemState state, String message) {
        return new FanoutItem(item.index(), item.path(), state, item.attempts(), item.costUsd(), item.exitCode(),
                item.verifyExit(), message, item.logFile(), item.startedAt(), state == ItemState.QUEUED ? null : Instant.now(),
                item.place());
    }

    /**
     * Records an item change: in memory now, in the store with the next batch (the writer thread
     * writes whatever changed while it wrote the previous one, in one transaction), and the listener
     * hears of it once that batch is written.
     */
    private void update(int i, FanoutItem item) {
        items[i] = item;
        synchronized (pendingLock) {
            pendingWrites.put(item.index(), item);
        }
        emit(() -> listener.itemChanged(item));
    }

    /** Runs {@code event} on the writer thread after the pending writes. */
    private void emit(Runnable event) {
        synchronized (pendingLock) {
            pendingEvents.add(event);
            if (!drainQueued) {
                drainQueued = true;
                writer.execute(this::drain);
            }
        }
    }

    private void drain() {
        List<FanoutItem> batch;
        List<Runnable> events;
        synchronized (pendingLock) {
            batch = new ArrayList<>(pendingWrites.values());
            pendingWrites.clear();
            events = new ArrayList<>(pendingEvents);
            pendingEvents.clear();
            drainQueued = false;
        }
        if (!batch.isEmpty()) {
            try {
                store.saveFanoutItems(runId, batch);
            } catch (RuntimeException e) {
                LOG.error("Could not record {} fan-out item change(s) of run {}", batch.size(), runId, e);
            }
        }
        for (Runnable r : events) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("Fan-out listener failed", e);
            }
        }
    }

    /** Waits for the end; for the command line and tests. */
    public RunSummary await(Duration timeout) throws InterruptedException {
        try {
            return done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("fan-out run " + runId + " did not end within " + timeout, e);
        }
    }

    /** Cancels whatever still runs and ends the engine's threads. */
    @Override
    public void close() {
        if (!scheduler.isShutdown()) {
            try {
                call(() -> {
                    if (!running.isEmpty()) {
                        closing = true;
                        stopped = true;
                        for (Consumer<Duration> stop : running.values()) {
                            stopper.execute(() -> stop.accept(STOP_GRACE));
                        }
                    }
                    return null;
                }).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("closing fan-out run {}: {}", runId, e.toString());
            }
        }
        if (gitThread != null) {
            gitThread.shutdown(); // a commit under way finishes, and is recorded below
            try {
                gitThread.awaitTermination(60, TimeUnit.SECONDS);
                call(() -> null).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("closing fan-out run {}: {}", runId, e.toString());
            }
        }
        stopper.shutdown();
        launcher.shutdown(); // a launcher thread ends once its process has
        writer.shutdown(); // what is queued is still written
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
            stopper.awaitTermination(STOP_GRACE.toMillis() + 3000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdown();
        if (ownsGit) {
            gitService.close();
        }
    }

    /** Reads an item's output: a Claude stream-json result (cost, is_error) and rate-limit signs. */
    private static final class Reader implements ProcessOutput {
        private final StreamJsonOutput json;
        private final StringBuilder stderr = new StringBuilder();
        private volatile boolean rateLimited;

        Reader(boolean claude) {
            this.json = claude ? new StreamJsonOutput(this::event) : null;
        }

        private void event(AgentEvent e) {
            if (e instanceof AgentEvent.ApiRetry r && (r.errorStatus() == 429 || r.errorStatus() == 529)) {
                rateLimited = true;
            } else if (e instanceof AgentEvent.Result r && (r.apiErrorStatus() == 429 || r.apiErrorStatus() == 529)) {
                rateLimited = true;
            }
        }

        @Override
        public void output(String text, boolean isStderr) {
            if (json != null) {
                json.output(text, isStderr);
            } else if (isStderr) {
                synchronized (stderr) {
                    stderr.append(text);
                    if (stderr.length() > 8192) {
                        stderr.delete(0, stderr.length() - 4096);
                    }
                }
            }
        }

        void finish() {
            if (json != null) {
                json.finish();
            }
        }

        AgentEvent.Result result() {
            return json == null ? null : json.result();
        }

        boolean rateLimited() {
            return rateLimited;
        }

        String stderrTail() {
            if (json != null) {
                return json.stderrTail();
            }
            synchronized (stderr) {
                return stderr.toString();
            }
        }
    }
}
