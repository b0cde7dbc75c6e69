package io.drift.cluster.cli;

import picocli.CommandLine.Command;

/** {@code drift cluster}: the cluster's state, and a cluster on one machine to try it. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"A sharded cluster of Drift nodes (serve --cluster): see its state, or start one on this"
                + " machine."},
        subcommands = {StatusCommand.class, LocalCommand.class, LeaveCommand.class})
public final class ClusterCommand implements Runnable {

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "give a subcommand: status, local or leave");
    }
}
