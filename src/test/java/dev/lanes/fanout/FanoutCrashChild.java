package dev.lanes.fanout;

import dev.lanes.store.Store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Lanes in the fan-out crash test: in a child JVM, starts a run of 6 items at -j 2
 * whose items 1 and 2 end at once and the others (while the file "slow" exists) sleep; says
 * "READY &lt;run id&gt;" once 1 and 2 passed and 3 and 4 run, then waits to be killed with SIGKILL.
 */
public final class FanoutCrashChild {

    private FanoutCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path folder = Path.of(args[1]);
        Store store = Store.open(home);
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            items.add("f" + i + ".txt");
        }
        FanoutSpec spec = FanoutSpec.command(folder.toString(), items, ItemTemplate.split(
                "sh -c 'echo \"$1\" >> ran.log; if [ \"$1\" -gt 2 ] && [ -e slow ]; then echo $$ > \"pid.$1\"; exec sleep 300; fi' sh {index}"))
                .withConcurrency(2).withOrdered(false, false).withLogFolder(home.resolve("logs").toString());
        runUntilKilled(spec, store, folder);
    }

    /**
     * Starts {@code spec}'s run and says "READY &lt;run id&gt;" once items 1 and 2 passed and 3 and 4 run
     * their programs (which wrote {@code pid.3} and {@code pid.4} into {@code pids}), then waits to be
     * killed with SIGKILL.
     */
    static void runUntilKilled(FanoutSpec spec, Store store, Path pids) throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger runningSlow = new AtomicInteger();
        FanoutEngine engine = FanoutEngine.create(spec, store, new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                if (item.state() == ItemState.PASSED) {
                    passed.incrementAndGet();
                } else if (item.state() == ItemState.RUNNING && item.index() > 2 && item.message().isEmpty()) {
                    runningSlow.incrementAndGet(); // its program runs (not: its worktree is being made)
                }
                if (passed.get() == 2 && runningSlow.get() == 2) {
                    ready.countDown();
                }
            }
        });
        engine.start();
        ready.await();
        // the slow items' shells have written their pids (the test ends them)
        Path p3 = pids.resolve("pid.3");
        Path p4 = pids.resolve("pid.4");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!(java.nio.file.Files.exists(p3) && java.nio.file.Files.exists(p4)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        System.out.println("READY " + engine.runId());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
