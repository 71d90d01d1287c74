package dev.lanes.pipeline;

import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each stage's own agent and model, with stand-in agents (a script printing Claude Code's
 * stream-json) on a real repository: they reach the stage records and the commands of the sessions
 * the stages run.
 */
class PipelinesTest {

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private AgentProfile claude;
    private AgentProfile other;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(tmp, "repo");
        store = Store.open(tmp.resolve("lanes"));
        sessions = new SessionManager(store, tmp.resolve("lanes/logs"));
        Path output = tmp.resolve("out.jsonl");
        Files.writeString(output, "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"conv-1\",\"tools\":[]}\n"
                + "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"Done.\",\"total_cost_usd\":0.01,"
                + "\"session_id\":\"conv-1\"}\n");
        agents = new AgentSessions(sessions, store, Map.of("LANES_FAKE_OUT", output.toString()));
        Path script = tmp.resolve("fake-claude");
        Files.writeString(script, "#!/bin/sh\ncat \"$LANES_FAKE_OUT\"\n");
        assertTrue(script.toFile().setExecutable(true));
        claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE).withExecutable(script.toString());
        AgentProfile c = claude;
        // a second agent: the same stand-in under another profile
        other = new AgentProfile("claude-other", "Other Claude", script.toString(), c.mode(), c.firstRun(), c.followUp(),
                c.output(), c.costFromResult(), c.versionArgs(), c.installHint(), false);
    }

    @AfterEach
    void tearDown() {
        agents.close();
        sessions.close();
        store.close();
    }

    private Optional<AgentProfile> profile(String id) {
        return id.equals(claude.id()) ? Optional.of(claude) : id.equals(other.id()) ? Optional.of(other) : Optional.empty();
    }

    @Test
    void eachStagesAgentAndModelReachItsRecordAndItsSession() throws Exception {
        Pipelines pipelines = new Pipelines(agents, sessions, store, this::profile);
        Pipeline p = pipelines.start(new Pipelines.Request(repo.root(), repo.root(), "", List.of(
                new Pipelines.StageSpec("implementation", "implement", "", ""),
                new Pipelines.StageSpec("tests", "test", "claude-other", "model-two"),
                new Pipelines.StageSpec("documentation", "document", "claude-other", ""),
                new Pipelines.StageSpec("review", "review", "", "")),
                claude.id(), "model-one", ""));
        Pipeline done = pipelines.whenEnded(p.id()).get(30, TimeUnit.SECONDS);
        assertEquals(Pipeline.State.DONE, done.state(), done.problem());

        List<Stage> stages = pipelines.stages(p.id());
        assertEquals(List.of("claude", "claude-other", "claude-other", "claude"), stages.stream().map(Stage::profileId).toList());
        // a stage on another agent with no model of its own asks for that agent's default, not the pipeline's model
        assertEquals(List.of("model-one", "model-two", "", "model-one"), stages.stream().map(Stage::model).toList());
        List<String> asked = stages.stream().map(s -> modelArgument(sessions.session(s.sessionId()).orElseThrow().argv())).toList();
        assertEquals(List.of("model-one", "model-two", "(none)", "model-one"), asked);
    }

    private static String modelArgument(List<String> argv) {
        int i = argv.indexOf("--model");
        return i < 0 ? "(none)" : argv.get(i + 1);
    }
}
