package io.drift.cluster.cli;

import io.drift.cluster.local.LocalCluster;
import io.drift.cluster.local.NodeProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift cluster local}: a real etcd and N nodes on loopback, each a process of its own, until
 * Ctrl-C; for trying a cluster on one machine.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Start etcd and N cluster nodes on loopback (each a process of its own, data and logs under"
                + " --data) and keep them running until Ctrl-C, which stops them cleanly."})
public final class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "drift-cluster",
            description = "Where etcd's and the nodes' data and logs go (default: ./${DEFAULT-VALUE}); kept between runs.")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 16) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1 to 16");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("starting etcd and %d nodes under %s ...%n", nodes, data.toAbsolutePath());
        out.flush();
        LocalCluster cluster = LocalCluster.start(data, nodes);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "drift-cluster-local-stop"));
        out.printf("etcd: %s (log %s)%n", cluster.etcd().endpoint(), cluster.etcd().log());
        for (NodeProcess n : cluster.nodes()) {
            out.printf("node %s: %s (log %s)%n", n.id(), n.address(), n.log());
        }
        NodeProcess first = cluster.node(0);
        out.printf("%ntry:  bin/drift create docs --dim 4 --server %s%n", first.address());
        out.printf("      bin/drift cluster status --etcd %s%n", cluster.etcd().endpoint());
        out.println("Ctrl-C stops the nodes and etcd.");
        out.flush();
        stopped.await();
        return 0;
    }
}
