package dev.lanes.fanout;

import dev.lanes.model.AgentProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Scripts and profiles for the fan-out tests. */
final class FanoutTestSupport {

    private FanoutTestSupport() {
    }

    static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /**
     * A stand-in for Claude Code: the shipped profile's first-run groups, another executable (a script that
     * prints stream-json result lines).
     */
    static AgentProfile standIn(Path executable) {
        return new AgentProfile("stand-in", "Stand-in agent", executable.toString(), AgentProfile.Mode.HEADLESS,
                List.of("-p {prompt}", "--output-format stream-json --verbose", "--session-id {sessionId}",
                        "--permission-mode {permissionMode}", "--model {model}", "--max-budget-usd {budget}"),
                List.of(), AgentProfile.OutputFormat.CLAUDE_STREAM_JSON, true, List.of(), "", false);
    }

    static String result(double cost, boolean isError, int apiErrorStatus) {
        return "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":" + isError + ",\"result\":\""
                + (isError ? "API Error" : "ok") + "\",\"total_cost_usd\":" + cost + ",\"num_turns\":1,\"duration_ms\":5,"
                + "\"session_id\":\"s\"" + (apiErrorStatus > 0 ? ",\"api_error_status\":" + apiErrorStatus : "") + "}";
    }

    /** Every file or folder under {@code root} named "pwned" or "pwned2" (what the hostile names would create if a shell read them). */
    static List<Path> pwned(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().matches("pwned2?"))
                    .toList();
        }
    }
}
