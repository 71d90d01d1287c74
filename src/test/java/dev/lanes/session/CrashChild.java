package dev.lanes.session;

import dev.lanes.model.SessionKind;
import dev.lanes.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for Lanes in the crash test: runs in a child JVM, starts two sessions, says READY with
 * their ids, and waits to be killed with SIGKILL.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path worktree = Path.of(args[1]);
        Store store = Store.open(home);
        SessionManager sessions = new SessionManager(store, home.resolve("logs"));
        StringBuilder ids = new StringBuilder();
        for (String name : List.of("agent", "server")) {
            var s = sessions.create(worktree, worktree, name, SessionKind.COMMAND,
                    List.of("/bin/sh", "-c", "echo started-$LANES_SESSION; sleep 300"), name.equals("server"));
            sessions.start(s.id());
            long deadline = System.currentTimeMillis() + 20_000;
            while (!(Files.exists(s.logFile()) && Files.readString(s.logFile()).contains("started-"))
                    && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            ids.append(' ').append(s.id());
        }
        System.out.println("READY" + ids);
        System.out.flush();
        Thread.sleep(600_000);
    }
}
