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

    /** The property naming the {@link LogManager} class; read when logging initialises. */
    static final String MANAGER_PROPERTY = "java.util.logging.manager";

    /**
     * Installs {@link ShutdownSafeLogManager} (unless another manager was chosen) and
     * {@link #ONE_LINE_FORMAT} (unless a format was configured already). Call it before anything
     * logs.
     */
    public static void configure() {
        if (System.getProperty(MANAGER_PROPERTY) == null) {
            System.setProperty(MANAGER_PROPERTY, ShutdownSafeLogManager.class.getName());
        }
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

    /**
     * A {@link LogManager} that keeps its handlers while the JVM exits. The standard one closes
     * them from a shutdown hook of its own, which runs beside the others, so what another hook
     * logs (for example {@code drift serve} draining after SIGTERM) would be lost.
     */
    public static final class ShutdownSafeLogManager extends LogManager {
        private static final String CLEANER = LogManager.class.getName() + "$Cleaner";

        /** Used by {@link LogManager} through the {@value #MANAGER_PROPERTY} property. */
        public ShutdownSafeLogManager() {}

        @Override
        public void reset() {
            if (Thread.currentThread().getClass().getName().equals(CLEANER)) {
                return; // the JVM is exiting: console handlers flush every record, nothing to close
            }
            super.reset();
        }
    }
}
