package io.drift.cluster.cli;

import io.drift.cli.CliExtension;
import picocli.CommandLine;

/** Adds {@code drift cluster} to the command line. */
public final class ClusterExtension implements CliExtension {

    @Override
    public void register(CommandLine root) {
        root.addSubcommand(new CommandLine(new ClusterCommand()));
    }
}
