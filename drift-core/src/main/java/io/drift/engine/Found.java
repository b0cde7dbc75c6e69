package io.drift.engine;

import io.drift.search.SearchHits;

/**
 * A search's answer with the documents (keys and payloads) of its hits: {@code docs[i]} is hit
 * {@code i}'s, read from the Version the search ran on; null for a hit without one, or no array
 * when they were not asked for.
 */
public record Found(SearchHits hits, byte[][] docs) {}
