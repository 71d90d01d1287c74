package dev.lanes.git;

import dev.lanes.model.Worktree;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorktreeListParserTest {

    private static List<Worktree> parse(String porcelainZ) {
        return WorktreeListParser.parse(new GitCli.Result(0, porcelainZ.getBytes(StandardCharsets.UTF_8), ""));
    }

    @Test
    void parsesEveryKindOfEntry() {
        String out = "worktree /repo\0HEAD aaaa\0branch refs/heads/main\0\0"
                + "worktree /wt/with space\nand newline ✓\0HEAD bbbb\0branch refs/heads/feature/x\0locked\0\0"
                + "worktree /wt/gone\0HEAD cccc\0detached\0prunable gitdir file points to non-existent location\0\0"
                + "worktree /wt/locked\0HEAD dddd\0branch refs/heads/l\0locked on a usb disk\0\0";
        List<Worktree> all = parse(out);
        assertEquals(4, all.size());
        Worktree main = all.get(0);
        assertTrue(main.main());
        assertEquals(Path.of("/repo"), main.path());
        assertEquals("main", main.branch());
        assertFalse(main.isLocked());

        Worktree weird = all.get(1);
        assertEquals(Path.of("/wt/with space\nand newline ✓"), weird.path());
        assertEquals("feature/x", weird.branch());
        assertEquals("", weird.locked());
        assertTrue(weird.isLocked());
        assertFalse(weird.main());

        Worktree gone = all.get(2);
        assertNull(gone.branch());
        assertTrue(gone.detached());
        assertTrue(gone.isPrunable());
        assertEquals("cccc", gone.head());

        assertEquals("on a usb disk", all.get(3).locked());
    }

    @Test
    void bareMainEntryAndUnknownAttributes() {
        List<Worktree> all = parse("worktree /srv/repo.git\0bare\0\0worktree /w\0HEAD ee\0branch refs/heads/b\0future-attribute x\0\0");
        assertTrue(all.get(0).bare());
        assertFalse(all.get(0).detached());
        assertEquals("b", all.get(1).branch());
    }

    @Test
    void anEntryWithoutAPathIsAnError() {
        assertThrows(GitException.class, () -> parse("HEAD aaaa\0\0"));
    }

    @Test
    void gitMessagesBecomeSentences() {
        assertEquals("Invalid reference: nope.", GitCli.firstMessage("hint: x\nfatal: invalid reference: nope\n", "fallback"));
        assertEquals("fallback", GitCli.firstMessage("", "fallback"));
        assertEquals("plain first line", GitCli.firstMessage("plain first line\nsecond", "fallback"));
    }
}
