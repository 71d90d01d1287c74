package dev.lanes.agent;

import dev.lanes.model.AgentProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a profile's argument groups into an argv (see {@link AgentProfile}): groups split on
 * spaces into tokens, placeholders filled, a group with an unset placeholder left out whole.
 * Values are never split, quoted or given to a shell.
 */
public final class CommandTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private CommandTemplate() {
    }

    /**
     * The argv: the executable, then each group that applies.
     *
     * @param values placeholder values; a missing, null or blank value is "unset"
     * @throws IllegalArgumentException if a group names a placeholder Lanes does not know, or if
     *                                  no group takes the prompt although one is given
     */
    public static List<String> expand(String executable, List<String> groups, Map<String, String> values) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        for (String group : groups) {
            List<String> tokens = tokens(group);
            if (tokens.isEmpty() || !allSet(tokens, values)) {
                continue;
            }
            for (String token : tokens) {
                argv.add(fill(token, values));
            }
        }
        return argv;
    }

    /** The placeholders a group uses. */
    static List<String> placeholders(String group) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(group);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> tokens(String group) {
        List<String> out = new ArrayList<>();
        for (String t : group.strip().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean allSet(List<String> tokens, Map<String, String> values) {
        for (String t : tokens) {
            for (String name : placeholders(t)) {
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("Unknown placeholder {" + name + "} in “" + t
                            + "”. Known: " + String.join(", ", KNOWN.stream().map(k -> "{" + k + "}").toList()) + ".");
                }
                String v = values.get(name);
                if (v == null || v.isBlank()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String fill(String token, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(token);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The placeholders Lanes fills. */
    public static final List<String> KNOWN = List.of("prompt", "model", "permissionMode", "budget", "maxTurns",
            "sessionId", "resumeId", "name", "allowedTools");
}
