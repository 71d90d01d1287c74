package dev.lanes.e2e;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutListener;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.ItemTemplate;
import dev.lanes.store.Store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for Lanes in {@link FanoutCrashE2ETest}: in a child JVM, starts a fan-out of the real
 * Claude Code CLI over {@code F1.java … F<n>.java} at -j 2 against the test's scripted model server,
 * prints every item change as {@code ITEM <index> <STATE> <attempts>} once it is in the store, and
 * waits to be killed with SIGKILL.
 *
 * <p>Arguments: Lanes home, the repository, the server's base URL, the CLI's HOME, the CLI, n.
 */
public final class FanoutCrashE2EChild {

    private FanoutCrashE2EChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path repo = Path.of(args[1]);
        String baseUrl = args[2];
        Path claudeHome = Path.of(args[3]);
        Path claude = Path.of(args[4]);
        int n = Integer.parseInt(args[5]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            items.add("F" + i + ".java");
        }
        Store store = Store.open(home);
        FanoutSpec spec = FanoutSpec.agent(repo.toString(), items, FanoutAgentScript.claudeProfile(claude),
                        FanoutAgentScript.PROMPT, "", "acceptEdits")
                .withConcurrency(2).withVerify(ItemTemplate.split("grep -q NewLogger {file}"))
                .withEnvironment(ClaudeCli.environment(claudeHome, baseUrl))
                .withLogFolder(home.resolve("logs").toString());
        FanoutEngine engine = FanoutEngine.create(spec, store, new FanoutListener() {
            @Override
            public void itemChanged(FanoutItem item) {
                out.println("ITEM " + item.index() + " " + item.state() + " " + item.attempts());
            }
        });
        out.println("RUN " + engine.runId());
        engine.start();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
