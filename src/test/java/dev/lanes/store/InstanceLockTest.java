package dev.lanes.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondAcquireInTheSameJvmIsRefusedUntilTheFirstIsClosed() throws Exception {
        Path home = tmp.resolve("data home");
        InstanceLock first = InstanceLock.tryAcquire(home).orElseThrow();
        assertEquals(home.resolve(InstanceLock.FILE_NAME), first.file());
        assertTrue(InstanceLock.tryAcquire(home).isEmpty());
        assertTrue(InstanceLock.tryAcquire(home.resolve("..").resolve("data home")).isEmpty(), "same folder, other spelling");
        assertEquals(OptionalLong.of(ProcessHandle.current().pid()), InstanceLock.holder(home));
        first.close();
        first.close();
        // read only now: closing any descriptor of the file would drop this process's lock (POSIX)
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(first.file()));
        try (InstanceLock again = InstanceLock.tryAcquire(home).orElseThrow()) {
            assertTrue(Files.exists(again.file()));
        }
        assertTrue(Files.exists(home.resolve(InstanceLock.FILE_NAME)), "the file stays");
    }

    @Test
    void anotherProcessHoldingTheLockKeepsUsOutAndItsDeathLetsUsIn() throws Exception {
        Path home = tmp.resolve("home");
        try (ChildJvm child = ChildJvm.start(LockHolder.class, "instance", home.toString())) {
            assertEquals("locked", child.nextLine(60));
            assertTrue(InstanceLock.tryAcquire(home).isEmpty());
            assertEquals(OptionalLong.of(child.pid()), InstanceLock.holder(home));
            child.kill(); // as a crash would: no chance to release anything
            Optional<InstanceLock> after = InstanceLock.tryAcquire(home);
            assertTrue(after.isPresent(), "the OS released the dead process's lock");
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), InstanceLock.holder(home));
            after.get().close();
        }
    }

    @Test
    void anotherProcessCannotTakeTheLockWeHold() throws Exception {
        Path home = tmp.resolve("home");
        try (InstanceLock held = InstanceLock.tryAcquire(home).orElseThrow();
             ChildJvm child = ChildJvm.start(LockHolder.class, "instance", home.toString())) {
            assertEquals("busy", child.nextLine(60));
            assertTrue(child.waitForExit(30));
            assertTrue(Files.exists(held.file()));
        }
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(home.resolve(InstanceLock.FILE_NAME)),
                "the refused process did not overwrite the pid");
        try (ChildJvm child = ChildJvm.start(LockHolder.class, "instance", home.toString())) {
            assertEquals("locked", child.nextLine(60), "released on close");
        }
    }

    @Test
    void noHolderWithoutAFile() {
        assertFalse(InstanceLock.holder(tmp.resolve("nothing here")).isPresent());
        assertFalse(Files.exists(tmp.resolve("nothing here")), "asking does not create the folder");
    }
}
