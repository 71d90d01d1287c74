package dev.lanes.agent;

import dev.lanes.model.AgentProfile;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandTemplateTest {

    private static final String HOSTILE = "Fix \"it\" & 'that';\nthen $(rm -rf ~) `id` $HOME \\ {model} --model x";

    @Test
    void aPromptIsOneLiteralArgumentAndUnsetGroupsGoWhole() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        Map<String, String> v = new HashMap<>();
        v.put("prompt", HOSTILE);
        v.put("sessionId", "0b8f7f5e-1111-2222-3333-444455556666");
        v.put("permissionMode", "acceptEdits");
        v.put("budget", "");
        v.put("model", null);
        List<String> argv = CommandTemplate.expand("claude", claude.firstRun(), v);
        assertEquals(List.of("claude", "-p", HOSTILE, "--output-format", "stream-json", "--verbose",
                "--session-id", "0b8f7f5e-1111-2222-3333-444455556666", "--permission-mode", "acceptEdits"), argv);
    }

    @Test
    void aFollowUpResumesTheConversation() {
        AgentProfile claude = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        List<String> argv = CommandTemplate.expand("/opt/claude", claude.followUp(),
                Map.of("prompt", "again", "resumeId", "abc", "budget", "2.50", "maxTurns", "3"));
        assertEquals(List.of("/opt/claude", "-p", "again", "--output-format", "stream-json", "--verbose", "--resume", "abc",
                "--max-budget-usd", "2.50", "--max-turns", "3"), argv);
    }

    @Test
    void everyBuiltInProfileExpandsAndNamesOnlyKnownPlaceholders() {
        for (AgentProfile p : BuiltInProfiles.all()) {
            List<String> argv = CommandTemplate.expand(p.executable(), p.firstRun(), Map.of("prompt", "hi", "sessionId", "s"));
            assertEquals(p.executable(), argv.get(0));
            assertTrue(p.mode() == AgentProfile.Mode.INTERACTIVE || argv.contains("hi"), p.id() + " " + argv);
            CommandTemplate.expand(p.executable(), p.followUp(), Map.of("prompt", "hi", "resumeId", "r"));
        }
    }

    @Test
    void anUnknownPlaceholderIsRefusedWithASentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommandTemplate.expand("x", List.of("--flag {promt}"), Map.of("prompt", "hi")));
        assertTrue(e.getMessage().contains("{promt}") && e.getMessage().contains("{prompt}"), e.getMessage());
    }
}
