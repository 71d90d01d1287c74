package dev.lanes.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Lanes per data folder. A second Lanes on the same folder would take the first one's running
 * sessions for interrupted ones, so the app holds this lock for as long as it runs and, when it cannot
 * get it, says which process has it ({@link #holder}).
 *
 * <p>The lock is an OS file lock on {@code lanes.lock} in the data folder, which holds the owner's
 * pid. The OS drops the lock when its process ends, however it ends, so a crashed Lanes never keeps
 * the next one out; the file itself stays (deleting it would let two processes lock two different
 * files of the same name). The locked range is one byte past the pid, so that the pid stays readable
 * where locks are mandatory (Windows).
 *
 * <p>Within one JVM the lock is counted in memory: POSIX drops all of a process's locks on a file when
 * the process closes <em>any</em> descriptor of it, so this class never opens the file while this JVM
 * holds it, and nothing else should open {@code lanes.lock} either.
 */
public final class InstanceLock implements AutoCloseable {

    /** The lock file's name in the data folder. */
    public static final String FILE_NAME = "lanes.lock";

    private static final long LOCKED_BYTE = 1024;
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private InstanceLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code dataHome} (creating the folder if needed) and writes this process's pid
     * into the lock file.
     *
     * @return the lock, or empty when another process — or this one — already holds it
     * @throws StoreException when the folder or the file cannot be created, or the file system has no locks
     */
    public static Optional<InstanceLock> tryAcquire(Path dataHome) {
        Path folder = realFolder(dataHome);
        if (!HELD_HERE.add(folder)) {
            return Optional.empty();
        }
        Path file = folder.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(LOCKED_BYTE, 1, false);
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it through another path to the same file
            }
            if (lock == null) {
                channel.close();
                HELD_HERE.remove(folder);
                return Optional.empty();
            }
            channel.truncate(0);
            ByteBuffer pid = ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            while (pid.hasRemaining()) {
                channel.write(pid, pid.position());
            }
            channel.force(false);
            return Optional.of(new InstanceLock(folder, channel, lock));
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            HELD_HERE.remove(folder);
            throw new StoreException("Lanes could not lock " + file + " (" + e.getMessage() + "); check that the folder "
                    + "is writable and on a file system with file locks.", e);
        }
    }

    /**
     * The pid written by the process that holds (or last held) the lock on {@code dataHome}, for a
     * message such as “Lanes is already running (process 1234)”; empty when unknown.
     */
    public static OptionalLong holder(Path dataHome) {
        Path folder;
        try {
            folder = dataHome.toRealPath();
        } catch (IOException e) {
            return OptionalLong.empty(); // no folder, no holder
        }
        if (HELD_HERE.contains(folder)) {
            return OptionalLong.of(ProcessHandle.current().pid()); // reading the file would drop our own lock
        }
        try {
            String text = Files.readString(folder.resolve(FILE_NAME), StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty(); // no file, or unreadable
        }
    }

    /** The lock file. */
    public Path file() {
        return folder.resolve(FILE_NAME);
    }

    /** Releases the lock; the file stays. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS releases it with the descriptor, or at the latest when the process ends
        } finally {
            HELD_HERE.remove(folder);
        }
    }

    private static Path realFolder(Path dataHome) {
        try {
            Files.createDirectories(dataHome);
            return dataHome.toRealPath();
        } catch (IOException e) {
            throw new StoreException("Could not create the folder " + dataHome + " for Lanes' data: " + e.getMessage() + ".", e);
        }
    }
}
