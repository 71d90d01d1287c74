package dev.lanes.e2e;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.pipeline.Pipeline;
import dev.lanes.pipeline.Pipelines;
import dev.lanes.pipeline.Stage;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A two-stage pipeline with the real Claude Code CLI against the scripted model server: stage 2's
 * prompt reaches the server only once stage 1 has succeeded (and carries its report); when stage 1
 * fails, stage 2 never starts; a stage left running by a Lanes that ended is interrupted, and the
 * pipeline resumes from it.
 */
class PipelineE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Instant classStart;

    @TempDir
    Path tmp;

    private AgentRig rig;
    private ScriptedModelServer server;
    private TestRepo repo;
    private Store store;
    private Pipelines pipelines;

    @BeforeAll
    static void start() {
        classStart = Instant.now().minusSeconds(1);
    }

    @BeforeEach
    void setUp() {
        rig = new AgentRig(tmp);
        server = rig.server;
        store = rig.store;
        repo = TestRepo.create(tmp, "repo");
        repo.write("src/calc.py", "def add(a, b):\n    pass\n").commitAll("calc");
        pipelines = new Pipelines(rig.agents, rig.sessions, store, AgentRig::profiles);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @AfterAll
    static void leavesNoProcess() throws IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(classStart);
        assertTrue(left.isEmpty(), "Claude Code processes left running: " + left);
    }

    private Pipelines.Request twoStages() {
        return new Pipelines.Request(repo.root(), repo.root(), "", List.of(
                new Pipelines.StageSpec("implementation", "STAGE-ONE implement add() in src/calc.py", "", ""),
                new Pipelines.StageSpec("tests", "STAGE-TWO write tests for add()", "", "")),
                BuiltInProfiles.CLAUDE, "", "");
    }

    @Test
    void stageTwoStartsOnlyAfterStageOneSucceeded() throws Exception {
        Path calc = repo.root().resolve("src/calc.py");
        Path test = repo.root().resolve("tests/test_calc.py");
        List<String> stageOneWhenTwoAsked = new CopyOnWriteArrayList<>();
        server.respondWith(r -> {
            String first = r.messages().isEmpty() ? "" : r.messages().get(0).toString();
            if (first.contains("STAGE-TWO")) {
                if (AgentRig.turns(r) == 0) {
                    // what the store says about stage 1 at the moment stage 2's prompt arrives
                    store.pipelines(repo.root()).forEach(p -> stageOneWhenTwoAsked.add(store.stages(p.id()).get(0).state().name()));
                    return Reply.toolUse("Write", Map.of("file_path", test.toString(), "content", "assert add(1, 2) == 3\n"));
                }
                return Reply.text("STAGE-TWO-REPORT tests written.");
            }
            if (first.contains("STAGE-ONE")) {
                return AgentRig.turns(r) == 0
                        ? Reply.toolUse("Write", Map.of("file_path", calc.toString(), "content", "def add(a, b):\n    return a + b\n"))
                        : Reply.text("STAGE-ONE-REPORT add() returns a + b.");
            }
            return Reply.text("Nothing scripted.");
        });

        Pipeline started = pipelines.start(twoStages());
        assertEquals("implementation → tests", started.name());
        Pipeline done = pipelines.whenEnded(started.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(Pipeline.State.DONE, done.state(), done.problem() + "\n" + server.summary());
        assertEquals(List.of("SUCCEEDED"), stageOneWhenTwoAsked, "stage 2's prompt came once stage 1 had succeeded");
        List<ScriptedModelServer.Request> conversation = server.conversation();
        int firstTwo = indexOfFirst(conversation, "STAGE-TWO");
        assertEquals(2, firstTwo, "stage 1's two requests came first: " + server.summary());
        String stageTwoPrompt = conversation.get(firstTwo).lastUserText();
        assertTrue(stageTwoPrompt.contains("STAGE-TWO write tests for add()")
                && stageTwoPrompt.contains("STAGE-ONE-REPORT add() returns a + b."), "stage 2 gets stage 1's report: " + stageTwoPrompt);
        assertEquals("def add(a, b):\n    return a + b\n", Files.readString(calc));
        assertEquals("assert add(1, 2) == 3\n", Files.readString(test));
        List<Stage> stages = pipelines.stages(done.id());
        assertEquals(List.of(Stage.State.SUCCEEDED, Stage.State.SUCCEEDED), stages.stream().map(Stage::state).toList());
        assertEquals("STAGE-TWO-REPORT tests written.", stages.get(1).result());
        assertTrue(stages.get(0).sessionId() != stages.get(1).sessionId(), "each stage is a session of its own");
    }

    @Test
    void whenStageOneFailsStageTwoNeverStarts() throws Exception {
        server.respondWith(r -> Reply.error(400, "invalid_request_error", "SCRIPTED-FAILURE the implementation broke"));

        Pipeline started = pipelines.start(twoStages());
        Pipeline failed = pipelines.whenEnded(started.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(Pipeline.State.FAILED, failed.state());
        assertTrue(failed.problem().startsWith("Stopped at stage 1 (implementation): "), failed.problem());
        List<Stage> stages = pipelines.stages(failed.id());
        assertEquals(List.of(Stage.State.FAILED, Stage.State.WAITING), stages.stream().map(Stage::state).toList());
        assertEquals(0, stages.get(1).sessionId(), "stage 2 has no session");
        assertEquals(-1, indexOfFirst(server.conversation(), "STAGE-TWO"), "stage 2's prompt never reached the server");
        assertEquals(1, rig.sessions.sessions(repo.root()).size(), "one session: stage 1's");
    }

    @Test
    void aStageRunningWhenLanesEndedIsInterruptedAndThePipelineResumesFromIt() throws Exception {
        // as a Lanes that ended while stage 2 ran left it in the store: stage 1 done, stage 2 running in a session gone
        Pipeline left = store.createPipeline(new Pipeline(0, repo.root(), repo.root(), "implementation → tests",
                Pipeline.State.RUNNING, "", Instant.now()), List.of(
                new Stage(0, 0, "implementation", "STAGE-ONE implement", BuiltInProfiles.CLAUDE, "", "acceptEdits",
                        Stage.State.SUCCEEDED, 0, "STAGE-ONE-REPORT done before the restart.", ""),
                new Stage(0, 1, "tests", "STAGE-TWO write tests", BuiltInProfiles.CLAUDE, "", "acceptEdits",
                        Stage.State.RUNNING, 4242, "", "")));
        Pipeline interrupted = pipelines.pipelines(repo.root()).get(0);
        assertEquals(Pipeline.State.INTERRUPTED, interrupted.state());
        assertTrue(interrupted.problem().startsWith("Interrupted at stage 2 (tests)"), interrupted.problem());
        assertEquals(Stage.State.INTERRUPTED, pipelines.stages(left.id()).get(1).state());

        server.respondWith(r -> Reply.text("STAGE-TWO-REPORT resumed and done."));
        pipelines.resume(left.id());
        Pipeline done = pipelines.whenEnded(left.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(Pipeline.State.DONE, done.state(), done.problem());
        assertEquals(-1, indexOfFirst(server.conversation(), "STAGE-ONE implement"), "the stage that succeeded did not run again");
        assertTrue(server.conversation().get(0).lastUserText().contains("STAGE-ONE-REPORT done before the restart."));
        assertEquals("STAGE-TWO-REPORT resumed and done.", pipelines.stages(left.id()).get(1).result());
    }

    /** The index of the first conversation request whose first message holds {@code marker}, or -1. */
    private static int indexOfFirst(List<ScriptedModelServer.Request> requests, String marker) {
        for (int i = 0; i < requests.size(); i++) {
            if (!requests.get(i).messages().isEmpty() && requests.get(i).messages().get(0).toString().contains(marker)) {
                return i;
            }
        }
        return -1;
    }
}
