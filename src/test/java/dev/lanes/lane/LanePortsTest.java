package dev.lanes.lane;

import dev.lanes.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real store; real sockets probe the ports. */
class LanePortsTest {

    @TempDir
    Path tmp;

    @Test
    void eachLaneGetsABlockOfItsOwnAndKeepsItAcrossARestart() {
        Path a = tmp.resolve("repo.lanes/a");
        Path b = tmp.resolve("repo.lanes/b");
        int portA;
        int portB;
        try (Store store = Store.open(tmp.resolve("home"))) {
            LanePorts ports = new LanePorts(store);
            portA = ports.blockFor(a);
            portB = ports.blockFor(b);
            assertEquals(portA, ports.blockFor(a));
            assertTrue(Math.abs(portA - portB) >= LanePorts.BLOCK, portA + " and " + portB + " overlap");
            assertTrue(portA >= LanePorts.FIRST && portA + LanePorts.BLOCK <= LanePorts.LAST);
        }
        try (Store store = Store.open(tmp.resolve("home"))) {
            LanePorts ports = new LanePorts(store);
            assertEquals(portA, ports.blockFor(a.resolve("../a")), "the same lane, after a restart");
            assertEquals(portB, ports.blockFor(b));
        }
    }

    @Test
    void aBlockInUseByAnotherProgramIsPassedOverAndAFullRangeIsSaidInASentence() throws IOException {
        int first = freeBlocks(3);
        try (Store store = Store.open(tmp.resolve("home"));
             ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(first + 3)); // a dev server someone started by hand, in block 1
            LanePorts ports = new LanePorts(store, first, first + 2 * LanePorts.BLOCK);
            int a = ports.blockFor(tmp.resolve("a"));
            assertEquals(first + LanePorts.BLOCK, a, "block 1 has a listening port");
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> ports.blockFor(tmp.resolve("b")));
            assertTrue(full.getMessage().startsWith("No free block of 10 ports"), full.getMessage());
            squatter.close();
            assertNotEquals(a, ports.blockFor(tmp.resolve("b")), "block 1 came free");
        }
    }

    /** The first port of {@code n} free blocks in a row (inside the lanes' range). */
    private static int freeBlocks(int n) {
        outer:
        for (int first = 28_000; first < 29_000; first += LanePorts.BLOCK) {
            for (int i = 0; i < n; i++) {
                if (!LanePorts.free(first + i * LanePorts.BLOCK)) {
                    continue outer;
                }
            }
            return first;
        }
        throw new IllegalStateException("no free ports");
    }
}
