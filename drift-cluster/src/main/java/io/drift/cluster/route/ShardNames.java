package io.drift.cluster.route;

import io.drift.DriftEngine;
import java.util.Locale;

/**
 * The name of a shard's collection on its node: the cluster collection's name, then {@code _s} and
 * the shard's number in four digits ({@code docs_s0003}). The suffix has a fixed width, so two
 * different (collection, shard) pairs never share a name; a cluster collection's name is therefore
 * at most {@value #MAX_COLLECTION_NAME} characters.
 */
public final class ShardNames {

    /** The longest cluster collection name: the engine's 64 less the suffix. */
    public static final int MAX_COLLECTION_NAME = 58;
    /** The most shards a collection may have. */
    public static final int MAX_SHARDS = 256;

    private ShardNames() {
    }

    public static String of(String collection, int shard) {
        return collection + "_s" + String.format(Locale.ROOT, "%04d", shard); // ASCII digits whatever the default locale
    }

    /** How a shard is named in messages to clients: {@code docs/3}. */
    public static String label(String collection, int shard) {
        return collection + "/" + shard;
    }

    /** Whether {@code name} may name a cluster collection. */
    public static boolean isValidCollectionName(String name) {
        return DriftEngine.isValidName(name) && name.length() <= MAX_COLLECTION_NAME;
    }

    /** The cluster collection of a shard's collection name, or null if it names none. */
    public static String collectionOf(String shardName) {
        int n = shardName.length() - 6;
        if (n < 1 || !shardName.startsWith("_s", n)) {
            return null;
        }
        for (int i = n + 2; i < shardName.length(); i++) {
            if (!Character.isDigit(shardName.charAt(i))) {
                return null;
            }
        }
        return shardName.substring(0, n);
    }

    /** The shard number of a shard's collection name (which {@link #collectionOf} accepts). */
    public static int shardOf(String shardName) {
        return Integer.parseInt(shardName.substring(shardName.length() - 4));
    }
}
