package dev.lanes.agent;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentProfile.Mode;
import dev.lanes.model.AgentProfile.OutputFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent profiles a person can run: the built-in ones (each replaced by the person's edited
 * version when there is one) followed by their own custom profiles. Saving validates first and
 * says what is wrong in one sentence; built-ins can be reset to their shipped version but never
 * removed; custom profiles can be added, duplicated and removed.
 *
 * <p>For a built-in profile, the install hint always comes from the shipped version (it is Lanes'
 * knowledge of the agent, kept current by updates); everything else the person may change. A
 * built-in saved back to exactly its shipped version is no longer stored at all.
 *
 * <p>Every method reads or writes the store: call it off the FX thread.
 */
public final class AgentProfiles {

    /** A profile that cannot be saved; the message is one sentence for the person. */
    public static final class InvalidProfileException extends IllegalArgumentException {
        public InvalidProfileException(String message) {
            super(message);
        }
    }

    /**
     * What the Settings editor changes in a profile. Blank or missing values are allowed here
     * (the editor holds what the person typed); {@link #problem} says what is wrong with them.
     *
     * @param firstRun    argument groups of a new conversation, one per line
     * @param followUp    argument groups of a follow-up, one per line; empty when the agent cannot continue
     * @param versionArgs arguments that make it print its version
     */
    public record Edit(String name, String executable, Mode mode, OutputFormat output, List<String> firstRun,
                       List<String> followUp, List<String> versionArgs) {

        public Edit {
            name = name == null ? "" : name.strip();
            executable = executable == null ? "" : executable.strip();
            mode = mode == null ? Mode.HEADLESS : mode;
            output = output == null ? (mode == Mode.INTERACTIVE ? OutputFormat.TERMINAL : OutputFormat.TEXT) : output;
            firstRun = groups(firstRun);
            followUp = groups(followUp);
            versionArgs = versionArgs == null ? List.of()
                    : versionArgs.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).toList();
        }

        public static Edit of(AgentProfile p) {
            return new Edit(p.name(), p.executable(), p.mode(), p.output(), p.firstRun(), p.followUp(), p.versionArgs());
        }

        /** Text with one argument group per line (as the editor shows it): blank lines are left out. */
        public static List<String> lines(String text) {
            return text == null ? List.of() : groups(text.lines().toList());
        }

        /** Version arguments typed on one line, split on spaces. */
        public static List<String> words(String text) {
            return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
        }

        private static List<String> groups(List<String> in) {
            if (in == null) {
                return List.of();
            }
            return in.stream().filter(g -> g != null && !g.isBlank()).map(g -> g.strip().replaceAll("\\s+", " ")).toList();
        }
    }

    private final AgentProfileStore store;
    private final List<AgentProfile> shipped;
    /** The effective list as last read or written: what {@link #latest()} answers without the store. */
    private volatile List<AgentProfile> latest;

    public AgentProfiles(AgentProfileStore store) {
        this(store, BuiltInProfiles.all());
    }

    /** With another set of shipped profiles (tests). */
    AgentProfiles(AgentProfileStore store, List<AgentProfile> shipped) {
        this.store = store;
        this.shipped = List.copyOf(shipped);
        this.latest = this.shipped;
    }

    // ---------------------------------------------------------------- reading

    /**
     * The profiles to offer, in order: the built-ins (each as the person last saved it, or as
     * shipped), then the custom profiles in the order they were added.
     */
    public synchronized List<AgentProfile> effective() {
        List<AgentProfile> out = read();
        latest = out;
        return out;
    }

    /**
     * The effective list as it was last read or written through this object, without touching the
     * store: safe to call on the FX thread (for a combo box of profiles). Until the store has been
     * read once it is the shipped list; {@code AppServices} reads it as soon as the store is open.
     */
    public List<AgentProfile> latest() {
        return latest;
    }

    private List<AgentProfile> read() {
        Map<String, AgentProfile> stored = new LinkedHashMap<>();
        for (AgentProfile p : store.storedProfiles()) {
            stored.put(p.id(), p);
        }
        List<AgentProfile> out = new ArrayList<>();
        for (AgentProfile s : shipped) {
            AgentProfile edited = stored.remove(s.id());
            out.add(edited == null ? s : new AgentProfile(s.id(), edited.name(), edited.executable(), edited.mode(),
                    edited.firstRun(), edited.followUp(), edited.output(), edited.costFromResult(), edited.versionArgs(),
                    s.installHint(), true));
        }
        for (AgentProfile custom : stored.values()) {
            out.add(custom.builtIn() ? asCustom(custom) : custom);
        }
        return out;
    }

    /** The effective profile with this id. */
    public Optional<AgentProfile> find(String id) {
        return effective().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The version Lanes ships of a built-in profile. */
    public Optional<AgentProfile> shipped(String id) {
        return shipped.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Whether a built-in profile differs from its shipped version (false for custom profiles). */
    public boolean isEdited(AgentProfile p) {
        return shipped(p.id()).map(s -> !s.equals(p)).orElse(false);
    }

    // ---------------------------------------------------------------- rules

    /**
     * What is wrong with saving {@code edit} as the profile {@code id} ({@code null} for a new one),
     * as one sentence; empty when it can be saved.
     */
    public Optional<String> problem(String id, Edit edit) {
        return problem(id, edit, effective());
    }

    /**
     * What is wrong with saving {@code e} as the profile {@code id} ({@code null} for a new one),
     * beside the profiles {@code all} (for the name, which must be free): the same rules as
     * {@link #save}, without reading the store, for an editor that checks as the person types.
     */
    public static Optional<String> problem(String id, Edit e, List<AgentProfile> all) {
        if (e.name().isEmpty()) {
            return Optional.of("Give the profile a name.");
        }
        for (AgentProfile other : all) {
            if (!other.id().equals(id) && other.name().strip().equalsIgnoreCase(e.name())) {
                return Optional.of("Another profile is already called “" + other.name() + "”: pick another name.");
            }
        }
        String exe = e.executable();
        if (exe.isEmpty()) {
            return Optional.of("Name the program to run: a command on PATH (such as “claude”) or a full path.");
        }
        if (exe.startsWith("~")) {
            return Optional.of("Lanes does not expand “~” in the executable: write the full path instead.");
        }
        if (exe.matches(".*\\s.*") && !exe.contains("/") && !exe.contains("\\")) {
            return Optional.of("“" + exe + "” is not one program: put the program in Executable and its arguments "
                    + "in the first-run lines.");
        }
        if (e.mode() == Mode.INTERACTIVE && e.output() != OutputFormat.TERMINAL) {
            return Optional.of("An interactive profile runs in a terminal tab: set its output to Terminal.");
        }
        if (e.mode() == Mode.HEADLESS && e.output() == OutputFormat.TERMINAL) {
            return Optional.of("Terminal output needs the interactive mode: a headless profile reads its output "
                    + "as JSON or plain text.");
        }
        Optional<String> unknown = unknownPlaceholder("First-run", e.firstRun())
                .or(() -> unknownPlaceholder("Follow-up", e.followUp()));
        if (unknown.isPresent()) {
            return unknown;
        }
        Optional<String> misplaced = uses("First-run", e.firstRun(), "resumeId",
                "which is only set for follow-ups (a new conversation's id is {sessionId})")
                .or(() -> uses("Follow-up", e.followUp(), "sessionId",
                        "which is only set for a new conversation (a follow-up continues {resumeId})"));
        if (misplaced.isPresent()) {
            return misplaced;
        }
        if (e.mode() == Mode.HEADLESS) {
            if (!takes(e.firstRun(), "prompt")) {
                return Optional.of("No first-run line takes {prompt}, so the agent would never get the prompt: add "
                        + "one (for example “-p {prompt}”).");
            }
            if (!e.followUp().isEmpty() && !takes(e.followUp(), "prompt")) {
                return Optional.of("No follow-up line takes {prompt}, so a follow-up would never reach the agent: "
                        + "add one, or leave the follow-up lines empty.");
            }
        }
        return Optional.empty();
    }

    /**
     * Anything that looks like a placeholder, wider than what {@link CommandTemplate} fills: a typo
     * such as {@code {resume_id}} or {@code {max-turns}} would otherwise reach the agent as literal text.
     */
    private static final Pattern LOOKS_LIKE_PLACEHOLDER =
            Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_-]*)}");

    private static Optional<String> unknownPlaceholder(String which, List<String> groups) {
        for (int i = 0; i < groups.size(); i++) {
            Matcher m = LOOKS_LIKE_PLACEHOLDER.matcher(groups.get(i));
            while (m.find()) {
                String name = m.group(1);
                if (!CommandTemplate.KNOWN.contains(name)) {
                    return Optional.of(which + " line " + (i + 1) + " (“" + groups.get(i) + "”) uses {" + name
                            + "}, which Lanes does not fill; known placeholders: " + known() + ".");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> uses(String which, List<String> groups, String placeholder, String why) {
        for (int i = 0; i < groups.size(); i++) {
            if (CommandTemplate.placeholders(groups.get(i)).contains(placeholder)) {
                return Optional.of(which + " line " + (i + 1) + " (“" + groups.get(i) + "”) uses {" + placeholder
                        + "}, " + why + ".");
            }
        }
        return Optional.empty();
    }

    private static boolean takes(List<String> groups, String placeholder) {
        return groups.stream().anyMatch(g -> CommandTemplate.placeholders(g).contains(placeholder));
    }

    /** The placeholders Lanes fills, as the editor's help lists them: "{prompt}, {model}, …". */
    public static String known() {
        return String.join(", ", CommandTemplate.KNOWN.stream().map(k -> "{" + k + "}").toList());
    }

    // ---------------------------------------------------------------- changing

    /**
     * Saves the person's changes to the profile {@code id} (built-in or custom).
     *
     * @return the profile as it now is
     * @throws InvalidProfileException with one sentence when it cannot be saved as it is
     */
    public synchronized AgentProfile save(String id, Edit edit) {
        List<AgentProfile> all = effective();
        AgentProfile base = all.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new InvalidProfileException("The agent profile “" + id + "” is no longer there "
                        + "(removed meanwhile?): add it again."));
        refuse(problem(id, edit, all));
        boolean cost = base.output() == edit.output() ? base.costFromResult()
                : edit.output() == OutputFormat.CLAUDE_STREAM_JSON;
        return write(new AgentProfile(id, edit.name(), edit.executable(), edit.mode(), edit.firstRun(), edit.followUp(),
                edit.output(), cost, edit.versionArgs(), base.installHint(), base.builtIn()));
    }

    /**
     * Saves a whole profile (built-in ids replace that built-in, any other id is a custom profile).
     *
     * @throws InvalidProfileException with one sentence when it cannot be saved as it is
     */
    public synchronized AgentProfile save(AgentProfile profile) {
        refuse(problem(profile.id(), Edit.of(profile), effective()));
        Optional<AgentProfile> s = shipped(profile.id());
        return write(s.isPresent()
                ? new AgentProfile(profile.id(), profile.name(), profile.executable(), profile.mode(), profile.firstRun(),
                        profile.followUp(), profile.output(), profile.costFromResult(), profile.versionArgs(),
                        s.get().installHint(), true)
                : asCustom(profile));
    }

    /** Adds a custom profile. */
    public synchronized AgentProfile addCustom(Edit edit) {
        List<AgentProfile> all = effective();
        refuse(problem(null, edit, all));
        return write(new AgentProfile(newId(all), edit.name(), edit.executable(), edit.mode(), edit.firstRun(),
                edit.followUp(), edit.output(), edit.output() == OutputFormat.CLAUDE_STREAM_JSON, edit.versionArgs(),
                "", false));
    }

    /** What the editor shows for a custom profile not yet added: a free name, plain text output, the prompt as an argument. */
    public Edit newCustomDraft() {
        return new Edit(freeName("New agent", effective()), "", Mode.HEADLESS, OutputFormat.TEXT, List.of("{prompt}"),
                List.of(), List.of("--version"));
    }

    /** Adds a custom copy of a profile ("Codex (copy)"), with all of its settings. */
    public synchronized AgentProfile duplicate(String id) {
        List<AgentProfile> all = effective();
        AgentProfile source = all.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new InvalidProfileException("The agent profile “" + id + "” is no longer there."));
        return write(new AgentProfile(newId(all), freeName(source.name() + " (copy)", all), source.executable(),
                source.mode(), source.firstRun(), source.followUp(), source.output(), source.costFromResult(),
                source.versionArgs(), source.installHint(), false));
    }

    /** Puts a built-in profile back to its shipped version. */
    public synchronized AgentProfile reset(String id) {
        AgentProfile s = shipped(id).orElseThrow(() -> new InvalidProfileException(
                "Only the profiles that ship with Lanes can be reset; remove your own profile instead."));
        store.deleteProfile(id);
        effective();
        return s;
    }

    /** Removes a custom profile; nothing happens when there is none with this id. */
    public synchronized void remove(String id) {
        Optional<AgentProfile> s = shipped(id);
        if (s.isPresent()) {
            throw new InvalidProfileException("“" + s.get().name() + "” ships with Lanes and cannot be removed; "
                    + "Reset undoes your changes to it.");
        }
        store.deleteProfile(id);
        effective();
    }

    private AgentProfile write(AgentProfile p) {
        Optional<AgentProfile> s = shipped(p.id());
        if (s.isPresent() && s.get().equals(p)) {
            store.deleteProfile(p.id());
        } else {
            store.saveProfile(p);
        }
        effective(); // keeps latest() current
        return p;
    }

    private static void refuse(Optional<String> problem) {
        if (problem.isPresent()) {
            throw new InvalidProfileException(problem.get());
        }
    }

    private static AgentProfile asCustom(AgentProfile p) {
        return new AgentProfile(p.id(), p.name(), p.executable(), p.mode(), p.firstRun(), p.followUp(), p.output(),
                p.costFromResult(), p.versionArgs(), p.installHint(), false);
    }

    private String newId(List<AgentProfile> all) {
        while (true) {
            String id = "custom-" + UUID.randomUUID().toString().substring(0, 8);
            if (all.stream().noneMatch(p -> p.id().equals(id)) && shipped(id).isEmpty()) {
                return id;
            }
        }
    }

    private static String freeName(String base, List<AgentProfile> all) {
        String name = base;
        for (int n = 2; taken(name, all); n++) {
            name = base.endsWith(")") ? base.substring(0, base.length() - 1) + " " + n + ")" : base + " " + n;
        }
        return name;
    }

    private static boolean taken(String name, List<AgentProfile> all) {
        String key = name.toLowerCase(Locale.ROOT);
        return all.stream().anyMatch(p -> p.name().strip().toLowerCase(Locale.ROOT).equals(key));
    }
}
