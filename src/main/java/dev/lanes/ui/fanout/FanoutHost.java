package dev.lanes.ui.fanout;

import dev.lanes.AppServices;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.FanoutStore;
import dev.lanes.model.AgentProfile;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The fan-out tabs' door to the application's services. */
public final class FanoutHost implements FanoutUi.Host {

    private final AppServices services;
    private final Supplier<Window> window;
    private final BiConsumer<String, String> status;
    private final Runnable worktreesChanged;
    private dev.lanes.fanout.AgentFileQuestion question;

    /** @param worktreesChanged lists the worktrees again (after a run's worktrees were removed) */
    public FanoutHost(AppServices services, Supplier<Window> window, BiConsumer<String, String> status, Runnable worktreesChanged) {
        this.services = services;
        this.window = window;
        this.status = status;
        this.worktreesChanged = worktreesChanged;
    }

    @Override
    public void worktreesChanged() {
        worktreesChanged.run();
    }

    @Override
    public Window window() {
        return window.get();
    }

    @Override
    public void showStatus(String message, String kind) {
        status.accept(message, kind);
    }

    @Override
    public CompletableFuture<? extends FanoutStore> store() {
        return services.store().future();
    }

    @Override
    public List<AgentProfile> profiles() {
        return services.agentProfiles().latest();
    }

    @Override
    public Map<String, String> environment() {
        return services.agents().environment();
    }

    @Override
    public Path logFolder() {
        return services.dataHome().resolve("logs").resolve("fanout");
    }

    @Override
    public CompletableFuture<String> askAgent(Path folder, AgentProfile profile, String question) {
        return question().ask(profile, folder, question, "", null).thenApply(answer -> {
            if (!answer.ok()) {
                throw new IllegalStateException(answer.problem());
            }
            return answer.text();
        });
    }

    private synchronized dev.lanes.fanout.AgentFileQuestion question() {
        if (question == null) {
            question = new dev.lanes.fanout.AgentFileQuestion(environment(), logFolder().resolve("questions"));
        }
        return question;
    }

    @Override
    public String changes(FanoutSpec spec, FanoutItem item) {
        return new dev.lanes.fanout.FanoutChanges(services.git()).changes(spec, item).compact();
    }

    @Override
    public String diff(FanoutSpec spec, FanoutItem item) {
        dev.lanes.fanout.ItemChanges c = new dev.lanes.fanout.FanoutChanges(services.git()).changes(spec, item);
        return (c.diff().isEmpty() ? "No changes against " + c.against() + "." : c.diff())
                + (c.diffTruncated() ? "\n… (the diff goes on; it was cut at " + dev.lanes.fanout.ItemChanges.DIFF_LIMIT / 1_000_000 + " MB)" : "");
    }

    @Override
    public dev.lanes.git.GitService git() {
        return services.git();
    }

    @Override
    public synchronized void close() {
        if (question != null) {
            question.close();
            question = null;
        }
    }
}
