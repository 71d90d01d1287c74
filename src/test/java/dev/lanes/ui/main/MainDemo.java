package dev.lanes.ui.main;

import dev.lanes.AppServices;
import dev.lanes.model.SessionKind;
import dev.lanes.testutil.TestRepo;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The main window over a throw-away repository with three lanes, for looking at it (and for the
 * README's screenshot): the lanes share a file, one runs a coloured build in a tab, two tasks
 * want the same database (one waits), and the notes pane is open.
 *
 * <pre>java -cp … 'dev.lanes.ui.main.MainDemo$Main' [dark]</pre>
 */
public final class MainDemo extends Application {

    /** A plain main (not on the Application subclass), so the class path is enough. */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(MainDemo.class, args);
        }
    }

    @Override
    public void start(Stage stage) throws Exception {
        Path base = Files.createDirectories(Path.of("/tmp/lanes-main-demo"));
        Path repos = Files.createTempDirectory(base, "repos");
        TestRepo repo = TestRepo.create(repos, "shop");
        repo.write("src/auth/session.py", "def login(user):\n    return user\n");
        repo.write("src/billing/invoice.py", "def total(items):\n    return sum(items)\n");
        repo.write("src/search/index.py", "def index(docs):\n    return docs\n");
        repo.write("src/config.py", "DEBUG = False\n");
        repo.commitAll("shop");
        Path lanes = repos.resolve("shop.lanes");
        for (String lane : List.of("auth-tokens", "billing-tax", "search-fuzzy")) {
            repo.git("worktree", "add", "-q", "-b", lane, lanes.resolve(lane).toString());
        }
        Files.writeString(lanes.resolve("auth-tokens/src/auth/session.py"), "def login(user, token):\n    check(token)\n    return user\n");
        Files.writeString(lanes.resolve("auth-tokens/src/config.py"), "DEBUG = False\nTOKEN_TTL = 3600\n");
        Files.writeString(lanes.resolve("billing-tax/src/billing/invoice.py"), "def total(items, tax):\n    return sum(items) * (1 + tax)\n");
        Files.writeString(lanes.resolve("billing-tax/src/config.py"), "DEBUG = False\nTAX = 0.2\n");
        Files.writeString(lanes.resolve("search-fuzzy/src/search/index.py"), "def index(docs, fuzzy=True):\n    return docs\n");

        Files.writeString(repos.resolve("build.sh"), """
                printf '\\033[1m> Task :compile\\033[0m\\n'
                for m in auth session token refresh expiry; do
                  printf '\\033[32m✓\\033[0m compiled \\033[36msrc/auth/%s.py\\033[0m in %s ms\\n' "$m" 12; sleep 0.2
                done
                printf '\\033[33mwarning:\\033[0m token TTL read from config at import time\\n'
                printf '\\033[1m> Task :test\\033[0m\\n'
                printf '  test_login \\033[32mPASSED\\033[0m\\n  test_refresh \\033[32mPASSED\\033[0m\\n  test_expiry \\033[31mFAILED\\033[0m\\n'
                printf '\\033[31m1 failed\\033[0m, \\033[32m2 passed\\033[0m in 1.42s\\n'
                sleep 600
                """);
        Path home = Files.createTempDirectory(base, "home");
        AppServices services = AppServices.open(home, Platform::runLater);
        services.store().future().join().saveNotes(repo.root(), """
                auth-tokens: token refresh still untested; ask the reviewer about expiry.
                billing-tax and auth-tokens both touch src/config.py: merge billing first.
                search-fuzzy: waiting for the test database (billing holds it).""");
        MainWindow window = MainWindow.create(stage, services);
        stage.setWidth(1280);
        stage.setHeight(780);
        stage.show();
        if (getParameters().getUnnamed().contains("dark")) {
            dev.lanes.ui.common.Themes.apply(stage.getScene(), dev.lanes.settings.Settings.Theme.DARK);
        }
        MainController c = window.controller();
        c.openRepository(repo.root(), true);
        c.repositoryProperty().addListener((obs, old, r) -> {
            if (r == null) {
                return;
            }
            var ui = c.sessionsUi();
            ui.start(r, lanes.resolve("billing-tax"), "integration tests", SessionKind.COMMAND, List.of("sh", "-c",
                    "echo 'migrating the test database…'; i=0; while [ $i -lt 600 ]; do sleep 1; i=$((i+1)); done"), true,
                    List.of("database"));
            // a moment later, so the billing lane holds the database first
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1.5));
            later.setOnFinished(e -> ui.start(r, lanes.resolve("search-fuzzy"), "search tests", SessionKind.COMMAND,
                    List.of("sh", "-c", "echo ran"), true, List.of("database")));
            later.play();
            ui.start(r, lanes.resolve("auth-tokens"), "build", SessionKind.COMMAND,
                    List.of("sh", "-c", "sh ../../build.sh --tests"), false);
            c.showNotes(true);
        });
    }
}
