package dev.lanes.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering is written down here and enforced: {@code ui → services → model}. */
class LayeringTest {

    /** Every package except the UI and the application's entry points. */
    private static final String[] SERVICES = {"dev.lanes.model..", "dev.lanes.git..", "dev.lanes.task..",
            "dev.lanes.settings..", "dev.lanes.platform..", "dev.lanes.process..", "dev.lanes.agent..",
            "dev.lanes.store..", "dev.lanes.fanout..", "dev.lanes.review..", "dev.lanes.coordinate..",
            "dev.lanes.investigate..", "dev.lanes.pipeline..", "dev.lanes.compare..",
            "dev.lanes.console..", "dev.lanes.session..", "dev.lanes.lane.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lanes");
    }

    @Test
    void servicesImportNoJavaFx() {
        noClasses().that().resideInAnyPackage(SERVICES)
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.fxmisc..", "org.controlsfx..",
                        "com.techsenger.jeditermfx..")
                .because("services run off the FX thread and are tested without a toolkit")
                .check(classes);
    }

    @Test
    void servicesDoNotReachUpIntoTheUi() {
        noClasses().that().resideInAnyPackage(SERVICES)
                .should().dependOnClassesThat().resideInAnyPackage("dev.lanes.ui..")
                .check(classes);
    }

    @Test
    void theModelIsOnlyData() {
        noClasses().that().resideInAPackage("dev.lanes.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lanes.git..", "dev.lanes.task..",
                        "dev.lanes.settings..", "dev.lanes.process..", "dev.lanes.platform..", "org.eclipse.jgit..")
                .check(classes);
    }

    @Test
    void theUiNeverRunsGitItself() {
        noClasses().that().resideInAPackage("dev.lanes.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jgit..")
                .orShould().callConstructor(ProcessBuilder.class, String[].class)
                .orShould().callConstructor(ProcessBuilder.class, java.util.List.class)
                .because("git and processes are services: the UI goes through them")
                .check(classes);
    }
}
