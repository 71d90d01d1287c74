package dev.lanes.review;

import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review service's rules with a stand-in agent (a script printing Claude Code's stream-json) on
 * a real repository: nothing to review, a failed round run again under its number, an interrupted
 * round after a restart, a writer still at work, writers and reviewers Lanes cannot use.
 */
class ReviewsTest {

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private GitService git;
    private Path output;
    private AgentProfile fake;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(tmp, "repo");
        store = Store.open(tmp.resolve("lanes"));
        sessions = new SessionManager(store, tmp.resolve("lanes/logs"));
        output = tmp.resolve("out.jsonl");
        agents = new AgentSessions(sessions, store, Map.of("LANES_FAKE_OUT", output.toString()));
        git = new GitService();
        Path script = tmp.resolve("fake-claude");
        Files.writeString(script, "#!/bin/sh\ncat \"$LANES_FAKE_OUT\"\nexit $(cat \"$LANES_FAKE_OUT.exit\" 2>/dev/null || echo 0)\n");
        assertTrue(script.toFile().setExecutable(true));
        AgentProfile p = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        fake = p.withExecutable(script.toString());
    }

    @AfterEach
    void tearDown() {
        agents.close();
        sessions.close();
        store.close();
        git.close();
    }

    private Reviews reviews() {
        return new Reviews(agents, sessions, git, store, id -> id.equals(fake.id()) ? Optional.of(fake) : Optional.empty());
    }

    /** The stand-in's next run prints an init and a result with {@code text}; {@code error}: an API error, exit 1. */
    private void answer(String text, boolean error) throws Exception {
        com.google.gson.JsonObject r = new com.google.gson.JsonObject();
        r.addProperty("type", "result");
        r.addProperty("subtype", "success");
        r.addProperty("is_error", error);
        r.addProperty("result", text);
        r.addProperty("total_cost_usd", 0.01);
        r.addProperty("session_id", "conv-1");
        Files.writeString(output, "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"conv-1\",\"tools\":[]}\n" + r + "\n");
        Files.writeString(Path.of(output + ".exit"), error ? "1" : "0");
    }

    private SessionRecord writer() throws Exception {
        answer("Done.", false);
        SessionRecord s = agents.start(new AgentSessions.Request(repo.root(), repo.root(), "writer", fake, "work", "", "acceptEdits",
                null, null));
        agents.whenRunEnds(s.id()).orElseThrow().get(20, TimeUnit.SECONDS);
        return s;
    }

    private ReviewRound reviewed(Reviews reviews, long reviewId, int number) throws Exception {
        return reviews.whenReviewed(reviewId, number).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aWriterThatChangedNothingHasNothingToReview() throws Exception {
        Reviews reviews = reviews();
        Review review = reviews.create(Reviews.Request.of(writer().id(), fake));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reviews.startRound(review.id(), ReviewFocus.general()));
        assertEquals("The writer has changed nothing against main yet: there is nothing to review.", e.getMessage());
        assertEquals(List.of(), reviews.rounds(review.id()));
        assertEquals(3, reviews.roundsLeft(review.id()));
    }

    @Test
    void aFailedRoundSaysWhyAndRunsAgainUnderItsNumber() throws Exception {
        SessionRecord writer = writer();
        repo.write("README.md", "# changed\n");
        Reviews reviews = reviews();
        Review review = reviews.create(Reviews.Request.of(writer.id(), fake));

        answer("API Error: 500 scripted", true);
        reviews.startRound(review.id(), ReviewFocus.general());
        ReviewRound failed = reviewed(reviews, review.id(), 1);
        assertEquals(ReviewRound.State.FAILED, failed.state());
        assertTrue(failed.problem().startsWith("API Error: 500 scripted"), failed.problem());
        assertEquals(3, reviews.roundsLeft(review.id()), "a failed round does not use up the cap");
        assertEquals("Round 1 failed: run it again first.",
                assertThrows(IllegalStateException.class, () -> reviews.sendToWriter(review.id(), List.of())).getMessage());

        answer("- README.md:1 — the title lost its project name", false);
        ReviewRound again = reviews.startRound(review.id(), ReviewFocus.of("titles"));
        assertEquals(1, again.number());
        ReviewRound done = reviewed(reviews, review.id(), 1);
        assertEquals(ReviewRound.State.REVIEWED, done.state(), done.problem());
        assertEquals(List.of(new Finding(1, "README.md", 1, "the title lost its project name")), done.findings());
        assertEquals(failed.reviewerSessionId(), done.reviewerSessionId(), "the reviewer's session is continued");
        assertEquals(1, reviews.rounds(review.id()).size());
        assertEquals(2, reviews.roundsLeft(review.id()));

        assertEquals("Finding 7 is not one of round 1's.", assertThrows(IllegalArgumentException.class,
                () -> reviews.sendToWriter(review.id(), List.of(new Finding(7, null, null, "made up")))).getMessage());
    }

    @Test
    void theReviewerIsFlaggedForTheReviewPaneAndAWriterNamedLikeOneIsNot() throws Exception {
        answer("Done.", false);
        SessionRecord writer = agents.start(new AgentSessions.Request(repo.root(), repo.root(), "Review of x", fake, "work", "",
                "acceptEdits", null, null));
        agents.whenRunEnds(writer.id()).orElseThrow().get(20, TimeUnit.SECONDS);
        repo.write("README.md", "# changed\n");
        Reviews reviews = reviews();
        Review review = reviews.create(Reviews.Request.of(writer.id(), fake));
        answer("No findings.", false);
        reviews.startRound(review.id(), ReviewFocus.general());
        long reviewer = reviewed(reviews, review.id(), 1).reviewerSessionId();

        // read back after a restart: the flag is the session's, not its name's
        agents.close();
        sessions.close();
        store.close();
        store = Store.open(tmp.resolve("lanes"));
        sessions = new SessionManager(store, tmp.resolve("lanes/logs"));
        agents = new AgentSessions(sessions, store, Map.of("LANES_FAKE_OUT", output.toString()));
        SessionRecord reviewerBack = store.session(reviewer).orElseThrow();
        assertEquals("Review of Review of x", reviewerBack.name());
        assertEquals(dev.lanes.model.ShownIn.REVIEW, reviewerBack.shownIn());
        assertEquals(null, store.session(writer.id()).orElseThrow().shownIn(), "a writer the person named “Review of x”");
        assertFalse(store.session(writer.id()).orElseThrow().shownElsewhere());
    }

    @Test
    void aRoundTheReviewerWasWorkingOnWhenLanesEndedIsMarkedInterrupted() throws Exception {
        SessionRecord writer = writer();
        Reviews reviews = reviews();
        Review review = reviews.create(Reviews.Request.of(writer.id(), fake));
        WriterDiff diff = new WriterDiff("main", "abc", "def", "diff", List.of("README.md"));
        store.saveRound(new ReviewRound(review.id(), 1, ReviewFocus.general(), diff, null, 0, ReviewRound.State.REVIEWING, "",
                List.of(), Set.of(), "", "", Instant.now(), null));

        assertEquals(List.of(review), reviews().reviews(repo.root()));
        ReviewRound round = reviews.rounds(review.id()).get(0);
        assertEquals(ReviewRound.State.FAILED, round.state());
        assertTrue(round.problem().startsWith("Interrupted"), round.problem());
        assertEquals(List.of(review), reviews.reviewsOf(writer));
    }

    @Test
    void aWriterStillAtWorkIsNotReviewed() throws Exception {
        SessionRecord writer = writer();
        repo.write("README.md", "# changed\n");
        Reviews reviews = reviews();
        Review review = reviews.create(Reviews.Request.of(writer.id(), fake));
        Path hang = tmp.resolve("hang");
        Files.writeString(hang, "#!/bin/sh\nexec sleep 600\n");
        assertTrue(hang.toFile().setExecutable(true));
        AgentProfile hanging = new AgentProfile(fake.id(), fake.name(), hang.toString(), fake.mode(), fake.firstRun(),
                fake.followUp(), fake.output(), true, List.of(), "", true);
        agents.followUp(writer.id(), hanging, "more");
        try {
            assertEquals("The writer is still working: review its work once it has finished.",
                    assertThrows(IllegalStateException.class, () -> reviews.startRound(review.id(), ReviewFocus.general())).getMessage());
        } finally {
            sessions.stop(writer.id());
        }
        agents.whenRunEnds(writer.id()).orElseThrow().get(20, TimeUnit.SECONDS);
        assertFalse(sessions.isRunning(writer.id()));
    }

    @Test
    void onlyAnAgentsWorkIsReviewedAndOnlyByAReadOnlyClaudeCode() throws Exception {
        Reviews reviews = reviews();
        SessionRecord shell = sessions.create(repo.root(), repo.root(), "shell", SessionKind.COMMAND, List.of("true"), false);
        assertEquals("“shell” is not an agent's session: only an agent's work can be reviewed and sent findings.",
                assertThrows(IllegalArgumentException.class, () -> reviews.create(Reviews.Request.of(shell.id(), fake))).getMessage());
        long writer = writer().id();
        IllegalArgumentException codex = assertThrows(IllegalArgumentException.class,
                () -> reviews.create(Reviews.Request.of(writer, BuiltInProfiles.get(BuiltInProfiles.CODEX))));
        assertTrue(codex.getMessage().startsWith("Codex cannot review yet"), codex.getMessage());
        assertEquals(List.of(), reviews.reviews(repo.root()));
    }
}
