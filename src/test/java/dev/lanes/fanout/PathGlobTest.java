package dev.lanes.fanout;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File patterns as .gitignore reads them, and the text forms of paths (quotes, links) the list undoes. */
class PathGlobTest {

    private static boolean m(String glob, String path) {
        return PathGlob.compile(glob).matches(path);
    }

    @Test
    void patternsMatchAsGitignoreReadsThem() {
        assertTrue(m("*.java", "A.java"));
        assertTrue(m("*.java", "src/deep/A.java"), "no slash: the name at any depth");
        assertFalse(m("/*.java", "src/A.java"), "a leading slash anchors");
        assertTrue(m("src/**/*.java", "src/A.java"), "**/ may be no folder at all");
        assertTrue(m("src/**/*.java", "src/a/b/A.java"));
        assertFalse(m("src/*.java", "src/a/A.java"), "* stays within a folder name");
        assertTrue(m("src/**", "src/a/b.txt"));
        assertFalse(m("src/**", "srcx/b.txt"));
        assertTrue(m("**/test_?.py", "a/test_1.py"));
        assertFalse(m("**/test_?.py", "a/test_12.py"));
        assertTrue(m("*.{java,kt}", "x/A.kt"));
        assertTrue(m("[!a]*.txt", "b.txt"));
        assertFalse(m("[!a]*.txt", "a.txt"));
        assertTrue(m("\\*.txt", "*.txt"));
        assertFalse(m("\\*.txt", "a.txt"), "a backslash makes * literal");
        assertTrue(m("a+b (1).txt", "a+b (1).txt"), "regex characters are literal");
        assertTrue(m("", "any/thing"));
        assertTrue(PathGlob.compile("  ").matchesEverything());
        assertEquals("The pattern “a\\” ends with a backslash.", assertThrows(IllegalArgumentException.class, () -> PathGlob.compile("a\\")).getMessage());
    }

    @Test
    void quotedNamesAndLinksAreRead() {
        assertEquals("a b.txt", PathText.shellWord("'a b.txt'"));
        assertEquals("a b.txt", PathText.shellWord("a\\ b.txt"));
        assertEquals("say \"hi\".txt", PathText.shellWord("\"say \\\"hi\\\".txt\""));
        assertEquals("new\nline.txt", PathText.shellWord("'new'$'\\n''line.txt'"));
        assertEquals(null, PathText.shellWord("'a' 'b'"), "two words are no one path");
        assertEquals(null, PathText.shellWord("'open"));
        assertEquals("café\t.txt", PathText.gitQuoted("\"caf\\303\\251\\t.txt\""));
        assertEquals(java.util.List.of("/r/a#b.txt", "/r/a"), PathText.fileLink("file:///r/a#b.txt").paths(),
                "a raw # may be part of the name, or start a fragment");
        assertEquals("/r/ü x", PathText.fileLink("file://localhost/r/%C3%BC%20x").paths().get(0));
        assertEquals("src/a.py", PathText.clean("**`./src/a.py:12:3`**,".replace("`", "")));
        assertEquals("src/a.py", PathText.clean("src/a.py#L3-L9"));
        assertEquals("a\\nb", PathText.shown("a\nb"));
    }
}
