package dev.lanes.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a log file, decoded, starting at a line boundary. */
public final class LogTail {

    private LogTail() {
    }

    /** The last {@code maxBytes} of {@code log}; "" when there is no such file. */
    public static String read(Path log, int maxBytes) {
        return read(log, Long.MAX_VALUE, maxBytes);
    }

    /** The last {@code maxBytes} of the first {@code limit} bytes of {@code log}; "" when there is no such file. */
    public static String read(Path log, long limit, int maxBytes) {
        if (log == null || !Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long end = Math.min(limit, f.length());
            long start = Math.max(0, end - maxBytes);
            byte[] bytes = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(bytes);
            int from = 0;
            if (start > 0) {
                // begin at a line (or at least a character) boundary
                while (from < bytes.length && bytes[from] != '\n' && from < 4096) {
                    from++;
                }
                from = from < bytes.length ? from + 1 : 0;
            }
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read the log " + log + ": " + e.getMessage() + ")\n";
        }
    }
}
