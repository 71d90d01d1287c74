package dev.lanes.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;

/**
 * Run in a child JVM by the tests: takes a lock, prints {@code locked} and holds it until its stdin
 * closes or it is killed; or prints {@code busy} and ends when it could not take it.
 * <ul>
 *   <li>{@code instance <dataHome>}: {@link InstanceLock#tryAcquire}</li>
 *   <li>{@code sqlite <dataHome>}: {@code BEGIN EXCLUSIVE} on {@code lanes.db} through a second JDBC connection</li>
 * </ul>
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        Path dataHome = Path.of(args[1]);
        switch (args[0]) {
            case "instance" -> {
                Optional<InstanceLock> lock = InstanceLock.tryAcquire(dataHome);
                report(lock.isPresent());
                if (lock.isPresent()) {
                    waitForStdinToClose();
                    lock.get().close();
                }
            }
            case "sqlite" -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataHome.resolve(Store.FILE_NAME).toUri());
                     Statement s = c.createStatement()) {
                    s.execute("BEGIN EXCLUSIVE");
                    report(true);
                    waitForStdinToClose();
                    s.execute("ROLLBACK");
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void report(boolean locked) {
        System.out.println(locked ? "locked" : "busy");
        System.out.flush();
    }

    private static void waitForStdinToClose() throws Exception {
        while (System.in.read() >= 0) {
            // hold
        }
    }
}
