package dev.lanes.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a person could lose in a checkout: every file's bytes (outside .git), HEAD, the index
 * entries and whether a merge is in progress. Two equal snapshots mean nothing changed.
 */
public record TreeSnapshot(Map<String, String> files, String head, String index, boolean mergeInProgress) {

    public static TreeSnapshot of(Path checkout) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(checkout)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = checkout.relativize(p);
                if (rel.toString().isEmpty() || rel.getName(0).toString().equals(".git") || Files.isDirectory(p)) {
                    continue;
                }
                files.put(rel.toString(), sha(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String head = TestRepo.gitIn(checkout, "rev-parse", "HEAD").strip();
        String index = TestRepo.gitIn(checkout, "ls-files", "--stage");
        boolean merging = TestRepo.run(checkout, "rev-parse", "-q", "--verify", "MERGE_HEAD").exit() == 0;
        return new TreeSnapshot(files, head, index, merging);
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
