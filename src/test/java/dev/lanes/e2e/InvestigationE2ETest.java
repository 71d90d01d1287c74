package dev.lanes.e2e;

import com.google.gson.JsonObject;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.investigate.Investigation;
import dev.lanes.investigate.Investigations;
import dev.lanes.investigate.Question;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parallel investigation with the real Claude Code CLI against the scripted model server: three
 * questions run at once as read-only sessions (one tries to write a file: refused, nothing appears),
 * then a combine session whose request holds the three answers; everything is read back from a
 * reopened store. A failed question is reported and the combine runs over the rest.
 */
class InvestigationE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String COMBINE_ASK = "Summarise how these answers relate";
    private static Instant classStart;

    @TempDir
    Path tmp;

    private AgentRig rig;
    private ScriptedModelServer server;
    private TestRepo repo;
    private Investigations investigations;

    @BeforeAll
    static void start() {
        classStart = Instant.now().minusSeconds(1);
    }

    @BeforeEach
    void setUp() {
        rig = new AgentRig(tmp);
        server = rig.server;
        repo = TestRepo.create(tmp, "repo");
        repo.write("src/auth.py", "def login(token):\n    return token == 'ok'\n")
                .write("src/orders.py", "from auth import login\n\ndef place(order, token):\n    assert login(token)\n")
                .commitAll("app");
        investigations = new Investigations(rig.agents, rig.sessions, rig.store, AgentRig::profiles);
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

    private Investigation run(List<String> questions) throws Exception {
        Investigation started = investigations.start(new Investigations.Request(repo.root(), repo.root(), questions,
                ClaudeCli.profile(), "", null));
        assertEquals(Investigation.State.ASKING, started.state());
        return investigations.whenEnded(started.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void threeQuestionsAtOnceThenACombineOverTheirAnswersAllKeptInTheStore() throws Exception {
        Path pwned = repo.root().resolve("pwned.txt");
        server.respondWith(r -> {
            String body = r.body();
            if (body.contains(COMBINE_ASK)) {
                return Reply.text("COMBINED: orders call login() from auth; both rest on the token check.");
            }
            if (body.contains("QUESTION-AUTH")) {
                return AgentRig.turns(r) == 0 ? Reply.toolUse("Write", Map.of("file_path", pwned.toString(), "content", "pwned\n"))
                        : Reply.text("ANSWER-AUTH: login() in src/auth.py:1 compares the token.");
            }
            if (body.contains("QUESTION-ORDERS")) {
                return Reply.text("ANSWER-ORDERS: place() in src/orders.py:3 asserts login(token).");
            }
            if (body.contains("QUESTION-TESTS")) {
                return Reply.text("ANSWER-TESTS: there are no tests yet.");
            }
            return Reply.text("Nothing scripted.");
        });
        List<String> questions = List.of("QUESTION-AUTH how does authentication work",
                "QUESTION-ORDERS how are orders processed", "QUESTION-TESTS what is tested");

        Investigation done = run(questions);

        assertEquals(Investigation.State.DONE, done.state(), done.problem() + "\n" + server.summary());
        assertEquals("COMBINED: orders call login() from auth; both rest on the token check.", done.summary());
        List<ScriptedModelServer.Request> combine = server.conversation().stream()
                .filter(r -> r.lastUserText().contains(COMBINE_ASK)).toList();
        assertEquals(1, combine.size(), "one combine request");
        String combinePrompt = combine.get(0).lastUserText();
        for (String answer : List.of("ANSWER-AUTH: login() in src/auth.py:1 compares the token.",
                "ANSWER-ORDERS: place() in src/orders.py:3 asserts login(token).", "ANSWER-TESTS: there are no tests yet.")) {
            assertTrue(combinePrompt.contains(answer), "the combine request holds " + answer + ":\n" + combinePrompt);
        }
        for (String q : questions) {
            assertTrue(combinePrompt.contains(q), combinePrompt);
        }
        // the combine came after every answer
        long lastAnswer = server.conversation().stream().filter(r -> !r.lastUserText().contains(COMBINE_ASK)).count();
        assertEquals(lastAnswer, server.conversation().indexOf(combine.get(0)), server.summary());

        // the investigator's Write was refused: no such tool, no file
        ScriptedModelServer.Request afterWrite = server.conversation().stream()
                .filter(r -> r.body().contains("QUESTION-AUTH") && !r.body().contains(COMBINE_ASK) && AgentRig.turns(r) == 1)
                .findFirst().orElseThrow(() -> new AssertionError(server.summary()));
        JsonObject refused = afterWrite.toolResults().get(0);
        assertTrue(refused.get("is_error").getAsBoolean() && refused.toString().contains("No such tool available: Write"),
                refused.toString());
        assertFalse(Files.exists(pwned), "the read-only investigator wrote nothing");
        assertEquals("", TestRepo.gitIn(repo.root(), "status", "--porcelain"));
        List<String> argv = rig.sessions.session(investigations.questions(done.id()).get(0).sessionId()).orElseThrow().argv();
        assertTrue(argv.contains("--tools=Read,Grep,Glob") && argv.contains("plan"), argv.toString());

        // everything survives a restart: reopen the store and read it back
        rig.restart();
        Investigations reopened = new Investigations(rig.agents, rig.sessions, rig.store, id -> Optional.empty());
        List<Investigation> all = reopened.investigations(repo.root());
        assertEquals(1, all.size());
        assertEquals(done.summary(), all.get(0).summary());
        assertEquals(Investigation.State.DONE, all.get(0).state());
        List<Question> stored = reopened.questions(done.id());
        assertEquals(questions, stored.stream().map(Question::text).toList());
        assertEquals(List.of("ANSWER-AUTH: login() in src/auth.py:1 compares the token.",
                "ANSWER-ORDERS: place() in src/orders.py:3 asserts login(token).", "ANSWER-TESTS: there are no tests yet."),
                stored.stream().map(Question::answer).toList());
        assertTrue(stored.stream().allMatch(q -> q.state() == Question.State.ANSWERED), stored.toString());
    }

    @Test
    void aFailedQuestionIsReportedAndTheCombineRunsOverTheOthers() throws Exception {
        server.respondWith(r -> {
            String body = r.body();
            if (body.contains(COMBINE_ASK)) {
                return Reply.text("COMBINED over what answered.");
            }
            if (body.contains("QUESTION-BROKEN")) {
                return Reply.error(400, "invalid_request_error", "SCRIPTED-FAILURE this question cannot be answered");
            }
            return Reply.text("ANSWER-FINE: it works.");
        });

        Investigation done = run(List.of("QUESTION-FINE how does it work", "QUESTION-BROKEN what breaks"));

        assertEquals(Investigation.State.DONE, done.state(), done.problem());
        List<Question> qs = investigations.questions(done.id());
        assertEquals(Question.State.ANSWERED, qs.get(0).state());
        assertEquals(Question.State.FAILED, qs.get(1).state());
        assertFalse(qs.get(1).problem().isBlank(), "the failure is reported");
        String combinePrompt = server.conversation().stream().map(ScriptedModelServer.Request::lastUserText)
                .filter(t -> t.contains(COMBINE_ASK)).findFirst().orElseThrow(() -> new AssertionError(server.summary()));
        assertTrue(combinePrompt.contains("ANSWER-FINE: it works."), combinePrompt);
        assertTrue(combinePrompt.contains("No answer: this investigation failed") && combinePrompt.contains("Say that question 2 has no answer."),
                combinePrompt);
    }
}
