package io.drift.cluster.meta;

/**
 * The cluster's keys in etcd, all under {@value #ROOT} (docs/ARCHITECTURE.md, "Cluster"):
 *
 * <pre>
 * /drift/v1/members/&lt;node&gt;       a node of the cluster (JSON {@link Member}); kept while the node is
 *                                 down, removed when it leaves
 * /drift/v1/live/&lt;node&gt;          the node is up: put under the node's lease (JSON {@link Member})
 * /drift/v1/collections/&lt;name&gt;   a collection (JSON {@link CollectionRecord})
 * /drift/v1/shards/&lt;name&gt;        its shard map (JSON {@link ShardMap}), changed in transactions that
 *                                 compare its revision
 * </pre>
 */
public final class Keys {

    public static final String ROOT = "/drift/v1/";
    public static final String MEMBERS = ROOT + "members/";
    public static final String LIVE = ROOT + "live/";
    public static final String COLLECTIONS = ROOT + "collections/";
    public static final String SHARDS = ROOT + "shards/";

    private Keys() {
    }

    public static String member(String node) {
        return MEMBERS + node;
    }

    public static String live(String node) {
        return LIVE + node;
    }

    public static String collection(String name) {
        return COLLECTIONS + name;
    }

    public static String shards(String name) {
        return SHARDS + name;
    }
}
