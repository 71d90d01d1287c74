package dev.lanes.coordinate;

import java.util.ArrayList;
import java.util.List;

/**
 * A lane's changes as a unified diff, split into lines that know what they are (file header, hunk header, added,
 * removed…), for a view that colours them. Immutable.
 *
 * @param lane      the lane's folder name
 * @param against   what the diff is taken against, for a person ("main at 1a2b3c4")
 * @param lines     the diff's lines, at most {@link #LINE_LIMIT}; a line longer than {@link #LINE_WIDTH} is cut with "…"
 * @param files     how many files the diff touches (counted over the whole diff, also past the cut)
 * @param added     lines added (over the whole diff)
 * @param removed   lines removed (over the whole diff)
 * @param cutAfter  0 when every line is in {@link #lines}; else the diff's total number of lines
 */
public record UnifiedDiff(String lane, String against, List<Line> lines, int files, int added, int removed, int cutAfter) {

    /** Lines kept for the view: beyond this the diff is cut with a note (a view of 20,000 lines stays quick). */
    public static final int LINE_LIMIT = 20_000;
    /** Characters kept of one line (a minified file's single line would make any text control crawl). */
    public static final int LINE_WIDTH = 2_000;

    public enum Kind {
        /** {@code diff --git a/x b/x}: a new file begins. */
        FILE,
        /** The file's header lines: index, modes, ---/+++, renames, "Binary files … differ". */
        META,
        /** {@code @@ -1,3 +1,4 @@}. */
        HUNK,
        ADDED,
        REMOVED,
        CONTEXT,
        /** "\ No newline at end of file". */
        NOTE
    }

    public record Line(Kind kind, String text) {
    }

    public UnifiedDiff {
        lines = List.copyOf(lines);
    }

    public boolean isCut() {
        return cutAfter > 0;
    }

    public boolean isEmpty() {
        return files == 0;
    }

    /** Splits git's unified diff into classified lines, keeping at most {@code limit} of them. */
    public static UnifiedDiff parse(String lane, String against, String text, int limit) {
        List<Line> out = new ArrayList<>(Math.min(limit, 1024));
        int files = 0;
        int added = 0;
        int removed = 0;
        int total = 0;
        boolean inHunk = false;
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            String line = text.substring(start, end);
            start = end + 1;
            Kind kind;
            if (line.startsWith("diff --git ") || line.startsWith("diff --cc ")) {
                kind = Kind.FILE;
                inHunk = false;
                files++;
            } else if (line.startsWith("@@")) {
                kind = Kind.HUNK;
                inHunk = true;
            } else if (!inHunk) {
                kind = Kind.META;
            } else if (line.startsWith("+")) {
                kind = Kind.ADDED;
                added++;
            } else if (line.startsWith("-")) {
                kind = Kind.REMOVED;
                removed++;
            } else if (line.startsWith("\\")) {
                kind = Kind.NOTE;
            } else {
                kind = Kind.CONTEXT;
            }
            total++;
            if (out.size() < limit) {
                out.add(new Line(kind, line.length() > LINE_WIDTH ? line.substring(0, LINE_WIDTH) + " …" : line));
            }
        }
        return new UnifiedDiff(lane, against, out, files, added, removed, total > out.size() ? total : 0);
    }
}
