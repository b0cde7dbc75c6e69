package io.drift.bench.lucene;

import java.util.Objects;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;

/**
 * Lucene's default codec with one vectors format for every vector field, chosen per field through
 * {@link PerFieldKnnVectorsFormat}.
 *
 * <p>Used for writing only. It keeps the default codec's name: the per-field wrapper records the
 * vectors format's SPI name with each field, so the default codec reads the index back with the
 * same format and no custom codec needs to be registered.
 */
final class KnnFieldCodec extends FilterCodec {

    private final KnnVectorsFormat perField;

    KnnFieldCodec(KnnVectorsFormat format) {
        this(Codec.getDefault(), format);
    }

    private KnnFieldCodec(Codec delegate, KnnVectorsFormat format) {
        super(delegate.getName(), delegate);
        Objects.requireNonNull(format, "format");
        this.perField = new PerFieldKnnVectorsFormat() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    @Override
    public KnnVectorsFormat knnVectorsFormat() {
        return perField;
    }
}
