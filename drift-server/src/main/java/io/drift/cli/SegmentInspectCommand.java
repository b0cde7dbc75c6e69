package io.drift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drift.storage.BloomFilter;
import io.drift.storage.BucketView;
import io.drift.storage.SegmentReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drift segment inspect FILE.drift [--verify] [--json]}: what an operator reaches for when
 * something looks wrong. Prints the footer facts, the bucket count and rows, per-bucket column
 * sizes with codecs and compression ratios, and the Bloom filter and id index sizes. With
 * {@code --verify} every checksum of the file is checked and the command fails naming the first
 * damaged region.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Describe a .drift segment file: format, buckets, column sizes and codecs, filters.",
            "With --verify, check every checksum and exit non-zero naming the first damaged region."})
public final class SegmentInspectCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE.drift", description = "The segment file.")
    private Path file;

    @Option(names = "--verify", description = "Check every checksum, the id index's included (reads the whole file;"
            + " bucket blocks are checked whenever they are read, with or without this).")
    private boolean verify;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such segment file");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (SegmentReader seg = SegmentReader.open(file)) {
            if (verify) {
                seg.verify();
            }
            Map<String, Object> report = describe(seg);
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                print(report, out);
            }
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> describe(SegmentReader seg) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", seg.file().toString());
        r.put("bytes", seg.sizeInBytes());
        r.put("format", "DRIFT_V1");
        r.put("version", seg.formatVersion());
        r.put("dim", seg.dim());
        r.put("metric", seg.metric().name());
        r.put("rows", seg.rows());
        r.put("buckets", seg.bucketCount());
        BloomFilter bloom = seg.bloomFilter();
        r.put("bloom_filter_bytes", bloom.sizeInBytes());
        r.put("bloom_bits_per_id", seg.rows() == 0 ? 0 : bloom.blockCount() * 512.0 / seg.rows());
        r.put("id_index_bytes", seg.idIndexBytes());
        r.put("payload_bytes", seg.documentBytes());
        r.put("verified", verify);
        List<Map<String, Object>> buckets = new ArrayList<>();
        long rawVectors = 0, storedVectors = 0, rawIds = 0, storedIds = 0;
        for (int i = 0; i < seg.bucketCount(); i++) {
            BucketView b = seg.bucket(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("bucket", i);
            e.put("rows", b.rows());
            e.put("offset", seg.bucketOffset(i));
            e.put("block_bytes", seg.bucketLength(i));
            e.put("codes_bytes", (long) b.rows() * b.dim());
            e.put("corrections_bytes", 4L * b.rows());
            e.put("ids_bytes", b.idsBytes());
            e.put("ids_ratio", 8.0 * b.rows() / b.idsBytes());
            e.put("vectors_codec", b.vectorCodec());
            e.put("vectors_bytes", b.vectorsBytes());
            e.put("vectors_ratio", 4.0 * b.rows() * b.dim() / b.vectorsBytes());
            e.put("payload_bytes", b.documentBytes());
            e.put("rms_radius", b.rmsRadius());
            e.put("max_radius", b.maxRadius());
            buckets.add(e);
            rawVectors += 4L * b.rows() * b.dim();
            storedVectors += b.vectorsBytes();
            rawIds += 8L * b.rows();
            storedIds += b.idsBytes();
        }
        r.put("vectors_ratio", storedVectors == 0 ? 0 : (double) rawVectors / storedVectors);
        r.put("ids_ratio", storedIds == 0 ? 0 : (double) rawIds / storedIds);
        r.put("bucket_list", buckets);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> r, PrintWriter out) {
        out.printf(Locale.ROOT, "file           %s (%,d bytes)%n", r.get("file"), r.get("bytes"));
        out.printf(Locale.ROOT, "format         %s version %s%n", r.get("format"), r.get("version"));
        out.printf(Locale.ROOT, "vectors        %,d rows x %d dims, %s, in %,d buckets%n",
                r.get("rows"), r.get("dim"), r.get("metric"), r.get("buckets"));
        out.printf(Locale.ROOT, "full vectors   %.2fx smaller than float32; ids %.2fx smaller than u64%n",
                r.get("vectors_ratio"), r.get("ids_ratio"));
        out.printf(Locale.ROOT, "bloom filter   %,d bytes (%.1f bits per id)%n", r.get("bloom_filter_bytes"), r.get("bloom_bits_per_id"));
        out.printf(Locale.ROOT, "id index       %,d bytes%n", r.get("id_index_bytes"));
        out.printf(Locale.ROOT, "payloads       %,d bytes (keys and payloads of the rows)%n", r.get("payload_bytes"));
        out.printf(Locale.ROOT, "checksums      %s%n", (boolean) r.get("verified") ? "all verified" : "not checked (use --verify)");
        out.printf(Locale.ROOT, "%n%6s %7s %12s %11s %10s %8s %9s %7s %-7s %11s %7s %10s%n", "bucket", "rows", "offset",
                "block", "codes", "corr", "ids", "ids x", "vectors", "bytes", "ratio", "payloads");
        for (Map<String, Object> b : (List<Map<String, Object>>) r.get("bucket_list")) {
            out.printf(Locale.ROOT, "%6d %7d %12d %11d %10d %8d %9d %6.1fx %-7s %11d %6.2fx %10d%n", b.get("bucket"),
                    b.get("rows"), b.get("offset"), b.get("block_bytes"), b.get("codes_bytes"), b.get("corrections_bytes"),
                    b.get("ids_bytes"), b.get("ids_ratio"), b.get("vectors_codec"), b.get("vectors_bytes"),
                    b.get("vectors_ratio"), b.get("payload_bytes"));
        }
    }
}
