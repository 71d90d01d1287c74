package dev.lanes.e2e;

import com.google.gson.JsonObject;
import dev.lanes.e2e.ScriptedModelServer.Reply;
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
import java.util.ArrayList;
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
 * checks the edit.
 */
class FanoutE2ETest {

    private static final Pattern FILE = Pattern.compile("FANOUT-FILE<<([^>]+)>>");

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
            server.respondWith(request -> {
                Matcher m = FILE.matcher(request.body());
                if (!m.find()) {
                    return Reply.text("No file named.");
                }
                String file = root.resolve(m.group(1)).toString();
                long turns = request.messages().stream().filter(o -> "assistant".equals(role(o))).count();
                if (turns == 0) {
                    return Reply.toolUse("Read", Map.of("file_path", file)).usage(1000, 50);
                }
                if (turns == 1) {
                    return Reply.toolUse("Edit", Map.of("file_path", file, "old_string", "OldLogger",
                            "new_string", "NewLogger")).usage(1200, 60);
                }
                return Reply.text("Migrated " + m.group(1) + ".").usage(1300, 20);
            });
            Path home = tmp.resolve("claude-home");
            Files.createDirectories(home.resolve("tmp"));
            StringWriter err = new StringWriter();
            long t0 = System.nanoTime();
            int code = FanoutCommand.execute(new String[]{"--data", tmp.resolve("lanes-home").toString(),
                            "--repo", root.toString(), "--files", listFile.toString(),
                            "--agent", "claude", "--agent-program", claude.toString(),
                            "--template", "Replace OldLogger with NewLogger in FANOUT-FILE<<{file}>> (item {index}).",
                            "-j", "4", "--start-small", "2", "--yes", "--verify", "grep -q NewLogger {file}",
                            "--item-budget", "0.50", "--budget", "10"},
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
            List<String> prompts = new ArrayList<>();
            for (ScriptedModelServer.Request r : server.conversation()) {
                Matcher m = FILE.matcher(r.body());
                if (m.find() && r.messages().stream().noneMatch(o -> "assistant".equals(role(o)))) {
                    prompts.add(m.group(1));
                }
            }
            assertEquals(n, prompts.stream().distinct().count(), "one conversation per file: " + prompts);
            assertEquals(n, repo.git("diff", "--name-only").lines().count(), "each agent changed its own file");
        } finally {
            // no CLI of this test is left running
            Path real = claude.toRealPath();
            ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.equals(real.toString())).orElse(false))
                    .filter(p -> p.info().startInstant().map(s -> s.isAfter(start)).orElse(false))
                    .forEach(p -> {
                        p.destroyForcibly();
                        throw new AssertionError("a Claude Code process was left running: " + p.pid());
                    });
        }
    }

    private static String role(JsonObject o) {
        return o.has("role") ? o.get("role").getAsString() : "";
    }
}
