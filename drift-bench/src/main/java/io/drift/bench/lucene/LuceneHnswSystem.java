package io.drift.bench.lucene;

import io.drift.bench.BenchSearcher;
import io.drift.bench.BenchSystem;
import io.drift.bench.SearchSetting;
import io.drift.dataset.Dataset;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * Apache Lucene's HNSW index over one vector field, in one of the {@link LuceneVectorFormat}s.
 *
 * <p>Build: every base row is added as a document with the vector and its row id as a {@code
 * NumericDocValues} field, by one thread with a large RAM buffer and a serial merge scheduler,
 * then committed and force-merged to a single segment in a memory-mapped directory. Search:
 * straight through the segment's {@link LeafReader#searchNearestVectors} with a {@link
 * TopKnnCollector} of size {@code ef_search} and no executor, keeping the best {@code k}; Lucene
 * document ids are mapped back to row ids through an array read once after the merge. This is the
 * cheapest single-threaded path Lucene offers, with none of the query-rewrite machinery of {@code
 * KnnFloatVectorQuery}.
 */
public final class LuceneHnswSystem implements BenchSystem {

    /** Graph degree (Lucene's {@code maxConn}). */
    public static final int M = 16;

    /** Candidate list size while building the graph. */
    public static final int BEAM_WIDTH = 100;

    /** The search-time candidate list sizes swept, smallest first. */
    public static final List<Integer> EF_SEARCH = List.of(10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512);

    /** Report name of the search-time parameter. */
    public static final String EF_SEARCH_PARAM = "ef_search";

    static final String VECTOR_FIELD = "vector";
    static final String ID_FIELD = "id";

    private final LuceneVectorFormat format;
    private Directory directory;
    private DirectoryReader reader;
    private LeafReader leaf;
    private int[] rowIds;

    /** An unbuilt index in {@code format}. */
    public LuceneHnswSystem(LuceneVectorFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public String name() {
        return format.systemName();
    }

    @Override
    public Map<String, Object> buildParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("m", M);
        params.put("beam_width", BEAM_WIDTH);
        params.putAll(format.params());
        return Collections.unmodifiableMap(params);
    }

    @Override
    public void build(Dataset dataset, Path workDir) throws IOException {
        if (directory != null) {
            throw new IllegalStateException(name() + " is already built");
        }
        directory = new MMapDirectory(workDir);
        Vectors base = dataset.base();
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(new KnnFieldCodec(format.create(M, BEAM_WIDTH)))
                .setRAMBufferSizeMB(ramBufferMegabytes())
                .setMergeScheduler(new SerialMergeScheduler())
                .setUseCompoundFile(false);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            RowDocument doc = new RowDocument(base, dataset.metric());
            for (int row = 0; row < base.size(); row++) {
                writer.addDocument(doc.of(row));
            }
            writer.commit();
            writer.forceMerge(1);
            writer.commit();
        }
    }

    /** A quarter of the heap, within Lucene's limits: large enough to flush once for most sets. */
    private static double ramBufferMegabytes() {
        long quarterHeapMb = Runtime.getRuntime().maxMemory() / 4 / (1024 * 1024);
        return Math.clamp(quarterHeapMb, 16L, 2047L);
    }

    @Override
    public void open() throws IOException {
        if (directory == null) {
            throw new IllegalStateException(name() + " has not been built");
        }
        reader = DirectoryReader.open(directory);
        if (reader.leaves().size() != 1) {
            throw new IllegalStateException(
                    "expected one segment after forceMerge(1), found " + reader.leaves().size());
        }
        leaf = reader.leaves().getFirst().reader();
        rowIds = readRowIds(leaf);
    }

    private static int[] readRowIds(LeafReader leaf) throws IOException {
        int[] ids = new int[leaf.maxDoc()];
        NumericDocValues values = leaf.getNumericDocValues(ID_FIELD);
        if (values == null) {
            throw new IllegalStateException("index has no '" + ID_FIELD + "' doc values");
        }
        int count = 0;
        for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
            ids[doc] = Math.toIntExact(values.longValue());
            count++;
        }
        if (count != ids.length) {
            throw new IllegalStateException(count + " of " + ids.length + " documents have an id");
        }
        return ids;
    }

    @Override
    public List<SearchSetting> settings(int k) {
        List<SearchSetting> settings = new ArrayList<>();
        for (int ef : EF_SEARCH) {
            if (ef >= k) {
                settings.add(efSearch(ef));
            }
        }
        if (settings.isEmpty()) {
            settings.add(efSearch(k));
        }
        return List.copyOf(settings);
    }

    private static SearchSetting efSearch(int ef) {
        return new SearchSetting("ef=" + ef, Map.of(EF_SEARCH_PARAM, ef));
    }

    @Override
    public BenchSearcher searcher(SearchSetting setting, int k) {
        if (leaf == null) {
            throw new IllegalStateException(name() + " is not open");
        }
        int ef = setting.intParam(EF_SEARCH_PARAM);
        if (ef < k) {
            throw new IllegalArgumentException(EF_SEARCH_PARAM + " " + ef + " is smaller than k " + k);
        }
        LeafReader segment = leaf;
        int[] ids = rowIds;
        return (query, outIds) -> {
            TopKnnCollector collector = new TopKnnCollector(ef, Integer.MAX_VALUE);
            segment.searchNearestVectors(
                    VECTOR_FIELD, query, collector, AcceptDocs.fromLiveDocs(segment.getLiveDocs(), segment.maxDoc()));
            ScoreDoc[] hits = collector.topDocs().scoreDocs;
            int n = Math.min(Math.min(k, hits.length), outIds.length);
            for (int i = 0; i < n; i++) {
                outIds[i] = ids[hits[i].doc];
            }
            return n;
        };
    }

    @Override
    public long diskBytes() throws IOException {
        if (directory == null) {
            throw new IllegalStateException(name() + " has not been built");
        }
        long bytes = 0;
        for (String file : directory.listAll()) {
            bytes += directory.fileLength(file);
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        try {
            IOUtils.close(reader, directory);
        } finally {
            reader = null;
            leaf = null;
            rowIds = null;
            directory = null;
        }
    }
}
