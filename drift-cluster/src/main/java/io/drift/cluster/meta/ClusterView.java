package io.drift.cluster.meta;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's metadata at one etcd revision: members, the live ones, collections and their
 * shard maps, with the revision that last changed each key (for transactions that compare it).
 * Immutable; {@link ClusterWatcher} keeps the newest.
 */
public record ClusterView(long revision, Map<String, Member> members, Map<String, Member> live,
                          Map<String, CollectionRecord> collections, Map<String, ShardMap> shardMaps,
                          Map<String, Long> modRevisions) {

    public static final ClusterView EMPTY = new ClusterView(0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public ClusterView {
        members = Map.copyOf(members);
        live = Map.copyOf(live);
        collections = Map.copyOf(collections);
        shardMaps = Map.copyOf(shardMaps);
        modRevisions = Map.copyOf(modRevisions);
    }

    /** The view of the keys read by a range over {@link Keys#ROOT}. */
    public static ClusterView of(EtcdStore.Range range) {
        Builder b = new Builder(EMPTY);
        for (EtcdStore.Entry e : range.entries()) {
            b.apply(e.key(), e.value(), e.modRevision());
        }
        return b.build(range.revision());
    }

    /**
     * This view with the changes of a watch applied; a change at or below this view's revision is
     * in it already (the view was read after it) and is skipped, so a late event never undoes a
     * newer read.
     */
    public ClusterView with(List<EtcdStore.Change> changes) {
        Builder b = new Builder(this);
        long rev = revision;
        for (EtcdStore.Change c : changes) {
            if (c.modRevision() <= revision) {
                continue;
            }
            b.apply(c.key(), c.value(), c.modRevision());
            rev = Math.max(rev, c.modRevision());
        }
        return b.build(rev);
    }

    /** The members that take shards, sorted by id. */
    public List<String> activeMembers() {
        return new TreeMap<>(members).values().stream().filter(Member::active).map(Member::id).toList();
    }

    /** The address of node {@code id}: its live record's, else its member record's; null if unknown. */
    public String address(String id) {
        Member m = live.get(id);
        if (m == null) {
            m = members.get(id);
        }
        return m == null ? null : m.address();
    }

    public long modRevision(String key) {
        return modRevisions.getOrDefault(key, 0L);
    }

    private static final class Builder {
        final Map<String, Member> members;
        final Map<String, Member> live;
        final Map<String, CollectionRecord> collections;
        final Map<String, ShardMap> shardMaps;
        final Map<String, Long> modRevisions;

        Builder(ClusterView v) {
            members = new HashMap<>(v.members);
            live = new HashMap<>(v.live);
            collections = new HashMap<>(v.collections);
            shardMaps = new HashMap<>(v.shardMaps);
            modRevisions = new HashMap<>(v.modRevisions);
        }

        void apply(String key, String value, long modRevision) {
            if (value == null) {
                modRevisions.remove(key);
            } else {
                modRevisions.put(key, modRevision);
            }
            if (key.startsWith(Keys.MEMBERS)) {
                put(members, key.substring(Keys.MEMBERS.length()), value, Member.class, key);
            } else if (key.startsWith(Keys.LIVE)) {
                put(live, key.substring(Keys.LIVE.length()), value, Member.class, key);
            } else if (key.startsWith(Keys.COLLECTIONS)) {
                put(collections, key.substring(Keys.COLLECTIONS.length()), value, CollectionRecord.class, key);
            } else if (key.startsWith(Keys.SHARDS)) {
                put(shardMaps, key.substring(Keys.SHARDS.length()), value, ShardMap.class, key);
            }
        }

        private static <T> void put(Map<String, T> map, String name, String value, Class<T> type, String key) {
            if (value == null) {
                map.remove(name);
            } else {
                map.put(name, Json.read(value, type, key));
            }
        }

        ClusterView build(long revision) {
            return new ClusterView(revision, members, live, collections, shardMaps, modRevisions);
        }
    }
}
