package io.drift.bench;

import io.drift.cli.CliExtension;
import picocli.CommandLine;

/** Adds {@code drift bench} to the command line; listed in {@code META-INF/services}. */
public final class BenchExtension implements CliExtension {

    /** Called by {@link java.util.ServiceLoader}. */
    public BenchExtension() {}

    @Override
    public void register(CommandLine root) {
        root.addSubcommand(new BenchCommand());
    }
}
