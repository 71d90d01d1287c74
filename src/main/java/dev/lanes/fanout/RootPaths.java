package dev.lanes.fanout;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides what a path names inside a root folder: a file or a folder in it (as a '/'-separated path
 * relative to the root), or why not — outside the root (also through a symbolic link, of the file or
 * of a folder on the way), inside {@code .git}, missing, not a regular file. Shared by the fan-out
 * list ({@link FanoutList}) and {@code lanes fanout --files}.
 *
 * <p>A path is taken relative to the root as written (links inside the root are kept as links:
 * the entry is the link's path), after {@code .} and {@code ..} are resolved; an absolute path may
 * also start with the root's real location. Not thread-safe (it caches folders it has checked).
 */
final class RootPaths {

    /** What a path turned out to be. */
    enum Kind { FILE, FOLDER, REFUSED }

    /**
     * @param relative '/'-separated, relative to the root; empty for the root itself; null when refused
     * @param size     a file's size in bytes (through a link: its target's)
     * @param refusal  why not, when {@code kind} is REFUSED
     */
    record Resolved(Kind kind, String relative, Path file, long size, FanoutList.Refusal refusal) {
        boolean isFile() {
            return kind == Kind.FILE;
        }
    }

    private final Path root;
    private final String place;
    private Path realRoot;
    private String rootProblem;
    private final Map<Path, Boolean> folderInside = new HashMap<>();

    /**
     * @param root  the folder (made absolute)
     * @param place how sentences name it, e.g. "the repository /x/repo"
     */
    RootPaths(Path root, String place) {
        this.root = root.toAbsolutePath().normalize();
        this.place = place;
    }

    Path root() {
        return root;
    }

    String place() {
        return place;
    }

    /** Null when the root is a folder that exists, else a sentence saying what is wrong. */
    String rootProblem() {
        realRoot();
        return rootProblem;
    }

    private Path realRoot() {
        if (realRoot == null && rootProblem == null) {
            try {
                if (!Files.isDirectory(root)) {
                    rootProblem = "The folder " + root + " does not exist.";
                } else {
                    realRoot = root.toRealPath();
                }
            } catch (IOException e) {
                rootProblem = "The folder " + root + " cannot be read: " + e.getMessage();
            }
        }
        return realRoot;
    }

    /** {@code text} (absolute, or relative to the root) resolved; {@code shown} is how refusals quote it. */
    Resolved resolve(String text, String shown) {
        if (text.indexOf('\0') >= 0) {
            return refused(FanoutList.Refusal.Kind.INVALID, shown, "“" + PathText.shown(shown) + "” holds a NUL character, which no file name can.");
        }
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            return refused(FanoutList.Refusal.Kind.INVALID, shown, "“" + PathText.shown(shown) + "” is not a path: " + e.getReason() + ".");
        }
        return resolve(p, shown);
    }

    Resolved resolve(Path p, String shown) {
        Path real = realRoot();
        if (real == null) {
            return refused(FanoutList.Refusal.Kind.INVALID, shown, rootProblem);
        }
        Path abs = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        Path base;
        if (abs.startsWith(root)) {
            base = root;
        } else if (abs.startsWith(real)) {
            base = real;
        } else {
            return refused(FanoutList.Refusal.Kind.OUTSIDE, shown, "“" + PathText.shown(shown) + "” is outside " + place + ".");
        }
        Path rel = base.relativize(abs);
        if (rel.toString().isEmpty()) {
            return new Resolved(Kind.FOLDER, "", root, 0, null);
        }
        for (Path segment : rel) {
            if (segment.toString().equals(".git")) {
                return refused(FanoutList.Refusal.Kind.INSIDE_GIT, shown, "“" + PathText.shown(shown)
                        + "” is inside .git, where git keeps its own data.");
            }
        }
        return inspect(rel, slashes(rel), shown);
    }

    /**
     * A path git or a folder walk listed: already relative to the root, normalized, outside .git.
     * Only the checks that can still fail are made (existence, links leading out, the kind of file).
     */
    Resolved resolveListed(String relative) {
        if (realRoot() == null) {
            return refused(FanoutList.Refusal.Kind.INVALID, relative, rootProblem);
        }
        return inspect(root.getFileSystem().getPath(relative), relative, relative);
    }

    private Resolved inspect(Path rel, String relative, String shown) {
        Path real = realRoot;
        Path file = root.resolve(rel);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return refused(FanoutList.Refusal.Kind.MISSING, shown, "“" + PathText.shown(shown) + "” does not exist.");
        } catch (IOException e) {
            return refused(FanoutList.Refusal.Kind.MISSING, shown, "“" + PathText.shown(shown) + "” cannot be read: " + reason(e));
        }
        Path parent = rel.getParent();
        if (parent != null && !folderInside(parent)) {
            return refused(FanoutList.Refusal.Kind.LINK_OUTSIDE, shown, "“" + PathText.shown(shown)
                    + "” is in a folder that is a link to somewhere outside " + place + ".");
        }
        if (a.isSymbolicLink()) {
            Path target;
            try {
                target = file.toRealPath();
            } catch (NoSuchFileException e) {
                return refused(FanoutList.Refusal.Kind.MISSING, shown, "“" + PathText.shown(shown) + "” is a link to a file that does not exist.");
            } catch (IOException e) {
                return refused(FanoutList.Refusal.Kind.MISSING, shown, "“" + PathText.shown(shown) + "” is a link that cannot be followed: " + reason(e));
            }
            if (!target.startsWith(real)) {
                return refused(FanoutList.Refusal.Kind.LINK_OUTSIDE, shown, "“" + PathText.shown(shown) + "” is a link to "
                        + PathText.shown(target.toString()) + ", outside " + place + ".");
            }
            try {
                a = Files.readAttributes(target, BasicFileAttributes.class);
            } catch (IOException e) {
                return refused(FanoutList.Refusal.Kind.MISSING, shown, "“" + PathText.shown(shown) + "” cannot be read: " + reason(e));
            }
        }
        if (a.isRegularFile()) {
            return new Resolved(Kind.FILE, relative, file, a.size(), null);
        }
        if (a.isDirectory()) {
            return new Resolved(Kind.FOLDER, relative, file, 0, null);
        }
        return refused(FanoutList.Refusal.Kind.NOT_A_FILE, shown, "“" + PathText.shown(shown)
                + "” is not a regular file (a pipe, socket or device).");
    }

    /** Whether the root-relative folder {@code rel} really lies inside the root (no link on the way leads out). */
    private boolean folderInside(Path rel) {
        Boolean known = folderInside.get(rel);
        if (known != null) {
            return known;
        }
        boolean inside;
        try {
            inside = root.resolve(rel).toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            inside = false;
        }
        folderInside.put(rel, inside);
        return inside;
    }

    /** Forgets the folders checked so far (the disk may have changed since). */
    void forget() {
        folderInside.clear();
    }

    static String slashes(Path rel) {
        String s = rel.toString();
        return rel.getFileSystem().getSeparator().equals("/") ? s : s.replace(rel.getFileSystem().getSeparator(), "/");
    }

    private static String reason(IOException e) {
        String r = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
        return r.endsWith(".") ? r : r + ".";
    }

    private static Resolved refused(FanoutList.Refusal.Kind kind, String input, String sentence) {
        return new Resolved(Kind.REFUSED, null, null, 0, new FanoutList.Refusal(kind, input, sentence));
    }
}
