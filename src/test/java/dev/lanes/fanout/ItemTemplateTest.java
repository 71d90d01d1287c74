package dev.lanes.fanout;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemTemplateTest {

    @Test
    void valuesOfAPath() {
        assertEquals(Map.of("file", "src/a/B.java", "name", "B.java", "dir", "src/a", "ext", "java", "index", "7"),
                ItemTemplate.values("src/a/B.java", 7));
        assertEquals(Map.of("file", "README", "name", "README", "dir", ".", "ext", "", "index", "1"),
                ItemTemplate.values("README", 1));
        assertEquals("", ItemTemplate.values("dir/.gitignore", 1).get("ext"), "a dot file has no extension");
        assertEquals("gz", ItemTemplate.values("x.tar.gz", 1).get("ext"));
    }

    @Test
    void splitsAsAShellWouldWithoutExpandingAnything() {
        assertEquals(List.of("sed", "-i", "s/a/b/", "{file}"), ItemTemplate.split("sed -i s/a/b/ {file}"));
        assertEquals(List.of("echo", "a b", "c'd", "$HOME", "x\"y", "$(pwd)", "|", ">", "*"),
                ItemTemplate.split("echo 'a b' \"c'd\" '$HOME' \"x\\\"y\" \\$\\(pwd\\) | > *"));
        assertEquals(List.of("a\\b", "ab", "", "a b"), ItemTemplate.split("\"a\\b\" a\\\nb '' a\\ b"));
        assertEquals(List.of("pre{file}post"), ItemTemplate.split("pre'{file}'post"));
        assertEquals(List.of(), ItemTemplate.split("  \t "));
        assertThrows(IllegalArgumentException.class, () -> ItemTemplate.split("echo 'open"));
        assertThrows(IllegalArgumentException.class, () -> ItemTemplate.split("echo \"open"));
        assertThrows(IllegalArgumentException.class, () -> ItemTemplate.split("echo \\"));
    }

    @Test
    void placeholdersAreFilledInsideEachWordAndNeverReread() {
        String hostile = "a'; rm -rf ~; '.java";
        List<String> argv = ItemTemplate.fillEach(ItemTemplate.split("tool --in={file} 'x {name} y' {dir}/{index}.{ext} {other}"),
                ItemTemplate.values("d/" + hostile, 3));
        assertEquals(List.of("tool", "--in=d/" + hostile, "x " + hostile + " y", "d/3.java", "{other}"), argv);
        assertEquals(List.of("{name}"), ItemTemplate.fillEach(List.of("{file}"), ItemTemplate.values("{name}", 1)),
                "a value holding a placeholder stays as it is");
        assertEquals(List.of("$(touch pwned).txt"), ItemTemplate.fillEach(List.of("{file}"),
                ItemTemplate.values("$(touch pwned).txt", 1)));
    }

    @Test
    void thePreviewIsTheArgvTheFirstItemRuns() {
        FanoutSpec command = FanoutSpec.command("/repo", List.of("src/a b.java", "$(touch pwned).txt"),
                ItemTemplate.split("sed -i 's/old/new/' {file} --tag={index}"));
        assertEquals(List.of("sed", "-i", "s/old/new/", "src/a b.java", "--tag=1"), FanoutEngine.preview(command, 1));
        assertEquals(List.of("sed", "-i", "s/old/new/", "$(touch pwned).txt", "--tag=2"), FanoutEngine.preview(command, 2));
        FanoutSpec agent = FanoutSpec.agent("/repo", List.of("src/A.java"), dev.lanes.agent.BuiltInProfiles.get("claude"),
                "Migrate {name} in {dir}", "", "acceptEdits");
        assertEquals(List.of("claude", "-p", "Migrate A.java in src", "--output-format", "stream-json", "--verbose",
                "--session-id", "<session id>", "--permission-mode", "acceptEdits", "-n", "fanout 1: src/A.java"),
                FanoutEngine.preview(agent, 1), "no model: its group is left out");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FanoutEngine.preview(agent, 2));
        assertEquals(List.of("claude", "-p", "Migrate A.java in src", "--output-format", "stream-json", "--verbose",
                "--session-id", "<session id>", "--permission-mode", "acceptEdits", "--allowedTools", "Read Edit Bash(mvn -q compile)",
                "-n", "fanout 1: src/A.java"),
                FanoutEngine.preview(agent.withAllowedTools(" Read Edit Bash(mvn -q compile) "), 1),
                "the allowed tools are one argument, as typed");
    }
}
