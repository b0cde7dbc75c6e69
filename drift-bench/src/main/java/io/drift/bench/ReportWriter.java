package io.drift.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes benchmark reports as pretty-printed JSON. */
public final class ReportWriter {

    private static final ObjectWriter WRITER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer();

    private ReportWriter() {}

    /** Writes {@code report} to {@code file}, creating its parent directories. */
    public static void write(Object report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        WRITER.writeValue(file.toFile(), report);
    }

    /** {@code report} as a JSON string. */
    public static String toJson(Object report) throws IOException {
        return WRITER.writeValueAsString(report);
    }
}
