package dev.lanes.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentProfile.Mode;
import dev.lanes.model.AgentProfile.OutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent profile as the JSON kept in the store. Reading is lenient where it can be: unknown
 * fields are ignored, and a missing or mistyped field takes the shipped profile's value (for a
 * built-in id) or a plain default (for a custom one). An unknown mode or output format (written by
 * a newer Lanes) falls back the same way, with a log line. Only a row that is not a JSON object,
 * or that ends up without a name or an executable, is refused.
 *
 * <p>Whether a profile is built in follows from its id, never from the JSON.
 */
public final class AgentProfileJson {

    private static final Logger LOG = LoggerFactory.getLogger(AgentProfileJson.class);

    /** Written into every object, for a later change of shape. */
    static final int FORMAT = 1;

    private AgentProfileJson() {
    }

    public static String toJson(AgentProfile p) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("id", p.id());
        o.addProperty("name", p.name());
        o.addProperty("executable", p.executable());
        o.addProperty("mode", p.mode().name());
        o.add("firstRun", array(p.firstRun()));
        o.add("followUp", array(p.followUp()));
        o.addProperty("output", p.output().name());
        o.addProperty("costFromResult", p.costFromResult());
        o.add("versionArgs", array(p.versionArgs()));
        o.addProperty("installHint", p.installHint());
        return o.toString();
    }

    /**
     * Reads a stored profile.
     *
     * @param id the row's id (it wins over an {@code id} inside the JSON)
     * @throws IllegalArgumentException with the reason, when the row cannot be used
     */
    public static AgentProfile fromJson(String id, String json) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("it has no id");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(json == null ? "" : json);
        } catch (JsonParseException e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalArgumentException("it is not JSON (" + m.replaceFirst("^[\\w.]+Exception: ", "") + ")", e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        JsonObject o = root.getAsJsonObject();
        Optional<AgentProfile> shipped = BuiltInProfiles.find(id);
        String name = string(o, "name").filter(s -> !s.isBlank()).or(() -> shipped.map(AgentProfile::name))
                .orElseThrow(() -> new IllegalArgumentException("it has no name"));
        String executable = string(o, "executable").filter(s -> !s.isBlank())
                .or(() -> shipped.map(AgentProfile::executable))
                .orElseThrow(() -> new IllegalArgumentException("it has no executable"));
        Mode mode = constant(id, o, "mode", Mode.class).or(() -> shipped.map(AgentProfile::mode)).orElse(Mode.HEADLESS);
        OutputFormat output = constant(id, o, "output", OutputFormat.class).or(() -> shipped.map(AgentProfile::output))
                .orElse(mode == Mode.INTERACTIVE ? OutputFormat.TERMINAL : OutputFormat.TEXT);
        List<String> firstRun = strings(o, "firstRun").or(() -> shipped.map(AgentProfile::firstRun)).orElse(List.of());
        List<String> followUp = strings(o, "followUp").or(() -> shipped.map(AgentProfile::followUp)).orElse(List.of());
        boolean cost = bool(o, "costFromResult").or(() -> shipped.map(AgentProfile::costFromResult))
                .orElse(output == OutputFormat.CLAUDE_STREAM_JSON);
        List<String> versionArgs = strings(o, "versionArgs").or(() -> shipped.map(AgentProfile::versionArgs))
                .orElse(List.of("--version"));
        String hint = string(o, "installHint").or(() -> shipped.map(AgentProfile::installHint)).orElse("");
        return new AgentProfile(id, name.strip(), executable.strip(), mode, firstRun, followUp, output, cost,
                versionArgs, hint, shipped.isPresent());
    }

    private static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    private static Optional<String> string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e instanceof JsonPrimitive p && p.isString() ? Optional.of(p.getAsString()) : Optional.empty();
    }

    private static Optional<Boolean> bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e instanceof JsonPrimitive p && p.isBoolean() ? Optional.of(p.getAsBoolean()) : Optional.empty();
    }

    /** A list of strings; an element of another type is left out. */
    private static Optional<List<String>> strings(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (!(e instanceof JsonArray a)) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : a) {
            if (x instanceof JsonPrimitive p && p.isString()) {
                out.add(p.getAsString());
            }
        }
        return Optional.of(out);
    }

    private static <E extends Enum<E>> Optional<E> constant(String id, JsonObject o, String key, Class<E> type) {
        Optional<String> text = string(o, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, text.get()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Agent profile {}: unknown {} “{}” (from a newer Lanes?); using the default", id, key, text.get());
            return Optional.empty();
        }
    }
}
