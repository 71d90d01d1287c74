package dev.lanes.review;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FindingsTest {

    private static final Path ROOT = Path.of("/work/repo.lanes/feature");
    private static final List<String> CHANGED = List.of("src/main/java/dev/x/Cache.java", "src/app.py", "README.md",
            "docs/a/Cache.java.md");

    private static Finding f(int index, String file, Integer line, String text) {
        return new Finding(index, file, line, text);
    }

    @Test
    void theAskedForFormatGivesFileLineAndText() {
        String answer = """
                1. src/app.py:12 — `load()` returns None on an empty file; callers index into it.
                2. src/main/java/dev/x/Cache.java:88 — the expiry check and the removal are not atomic
                3. README.md — the new flag is not documented
                4. — no test covers the retry path
                """;
        assertEquals(List.of(
                f(1, "src/app.py", 12, "`load()` returns None on an empty file; callers index into it."),
                f(2, "src/main/java/dev/x/Cache.java", 88, "the expiry check and the removal are not atomic"),
                f(3, "README.md", null, "the new flag is not documented"),
                f(4, null, null, "no test covers the retry path")), Findings.parse(answer));
    }

    @Test
    void noFindingsInAnySpellingIsAnEmptyList() {
        assertEquals(List.of(), Findings.parse("NO FINDINGS"));
        assertEquals(List.of(), Findings.parse("  **No findings.**\n"));
        assertEquals(List.of(), Findings.parse("I read every changed file.\n\nNO FINDINGS"));
        assertEquals(List.of(), Findings.parse(""));
        assertEquals(List.of(), Findings.parse(null));
    }

    @Test
    void markdownBulletsBoldBackticksLinksAndHashLines() {
        String answer = """
                Here is what I found:

                ## High
                - **`src/app.py:12`**: reads the whole file into memory
                * [src/app.py#L40-L44](src/app.py#L40-L44) — the lock is released before the write
                + `README.md` (line 3) — typo in the flag's name

                ## Low
                • Race condition (src/main/java/dev/x/Cache.java:88): two threads may both miss
                - [x] Missing null check — `src/app.py:7`: `cfg` may be None

                Overall the change is in good shape.
                """;
        List<Finding> found = Findings.parse(answer);
        assertEquals(List.of(
                f(1, "src/app.py", 12, "reads the whole file into memory"),
                f(2, "src/app.py", 40, "the lock is released before the write"),
                f(3, "README.md", 3, "typo in the flag's name"),
                f(4, "src/main/java/dev/x/Cache.java", 88, "Race condition: two threads may both miss"),
                f(5, "src/app.py", 7, "Missing null check — `cfg` may be None")), found);
    }

    @Test
    void locationsInsideASentenceStayInTheText() {
        List<Finding> found = Findings.parse("1. In `src/app.py:12`, the loop never ends when n is 0.\n"
                + "2. The cache in lib/cache.py (line 30) is never cleared.\n");
        assertEquals(f(1, "src/app.py", 12, "In `src/app.py:12`, the loop never ends when n is 0."), found.get(0));
        assertEquals(f(2, "lib/cache.py", 30, "The cache in lib/cache.py (line 30) is never cleared."), found.get(1));
    }

    @Test
    void lineSpellings() {
        List<Finding> found = Findings.parse("""
                1. a/b.py:12-20 — range
                2. a/b.py:7:5 — column
                3. a/b.py, line 9 — comma
                4. a/b.py lines 3–4 — en dash range
                5. Makefile:4 — no extension
                6. a/b.py#L15 — hash
                7. a/b.py L16 — capital L
                """);
        assertEquals(List.of(12, 7, 9, 3, 4, 15, 16), found.stream().map(Finding::line).toList());
        assertEquals("Makefile", found.get(4).file());
        assertTrue(found.stream().allMatch(x -> x.text().split(" ").length <= 3 && !x.text().contains("b.py")), found.toString());
    }

    @Test
    void continuationLinesSubItemsAndCodeBelongToTheirItem() {
        String answer = """
                1. src/app.py:12 — the retry loop never ends
                   when the server keeps answering 500:
                   - cap the attempts
                   - 1. and back off
                   ```python
                   - not an item
                   for i in range(3):
                   ```
                2. README.md:1 — title
                """;
        List<Finding> found = Findings.parse(answer);
        assertEquals(2, found.size(), found.toString());
        assertEquals("the retry loop never ends\nwhen the server keeps answering 500:\n- cap the attempts\n- 1. and back off\n"
                + "```python\n- not an item\nfor i in range(3):\n```", found.get(0).text());
        assertEquals(f(2, "README.md", 1, "title"), found.get(1));
    }

    @Test
    void aListInACodeBlockIsStillAList() {
        List<Finding> found = Findings.parse("```\n1. src/app.py:3 — one\n2. src/app.py:4 — two\n```\n");
        assertEquals(List.of(f(1, "src/app.py", 3, "one"), f(2, "src/app.py", 4, "two")), found);
    }

    @Test
    void freeFormAnswersGiveOneFindingPerParagraph() {
        String answer = """
                Findings:

                The loader in src/app.py reads the file twice; on a slow disk that doubles the start-up time.

                Also, nothing tests the empty-file case.
                """;
        List<Finding> found = Findings.parse(answer);
        assertEquals(2, found.size(), found.toString());
        assertEquals("src/app.py", found.get(0).file());
        assertNull(found.get(0).line());
        assertEquals("The loader in src/app.py reads the file twice; on a slow disk that doubles the start-up time.",
                found.get(0).text());
        assertEquals(f(2, null, null, "Also, nothing tests the empty-file case."), found.get(1));
    }

    @Test
    void wordsThatOnlyLookLikePathsAreNotFiles() {
        List<Finding> found = Findings.parse("""
                1. Use java.util.List here, e.g. for the read/write paths and/or the cache.
                2. Version 1.2 of the API; see https://example.com/docs/a.py:12 for details.
                """);
        assertNull(found.get(0).file(), found.toString());
        assertNull(found.get(1).file(), found.toString());
    }

    @Test
    void theWorktreeTurnsAbsoluteDiffPrefixedAndBarePathsIntoItsChangedFiles() {
        Findings parser = new Findings(ROOT, CHANGED);
        List<Finding> found = parser.read("""
                1. /work/repo.lanes/feature/src/app.py:5 — absolute
                2. b/src/app.py:6 — diff prefix
                3. Cache.java:88 — bare name of one changed file
                4. ./README.md:2 — dot slash
                5. /etc/passwd:1 — outside the worktree stays absolute
                6. Other.java:3 — a bare name no changed file has stays as written
                """);
        assertEquals(List.of("src/app.py", "src/app.py", "src/main/java/dev/x/Cache.java", "README.md", "/etc/passwd", "Other.java"),
                found.stream().map(Finding::file).toList());
        assertEquals(List.of("absolute", "diff prefix", "bare name of one changed file", "dot slash",
                "outside the worktree stays absolute", "a bare name no changed file has stays as written"),
                found.stream().map(Finding::text).toList());
    }

    @Test
    void aLocationOnlyOnALaterLineOfTheItemIsStillFound() {
        List<Finding> found = Findings.parse("1. Unbounded retries\n   In src/app.py:44 the loop has no cap.\n");
        assertEquals(f(1, "src/app.py", 44, "Unbounded retries\nIn src/app.py:44 the loop has no cap."), found.get(0));
    }

    @Test
    void windowsLineEndingsAndNumbersWithParentheses() {
        List<Finding> found = Findings.parse("1) src/app.py:1 — a\r\n2) src/app.py:2 — b\r\n");
        assertEquals(List.of(f(1, "src/app.py", 1, "a"), f(2, "src/app.py", 2, "b")), found);
    }

    @Test
    void describeAndLocationAreWhatTheWriterIsSent() {
        assertEquals("src/app.py:3 — x", f(1, "src/app.py", 3, "x").describe());
        assertEquals("src/app.py — x", f(1, "src/app.py", null, "x").describe());
        assertEquals("x", f(1, null, 7, "x").describe());
        assertNull(f(1, null, 7, "x").line(), "no line without a file");
    }
}
