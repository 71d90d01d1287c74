package dev.lanes.agent;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings file that makes an interactive {@code claude} report to {@link HookServer}: passed as
 * {@code claude --settings <file>}, it adds Lanes's hooks to whatever hooks the person has (hooks
 * from all settings sources run).
 *
 * <ul>
 *   <li>HTTP hooks ({@code "type": "http"}) for {@link ClaudeHooks#HTTP_HOOKS}: the CLI POSTs the
 *       hook's JSON to the session's URL with the secret in a header. No shell, no curl.</li>
 *   <li>A command hook for SessionStart, where 2.1.332 skips HTTP hooks ("HTTP hooks are not
 *       supported for SessionStart"): {@code curl} in exec form (an argument list, no shell) with
 *       its URL and secret in a curl config file, so the secret never appears on a command line
 *       ({@code ps} shows every user's command lines). Without curl on the PATH that one hook fails
 *       (the TUI says so once) and the session stays "starting" until its first prompt.</li>
 * </ul>
 * Both files are written with mode 600 in a folder of mode 700 (on POSIX file systems): they hold
 * the secret. Neither hook can block or fail the agent: each has a short timeout, Lanes answers at
 * once with an empty 200 (no decision), and a hook that cannot reach Lanes is a non-blocking error
 * the TUI shows as "… hook failed: connect ECONNREFUSED".
 *
 * <p>Proxies: the CLI sends HTTP hooks through {@code HTTP_PROXY}/{@code HTTPS_PROXY} unless the
 * URL matches {@code NO_PROXY}, and curl honours {@code http_proxy}; with a proxy set and 127.0.0.1
 * not excluded, no hook reaches Lanes. {@link Prepared#environment()} adds 127.0.0.1 to
 * {@code NO_PROXY} and {@code no_proxy} when a proxy variable is set; curl gets {@code --noproxy *}.
 */
public final class ClaudeHookSettings {

    private static final Logger LOG = LoggerFactory.getLogger(ClaudeHookSettings.class);

    /** Seconds the CLI waits for each hook before giving up on it (Lanes answers in milliseconds). */
    static final int HOOK_TIMEOUT_SECONDS = 5;
    /** curl's own limit for the whole request, under the hook's timeout. */
    static final int CURL_MAX_TIME_SECONDS = 3;
    static final String LOOPBACK = "127.0.0.1";
    private static final List<String> PROXY_VARIABLES = List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY");

    /**
     * A session's hook files, the arguments that pass them to the CLI and the environment it needs.
     *
     * @param settingsFile the JSON settings file ({@code --settings})
     * @param curlConfig   the curl config file the SessionStart hook reads (URL and secret)
     * @param arguments    {@code ["--settings", <settingsFile>]}: put them right after the executable
     * @param environment  variables to add to the session's environment: {@code NO_PROXY} and
     *                     {@code no_proxy} with 127.0.0.1 added when a proxy is set, else empty
     */
    public record Prepared(Path settingsFile, Path curlConfig, List<String> arguments, Map<String, String> environment) {
        public Prepared {
            arguments = List.copyOf(arguments);
            environment = Map.copyOf(environment);
        }

        /** Deletes both files (when the session has ended); never throws. */
        public void delete() {
            deleteQuietly(settingsFile);
            deleteQuietly(curlConfig);
        }
    }

    private ClaudeHookSettings() {
    }

    /**
     * Writes {@code claude-hooks-<sessionId>.json} and {@code claude-hooks-<sessionId>.curlrc} into
     * {@code folder} (created, mode 700; files mode 600, replaced if they exist).
     *
     * @param folder    a folder for these files alone (its mode is set to 700), e.g.
     *                  {@code AppDirs.dataHome().resolve("hooks")}
     * @param inherited the environment the session starts from (to see whether a proxy is set)
     */
    public static Prepared write(HookServer.Endpoint endpoint, Path folder, Map<String, String> inherited)
            throws IOException {
        Path dir = folder.toAbsolutePath();
        createPrivateFolder(dir);
        Path settings = dir.resolve("claude-hooks-" + endpoint.sessionId() + ".json");
        Path curl = dir.resolve("claude-hooks-" + endpoint.sessionId() + ".curlrc");
        writePrivate(curl, curlConfig(endpoint));
        writePrivate(settings, json(endpoint, curl));
        return new Prepared(settings, curl, arguments(settings), environment(inherited));
    }

    /** {@code --settings <file>}. */
    public static List<String> arguments(Path settingsFile) {
        return List.of("--settings", settingsFile.toAbsolutePath().toString());
    }

    /** The settings JSON: Lanes's hooks for the endpoint, the SessionStart hook reading {@code curlConfig}. */
    static String json(HookServer.Endpoint endpoint, Path curlConfig) {
        JsonObject hooks = new JsonObject();
        for (String event : ClaudeHooks.COMMAND_HOOKS) {
            hooks.add(event, matcherGroup(curlHook(curlConfig)));
        }
        for (String event : ClaudeHooks.HTTP_HOOKS) {
            hooks.add(event, matcherGroup(httpHook(endpoint)));
        }
        JsonObject root = new JsonObject();
        root.add("hooks", hooks);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    /** curl's config: where to POST and the secret (curl reads the hook's JSON from stdin). */
    static String curlConfig(HookServer.Endpoint endpoint) {
        return "# Lanes: where this session's SessionStart hook reports (written by Lanes, deleted with the session)\n"
                + "url = \"" + endpoint.url() + "\"\n"
                + "header = \"" + HookServer.SECRET_HEADER + ": " + endpoint.secret() + "\"\n"
                + "header = \"Content-Type: application/json\"\n";
    }

    /**
     * {@code NO_PROXY} and {@code no_proxy}, both holding the entries of either plus 127.0.0.1, when
     * one of {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code ALL_PROXY} (any case) is set; otherwise
     * nothing.
     */
    static Map<String, String> environment(Map<String, String> inherited) {
        boolean proxied = PROXY_VARIABLES.stream().anyMatch(v -> notBlank(inherited.get(v))
                || notBlank(inherited.get(v.toLowerCase(Locale.ROOT))));
        if (!proxied) {
            return Map.of();
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String v : List.of("NO_PROXY", "no_proxy")) {
            String value = inherited.get(v);
            if (value != null) {
                for (String e : value.split(",")) {
                    if (!e.isBlank()) {
                        entries.add(e.strip());
                    }
                }
            }
        }
        if (!entries.contains("*")) {
            entries.add(LOOPBACK);
        }
        String merged = String.join(",", entries);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NO_PROXY", merged);
        env.put("no_proxy", merged);
        return env;
    }

    private static JsonArray matcherGroup(JsonObject hook) {
        // no "matcher": every tool, every notification type
        JsonArray list = new JsonArray();
        list.add(hook);
        JsonObject group = new JsonObject();
        group.add("hooks", list);
        JsonArray groups = new JsonArray();
        groups.add(group);
        return groups;
    }

    private static JsonObject httpHook(HookServer.Endpoint endpoint) {
        JsonObject headers = new JsonObject();
        headers.addProperty(HookServer.SECRET_HEADER, endpoint.secret());
        JsonObject hook = new JsonObject();
        hook.addProperty("type", "http");
        hook.addProperty("url", endpoint.url().toString());
        hook.add("headers", headers);
        hook.addProperty("timeout", HOOK_TIMEOUT_SECONDS);
        return hook;
    }

    private static JsonObject curlHook(Path curlConfig) {
        List<String> args = new ArrayList<>(List.of("--silent", "--show-error", "--max-time",
                String.valueOf(CURL_MAX_TIME_SECONDS), "--noproxy", "*", "--config",
                curlConfig.toAbsolutePath().toString(), "--data-binary", "@-"));
        JsonArray argv = new JsonArray();
        args.forEach(argv::add);
        JsonObject hook = new JsonObject();
        hook.addProperty("type", "command");
        // exec form: "args" present, so the CLI spawns curl directly (no shell parses the path)
        hook.addProperty("command", "curl");
        hook.add("args", argv);
        hook.addProperty("timeout", HOOK_TIMEOUT_SECONDS);
        return hook;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void createPrivateFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (posix()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            return;
        }
        if (posix()) {
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Writes a new file that only its owner can read: created with mode 600, never widened first. */
    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        FileAttribute<?>[] attrs = posix()
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (OutputStream out = Files.newOutputStream(Files.createFile(file, attrs), StandardOpenOption.WRITE)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not delete {}: {}", file, e.toString());
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
