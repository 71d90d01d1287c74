package dev.lanes.fanout;

import dev.lanes.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash stand-in for runs with a worktree per item: in a child JVM, 6 items (f1.txt…f6.txt of the
 * repository) at -j 2, each appending a line to its file in its own worktree; items 3 and up sleep while
 * {@code OUT/slow} exists. Says "READY &lt;run id&gt;" once 1 and 2 passed (committed) and 3 and 4 run, then
 * waits to be killed with SIGKILL. What ran is logged to {@code OUT/ran.log}, outside the repository.
 */
public final class FanoutWorktreeCrashChild {

    private FanoutWorktreeCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path repo = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Store store = Store.open(home);
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            items.add("f" + i + ".txt");
        }
        FanoutSpec spec = FanoutSpec.command(repo.toString(), items, ItemTemplate.split(
                        "sh -c 'echo \"$1\" >> \"$OUT/ran.log\"; echo \"attempt in $PWD\" >> \"$2\"; "
                                + "if [ \"$1\" -gt 2 ] && [ -e \"$OUT/slow\" ]; then echo $$ > \"$OUT/pid.$1\"; exec sleep 300; fi' "
                                + "sh {index} {file}"))
                .withConcurrency(2).withEnvironment(Map.of("OUT", out.toString()))
                .withPlacement(FanoutPlacement.perItem("main"));
        CountDownLatch ready = new CountDownLatch(1);
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger runningSlow = new AtomicInteger();
        FanoutEngine engine = FanoutEngine.create(spec, store, new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                if (item.state() == ItemState.PASSED) {
                    passed.incrementAndGet();
                } else if (item.state() == ItemState.RUNNING && item.index() > 2 && item.message().isEmpty()) {
                    runningSlow.incrementAndGet();
                }
                if (passed.get() == 2 && runningSlow.get() == 2) {
                    ready.countDown();
                }
            }
        });
        engine.start();
        ready.await();
        Path p3 = out.resolve("pid.3");
        Path p4 = out.resolve("pid.4");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!(Files.exists(p3) && Files.exists(p4)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        System.out.println("READY " + engine.runId());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
