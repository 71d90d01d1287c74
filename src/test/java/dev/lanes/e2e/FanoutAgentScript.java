package dev.lanes.e2e;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.e2e.ScriptedModelServer.Request;
import dev.lanes.model.AgentProfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted model's side of a fan-out of Claude Code agents, for {@link ScriptedModelServer#respondWith}.
 * Each conversation is about one file, which its prompt names as {@code FANOUT-FILE<<path>>}
 * ({@link #PROMPT}); the agent reads the file (a Read tool call the CLI carries out), replaces
 * {@code OldLogger} in it (an Edit tool call), then says so and ends its turn. Which turn it is
 * comes from the number of assistant messages in the request, so many CLIs can talk to one server
 * at once.
 *
 * <p>Per file, a test may change the word written instead of {@code NewLogger} ({@link #replacement})
 * or the replies themselves ({@link #shape}: tokens for a known cost, a hang, a delay).
 */
final class FanoutAgentScript implements Function<Request, Reply> {

    /** The prompt template of a fan-out whose agents this script answers. */
    static final String PROMPT = "Replace OldLogger with NewLogger in FANOUT-FILE<<{file}>> (item {index}).";
    private static final Pattern FILE = Pattern.compile("FANOUT-FILE<<(.+?)>>", Pattern.DOTALL);

    private final Path root;
    private volatile Function<String, String> replacement = f -> "NewLogger";
    private volatile Shape shape = (file, turn, reply) -> reply;

    /** What a test does to one reply: {@code turn} 0 is the Read, 1 the Edit, 2 the closing text. */
    @FunctionalInterface
    interface Shape {
        Reply apply(String file, int turn, Reply reply);
    }

    /** Answers agents working on files under {@code root} (the fan-out's folder). */
    FanoutAgentScript(Path root) {
        this.root = root;
    }

    /** The word the agent writes instead of {@code OldLogger} in {@code file} (default {@code NewLogger}). */
    FanoutAgentScript replacement(Function<String, String> replacement) {
        this.replacement = replacement;
        return this;
    }

    /** Changes replies before they are sent (usage, delays, hangs). */
    FanoutAgentScript shape(Shape shape) {
        this.shape = shape;
        return this;
    }

    @Override
    public Reply apply(Request request) {
        Optional<String> named = file(request);
        if (named.isEmpty()) {
            return Reply.text("No file named.");
        }
        String file = named.get();
        String path = root.resolve(file).toString();
        int turn = assistantTurns(request);
        Reply r;
        if (turn == 0) {
            r = Reply.toolUse("Read", Map.of("file_path", path)).usage(1000, 50);
        } else if (turn == 1) {
            r = Reply.toolUse("Edit", Map.of("file_path", path, "old_string", "OldLogger",
                    "new_string", replacement.apply(file))).usage(1200, 60);
        } else {
            r = Reply.text("Migrated " + file + ".").usage(1300, 20);
        }
        return shape.apply(file, turn, r);
    }

    /** An agent profile that runs the Claude Code CLI installed for the tests (the shipped profile, another executable). */
    static AgentProfile claudeProfile(Path executable) {
        return BuiltInProfiles.get(BuiltInProfiles.CLAUDE).withExecutable(executable.toString());
    }

    /** The file the conversation of {@code request} is about, exactly as its prompt (first user message) names it. */
    static Optional<String> file(Request request) {
        for (JsonObject m : request.messages()) {
            if (!"user".equals(role(m))) {
                continue;
            }
            Matcher matcher = FILE.matcher(text(m));
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
            return Optional.empty(); // only the prompt counts, not later tool results
        }
        return Optional.empty();
    }

    /** How many assistant messages {@code request} carries: 0 for the first request of a conversation. */
    static int assistantTurns(Request request) {
        return (int) request.messages().stream().filter(o -> "assistant".equals(role(o))).count();
    }

    /** The file of each conversation the server saw begin, in the order they began. */
    static List<String> conversationsBegun(ScriptedModelServer server) {
        List<String> out = new ArrayList<>();
        for (Request r : server.conversation()) {
            if (assistantTurns(r) == 0) {
                file(r).ifPresent(out::add);
            }
        }
        return out;
    }

    /** How many conversations began per file. */
    static Map<String, Integer> conversationsPerFile(ScriptedModelServer server) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String f : conversationsBegun(server)) {
            out.merge(f, 1, Integer::sum);
        }
        return out;
    }

    /** Fails unless no Claude Code process started since {@code since} is alive; kills any it finds first. */
    static void assertNoClaudeLeft(java.time.Instant since) throws java.io.IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(since);
        left.forEach(ProcessHandle::destroyForcibly);
        if (!left.isEmpty()) {
            throw new AssertionError("Claude Code process(es) left running: " + left.stream().map(ProcessHandle::pid).toList());
        }
    }

    private static String text(JsonObject message) {
        JsonElement c = message.get("content");
        if (c == null) {
            return "";
        }
        if (c.isJsonPrimitive()) {
            return c.getAsString();
        }
        StringBuilder b = new StringBuilder();
        if (c.isJsonArray()) {
            for (JsonElement e : c.getAsJsonArray()) {
                if (e.isJsonObject() && e.getAsJsonObject().has("text")) {
                    b.append(e.getAsJsonObject().get("text").getAsString()).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String role(JsonObject o) {
        return o.has("role") ? o.get("role").getAsString() : "";
    }
}
