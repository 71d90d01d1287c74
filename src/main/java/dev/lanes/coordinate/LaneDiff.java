package dev.lanes.coordinate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code git diff --raw --numstat -z --no-abbrev}: first one raw record per file
 * ({@code :srcmode dstmode srcoid dstoid STATUS} then its path, or two paths for a rename or copy), then
 * one numstat record per file ({@code added TAB removed TAB path}, or {@code added TAB removed TAB} followed
 * by the two paths of a rename). With -z no path is quoted, so any name survives; a path may even start
 * with ':' or hold a tab, which is why the records are read by position, never by searching.
 */
final class LaneDiff {

    /** One file of the diff. {@code dstOid} is all zeros when the working tree's file differs from the index. */
    record Entry(String path, String previousPath, char status, String dstOid, int added, int removed) {
    }

    private LaneDiff() {
    }

    static List<Entry> parse(byte[] out) {
        List<String> f = fields(out);
        List<String[]> raws = new ArrayList<>();
        int i = 0;
        while (i < f.size() && f.get(i).startsWith(":")) {
            String[] head = f.get(i++).substring(1).split(" ");
            if (head.length < 5 || head[4].isEmpty()) {
                throw new IllegalStateException("git diff printed a record it was not expected to: " + String.join(" ", head));
            }
            char status = head[4].charAt(0);
            String first = field(f, i++);
            String second = status == 'R' || status == 'C' ? field(f, i++) : null;
            raws.add(new String[] {second == null ? first : second, second == null ? null : first, String.valueOf(status), head[3]});
        }
        Map<String, int[]> counts = new HashMap<>();
        while (i < f.size()) {
            String s = f.get(i++);
            if (s.isEmpty()) {
                continue;
            }
            int t1 = s.indexOf('\t');
            int t2 = t1 < 0 ? -1 : s.indexOf('\t', t1 + 1);
            if (t2 < 0) {
                throw new IllegalStateException("git diff printed a line count it was not expected to: " + s);
            }
            String path = s.substring(t2 + 1);
            if (path.isEmpty()) {
                field(f, i++); // the previous path of a rename
                path = field(f, i++);
            }
            counts.put(path, new int[] {count(s.substring(0, t1)), count(s.substring(t1 + 1, t2))});
        }
        List<Entry> entries = new ArrayList<>(raws.size());
        for (String[] r : raws) {
            int[] c = counts.getOrDefault(r[0], new int[] {ChangedFile.UNKNOWN, ChangedFile.UNKNOWN});
            entries.add(new Entry(r[0], r[1], r[2].charAt(0), r[3], c[0], c[1]));
        }
        return entries;
    }

    /** NUL-separated fields, empty ones kept (they carry meaning in some outputs). */
    static List<String> fields(byte[] out) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                fields.add(new String(out, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < out.length) {
            fields.add(new String(out, start, out.length - start, StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String field(List<String> f, int i) {
        if (i >= f.size()) {
            throw new IllegalStateException("git diff's output ended in the middle of a record.");
        }
        return f.get(i);
    }

    private static int count(String s) {
        if (s.equals("-")) {
            return ChangedFile.UNKNOWN;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return ChangedFile.UNKNOWN;
        }
    }

    static ChangedFile.Kind kind(char status) {
        return switch (status) {
            case 'A' -> ChangedFile.Kind.ADDED;
            case 'D' -> ChangedFile.Kind.DELETED;
            case 'R' -> ChangedFile.Kind.RENAMED;
            case 'C' -> ChangedFile.Kind.COPIED;
            case 'T' -> ChangedFile.Kind.TYPE_CHANGED;
            case 'U' -> ChangedFile.Kind.UNMERGED;
            default -> ChangedFile.Kind.MODIFIED;
        };
    }
}
