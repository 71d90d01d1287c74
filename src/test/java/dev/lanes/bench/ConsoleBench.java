package dev.lanes.bench;

import dev.lanes.console.ConsoleBuffer;
import dev.lanes.settings.Settings.Theme;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.console.ConsoleView;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.fxmisc.richtext.GenericStyledArea;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the console: ~50 MB of mixed coloured output (build logs with SGR colours, 256 and
 * truecolor runs, carriage-return progress lines, a few very long lines) fed from a reader thread
 * through a {@link ConsoleView} in a shown, headless (Monocle) stage, until the last line is on
 * screen. Reports MB/s of parse + append for a flood (the reader appends as fast as it can), the
 * parse alone, and for steady streams of 5 and 20 MB/s whether the view keeps up; for each, the
 * gaps between frames while output streamed (how long the UI could not repaint). Not a test:
 * nothing here asserts a time.
 *
 * <p>Run after {@code mvn -B test-compile}, with the test class path:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.lanes.bench.ConsoleBench [MB] [maxLines]}
 * where {@code cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class ConsoleBench {

    private static final String CSI = "\u001b[";

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int maxLines = args.length > 1 ? Integer.parseInt(args[1]) : ConsoleBuffer.DEFAULT_MAX_LINES;
        headless();

        List<String> chunks = output(megabytes * 1_000_000L, new Random(1));
        long chars = chunks.stream().mapToLong(String::length).sum();
        System.out.printf(Locale.ROOT, "Console bench: %.1f MB of output in %d chunks, cap %,d lines, %d cores%n",
                chars / 1e6, chunks.size(), maxLines, Runtime.getRuntime().availableProcessors());

        // parse alone, for scale: the same text through the buffer, drained as a view would
        for (int round = 0; round < 2; round++) {
            ConsoleBuffer buffer = new ConsoleBuffer(maxLines, ConsoleBuffer.DEFAULT_LINE_WIDTH);
            long t0 = System.nanoTime();
            int n = 0;
            for (String c : chunks) {
                buffer.append(c);
                if (++n % 64 == 0) {
                    buffer.drain();
                }
            }
            buffer.drain();
            report(round == 0 ? "parse only (warm-up)" : "parse only", chars, System.nanoTime() - t0);
        }

        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        ConsoleView view = onFx(() -> {
            StackPane root = new StackPane();
            Scene scene = new Scene(root, 1200, 800);
            Themes.apply(scene, Theme.DARK);
            ConsoleView v = new ConsoleView(maxLines);
            root.getChildren().add(v);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            return v;
        });

        GenericStyledArea<?, ?, ?> area = onFx(() -> (GenericStyledArea<?, ?, ?>) view.lookup("#consoleArea"));
        // a flood: everything as fast as the reader can append it, until the last line is shown
        for (int round = 0; round < 2; round++) {
            Run run = feed(view, area, chunks, 0, "flood " + round);
            report(round == 0 ? "flood (warm-up)" : "flood: parse + append", chars, run.nanos);
            run.gaps.print();
        }
        // a steady stream at a given rate: does the view keep up, and how smoothly?
        for (int rate : new int[]{5, 20}) {
            List<String> paced = chunks.subList(0, Math.min(chunks.size(), chunks.size() * rate * 4 / megabytes));
            long pacedChars = paced.stream().mapToLong(String::length).sum();
            Run run = feed(view, area, paced, rate, "paced " + rate);
            System.out.printf(Locale.ROOT, "  %-28s %6.2f s for %.0f MB; last line shown %.0f ms after it was appended%n",
                    "steady " + rate + " MB/s", run.nanos / 1e9, pacedChars / 1e6, run.lagNanos / 1e6);
            run.gaps.print();
        }
        Platform.exit();
    }

    private record Run(long nanos, long lagNanos, FrameGaps gaps) {
    }

    /**
     * Clears the view, appends the chunks from a reader thread (at {@code mbPerSecond}, or as fast
     * as it can when 0), then a marker line, and waits until the marker is shown.
     */
    private static Run feed(ConsoleView view, GenericStyledArea<?, ?, ?> area, List<String> chunks, int mbPerSecond,
                            String name) throws Exception {
        FrameGaps gaps = onFx(FrameGaps::new);
        onFx(() -> {
            view.clear();
            gaps.start();
            return null;
        });
        String marker = "end of " + name;
        long[] appendedAt = new long[1];
        long t0 = System.nanoTime();
        Thread reader = new Thread(() -> {
            long sent = 0;
            for (String c : chunks) {
                if (mbPerSecond > 0) {
                    long due = t0 + sent * 1000 / mbPerSecond; // ns at which these chars are due
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                view.append(c);
                sent += c.length();
            }
            appendedAt[0] = System.nanoTime();
            view.append("\n" + marker + "\n"); // the chunks may end mid-line
        }, "bench-reader");
        reader.start();
        while (!onFx(() -> lastLine(area).equals(marker))) {
            Thread.sleep(10);
        }
        long shown = System.nanoTime();
        reader.join();
        onFx(() -> {
            gaps.stop();
            return null;
        });
        return new Run(shown - t0, shown - appendedAt[0], gaps);
    }

    /** The last finished line, read cheaply from the area (getText() would copy the whole document). */
    private static String lastLine(GenericStyledArea<?, ?, ?> area) {
        int n = area.getParagraphs().size();
        return n < 2 ? "" : area.getParagraph(n - 2).getText();
    }

    private static void report(String what, long chars, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "  %-28s %6.2f s  %6.1f MB/s%n", what, seconds, chars / 1e6 / seconds);
    }

    /** Frames counted by an AnimationTimer: a gap is a time the UI could not repaint. */
    private static final class FrameGaps extends AnimationTimer {
        private long first;
        private long last;
        private final List<Long> gaps = new ArrayList<>();

        @Override
        public void handle(long now) {
            if (last != 0) {
                gaps.add(now - last);
            } else {
                first = now;
            }
            last = now;
        }

        void print() {
            List<Long> sorted = gaps.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return;
            }
            System.out.printf(Locale.ROOT, "      %.0f frames/s; gap between frames median %.0f ms, 95th %.0f ms, max %.0f ms%n",
                    sorted.size() / ((last - first) / 1e9), at(sorted, 0.5), at(sorted, 0.95), at(sorted, 1.0));
        }

        private static double at(List<Long> sorted, double q) {
            return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)))) / 1e6;
        }
    }

    /** Mixed output in reader-sized chunks (8–64 KB, cut anywhere, escape sequences included). */
    private static List<String> output(long size, Random random) {
        StringBuilder all = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, size + 4096));
        String[] words = {"Compiling", "module", "dev.lanes.console", "test", "passed", "warning:", "unused",
                "import", "Downloading", "artifact", "from", "central", "resolved", "in", "ms", "SUCCESS"};
        int line = 0;
        while (all.length() < size) {
            line++;
            int kind = random.nextInt(100);
            if (kind < 55) { // a build log line with a bold, coloured level
                all.append(CSI).append("1m[").append(CSI).append(34).append("mINFO").append(CSI).append("0;1m]")
                        .append(CSI).append("0m ");
                appendWords(all, words, random, 8 + random.nextInt(10));
            } else if (kind < 70) { // test results, green and red
                boolean ok = random.nextInt(10) > 0;
                all.append(CSI).append(ok ? "32m✓" : "31m✗").append(CSI).append("0m ");
                appendWords(all, words, random, 6);
                all.append(' ').append(CSI).append("2m(").append(random.nextInt(900)).append(" ms)").append(CSI).append("22m");
            } else if (kind < 80) { // 256 colours and truecolor
                for (int i = 0; i < 12; i++) {
                    all.append(CSI).append("38;5;").append(16 + random.nextInt(216)).append('m').append(words[random.nextInt(words.length)]).append(' ');
                }
                all.append(CSI).append("38;2;").append(random.nextInt(256)).append(';').append(random.nextInt(256)).append(';')
                        .append(random.nextInt(256)).append("mtruecolor").append(CSI).append("0m");
            } else if (kind < 95) { // plain
                appendWords(all, words, random, 12);
            } else if (kind < 99) { // a progress bar, redrawn with carriage returns
                for (int p = 0; p <= 100; p += 5) {
                    all.append('\r').append(CSI).append("2K").append("Downloading [").append("#".repeat(p / 5))
                            .append(" ".repeat(20 - p / 5)).append("] ").append(p).append('%');
                }
            } else { // a long line
                for (int i = 0; i < 300; i++) {
                    all.append(words[random.nextInt(words.length)]).append(' ');
                }
            }
            all.append(" #").append(line).append('\n');
        }
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < all.length(); ) {
            int end = Math.min(all.length(), i + 8192 + random.nextInt(57 * 1024));
            chunks.add(all.substring(i, end));
            i = end;
        }
        return chunks;
    }

    private static void appendWords(StringBuilder sb, String[] words, Random random, int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(words[random.nextInt(words.length)]);
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }

    /** The same headless set-up as the tests (see the pom's surefire configuration). */
    private static void headless() {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
        setIfAbsent("java.awt.headless", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
