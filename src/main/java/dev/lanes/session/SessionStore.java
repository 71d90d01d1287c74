package dev.lanes.session;

import dev.lanes.model.SessionRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What sessions need from the app's store (implemented by {@code dev.lanes.store.Store}). */
public interface SessionStore extends dev.lanes.lane.LanePorts.Store {

    /** Stores a new session; returns it with its id. */
    SessionRecord insert(SessionRecord record);

    void update(SessionRecord record);

    Optional<SessionRecord> session(long id);

    /** Sessions of one repository, oldest first. */
    List<SessionRecord> sessions(Path repository);

    /** Marks every starting or running session interrupted; returns them as they are now. */
    List<SessionRecord> markLiveAsInterrupted(Instant now);

    /** Removes a session's row, and its agent row if any. */
    void delete(long id);

    /** Writes the agent side of a session (insert or replace). */
    void saveAgent(dev.lanes.model.AgentSession agent);

    /** The agent sides of a repository's sessions. */
    List<dev.lanes.model.AgentSession> agentSessions(Path repository);

    /** The named resources a session holds while it runs (it waits for them first), in name order. */
    List<String> sessionResources(long id);

    /** Replaces the named resources of a session. */
    void saveSessionResources(long id, List<String> names);
}
