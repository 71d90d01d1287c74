package dev.lanes.ui.fanout;

import dev.lanes.AppServices;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.main.MainWindow;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The Fan-out view in a real window over a throw-away repository of Python files, for looking at it
 * (and for the README's screenshots). With {@code run}, it runs a stand-in for Claude Code (a script
 * named {@code claude} that the demo puts first on PATH: it waits a few seconds, prints stream-json
 * and a cost; the payments module fails) and continues after the start-small pause.
 *
 * <pre>PATH=/tmp/lanes-fanout-demo/bin:$PATH java -cp … 'dev.lanes.ui.fanout.FanoutDemo$Main' [setup|run]</pre>
 * The stand-in is written to {@code /tmp/lanes-fanout-demo/bin/claude} on the first start.
 */
public final class FanoutDemo extends Application {

    /** A plain main (not on the Application subclass), so the class path is enough. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            writeStandIn(Path.of("/tmp/lanes-fanout-demo/bin"));
            Application.launch(FanoutDemo.class, args);
        }
    }

    private static final List<String> MODULES = List.of("cart", "checkout", "payments", "inventory", "shipping",
            "customers", "discounts", "invoices", "refunds", "search", "reviews", "notifications");

    static void writeStandIn(Path bin) throws Exception {
        Files.createDirectories(bin);
        Path claude = bin.resolve("claude");
        Files.writeString(claude, """
                #!/bin/sh
                # a stand-in for Claude Code, for the demo: some seconds of work, then a result with a cost
                prompt="$2"
                case "$prompt" in *--version*) echo "2.1.332 (Claude Code)"; exit 0;; esac
                n=$(printf '%s' "$prompt" | cksum | cut -c1-2)
                file=$(printf '%s' "$prompt" | cut -d' ' -f2)
                sleep $(( 2 + n % 6 ))
                case "$prompt" in *payments*) ;; *) sed -i -e 's/^import oldlog$/import logging/' -e 's/oldlog.get(/logging.getLogger(/' "$file";; esac
                echo '{"type":"system","subtype":"init","session_id":"demo","model":"claude-sonnet-4-5","tools":["Read","Edit"],"cwd":"."}'
                echo '{"type":"assistant","message":{"content":[{"type":"text","text":"Done."}]}}'
                case "$prompt" in
                  *payments*) echo '{"type":"result","subtype":"error_during_execution","is_error":true,"result":"Could not migrate the retry decorator","total_cost_usd":0.061,"num_turns":4,"duration_ms":4000,"session_id":"demo"}'; exit 1;;
                  *) echo "{\\"type\\":\\"result\\",\\"subtype\\":\\"success\\",\\"is_error\\":false,\\"result\\":\\"Migrated\\",\\"total_cost_usd\\":0.0$(( 20 + n % 60 )),\\"num_turns\\":3,\\"duration_ms\\":3000,\\"session_id\\":\\"demo\\"}";;
                esac
                """);
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public void start(Stage stage) throws Exception {
        boolean run = getParameters().getUnnamed().contains("run");
        Path base = Files.createDirectories(Path.of("/tmp/lanes-fanout-demo"));
        Path repos = Files.createTempDirectory(base, "repos");
        TestRepo repo = TestRepo.create(repos, "shop");
        for (String m : MODULES) {
            repo.write("src/shop/" + m + ".py", "import oldlog\n\nlog = oldlog.get('" + m + "')\n\n\ndef run():\n    log.info('" + m + "')\n");
        }
        repo.write("README.md", "# shop\n");
        repo.commitAll("shop");
        Path home = Files.createTempDirectory(base, "home");
        AppServices services = AppServices.open(home, Platform::runLater);
        MainWindow window = MainWindow.create(stage, services);
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        window.controller().openRepository(repo.root(), true);
        PauseTransition later = new PauseTransition(Duration.seconds(1.5));
        later.setOnFinished(e -> {
            window.controller().newFanout();
            FanoutSetupView setup = (FanoutSetupView) stage.getScene().lookup("#fanoutSetupView");
            setup.applyCss(); // skins (the split pane's) put the form's fields in the scene graph
            ((TextField) setup.lookup("#folderFilterField")).setText("*.py");
            setup.addPaths(List.of(repo.root().resolve("src")));
            ((RadioButton) setup.lookup("#agentRadio")).setSelected(true);
            ((TextArea) setup.lookup("#promptArea")).setText("Migrate {file} from oldlog to the standard logging module: "
                    + "getLogger(__name__), same levels and messages. Change nothing else.");
            ((TextField) setup.lookup("#toolsField")).setText("Read Edit");
            ((TextField) setup.lookup("#verifyField")).setText("python3 -m py_compile {file}");
            ((TextField) setup.lookup("#itemBudgetField")).setText("0.50");
            ((TextField) setup.lookup("#runBudgetField")).setText("5.00");
            if (run) {
                PauseTransition go = new PauseTransition(Duration.seconds(1));
                go.setOnFinished(x -> {
                    ((Button) setup.lookup("#runButton")).fire();
                    PauseTransition cont = new PauseTransition(Duration.seconds(9));
                    cont.setOnFinished(y -> {
                        var b = stage.getScene().lookup("#continueButton");
                        if (b instanceof Button button && button.getParent().isVisible()) {
                            button.fire();
                        }
                    });
                    cont.play();
                });
                go.play();
            }
        });
        later.play();
        stage.setOnHidden(e -> {
            window.controller().fanoutUi().close();
            services.close();
            Platform.exit();
            System.exit(0);
        });
    }
}
