package dev.lanes.e2e;

import dev.lanes.fanout.FanoutCommand;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lanes fanout --agent claude} with the real Claude Code CLI against the scripted model
 * server: 10 files in a temp repository, 4 agents at once after a start-small of 2; each agent reads
 * its file and edits it (Read, then Edit tool calls the CLI carries out), and the verification
 * checks the edit. And hostile file names, from a NUL-separated list. The scripted agents:
 * {@link FanoutAgentScript}.
 */
class FanoutE2ETest {

    @TempDir
    Path tmp;

    @Test
    void tenAgentsEditTheirFilesWithinBudgetAndVerified() throws Exception {
        Path claude = ClaudeCli.executable();
        Instant start = Instant.now().minusSeconds(1);
        TestRepo repo = TestRepo.create(tmp, "repo");
        int n = 10;
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            repo.write("src/F" + i + ".java", "class F" + i + " { OldLogger log; }\n");
            list.append("src/F").append(i).append(".java\n");
        }
        repo.commitAll("files");
        Path listFile = Files.writeString(tmp.resolve("list.txt"), list.toString());
        Path root = repo.root();
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            // per conversation: Read its file, then Edit it, then say so; which file comes from the prompt
            server.respondWith(new FanoutAgentScript(root));
            Path home = tmp.resolve("claude-home");
            Files.createDirectories(home.resolve("tmp"));
            StringWriter err = new StringWriter();
            long t0 = System.nanoTime();
            int code = FanoutCommand.execute(new String[]{"--data", tmp.resolve("lanes-home").toString(),
                            "--repo", root.toString(), "--files", listFile.toString(),
                            "--agent", "claude", "--agent-program", claude.toString(),
                            "--template", FanoutAgentScript.PROMPT,
                            "-j", "4", "--start-small", "2", "--yes", "--verify", "grep -q NewLogger {file}",
                            "--item-budget", "0.50", "--budget", "10",
                            // edits need no asking only because the allowed tools name Edit (default mode asks)
                            "--permission-mode", "default", "--allowed-tools", "Read Edit"},
                    new BufferedReader(new StringReader("")), new PrintWriter(err, true),
                    ClaudeCli.environment(home, server.baseUrl()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String out = err.toString();
            System.out.println(out + "\n" + n + " agents in " + ms + " ms");
            assertEquals(0, code, out + "\n" + server.summary());
            for (int i = 1; i <= n; i++) {
                assertEquals("class F" + i + " { NewLogger log; }\n", Files.readString(root.resolve("src/F" + i + ".java")));
            }
            assertTrue(out.contains(n + " passed of " + n), out);
            assertTrue(out.contains("--yes: continuing"), out);
            Matcher spent = Pattern.compile("spent \\$(\\d+\\.\\d+)").matcher(out);
            assertTrue(spent.find() && Double.parseDouble(spent.group(1)) > 0, "the agents' costs add up: " + out);
            List<String> prompts = FanoutAgentScript.conversationsBegun(server);
            assertEquals(n, prompts.size(), "one conversation per file: " + prompts);
            assertEquals(n, prompts.stream().distinct().count(), "one conversation per file: " + prompts);
            assertEquals(n, repo.git("diff", "--name-only").lines().count(), "each agent changed its own file");
        } finally {
            FanoutAgentScript.assertNoClaudeLeft(start);
        }
    }


    /**
     * Names a shell would take apart or run: each reaches the agent as exactly itself (the prompt the
     * server receives names it), each file is edited and verified, and nothing runs the
     * {@code touch pwned} they hold. The list is NUL-separated ({@code -0}): one name holds a line break.
     */
    @Test
    void hostileFileNamesReachTheAgentsAsLiterals() throws Exception {
        Path claude = ClaudeCli.executable();
        Instant start = Instant.now().minusSeconds(1);
        Path cwd = Path.of("").toAbsolutePath();
        assertTrue(pwned(cwd).isEmpty(), "a pwned file was there before the test: " + cwd);
        TestRepo repo = TestRepo.create(tmp, "repo");
        List<String> names = List.of("with space.txt", "single'quote.txt", "double\"quote.txt", "$(touch pwned).txt",
                "back`touch pwned`tick.txt", "new\nline.txt", "; touch pwned; #.txt", "ünïcødé 日本語 🚀.txt",
                "sub dir $(touch pwned)/it's \"both\" `touch pwned`.txt");
        for (String name : names) {
            repo.write(name, "class X { OldLogger log; }\n");
        }
        repo.commitAll("hostile names");
        Path listFile = Files.writeString(tmp.resolve("list.bin"), String.join("\0", names) + "\0");
        Path root = repo.root();
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.respondWith(new FanoutAgentScript(root));
            StringWriter err = new StringWriter();
            long t0 = System.nanoTime();
            int code = FanoutCommand.execute(new String[]{"--data", tmp.resolve("lanes-home").toString(),
                            "--repo", root.toString(), "--files", listFile.toString(), "-0",
                            "--agent", "claude", "--agent-program", claude.toString(), "--template", FanoutAgentScript.PROMPT,
                            "-j", "4", "--verify", "grep -q NewLogger {file}"},
                    new BufferedReader(new StringReader("")), new PrintWriter(err, true),
                    ClaudeCli.environment(tmp.resolve("claude-home"), server.baseUrl()));
            String out = err.toString();
            System.out.println(out + "\n" + names.size() + " hostile names in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals(0, code, out + "\n" + server.summary());
            assertTrue(out.contains(names.size() + " passed of " + names.size()), out);
            assertTrue(out.contains("new\\nline.txt"), "a line break is shown escaped: " + out);
            Map<String, Integer> perFile = FanoutAgentScript.conversationsPerFile(server);
            assertEquals(new java.util.TreeSet<>(names), new java.util.TreeSet<>(perFile.keySet()), "each prompt names its file exactly");
            assertTrue(perFile.values().stream().allMatch(c -> c == 1), perFile.toString());
            for (String name : names) {
                assertEquals("class X { NewLogger log; }\n", Files.readString(root.resolve(name)), name);
            }
        } finally {
            FanoutAgentScript.assertNoClaudeLeft(start);
        }
        assertEquals(List.of(), pwned(tmp), "nothing ran the names");
        assertEquals(List.of(), pwned(cwd), "nothing ran the names in the current folder");
    }

    /** Every file or folder named "pwned" under {@code root}. */
    private static List<Path> pwned(Path root) throws java.io.IOException {
        try (var s = Files.walk(root)) {
            return s.filter(p -> p.getFileName() != null && p.getFileName().toString().equals("pwned")).toList();
        }
    }
}
