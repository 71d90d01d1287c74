package dev.lanes.fanout;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-only question's command line and its refusals (the real CLI: AgentFileQuestionE2ETest). */
class AgentFileQuestionTest {

    @TempDir
    Path tmp;

    @Test
    void claudeCodeIsAskedWithReadToolsOnlyInPlanMode() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        String question = "list files with $(touch pwned) \"quotes\"";
        List<String> argv = AgentFileQuestion.argv(claude, tmp, question, "sonnet", 0.25, "0f8fad5b-d9cb-469f-a165-70867728950e");
        assertEquals(List.of("claude", "--tools", "Read,Grep,Glob", "-p", AgentFileQuestion.prompt(tmp, question),
                "--output-format", "stream-json", "--verbose", "--session-id", "0f8fad5b-d9cb-469f-a165-70867728950e",
                "--permission-mode", "plan", "-n", "lanes: which files?", "--model", "sonnet", "--max-budget-usd", "0.25"), argv);
        assertTrue(argv.get(4).contains(question), "the question is one argument, as written");
    }

    @Test
    void otherAgentsAnEmptyQuestionOrABadBudgetAreRefusedAtOnce() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        IllegalArgumentException codex = assertThrows(IllegalArgumentException.class,
                () -> AgentFileQuestion.argv(BuiltInProfiles.get(BuiltInProfiles.CODEX), tmp, "which?", "", null, "s"));
        assertEquals("Codex cannot be asked for files yet: Lanes keeps only Claude Code (headless) read-only. Choose the Claude Code profile.",
                codex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AgentFileQuestion.argv(BuiltInProfiles.get(BuiltInProfiles.CLAUDE_INTERACTIVE), tmp, "which?", "", null, "s"));
        assertEquals("Write a question, such as “list all Python files that use the old logging API”.",
                assertThrows(IllegalArgumentException.class, () -> AgentFileQuestion.argv(claude, tmp, "  ", "", null, "s")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentFileQuestion.argv(claude, tmp, "which?", "", 0.0, "s"));
        AgentProfile noMode = new AgentProfile("c2", "Claude (edited)", "claude", AgentProfile.Mode.HEADLESS,
                List.of("-p {prompt}", "--output-format stream-json --verbose"), List.of(),
                AgentProfile.OutputFormat.CLAUDE_STREAM_JSON, true, List.of(), "", false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AgentFileQuestion.argv(noMode, tmp, "which?", "", null, "s"))
                .getMessage().contains("cannot keep its answer read-only"));
    }

    @Test
    void aMissingAgentIsAnAnswerThatSaysHowToInstallIt() throws Exception {
        AgentProfile p = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        AgentProfile missing = p.withExecutable(tmp.resolve("no-such-claude").toString());
        try (AgentFileQuestion q = new AgentFileQuestion(Map.of(), null)) {
            AgentFileQuestion.Answer a = q.ask(missing, tmp, "which?", null, null).get(20, TimeUnit.SECONDS);
            assertFalse(a.ok());
            assertEquals("Claude Code is not installed here: “" + tmp.resolve("no-such-claude") + "” was not found. " + p.installHint(),
                    a.problem());
        }
    }
}
