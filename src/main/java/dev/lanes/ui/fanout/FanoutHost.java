package dev.lanes.ui.fanout;

import dev.lanes.AppServices;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.FanoutStore;
import dev.lanes.git.GitCli;
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

    public FanoutHost(AppServices services, Supplier<Window> window, BiConsumer<String, String> status) {
        this.services = services;
        this.window = window;
        this.status = status;
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
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not yet"));
    }

    @Override
    public String changes(FanoutSpec spec, FanoutItem item) {
        GitCli.Result r = services.git().cli().run(Path.of(spec.folder()),
                List.of("diff", "--numstat", "-z", "HEAD", "--", ":(literal)" + item.path()));
        if (!r.ok()) {
            return "";
        }
        long added = 0;
        long removed = 0;
        int files = 0;
        for (String field : r.nulFields()) {
            String[] parts = field.split("\t", 3);
            if (parts.length == 3) {
                files++;
                if (!parts[0].equals("-")) {
                    added += Long.parseLong(parts[0]);
                    removed += Long.parseLong(parts[1]);
                }
            }
        }
        return files == 0 ? "none" : "+" + added + " −" + removed;
    }

    @Override
    public String diff(FanoutSpec spec, FanoutItem item) {
        GitCli.Result r = services.git().cli().run(Path.of(spec.folder()),
                List.of("diff", "HEAD", "--", ":(literal)" + item.path()));
        return r.ok() ? r.out() : "git diff failed: " + r.stderr();
    }
}
