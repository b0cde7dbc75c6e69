package io.drift.bench.lucene;

import io.drift.Metric;
import io.drift.dataset.Vectors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;

/**
 * One reusable Lucene document for a dataset row: its vector field and its row number as the id
 * doc value. The vectors writer copies each value, so one document and one buffer serve every row.
 */
final class RowDocument {

    private final Vectors base;
    private final float[] vector;
    private final NumericDocValuesField idField = new NumericDocValuesField(LuceneHnswSystem.ID_FIELD, 0L);
    private final Document doc = new Document();

    RowDocument(Vectors base, Metric metric) {
        this.base = base;
        this.vector = new float[base.dim()];
        FieldType type = KnnFloatVectorField.createFieldType(base.dim(), LuceneSimilarity.of(metric));
        doc.add(new KnnFloatVectorField(LuceneHnswSystem.VECTOR_FIELD, vector, type));
        doc.add(idField);
    }

    /** The document, filled with row {@code row}. */
    Document of(int row) {
        System.arraycopy(base.data(), base.offset(row), vector, 0, vector.length);
        idField.setLongValue(row);
        return doc;
    }
}
