package dev.lanes.ui.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every FXML file names how it gets its controller: {@code fx:root} (a control that is its own controller) or an
 * {@code fx:controller} class that exists. {@link Fxml#load} hands out controllers through a factory, which the
 * loader only asks when the file names a class: without one, its handlers fail and its fields stay empty at run
 * time (three dialogs once shipped so and could not open).
 */
class FxmlFilesTest {

    private static final Pattern CONTROLLER = Pattern.compile("fx:controller=\"([\\w.$]+)\"");

    @Test
    void everyFxmlFileNamesItsController() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("src/main/resources"))) {
            files = s.filter(p -> p.toString().endsWith(".fxml")).toList();
        }
        assertTrue(files.size() >= 15, "FXML files found: " + files.size());
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher m = CONTROLLER.matcher(text);
            if (m.find()) {
                try {
                    Class.forName(m.group(1));
                } catch (ClassNotFoundException e) {
                    problems.add(f + " names " + m.group(1) + ", which does not exist");
                }
            } else if (!text.contains("<fx:root")) {
                boolean usesController = text.contains("\"#") || text.contains("fx:id=");
                if (usesController) {
                    problems.add(f + " has handlers or fx:ids but names no controller");
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
