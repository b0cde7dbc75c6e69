package io.drift.engine;

import io.drift.payload.KeyHash;
import io.drift.payload.RowDoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The ids of a string-keyed collection (docs/ARCHITECTURE.md, "String keys"). A key's row lives
 * under an internal 64-bit id, the hash of its UTF-8 bytes, and carries the key in its document;
 * so every structure of the engine (the id index, Bloom filters, tombstones, the log) stays keyed
 * by ids, and finding a key costs what finding an id costs. Two keys whose hashes collide cannot
 * share an id: the later one takes the next of {@value #PROBES} independent hashes (seeds) whose id
 * no live row holds. A lookup therefore checks each probe's live row for the key itself and does
 * not stop at a free probe (a key may have moved on while the one before it was live, and that one
 * may have been deleted since). With 64-bit hashes a second probe is needed about once in
 * {@code 2^64 / n} new keys; all four taken is out of reach.
 */
final class KeyedIds {

    /** Hashes tried per key. */
    static final int PROBES = 4;
    /** Longest key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 256;
    /** The engine's: MurmurHash3 (x64, 128-bit; its first half), seeded with the probe. */
    static final KeyedIds STANDARD = new KeyedIds(KeyHash::hash);

    /** The id a key gets at probe {@code probe}. */
    @FunctionalInterface
    interface Hasher {
        long hash(byte[] key, int probe);
    }

    private final Hasher hasher;

    /** Keys placed by {@code hasher} (tests give one that collides). */
    KeyedIds(Hasher hasher) {
        this.hasher = hasher;
    }

    /** The id of the live row holding {@code key} as the batch sees it, or null when none does. */
    Long find(BatchView view, byte[] key) throws IOException {
        for (int p = 0; p < PROBES; p++) {
            long id = hasher.hash(key, p);
            BatchView.Row row = view.live(id);
            if (row != null && row.document() != null && RowDoc.keyEquals(row.document(), key)) {
                return id;
            }
        }
        return null;
    }

    /** The id {@code key} is stored under: its live row's, or else the first probe no live row holds. */
    long place(BatchView view, byte[] key) throws IOException {
        Long free = null;
        for (int p = 0; p < PROBES; p++) {
            long id = hasher.hash(key, p);
            BatchView.Row row = view.live(id);
            if (row == null) {
                free = free == null ? id : free;
            } else if (row.document() != null && RowDoc.keyEquals(row.document(), key)) {
                return id;
            }
        }
        if (free != null) {
            return free;
        }
        throw new IllegalStateException("key '" + new String(key, StandardCharsets.UTF_8) + "' collides with " + PROBES
                + " stored keys; no id is free for it");
    }

    /** The id of point {@code i} of {@code refs}: its id, or its key's as the batch sees it (null when no live row holds the key). */
    Long idOf(BatchView view, PointRefs refs, int i) throws IOException {
        return refs.byKey() ? find(view, refs.keys()[i]) : Long.valueOf(refs.ids()[i]);
    }

    /** Checks a key: 1 to {@value #MAX_KEY_BYTES} UTF-8 bytes. */
    static void check(byte[] key, String what) {
        if (key == null || key.length == 0 || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(what + " has a key of " + (key == null ? "no" : key.length)
                    + " bytes; keys are 1.." + MAX_KEY_BYTES + " UTF-8 bytes");
        }
    }
}
