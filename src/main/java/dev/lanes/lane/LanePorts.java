package dev.lanes.lane;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Gives each lane (a worktree) a block of ports of its own, so that dev servers and databases of
 * lanes running side by side never collide: a session sees the first as {@code LANES_PORT} and the
 * block's size as {@code LANES_PORT_COUNT}, and starts its server on {@code $LANES_PORT} (the
 * next ones for a second server, a debugger, a database).
 *
 * <p>A lane keeps its block for good (it is stored): a dev server's address stays the same across
 * sessions and restarts of Lanes. A new block is one whose ports no other lane has and no program
 * listens on at the moment it is given; the search starts at a place derived from the worktree's
 * path, so lanes rarely probe the same blocks. Thread-safe.
 */
public final class LanePorts {

    /** Ports in a lane's block. */
    public static final int BLOCK = 10;
    /** Lanes' blocks lie in [{@value #FIRST}, {@value #LAST}): above the usual dev ports (3000, 5432, 8080), below the ephemeral range. */
    public static final int FIRST = 20_000;
    public static final int LAST = 30_000;

    /** Where the blocks are kept: {@code dev.lanes.session.SessionStore} has both calls. */
    public interface Store {
        Map<Path, Integer> lanePorts();

        boolean saveLanePort(Path worktree, int firstPort);
    }

    private final Store store;
    private final int first;
    private final int last;
    private Map<Path, Integer> known;

    public LanePorts(Store store) {
        this(store, FIRST, LAST);
    }

    LanePorts(Store store, int first, int last) {
        if (first <= 0 || last > 65_536 || last - first < BLOCK) {
            throw new IllegalArgumentException("port range " + first + "–" + last);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.first = first;
        this.last = last;
    }

    /**
     * The first port of the lane's block, given now if the lane has none.
     *
     * @throws IllegalStateException when every block of the range is taken or busy
     */
    public synchronized int blockFor(Path worktree) {
        Path key = worktree.toAbsolutePath().normalize();
        if (known == null) {
            known = new HashMap<>(store.lanePorts());
        }
        Integer had = known.get(key);
        if (had != null) {
            return had;
        }
        int blocks = (last - first) / BLOCK;
        int start = Math.floorMod(key.toString().hashCode(), blocks);
        java.util.Set<Integer> taken = new java.util.HashSet<>(known.values());
        for (int i = 0; i < blocks; i++) {
            int port = first + ((start + i) % blocks) * BLOCK;
            if (taken.contains(port) || !free(port)) {
                continue;
            }
            if (store.saveLanePort(key, port)) {
                known.put(key, port);
                return port;
            }
            known = new HashMap<>(store.lanePorts()); // another Lanes (a CLI run) took it meanwhile
            taken = new java.util.HashSet<>(known.values());
        }
        throw new IllegalStateException("No free block of " + BLOCK + " ports is left between " + first + " and " + last
                + ": every one belongs to a lane or is in use.");
    }

    /** The blocks given so far, by worktree. */
    public synchronized Map<Path, Integer> blocks() {
        if (known == null) {
            known = new HashMap<>(store.lanePorts());
        }
        return Map.copyOf(known);
    }

    /** Whether no program listens on any port of the block (on any address). */
    static boolean free(int firstPort) {
        for (int port = firstPort; port < firstPort + BLOCK; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
