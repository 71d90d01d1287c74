package dev.lanes.process;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The argv for a command line a person typed (a setup command such as {@code npm install}). This is
 * the only place Lanes hands text to a shell: everything Lanes builds itself is an argv.
 */
public final class ShellCommand {

    private ShellCommand() {
    }

    /** The person's login shell ({@code $SHELL}), else {@code /bin/sh}; {@code cmd.exe} on Windows. */
    public static String loginShell() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return "cmd.exe";
        }
        String shell = System.getenv("SHELL");
        return shell != null && shell.startsWith("/") && java.nio.file.Files.isExecutable(java.nio.file.Path.of(shell)) ? shell : "/bin/sh";
    }

    public static List<String> argv(String typed) {
        return argv(typed, System.getProperty("os.name", ""), System.getenv());
    }

    static List<String> argv(String typed, String osName, Map<String, String> env) {
        if (osName.toLowerCase(Locale.ROOT).contains("win")) {
            return List.of("cmd.exe", "/d", "/s", "/c", typed);
        }
        String shell = env.get("SHELL");
        if (shell != null && shell.startsWith("/") && java.nio.file.Files.isExecutable(java.nio.file.Path.of(shell))) {
            // a login shell, so tools installed through the person's profile (nvm, sdkman…) are on PATH
            return List.of(shell, "-l", "-c", typed);
        }
        return List.of("/bin/sh", "-c", typed);
    }
}
