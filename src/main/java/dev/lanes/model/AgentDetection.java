package dev.lanes.model;

import java.nio.file.Path;

/**
 * Whether an agent's program is installed here, and which version.
 *
 * @param found   the program was found and may be run
 * @param path    where it was found (null when it was not)
 * @param version the first line of its version output that holds a version number ("2.1.332 (Claude
 *                Code)"); empty when it printed none, failed, or did not answer in time
 * @param message one or two sentences for the person: where it is and its version, or what is
 *                missing and how to install it, or why its version is unknown
 */
public record AgentDetection(boolean found, Path path, String version, String message) {

    public AgentDetection {
        version = version == null ? "" : version;
        message = message == null ? "" : message;
    }

    /** Found, and it told its version. */
    public boolean hasVersion() {
        return found && !version.isEmpty();
    }
}
