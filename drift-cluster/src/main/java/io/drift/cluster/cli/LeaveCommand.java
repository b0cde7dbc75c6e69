package io.drift.cluster.cli;

import io.drift.cluster.meta.ClusterView;
import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Json;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.Member;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drift cluster leave NODE}: marks a node as leaving. It then hands each of its shards to
 * the node the ring places it on without it, and leaves the cluster once it owns none; stop it
 * afterwards. {@code cluster status} shows the moves.
 */
@Command(name = "leave", mixinStandardHelpOptions = true,
        description = {"Mark a node as leaving: it hands its shards to the other nodes, one at a time, while calls go"
                + " on, then leaves the cluster (cluster status no longer lists it). Stop its process afterwards."})
public final class LeaveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NODE", description = "The node's id.")
    String node;

    @Option(names = "--etcd", paramLabel = "ENDPOINTS", defaultValue = "${env:DRIFT_ETCD_ENDPOINTS:-http://127.0.0.1:2379}",
            description = "etcd's endpoints, comma-separated (default: $DRIFT_ETCD_ENDPOINTS or ${DEFAULT-VALUE}).")
    String etcd;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (EtcdStore store = new EtcdStore(etcd)) {
            ClusterView view = ClusterView.of(store.range(Keys.ROOT));
            Member m = view.members().get(node);
            if (m == null) {
                spec.commandLine().getErr().printf("drift: no node '%s' in the cluster%n", node);
                return 1;
            }
            if (view.activeMembers().equals(List.of(node))) {
                spec.commandLine().getErr().printf("drift: %s is the only node taking shards; its shards would have"
                        + " nowhere to go%n", node);
                return 1;
            }
            String key = Keys.member(node);
            if (!store.compareAndSet(key, view.modRevision(key),
                    Map.of(key, Json.write(new Member(m.id(), m.address(), Member.LEAVING))), List.of())) {
                spec.commandLine().getErr().println("drift: the node's record changed meanwhile; try again");
                return 1;
            }
        }
        out.printf("%s is leaving: it hands its shards to the other nodes, then leaves (see cluster status)%n", node);
        out.flush();
        return 0;
    }
}
