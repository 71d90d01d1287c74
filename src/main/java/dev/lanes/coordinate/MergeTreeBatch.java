package dev.lanes.coordinate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Parses {@code git merge-tree --write-tree --stdin -z --name-only --no-messages} (git 2.38+): for each input
 * line, in order, a status field ({@code 1} clean, {@code 0} conflicted), the merged tree's id, the conflicted
 * paths one per field, and an empty field ending the merge.
 */
final class MergeTreeBatch {

    /** One merge: clean or not, and the conflicted paths (sorted, each once). */
    record Merge(boolean clean, List<String> conflicts) {
    }

    private MergeTreeBatch() {
    }

    static List<Merge> parse(byte[] out, int expected) {
        List<String> f = LaneDiff.fields(out);
        List<Merge> merges = new ArrayList<>(expected);
        int i = 0;
        while (merges.size() < expected) {
            if (i + 1 >= f.size()) {
                throw new IllegalStateException("git merge-tree answered " + merges.size() + " of " + expected + " merges.");
            }
            String status = f.get(i++);
            if (!status.equals("0") && !status.equals("1")) {
                throw new IllegalStateException("git merge-tree printed a status it was not expected to: " + status);
            }
            i++; // the merged tree
            TreeSet<String> files = new TreeSet<>();
            while (i < f.size() && !f.get(i).isEmpty()) {
                files.add(f.get(i++));
            }
            i++; // the empty field closing this merge
            merges.add(new Merge(status.equals("1"), List.copyOf(files)));
        }
        return merges;
    }
}
