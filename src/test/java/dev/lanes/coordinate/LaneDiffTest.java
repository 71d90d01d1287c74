package dev.lanes.coordinate;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The two -z outputs the coordinator reads, including names that look like the format itself. */
class LaneDiffTest {

    private static final String A = "1".repeat(40);
    private static final String B = "2".repeat(40);
    private static final String Z = "0".repeat(40);

    private static byte[] z(String... fields) {
        return (String.join("\0", fields) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rawAndNumstatRecordsAreReadByPositionSoNamesMayLookLikeRecords() {
        byte[] out = z(":100644 100644 " + A + " " + B + " M", ":looks like raw",
                ":100644 100644 " + A + " " + Z + " R087", "old\tname", "1\t2\tnew",
                ":100644 000000 " + A + " " + Z + " D", "gone\nline",
                ":000000 100644 " + Z + " " + B + " A", "pic.png",
                "3\t4\t:looks like raw",
                "5\t0\t", "old\tname", "1\t2\tnew",
                "0\t7\tgone\nline",
                "-\t-\tpic.png");
        List<LaneDiff.Entry> e = LaneDiff.parse(out);
        assertEquals(List.of(
                new LaneDiff.Entry(":looks like raw", null, 'M', B, 3, 4),
                new LaneDiff.Entry("1\t2\tnew", "old\tname", 'R', Z, 5, 0),
                new LaneDiff.Entry("gone\nline", null, 'D', Z, 0, 7),
                new LaneDiff.Entry("pic.png", null, 'A', B, ChangedFile.UNKNOWN, ChangedFile.UNKNOWN)), e);
    }

    @Test
    void aTruncatedOutputIsAnErrorNotAGuess() {
        assertThrows(IllegalStateException.class, () -> LaneDiff.parse(z(":100644 100644 " + A + " " + B + " R100", "only-old")));
        assertEquals(List.of(), LaneDiff.parse(new byte[0]));
    }

    @Test
    void mergeTreeBatchesAreSplitOnTheEmptyFieldEndingEachMerge() {
        byte[] out = z("0", A, "a.txt", "b\nc.txt", "a.txt", "", "1", B, "", "0", A, "x", "");
        List<MergeTreeBatch.Merge> m = MergeTreeBatch.parse(out, 3);
        assertEquals(List.of(new MergeTreeBatch.Merge(false, List.of("a.txt", "b\nc.txt")),
                new MergeTreeBatch.Merge(true, List.of()), new MergeTreeBatch.Merge(false, List.of("x"))), m);
        assertThrows(IllegalStateException.class, () -> MergeTreeBatch.parse(out, 4));
    }
}
