package io.drift.cluster.route;

import io.drift.cluster.ring.StableHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The items of a request (points, ids, keys) split by the shard each belongs to, remembering each
 * item's index in the request, so a shard's complaint about {@code points[2]} of its part can be
 * told as the request's {@code points[7]}.
 */
final class Parts {

    private final Map<Integer, List<Integer>> byShard = new TreeMap<>();

    /** Splits {@code count} items, item {@code i}'s shard given by {@code shardOf}. */
    Parts(int count, IntFunction<Integer> shardOf) {
        for (int i = 0; i < count; i++) {
            byShard.computeIfAbsent(shardOf.apply(i), s -> new ArrayList<>()).add(i);
        }
    }

    /** The shard of a point named by an id. */
    static int shardOfId(long id, int shards) {
        return StableHash.shardOf(StableHash.ofId(id), shards);
    }

    /** The shard of a point named by a key. */
    static int shardOfKey(String key, int shards) {
        return StableHash.shardOf(StableHash.ofString(key), shards);
    }

    /** The shards with items, in order. */
    List<Integer> shards() {
        return List.copyOf(byShard.keySet());
    }

    /** The request's indices of shard {@code shard}'s items, in request order. */
    List<Integer> indices(int shard) {
        return byShard.getOrDefault(shard, List.of());
    }

    /**
     * {@code message} from shard {@code shard} with every {@code field[i]} (its part's index) turned
     * into the request's index.
     */
    String globalIndices(String message, String field, int shard) {
        if (message == null) {
            return null;
        }
        List<Integer> idx = indices(shard);
        Matcher m = Pattern.compile(Pattern.quote(field) + "\\[(\\d+)]").matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int local = Integer.parseInt(m.group(1));
            String global = local < idx.size() ? Integer.toString(idx.get(local)) : m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(field + "[" + global + "]"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
