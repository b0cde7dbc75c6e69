package io.drift.bench.lucene;

import io.drift.Metric;
import io.drift.bench.BenchSearcher;
import io.drift.bench.churn.ChurnSystem;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * Apache Lucene's HNSW index under the churn workload: the same float32 format and graph
 * parameters as {@link LuceneHnswSystem} (M = 16, beam width 100), Lucene's default merge policy
 * and concurrent merge scheduler, one document per row with its id as a {@link StringField} term
 * and a doc value.
 *
 * <p>Writes: {@link IndexWriter#updateDocument} per inserted row and one {@link
 * IndexWriter#deleteDocuments(Term...)} per batch of deletes, then {@link IndexWriter#commit()}
 * (durable, like Drift's {@code SYNC} batches). Checkpoint: a fixed sleep of {@code settleMillis}
 * (merges run in the background meanwhile, as the janitor does for Drift), then a near-real-time
 * reopen ({@link DirectoryReader#openIfChanged(DirectoryReader, IndexWriter)}). Search: every
 * segment's {@link LeafReader#searchNearestVectors} with a {@link TopKnnCollector} of size
 * {@code ef} and its live documents, the hits merged into the best {@code k}; {@code rows_scanned}
 * is the graph nodes visited, {@code buckets_scanned} the segments searched.
 */
public final class LuceneChurnSystem implements ChurnSystem {

    /** The name on the command line and in reports. */
    public static final String NAME = "lucene-hnsw";

    private static final String ID_TERM_FIELD = "row";

    private final Vectors base;
    private final long settleMillis;
    private final List<Integer> efs;
    private final Directory directory;
    private final IndexWriter writer;
    private final Document doc = new Document();
    private final float[] vector;
    private final StringField idTerm = new StringField(ID_TERM_FIELD, "", Field.Store.NO);
    private final NumericDocValuesField idValue = new NumericDocValuesField(LuceneHnswSystem.ID_FIELD, 0L);
    private DirectoryReader reader;
    private List<Leaf> leaves = List.of();

    /** A searchable segment and the row id of each of its documents. */
    private record Leaf(LeafReader reader, int[] rows) {}

    /**
     * A new index in {@code dir}.
     *
     * @param efs the {@code ef} values measured at each checkpoint, the first one the headline
     */
    public LuceneChurnSystem(Vectors base, Metric metric, Path dir, long settleMillis, List<Integer> efs)
            throws IOException {
        if (efs.isEmpty()) {
            throw new IllegalArgumentException("no ef values");
        }
        this.base = base;
        this.settleMillis = settleMillis;
        this.efs = List.copyOf(efs);
        this.vector = new float[base.dim()];
        FieldType type = KnnFloatVectorField.createFieldType(base.dim(), LuceneSimilarity.of(metric));
        doc.add(new KnnFloatVectorField(LuceneHnswSystem.VECTOR_FIELD, vector, type));
        doc.add(idTerm);
        doc.add(idValue);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(new KnnFieldCodec(LuceneVectorFormat.FLOAT.create(LuceneHnswSystem.M,
                        LuceneHnswSystem.BEAM_WIDTH)));
        this.directory = new MMapDirectory(dir);
        IndexWriter w = null;
        try {
            w = new IndexWriter(directory, config);
        } finally {
            if (w == null) {
                directory.close();
            }
        }
        this.writer = w;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("m", LuceneHnswSystem.M);
        p.put("beam_width", LuceneHnswSystem.BEAM_WIDTH);
        p.putAll(LuceneVectorFormat.FLOAT.params());
        p.put("merge_policy", writer.getConfig().getMergePolicy().getClass().getSimpleName());
        p.put("merge_scheduler", writer.getConfig().getMergeScheduler().getClass().getSimpleName());
        p.put("commit", "every batch");
        p.put("ef", efs.getFirst());
        p.put("ef_ladder", efs);
        p.put("settle_ms", settleMillis);
        return p;
    }

    @Override
    public void write(int[] upserts, int[] deletes) throws IOException {
        for (int row : upserts) {
            System.arraycopy(base.data(), base.offset(row), vector, 0, vector.length);
            String id = Integer.toString(row);
            idTerm.setStringValue(id);
            idValue.setLongValue(row);
            writer.updateDocument(new Term(ID_TERM_FIELD, id), doc);
        }
        if (deletes.length > 0) {
            Term[] terms = new Term[deletes.length];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = new Term(ID_TERM_FIELD, Integer.toString(deletes[i]));
            }
            writer.deleteDocuments(terms);
        }
        writer.commit();
    }

    @Override
    public void prepareCheckpoint() throws IOException, InterruptedException {
        Thread.sleep(settleMillis);
        if (reader == null) {
            reader = DirectoryReader.open(writer);
        } else {
            DirectoryReader next = DirectoryReader.openIfChanged(reader, writer);
            if (next != null) {
                reader.close();
                reader = next;
            }
        }
        List<Leaf> l = new ArrayList<>();
        for (LeafReaderContext ctx : reader.leaves()) {
            l.add(new Leaf(ctx.reader(), rowIds(ctx.reader())));
        }
        leaves = List.copyOf(l);
    }

    private static int[] rowIds(LeafReader leaf) throws IOException {
        int[] ids = new int[leaf.maxDoc()];
        NumericDocValues values = leaf.getNumericDocValues(LuceneHnswSystem.ID_FIELD);
        if (values != null) {
            for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
                ids[d] = Math.toIntExact(values.longValue());
            }
        }
        return ids;
    }

    @Override
    public List<String> settings() {
        return efs.stream().map(ef -> "ef=" + ef).toList();
    }

    @Override
    public BenchSearcher searcher(String setting, int k) {
        if (!setting.startsWith("ef=")) {
            throw new IllegalArgumentException("not a Lucene setting: " + setting);
        }
        int ef = Integer.parseInt(setting.substring(3));
        if (ef < k) {
            throw new IllegalArgumentException("ef " + ef + " is smaller than k " + k);
        }
        List<Leaf> segments = leaves;
        int maxHits = ef * Math.max(1, segments.size());
        float[] scores = new float[maxHits];
        int[] rows = new int[maxHits];
        return new BenchSearcher() {
            private long searches;
            private long visited;
            private long leavesSearched;

            @Override
            public int search(float[] query, long[] outIds) throws IOException {
                int hits = 0;
                for (Leaf leaf : segments) {
                    LeafReader r = leaf.reader();
                    if (r.numDocs() == 0) {
                        continue;
                    }
                    TopKnnCollector collector = new TopKnnCollector(ef, Integer.MAX_VALUE);
                    r.searchNearestVectors(LuceneHnswSystem.VECTOR_FIELD, query, collector,
                            AcceptDocs.fromLiveDocs(r.getLiveDocs(), r.maxDoc()));
                    visited += collector.visitedCount();
                    leavesSearched++;
                    for (ScoreDoc sd : collector.topDocs().scoreDocs) {
                        scores[hits] = sd.score;
                        rows[hits] = leaf.rows()[sd.doc];
                        hits++;
                    }
                }
                searches++;
                // selection of the best k by score (higher is nearer), ties by smaller row
                int n = Math.min(Math.min(k, hits), outIds.length);
                for (int i = 0; i < n; i++) {
                    int best = i;
                    for (int j = i + 1; j < hits; j++) {
                        if (scores[j] > scores[best] || scores[j] == scores[best] && rows[j] < rows[best]) {
                            best = j;
                        }
                    }
                    float s = scores[i];
                    scores[i] = scores[best];
                    scores[best] = s;
                    int row = rows[i];
                    rows[i] = rows[best];
                    rows[best] = row;
                    outIds[i] = rows[i];
                }
                return n;
            }

            @Override
            public void resetStats() {
                searches = visited = leavesSearched = 0;
            }

            @Override
            public Map<String, Object> stats() {
                long q = Math.max(1, searches);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("rows_scanned", Math.round(10.0 * visited / q) / 10.0);
                s.put("buckets_scanned", Math.round(10.0 * leavesSearched / q) / 10.0);
                return s;
            }
        };
    }

    @Override
    public Map<String, Object> stats() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        long live = 0;
        long maxDoc = 0;
        for (Leaf leaf : leaves) {
            live += leaf.reader().numDocs();
            maxDoc += leaf.reader().maxDoc();
        }
        m.put("live", live);
        m.put("segments", leaves.size());
        m.put("docs_including_deleted", maxDoc);
        m.put("disk_bytes", diskBytes());
        return m;
    }

    private long diskBytes() throws IOException {
        long bytes = 0;
        for (String file : directory.listAll()) {
            try {
                bytes += directory.fileLength(file);
            } catch (NoSuchFileException gone) {
                // deleted by a merge meanwhile
            }
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        try {
            IOUtils.close(reader, writer, directory);
        } finally {
            reader = null;
            leaves = List.of();
        }
    }
}
