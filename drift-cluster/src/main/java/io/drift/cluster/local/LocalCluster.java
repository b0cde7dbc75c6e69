package io.drift.cluster.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster on one machine: an etcd server and nodes {@code n1, n2, ...}, each a process of its own
 * on a loopback port, with their data under one directory ({@code etcd/}, {@code n1/}, ... and a
 * log per process). For {@code drift cluster local} and the cluster's tests.
 */
public final class LocalCluster implements AutoCloseable {

    private final Path dir;
    private final LocalEtcd etcd;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> jvmOptions;

    private LocalCluster(Path dir, LocalEtcd etcd, List<String> jvmOptions) {
        this.dir = dir;
        this.etcd = etcd;
        this.jvmOptions = jvmOptions;
    }

    /** Starts etcd and {@code n} nodes. */
    public static LocalCluster start(Path dir, int n) throws IOException, InterruptedException {
        return start(dir, n, NodeProcess.DEFAULT_JVM_OPTIONS);
    }

    /** Starts etcd and {@code n} nodes, their JVMs run with {@code jvmOptions}. */
    public static LocalCluster start(Path dir, int n, List<String> jvmOptions) throws IOException, InterruptedException {
        LocalCluster c = new LocalCluster(dir, LocalEtcd.start(dir.resolve("etcd")), List.copyOf(jvmOptions));
        try {
            for (int i = 0; i < n; i++) {
                c.addNode();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Starts one more node, {@code n<count+1>}, on a free port. */
    public NodeProcess addNode() throws IOException, InterruptedException {
        String id = "n" + (nodes.size() + 1);
        NodeProcess node = new NodeProcess(id, dir.resolve(id), Ports.free(), etcd.endpoint(), jvmOptions);
        nodes.add(node);
        return node.start();
    }

    public LocalEtcd etcd() {
        return etcd;
    }

    public List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** Node {@code n<i+1>}. */
    public NodeProcess node(int i) {
        return nodes.get(i);
    }

    /** Stops every node (SIGTERM: they drain and leave), then etcd. */
    @Override
    public void close() throws InterruptedException {
        for (NodeProcess n : nodes) {
            n.stop();
        }
        etcd.stop();
    }
}
