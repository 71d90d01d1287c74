package dev.lanes.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to start: an argv (never a string for a shell, unless the person typed one: see
 * {@link ShellCommand}), the folder it runs in, variables added to the inherited environment
 * (a {@code null} value removes one), and the file that receives every output byte.
 */
public record ProcessSpec(List<String> argv, Path folder, Map<String, String> environment, Path logFile) {

    public ProcessSpec {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
        argv = List.copyOf(argv);
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(environment));
    }

    /** Applies {@code changes} to a process environment: a null value removes the variable, any other sets it. */
    public static void changeEnvironment(Map<String, String> env, Map<String, String> changes) {
        changes.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
    }
}
