package dev.lanes;

import dev.lanes.settings.AppDirs;
import javafx.application.Application;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plain main class. It is not the {@link Application} subclass, so the runnable jar starts on
 * the class path without JavaFX's module check.
 */
public final class Launcher {

    /**
     * JavaFX warns "Unsupported JavaFX configuration" whenever it is loaded from the class path,
     * which is how the runnable jar and the installed app run it (supported in practice). Held in
     * a field: java.util.logging keeps its loggers only weakly.
     */
    private static final java.util.logging.Logger FX_PLATFORM_LOG =
            java.util.logging.Logger.getLogger("javafx");

    private Launcher() {
    }

    public static void main(String[] args) {
        // the window's sessions, tasks and fan-outs start programs as `lanes fanout` does
        dev.lanes.process.LaunchMechanism.preferVfork();
        if (args.length > 0 && args[0].equals("fanout")) {
            // the command line: no toolkit, no window
            System.exit(dev.lanes.fanout.FanoutCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println("Usage: lanes [REPOSITORY]\n       lanes fanout --help\n\nOpens Lanes on REPOSITORY (a folder inside a git repository);"
                        + "\nwithout one, the last repository reopens. \"lanes fanout …\" runs a command or an agent per file of a list, without a window.\n\nData folder: " + AppDirs.dataHome()
                        + " (set LANES_HOME to use another)");
                return;
            }
            if (arg.equals("--version")) {
                System.out.println("Lanes " + version());
                return;
            }
        }
        FX_PLATFORM_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        Path home = AppDirs.dataHome();
        System.setProperty("lanes.log.dir", home.resolve("logs").toString());
        usePty4jFolder(home);
        // logging starts up (reads its configuration) while the toolkit does
        Thread logging = new Thread(() -> LoggerFactory.getLogger(Launcher.class), "lanes-logging-init");
        logging.setDaemon(true);
        logging.start();
        Application.launch(LanesApp.class, args);
        // pty4j and other libraries may leave non-daemon threads behind: leave explicitly
        System.exit(0);
    }

    /**
     * pty4j unpacks its native library into {@code pty4j.tmpdir} when that folder exists, else into a
     * new temp folder on every start (left behind after a crash). Ours is {@code <data home>/pty4j}.
     */
    static void usePty4jFolder(Path home) {
        String set = System.getProperty("pty4j.tmpdir");
        Path dir = set == null || set.isBlank() ? home.resolve("pty4j") : Path.of(set);
        try {
            Files.createDirectories(dir);
            System.setProperty("pty4j.tmpdir", dir.toAbsolutePath().toString());
        } catch (IOException | RuntimeException e) {
            // pty4j falls back to a temp folder
        }
    }

    static String version() {
        String v = Launcher.class.getPackage().getImplementationVersion();
        return v == null ? "(development)" : v;
    }
}
