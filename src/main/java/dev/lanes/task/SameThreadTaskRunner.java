package dev.lanes.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs work and its callback at once on the calling thread: the test twin of {@link ExecutorTaskRunner}. */
public final class SameThreadTaskRunner implements TaskRunner {

    private Listener listener;

    @Override
    public <T> TaskHandle run(String title, Callable<T> work, Consumer<? super T> onSuccess,
                              Consumer<? super Throwable> onFailure) {
        TaskHandle handle = new TaskHandle() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public void cancel() {
                // already done: it ran inline
            }

            @Override
            public boolean isDone() {
                return true;
            }
        };
        if (listener != null) {
            listener.started(handle);
        }
        T result = null;
        Exception error = null;
        try {
            result = work.call();
        } catch (Exception e) {
            error = e;
        }
        if (listener != null) {
            listener.finished(handle);
        }
        if (error != null) {
            onFailure.accept(ExecutorTaskRunner.unwrap(error));
        } else {
            onSuccess.accept(result);
        }
        return handle;
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void close() {
        // nothing to stop
    }
}
