package dev.lanes.task;

/** One piece of submitted background work. */
public interface TaskHandle {

    String title();

    /** Asks the work to stop (interrupts its thread); its callbacks are then not called. */
    void cancel();

    boolean isDone();
}
