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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lanes fanout --agent claude --placement per-item --merge-into main} with the real Claude Code CLI against
 * the scripted model server: each agent works in its own worktree (the CLI reports it as its working directory,
 * and edits the file there), Lanes commits each on its branch, and merges the branches into main.
 */
class FanoutPlacementE2ETest {

    private static final Pattern FILE = Pattern.compile("FANOUT-FILE<<([^>]+)>>");
    private static final Pattern CWD = Pattern.compile("Primary working directory: ([^\\\\\"]+)");

    @TempDir
    Path tmp;

    @Test
    void agentsInAWorktreeEachThenMergedIntoMain() throws Exception {
        Path claude = ClaudeCli.executable();
        Instant start = Instant.now().minusSeconds(1);
        TestRepo repo = TestRepo.create(tmp, "repo");
        int n = 3;
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            repo.write("src/F" + i + ".java", "class F" + i + " { OldLogger log; }\n");
            list.append("src/F").append(i).append(".java\n");
        }
        String base = repo.commitAll("files");
        Path listFile = Files.writeString(tmp.resolve("list.txt"), list.toString());
        Path root = repo.root();
        Set<String> workingFolders = ConcurrentHashMap.newKeySet();
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            server.respondWith(request -> {
                Matcher m = FILE.matcher(request.body());
                Matcher cwd = CWD.matcher(request.body());
                if (!m.find() || !cwd.find()) {
                    return Reply.text("No file or no working directory named.");
                }
                workingFolders.add(cwd.group(1).strip());
                String file = Path.of(cwd.group(1).strip()).resolve(m.group(1)).toString();
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
            int code = FanoutCommand.execute(new String[]{"--data", tmp.resolve("lanes-home").toString(),
                            "--repo", root.toString(), "--files", listFile.toString(),
                            "--agent", "claude", "--agent-program", claude.toString(),
                            "--template", "Replace OldLogger with NewLogger in FANOUT-FILE<<{file}>> (item {index}).",
                            "-j", "3", "--verify", "grep -q NewLogger {file}",
                            "--placement", "per-item", "--merge-into", "main"},
                    new BufferedReader(new StringReader("")), new PrintWriter(err, true),
                    ClaudeCli.environment(home, server.baseUrl()));
            String out = err.toString();
            System.out.println(out);
            assertEquals(0, code, out + "\n" + server.summary());
            Path lanes = tmp.resolve("repo.lanes").toRealPath();
            for (int i = 1; i <= n; i++) {
                String branch = "fanout/1-" + i + "-src-f" + i + ".java";
                assertTrue(workingFolders.contains(lanes.resolve(branch.replace('/', '-')).toString()),
                        "the agent of item " + i + " worked in its worktree: " + workingFolders);
                assertEquals("src/F" + i + ".java\n", repo.git("diff", "--name-only", base, branch),
                        "its branch holds its file only");
                assertEquals("class F" + i + " { NewLogger log; }\n", Files.readString(root.resolve("src/F" + i + ".java")),
                        "merged into main");
            }
            assertEquals(n, workingFolders.size(), workingFolders.toString());
            assertTrue(out.contains("Merged all " + n + " branches into main"), out);
            assertEquals("", repo.git("status", "--porcelain"));
        } finally {
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
