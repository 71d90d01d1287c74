package dev.lanes.review;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.agent.CommandTemplate;
import dev.lanes.model.AgentProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewPromptTest {

    private static final Path WT = Path.of("/work/repo.lanes/feature");

    private static String fileDiff(String path, int lines) {
        StringBuilder b = new StringBuilder("diff --git a/" + path + " b/" + path + "\nnew file mode 100644\n--- /dev/null\n+++ b/"
                + path + "\n@@ -0,0 +1," + lines + " @@\n");
        for (int i = 0; i < lines; i++) {
            b.append("+line ").append(i).append(" of ").append(path).append('\n');
        }
        return b.toString();
    }

    private static WriterDiff diff(String text, List<String> files) {
        return new WriterDiff("main", "0123456789abcdef0123456789abcdef01234567", "fedcba", text, files);
    }

    @Test
    void theReviewerGetsTheDiffTheFocusTheFormatAndIsToldToChangeNothing() {
        String d = fileDiff("src/app.py", 3);
        String prompt = ReviewPrompt.forReviewer(WT, diff(d, List.of("src/app.py")),
                ReviewFocus.of("the retry loop", ReviewFocus.Preset.SECURITY, ReviewFocus.Preset.EDGE_CASES), 1, 3, List.of(),
                ReviewPrompt.DEFAULT_DIFF_LIMIT);
        assertTrue(prompt.contains("```diff\n" + d + "```\n"), prompt);
        assertTrue(prompt.contains(WT.toString()), prompt);
        assertTrue(prompt.contains("change nothing"), prompt);
        assertTrue(prompt.contains("against main (where it forked, 0123456789ab)"), prompt);
        assertTrue(prompt.contains("- " + ReviewFocus.Preset.EDGE_CASES.ask() + "\n- " + ReviewFocus.Preset.SECURITY.ask()
                + "\n- the retry loop"), "presets in their order, then the typed focus: " + prompt);
        assertTrue(prompt.contains("1. path/to/file.ext:LINE — "), prompt);
        assertTrue(prompt.strip().endsWith("answer exactly: NO FINDINGS"), prompt);
        assertFalse(prompt.contains("This is round"), "round 1 says nothing of rounds: " + prompt);
        assertFalse(prompt.contains("Lanes cut"), prompt);
    }

    @Test
    void aGeneralFocusAsksForBugsFirst() {
        String prompt = ReviewPrompt.forReviewer(WT, diff(fileDiff("a.txt", 1), List.of("a.txt")), ReviewFocus.general(), 1, 3,
                List.of(), 1000);
        assertTrue(prompt.contains("Focus on correctness: bugs first"), prompt);
        assertEquals("General", ReviewFocus.general().label());
        assertEquals("Race conditions, Tests; flaky waits",
                ReviewFocus.of("flaky waits", ReviewFocus.Preset.TESTS, ReviewFocus.Preset.RACE_CONDITIONS).label());
    }

    @Test
    void aBigDiffIsCutAtAFileBoundaryWithANoteNamingWhatIsLeftOut() {
        List<String> files = List.of("a.txt", "b.txt", "c.txt", "d.txt");
        String d = fileDiff("a.txt", 40) + fileDiff("b.txt", 40) + fileDiff("c.txt", 40) + fileDiff("d.txt", 40);
        int limit = fileDiff("a.txt", 40).length() * 2 + 100;
        ReviewPrompt.Cut cut = ReviewPrompt.cut(d, files, limit);
        assertTrue(cut.cut());
        assertEquals(fileDiff("a.txt", 40) + fileDiff("b.txt", 40), cut.text(), "cut where c.txt starts");
        assertEquals(List.of("c.txt", "d.txt"), cut.notShown());

        String prompt = ReviewPrompt.forReviewer(WT, diff(d, files), ReviewFocus.general(), 1, 3, List.of(), limit);
        assertTrue(prompt.contains(String.format("(Lanes cut the diff here: it has %,d characters, the first %,d are shown. "
                + "Not shown, or only in part: c.txt, d.txt. Read those files in the worktree.)", d.length(), cut.text().length())),
                prompt);
        assertFalse(prompt.contains("line 0 of c.txt"), prompt);
    }

    @Test
    void oneHugeFileIsCutAtALineAndNamedAsShownInPart() {
        String d = fileDiff("big.txt", 1000);
        ReviewPrompt.Cut cut = ReviewPrompt.cut(d, List.of("big.txt"), 500);
        assertTrue(cut.text().length() <= 500 && cut.text().endsWith("\n"), cut.text());
        assertTrue(d.startsWith(cut.text()));
        assertEquals(List.of("big.txt"), cut.notShown());
        assertFalse(ReviewPrompt.cut(d, List.of("big.txt"), d.length()).cut(), "a diff that fits is not cut");
    }

    @Test
    void laterRoundsNameTheFindingsThatWereSent() {
        List<Finding> sent = List.of(new Finding(2, "src/app.py", 12, "unbounded retries"), new Finding(5, null, null, "no tests"));
        String prompt = ReviewPrompt.forReviewer(WT, diff(fileDiff("src/app.py", 2), List.of("src/app.py")),
                ReviewFocus.general(), 2, 3, sent, 10_000);
        assertTrue(prompt.contains("This is round 2 of 3."), prompt);
        assertTrue(prompt.contains("1. src/app.py:12 — unbounded retries\n2. no tests\n"), prompt);
        String none = ReviewPrompt.forReviewer(WT, diff(fileDiff("src/app.py", 2), List.of("src/app.py")),
                ReviewFocus.general(), 3, 3, List.of(), 10_000);
        assertTrue(none.contains("None of your last findings were sent"), none);
    }

    @Test
    void theWriterGetsExactlyTheChosenFindingsRenumberedWithTheirLocations() {
        String prompt = ReviewPrompt.forWriter(List.of(new Finding(1, "src/app.py", 12, "retry forever"),
                new Finding(3, "README.md", null, "flag undocumented\nmention --fast too"), new Finding(4, null, null, "add a test")));
        assertTrue(prompt.contains("these 3 findings"), prompt);
        assertTrue(prompt.contains("\n1. src/app.py:12 — retry forever\n2. README.md — flag undocumented\n   mention --fast too\n"
                + "3. add a test\n"), prompt);
        assertEquals("Tick at least one finding to send to the writer.",
                assertThrows(IllegalArgumentException.class, () -> ReviewPrompt.forWriter(List.of())).getMessage());
    }

    @Test
    void theWritersPromptReadsBackAsTheSameFindings() {
        List<Finding> chosen = List.of(new Finding(2, "src/app.py", 12, "retry forever"), new Finding(5, "README.md", null, "typo"));
        List<Finding> back = Findings.parse(ReviewPrompt.forWriter(chosen));
        assertEquals(List.of(new Finding(1, "src/app.py", 12, "retry forever"), new Finding(2, "README.md", null, "typo")), back);
    }

    @Test
    void aReviewersProfileIsReadOnlyOnEveryRun() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        AgentProfile ro = ReadOnlyReviewer.of(claude);
        assertEquals(claude.id(), ro.id());
        Map<String, String> v = Map.of("prompt", "look", "permissionMode", "plan", "sessionId", "s", "resumeId", "r",
                "allowedTools", "Bash Write");
        List<String> first = CommandTemplate.expand("claude", ro.firstRun(), v);
        List<String> again = CommandTemplate.expand("claude", ro.followUp(), v);
        for (List<String> argv : List.of(first, again)) {
            assertTrue(argv.contains("--tools=Read,Grep,Glob"), argv.toString());
            assertEquals("plan", argv.get(argv.indexOf("--permission-mode") + 1), argv.toString());
            assertFalse(argv.contains("--allowedTools"), "its own tool list is left out: " + argv);
        }
        assertTrue(again.contains("--resume"), again.toString());

        List<String> widened = new ArrayList<>(claude.firstRun());
        widened.add("--dangerously-skip-permissions");
        widened.add("--tools default");
        AgentProfile risky = new AgentProfile("c2", "Mine", "claude", claude.mode(), widened, claude.followUp(), claude.output(),
                true, List.of(), "", false);
        List<String> argv = CommandTemplate.expand("claude", ReadOnlyReviewer.of(risky).firstRun(), v);
        assertFalse(argv.contains("--dangerously-skip-permissions") || argv.contains("default"), argv.toString());

        IllegalArgumentException codex = assertThrows(IllegalArgumentException.class,
                () -> ReadOnlyReviewer.of(BuiltInProfiles.get(BuiltInProfiles.CODEX)));
        assertTrue(codex.getMessage().startsWith("Codex cannot review yet"), codex.getMessage());
        AgentProfile noMode = new AgentProfile("c3", "Bare", "claude", claude.mode(), List.of("-p {prompt}"), List.of("--resume {resumeId}"),
                claude.output(), true, List.of(), "", false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReadOnlyReviewer.of(noMode)).getMessage()
                .contains("does not pass a permission mode"));
    }
}
