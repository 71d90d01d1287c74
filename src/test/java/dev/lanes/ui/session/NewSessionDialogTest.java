package dev.lanes.ui.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewSessionDialogTest {

    @Test
    void aSessionIsNamedAfterItsFirstRealCommand() {
        assertEquals("npm test", NewSessionDialog.defaultName("npm test -- --watch=false"));
        assertEquals("claude", NewSessionDialog.defaultName("claude --model opus"));
        assertEquals("gradlew build", NewSessionDialog.defaultName("./gradlew build"));
        assertEquals("eslint $f", NewSessionDialog.defaultName("for f in src/*.js; do eslint $f; done"));
        assertEquals("npm run", NewSessionDialog.defaultName("NODE_ENV=test PORT=3000 npm run dev"));
        assertEquals("echo lint", NewSessionDialog.defaultName("echo lint; sleep 1"));
        assertEquals("make", NewSessionDialog.defaultName("sudo make -j8"));
        assertEquals("", NewSessionDialog.defaultName("   "));
    }

    @Test
    void aCommandOverSeveralLinesShowsOnOneInTheHeader() {
        assertEquals("for f in *.py; do ⏎ ruff $f ⏎ done", SessionTab.oneLine("for f in *.py; do\n  ruff $f\r\ndone\n"));
        String longOne = SessionTab.oneLine("echo " + "x".repeat(300));
        assertEquals(160, longOne.length());
        assertTrue(longOne.endsWith("…"));
    }
}
