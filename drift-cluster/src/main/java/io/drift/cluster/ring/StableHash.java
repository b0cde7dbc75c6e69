package io.drift.cluster.ring;

import java.nio.charset.StandardCharsets;

/**
 * The cluster's hash functions. They decide which shard holds a point and where a shard or a
 * virtual node sits on the ring, so they are part of the cluster's protocol: every node must
 * compute the same values, in every version (docs/ARCHITECTURE.md, "Cluster").
 *
 * <ul>
 *   <li>an id: MurmurHash3's 64-bit finaliser ({@code fmix64}) of the id;
 *   <li>a string: FNV-1a (64-bit) over its UTF-8 bytes, then {@code fmix64}, which spreads
 *       FNV's weak low bits.
 * </ul>
 */
public final class StableHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StableHash() {
    }

    /** The hash of a point's id. */
    public static long ofId(long id) {
        return fmix64(id);
    }

    /** The hash of a string (a point's key, a shard's or a virtual node's name). */
    public static long ofString(String s) {
        long h = FNV_OFFSET;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return fmix64(h);
    }

    /** The shard of a hash among {@code shards}: the unsigned remainder. */
    public static int shardOf(long hash, int shards) {
        return (int) Long.remainderUnsigned(hash, shards);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
