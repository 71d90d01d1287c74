package dev.lanes.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Opens folders in the file manager and terminals in a folder, the platform's way. Programs are
 * started detached with an argv; nothing goes through a shell.
 */
public final class Desktop {

    private final String os;
    private final Map<String, String> env;
    private final Function<String, Path> which;

    public Desktop() {
        this(System.getProperty("os.name", ""), System.getenv(), Desktop::findOnPath);
    }

    Desktop(String os, Map<String, String> env, Function<String, Path> which) {
        this.os = os.toLowerCase(Locale.ROOT);
        this.env = env;
        this.which = which;
    }

    /** Shows the folder in the file manager. */
    public void openFolder(Path folder) {
        requireFolder(folder);
        List<String> argv;
        if (os.contains("mac")) {
            argv = List.of("open", folder.toString());
        } else if (os.contains("win")) {
            argv = List.of("explorer.exe", folder.toString());
        } else {
            argv = List.of(require("xdg-open", "Install xdg-utils to open folders from Lanes.").toString(), folder.toString());
        }
        launch(argv, folder);
    }

    /** Opens a file with the program the desktop associates with it (a log in a text editor). */
    public void openFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DesktopException("The file " + file + " does not exist.");
        }
        List<String> argv;
        if (os.contains("mac")) {
            argv = List.of("open", file.toString());
        } else if (os.contains("win")) {
            argv = List.of("cmd.exe", "/c", "start", "", file.toString());
        } else {
            argv = List.of(require("xdg-open", "Install xdg-utils to open files from Lanes.").toString(), file.toString());
        }
        launch(argv, file.getParent());
    }

    /** Opens a terminal window whose shell starts in {@code folder}. */
    public void openTerminal(Path folder) {
        requireFolder(folder);
        launch(terminalCommand(folder), folder);
    }

    /** The argv that opens a terminal in {@code folder}; {@code $TERMINAL} wins when set. */
    List<String> terminalCommand(Path folder) {
        String dir = folder.toString();
        if (os.contains("mac")) {
            return List.of("open", "-a", "Terminal", dir);
        }
        if (os.contains("win")) {
            return List.of("cmd.exe", "/c", "start", "", "/D", dir, "cmd.exe");
        }
        String custom = env.get("TERMINAL");
        if (custom != null && !custom.isBlank() && which.apply(custom.strip()) != null) {
            return List.of(which.apply(custom.strip()).toString());
        }
        record Known(String name, List<String> args) {
        }
        List<Known> known = List.of(
                new Known("x-terminal-emulator", List.of()),
                new Known("gnome-terminal", List.of("--working-directory=" + dir)),
                new Known("konsole", List.of("--workdir", dir)),
                new Known("xfce4-terminal", List.of("--working-directory=" + dir)),
                new Known("kitty", List.of("--directory", dir)),
                new Known("alacritty", List.of("--working-directory", dir)),
                new Known("wezterm", List.of("start", "--cwd", dir)),
                new Known("foot", List.of("--working-directory=" + dir)),
                new Known("xterm", List.of()));
        for (Known k : known) {
            Path exe = which.apply(k.name());
            if (exe != null) {
                List<String> argv = new ArrayList<>();
                argv.add(exe.toString());
                argv.addAll(k.args());
                return argv;
            }
        }
        throw new DesktopException("No terminal program was found. Install one (gnome-terminal, konsole, xterm…) "
                + "or set the TERMINAL environment variable to the one you use.");
    }

    private void launch(List<String> argv, Path folder) {
        try {
            new ProcessBuilder(argv).directory(folder.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .getOutputStream().close();
        } catch (IOException e) {
            throw new DesktopException("Could not start " + argv.get(0) + ": " + e.getMessage());
        }
    }

    private Path require(String program, String hint) {
        Path p = which.apply(program);
        if (p == null) {
            throw new DesktopException(program + " was not found. " + hint);
        }
        return p;
    }

    private static void requireFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DesktopException("The folder " + folder + " does not exist (was it deleted?).");
        }
    }

    /** The first executable named {@code program} on PATH (or the path itself when it has a slash). */
    public static Path findOnPath(String program) {
        if (program.contains("/") || program.contains("\\")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Something the desktop could not do; the message is for the person. */
    public static final class DesktopException extends RuntimeException {
        public DesktopException(String message) {
            super(message);
        }
    }
}
