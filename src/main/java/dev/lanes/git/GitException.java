package dev.lanes.git;

/**
 * A git operation that could not be done. The message is one plain sentence for the person; the
 * detail holds what git itself printed, for the expandable part of an error dialog.
 */
public class GitException extends RuntimeException {

    private final String detail;

    public GitException(String message) {
        this(message, null, null);
    }

    public GitException(String message, String detail) {
        this(message, detail, null);
    }

    public GitException(String message, String detail, Throwable cause) {
        super(message, cause);
        this.detail = detail == null ? "" : detail.strip();
    }

    /** What git printed, or an empty string. */
    public String detail() {
        return detail;
    }
}
