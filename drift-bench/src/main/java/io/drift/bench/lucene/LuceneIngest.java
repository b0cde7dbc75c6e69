package io.drift.bench.lucene;

import io.drift.Metric;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * Lucene's side of the ingest benchmark: one document per vector through {@code addDocument},
 * a {@code commit()} (durable, fsynced) after every batch, Lucene's default merge policy and
 * scheduler, the same HNSW format and parameters as {@link LuceneHnswSystem}.
 */
public final class LuceneIngest {

    /** What the run took. */
    public record Result(double commitSeconds, double closeSeconds) {}

    private LuceneIngest() {}

    /**
     * Adds every row of {@code base} to a new index in {@code dir}, committing every
     * {@code batch} rows. {@code commitSeconds}: until the last commit returned;
     * {@code closeSeconds}: closing the writer after it (pending merges finish).
     */
    public static Result addAndCommit(Vectors base, Metric metric, int batch, Path dir) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(new KnnFieldCodec(LuceneVectorFormat.FLOAT.create(LuceneHnswSystem.M,
                        LuceneHnswSystem.BEAM_WIDTH)));
        try (Directory directory = new MMapDirectory(dir)) {
            long start = System.nanoTime();
            IndexWriter writer = new IndexWriter(directory, config);
            RowDocument doc = new RowDocument(base, metric);
            for (int row = 0; row < base.size(); row++) {
                writer.addDocument(doc.of(row));
                if ((row + 1) % batch == 0 || row == base.size() - 1) {
                    writer.commit();
                }
            }
            double commits = (System.nanoTime() - start) / 1e9;
            long closing = System.nanoTime();
            writer.close();
            return new Result(commits, (System.nanoTime() - closing) / 1e9);
        }
    }
}
