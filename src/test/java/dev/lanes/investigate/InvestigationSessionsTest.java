package dev.lanes.investigate;

import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.ShownIn;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An investigation's sessions (its questions and its combine step) carry the flag that keeps them in
 * its tab, stored and read back after a restart, with a stand-in agent printing Claude Code's stream-json.
 */
class InvestigationSessionsTest {

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private AgentProfile fake;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(tmp, "repo");
        Path out = tmp.resolve("out.jsonl");
        Files.writeString(out, "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"conv-1\",\"tools\":[]}\n"
                + "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"It is in auth.c.\","
                + "\"total_cost_usd\":0.01,\"session_id\":\"conv-1\"}\n");
        Path script = tmp.resolve("fake-claude");
        Files.writeString(script, "#!/bin/sh\ncat \"$LANES_FAKE_OUT\"\n");
        assertTrue(script.toFile().setExecutable(true));
        fake = BuiltInProfiles.get(BuiltInProfiles.CLAUDE).withExecutable(script.toString());
        open();
    }

    private void open() {
        store = Store.open(tmp.resolve("lanes"));
        sessions = new SessionManager(store, tmp.resolve("lanes/logs"));
        agents = new AgentSessions(sessions, store, Map.of("LANES_FAKE_OUT", tmp.resolve("out.jsonl").toString(),
                "LANES_RELEASE", tmp.resolve("release").toString()));
    }

    @AfterEach
    void tearDown() {
        agents.close();
        sessions.close();
        store.close();
    }

    @Test
    void everySessionOfAnInvestigationIsFlaggedForItsTabAndStaysSoAfterARestart() throws Exception {
        Investigations investigations = new Investigations(agents, sessions, store,
                id -> id.equals(fake.id()) ? Optional.of(fake) : Optional.empty());
        Investigation inv = investigations.start(new Investigations.Request(repo.root(), repo.root(),
                List.of("where is auth", "how are tokens kept"), fake, "", null));
        Investigation done = investigations.whenEnded(inv.id()).get(30, TimeUnit.SECONDS);
        assertEquals(Investigation.State.DONE, done.state(), done.problem());
        List<Long> ids = new ArrayList<>(investigations.questions(inv.id()).stream().map(Question::sessionId).toList());
        ids.add(done.combineSessionId());
        // a session the person starts by hand with the same kind of name is an ordinary one
        SessionRecord byHand = sessions.create(repo.root(), repo.root(), Investigations.SESSION_NAME_PREFIX + "by hand",
                dev.lanes.model.SessionKind.COMMAND, List.of("true"), false);

        tearDown();
        open();
        for (long id : ids) {
            SessionRecord s = store.session(id).orElseThrow();
            assertEquals(ShownIn.INVESTIGATION, s.shownIn(), s.name());
        }
        assertEquals(3, ids.size());
        assertEquals(null, store.session(byHand.id()).orElseThrow().shownIn());
    }

    @Test
    void aRunningInvestigationIsNotForgottenAnEndedOneIs() throws Exception {
        // an agent that answers only once the test releases it
        Path script = tmp.resolve("slow-claude");
        Files.writeString(script, "#!/bin/sh\nwhile [ ! -f \"$LANES_RELEASE\" ]; do sleep 0.05; done\ncat \"$LANES_FAKE_OUT\"\n");
        assertTrue(script.toFile().setExecutable(true));
        AgentProfile slow = BuiltInProfiles.get(BuiltInProfiles.CLAUDE).withExecutable(script.toString());
        Investigations investigations = new Investigations(agents, sessions, store,
                id -> id.equals(slow.id()) ? Optional.of(slow) : Optional.empty());
        Investigation inv = investigations.start(new Investigations.Request(repo.root(), repo.root(),
                List.of("where is auth"), slow, "", null));

        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> investigations.forget(inv.id()));
        assertEquals("The investigation is still running: forget it once it has ended.", refused.getMessage());
        assertTrue(investigations.investigation(inv.id()).isPresent(), "kept while it runs");

        Files.writeString(tmp.resolve("release"), "");
        assertEquals(Investigation.State.DONE, investigations.whenEnded(inv.id()).get(30, TimeUnit.SECONDS).state());
        long session = investigations.questions(inv.id()).get(0).sessionId();
        investigations.forget(inv.id());
        assertTrue(investigations.investigation(inv.id()).isEmpty());
        assertTrue(investigations.questions(inv.id()).isEmpty());
        assertTrue(investigations.investigations(repo.root()).isEmpty());
        assertTrue(store.session(session).isPresent(), "its session stays");
    }
}
