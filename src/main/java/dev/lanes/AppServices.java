package dev.lanes;

import dev.lanes.agent.AgentDetector;
import dev.lanes.agent.AgentProfiles;
import dev.lanes.git.GitService;
import dev.lanes.platform.Desktop;
import dev.lanes.session.SessionManager;
import dev.lanes.settings.SettingsStore;
import dev.lanes.store.DeferredStore;
import dev.lanes.task.TaskRunner;

import java.nio.file.Path;

/**
 * The services, built once at start and handed to the views; closed in reverse order at exit.
 *
 * @param agentProfiles the agent profiles to offer (built-ins as edited, then custom ones), kept in the store
 * @param agentDetector finds an agent's program on PATH and asks its version
 * @param investigations read-only questions asked at once, and their combined summary
 * @param pipelines      stages run one after another in one worktree
 * @param comparisons    one prompt on several new lanes, kept in the store
 * @param reviews        writer/reviewer pairs: a read-only agent reviews a writer agent's work in rounds
 */
public record AppServices(Path dataHome, GitService git, TaskRunner tasks, SettingsStore settingsStore, Desktop desktop,
                          DeferredStore store, SessionManager sessions, dev.lanes.agent.AgentSessions agents,
                          AutoCloseable instanceLock, AgentProfiles agentProfiles, AgentDetector agentDetector,
                          dev.lanes.investigate.Investigations investigations, dev.lanes.pipeline.Pipelines pipelines,
                          dev.lanes.compare.Comparisons comparisons, dev.lanes.review.Reviews reviews)
        implements AutoCloseable {

    /** Lanes cannot start; the message says why, for the person. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) {
            super(message);
        }
    }

    /**
     * Builds the services on a data folder: takes the instance lock (one Lanes per folder), starts
     * opening the store on a thread of its own (a locked, corrupt or newer one is refused, never
     * touched: {@code store().future()} then fails with the reason), and builds the rest.
     *
     * @param callbacks where background results are delivered ({@code Platform::runLater})
     */
    public static AppServices open(Path dataHome, java.util.concurrent.Executor callbacks) {
        return open(dataHome, callbacks, java.util.Map.of());
    }

    /**
     * As {@link #open(Path, java.util.concurrent.Executor)}, with variables added to every agent's
     * environment (tests point agents at a local model server and a temp HOME).
     */
    public static AppServices open(Path dataHome, java.util.concurrent.Executor callbacks,
                                   java.util.Map<String, String> agentEnvironment) {
        java.util.Optional<dev.lanes.store.InstanceLock> lock = dev.lanes.store.InstanceLock.tryAcquire(dataHome);
        if (lock.isEmpty()) {
            java.util.OptionalLong holder = dev.lanes.store.InstanceLock.holder(dataHome);
            throw new StartupException("Lanes is already running with the data folder " + dataHome
                    + (holder.isPresent() ? " (process " + holder.getAsLong() + ")" : "")
                    + ". Switch to that window, or set LANES_HOME to give a second Lanes a data folder of its own.");
        }
        DeferredStore store = DeferredStore.open(dataHome, r -> {
            Thread t = new Thread(r, "lanes-store-open");
            t.setDaemon(true);
            t.start();
        });
        SessionManager sessions = new SessionManager(store, sessionLogs(dataHome));
        AgentProfiles profiles = new AgentProfiles(store);
        // read the edited and custom profiles once the store is open (on its thread), so that
        // profiles.latest() is current without the FX thread ever waiting for the store
        store.future().thenRun(() -> {
            try {
                profiles.effective();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(AppServices.class).warn("Could not read the agent profiles", e);
            }
        });
        GitService git = new GitService();
        dev.lanes.agent.AgentSessions agents = new dev.lanes.agent.AgentSessions(sessions, store, agentEnvironment,
                dataHome.resolve("hooks"));
        // Reviews looks profiles up off the FX thread (each round), so it reads them from the store
        dev.lanes.review.Reviews reviews = new dev.lanes.review.Reviews(agents, sessions, git, store, profiles::find);
        return new AppServices(dataHome, git, new dev.lanes.task.ExecutorTaskRunner(3, callbacks),
                new SettingsStore(dataHome), new Desktop(), store, sessions, agents, lock.get(), profiles, new AgentDetector(),
                new dev.lanes.investigate.Investigations(agents, sessions, store, profiles::find),
                new dev.lanes.pipeline.Pipelines(agents, sessions, store, profiles::find),
                new dev.lanes.compare.Comparisons(agents, sessions, git, store), reviews);
    }

    /** Where session logs go. */
    public static Path sessionLogs(Path dataHome) {
        return dataHome.resolve("logs").resolve("sessions");
    }

    @Override
    public void close() {
        // stop every running session before the store that records their ends
        agents.close();
        sessions.close();
        settingsStore.close();
        tasks.close();
        git.close();
        store.close();
        try {
            instanceLock.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(AppServices.class).warn("Could not release the instance lock", e);
        }
    }
}
