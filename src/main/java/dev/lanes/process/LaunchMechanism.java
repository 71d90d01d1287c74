package dev.lanes.process;

/** How the JVM starts programs: once, before the first one starts. */
public final class LaunchMechanism {

    private LaunchMechanism() {
    }

    /**
     * Starts programs with vfork on Linux and macOS unless the person chose otherwise
     * ({@code -Djdk.lang.Process.launchMechanism}). JDK 17's default there is posix_spawn of a
     * helper program ({@code jspawnhelper}) that then execs the real one: two execs per start.
     * vfork execs once, which with many short programs (a fan-out of 1,000 items) halves the cost
     * of a start (figures in docs/benchmarks.md). Call before any process starts: the JDK reads
     * the property once.
     */
    public static void preferVfork() {
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null
                && !System.getProperty("os.name", "").startsWith("Windows")) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
    }
}
