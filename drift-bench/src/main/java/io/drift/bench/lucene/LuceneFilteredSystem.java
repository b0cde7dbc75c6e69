package io.drift.bench.lucene;

import io.drift.Metric;
import io.drift.bench.filtered.FilteredSystem;
import io.drift.bench.filtered.FilteredWorkload;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FloatPoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * Apache Lucene's filtered kNN search, the peer of {@code bench filtered}: one HNSW index (M 16,
 * beam 100, float32 vectors) force-merged into one segment, the payload as a keyword
 * ({@code StringField}) and two point fields, and {@link KnnFloatVectorQuery} with the filter as its
 * filter query. Lucene itself decides per query between the graph walk with the filter's accepted
 * documents and an exact scan of the matching documents. The sweep is the query's {@code k}
 * (Lucene's ef_search), keeping the best 10.
 */
public final class LuceneFilteredSystem implements FilteredSystem {

    static final List<Integer> EF = List.of(10, 20, 40, 80, 160, 320);

    private MMapDirectory directory;
    private DirectoryReader reader;
    private IndexSearcher searcher;
    private int[] rowIds;

    @Override
    public String name() {
        return "lucene-hnsw";
    }

    @Override
    public void build(Vectors base, Metric metric, FilteredWorkload w, Path dir) throws IOException {
        directory = new MMapDirectory(dir);
        IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(new KnnFieldCodec(LuceneVectorFormat.FLOAT.create(LuceneHnswSystem.M,
                        LuceneHnswSystem.BEAM_WIDTH)))
                .setRAMBufferSizeMB(512).setMergeScheduler(new SerialMergeScheduler()).setUseCompoundFile(false);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            var type = KnnFloatVectorField.createFieldType(base.dim(), LuceneSimilarity.of(metric));
            for (int r = 0; r < base.size(); r++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(LuceneHnswSystem.VECTOR_FIELD, base.row(r), type));
                doc.add(new NumericDocValuesField(LuceneHnswSystem.ID_FIELD, r));
                doc.add(new StringField(FilteredWorkload.CLS, "c" + w.classes[r], Field.Store.NO));
                doc.add(new IntPoint(FilteredWorkload.INT, w.ints[r]));
                doc.add(new FloatPoint(FilteredWorkload.FLOAT, w.floatValue(r)));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            writer.commit();
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        LeafReader leaf = reader.leaves().getFirst().reader();
        rowIds = new int[leaf.maxDoc()];
        NumericDocValues ids = leaf.getNumericDocValues(LuceneHnswSystem.ID_FIELD);
        for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
            rowIds[doc] = (int) ids.longValue();
        }
    }

    @Override
    public List<String> settings() {
        return EF.stream().map(ef -> "ef=" + ef).toList();
    }

    @Override
    public Searcher searcher(String setting, FilteredWorkload.Case filter, int k) {
        int ef = Math.max(k, Integer.parseInt(setting.substring(3)));
        return (query, out) -> {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(LuceneHnswSystem.VECTOR_FIELD, query, ef,
                    filter.lucene()), k);
            ScoreDoc[] hits = top.scoreDocs;
            int n = Math.min(hits.length, out.length);
            for (int i = 0; i < n; i++) {
                out[i] = rowIds[hits[i].doc];
            }
            return n;
        };
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(reader, directory);
    }
}
