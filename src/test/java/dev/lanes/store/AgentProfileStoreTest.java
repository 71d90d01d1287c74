package dev.lanes.store;

import dev.lanes.agent.AgentProfiles;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentProfile.Mode;
import dev.lanes.model.AgentProfile.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agent profiles in the SQLite store: JSON rows that survive reopening, and damaged rows that never crash. */
class AgentProfileStoreTest {

    @TempDir
    Path home;

    static final String HOSTILE = "name 'q' \"dq\" $(touch pwned) `id` ✓ 日本語\nsecond line";

    static AgentProfile custom(String id, String name) {
        return new AgentProfile(id, name, "/opt/my agent/bin/agent", Mode.HEADLESS,
                List.of("run --json", "--prompt {prompt}", "--model {model}"), List.of("resume {resumeId} {prompt}"),
                OutputFormat.CODEX_JSON, false, List.of("version", "--short"), "Install it: pip install my-agent.", false);
    }

    private void insertRow(String id, String json) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve(Store.FILE_NAME).toUri());
             PreparedStatement p = c.prepareStatement("INSERT INTO agent_profiles(id, json, updated_at) VALUES (?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, json);
            p.setString(3, "2026-01-01T00:00:00Z");
            p.executeUpdate();
        }
    }

    @Test
    void editedBuiltInAndCustomProfilesRoundTripAcrossReopening() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        AgentProfile edited = new AgentProfile(claude.id(), "Claude (work)", "/usr/local/bin/claude", Mode.HEADLESS,
                List.of("-p {prompt}", "--output-format stream-json --verbose", "--model {model}", "--add-dir ../shared"),
                claude.followUp(), claude.output(), true, List.of("--version"), claude.installHint(), true);
        AgentProfile a = custom("custom-aaaa", HOSTILE);
        AgentProfile b = custom("custom-bbbb", "Second");
        try (Store store = Store.open(home)) {
            store.saveProfile(a);
            store.saveProfile(edited);
            store.saveProfile(b);
            assertEquals(List.of(a, edited, b), store.storedProfiles());
        }
        try (Store store = Store.open(home)) {
            assertEquals(List.of(a, edited, b), store.storedProfiles());
            // an update keeps the row's place; a delete removes only that row
            AgentProfile renamed = custom("custom-aaaa", "Renamed");
            store.saveProfile(renamed);
            assertEquals(List.of(renamed, edited, b), store.storedProfiles());
            store.deleteProfile("custom-bbbb");
            store.deleteProfile("no-such-id");
            assertEquals(List.of(renamed, edited), store.storedProfiles());
        }
    }

    @Test
    void damagedRowsAreSkippedAndTheRestStillLoad() throws Exception {
        try (Store store = Store.open(home)) {
            store.saveProfile(custom("custom-good", "Good"));
        }
        insertRow("custom-notjson", "{not json");
        insertRow("custom-array", "[1, 2, 3]");
        insertRow("custom-noname", "{\"executable\": \"x\", \"firstRun\": [\"{prompt}\"]}");
        insertRow("custom-noexe", "{\"name\": \"No executable\"}");
        insertRow("custom-empty", "");
        insertRow("custom-null", "null");
        try (Store store = Store.open(home)) {
            List<AgentProfile> stored = store.storedProfiles();
            assertEquals(List.of("custom-good"), stored.stream().map(AgentProfile::id).toList());
            // and the service built on it still offers every built-in, then the readable custom profile
            List<AgentProfile> effective = new AgentProfiles(store).effective();
            assertEquals(BuiltInProfiles.all().size() + 1, effective.size());
            assertEquals("Good", effective.get(effective.size() - 1).name());
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesFallBackToTheShippedProfile() throws Exception {
        try (Store store = Store.open(home)) {
            store.storedProfiles(); // creates the schema
        }
        // a built-in edited by a newer Lanes: only a new name, an extra field, an output format this version does not know
        insertRow(BuiltInProfiles.CODEX, "{\"format\": 7, \"name\": \"Codex (edited)\", \"colour\": \"teal\", "
                + "\"output\": \"CODEX_JSON_V9\", \"firstRun\": [\"exec --json\", 42, \"{prompt}\"]}");
        // a custom profile with the least there can be
        insertRow("custom-min", "{\"name\": \"Minimal\", \"executable\": \"my-agent\"}");
        try (Store store = Store.open(home)) {
            List<AgentProfile> stored = store.storedProfiles();
            AgentProfile codex = stored.get(0);
            AgentProfile shipped = BuiltInProfiles.get(BuiltInProfiles.CODEX);
            assertEquals("Codex (edited)", codex.name());
            assertEquals(shipped.executable(), codex.executable());
            assertEquals(shipped.output(), codex.output(), "an unknown format falls back to the shipped one");
            assertEquals(List.of("exec --json", "{prompt}"), codex.firstRun(), "a non-string group is left out");
            assertEquals(shipped.followUp(), codex.followUp());
            assertTrue(codex.builtIn());

            AgentProfile min = stored.get(1);
            assertEquals(new AgentProfile("custom-min", "Minimal", "my-agent", Mode.HEADLESS, List.of(), List.of(),
                    OutputFormat.TEXT, false, List.of("--version"), "", false), min);
        }
    }

    @Test
    void aRowCannotClaimToBeBuiltIn() throws Exception {
        try (Store store = Store.open(home)) {
            store.saveProfile(custom("custom-x", "X"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve(Store.FILE_NAME).toUri());
             PreparedStatement p = c.prepareStatement("UPDATE agent_profiles SET json = json_set(json, '$.builtIn', json('true'))")) {
            p.executeUpdate();
        }
        try (Store store = Store.open(home)) {
            assertFalse(store.storedProfiles().get(0).builtIn());
        }
    }
}
