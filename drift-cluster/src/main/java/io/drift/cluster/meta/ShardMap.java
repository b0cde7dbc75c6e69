package io.drift.cluster.meta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Who owns each shard of a collection: {@code owners.get(s)} serves shard {@code s}; while the shard
 * moves, {@code targets.get(s)} names the node receiving it (otherwise null). {@code epoch} counts
 * the changes. The map in etcd is the truth calls are routed by; the placement of the ring is only
 * where shards should go.
 */
public record ShardMap(long epoch, List<String> owners, List<String> targets) {

    public ShardMap {
        Objects.requireNonNull(owners, "owners");
        owners = List.copyOf(owners);
        if (targets == null) {
            targets = Collections.nCopies(owners.size(), null);
        }
        if (targets.size() != owners.size()) {
            throw new IllegalArgumentException("shard map: " + owners.size() + " owners but " + targets.size()
                    + " targets");
        }
        targets = Collections.unmodifiableList(new ArrayList<>(targets));
    }

    public static ShardMap initial(List<String> owners) {
        return new ShardMap(1, owners, null);
    }

    public int shards() {
        return owners.size();
    }

    public String owner(int shard) {
        return owners.get(shard);
    }

    /** The node shard {@code shard} is moving to, or null. */
    public String target(int shard) {
        return targets.get(shard);
    }

    /** This map with shard {@code shard} marked as moving to {@code node} (null: not moving). */
    public ShardMap withTarget(int shard, String node) {
        List<String> t = new ArrayList<>(targets);
        t.set(shard, node);
        return new ShardMap(epoch + 1, owners, t);
    }

    /** This map with shard {@code shard} owned by {@code node}, not moving. */
    public ShardMap withOwner(int shard, String node) {
        List<String> o = new ArrayList<>(owners);
        o.set(shard, node);
        List<String> t = new ArrayList<>(targets);
        t.set(shard, null);
        return new ShardMap(epoch + 1, o, t);
    }
}
