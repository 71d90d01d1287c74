package dev.lanes.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lanes.model.AgentActivity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaudeHookSettingsTest {

    @TempDir
    Path tmp;

    private HookServer server;
    private final BlockingQueue<HookEvent> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        server = HookServer.start();
        server.addListener((id, e) -> received.add(e));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonObject hooksOf(Path settings) throws IOException {
        return JsonParser.parseString(Files.readString(settings)).getAsJsonObject().getAsJsonObject("hooks");
    }

    /** The one hook of an event (one matcher group without a matcher, one hook in it). */
    private static JsonObject onlyHook(JsonObject hooks, String event) {
        JsonArray groups = hooks.getAsJsonArray(event);
        assertEquals(1, groups.size(), event);
        JsonObject group = groups.get(0).getAsJsonObject();
        assertFalse(group.has("matcher"), "every tool, every notification type: " + event);
        JsonArray list = group.getAsJsonArray("hooks");
        assertEquals(1, list.size(), event);
        return list.get(0).getAsJsonObject();
    }

    @Test
    void httpHooksForTheActivityEventsAndACurlCommandForSessionStart() throws IOException {
        HookServer.Endpoint ep = server.register(3);
        ClaudeHookSettings.Prepared p = ClaudeHookSettings.write(ep, tmp.resolve("hooks"), Map.of());

        assertEquals(tmp.resolve("hooks/claude-hooks-3.json").toAbsolutePath(), p.settingsFile());
        assertEquals(List.of("--settings", p.settingsFile().toString()), p.arguments());
        assertEquals(Map.of(), p.environment(), "no proxy set: nothing to add");

        JsonObject hooks = hooksOf(p.settingsFile());
        List<String> events = new ArrayList<>(hooks.keySet());
        List<String> expected = new ArrayList<>(ClaudeHooks.COMMAND_HOOKS);
        expected.addAll(ClaudeHooks.HTTP_HOOKS);
        assertEquals(expected, events);
        for (String event : ClaudeHooks.HTTP_HOOKS) {
            JsonObject hook = onlyHook(hooks, event);
            assertEquals("http", hook.get("type").getAsString(), event);
            assertEquals(ep.url().toString(), hook.get("url").getAsString());
            assertEquals(ep.secret(), hook.getAsJsonObject("headers").get(HookServer.SECRET_HEADER).getAsString());
            assertEquals(ClaudeHookSettings.HOOK_TIMEOUT_SECONDS, hook.get("timeout").getAsInt());
        }
        JsonObject start = onlyHook(hooks, "SessionStart");
        assertEquals("command", start.get("type").getAsString());
        assertEquals("curl", start.get("command").getAsString());
        List<String> args = new ArrayList<>();
        start.getAsJsonArray("args").forEach(a -> args.add(a.getAsString()));
        assertEquals(List.of("--silent", "--show-error", "--max-time", "3", "--noproxy", "*", "--config",
                p.curlConfig().toString(), "--data-binary", "@-"), args);
        assertFalse(start.toString().contains(ep.secret()), "the secret stays off curl's command line");
        String curlrc = Files.readString(p.curlConfig());
        assertTrue(curlrc.contains("url = \"" + ep.url() + "\"\n"), curlrc);
        assertTrue(curlrc.contains("header = \"X-Lanes-Secret: " + ep.secret() + "\"\n"), curlrc);
    }

    @Test
    void theFilesAreOnlyTheOwnersAndWritingAgainReplacesThem() throws IOException {
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path folder = tmp.resolve("data/hooks");
        ClaudeHookSettings.Prepared first = ClaudeHookSettings.write(server.register(4), folder, Map.of());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        for (Path f : List.of(first.settingsFile(), first.curlConfig())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        // an existing, too open file and folder are not reused as they are
        Files.setPosixFilePermissions(first.settingsFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        HookServer.Endpoint again = server.register(4);
        ClaudeHookSettings.Prepared second = ClaudeHookSettings.write(again, folder, Map.of());
        assertEquals(first.settingsFile(), second.settingsFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(second.settingsFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertTrue(Files.readString(second.settingsFile()).contains(again.secret()));

        second.delete();
        assertFalse(Files.exists(second.settingsFile()) || Files.exists(second.curlConfig()));
        second.delete(); // already gone: fine
    }

    @Test
    void withAProxySet127001IsAddedToNoProxyForTheCliAndItsTools() {
        assertEquals(Map.of(), ClaudeHookSettings.environment(Map.of("NO_PROXY", "example.com")));
        assertEquals(Map.of("NO_PROXY", "127.0.0.1", "no_proxy", "127.0.0.1"),
                ClaudeHookSettings.environment(Map.of("HTTPS_PROXY", "http://proxy:3128")));
        assertEquals(Map.of("NO_PROXY", "example.com,.corp,127.0.0.1", "no_proxy", "example.com,.corp,127.0.0.1"),
                ClaudeHookSettings.environment(Map.of("http_proxy", "http://proxy:3128", "NO_PROXY", "example.com, .corp",
                        "no_proxy", "example.com")));
        assertEquals(Map.of("NO_PROXY", "localhost,127.0.0.1", "no_proxy", "localhost,127.0.0.1"),
                ClaudeHookSettings.environment(Map.of("ALL_PROXY", "socks5://p:1080", "no_proxy", "localhost,127.0.0.1")));
        assertEquals(Map.of("NO_PROXY", "*", "no_proxy", "*"),
                ClaudeHookSettings.environment(Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", "*")));
        assertEquals(Map.of(), ClaudeHookSettings.environment(Map.of("HTTP_PROXY", " ")));
    }

    /** The SessionStart hook as the CLI runs it: curl with the hook's JSON on stdin, a dead proxy in the environment. */
    @Test
    void theSessionStartCurlCommandReachesTheServerPastAProxyAndPrintsNothing() throws Exception {
        Assumptions.assumeTrue(onPath("curl"), "curl is not installed");
        HookServer.Endpoint ep = server.register(9);
        ClaudeHookSettings.Prepared p = ClaudeHookSettings.write(ep, tmp.resolve("hooks"), Map.of());
        JsonObject hook = onlyHook(hooksOf(p.settingsFile()), "SessionStart");
        List<String> argv = new ArrayList<>();
        argv.add(hook.get("command").getAsString());
        for (JsonElement a : hook.getAsJsonArray("args")) {
            argv.add(a.getAsString());
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("http_proxy", "http://127.0.0.1:9");
        env.put("HTTPS_PROXY", "http://127.0.0.1:9");
        env.remove("NO_PROXY");
        env.remove("no_proxy");
        Process curl = pb.start();
        try (OutputStream in = curl.getOutputStream()) {
            in.write(("{\"session_id\":\"abc\",\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(curl.waitFor(10, TimeUnit.SECONDS));
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.exitValue(), out);
        assertEquals("", out, "a SessionStart hook's stdout would be added to the conversation");
        HookEvent e = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(e);
        assertEquals("SessionStart", e.name());
        assertEquals(AgentActivity.WAITING, e.activity());
        assertEquals("abc", e.agentSessionId());
    }

    private static boolean onPath(String program) {
        String path = new HashMap<>(System.getenv()).getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
