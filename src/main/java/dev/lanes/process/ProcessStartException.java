package dev.lanes.process;

/** A process that could not be started; the message is a sentence for the person. */
public final class ProcessStartException extends RuntimeException {

    public ProcessStartException(String message) {
        super(message);
    }
}
