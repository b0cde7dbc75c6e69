package io.drift.cluster.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drift.cluster.meta.ClusterView;
import io.drift.cluster.meta.CollectionRecord;
import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.Member;
import io.drift.cluster.meta.ShardMap;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drift cluster status}: nodes, collections, shards, owners and moves, read from etcd. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "The cluster's nodes (live or down), its collections and who owns each shard, and the moves in"
                + " progress, as etcd holds them.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--etcd", paramLabel = "ENDPOINTS", defaultValue = "${env:DRIFT_ETCD_ENDPOINTS:-http://127.0.0.1:2379}",
            description = "etcd's endpoints, comma-separated (default: $DRIFT_ETCD_ENDPOINTS or ${DEFAULT-VALUE}).")
    String etcd;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ClusterView view;
        try (EtcdStore store = new EtcdStore(etcd)) {
            view = ClusterView.of(store.range(Keys.ROOT));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report(view)));
        } else {
            print(view, out);
        }
        out.flush();
        return 0;
    }

    /** The status as nested maps and lists (the JSON form). */
    static Map<String, Object> report(ClusterView view) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("revision", view.revision());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Member m : new TreeMap<>(view.members()).values()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", m.id());
            n.put("address", view.address(m.id()));
            n.put("state", m.state());
            n.put("live", view.live().containsKey(m.id()));
            n.put("shards", countOwned(view, m.id()));
            nodes.add(n);
        }
        r.put("nodes", nodes);
        List<Map<String, Object>> collections = new ArrayList<>();
        for (CollectionRecord c : new TreeMap<>(view.collections()).values()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("state", c.state());
            ShardMap map = view.shardMaps().get(c.name());
            List<Map<String, Object>> shards = new ArrayList<>();
            for (int s = 0; map != null && s < map.shards(); s++) {
                Map<String, Object> sh = new LinkedHashMap<>();
                sh.put("shard", s);
                sh.put("owner", map.owner(s));
                sh.put("owner_live", view.live().containsKey(map.owner(s)));
                if (map.target(s) != null) {
                    sh.put("moving_to", map.target(s));
                }
                shards.add(sh);
            }
            col.put("shards", shards);
            collections.add(col);
        }
        r.put("collections", collections);
        return r;
    }

    private static int countOwned(ClusterView view, String node) {
        int n = 0;
        for (ShardMap m : view.shardMaps().values()) {
            n += (int) m.owners().stream().filter(node::equals).count();
        }
        return n;
    }

    private static void print(ClusterView view, PrintWriter out) {
        out.printf("nodes (%d):%n", view.members().size());
        for (Member m : new TreeMap<>(view.members()).values()) {
            out.printf("  %-12s %-22s %-8s %-5s %d shards%n", m.id(), view.address(m.id()), m.state(),
                    view.live().containsKey(m.id()) ? "up" : "DOWN", countOwned(view, m.id()));
        }
        out.printf("collections (%d):%n", view.collections().size());
        int moving = 0;
        for (CollectionRecord c : new TreeMap<>(view.collections()).values()) {
            ShardMap map = view.shardMaps().get(c.name());
            out.printf("  %s (%s, %d shards)%n", c.name(), c.state(), c.shards());
            for (int s = 0; map != null && s < map.shards(); s++) {
                String target = map.target(s);
                moving += target == null ? 0 : 1;
                out.printf("    shard %-4d %-12s%s%s%n", s, map.owner(s),
                        view.live().containsKey(map.owner(s)) ? "" : " (down)",
                        target == null ? "" : " -> moving to " + target);
            }
        }
        out.printf("moves in progress: %d%n", moving);
    }
}
