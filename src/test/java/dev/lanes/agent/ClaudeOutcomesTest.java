package dev.lanes.agent;

import dev.lanes.model.AgentEvent;
import dev.lanes.model.AgentOutcome;
import dev.lanes.model.AgentOutcome.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaudeOutcomesTest {

    private static AgentEvent.Result result(boolean isError, String subtype, String text, List<String> errors, double cost) {
        return new AgentEvent.Result(isError, subtype, text, errors, cost, 1, 100, "s", 0);
    }

    private static AgentEvent.Result lastResult(String fixture) {
        StreamJsonOutput out = new StreamJsonOutput(e -> { });
        out.output(ClaudeStreamJsonParserTest.fixture(fixture), false);
        out.finish();
        return out.result();
    }

    @Test
    void successComesFromIsErrorNotFromTheSubtype() {
        AgentOutcome ok = ClaudeOutcomes.classify(result(false, "success", "All done.", List.of(), 0.25), 0, false, "");
        assertEquals(new AgentOutcome(Kind.SUCCEEDED, "All done.", "", 0.25), ok);
        assertTrue(ok.succeeded());

        AgentOutcome apiError = ClaudeOutcomes.classify(lastResult("server-error-500.jsonl"), 1, false, "");
        assertEquals(Kind.FAILED, apiError.kind());
        assertTrue(apiError.message().startsWith("API Error: 500"), apiError.message());

        // an unknown subtype of a successful run is still a success
        assertEquals(Kind.SUCCEEDED, ClaudeOutcomes.classify(result(false, "error_something_new", "", List.of(), 0), 0, false, "").kind());
    }

    @Test
    void exitOneWithAResultShowsTheResultText() {
        AgentOutcome o = ClaudeOutcomes.classify(result(true, "error_during_execution", "Tool crashed", List.of(), 0.1), 1, false,
                "some stderr");
        assertEquals(new AgentOutcome(Kind.FAILED, "Tool crashed", "", 0.1), o);
        AgentOutcome onlyErrors = ClaudeOutcomes.classify(result(true, "error_max_turns", "", List.of("Reached max turns (3)"), 0), 1,
                false, "");
        assertEquals("Reached max turns (3)", onlyErrors.message());
        AgentOutcome nothing = ClaudeOutcomes.classify(result(true, "error_max_turns", "", List.of(), 0), 1, false, "");
        assertEquals("Claude Code reported an error (error_max_turns).", nothing.message());
        AgentOutcome fromStderr = ClaudeOutcomes.classify(result(true, "error_during_execution", "", List.of(), 0), 1, false,
                "Something broke\n");
        assertEquals("Something broke", fromStderr.message());
    }

    @Test
    void recordedFailuresOfFollowUpsAndTurnLimits() {
        AgentOutcome unknown = ClaudeOutcomes.classify(lastResult("resume-unknown-session.jsonl"), 1, false, "");
        assertEquals(Kind.FAILED, unknown.kind());
        assertTrue(unknown.message().startsWith("No conversation found with session ID: "), unknown.message());
        AgentOutcome turns = ClaudeOutcomes.classify(lastResult("max-turns.jsonl"), 1, false, "");
        assertEquals(new AgentOutcome(Kind.FAILED, "Reached maximum number of turns (1)", "", turns.costUsd()), turns);
        assertTrue(turns.costUsd() > 0);
    }

    @Test
    void theBudgetSubtypeIsBudgetReached() {
        AgentOutcome o = ClaudeOutcomes.classify(lastResult("budget.jsonl"), 1, false, "");
        assertEquals(Kind.BUDGET_REACHED, o.kind());
        assertEquals("budget reached", o.kind().label());
        assertEquals("Budget reached: Reached maximum budget ($0.0001)", o.message());
        assertTrue(o.costUsd() > 0);
        assertTrue(o.hint().contains("budget"));
    }

    @Test
    void notLoggedInComesWithTheLoginHint() {
        AgentOutcome o = ClaudeOutcomes.classify(lastResult("not-logged-in.jsonl"), 1, false, "");
        assertEquals(Kind.NOT_LOGGED_IN, o.kind());
        assertEquals("Not logged in · Please run /login", o.message());
        assertTrue(o.hint().contains("/login") && o.hint().contains("ANTHROPIC_API_KEY"), o.hint());
        assertEquals(Kind.NOT_LOGGED_IN,
                ClaudeOutcomes.classify(result(true, "success", "Invalid API key · Please run /login", List.of(), 0), 1, false, "").kind());
    }

    @Test
    void withoutAResultExit143IsStoppedAndOtherExitsFail() {
        assertEquals(new AgentOutcome(Kind.STOPPED, "Stopped.", "", 0), ClaudeOutcomes.classify(null, 143, false, ""));
        assertEquals(Kind.STOPPED, ClaudeOutcomes.classify(null, 137, true, "").kind(), "a stop that needed SIGKILL");
        assertEquals(Kind.STOPPED, ClaudeOutcomes.classify(lastResult("stopped.jsonl"), 143, true, "").kind());

        AgentOutcome root = ClaudeOutcomes.classify(null, 1, false,
                "\n--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons\n\n");
        assertEquals(new AgentOutcome(Kind.FAILED, "Claude Code exited with code 1: --dangerously-skip-permissions cannot be used "
                + "with root/sudo privileges for security reasons", "", 0), root);
        assertEquals("Claude Code exited with code 2.", ClaudeOutcomes.classify(null, 2, false, null).message());
        assertEquals("Claude Code ended without a result.", ClaudeOutcomes.classify(null, 0, false, "").message());
    }

    @Test
    void aResultDecidesEvenWhenTheProcessWasStoppedAfterIt() {
        assertEquals(Kind.SUCCEEDED, ClaudeOutcomes.classify(result(false, "success", "ok", List.of(), 0), 143, true, "").kind());
    }
}
