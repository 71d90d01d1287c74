package dev.lanes.console;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.lanes.console.TextStyle.PLAIN;
import static dev.lanes.console.TextStyle.ansi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleBufferTest {

    private static final String CSI = "\u001b[";

    /** Applies batches to a list of lines, as the view does to its document. */
    private static final class Screen {
        final List<StyledLine> lines = new ArrayList<>(List.of(StyledLine.EMPTY));
        int batches;

        void apply(ConsoleBuffer.Batch b) {
            if (b == null) {
                return;
            }
            batches++;
            if (b.replaceAll()) {
                lines.clear();
            } else {
                lines.remove(lines.size() - 1);
            }
            lines.addAll(b.lines());
        }

        List<String> texts() {
            return lines.stream().map(StyledLine::text).toList();
        }
    }

    private static List<String> show(String... chunks) {
        ConsoleBuffer buffer = new ConsoleBuffer(1000, 80);
        Screen screen = new Screen();
        for (String c : chunks) {
            buffer.append(c);
            screen.apply(buffer.drain()); // a drain after every chunk: the worst case for in-place edits
        }
        List<String> perChunk = screen.texts();

        ConsoleBuffer once = new ConsoleBuffer(1000, 80);
        Screen oneBatch = new Screen();
        for (String c : chunks) {
            once.append(c);
        }
        oneBatch.apply(once.drain());
        assertEquals(perChunk, oneBatch.texts(), "draining once or per chunk shows the same");
        return perChunk;
    }

    @Test
    void linesAndTheUnfinishedLastLine() {
        assertEquals(List.of("one", "two", ""), show("one\ntw", "o\n"));
        assertEquals(List.of("one", "tw"), show("one\ntw"));
    }

    @Test
    void crlfIsOneNewline() {
        assertEquals(List.of("a", "b", ""), show("a\r\nb\r", "\n"));
    }

    @Test
    void aCarriageReturnProgressLineEndsAsOneLine() {
        List<String> chunks = new ArrayList<>();
        chunks.add("Downloading\n");
        for (int p = 0; p <= 100; p += 10) {
            chunks.add("\r[" + "#".repeat(p / 10) + " ".repeat(10 - p / 10) + "] " + p + "%");
        }
        chunks.add("\ndone\n");
        assertEquals(List.of("Downloading", "[##########] 100%", "done", ""), show(chunks.toArray(String[]::new)));
    }

    @Test
    void overwriteIsColumnWiseAsInATerminal() {
        assertEquals(List.of("XYcdef"), show("abcdef\rXY"));
        assertEquals(List.of("XY"), show("abcdef\rXY" + CSI + "K"));
        assertEquals(List.of("XY"), show("abcdef" + CSI + "2K\rXY"));
        assertEquals(List.of("     f"), show("abcdef\r" + CSI + "4C" + CSI + "1K"));
        assertEquals(List.of("abX"), show("abc\bX"));
        assertEquals(List.of("Xbc"), show("abc" + CSI + "1GX"));
        assertEquals(List.of("ab   X"), show("ab" + CSI + "3CX"), "moving past the end pads with spaces");
        assertEquals(List.of("spin ⠙"), show("spin ⠋", "\b⠙"));
    }

    @Test
    void stylesFollowTheCharactersTheyWereWrittenWith() {
        ConsoleBuffer buffer = new ConsoleBuffer(100, 80);
        buffer.append("ab" + CSI + "31mcd" + CSI + "0mef\r" + CSI + "1mX\n");
        StyledLine line = buffer.drain().lines().get(0);
        assertEquals("Xbcdef", line.text());
        assertEquals(4, line.runCount());
        assertEquals(PLAIN.withBold(true), line.styleAt(0));
        assertEquals(PLAIN, line.styleAt(1));
        assertEquals(PLAIN.withForeground(ansi(1)), line.styleAt(2));
        assertEquals(PLAIN.withForeground(ansi(1)), line.styleAt(3));
        assertEquals(PLAIN, line.styleAt(5));
        assertEquals(List.of(1, 1, 2, 2), List.of(line.runLength(0), line.runLength(1), line.runLength(2), line.runLength(3)));
    }

    @Test
    void aVeryLongLineIsCutIntoDisplayLines() {
        ConsoleBuffer buffer = new ConsoleBuffer(1000, 100);
        buffer.append("x".repeat(250));
        buffer.append("y".repeat(10) + "\n");
        List<StyledLine> lines = buffer.drain().lines();
        assertEquals(List.of(100, 100, 60, 0), lines.stream().map(StyledLine::length).toList());
        assertEquals("x".repeat(50) + "y".repeat(10), lines.get(2).text());
    }

    @Test
    void aSurrogatePairIsNeverCutInTwo() {
        ConsoleBuffer buffer = new ConsoleBuffer(1000, 10);
        buffer.append("123456789😀abc");
        List<StyledLine> lines = buffer.drain().lines();
        assertEquals(List.of("123456789", "😀abc"), lines.stream().map(StyledLine::text).toList());
    }

    @Test
    void pendingLinesAreCappedAndTheViewIsToldToReplaceEverything() {
        ConsoleBuffer buffer = new ConsoleBuffer(1000, 80);
        Screen screen = new Screen();
        buffer.append("first\n");
        screen.apply(buffer.drain());
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            many.append("line ").append(i).append('\n');
        }
        buffer.append(many);
        ConsoleBuffer.Batch batch = buffer.drain();
        assertTrue(batch.replaceAll());
        assertEquals(1001, batch.lines().size(), "1000 finished lines and the unfinished one");
        screen.apply(batch);
        assertEquals("line 4000", screen.lines.get(0).text());
        assertEquals("line 4999", screen.lines.get(999).text());
    }

    @Test
    void aFloodCanBeDrainedInSlices() {
        ConsoleBuffer buffer = new ConsoleBuffer(8, 80);
        Screen screen = new Screen();
        buffer.append("old\n");
        screen.apply(buffer.drain());
        buffer.append(CSI + "31m");
        for (int i = 0; i < 10; i++) {
            buffer.append("line " + i + "\n");
        }
        buffer.append("open");

        ConsoleBuffer.Batch first = buffer.drain(3);
        assertTrue(first.replaceAll(), "two lines were dropped: the cap is 8");
        assertEquals(List.of("line 2", "line 3", "line 4", ""), first.lines().stream().map(StyledLine::text).toList());
        screen.apply(first);
        ConsoleBuffer.Batch second = buffer.drain(3);
        assertFalse(second.replaceAll());
        screen.apply(second);
        assertTrue(buffer.hasPending());
        screen.apply(buffer.drain(3));
        assertNull(buffer.drain(3));
        assertEquals(List.of("line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "open"),
                screen.texts());
        assertEquals(ansi(1), screen.lines.get(8).styleAt(0).foreground());
    }

    @Test
    void aDrainWithNothingNewIsNull() {
        ConsoleBuffer buffer = new ConsoleBuffer(10, 80);
        assertNull(buffer.drain());
        buffer.append(CSI + "31m" + CSI + "?25l\r");
        assertNull(buffer.drain(), "style changes and invisible sequences change nothing shown");
        assertFalse(buffer.hasPending());
        buffer.append("x");
        assertTrue(buffer.hasPending());
        assertEquals(List.of("x"), buffer.drain().lines().stream().map(StyledLine::text).toList());
        assertNull(buffer.drain());
    }

    @Test
    void clearForgetsLinesButKeepsTheStyle() {
        ConsoleBuffer buffer = new ConsoleBuffer(10, 80);
        buffer.append("a\nb" + CSI + "32m");
        buffer.clear();
        assertNull(buffer.drain());
        buffer.append("c");
        StyledLine line = buffer.drain().lines().get(0);
        assertEquals("c", line.text());
        assertEquals(ansi(2), line.styleAt(0).foreground());
    }

    @Test
    void garbageNeverReachesALine() {
        Random random = new Random(7);
        ConsoleBuffer buffer = new ConsoleBuffer(100_000, 500);
        for (int i = 0; i < 2000; i++) {
            char[] chunk = new char[1 + random.nextInt(200)];
            for (int k = 0; k < chunk.length; k++) {
                chunk[k] = (char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000));
            }
            buffer.append(new String(chunk));
        }
        for (StyledLine line : buffer.drain().lines()) {
            for (char c : line.text().toCharArray()) {
                assertTrue(c == '\t' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0)), "char " + (int) c);
            }
        }
    }

    @Test
    void theTailPeeksAtTheNewestLinesWithoutDrainingThem() {
        ConsoleBuffer b = new ConsoleBuffer(100, 80);
        b.append("a\nb\n");
        b.drain(); // the view shows a, b and an empty unfinished line
        long v = b.version();
        b.append("c\nd\ne\npartial");
        assertTrue(b.version() > v);
        assertEquals(5, b.finishedTotal());
        assertEquals(3, b.pendingLines());

        ConsoleBuffer.Tail tail = b.peekTail(3);
        assertEquals(List.of("d", "e", "partial"), tail.lines().stream().map(StyledLine::text).toList());
        assertEquals(0, tail.fromView());
        // more than is waiting: the view tops it up with its own newest finished lines
        tail = b.peekTail(6);
        assertEquals(List.of("c", "d", "e", "partial"), tail.lines().stream().map(StyledLine::text).toList());
        assertEquals(2, tail.fromView());
        // nothing was drained
        assertEquals(3, b.pendingLines());
        assertEquals(List.of("c", "d", "e", "partial"), b.drain().lines().stream().map(StyledLine::text).toList());
    }

    @Test
    void linesDroppedByTheCapStillCountAndTheTailNeedsNothingFromTheView() {
        ConsoleBuffer b = new ConsoleBuffer(3, 80);
        b.append("1\n2\n3\n4\n5\n");
        assertEquals(5, b.finishedTotal());
        assertEquals(3, b.pendingLines());
        ConsoleBuffer.Tail tail = b.peekTail(10);
        assertEquals(List.of("3", "4", "5", ""), tail.lines().stream().map(StyledLine::text).toList());
        assertEquals(0, tail.fromView(), "the waiting lines replace all the view shows");
    }

    /** Text whose parse stops at {@code blockAt} until released: a reader preempted mid-parse. */
    private static final class StallingText implements CharSequence {
        private final String text;
        private final int blockAt;
        final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        StallingText(String text, int blockAt) {
            this.text = text;
            this.blockAt = blockAt;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (index == blockAt && reached.getCount() > 0) {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    @Test
    void theViewNeverWaitsForAParseInProgress() throws Exception {
        ConsoleBuffer b = new ConsoleBuffer(100, 80);
        b.append("one\ntwo\n");
        StallingText stalled = new StallingText("three\nfour\nfi", 8);
        Thread reader = new Thread(() -> b.append(stalled), "stalled-reader");
        reader.start();
        try {
            assertTrue(stalled.reached.await(10, java.util.concurrent.TimeUnit.SECONDS));
            // the reader holds the parse: everything the view asks returns at once, with what was handed over
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
                assertEquals(2, b.finishedTotal());
                assertEquals(2, b.pendingLines());
                assertTrue(b.hasPending());
                b.version();
                assertEquals(List.of("two", ""), b.peekTail(2).lines().stream().map(StyledLine::text).toList());
                assertEquals(List.of("one", "two", ""), b.drain().lines().stream().map(StyledLine::text).toList());
                assertNull(b.drain());
                assertFalse(b.hasPending());
            });
        } finally {
            stalled.release.countDown();
            reader.join(10_000);
        }
        assertEquals(List.of("three", "four", "fi"), b.drain().lines().stream().map(StyledLine::text).toList());
        assertEquals(4, b.finishedTotal());
    }

    @Test
    void textBeingParsedWhenTheViewClearsCountsAsOutputFromBeforeTheClear() throws Exception {
        ConsoleBuffer b = new ConsoleBuffer(100, 80);
        b.append("old\npart");
        StallingText stalled = new StallingText("ial\nin flight\nx", 5);
        Thread reader = new Thread(() -> b.append(stalled), "stalled-reader");
        reader.start();
        assertTrue(stalled.reached.await(10, java.util.concurrent.TimeUnit.SECONDS));
        b.clear();
        stalled.release.countDown();
        reader.join(10_000);
        assertNull(b.drain(), "nothing from before the clear");
        b.append("new\n");
        assertEquals(List.of("new", ""), b.drain().lines().stream().map(StyledLine::text).toList(),
                "the unfinished line of before the clear is gone too");
    }

    @Test
    void linesTheCapDroppedAreCounted() {
        ConsoleBuffer b = new ConsoleBuffer(3, 80);
        b.append("1\n2\n");
        assertEquals(0, b.droppedTotal());
        b.append("3\n4\n5\n");
        assertEquals(2, b.droppedTotal());
        b.drain();
        b.setMaxLines(1);
        b.append("6\n7\n8\n");
        assertEquals(4, b.droppedTotal());
        assertEquals(List.of("8", ""), b.drain().lines().stream().map(StyledLine::text).toList());
    }

    @Test
    void aLineFromItsRuns() {
        TextStyle red = TextStyle.PLAIN.withForeground(TextStyle.ansi(1));
        StyledLine line = StyledLine.ofRuns("plain red", new int[]{6, 0, 3}, new TextStyle[]{TextStyle.PLAIN, red, red});
        assertEquals(2, line.runCount());
        assertEquals(red, line.styleAt(7));
        assertEquals(TextStyle.PLAIN, line.styleAt(0));
        assertThrows(IllegalArgumentException.class, () -> StyledLine.ofRuns("abc", new int[]{1}, new TextStyle[]{red}));
    }
}
