package dev.lanes.ui.terminal;

import com.techsenger.jeditermfx.core.Color;
import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.core.emulator.ColorPalette;
import com.techsenger.jeditermfx.ui.TerminalActionPresentation;
import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.text.Font;
import org.jetbrains.annotations.NotNull;

import java.util.List;
import java.util.Locale;

/**
 * Lanes' terminal look: one dark scheme in both themes (a terminal reads best dark, and TUIs such as
 * Claude Code pick their colours for a dark background), a 16-colour palette tuned for it, 13 pt
 * monospace. Keys as JediTermFX's defaults (Ctrl+Shift+C / Ctrl+Shift+V copy and paste, Cmd+C / Cmd+V
 * on macOS; a context menu on right click), except that no plain Ctrl+letter is taken from the program.
 */
final class TerminalSettings extends DefaultSettingsProvider {

    private static final boolean MAC = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");

    static final Color BACKGROUND = new Color(0x1e1e1e);
    static final Color FOREGROUND = new Color(0xcccccc);

    /** black, red, green, yellow, blue, magenta, cyan, white; then the bright ones. */
    private static final List<Color> PALETTE = List.of(
            new Color(0x000000), new Color(0xcd3131), new Color(0x0dbc79), new Color(0xe5e510),
            new Color(0x2472c8), new Color(0xbc3fbc), new Color(0x11a8cd), new Color(0xe5e5e5),
            new Color(0x666666), new Color(0xf14c4c), new Color(0x23d18b), new Color(0xf5f543),
            new Color(0x3b8eea), new Color(0xd670d6), new Color(0x29b8db), new Color(0xffffff));

    private static final ColorPalette COLORS = new ColorPalette() {
        @Override
        protected @NotNull Color getForegroundByColorIndex(int colorIndex) {
            return PALETTE.get(colorIndex);
        }

        @Override
        protected @NotNull Color getBackgroundByColorIndex(int colorIndex) {
            return PALETTE.get(colorIndex);
        }
    };

    @Override
    public ColorPalette getTerminalColorPalette() {
        return COLORS;
    }

    @Override
    public @NotNull TextStyle getDefaultStyle() {
        return new TextStyle(new TerminalColor(FOREGROUND.getRed(), FOREGROUND.getGreen(), FOREGROUND.getBlue()),
                new TerminalColor(BACKGROUND.getRed(), BACKGROUND.getGreen(), BACKGROUND.getBlue()));
    }

    @Override
    public @NotNull TerminalColor getDefaultForeground() {
        return getDefaultStyle().getForeground();
    }

    @Override
    public @NotNull TerminalColor getDefaultBackground() {
        return getDefaultStyle().getBackground();
    }

    @Override
    public @NotNull TextStyle getSelectionColor() {
        return new TextStyle(new TerminalColor(255, 255, 255), new TerminalColor(0x26, 0x4f, 0x78));
    }

    @Override
    public boolean useInverseSelectionColor() {
        return false;
    }

    @Override
    public Font getTerminalFont() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String family = os.startsWith("windows") ? "Consolas" : MAC ? "Menlo" : "Monospaced";
        return Font.font(family, getTerminalFontSize());
    }

    @Override
    public float getTerminalFontSize() {
        return 13;
    }

    /** Ctrl+F belongs to the program (readline, TUIs); find is Ctrl+Shift+F (Cmd+F on macOS). */
    @Override
    public @NotNull TerminalActionPresentation getFindActionPresentation() {
        return MAC ? super.getFindActionPresentation() : new TerminalActionPresentation("Find",
                new KeyCodeCombination(KeyCode.F, KeyCombination.CONTROL_DOWN, KeyCombination.SHIFT_DOWN));
    }

    /** Ctrl+L belongs to the program (clear screen); clearing the scroll-back is Ctrl+Shift+K (Cmd+K on macOS). */
    @Override
    public @NotNull TerminalActionPresentation getClearBufferActionPresentation() {
        return MAC ? super.getClearBufferActionPresentation() : new TerminalActionPresentation("Clear Buffer",
                new KeyCodeCombination(KeyCode.K, KeyCombination.CONTROL_DOWN, KeyCombination.SHIFT_DOWN));
    }

    /** The view shows the bell itself; JediTerm would ring it through AWT. */
    @Override
    public boolean audibleBell() {
        return false;
    }
}
