package dev.lanes.fanout;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import dev.lanes.agent.AgentProfileJson;
import dev.lanes.model.AgentProfile;

import java.util.List;
import java.util.Map;

/**
 * A {@link FanoutSpec} as JSON for the store (the agent profile as {@link AgentProfileJson} writes it). The
 * placement is an optional object: a spec written before placements existed reads as one folder.
 */
public final class FanoutSpecJson {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();
    static final int FORMAT = 1;

    private FanoutSpecJson() {
    }

    public static String toJson(FanoutSpec s) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("folder", s.folder());
        o.add("items", GSON.toJsonTree(s.items()));
        o.add("command", GSON.toJsonTree(s.command()));
        if (s.agent() != null) {
            o.addProperty("agentId", s.agent().id());
            o.addProperty("agent", AgentProfileJson.toJson(s.agent()));
        }
        o.addProperty("promptTemplate", s.promptTemplate());
        o.addProperty("model", s.model());
        o.addProperty("permissionMode", s.permissionMode());
        o.add("verify", GSON.toJsonTree(s.verify()));
        o.addProperty("concurrency", s.concurrency());
        o.addProperty("startSmall", s.startSmall());
        o.addProperty("ordered", s.ordered());
        o.addProperty("stopOnFailure", s.stopOnFailure());
        o.addProperty("itemBudgetUsd", s.itemBudgetUsd());
        o.addProperty("runBudgetUsd", s.runBudgetUsd());
        o.add("environment", GSON.toJsonTree(s.environment()));
        o.addProperty("logFolder", s.logFolder());
        o.addProperty("allowedTools", s.allowedTools());
        FanoutPlacement p = s.placement();
        if (p.usesWorktrees()) {
            JsonObject po = new JsonObject();
            po.addProperty("kind", p.kind().name());
            po.addProperty("batchSize", p.batchSize());
            po.addProperty("base", p.base());
            po.addProperty("branchPrefix", p.branchPrefix());
            po.addProperty("worktreesRoot", p.worktreesRoot());
            o.add("placement", po);
        }
        return GSON.toJson(o);
    }

    public static FanoutSpec fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        List<String> items = GSON.fromJson(o.get("items"), new TypeToken<List<String>>() { }.getType());
        List<String> command = GSON.fromJson(o.get("command"), new TypeToken<List<String>>() { }.getType());
        List<String> verify = GSON.fromJson(o.get("verify"), new TypeToken<List<String>>() { }.getType());
        Map<String, String> env = GSON.fromJson(o.get("environment"), new TypeToken<Map<String, String>>() { }.getType());
        AgentProfile agent = o.has("agent") && !o.get("agent").isJsonNull()
                ? AgentProfileJson.fromJson(o.get("agentId").getAsString(), o.get("agent").getAsString()) : null;
        return new FanoutSpec(o.get("folder").getAsString(), items, command, agent, string(o, "promptTemplate"),
                string(o, "model"), string(o, "permissionMode"), verify, o.get("concurrency").getAsInt(),
                o.get("startSmall").getAsInt(), o.get("ordered").getAsBoolean(), o.get("stopOnFailure").getAsBoolean(),
                number(o, "itemBudgetUsd"), number(o, "runBudgetUsd"), env, string(o, "logFolder").isEmpty() ? null
                : string(o, "logFolder"), placement(o), string(o, "allowedTools"));
    }

    private static FanoutPlacement placement(JsonObject o) {
        if (!o.has("placement") || !o.get("placement").isJsonObject()) {
            return FanoutPlacement.ONE_FOLDER;
        }
        JsonObject p = o.getAsJsonObject("placement");
        FanoutPlacement.Kind kind = FanoutPlacement.Kind.valueOf(string(p, "kind"));
        int size = p.has("batchSize") && !p.get("batchSize").isJsonNull() ? p.get("batchSize").getAsInt() : 1;
        String root = string(p, "worktreesRoot");
        return new FanoutPlacement(kind, size, string(p, "base"),
                p.has("branchPrefix") ? string(p, "branchPrefix") : FanoutPlacement.DEFAULT_PREFIX, root.isEmpty() ? null : root);
    }

    private static String string(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : "";
    }

    private static Double number(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsDouble() : null;
    }
}
