package dev.lanes;

import dev.lanes.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a person sees when Lanes cannot start on its data folder. */
class AppServicesTest {

    @TempDir
    Path home;

    @Test
    void aSecondLanesOnTheSameDataFolderIsTurnedAwayWithTheFirstOnesPid() {
        try (AppServices first = AppServices.open(home, Runnable::run)) {
            AppServices.StartupException e = assertThrows(AppServices.StartupException.class, () -> AppServices.open(home, Runnable::run));
            assertTrue(e.getMessage().startsWith("Lanes is already running with the data folder " + home), e.getMessage());
            assertTrue(e.getMessage().contains("(process " + ProcessHandle.current().pid() + ")"), e.getMessage());
        }
        AppServices.open(home, Runnable::run).close();
    }

    @Test
    void aCorruptStoreIsRefusedAndLeftAsItWas() throws Exception {
        byte[] garbage = "this is not a database, but it is someone's file\n".repeat(200).getBytes();
        Files.write(home.resolve("lanes.db"), garbage);
        try (AppServices services = AppServices.open(home, Runnable::run)) {
            StoreException e = assertThrows(StoreException.class, () -> services.store().get());
            assertTrue(e.getMessage().contains("lanes.db"), e.getMessage());
            assertTrue(services.store().future().isCompletedExceptionally());
        }
        assertArrayEquals(garbage, Files.readAllBytes(home.resolve("lanes.db")));
        // the lock was given back: once the file is moved away, Lanes starts
        Files.move(home.resolve("lanes.db"), home.resolve("lanes.db.bak"));
        AppServices.open(home, Runnable::run).close();
    }
}
