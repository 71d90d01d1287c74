package dev.lanes.agent;

import dev.lanes.model.AgentProfile;

import java.util.List;

/**
 * Where edited and custom agent profiles are kept (implemented by {@code dev.lanes.store.Store}).
 * Only what the person changed is stored: a built-in profile without a stored row is its shipped
 * version. Every method may block for a few milliseconds: call it off the FX thread.
 */
public interface AgentProfileStore {

    /**
     * The stored profiles, oldest first. A row that cannot be read (damaged JSON, no name, no
     * executable) is left out and logged, never thrown.
     */
    List<AgentProfile> storedProfiles();

    /** Stores a profile under its id (insert or replace; its place in the order is kept). */
    void saveProfile(AgentProfile profile);

    /** Removes the stored profile with this id; nothing happens when there is none. */
    void deleteProfile(String id);
}
