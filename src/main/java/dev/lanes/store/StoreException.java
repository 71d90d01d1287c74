package dev.lanes.store;

/**
 * The store could not be opened, read or written. The message is one plain sentence for the person
 * (it names the file and says what was left as it was); the cause holds what SQLite itself reported.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
