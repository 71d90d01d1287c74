package dev.lanes.agent;

import dev.lanes.agent.AgentProfiles.Edit;
import dev.lanes.agent.AgentProfiles.InvalidProfileException;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentProfile.Mode;
import dev.lanes.model.AgentProfile.OutputFormat;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentProfilesTest {

    /** The store's contract in memory: rows in insertion order, an update keeps the place. */
    static final class MemoryStore implements AgentProfileStore {
        final List<AgentProfile> rows = new ArrayList<>();

        @Override
        public List<AgentProfile> storedProfiles() {
            return List.copyOf(rows);
        }

        @Override
        public void saveProfile(AgentProfile p) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).id().equals(p.id())) {
                    rows.set(i, p);
                    return;
                }
            }
            rows.add(p);
        }

        @Override
        public void deleteProfile(String id) {
            rows.removeIf(p -> p.id().equals(id));
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final AgentProfiles profiles = new AgentProfiles(store);

    private static Edit edit(AgentProfile p) {
        return Edit.of(p);
    }

    private static Edit withName(Edit e, String name) {
        return new Edit(name, e.executable(), e.mode(), e.output(), e.firstRun(), e.followUp(), e.versionArgs());
    }

    private static Edit withExecutable(Edit e, String exe) {
        return new Edit(e.name(), exe, e.mode(), e.output(), e.firstRun(), e.followUp(), e.versionArgs());
    }

    private static Edit withGroups(Edit e, List<String> firstRun, List<String> followUp) {
        return new Edit(e.name(), e.executable(), e.mode(), e.output(), firstRun, followUp, e.versionArgs());
    }

    private String problem(String id, Edit e) {
        return profiles.problem(id, e).orElse("");
    }

    @Test
    void withNothingStoredTheBuiltInsAreOfferedAsShipped() {
        assertEquals(BuiltInProfiles.all(), profiles.effective());
        for (AgentProfile p : BuiltInProfiles.all()) {
            assertEquals(Optional.empty(), profiles.problem(p.id(), edit(p)), "every shipped profile passes the rules: " + p.id());
            assertFalse(profiles.isEdited(p));
        }
    }

    @Test
    void anEditedBuiltInReplacesItsShippedVersionInPlaceAndResetBringsItBack() {
        AgentProfile codex = BuiltInProfiles.get(BuiltInProfiles.CODEX);
        AgentProfile saved = profiles.save(codex.id(), withExecutable(edit(codex), "/opt/codex/bin/codex"));
        List<AgentProfile> all = profiles.effective();
        assertEquals(BuiltInProfiles.all().size(), all.size());
        assertEquals(saved, all.get(2), "same place as shipped");
        assertEquals("/opt/codex/bin/codex", all.get(2).executable());
        assertTrue(all.get(2).builtIn());
        assertTrue(profiles.isEdited(all.get(2)));
        assertEquals(codex.installHint(), all.get(2).installHint());

        assertEquals(codex, profiles.reset(codex.id()));
        assertEquals(BuiltInProfiles.all(), profiles.effective());
        assertTrue(store.rows.isEmpty());
    }

    @Test
    void savingABuiltInBackToItsShippedVersionStoresNothing() {
        AgentProfile aider = BuiltInProfiles.get(BuiltInProfiles.AIDER);
        profiles.save(aider.id(), withName(edit(aider), "Aider (mine)"));
        assertEquals(1, store.rows.size());
        profiles.save(aider.id(), edit(aider));
        assertTrue(store.rows.isEmpty());
    }

    @Test
    void theInstallHintOfABuiltInAlwaysComesFromTheShippedVersion() {
        AgentProfile gemini = BuiltInProfiles.get(BuiltInProfiles.GEMINI);
        store.saveProfile(new AgentProfile(gemini.id(), "Gemini", "gemini", gemini.mode(), gemini.firstRun(),
                gemini.followUp(), gemini.output(), false, gemini.versionArgs(), "an old hint", true));
        assertEquals(gemini.installHint(), profiles.find(gemini.id()).orElseThrow().installHint());
    }

    @Test
    void customProfilesAreAddedAfterTheBuiltInsInOrderDuplicatedAndRemoved() {
        Edit draft = profiles.newCustomDraft();
        assertEquals("New agent", draft.name());
        assertEquals("", draft.executable());
        assertTrue(profiles.problem(null, draft).isPresent(), "a draft needs an executable first");

        AgentProfile first = profiles.addCustom(withExecutable(draft, "my-agent"));
        assertTrue(first.id().startsWith("custom-"));
        assertFalse(first.builtIn());
        assertEquals("New agent 2", profiles.newCustomDraft().name());
        AgentProfile copy = profiles.duplicate(BuiltInProfiles.CLAUDE);
        assertEquals("Claude Code (copy)", copy.name());
        assertFalse(copy.builtIn());
        assertNotEquals(BuiltInProfiles.CLAUDE, copy.id());
        assertEquals(BuiltInProfiles.get(BuiltInProfiles.CLAUDE).firstRun(), copy.firstRun());
        assertEquals(BuiltInProfiles.get(BuiltInProfiles.CLAUDE).installHint(), copy.installHint());
        assertEquals("Claude Code (copy 2)", profiles.duplicate(BuiltInProfiles.CLAUDE).name());

        List<AgentProfile> all = profiles.effective();
        assertEquals(BuiltInProfiles.all().size() + 3, all.size());
        assertEquals(List.of("New agent", "Claude Code (copy)", "Claude Code (copy 2)"),
                all.subList(BuiltInProfiles.all().size(), all.size()).stream().map(AgentProfile::name).toList());

        profiles.remove(first.id());
        assertTrue(profiles.find(first.id()).isEmpty());
        assertEquals(BuiltInProfiles.all().size() + 2, profiles.effective().size());
    }

    @Test
    void latestAnswersWithoutTheStoreAndFollowsEveryChange() {
        AgentProfiles other = new AgentProfiles(store);
        AgentProfile copy = other.duplicate(BuiltInProfiles.GEMINI);
        assertEquals(BuiltInProfiles.all(), profiles.latest(), "shipped until this object has read the store");
        assertEquals(profiles.effective(), profiles.latest());
        assertEquals(copy, profiles.latest().get(profiles.latest().size() - 1));
        AgentProfile aider = BuiltInProfiles.get(BuiltInProfiles.AIDER);
        profiles.save(aider.id(), withName(edit(aider), "Aider (fast)"));
        assertEquals("Aider (fast)", profiles.latest().get(4).name());
        profiles.remove(copy.id());
        profiles.reset(aider.id());
        assertEquals(BuiltInProfiles.all(), profiles.latest());
    }

    @Test
    void builtInsCannotBeRemovedAndCustomProfilesCannotBeReset() {
        InvalidProfileException e = assertThrows(InvalidProfileException.class, () -> profiles.remove(BuiltInProfiles.CLAUDE));
        assertEquals("“Claude Code” ships with Lanes and cannot be removed; Reset undoes your changes to it.", e.getMessage());
        AgentProfile mine = profiles.duplicate(BuiltInProfiles.AIDER);
        assertThrows(InvalidProfileException.class, () -> profiles.reset(mine.id()));
        assertEquals(BuiltInProfiles.all().size() + 1, profiles.effective().size());
    }

    @Test
    void savingSaysWhatIsWrongInOneSentence() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        Edit ok = edit(claude);
        assertEquals("Give the profile a name.", problem(claude.id(), withName(ok, "  ")));
        assertEquals("Another profile is already called “Codex”: pick another name.", problem(claude.id(), withName(ok, "codex")));
        assertEquals("Name the program to run: a command on PATH (such as “claude”) or a full path.",
                problem(claude.id(), withExecutable(ok, " ")));
        assertEquals("Lanes does not expand “~” in the executable: write the full path instead.",
                problem(claude.id(), withExecutable(ok, "~/bin/claude")));
        assertTrue(problem(claude.id(), withExecutable(ok, "npx claude")).startsWith("“npx claude” is not one program"));
        assertEquals("", problem(claude.id(), withExecutable(ok, "/opt/Program Files/claude")), "a path may hold spaces");

        String unknown = problem(claude.id(), withGroups(ok, List.of("-p {prompt}", "--model {modle}"), List.of()));
        assertTrue(unknown.startsWith("First-run line 2 (“--model {modle}”) uses {modle}, which Lanes does not fill; "
                + "known placeholders: {prompt}, {model},"), unknown);
        assertTrue(problem(claude.id(), withGroups(ok, List.of("-p {prompt}"), List.of("-p {prompt} {Resume}")))
                .startsWith("Follow-up line 1"));
        assertTrue(problem(claude.id(), withGroups(ok, List.of("-p {prompt}", "--max-turns {max_turns}"), List.of()))
                .contains("uses {max_turns}, which Lanes does not fill"), "a typo that the template would pass on as text");
        assertTrue(problem(claude.id(), withGroups(ok, List.of("-p {prompt}"), List.of("-p {prompt} --resume {resume-id}")))
                .contains("uses {resume-id}"));
        assertEquals("", problem(claude.id(), withGroups(ok, List.of("-p {prompt}", "--settings {\"a\":1}"), List.of())),
                "literal JSON is not a placeholder");
        assertTrue(problem(claude.id(), withGroups(ok, List.of("-p {prompt}", "--resume {resumeId}"), List.of()))
                .contains("{resumeId}, which is only set for follow-ups"));
        assertTrue(problem(claude.id(), withGroups(ok, List.of("-p {prompt}"), List.of("-p {prompt} --session-id {sessionId}")))
                .contains("{sessionId}, which is only set for a new conversation"));
        assertTrue(problem(claude.id(), withGroups(ok, List.of("--verbose"), List.of()))
                .startsWith("No first-run line takes {prompt}"));
        assertTrue(problem(claude.id(), withGroups(ok, List.of("-p {prompt}"), List.of("--resume {resumeId}")))
                .startsWith("No follow-up line takes {prompt}"));

        Edit interactiveText = new Edit("X", "x", Mode.INTERACTIVE, OutputFormat.TEXT, List.of(), List.of(), List.of());
        assertEquals("An interactive profile runs in a terminal tab: set its output to Terminal.", problem(null, interactiveText));
        Edit headlessTerminal = new Edit("X", "x", Mode.HEADLESS, OutputFormat.TERMINAL, List.of("{prompt}"), List.of(), List.of());
        assertTrue(problem(null, headlessTerminal).startsWith("Terminal output needs the interactive mode"));
        Edit interactive = new Edit("X", "x", Mode.INTERACTIVE, OutputFormat.TERMINAL, List.of(), List.of(), List.of());
        assertEquals("", problem(null, interactive), "an interactive agent may start without a prompt");

        InvalidProfileException e = assertThrows(InvalidProfileException.class,
                () -> profiles.save(claude.id(), withName(ok, "")));
        assertEquals("Give the profile a name.", e.getMessage());
        assertTrue(store.rows.isEmpty(), "nothing stored on a refused save");
        assertThrows(InvalidProfileException.class, () -> profiles.addCustom(withName(ok, "Claude Code")));
        assertThrows(InvalidProfileException.class, () -> profiles.save("custom-gone", ok));
    }

    @Test
    void editsAreTidiedGroupsOnePerLine() {
        Edit e = new Edit("  Mine ", " my-agent ", null, null, Edit.lines("  -p   {prompt}\n\n\t--json  \r\n  "),
                null, Edit.words("  --version   --short "));
        assertEquals("Mine", e.name());
        assertEquals("my-agent", e.executable());
        assertEquals(Mode.HEADLESS, e.mode());
        assertEquals(OutputFormat.TEXT, e.output());
        assertEquals(List.of("-p {prompt}", "--json"), e.firstRun());
        assertEquals(List.of(), e.followUp());
        assertEquals(List.of("--version", "--short"), e.versionArgs());
    }

    @Test
    void changingTheOutputFormatDecidesWhereCostComesFrom() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        Edit e = edit(claude);
        AgentProfile text = profiles.save(claude.id(), new Edit(e.name(), e.executable(), e.mode(), OutputFormat.TEXT,
                e.firstRun(), e.followUp(), e.versionArgs()));
        assertFalse(text.costFromResult());
        AgentProfile custom = profiles.addCustom(new Edit("Claude clone", "claude", Mode.HEADLESS,
                OutputFormat.CLAUDE_STREAM_JSON, List.of("-p {prompt}"), List.of(), List.of()));
        assertTrue(custom.costFromResult());
    }

    @Test
    void aStoredRowWithABuiltInsIdIsThatBuiltInAndAnyOtherIdIsCustom() {
        AgentProfile aider = BuiltInProfiles.get(BuiltInProfiles.AIDER);
        store.saveProfile(new AgentProfile("retired-builtin", "Old", "old", Mode.HEADLESS, List.of("{prompt}"), List.of(),
                OutputFormat.TEXT, false, List.of(), "", true));
        store.saveProfile(new AgentProfile(aider.id(), "Aider 2", "aider", aider.mode(), aider.firstRun(), aider.followUp(),
                aider.output(), false, aider.versionArgs(), "", false));
        List<AgentProfile> all = profiles.effective();
        AgentProfile old = all.get(all.size() - 1);
        assertEquals("retired-builtin", old.id());
        assertFalse(old.builtIn(), "a profile Lanes no longer ships can be removed");
        profiles.remove(old.id());
        assertTrue(profiles.find(BuiltInProfiles.AIDER).orElseThrow().builtIn());
    }
}
