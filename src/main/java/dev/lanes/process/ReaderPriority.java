package dev.lanes.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Lowers the CPU priority of the thread that calls it: for the threads that read sessions'
 * output, so that, when sessions flood and the CPU is short, the window keeps drawing.
 *
 * <p>The reader does all the per-byte work of a session in Lanes (the log write, decoding,
 * parsing for the console); the program on the other end of the pipe blocks when the reader
 * falls behind, so lowering the reader slows a flood to what the machine can spare and keeps the
 * interface at its frame rate. With the CPU idle it changes nothing: a nice value only weighs
 * threads against each other when they compete. No byte is dropped: the pipe holds them.
 *
 * <p>Linux only (there a nice value belongs to one thread); elsewhere, and if the call fails, a
 * no-op. {@code -Dlanes.readerNice=0} turns it off.
 */
final class ReaderPriority {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderPriority.class);
    /** How much nicer than the rest of Lanes a reader runs: at +10 it weighs ~1/10 of a normal thread. */
    static final int NICE_DELTA = Integer.getInteger("lanes.readerNice", 10);
    private static final int PRIO_PROCESS = 0;
    private static volatile boolean unavailable = NICE_DELTA <= 0
            || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

    /** The C library's two calls, bound on first use (off the FX thread: readers call this). */
    private interface LibC extends Library {
        int getpriority(int which, int who);

        int setpriority(int which, int who, int prio);
    }

    private static final class Holder {
        static final LibC C = Native.load("c", LibC.class);
    }

    private ReaderPriority() {
    }

    /** Lowers the calling thread's priority by {@link #NICE_DELTA} (at most to 19). */
    static void lowerCurrentThread() {
        if (unavailable) {
            return;
        }
        try {
            // on Linux, "who = 0" with PRIO_PROCESS is the calling thread (its own scheduling entity)
            int current = Holder.C.getpriority(PRIO_PROCESS, 0);
            int target = Math.min(19, current + NICE_DELTA);
            if (Holder.C.setpriority(PRIO_PROCESS, 0, target) != 0) {
                unavailable = true;
                LOG.debug("Could not lower the priority of output readers (errno {})", Native.getLastError());
            }
        } catch (LinkageError | RuntimeException e) {
            unavailable = true;
            LOG.debug("Output readers keep their priority: {}", e.toString());
        }
    }

    /** The nice value of the calling thread, or {@code null} where it cannot be read (for tests). */
    static Integer currentNice() {
        try {
            return Holder.C.getpriority(PRIO_PROCESS, 0);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }
}
