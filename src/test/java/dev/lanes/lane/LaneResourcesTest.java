package dev.lanes.lane;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneResourcesTest {

    private final LaneResources resources = new LaneResources();

    private static LaneResources.Holder session(long id) {
        return new LaneResources.Holder(id, Path.of("/repo.lanes/lane-" + id), "session " + id);
    }

    @Test
    void oneHolderAtATimeAndTheNextInLineInTheOrderTheyAsked() {
        CompletableFuture<Void> a = resources.acquire(session(1), List.of("database"));
        CompletableFuture<Void> b = resources.acquire(session(2), List.of("Database ")); // same, without case
        CompletableFuture<Void> c = resources.acquire(session(3), List.of("database"));
        assertTrue(a.isDone());
        assertFalse(b.isDone());
        assertFalse(c.isDone());
        LaneResources.State state = resources.waitingFor(3).orElseThrow();
        assertEquals(1, state.holder().sessionId());
        assertEquals(List.of(2L, 3L), state.waiting().stream().map(LaneResources.Holder::sessionId).toList());

        assertTrue(resources.release(1));
        assertTrue(b.isDone());
        assertFalse(c.isDone());
        assertTrue(resources.holdsAll(2, List.of("DATABASE")));
        assertTrue(resources.release(2));
        assertTrue(c.isDone());
        assertEquals(List.of("database"), resources.held(3));
        resources.release(3);
        assertTrue(resources.states().isEmpty(), "nothing held, nothing kept");
    }

    @Test
    void sessionsAskingForTheSameResourcesInAnyOrderNeverWaitForEachOther() {
        // both would deadlock if each took its first name and waited for its second
        CompletableFuture<Void> a = resources.acquire(session(1), List.of("redis", "database"));
        CompletableFuture<Void> b = resources.acquire(session(2), List.of("database", "redis"));
        assertTrue(a.isDone());
        assertFalse(b.isDone());
        assertEquals(List.of(), resources.held(2), "b holds nothing while it waits for the first name");
        resources.release(1);
        assertTrue(b.isDone());
        assertEquals(List.of("database", "redis"), resources.held(2));
    }

    @Test
    void aSessionThatGivesUpLeavesTheLineAndItsFutureIsCancelled() {
        resources.acquire(session(1), List.of("staging"));
        CompletableFuture<Void> b = resources.acquire(session(2), List.of("staging"));
        CompletableFuture<Void> c = resources.acquire(session(3), List.of("staging"));
        assertTrue(resources.release(2));
        assertThrows(CancellationException.class, b::join);
        assertTrue(b.isCancelled());
        resources.release(1);
        assertTrue(c.isDone(), "the next in line after the one who gave up");
        assertFalse(resources.release(99), "a session that neither holds nor waits");
    }

    @Test
    void listenersHearEveryChange() {
        AtomicInteger changes = new AtomicInteger();
        resources.addListener(changes::incrementAndGet);
        resources.acquire(session(1), List.of("db"));
        resources.acquire(session(2), List.of("db"));
        resources.release(1);
        assertEquals(3, changes.get());
    }

    @Test
    void namesAreTrimmedDeduplicatedAndCheckedWithASentence() {
        assertEquals(List.of("database", "redis"), LaneResources.parse(" redis, database;\nREDIS,, "));
        assertEquals(List.of(), LaneResources.parse(null));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> LaneResources.normalize(List.of("x".repeat(65))));
        assertTrue(tooLong.getMessage().contains("at most 64 characters"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LaneResources.normalize(List.of("a\u0007b")));
        assertNull(resources.waitingFor(1).orElse(null));
    }
}
