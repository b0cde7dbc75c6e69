package io.drift.cli;

import java.util.logging.LogManager;

/**
 * Configures {@code java.util.logging} for the command line: one line per record, for example
 * {@code 2026-11-24 10:00:00 INFO io.drift.vector: vector kernels: panama-512}. A record that
 * carries an exception is followed by its stack trace.
 *
 * <p>The format is set through the {@value #FORMAT_PROPERTY} system property, which
 * {@link java.util.logging.SimpleFormatter} reads when the console handler is created, so
 * {@link #configure()} must run before the first logger is used. A format the user chose, as a
 * system property or in the logging configuration file, is left alone.
 */
public final class CliLogging {

    /** The property {@link java.util.logging.SimpleFormatter} takes its format from. */
    public static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    /**
     * {@code date time LEVEL logger: message}, then the exception (if any) on the following
     * lines. Arguments: 1 timestamp, 3 logger name, 4 level, 5 message, 6 thrown.
     */
    public static final String ONE_LINE_FORMAT = "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n";

    private CliLogging() {}

    /** Installs {@link #ONE_LINE_FORMAT} unless a format was configured already. */
    public static void configure() {
        if (System.getProperty(FORMAT_PROPERTY) != null) {
            return;
        }
        // Reading the configuration does not create any handler, so the property set below
        // still reaches the console handler's formatter.
        if (LogManager.getLogManager().getProperty(FORMAT_PROPERTY) != null) {
            return;
        }
        System.setProperty(FORMAT_PROPERTY, ONE_LINE_FORMAT);
    }
}
