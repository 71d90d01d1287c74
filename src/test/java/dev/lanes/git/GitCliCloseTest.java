package dev.lanes.git;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing waits for the git processes that run and starts no more (a shell stands in for a slow git). */
class GitCliCloseTest {

    @Test
    void closeWaitsForWhatRunsAndRefusesWhatComes() throws Exception {
        GitCli cli = new GitCli("sh", Map.of(), Duration.ofSeconds(30));
        CompletableFuture<GitCli.Result> slow = CompletableFuture.supplyAsync(() -> cli.run(null, List.of("-c", "sleep 0.5; echo done")));
        // wait for the stand-in to be running
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().children().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 0.5"))) {
            assertTrue(System.nanoTime() < end, "the stand-in never started");
            Thread.onSpinWait();
        }
        // the command counted as running since before its process forked: 0 left means close waited for it
        assertEquals(0, cli.close(Duration.ofSeconds(10)), "nothing left running once close returns");
        assertEquals("done", slow.get(10, TimeUnit.SECONDS).line(), "it was let finish, not killed");
        GitException refused = assertThrows(GitException.class, () -> cli.run(null, List.of("-c", "true")));
        assertTrue(refused.getMessage().startsWith("Lanes is closing"), refused.getMessage());
    }
}
