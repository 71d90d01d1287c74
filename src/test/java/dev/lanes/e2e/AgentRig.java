package dev.lanes.e2e;

import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentProfile;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What an end-to-end test of agent sessions stands on: the scripted model server, the real Claude
 * Code CLI with a temp HOME, a real store, sessions and agent sessions in a temp folder, and git.
 */
final class AgentRig implements AutoCloseable {

    final ScriptedModelServer server = ScriptedModelServer.start();
    final ClaudeCli cli;
    final GitService git = new GitService();
    private final Path data;
    Store store;
    SessionManager sessions;
    AgentSessions agents;

    AgentRig(Path tmp) {
        cli = new ClaudeCli(tmp.resolve("home"), server);
        data = tmp.resolve("lanes");
        open();
    }

    private void open() {
        store = Store.open(data);
        sessions = new SessionManager(store, data.resolve("logs"));
        agents = new AgentSessions(sessions, store, cli.environment());
    }

    /** Closes the store, sessions and agents and opens them again, as a restarted Lanes would. */
    void restart() {
        closeLanes();
        open();
    }

    /** Finds the shipped Claude Code profile (running the CLI installed for the tests) by id. */
    static Optional<AgentProfile> profiles(String id) {
        return id.equals(BuiltInProfiles.CLAUDE) ? Optional.of(ClaudeCli.profile()) : Optional.empty();
    }

    /** How many assistant turns a request's conversation has had (0: its first request). */
    static long turns(ScriptedModelServer.Request r) {
        return r.messages().stream().filter(m -> "assistant".equals(m.get("role").getAsString())).count();
    }

    private void closeLanes() {
        agents.close();
        sessions.close();
        store.close();
    }

    @Override
    public void close() {
        closeLanes();
        git.close();
        cli.stopAll();
        server.close();
    }
}
