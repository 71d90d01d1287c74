package dev.lanes.fanout;

import dev.lanes.store.Store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        FanoutCrashChild.runUntilKilled(spec, store, out);
    }
}
